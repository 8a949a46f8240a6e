package ogonetest_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"regexp"
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

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func assertAmount(t *testing.T, want string, got decimal.Decimal, what string) {
	t.Helper()
	assert.True(t, dec(want).Equal(got), "%s: got %s, want %s", what, got, want)
}

func TestOrderDirectSale(t *testing.T) {
	srv := newServer(t)
	rep := order(t, srv, orderFields("o-1"))
	assert.Equal(t, map[string]string{
		"ORDERID": "o-1", "PAYID": "3000000001", "NCSTATUS": "0", "NCERROR": "0", "NCERRORPLUS": "!",
		"ACCEPTANCE": "test123", "STATUS": "9", "ECI": "7", "AMOUNT": "125", "CURRENCY": "EUR",
		"PM": "CreditCard", "BRAND": "VISA",
	}, rep.attrs)
	assert.Equal(t, "text/xml; charset=utf-8", rep.header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(rep.body, `<?xml version="1.0"?><ncresponse`+"\r\n"+`orderID="o-1"`+"\r\n"+`PAYID="3000000001"`+"\r\n"), rep.body)
	assert.Equal(t, "ncresponse", rep.root)

	tx, ok := srv.Transaction("o-1")
	require.True(t, ok)
	assert.Equal(t, ogone.Status(9), tx.Status)
	assert.Equal(t, ogone.EndpointOrder, tx.Endpoint)
	assert.Equal(t, ogone.Operation("SAL"), tx.Operation)
	assertAmount(t, "125", tx.Amount, "amount")
	assertAmount(t, "125", tx.Authorized, "authorised")
	assertAmount(t, "125", tx.Captured, "captured")
	assertAmount(t, "0", tx.Refunded, "refunded")
	assert.Equal(t, "XXXXXXXXXXXX1111", tx.CardNumber)
	assert.Equal(t, "Ada Lovelace", tx.CardHolder)
	assert.Equal(t, "127.0.0.1", tx.IP)
	assert.Equal(t, fixedNow, tx.CreatedAt)
	require.Len(t, tx.History, 1)
	assert.Equal(t, ogonetest.HistoryEntry{
		PAYIDSUB: 0, Operation: "SAL", Amount: tx.History[0].Amount, Status: 9, Reply: 9, NCError: "0", Time: fixedNow,
	}, tx.History[0])

	// PAYIDs count up.
	rep = order(t, srv, orderFields("o-2"))
	assert.Equal(t, "3000000002", rep.get("PAYID"))
}

func TestOrderDirectVariants(t *testing.T) {
	srv := newServer(t)
	t.Run("RES authorises", func(t *testing.T) {
		f := orderFields("v-res")
		f["OPERATION"] = "RES"
		rep := order(t, srv, f)
		assert.Equal(t, "5", rep.get("STATUS"))
		tx, _ := srv.Transaction("v-res")
		assertAmount(t, "125", tx.Authorized, "authorised")
		assertAmount(t, "0", tx.Captured, "captured")
	})
	t.Run("default operation is the account's", func(t *testing.T) {
		acct := testAccount
		acct.DefaultOperation = ogone.OperationAuthorize
		srv := newServerFor(t, acct)
		f := orderFields("v-def")
		delete(f, "OPERATION")
		assert.Equal(t, "5", order(t, srv, f).get("STATUS"))
	})
	t.Run("standalone refund", func(t *testing.T) {
		f := orderFields("v-rfd")
		f["OPERATION"] = "RFD"
		rep := order(t, srv, f)
		assert.Equal(t, "8", rep.get("STATUS"))
		tx, _ := srv.Transaction("v-rfd")
		assertAmount(t, "125", tx.Refunded, "refunded")
	})
	t.Run("parameter names in any case", func(t *testing.T) {
		v := url.Values{"pspid": {pspid}, "UserId": {apiUser}, "pswd": {apiPass}}
		for k, val := range orderFields("v-case") {
			v.Set(strings.ToLower(k), val)
		}
		rep := direct(t, srv, "orderdirect_utf8.asp", v)
		assert.Equal(t, "9", rep.get("STATUS"))
	})
	t.Run("WITHROOT", func(t *testing.T) {
		f := orderFields("v-root")
		f["WITHROOT"] = "Y"
		rep := order(t, srv, f)
		assert.Equal(t, "root", rep.root)
		assert.Equal(t, "9", rep.get("STATUS"))
	})
	t.Run("REMOTE_ADDR is the customer's IP", func(t *testing.T) {
		f := orderFields("v-ip")
		f["REMOTE_ADDR"] = "203.0.113.7"
		order(t, srv, f)
		tx, _ := srv.Transaction("v-ip")
		assert.Equal(t, "203.0.113.7", tx.IP)
	})
	t.Run("prod path", func(t *testing.T) {
		resp, body := post(t, srv.Client(), srv.URL+"/ncol/prod/orderdirect_utf8.asp", signed(t, apiValues(orderFields("v-prod"))))
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "9", parseReply(t, []byte(body)).get("STATUS"))
	})
	t.Run("recurring payment needs no CVC", func(t *testing.T) {
		f := orderFields("v-eci9")
		delete(f, "CVC")
		f["ECI"] = "9"
		assert.Equal(t, "9", order(t, srv, f).get("STATUS"))
	})
	t.Run("amex has a 4-digit CVC", func(t *testing.T) {
		f := orderFields("v-amex")
		f["CARDNO"], f["CVC"] = ogonetest.CardAmex, "1234"
		rep := order(t, srv, f)
		assert.Equal(t, "9", rep.get("STATUS"))
		assert.Equal(t, "American Express", rep.get("BRAND"))
	})
}

