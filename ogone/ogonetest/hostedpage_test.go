package ogonetest_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHostedPageChecksTheRequest(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name   string
		edit   func(url.Values) url.Values // from the signed request
		prefix string                      // page path
		want   []string                    // in the page
	}{
		{"valid POST shows the payment form", nil, "/ncol/test/", []string{`name="token"`, "15.50 EUR", "o-1", "Cancel"}},
		{"valid on prod paths too", nil, "/ncol/prod/", []string{`name="token"`, `action="/ncol/prod/simulator/pay"`}},
		{"missing signature", func(v url.Values) url.Values { v.Del("SHASIGN"); return v }, "/ncol/test/", []string{"unknown order/0/s"}},
		{"wrong signature", func(v url.Values) url.Values { v.Set("AMOUNT", "1"); return v }, "/ncol/test/", []string{"unknown order/1/s", "50001184"}},
		{"lowercase hex signature is fine", func(v url.Values) url.Values { v.Set("SHASIGN", strings.ToLower(v.Get("SHASIGN"))); return v }, "/ncol/test/", []string{`name="token"`}},
		{"parameter twice", func(v url.Values) url.Values { v.Add("orderid", "o-1"); return v }, "/ncol/test/", []string{"unknown order/1/s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := signed(t, hostedFields("o-1", nil))
			if tt.edit != nil {
				v = tt.edit(v)
			}
			resp, page := post(t, browser(srv), srv.URL+tt.prefix+"orderstandard_utf8.asp", v)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
			for _, w := range tt.want {
				assert.Contains(t, page, w)
			}
		})
	}
}

func TestHostedPageRefusesBadFields(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name, field, value, code string
	}{
		{"wrong PSPID", "PSPID", "OTHER", "50001118"},
		{"no PSPID", "PSPID", "", "50001118"},
		{"no ORDERID", "ORDERID", "", "50001111"},
		{"ORDERID too long", "ORDERID", strings.Repeat("x", 31), "50001111"},
		{"no AMOUNT", "AMOUNT", "", "50001111"},
		{"AMOUNT with decimals", "AMOUNT", "15.50", "50001006"},
		{"AMOUNT negative", "AMOUNT", "-1550", "50001006"},
		{"AMOUNT zero", "AMOUNT", "0", "50001111"},
		{"no CURRENCY", "CURRENCY", "", "50001111"},
		{"lowercase CURRENCY", "CURRENCY", "eur", "50001120"},
		{"unknown OPERATION", "OPERATION", "XYZ", "50001111"},
		{"RFD is DirectLink only", "OPERATION", "RFD", "50001111"},
		{"invalid ALIAS", "ALIAS", "not valid!", "50001111"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := hostedFields("o-1", nil)
			if tt.value == "" {
				v.Del(tt.field)
			} else {
				v.Set(tt.field, tt.value)
			}
			resp, page := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, v))
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, page, `<code id="ncerror">`+tt.code+`</code>`)
			assert.NotContains(t, page, `name="token"`)
		})
	}
	assert.Empty(t, srv.Transactions())
}

func TestHostedPageByGET(t *testing.T) {
	srv := newServer(t)
	v := signed(t, hostedFields("o-get", nil))
	resp, page := get(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp?"+v.Encode())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, `name="token"`)
}

func TestHostedPageEscapesWhatItShows(t *testing.T) {
	srv := newServer(t)
	v := hostedFields("<b>o</b>", nil)
	v.Set("CN", `"><script>alert(1)</script>`)
	v.Set("COM", "<img src=x onerror=alert(1)>")
	_, page := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, v))
	assert.NotContains(t, page, "<script>alert")
	assert.NotContains(t, page, "<img src=x")
	assert.NotContains(t, page, "<b>o</b>")
	assert.Contains(t, page, "&lt;b&gt;o&lt;/b&gt;")
}

