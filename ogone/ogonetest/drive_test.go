package ogonetest_test

import (
	"context"
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

// client is an ogone.Client for srv.
func client(t testing.TB, srv *ogonetest.Server) *ogone.Client {
	t.Helper()
	c, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return c
}

// hostedForm builds the signed hosted page form of a 15.50 EUR order
// returning to sh, changed by edit.
func hostedForm(t testing.TB, srv *ogonetest.Server, sh *shop, orderID string, edit func(*ogone.PaymentPage)) *ogone.Form {
	t.Helper()
	p := ogone.PaymentPage{
		OrderID: orderID, Amount: decimal.RequireFromString("15.50"), Currency: "EUR", CustomerName: "Ada Lovelace",
		AcceptURL: sh.URL + "/accept", DeclineURL: sh.URL + "/decline",
		ExceptionURL: sh.URL + "/exception", CancelURL: sh.URL + "/cancel",
	}
	if edit != nil {
		edit(&p)
	}
	f, err := client(t, srv).HostedPaymentPage(p)
	require.NoError(t, err)
	return f
}

func verifiedOut(t testing.TB, q url.Values) {
	t.Helper()
	require.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, q))
}

func TestPayOutcomes(t *testing.T) {
	authorize := func(p *ogone.PaymentPage) { p.Operation = ogone.OperationAuthorize }
	tests := []struct {
		name       string
		page       func(*ogone.PaymentPage)
		with       ogonetest.PayWith
		status     ogone.Status
		nc         ogone.NCError
		path       string
		pm, brand  string
		feedbackTo string
	}{
		{"zero PayWith pays with CardAccepted", nil, ogonetest.PayWith{}, 9, "0", "/accept", "CreditCard", "VISA", "/accept"},
		{"authorisation", authorize, ogonetest.PayWith{Card: ogonetest.CardAcceptedMastercard}, 5, "0", "/accept", "CreditCard", "MasterCard", "/accept"},
		{"amex gets a 4-digit CVC", nil, ogonetest.PayWith{Card: ogonetest.CardAmex}, 9, "0", "/accept", "CreditCard", "American Express", "/accept"},
		{"refused card", nil, ogonetest.PayWith{Card: ogonetest.CardRefused}, 2, "30001001", "/decline", "CreditCard", "VISA", "/decline"},
		{"uncertain card", nil, ogonetest.PayWith{Card: ogonetest.CardUncertain}, 92, "20001001", "/exception", "CreditCard", "VISA", "/exception"},
		{"cancel", nil, ogonetest.PayWith{Cancel: true}, 1, "0", "/cancel", "CreditCard", "", "/cancel"},
		{"3-D Secure passed", nil, ogonetest.PayWith{Card: ogonetest.Card3DS}, 9, "0", "/accept", "CreditCard", "VISA", "/accept"},
		{"3-D Secure failed", nil, ogonetest.PayWith{Card: ogonetest.Card3DS, ThreeDS: ogonetest.ThreeDSFailed}, 2, "40001134", "/decline", "CreditCard", "VISA", "/decline"},
		{"iDEAL", nil, ogonetest.PayWith{Method: ogone.MethodIDEAL}, 9, "0", "/accept", "iDEAL", "iDEAL", "/accept"},
		{"iDEAL is a sale even for RES", authorize, ogonetest.PayWith{Method: ogone.MethodIDEAL}, 9, "0", "/accept", "iDEAL", "iDEAL", "/accept"},
		{"iDEAL refused", nil, ogonetest.PayWith{Method: ogone.MethodIDEAL, Refuse: true}, 2, "30001001", "/decline", "iDEAL", "iDEAL", "/decline"},
		{"iDEAL cancelled at the bank", nil, ogonetest.PayWith{Method: ogone.MethodIDEAL, Cancel: true}, 1, "30171001", "/cancel", "iDEAL", "iDEAL", "/cancel"},
		{"PayPal authorisation", authorize, ogonetest.PayWith{Method: ogone.MethodPayPal}, 5, "0", "/accept", "PAYPAL", "PAYPAL", "/accept"},
		{"Bancontact", nil, ogonetest.PayWith{Method: ogone.MethodBancontact}, 9, "0", "/accept", "CreditCard", "BCMC", "/accept"},
		{"bank transfer waits", nil, ogonetest.PayWith{Method: ogone.MethodBankTransfer}, 41, "0", "/accept", "Bank transfer", "Bank transfer", "/accept"},
		{"the shop's PM opens its page", func(p *ogone.PaymentPage) { p.PaymentMethod, p.Brand = ogone.PMPayPal, ogone.BrandPayPal }, ogonetest.PayWith{}, 9, "0", "/accept", "PAYPAL", "PAYPAL", "/accept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			sh := newShop(t)
			form := hostedForm(t, srv, sh, "pay-1", tt.page)
			l, err := srv.Pay(context.Background(), form, tt.with)
			require.NoError(t, err)
			assert.Equal(t, tt.status, l.Status)
			assert.Equal(t, tt.nc, l.NCError)
			assert.Equal(t, "pay-1", l.OrderID)
			assert.Equal(t, "3000000001", l.PAYID)
			assert.True(t, strings.HasPrefix(l.URL.String(), sh.URL+tt.path+"?"), "landed on %s", l.URL)
			verifiedOut(t, l.Feedback)
			assert.Equal(t, l.URL.Query(), l.Feedback)
			assert.Equal(t, tt.pm, l.Feedback.Get("PM"))
			assert.Equal(t, string(tt.nc), l.Feedback.Get("NCERROR"))

			got := sh.feedbacks()
			require.Len(t, got, 1, "one server-to-server feedback")
			assert.Equal(t, []string{tt.feedbackTo}, sh.paths)
			assert.Equal(t, l.Feedback.Get("SHASIGN"), got[0].Get("SHASIGN"), "the feedback is the redirect's")

			tx, ok := srv.Transaction("pay-1")
			require.True(t, ok)
			assert.Equal(t, tt.pm, tx.PM)
			assert.Equal(t, tt.brand, tx.Brand)
		})
	}
}