func TestOrderDirectRefusals(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name  string
		edit  func(url.Values)
		code  string
		plus  string // part of NCERRORPLUS
		unsig bool   // edit after signing
	}{
		{"wrong PSPID", func(v url.Values) { v.Set("PSPID", "OTHER") }, "50001118", "pspid", false},
		{"no PSPID", func(v url.Values) { v.Del("PSPID") }, "50001118", "pspid", false},
		{"wrong user", func(v url.Values) { v.Set("USERID", "someone") }, "50001119", "user or password", false},
		{"wrong password", func(v url.Values) { v.Set("PSWD", "guess") }, "50001119", "user or password", false},
		{"no password", func(v url.Values) { v.Del("PSWD") }, "50001119", "user or password", false},
		{"no signature", func(v url.Values) { v.Del("SHASIGN") }, "50001184", "unknown order/0/s", true},
		{"wrong signature", func(v url.Values) { v.Set("AMOUNT", "1") }, "50001184", "unknown order/1/s", true},
		{"truncated signature", func(v url.Values) { v.Set("SHASIGN", v.Get("SHASIGN")[:40]) }, "50001184", "unknown order/1/s", true},
		{"no ORDERID", func(v url.Values) { v.Del("ORDERID") }, "50001111", "no orderid", false},
		{"ORDERID with a control character", func(v url.Values) { v.Set("ORDERID", "a\x01b") }, "50001111", "invalid orderid", false},
		{"no AMOUNT", func(v url.Values) { v.Del("AMOUNT") }, "50001111", "no amount", false},
		{"AMOUNT with a dot", func(v url.Values) { v.Set("AMOUNT", "125.00") }, "50001006", "not a number", false},
		{"AMOUNT zero", func(v url.Values) { v.Set("AMOUNT", "0") }, "50001111", "positive", false},
		{"AMOUNT absurd", func(v url.Values) { v.Set("AMOUNT", "9999999999999") }, "50001006", "not a number", false},
		{"no CURRENCY", func(v url.Values) { v.Del("CURRENCY") }, "50001111", "no currency", false},
		{"bad CURRENCY", func(v url.Values) { v.Set("CURRENCY", "EURO") }, "50001120", "currency", false},
		{"bad OPERATION", func(v url.Values) { v.Set("OPERATION", "SAS") }, "50001111", "operation", false},
		{"bad ECI", func(v url.Values) { v.Set("ECI", "x") }, "50001111", "eci", false},
		{"no card", func(v url.Values) { v.Del("CARDNO") }, "50001178", "missing", false},
		{"card with letters", func(v url.Values) { v.Set("CARDNO", "4111x") }, "50001177", "digits", false},
		{"card too long", func(v url.Values) { v.Set("CARDNO", strings.Repeat("4", 20)) }, "50001176", "too long", false},
		{"card fails Luhn", func(v url.Values) { v.Set("CARDNO", "4111111111111112") }, "50001054", "not valid", false},
		{"unknown brand", func(v url.Values) { v.Set("CARDNO", "6011111111111117") }, "50001001", "not accepted", false},
		{"no expiry", func(v url.Values) { v.Del("ED") }, "50001181", "MM/YY", false},
		{"expiry month 00", func(v url.Values) { v.Set("ED", "0030") }, "50001182", "month", false},
		{"expired", func(v url.Values) { v.Set("ED", "02/25") }, "50001183", "expired", false},
		{"no CVC", func(v url.Values) { v.Del("CVC") }, "50001090", "CVC", false},
		{"CVC with 4 digits on VISA", func(v url.Values) { v.Set("CVC", "1234") }, "50001066", "CVC", false},
		{"card holder too long", func(v url.Values) { v.Set("CN", strings.Repeat("n", 36)) }, "50001174", "too long", false},
		{"unknown alias", func(v url.Values) { v.Del("CARDNO"); v.Set("ALIAS", "nobody") }, "50001111", "unknown alias", false},
		{"invalid alias", func(v url.Values) { v.Set("ALIAS", "no spaces allowed") }, "50001111", "invalid alias", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := apiValues(orderFields("r-1"))
			if !tt.unsig {
				tt.edit(v)
			}
			v = signed(t, v)
			if tt.unsig {
				tt.edit(v)
			}
			resp, body := post(t, srv.Client(), srv.URL+"/ncol/test/orderdirect_utf8.asp", v)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			rep := parseReply(t, []byte(body))
			assert.Equal(t, "0", rep.get("STATUS"))
			assert.Equal(t, tt.code, rep.get("NCERROR"))
			assert.Equal(t, tt.code[:1], rep.get("NCSTATUS"))
			assert.Contains(t, rep.get("NCERRORPLUS"), tt.plus)
			assert.Equal(t, "0", rep.get("PAYID"))
		})
	}
	assert.Empty(t, srv.Transactions(), "a refused request records nothing")

	t.Run("GET is refused", func(t *testing.T) {
		resp, body := get(t, srv.Client(), srv.URL+"/ncol/test/orderdirect_utf8.asp?"+signed(t, apiValues(orderFields("r-get"))).Encode())
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "50001111", parseReply(t, []byte(body)).get("NCERROR"))
	})
	t.Run("no API user on the account", func(t *testing.T) {
		acct := testAccount
		acct.UserID, acct.Password = "", ogone.Secret{}
		srv := newServerFor(t, acct)
		v := apiValues(orderFields("r-nouser"))
		v.Set("USERID", "")
		v.Set("PSWD", "")
		assert.Equal(t, "50001119", direct(t, srv, "orderdirect_utf8.asp", v).get("NCERROR"))
	})
	t.Run("body too large", func(t *testing.T) {
		v := apiValues(orderFields("r-big"))
		v.Set("COM", strings.Repeat("x", 70<<10))
		resp, body := post(t, srv.Client(), srv.URL+"/ncol/test/orderdirect_utf8.asp", v)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "50001111", parseReply(t, []byte(body)).get("NCERROR"))
	})
}