func TestHostedPaymentOutcomes(t *testing.T) {
	tests := []struct {
		name      string
		card      string
		operation string
		path      string // where the browser goes
		status    string
		ncError   string
		brand     string
	}{
		{"accepted sale", ogonetest.CardAccepted, "SAL", "/accept", "9", "0", "VISA"},
		{"accepted authorisation", ogonetest.CardAccepted, "RES", "/accept", "5", "0", "VISA"},
		{"account default is sale", ogonetest.CardAccepted, "", "/accept", "9", "0", "VISA"},
		{"mastercard", ogonetest.CardAcceptedMastercard, "SAL", "/accept", "9", "0", "MasterCard"},
		{"refused", ogonetest.CardRefused, "SAL", "/decline", "2", "30001001", "VISA"},
		{"uncertain sale", ogonetest.CardUncertain, "SAL", "/exception", "92", "20001001", "VISA"},
		{"uncertain authorisation", ogonetest.CardUncertain, "RES", "/exception", "52", "20001001", "VISA"},
		{"timeout card is accepted on the hosted page", ogonetest.CardTimeout, "SAL", "/accept", "9", "0", "VISA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			sh := newShop(t)
			v := hostedFields("order-1", sh.urls())
			if tt.operation != "" {
				v.Set("OPERATION", tt.operation)
			}
			v.Set("PARAMPLUS", "session=abc&shopper=42")
			v.Set("COMPLUS", "cart-7")
			resp, _ := pay(t, srv, openPayment(t, srv, v), tt.card)

			q := redirectQuery(t, resp, sh.URL+tt.path)
			want := url.Values{
				"orderID":  {"order-1"},
				"currency": {"EUR"},
				"amount":   {"15.5"},
				"PM":       {"CreditCard"},
				"STATUS":   {tt.status},
				"CARDNO":   {"XXXXXXXXXXXX" + tt.card[len(tt.card)-4:]},
				"CN":       {"Ada Lovelace"},
				"TRXDATE":  {"03/14/25"},
				"PAYID":    {"3000000001"},
				"NCERROR":  {tt.ncError},
				"IP":       {"127.0.0.1"},
				"ALIAS":    {""},
				"COMPLUS":  {"cart-7"},
				"session":  {"abc"},
				"shopper":  {"42"},
			}
			if tt.path == "/accept" {
				want.Set("lang", "en") // ACCEPTURL's own query survives
			}
			for k := range want {
				assert.Equal(t, want.Get(k), q.Get(k), k)
			}
			assert.NotEmpty(t, q.Get("SHASIGN"))

			// The same feedback went server-to-server, before the redirect.
			fb := sh.feedbacks()
			require.Len(t, fb, 1)
			assert.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, fb[0]))
			assert.Equal(t, tt.status, fb[0].Get("STATUS"))

			txs := srv.Transactions()
			require.Len(t, txs, 1)
			tx := txs[0]
			assert.Equal(t, "order-1", tx.OrderID)
			assert.Equal(t, tt.status, statusString(tx.Status))
			assert.Equal(t, ogone.EndpointHostedPage, tx.Endpoint)
			assert.Equal(t, tt.brand, tx.Brand)
			assert.Equal(t, "cart-7", tx.ComPlus)
			require.Len(t, tx.Feedback, 1)
			assert.True(t, tx.Feedback[0].OK())
			assert.Equal(t, 1, tx.Feedback[0].Attempt)
		})
	}
}

func statusString(s ogone.Status) string { return strconv.Itoa(int(s)) }

func TestHostedPaymentCancel(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	token := openPayment(t, srv, hostedFields("o-cancel", sh.urls()))
	resp, _ := post(t, browser(srv), srv.URL+"/ncol/test/simulator/pay", url.Values{"token": {token}, "action": {"cancel"}})
	q := redirectQuery(t, resp, sh.URL+"/cancel")
	assert.Equal(t, "1", q.Get("STATUS"))
	assert.Equal(t, "", q.Get("CARDNO"))
	tx, ok := srv.Transaction("o-cancel")
	require.True(t, ok)
	assert.Equal(t, ogone.Status(1), tx.Status)
	assert.True(t, tx.Authorized.IsZero())

	// A cancelled order leaves its ORDERID free.
	openPayment(t, srv, hostedFields("o-cancel", sh.urls()))
}