func TestPayAbandoned3DSThenAnswered(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	l, err := srv.Pay(ctx, hostedForm(t, srv, sh, "3ds-1", nil), ogonetest.PayWith{Card: ogonetest.Card3DS, ThreeDS: ogonetest.ThreeDSAbandoned})
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusWaitingAuthentication, l.Status)
	assert.Equal(t, "/ncol/test/simulator/3ds", l.URL.Path)
	assert.True(t, strings.HasPrefix(l.URL.String(), srv.URL), "absolute: %s", l.URL)
	assert.Empty(t, l.Feedback.Get("STATUS"))
	assert.Empty(t, sh.feedbacks(), "no feedback while the customer is away")

	l, err = srv.Answer3DS(ctx, "3ds-1", ogonetest.ThreeDSAbandoned)
	require.NoError(t, err, "abandoning again leaves the page waiting")
	assert.Equal(t, ogone.StatusWaitingAuthentication, l.Status)
	l, err = srv.Answer3DS(ctx, "3ds-1", ogonetest.ThreeDSAnswer(9))
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusWaitingAuthentication, l.Status, "an unknown answer abandons")

	l, err = srv.Answer3DS(ctx, "3ds-1", ogonetest.ThreeDSPassed)
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentRequested, l.Status)
	assert.Equal(t, "/accept", l.URL.Path)
	verifiedOut(t, l.Feedback)
	assert.Len(t, sh.feedbacks(), 1)

	_, err = srv.Answer3DS(ctx, "3ds-1", ogonetest.ThreeDSPassed)
	assert.ErrorIs(t, err, ogonetest.ErrNoPendingAuthentication, "answered already")
	_, err = srv.Answer3DS(ctx, "nobody", ogonetest.ThreeDSPassed)
	assert.ErrorIs(t, err, ogonetest.ErrNoPendingAuthentication)
}

func TestAnswer3DSOfADirectLinkOrder(t *testing.T) {
	for _, tt := range []struct {
		answer ogonetest.ThreeDSAnswer
		status ogone.Status
		path   string
	}{
		{ogonetest.ThreeDSPassed, 5, "/ok"},
		{ogonetest.ThreeDSFailed, 2, "/ko"},
	} {
		t.Run(tt.answer.String(), func(t *testing.T) {
			srv := newServer(t)
			ctx := context.Background()
			card, err := ogone.NewCard(ogonetest.Card3DS, expiry, "123")
			require.NoError(t, err)
			r, err := client(t, srv).Authorize(ctx, ogone.Order{
				OrderID: "dl-3ds", Amount: decimal.RequireFromString("10"), Currency: "EUR", Card: card,
				ThreeDSecure: &ogone.ThreeDSecure{Browser: &ogone.BrowserInfo{AcceptHeader: "*/*", UserAgent: "test", Language: "en"},
					AcceptURL: "https://shop.example/ok", DeclineURL: "https://shop.example/ko", ExceptionURL: "https://shop.example/ex"},
			})
			require.NoError(t, err)
			require.Equal(t, ogone.StatusWaitingAuthentication, r.Status)
			l, err := srv.Answer3DS(ctx, "dl-3ds", tt.answer)
			require.NoError(t, err)
			assert.Equal(t, tt.status, l.Status)
			assert.Equal(t, "shop.example", l.URL.Host)
			assert.Equal(t, tt.path, l.URL.Path)
			verifiedOut(t, l.Feedback)
		})
	}
}