func TestOrderDirectCardOutcomes(t *testing.T) {
	srv := newServer(t)
	t.Run("refused", func(t *testing.T) {
		f := orderFields("c-refused")
		f["CARDNO"] = ogonetest.CardRefused
		rep := order(t, srv, f)
		assert.Equal(t, "2", rep.get("STATUS"))
		assert.Equal(t, "30001001", rep.get("NCERROR"))
		assert.Equal(t, "3", rep.get("NCSTATUS"))
		assert.Equal(t, "", rep.get("ACCEPTANCE"))
		assert.NotEqual(t, "0", rep.get("PAYID"))
		tx, _ := srv.Transaction("c-refused")
		assert.Equal(t, ogone.Status(2), tx.Status)
		assert.Equal(t, ogone.NCError("30001001"), tx.NCError)
		assert.True(t, tx.Authorized.IsZero())
	})
	for _, op := range []struct{ op, uncertain, settled string }{{"SAL", "92", "9"}, {"RES", "52", "5"}} {
		t.Run("uncertain "+op.op+" settles at the next query", func(t *testing.T) {
			f := orderFields("c-unc-" + op.op)
			f["CARDNO"], f["OPERATION"] = ogonetest.CardUncertain, op.op
			rep := order(t, srv, f)
			assert.Equal(t, op.uncertain, rep.get("STATUS"))
			assert.Equal(t, "2", rep.get("NCSTATUS"))
			tx, _ := srv.Transaction(f["ORDERID"])
			assert.Equal(t, op.uncertain, statusString(tx.Status))
			assert.True(t, tx.Authorized.IsZero(), "nothing is known to be authorised yet")

			q := query(t, srv, map[string]string{"PAYID": rep.get("PAYID")})
			assert.Equal(t, op.settled, q.get("STATUS"))
			assert.Equal(t, "0", q.get("NCERROR"))
			tx, _ = srv.Transaction(f["ORDERID"])
			assert.Equal(t, op.settled, statusString(tx.Status))
			assertAmount(t, "125", tx.Authorized, "authorised")
			assert.Equal(t, op.uncertain, statusString(tx.History[0].Reply))
		})
	}
	t.Run("3-D Secure card without FLAG3D", func(t *testing.T) {
		f := orderFields("c-3ds-no")
		f["CARDNO"] = ogonetest.Card3DS
		rep := order(t, srv, f)
		assert.Equal(t, "2", rep.get("STATUS"))
		assert.Equal(t, "50001087", rep.get("NCERROR"))
		assert.Empty(t, rep.htmlAnswer)
	})
}