func TestHostedPaymentAmounts(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	v := hostedFields("o-amt", sh.urls())
	v.Set("AMOUNT", "12500")
	resp, _ := pay(t, srv, openPayment(t, srv, v), ogonetest.CardAccepted)
	q := redirectQuery(t, resp, sh.URL+"/accept")
	assert.Equal(t, "125", q.Get("amount"))
	tx, _ := srv.Transaction("o-amt")
	assert.True(t, decimal.RequireFromString("125").Equal(tx.Captured), tx.Captured.String())
	assert.True(t, tx.Amount.Equal(tx.Authorized))
}

func TestHostedPaymentInvalidCardShowsTheFormAgain(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	token := openPayment(t, srv, hostedFields("o-retry", sh.urls()))
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"Luhn", url.Values{"CARDNO": {"4111111111111112"}, "ED": {expiry}, "CVC": {"123"}}, "card number is not valid"},
		{"letters", url.Values{"CARDNO": {"4111abcd"}, "ED": {expiry}, "CVC": {"123"}}, "digits only"},
		{"no number", url.Values{"ED": {expiry}, "CVC": {"123"}}, "card number is missing"},
		{"unknown brand", url.Values{"CARDNO": {"6011111111111117"}, "ED": {expiry}, "CVC": {"123"}}, "card type is not accepted"},
		{"expired", url.Values{"CARDNO": {ogonetest.CardAccepted}, "ED": {"02/25"}, "CVC": {"123"}}, "card has expired"},
		{"month 13", url.Values{"CARDNO": {ogonetest.CardAccepted}, "ED": {"13/30"}, "CVC": {"123"}}, "expiry month"},
		{"expiry format", url.Values{"CARDNO": {ogonetest.CardAccepted}, "ED": {"2030-12"}, "CVC": {"123"}}, "MM/YY"},
		{"CVC two digits", url.Values{"CARDNO": {ogonetest.CardAccepted}, "ED": {expiry}, "CVC": {"12"}}, "CVC must be 3 digits"},
		{"no CVC", url.Values{"CARDNO": {ogonetest.CardAccepted}, "ED": {expiry}}, "CVC is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("token", token)
			tt.form.Set("action", "pay")
			resp, page := post(t, browser(srv), srv.URL+"/ncol/test/simulator/pay", tt.form)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, page, tt.want)
			assert.Equal(t, token, tokenOf(t, page))
		})
	}
	assert.Empty(t, srv.Transactions())

	// This month is still valid, and the session still pays.
	resp, _ := post(t, browser(srv), srv.URL+"/ncol/test/simulator/pay", url.Values{
		"token": {token}, "action": {"pay"}, "CARDNO": {"4111 1111 1111 1111"}, "ED": {"03/25"}, "CVC": {"123"},
	})
	q := redirectQuery(t, resp, sh.URL+"/accept")
	assert.Equal(t, "9", q.Get("STATUS"))

	// And only once.
	resp, page := pay(t, srv, token, ogonetest.CardAccepted)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, "unknown, expired or already completed")
	assert.Len(t, srv.Transactions(), 1)
}

func TestHostedPayment3DS(t *testing.T) {
	for _, tt := range []struct {
		action, path, status, ncError string
	}{
		{"authenticate", "/accept", "9", "0"},
		{"fail", "/decline", "2", "40001134"},
	} {
		t.Run(tt.action, func(t *testing.T) {
			srv := newServer(t)
			sh := newShop(t)
			resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-3ds", sh.urls())), ogonetest.Card3DS)
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			loc := resp.Header.Get("Location")
			require.True(t, strings.HasPrefix(loc, "/ncol/test/simulator/3ds?token="), loc)
			tx, _ := srv.Transaction("o-3ds")
			assert.Equal(t, ogone.Status(46), tx.Status)
			assert.Empty(t, sh.feedbacks(), "no feedback before authentication")

			resp, page := get(t, browser(srv), srv.URL+loc)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, page, "XXXXXXXXXXXX3220")
			token := tokenOf(t, page)

			resp, _ = post(t, browser(srv), srv.URL+"/ncol/test/simulator/3ds", url.Values{"token": {token}, "action": {tt.action}})
			q := redirectQuery(t, resp, sh.URL+tt.path)
			assert.Equal(t, tt.status, q.Get("STATUS"))
			assert.Equal(t, tt.ncError, q.Get("NCERROR"))
			require.Len(t, sh.feedbacks(), 1)

			// The page is gone once used.
			_, page = get(t, browser(srv), srv.URL+loc)
			assert.Contains(t, page, "unknown or already completed")
		})
	}
}