func TestPayRefusals(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	var pe *ogonetest.PageError

	_, err := srv.Pay(ctx, nil, ogonetest.PayWith{})
	assert.ErrorIs(t, err, ogonetest.ErrNotThisServer)

	f := hostedForm(t, srv, sh, "ref-1", nil)
	other := *f
	other.Action = "https://secure.ogone.com/ncol/test/orderstandard_utf8.asp"
	_, err = srv.Pay(ctx, &other, ogonetest.PayWith{})
	assert.ErrorIs(t, err, ogonetest.ErrNotThisServer, "another host")
	_, err = srv.PayValues(ctx, srv.URL+"/ncol/test/orderdirect_utf8.asp", f.Values(), ogonetest.PayWith{})
	assert.ErrorIs(t, err, ogonetest.ErrNotThisServer, "another page")
	_, err = srv.PayValues(ctx, "%zz", f.Values(), ogonetest.PayWith{})
	assert.ErrorIs(t, err, ogonetest.ErrNotThisServer, "not a URL")

	tampered := f.Values()
	tampered.Set("AMOUNT", "1")
	_, err = srv.PayValues(ctx, f.Action, tampered, ogonetest.PayWith{})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, ogone.NCErrorSHAMismatch, pe.NCError)
	assert.Contains(t, pe.Error(), "50001184")

	_, err = srv.Pay(ctx, f, ogonetest.PayWith{Card: "4111111111111112"})
	require.ErrorAs(t, err, &pe, "a card number failing Luhn shows the form again")
	assert.Empty(t, pe.NCError)
	assert.NotContains(t, pe.Error(), "4111111111111112", "never echoes the card")

	_, err = srv.Pay(ctx, f, ogonetest.PayWith{})
	require.NoError(t, err)
	_, err = srv.Pay(ctx, f, ogonetest.PayWith{})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, ogone.NCErrorDuplicateOrder, pe.NCError)

	only := hostedForm(t, srv, sh, "ref-2", func(p *ogone.PaymentPage) {
		p.PaymentMethods = ogone.ListMethods(ogone.Method{PM: ogone.PMCreditCard, Brand: ogone.BrandVISA})
	})
	_, err = srv.Pay(ctx, only, ogonetest.PayWith{Method: ogone.MethodIDEAL})
	require.ErrorAs(t, err, &pe, "a method the order does not offer")
	assert.Equal(t, ogone.NCErrorDataValidation, pe.NCError)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = srv.Pay(cancelled, hostedForm(t, srv, sh, "ref-3", nil), ogonetest.PayWith{})
	assert.ErrorIs(t, err, context.Canceled)
	_, ok := srv.Transaction("ref-3")
	assert.False(t, ok, "nothing happens after ctx ends")
}

func TestPayWithoutStart(t *testing.T) {
	srv := ogonetest.NewUnstartedServer(testAccount, ogonetest.WithClock(clock))
	t.Cleanup(srv.Close)
	v := signed(t, hostedFields("unstarted-1", nil))
	l, err := srv.PayValues(context.Background(), "/ncol/test/orderstandard_utf8.asp", v, ogonetest.PayWith{})
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentRequested, l.Status)
	assert.Equal(t, "/ncol/test/simulator/result", l.URL.Path, "no ACCEPTURL: the simulator's result page")
	verifiedOut(t, l.Feedback)
}