func TestOrderDirectTimeout(t *testing.T) {
	t.Run("client gives up, order stands", func(t *testing.T) {
		srv := newServer(t) // the default delay outlasts the client
		c := srv.Client()
		c.Timeout = 200 * time.Millisecond
		f := orderFields("c-timeout")
		f["CARDNO"] = ogonetest.CardTimeout
		_, err := c.PostForm(srv.URL+"/ncol/test/orderdirect_utf8.asp", signed(t, apiValues(f)))
		require.Error(t, err)
		var ne interface{ Timeout() bool }
		require.True(t, errors.As(err, &ne) && ne.Timeout(), "%v", err)

		q := query(t, srv, map[string]string{"ORDERID": "c-timeout"})
		assert.Equal(t, "9", q.get("STATUS"))

		// Sending the payment again would charge twice: the platform refuses it.
		rep := order(t, srv, f)
		assert.Equal(t, "50001113", rep.get("NCERROR"))
		assert.Equal(t, q.get("PAYID"), rep.get("PAYID"))
	})
	t.Run("late answer", func(t *testing.T) {
		srv := newServer(t, ogonetest.WithTimeoutDelay(30*time.Millisecond))
		f := orderFields("c-late")
		f["CARDNO"] = ogonetest.CardTimeout
		start := time.Now()
		rep := order(t, srv, f)
		assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
		assert.Equal(t, "9", rep.get("STATUS"))
	})
	t.Run("Close ends the wait", func(t *testing.T) {
		srv := ogonetest.NewServer(testAccount, ogonetest.WithClock(clock))
		f := orderFields("c-close")
		f["CARDNO"] = ogonetest.CardTimeout
		errc := make(chan error, 1)
		go func() {
			_, err := srv.Client().PostForm(srv.URL+"/ncol/test/orderdirect_utf8.asp", signed(t, apiValues(f)))
			errc <- err
		}()
		require.Eventually(t, func() bool { return len(srv.Transactions()) == 1 }, 5*time.Second, time.Millisecond)
		done := make(chan struct{})
		go func() { srv.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Close waited for the delayed reply")
		}
		<-errc
	})
}

func TestOrderDirectDuplicate(t *testing.T) {
	srv := newServer(t)
	first := order(t, srv, orderFields("dup-1"))
	again := order(t, srv, orderFields("dup-1"))
	assert.Equal(t, "0", again.get("STATUS"))
	assert.Equal(t, "50001113", again.get("NCERROR"))
	assert.Equal(t, "5", again.get("NCSTATUS"))
	assert.Equal(t, first.get("PAYID"), again.get("PAYID"))
	assert.Len(t, srv.Transactions(), 1)

	// A refused order may be tried again under the same ORDERID.
	f := orderFields("dup-2")
	f["CARDNO"] = ogonetest.CardRefused
	refused := order(t, srv, f)
	retry := order(t, srv, orderFields("dup-2"))
	assert.Equal(t, "9", retry.get("STATUS"))
	assert.NotEqual(t, refused.get("PAYID"), retry.get("PAYID"))
	tx, _ := srv.Transaction("dup-2")
	assert.Equal(t, retry.get("PAYID"), tx.PAYID, "Transaction returns the latest attempt")
}

// authorise makes a RES order of amount cents and returns its PAYID.
func authorise(t *testing.T, srv *ogonetest.Server, orderID, amount string) string {
	t.Helper()
	f := orderFields(orderID)
	f["OPERATION"], f["AMOUNT"] = "RES", amount
	rep := order(t, srv, f)
	require.Equal(t, "5", rep.get("STATUS"))
	return rep.get("PAYID")
}