func TestHostedPaymentWithoutURLsShowsTheResultPage(t *testing.T) {
	srv := newServer(t)
	resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-nourl", nil)), ogonetest.CardRefused)
	q := redirectQuery(t, resp, "/ncol/test/simulator/result?")
	assert.Equal(t, "2", q.Get("STATUS"))
	resp, page := get(t, browser(srv), srv.URL+resp.Header.Get("Location"))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, "status 2")
	assert.Contains(t, page, "XXXXXXXXXXXX0002")
	tx, _ := srv.Transaction("o-nourl")
	assert.Empty(t, tx.Feedback, "no URL, no server-to-server feedback")
}

func TestHostedPageDuplicateOrder(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	// A refused payment leaves the ORDERID free; a paid one does not.
	resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-dup", sh.urls())), ogonetest.CardRefused)
	redirectQuery(t, resp, sh.URL+"/decline")
	resp, _ = pay(t, srv, openPayment(t, srv, hostedFields("o-dup", sh.urls())), ogonetest.CardAccepted)
	q := redirectQuery(t, resp, sh.URL+"/accept")
	assert.Equal(t, "3000000002", q.Get("PAYID"))

	_, page := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, hostedFields("o-dup", sh.urls())))
	assert.Contains(t, page, "50001113")

	// Two forms opened before either was paid: the second payment is a duplicate.
	t1 := openPayment(t, srv, hostedFields("o-race", sh.urls()))
	t2 := openPayment(t, srv, hostedFields("o-race", sh.urls()))
	resp, _ = pay(t, srv, t1, ogonetest.CardAccepted)
	redirectQuery(t, resp, sh.URL+"/accept")
	_, page = pay(t, srv, t2, ogonetest.CardAccepted)
	assert.Contains(t, page, "50001113")
	assert.Len(t, srv.Transactions(), 3)
}

func TestHostedPageStoresTheCardUnderAnAlias(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	v := hostedFields("o-alias", sh.urls())
	v.Set("ALIAS", "customer-42")
	v.Set("ALIASOPERATION", "BYMERCHANT")
	v.Set("ALIASUSAGE", "Save my card for next time")
	resp, page := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, v))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, "Save my card for next time")
	resp, _ = pay(t, srv, tokenOf(t, page), ogonetest.CardAcceptedMastercard)
	q := redirectQuery(t, resp, sh.URL+"/accept")
	assert.Equal(t, "customer-42", q.Get("ALIAS"))

	aliases := srv.Aliases()
	require.Len(t, aliases, 1)
	assert.Equal(t, ogonetest.Alias{
		ID: "customer-42", Brand: "MasterCard", CardNumber: "XXXXXXXXXXXX9999", Bin: "539999",
		CardHolder: "Ada Lovelace", CreatedAt: fixedNow, UpdatedAt: fixedNow,
	}, aliases[0])

	// The shop charges the saved card later, without the customer.
	rep := order(t, srv, map[string]string{"ORDERID": "o-alias-2", "AMOUNT": "990", "CURRENCY": "EUR", "ALIAS": "customer-42", "ECI": "9"})
	assert.Equal(t, "9", rep.get("STATUS"))
	assert.Equal(t, "MasterCard", rep.get("BRAND"))
	assert.Equal(t, 1, srv.Aliases()[0].Uses)

	// BYPSP: the platform names the alias.
	v = hostedFields("o-alias-3", sh.urls())
	v.Set("ALIASOPERATION", "BYPSP")
	resp, _ = pay(t, srv, openPayment(t, srv, v), ogonetest.CardAccepted)
	q = redirectQuery(t, resp, sh.URL+"/accept")
	assert.Equal(t, "SIM1000000001", q.Get("ALIAS"))

	// No alias is stored for a refused payment.
	v = hostedFields("o-alias-4", sh.urls())
	v.Set("ALIAS", "refused-card")
	resp, _ = pay(t, srv, openPayment(t, srv, v), ogonetest.CardRefused)
	redirectQuery(t, resp, sh.URL+"/decline")
	assert.Len(t, srv.Aliases(), 2)
}