func TestPaymentPageOffersMethods(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name       string
		list, excl string
		want       []string
	}{
		{"all by default", "", "", []string{"ideal", "paypal", "bcmc", "banktransfer"}},
		{"PMLIST keeps what it names, by PM or card brand", "VISA;iDEAL;BCMC", "", []string{"ideal", "bcmc"}},
		{"names match in any case", "paypal", "", []string{"paypal"}},
		{"EXCLPMLIST removes", "", "PAYPAL;Bank transfer", []string{"ideal", "bcmc"}},
		{"a card-only list offers none", "VISA;MasterCard", "", nil},
		{"look-alike names do not count", "Bank tran\u017ffer;\u0130DEAL", "", nil},
		{"nor in EXCLPMLIST", "", "Bank tran\u017ffer", []string{"ideal", "paypal", "bcmc", "banktransfer"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := hostedFields("offer-"+string(rune('a'+i)), nil)
			if tt.list != "" {
				v.Set("PMLIST", tt.list)
			}
			if tt.excl != "" {
				v.Set("EXCLPMLIST", tt.excl)
			}
			_, page := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, v))
			var got []string
			for _, k := range []string{"ideal", "paypal", "bcmc", "banktransfer"} {
				if strings.Contains(page, `id="method-`+k+`"`) {
					got = append(got, k)
				}
			}
			assert.Equal(t, tt.want, got)
			assert.Contains(t, page, `name="CARDNO"`, "the card form stays")
		})
	}
}

func TestMethodPageRefusesWhatTheOrderDoesNotOffer(t *testing.T) {
	srv := newServer(t)
	v := hostedFields("m-1", nil)
	v.Set("PMLIST", "iDEAL")
	token := openPayment(t, srv, v)
	for _, method := range []string{"paypal", "nonsense", ""} {
		_, page := post(t, browser(srv), srv.URL+"/ncol/test/simulator/method", url.Values{"token": {token}, "method": {method}, "action": {"pay"}})
		assert.Contains(t, page, "50001111", method)
	}
	_, page := post(t, browser(srv), srv.URL+"/ncol/test/simulator/method", url.Values{"token": {"bad"}, "method": {"ideal"}, "action": {"pay"}})
	assert.Contains(t, page, "unknown, expired or already completed")
	_, page = post(t, browser(srv), srv.URL+"/ncol/test/simulator/method", url.Values{"token": {token}, "method": {"ideal"}})
	assert.Contains(t, page, "<h1>iDEAL</h1>", "choosing shows the method's page")
	assert.Contains(t, page, `name="method" value="ideal"`)
}

func TestRegisterCard(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	gateway := srv.URL + "/ncol/test/alias_gateway_utf8.asp"

	l, err := srv.RegisterCard(ctx, gateway, signed(t, aliasGatewayFields(sh, "rc-1", "wallet-9")), ogonetest.PayWith{Card: ogonetest.CardAcceptedMastercard})
	require.NoError(t, err)
	verifiedOut(t, l.Feedback)
	assert.Equal(t, "/alias/ok", l.URL.Path)
	assert.Equal(t, "0", l.Feedback.Get("STATUS"))
	assert.Equal(t, "wallet-9", l.Alias)
	assert.Equal(t, "rc-1", l.OrderID)
	assert.Equal(t, "Test Customer", l.Feedback.Get("CN"), "a holder is typed")
	require.Len(t, srv.Aliases(), 1)
	assert.Equal(t, "MasterCard", srv.Aliases()[0].Brand)

	l, err = srv.RegisterCard(ctx, gateway, signed(t, aliasGatewayFields(sh, "rc-2", "")), ogonetest.PayWith{Card: "1234", Cancel: true})
	require.NoError(t, err, "an invalid card is a result, not an error")
	assert.Equal(t, "/alias/nok", l.URL.Path)
	assert.Equal(t, "1", l.Feedback.Get("STATUS"))

	flex := srv.URL + "/Tokenization/HostedPage?" + flexSigned(t, flexFields(sh, "fc-9", "flex-9")).Encode()
	l, err = srv.RegisterCard(ctx, flex, nil, ogonetest.PayWith{Holder: "Ada Lovelace"})
	require.NoError(t, err)
	assert.Equal(t, "/flex/ok", l.URL.Path)
	assert.Equal(t, "flex-9", l.Alias)
	assert.Equal(t, "fc-9", l.OrderID)
	assert.Equal(t, "Ada Lovelace", l.Feedback.Get("Card.CardHolderName"))

	l, err = srv.RegisterCard(ctx, flex, nil, ogonetest.PayWith{Cancel: true})
	require.NoError(t, err)
	assert.Equal(t, "/flex/nok", l.URL.Path)
	assert.Equal(t, "3", l.Feedback.Get("Alias.Status"))

	var pe *ogonetest.PageError
	_, err = srv.RegisterCard(ctx, gateway, aliasGatewayFields(sh, "rc-3", ""), ogonetest.PayWith{})
	require.ErrorAs(t, err, &pe, "unsigned")
	assert.Equal(t, ogone.NCErrorSHAMismatch, pe.NCError)
	_, err = srv.RegisterCard(ctx, srv.URL+"/ncol/test/orderstandard_utf8.asp", nil, ogonetest.PayWith{})
	assert.ErrorIs(t, err, ogonetest.ErrNotThisServer)
	_, err = srv.RegisterCard(ctx, "http://elsewhere.example/Tokenization/HostedPage", nil, ogonetest.PayWith{})
	assert.ErrorIs(t, err, ogonetest.ErrNotThisServer)
}