func TestMaintenanceCaptureAndRefund(t *testing.T) {
	srv := newServer(t)
	payID := authorise(t, srv, "m-1", "10000")
	steps := []struct {
		name, op, amount      string
		status, payIDSub, amt string // reply
		ncError               string
		queryStatus           string
	}{
		{"partial capture", "SAL", "3000", "91", "1", "30", "0", "9"},
		{"final capture of the rest", "SAS", "", "91", "2", "70", "0", "9"},
		{"capture after the final one", "SAL", "100", "0", "", "", "50001127", "9"},
		{"partial refund", "RFD", "5000", "81", "3", "50", "0", "8"},
		{"refund above what is left", "RFD", "6000", "0", "", "", "50001129", "8"},
		{"last refund", "RFS", "", "81", "4", "50", "0", "8"},
		{"refund after the last one", "RFD", "100", "0", "", "", "50001127", "8"},
	}
	for _, st := range steps {
		f := map[string]string{"PAYID": payID, "OPERATION": st.op}
		if st.amount != "" {
			f["AMOUNT"] = st.amount
		}
		rep := maintain(t, srv, f)
		assert.Equal(t, st.status, rep.get("STATUS"), st.name)
		assert.Equal(t, st.ncError, rep.get("NCERROR"), st.name)
		assert.Equal(t, st.payIDSub, rep.get("PAYIDSUB"), st.name)
		assert.Equal(t, payID, rep.get("PAYID"), st.name)
		assert.Equal(t, "m-1", rep.get("ORDERID"), st.name)
		if st.amt != "" {
			assert.Equal(t, st.amt, rep.get("AMOUNT"), st.name)
		}
		assert.Equal(t, st.queryStatus, query(t, srv, map[string]string{"PAYID": payID}).get("STATUS"), st.name)
	}

	tx, _ := srv.Transaction("m-1")
	assertAmount(t, "100", tx.Authorized, "authorised")
	assertAmount(t, "100", tx.Captured, "captured")
	assertAmount(t, "100", tx.Refunded, "refunded")
	require.Len(t, tx.History, 5)
	var ops []ogone.Operation
	for i, h := range tx.History {
		assert.Equal(t, i, h.PAYIDSUB)
		ops = append(ops, h.Operation)
	}
	assert.Equal(t, []ogone.Operation{"RES", "SAL", "SAS", "RFD", "RFS"}, ops)
	assert.Equal(t, ogone.Status(91), tx.History[1].Reply)
	assert.Equal(t, ogone.Status(9), tx.History[1].Status)

	// A query names one operation with PAYIDSUB.
	q := query(t, srv, map[string]string{"PAYID": payID, "PAYIDSUB": "1"})
	assert.Equal(t, "9", q.get("STATUS"))
	assert.Equal(t, "30", q.get("AMOUNT"))
	assert.Equal(t, "1", q.get("PAYIDSUB"))
	q = query(t, srv, map[string]string{"PAYID": payID, "PAYIDSUB": "0"})
	assert.Equal(t, "5", q.get("STATUS"))
	assert.Equal(t, "100", q.get("AMOUNT"))
	q = query(t, srv, map[string]string{"PAYID": payID, "PAYIDSUB": "9"})
	assert.Equal(t, "50001130", q.get("NCERROR"))
}