func TestFeedbackParamsAreConfigurable(t *testing.T) {
	acct := testAccount
	acct.FeedbackParams = []string{"orderid", "STATUS", "BRAND", "ED", "ACCEPTANCE", "AMOUNT", "BIN", "ECI"}
	srv := newServerFor(t, acct)
	sh := newShop(t)
	resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-fp", sh.urls())), ogonetest.CardAccepted)
	q := redirectQuery(t, resp, sh.URL+"/accept")
	want := url.Values{
		"orderID": {"o-fp"}, "STATUS": {"9"}, "BRAND": {"VISA"}, "ED": {expiryED}, "ACCEPTANCE": {"test123"},
		"amount": {"15.5"}, "BIN": {"411111"}, "ECI": {"7"}, "lang": {"en"},
	}
	sig := q.Get("SHASIGN")
	q.Del("SHASIGN")
	assert.Equal(t, want, q)
	q.Set("SHASIGN", sig)
	assert.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, q))
}

func TestAccountValidate(t *testing.T) {
	ok := testAccount
	require.NoError(t, ok.Validate())
	tests := []struct {
		name string
		edit func(*ogonetest.Account)
	}{
		{"no PSPID", func(a *ogonetest.Account) { a.PSPID = "" }},
		{"no SHA-IN", func(a *ogonetest.Account) { a.SHAIn = ogone.Secret{} }},
		{"no SHA-OUT", func(a *ogonetest.Account) { a.SHAOut = ogone.Secret{} }},
		{"bad algorithm", func(a *ogonetest.Account) { a.Algorithm = 9 }},
		{"unknown feedback parameter", func(a *ogonetest.Account) { a.FeedbackParams = []string{"CVC"} }},
		{"bad default operation", func(a *ogonetest.Account) { a.DefaultOperation = "RFD" }},
		{"relative feedback URL", func(a *ogonetest.Account) { a.DirectFeedbackURL = "/feedback" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testAccount
			tt.edit(&a)
			err := a.Validate()
			require.ErrorIs(t, err, ogonetest.ErrInvalidAccount)
			assert.NotContains(t, err.Error(), shaIn)
			assert.Panics(t, func() { ogonetest.NewServer(a) })
		})
	}
}

func TestDirectFeedback(t *testing.T) {
	t.Run("DirectFeedbackURL receives it instead", func(t *testing.T) {
		sh, other := newShop(t), newShop(t)
		acct := testAccount
		acct.DirectFeedbackURL = other.URL + "/ogone/feedback"
		srv := newServerFor(t, acct)
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-dfu", sh.urls())), ogonetest.CardAccepted)
		redirectQuery(t, resp, sh.URL+"/accept")
		assert.Empty(t, sh.feedbacks())
		require.Len(t, other.feedbacks(), 1)
		assert.Equal(t, "/ogone/feedback", other.paths[0])
		assert.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, other.feedbacks()[0]))
	})
	t.Run("disabled", func(t *testing.T) {
		sh := newShop(t)
		acct := testAccount
		acct.DisableDirectFeedback = true
		srv := newServerFor(t, acct)
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-off", sh.urls())), ogonetest.CardAccepted)
		redirectQuery(t, resp, sh.URL+"/accept")
		assert.Empty(t, sh.feedbacks())
		tx, _ := srv.Transaction("o-off")
		assert.Empty(t, tx.Feedback)
	})
}