func TestPageErrorAndAnswerStrings(t *testing.T) {
	assert.Equal(t, "ogonetest: page refused: bad", (&ogonetest.PageError{Message: "bad"}).Error())
	assert.Equal(t, "ogonetest: page refused: bad (NCERROR 50001111)", (&ogonetest.PageError{Message: "bad", NCError: "50001111"}).Error())
	for a, want := range map[ogonetest.ThreeDSAnswer]string{0: "passed", 1: "failed", 2: "abandoned", 7: "ThreeDSAnswer(7)"} {
		assert.Equal(t, want, a.String())
	}
}

// A FlexCheckout URL that no browser could request is refused, not a
// panic.
func TestRegisterCardOddURL(t *testing.T) {
	srv := newServer(t)
	for _, u := range []string{
		"/Tokenization/HostedPage?a b",
		"/Tokenization/HostedPage?\x7f",
		"/Tokenization/HostedPage?%zz",
	} {
		_, err := srv.RegisterCard(context.Background(), u, nil, ogonetest.PayWith{})
		assert.Error(t, err, "%q", u)
	}
}

// FuzzPay drives the pages with arbitrary URLs and typed fields: Pay and
// RegisterCard return a Landing or an error, never panic, and a Landing
// after a payment carries a signed feedback.
func FuzzPay(f *testing.F) {
	f.Add("/ncol/test/orderstandard_utf8.asp", ogonetest.CardAccepted, "12/99", "123", "Ada", uint8(0))
	f.Add("/ncol/test/orderstandard_utf8.asp", ogonetest.Card3DS, "", "", "", uint8(1))
	f.Add("/ncol/test/alias_gateway_utf8.asp", "1234", "13/99", "x", "<x>", uint8(2))
	f.Add("/Tokenization/HostedPage?a b", "", "", "", "", uint8(3))
	f.Add("http://elsewhere/ncol/test/orderstandard_utf8.asp", "", "", "", "", uint8(4))
	srv := newServer(f, ogonetest.WithDeferredRetry(0, time.Millisecond))
	n := 0
	f.Fuzz(func(t *testing.T, page, card, ed, cvc, holder string, mode uint8) {
		n++
		with := ogonetest.PayWith{Card: card, Expiry: ed, CVC: cvc, Holder: holder,
			Cancel: mode&1 != 0, Refuse: mode&2 != 0, ThreeDS: ogonetest.ThreeDSAnswer(mode >> 2 % 4)}
		if mode&16 != 0 {
			with.Method = ogone.MethodBankTransfer
		}
		fields := signed(t, hostedFields("fz-p-"+strconv.Itoa(n), map[string]string{"ACCEPTURL": "https://shop.example/ok"}))
		l, err := srv.PayValues(context.Background(), page, fields, with)
		if err == nil && l.Status != ogone.StatusWaitingAuthentication {
			verifiedOut(t, l.Feedback)
		}
		_, _ = srv.RegisterCard(context.Background(), page, fields, with)
	})
}

// BenchmarkPay is a whole hosted payment driven in process; compare with
// BenchmarkPayOverHTTP, the same pages through a loopback client as a
// test without the driver does it. Both sign the order in the loop.
func BenchmarkPay(b *testing.B) {
	srv := newServer(b, ogonetest.WithDeferredRetry(0, time.Millisecond))
	ctx := context.Background()
	b.ReportAllocs()
	for i := range b.N {
		v := signed(b, hostedFields("bench-"+strconv.Itoa(i), nil))
		if _, err := srv.PayValues(ctx, srv.URL+"/ncol/test/orderstandard_utf8.asp", v, ogonetest.PayWith{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPayOverHTTP(b *testing.B) {
	srv := newServer(b, ogonetest.WithDeferredRetry(0, time.Millisecond))
	b.ReportAllocs()
	for i := range b.N {
		token := openPayment(b, srv, hostedFields("bench-"+strconv.Itoa(i), nil))
		if resp, _ := pay(b, srv, token, ogonetest.CardAccepted); resp.StatusCode != 303 {
			b.Fatal(resp.StatusCode)
		}
	}
}