func TestMaintenanceRules(t *testing.T) {
	srv := newServer(t)
	t.Run("capture above the authorisation", func(t *testing.T) {
		payID := authorise(t, srv, "mr-over", "1000")
		rep := maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "SAL", "AMOUNT": "2000"})
		assert.Equal(t, "50001126", rep.get("NCERROR"))
		tx, _ := srv.Transaction("mr-over")
		assertAmount(t, "0", tx.Captured, "captured")
		assert.Len(t, tx.History, 1, "a refused operation leaves no trace")
	})
	t.Run("capture of a sale", func(t *testing.T) {
		rep := order(t, srv, orderFields("mr-sale"))
		assert.Equal(t, "50001127", maintain(t, srv, map[string]string{"PAYID": rep.get("PAYID"), "OPERATION": "SAS"}).get("NCERROR"))
	})
	t.Run("refund before capture", func(t *testing.T) {
		payID := authorise(t, srv, "mr-rfd", "1000")
		assert.Equal(t, "50001127", maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "RFD", "AMOUNT": "100"}).get("NCERROR"))
	})
	t.Run("renew", func(t *testing.T) {
		payID := authorise(t, srv, "mr-ren", "1000")
		rep := maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "REN"})
		assert.Equal(t, "5", rep.get("STATUS"))
		assert.Equal(t, "1", rep.get("PAYIDSUB"))
		assert.Equal(t, "5", query(t, srv, map[string]string{"PAYID": payID}).get("STATUS"))
		maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "SAS"})
		assert.Equal(t, "50001127", maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "REN"}).get("NCERROR"))
	})
	for _, op := range []string{"DEL", "DES"} {
		t.Run("cancel with "+op, func(t *testing.T) {
			payID := authorise(t, srv, "mr-"+op, "1000")
			rep := maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": op})
			assert.Equal(t, "61", rep.get("STATUS"))
			assert.Equal(t, "0", rep.get("NCERROR"))
			assert.Equal(t, "6", query(t, srv, map[string]string{"PAYID": payID}).get("STATUS"))
			assert.Equal(t, "50001127", maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": op}).get("NCERROR"), "twice")
			assert.Equal(t, "50001127", maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "SAL"}).get("NCERROR"), "capture after")
			tx, _ := srv.Transaction("mr-" + op)
			assertAmount(t, "0", tx.Authorized, "authorised")
		})
	}
	t.Run("cancel after a partial capture", func(t *testing.T) {
		payID := authorise(t, srv, "mr-delcap", "1000")
		maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "SAL", "AMOUNT": "100"})
		assert.Equal(t, "50001127", maintain(t, srv, map[string]string{"PAYID": payID, "OPERATION": "DEL"}).get("NCERROR"))
	})
	t.Run("a refused order cannot be maintained", func(t *testing.T) {
		f := orderFields("mr-refused")
		f["CARDNO"] = ogonetest.CardRefused
		rep := order(t, srv, f)
		assert.Equal(t, "50001127", maintain(t, srv, map[string]string{"PAYID": rep.get("PAYID"), "OPERATION": "SAS"}).get("NCERROR"))
	})
	t.Run("an uncertain order settles first", func(t *testing.T) {
		f := orderFields("mr-unc")
		f["CARDNO"], f["OPERATION"] = ogonetest.CardUncertain, "RES"
		rep := order(t, srv, f)
		require.Equal(t, "52", rep.get("STATUS"))
		assert.Equal(t, "91", maintain(t, srv, map[string]string{"PAYID": rep.get("PAYID"), "OPERATION": "SAS"}).get("STATUS"))
	})
	t.Run("by ORDERID", func(t *testing.T) {
		authorise(t, srv, "mr-byorder", "1000")
		rep := maintain(t, srv, map[string]string{"ORDERID": "mr-byorder", "OPERATION": "SAS", "AMOUNT": "1000"})
		assert.Equal(t, "91", rep.get("STATUS"))
	})
	tests := []struct {
		name   string
		fields map[string]string
		code   string
	}{
		{"unknown PAYID", map[string]string{"PAYID": "123", "OPERATION": "SAS"}, "50001130"},
		{"PAYID not a number", map[string]string{"PAYID": "abc", "OPERATION": "SAS"}, "50001130"},
		{"unknown ORDERID", map[string]string{"ORDERID": "nope", "OPERATION": "SAS"}, "50001130"},
		{"no order", map[string]string{"OPERATION": "SAS"}, "50001111"},
		{"no operation", map[string]string{"ORDERID": "mr-byorder"}, "50001111"},
		{"bad operation", map[string]string{"ORDERID": "mr-byorder", "OPERATION": "RES"}, "50001111"},
		{"bad amount", map[string]string{"ORDERID": "mr-byorder", "OPERATION": "RFD", "AMOUNT": "1.5"}, "50001006"},
		{"zero amount", map[string]string{"ORDERID": "mr-byorder", "OPERATION": "RFD", "AMOUNT": "0"}, "50001111"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := maintain(t, srv, tt.fields)
			assert.Equal(t, "0", rep.get("STATUS"))
			assert.Equal(t, tt.code, rep.get("NCERROR"))
		})
	}
	t.Run("credentials", func(t *testing.T) {
		v := apiValues(map[string]string{"ORDERID": "mr-byorder", "OPERATION": "RFD"})
		v.Set("PSWD", "wrong")
		assert.Equal(t, "50001119", direct(t, srv, "maintenancedirect.asp", v).get("NCERROR"))
		v = signed(t, apiValues(map[string]string{"ORDERID": "mr-byorder", "OPERATION": "RFD"}))
		v.Set("AMOUNT", "1")
		_, body := post(t, srv.Client(), srv.URL+"/ncol/test/maintenancedirect.asp", v)
		assert.Equal(t, "50001184", parseReply(t, []byte(body)).get("NCERROR"))
	})
}

func TestQuery(t *testing.T) {
	srv := newServer(t)
	f := orderFields("q-1")
	f["REMOTE_ADDR"] = "198.51.100.4"
	rep := order(t, srv, f)
	want := map[string]string{
		"ORDERID": "q-1", "PAYID": rep.get("PAYID"), "PAYIDSUB": "0", "NCSTATUS": "0", "NCERROR": "0",
		"NCERRORPLUS": "!", "ACCEPTANCE": "test123", "STATUS": "9", "ECI": "7", "AMOUNT": "125",
		"CURRENCY": "EUR", "PM": "CreditCard", "BRAND": "VISA", "CARDNO": "XXXXXXXXXXXX1111", "IP": "198.51.100.4",
	}
	assert.Equal(t, want, query(t, srv, map[string]string{"PAYID": rep.get("PAYID")}).attrs)
	assert.Equal(t, want, query(t, srv, map[string]string{"ORDERID": "q-1"}).attrs)
	assert.Equal(t, want, direct(t, srv, "querydirect.asp", apiValues(map[string]string{"ORDERID": "q-1"})).attrs)

	unknown := query(t, srv, map[string]string{"ORDERID": "q-none"})
	assert.Equal(t, "88", unknown.get("STATUS"))
	assert.Equal(t, "50001130", unknown.get("NCERROR"))
	assert.Contains(t, unknown.get("NCERRORPLUS"), "unknown orderid q-none")

	wrong := apiValues(map[string]string{"ORDERID": "q-1"})
	wrong.Set("USERID", "x")
	assert.Equal(t, "50001119", direct(t, srv, "querydirect_utf8.asp", wrong).get("NCERROR"))
}