func TestDeferredFeedback(t *testing.T) {
	t.Run("retried until the shop answers", func(t *testing.T) {
		sh := newShop(t, http.StatusInternalServerError, http.StatusServiceUnavailable)
		srv := newServer(t, ogonetest.WithDeferredRetry(5, 5*time.Millisecond))
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-def", sh.urls())), ogonetest.CardAccepted)
		redirectQuery(t, resp, sh.URL+"/accept") // the redirect does not wait for the retries
		require.NoError(t, srv.WaitIdle(context.Background()))

		tx, _ := srv.Transaction("o-def")
		require.Len(t, tx.Feedback, 3)
		got := []int{}
		for i, a := range tx.Feedback {
			assert.Equal(t, i+1, a.Attempt)
			assert.Equal(t, i > 0, a.Deferred)
			assert.Equal(t, ogone.Status(9), a.Status)
			got = append(got, a.HTTPStatus)
		}
		assert.Equal(t, []int{500, 503, 200}, got)
		fbs := sh.feedbacks()
		require.Len(t, fbs, 3)
		assert.Equal(t, fbs[0], fbs[2], "every attempt carries the same feedback")
	})
	t.Run("bounded", func(t *testing.T) {
		sh := newShop(t, 500, 500, 500, 500, 500, 500)
		srv := newServer(t, ogonetest.WithDeferredRetry(2, time.Millisecond))
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-bound", sh.urls())), ogonetest.CardRefused)
		redirectQuery(t, resp, sh.URL+"/decline")
		require.NoError(t, srv.WaitIdle(context.Background()))
		tx, _ := srv.Transaction("o-bound")
		assert.Len(t, tx.Feedback, 3)
		assert.Len(t, sh.feedbacks(), 3)
	})
	t.Run("each wait doubles", func(t *testing.T) {
		sh := newShop(t, 500, 500, 500)
		const interval = 20 * time.Millisecond
		srv := newServer(t, ogonetest.WithDeferredRetry(3, interval), ogonetest.WithClock(time.Now))
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-backoff", sh.urls())), ogonetest.CardAccepted)
		redirectQuery(t, resp, sh.URL+"/accept")
		require.NoError(t, srv.WaitIdle(context.Background()))
		tx, _ := srv.Transaction("o-backoff")
		require.Len(t, tx.Feedback, 4)
		for i := 1; i < len(tx.Feedback); i++ {
			gap := tx.Feedback[i].Time.Sub(tx.Feedback[i-1].Time)
			assert.GreaterOrEqual(t, gap, interval<<(i-1), "wait before attempt %d", i+1)
		}
	})
	t.Run("transport errors", func(t *testing.T) {
		gone := newShop(t)
		urls := gone.urls()
		gone.Close() // nothing listens there any more
		srv := newServer(t, ogonetest.WithDeferredRetry(1, time.Millisecond))
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-gone", urls)), ogonetest.CardAccepted)
		require.Equal(t, http.StatusSeeOther, resp.StatusCode)
		require.NoError(t, srv.WaitIdle(context.Background()))
		tx, _ := srv.Transaction("o-gone")
		require.Len(t, tx.Feedback, 2)
		for _, a := range tx.Feedback {
			assert.NotEmpty(t, a.Err)
			assert.Zero(t, a.HTTPStatus)
			assert.False(t, a.OK())
		}
	})
	t.Run("off", func(t *testing.T) {
		sh := newShop(t, 500)
		srv := newServer(t, ogonetest.WithDeferredRetry(0, time.Millisecond))
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-nodef", sh.urls())), ogonetest.CardAccepted)
		redirectQuery(t, resp, sh.URL+"/accept")
		require.NoError(t, srv.WaitIdle(context.Background()))
		tx, _ := srv.Transaction("o-nodef")
		assert.Len(t, tx.Feedback, 1)
	})
	t.Run("Close stops the retries", func(t *testing.T) {
		sh := newShop(t, 500, 500)
		srv := ogonetest.NewServer(testAccount, ogonetest.WithDeferredRetry(3, time.Hour))
		resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-close", sh.urls())), ogonetest.CardAccepted)
		require.Equal(t, http.StatusSeeOther, resp.StatusCode)
		done := make(chan struct{})
		go func() { srv.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Close waited for the deferred feedback")
		}
		srv.Close() // twice is fine
	})
}