func TestQueryEchoesComplusAndParamplus(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	v := hostedFields("q-hosted", sh.urls())
	v.Set("COMPLUS", "cart <7>")
	v.Set("PARAMPLUS", "session=abc&STATUS=forged&bad name=1&x=\"q\"")
	resp, _ := pay(t, srv, openPayment(t, srv, v), ogonetest.CardAccepted)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	// PARAMPLUS comes back unsigned after the platform's own parameters: a
	// name that repeats one of them makes the feedback ambiguous, and a
	// careful shop refuses it.
	u, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.ErrorIs(t, shasign.VerifyOut(shasign.SHA512, shaOut, u.Query()), shasign.ErrAmbiguousParameter)

	q := query(t, srv, map[string]string{"ORDERID": "q-hosted"})
	assert.Equal(t, "cart <7>", q.get("COMPLUS"))
	assert.Equal(t, "abc", q.get("session"))
	assert.Equal(t, `"q"`, q.get("x"))
	assert.Equal(t, "9", q.get("STATUS"), "PARAMPLUS cannot overwrite the reply")
	assert.NotContains(t, q.body, "bad name")
}

func TestDirectLink3DS(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	f := orderFields("ds-1")
	f["CARDNO"], f["FLAG3D"] = ogonetest.Card3DS, "Y"
	f["HTTP_ACCEPT"], f["HTTP_USER_AGENT"], f["WIN3DS"] = "text/html", "Mozilla/5.0", "MAINW"
	withBrowser(f)
	for k, u := range sh.urls() {
		f[k] = u
	}
	rep := order(t, srv, f)
	assert.Equal(t, "46", rep.get("STATUS"))
	assert.Equal(t, "0", rep.get("NCERROR"))
	require.NotEmpty(t, rep.htmlAnswer)
	html, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rep.htmlAnswer))
	require.NoError(t, err)
	action := regexp.MustCompile(`action="([^"]+)"`).FindStringSubmatch(string(html))
	require.NotNil(t, action, "%s", html)
	assert.Equal(t, srv.URL+"/ncol/test/simulator/3ds", action[1])
	token := tokenOf(t, string(html))
	assert.Equal(t, "46", query(t, srv, map[string]string{"ORDERID": "ds-1"}).get("STATUS"))

	// The customer's browser posts the form, then authenticates.
	resp, page := post(t, browser(srv), action[1], url.Values{"token": {token}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, "Authenticate")
	resp, _ = post(t, browser(srv), action[1], url.Values{"token": {token}, "action": {"authenticate"}})
	q := redirectQuery(t, resp, sh.URL+"/accept")
	assert.Equal(t, "9", q.Get("STATUS"))
	assert.Equal(t, rep.get("PAYID"), q.Get("PAYID"))
	require.Len(t, sh.feedbacks(), 1)
	assert.Equal(t, "9", query(t, srv, map[string]string{"ORDERID": "ds-1"}).get("STATUS"))
}

func TestISO88591Replies(t *testing.T) {
	srv := newServer(t, ogonetest.WithISO88591Replies())
	f := orderFields("iso-1")
	f["CN"] = "Zoë Ça"
	order(t, srv, f)
	resp, body := post(t, srv.Client(), srv.URL+"/ncol/test/querydirect_utf8.asp", signed(t, apiValues(map[string]string{"ORDERID": "iso-1"})))
	assert.Equal(t, "text/XML; Charset=iso-8859-1", resp.Header.Get("Content-Type"))
	assert.NotContains(t, body, "ë", "the body is not UTF-8")
	assert.Contains(t, body, "XXXXXXXXXXXX1111")
	tx, _ := srv.Transaction("iso-1")
	assert.Equal(t, "Zoë Ça", tx.CardHolder)
}

func TestDirectLinkAlias(t *testing.T) {
	srv := newServer(t)
	t.Run("an order with ALIAS and a card stores it", func(t *testing.T) {
		f := orderFields("al-1")
		f["ALIAS"] = "cust-1"
		rep := order(t, srv, f)
		assert.Equal(t, "cust-1", rep.get("ALIAS"))
		require.Len(t, srv.Aliases(), 1)
		assert.Equal(t, "XXXXXXXXXXXX1111", srv.Aliases()[0].CardNumber)
	})
	t.Run("an order with ALIAS alone charges it", func(t *testing.T) {
		rep := order(t, srv, map[string]string{"ORDERID": "al-2", "AMOUNT": "500", "CURRENCY": "EUR", "ALIAS": "cust-1", "OPERATION": "RES"})
		assert.Equal(t, "5", rep.get("STATUS"))
		assert.Equal(t, "cust-1", rep.get("ALIAS"))
		tx, _ := srv.Transaction("al-2")
		assert.Equal(t, "XXXXXXXXXXXX1111", tx.CardNumber)
		assert.Equal(t, "cust-1", tx.Alias)
		assert.Equal(t, 2, srv.Aliases()[0].Uses)
	})
	t.Run("the stored card decides the outcome", func(t *testing.T) {
		f := orderFields("al-3")
		f["ALIAS"], f["CARDNO"] = "cust-uncertain", ogonetest.CardUncertain
		require.Equal(t, "92", order(t, srv, f).get("STATUS"))
		rep := order(t, srv, map[string]string{"ORDERID": "al-4", "AMOUNT": "500", "CURRENCY": "EUR", "ALIAS": "cust-uncertain"})
		assert.Equal(t, "92", rep.get("STATUS"))
	})
	t.Run("a temporary alias is deleted after its first use", func(t *testing.T) {
		f := orderFields("al-5")
		f["ALIAS"], f["ALIASPERSISTEDAFTERUSE"] = "once", "N"
		require.Equal(t, "9", order(t, srv, f).get("STATUS"))
		for _, a := range srv.Aliases() {
			assert.NotEqual(t, "once", a.ID)
		}
		rep := order(t, srv, map[string]string{"ORDERID": "al-6", "AMOUNT": "500", "CURRENCY": "EUR", "ALIAS": "once"})
		assert.Equal(t, "unknown alias", rep.get("NCERRORPLUS"))
	})
	t.Run("a refused card is not stored", func(t *testing.T) {
		f := orderFields("al-7")
		f["ALIAS"], f["CARDNO"] = "refused", ogonetest.CardRefused
		require.Equal(t, "2", order(t, srv, f).get("STATUS"))
		for _, a := range srv.Aliases() {
			assert.NotEqual(t, "refused", a.ID)
		}
	})
}

func TestServerClientAndConfig(t *testing.T) {
	srv := newServer(t)
	cfg := srv.Config()
	require.NoError(t, cfg.ValidateDirectLink())
	assert.Equal(t, srv.URL, cfg.BaseURL)
	for purpose, path := range map[ogone.Purpose]string{
		ogone.EndpointHostedPage:   "/ncol/test/orderstandard_utf8.asp",
		ogone.EndpointOrder:        "/ncol/test/orderdirect_utf8.asp",
		ogone.EndpointMaintenance:  "/ncol/test/maintenancedirect.asp",
		ogone.EndpointQuery:        "/ncol/test/querydirect_utf8.asp",
		ogone.EndpointAliasGateway: "/ncol/test/alias_gateway_utf8.asp",
		ogone.EndpointFlexCheckout: "/Tokenization/HostedPage",
	} {
		u, err := cfg.Endpoint(purpose)
		require.NoError(t, err)
		assert.Equal(t, srv.URL+path, u)
		resp, err := srv.Client().Get(u)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
	}
	resp, body := get(t, srv.Client(), srv.URL+"/")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, ogonetest.CardRefused)
	resp, _ = get(t, srv.Client(), srv.URL+"/ncol/test/nothing.asp")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp, _ = get(t, srv.Client(), srv.URL+"/ncol/staging/orderdirect_utf8.asp")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestHandlerOnAnotherServer(t *testing.T) {
	srv := ogonetest.NewUnstartedServer(testAccount, ogonetest.WithClock(clock))
	defer srv.Close()
	assert.Panics(t, func() { srv.Client() })
	own := &http.Server{Handler: srv.Handler()}
	ln := srv.Listener
	go func() { _ = own.Serve(ln) }()
	defer own.Shutdown(context.Background())
	base := "http://" + ln.Addr().String()

	f := orderFields("h-1")
	f["CARDNO"], f["FLAG3D"] = ogonetest.Card3DS, "Y"
	withBrowser(f)
	resp, body := post(t, &http.Client{Timeout: 10 * time.Second}, base+"/ncol/test/orderdirect_utf8.asp", signed(t, apiValues(f)))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	html, err := base64.StdEncoding.DecodeString(parseReply(t, []byte(body)).htmlAnswer)
	require.NoError(t, err)
	assert.Contains(t, string(html), `action="`+base+`/ncol/test/simulator/3ds"`, "links follow the request's host")
}

func TestStartURL(t *testing.T) {
	t.Run("every interface gives localhost", func(t *testing.T) {
		srv := ogonetest.NewUnstartedServer(testAccount)
		defer srv.Close()
		ln, err := net.Listen("tcp", "0.0.0.0:0")
		require.NoError(t, err)
		require.NoError(t, srv.Listener.Close())
		srv.Listener = ln
		srv.Start()
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		assert.Equal(t, "http://localhost:"+port, srv.URL)
	})
	t.Run("a URL set before Start stays", func(t *testing.T) {
		srv := ogonetest.NewUnstartedServer(testAccount)
		defer srv.Close()
		srv.URL = "https://pay.example"
		srv.Start()
		assert.Equal(t, "https://pay.example", srv.URL)
		assert.Equal(t, "https://pay.example", srv.Config().BaseURL)
		assert.Panics(t, srv.Start)
	})
}
