package ogone_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorded returns a reply from testdata/directlink as it is.
func recorded(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "directlink", name))
	require.NoError(t, err)
	return b
}

// answer always answers body, whatever the request.
func answer(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(body))
	}
}

// dlCall is one DirectLink method, with whether it may move money.
type dlCall struct {
	name    string
	changes bool
	do      func(*ogone.Client) (*ogone.Response, error)
}

// everyCall lists every DirectLink method of the Client.
func everyCall(t *testing.T) []dlCall {
	ctx := context.Background()
	amount := decimal.RequireFromString("15.50")
	return []dlCall{
		{"Sale", true, func(c *ogone.Client) (*ogone.Response, error) { return c.Sale(ctx, testOrder(t)) }},
		{"Authorize", true, func(c *ogone.Client) (*ogone.Response, error) { return c.Authorize(ctx, testOrder(t)) }},
		{"Order RFD", true, func(c *ogone.Client) (*ogone.Response, error) {
			o := testOrder(t)
			o.Operation = ogone.OperationStandaloneRefund
			return c.Order(ctx, o)
		}},
		{"Capture", true, func(c *ogone.Client) (*ogone.Response, error) {
			return c.Capture(ctx, "3041658221", ogone.PartialAmount(amount))
		}},
		{"Refund", true, func(c *ogone.Client) (*ogone.Response, error) {
			return c.Refund(ctx, "3041658221", ogone.FinalAmount(amount))
		}},
		{"Cancel", true, func(c *ogone.Client) (*ogone.Response, error) { return c.Cancel(ctx, "3041658221") }},
		{"Renew", true, func(c *ogone.Client) (*ogone.Response, error) { return c.Renew(ctx, "3041658221") }},
		{"Maintain DEL", true, func(c *ogone.Client) (*ogone.Response, error) {
			return c.Maintain(ctx, ogone.Maintenance{OrderID: "order-1002", Operation: ogone.OperationDeleteAuth})
		}},
		{"Query", false, func(c *ogone.Client) (*ogone.Response, error) {
			return c.Query(ctx, ogone.Query{PayID: "3041658221"})
		}},
		{"Reconcile", false, func(c *ogone.Client) (*ogone.Response, error) { return c.Reconcile(ctx, "order-1002") }},
	}
}

// countingTransport counts the requests a caller's transport carries.
type countingTransport struct {
	n    atomic.Int64
	base http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

// redirectClients are the two ways a Client gets its HTTP client: its own
// default, and the caller's, whose CheckRedirect is nil (follow) and whose
// Transport counts. check runs after the calls.
func redirectClients(t *testing.T, platform *stubPlatform) map[string]func() (c *ogone.Client, check func(t *testing.T, calls int)) {
	return map[string]func() (*ogone.Client, func(*testing.T, int)){
		"default client": func() (*ogone.Client, func(*testing.T, int)) {
			c, err := ogone.NewClient(dlConfig(platform.URL))
			require.NoError(t, err)
			return c, func(*testing.T, int) {}
		},
		"caller's client": func() (*ogone.Client, func(*testing.T, int)) {
			tr := &countingTransport{base: platform.Client().Transport}
			hc := &http.Client{Transport: tr, Timeout: ogone.DefaultTimeout / 2}
			c, err := ogone.NewClient(dlConfig(platform.URL), ogone.WithHTTPClient(hc))
			require.NoError(t, err)
			return c, func(t *testing.T, calls int) {
				assert.Nil(t, hc.CheckRedirect, "the caller's client is never changed")
				assert.Same(t, tr, hc.Transport)
				assert.Equal(t, ogone.DefaultTimeout/2, hc.Timeout)
				assert.Nil(t, hc.Jar)
				assert.EqualValues(t, calls, tr.n.Load(), "the caller's transport carried every request, once")
			}
		},
	}
}

// assertRedirectRefused checks the error of a call answered with a 3xx.
func assertRedirectRefused(t *testing.T, call dlCall, r *ogone.Response, err error, code int, location string) {
	t.Helper()
	assert.Nil(t, r)
	require.ErrorIs(t, err, ogone.ErrRedirect)
	var he *ogone.HTTPStatusError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, code, he.StatusCode)
	assert.Equal(t, location, he.Location)
	assert.Equal(t, call.changes, errors.Is(err, ogone.ErrOutcomeUnknown), "outcome unknown exactly for calls that move money")
	assertNoSecretsIn(t, err)
}

// runRedirectCase runs every call, through both kinds of client, against
// a platform that answers with a redirect: each call gets the typed error,
// reaches the platform exactly once, passes more, and leaves the caller's
// client as it was.
func runRedirectCase(t *testing.T, platform *stubPlatform, code int, location func(*testing.T) string, more func(*testing.T)) {
	for name, client := range redirectClients(t, platform) {
		for _, call := range everyCall(t) {
			t.Run(name+"/"+call.name, func(t *testing.T) {
				c, check := client()
				before := platform.hits.Load()
				r, err := call.do(c)
				assertRedirectRefused(t, call, r, err, code, location(t))
				assert.EqualValues(t, 1, platform.hits.Load()-before, "the platform was reached exactly once")
				more(t)
				check(t, 1)
			})
		}
	}
}

// TestRedirectToAnotherHostIsNeverFollowed: a 307 to another host would
// re-POST the request there, password and card data included. The other
// host receives nothing.
func TestRedirectToAnotherHostIsNeverFollowed(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		replay(t, "order_authorized.xml")(w, r)
	}))
	defer other.Close()
	platform := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal?x=1", http.StatusTemporaryRedirect)
	})
	runRedirectCase(t, platform, http.StatusTemporaryRedirect,
		func(*testing.T) string { return other.URL + "/steal" },
		func(t *testing.T) {
			assert.Zero(t, elsewhere.Load(), "the other host received nothing: no PSWD, CARDNO, CVC or ED")
		})
}

// TestRedirectToItselfReachesThePlatformOnce: a 307 loop would send one
// payment several times.
func TestRedirectToItselfReachesThePlatformOnce(t *testing.T) {
	platform := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusTemporaryRedirect)
	})
	runRedirectCase(t, platform, http.StatusTemporaryRedirect,
		func(t *testing.T) string { return platform.URL + platform.last(t).Path },
		func(*testing.T) {})
}

// TestRedirect302IsNotFollowedWithAGet: following a 302 turns the POST
// into a GET, whose answer would be taken as the order's.
func TestRedirect302IsNotFollowedWithAGet(t *testing.T) {
	platform := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			replay(t, "order_authorized.xml")(w, r)
			return
		}
		http.Redirect(w, r, "/result", http.StatusFound)
	})
	runRedirectCase(t, platform, http.StatusFound,
		func(*testing.T) string { return platform.URL + "/result" },
		func(t *testing.T) { assert.Equal(t, http.MethodPost, platform.last(t).Method, "no GET followed") })
}

// TestCallerClientChangesStillApply: the Client copies the caller's
// client for each call, so a Transport set later is used.
func TestCallerClientChangesStillApply(t *testing.T) {
	platform := newStub(t, replay(t, "order_authorized.xml"))
	hc := platform.Client()
	c, err := ogone.NewClient(dlConfig(platform.URL), ogone.WithHTTPClient(hc))
	require.NoError(t, err)
	tr := &countingTransport{base: hc.Transport}
	hc.Transport = tr
	_, err = c.Authorize(context.Background(), testOrder(t))
	require.NoError(t, err)
	assert.EqualValues(t, 1, tr.n.Load())
}

// TestReplyAboutAnotherOrder: a reply whose ORDERID (or, for maintenance
// and queries, PAYID) is not the request's is refused.
func TestReplyAboutAnotherOrder(t *testing.T) {
	const otherOrder = `<ncresponse orderID="order-7777" PAYID="3041658221" NCERROR="0" STATUS="9" amount="15.5" currency="EUR"/>`
	const otherPayID = `<ncresponse orderID="" PAYID="3049999999" PAYIDSUB="1" NCERROR="0" STATUS="9"/>`
	const caseOnly = `<ncresponse orderID="ORDER-1002" PAYID="3041658221" NCERROR="0" STATUS="9"/>`
	tests := []struct {
		name, reply, field string
		calls              []string
	}{
		{"other ORDERID", otherOrder, "ORDERID", []string{"Sale", "Authorize", "Order RFD", "Maintain DEL", "Reconcile"}},
		{"ORDERID differing in case only", caseOnly, "ORDERID", []string{"Sale", "Maintain DEL", "Reconcile"}},
		{"other PAYID", otherPayID, "PAYID", []string{"Capture", "Refund", "Cancel", "Renew", "Query"}},
	}
	for _, tt := range tests {
		for _, call := range everyCall(t) {
			if !contains(tt.calls, call.name) {
				continue
			}
			t.Run(tt.name+"/"+call.name, func(t *testing.T) {
				s := newStub(t, answer(tt.reply))
				r, err := call.do(dlClient(t, s))
				assert.Nil(t, r)
				require.ErrorIs(t, err, ogone.ErrReplyMismatch)
				var m *ogone.ReplyMismatchError
				require.ErrorAs(t, err, &m)
				assert.Equal(t, tt.field, m.Field)
				assert.Equal(t, call.changes, errors.Is(err, ogone.ErrOutcomeUnknown))
				assert.EqualValues(t, 1, s.hits.Load())
			})
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestReplyReferencesThatAreNotCompared: a reference the reply leaves out,
// a PAYID of "0" (no order), or a PAYID with leading zeros is no mismatch.
func TestReplyReferencesThatAreNotCompared(t *testing.T) {
	ctx := context.Background()
	s := newStub(t, answer(`<ncresponse PAYID="3041658221" NCERROR="0" STATUS="5"/>`))
	_, err := dlClient(t, s).Authorize(ctx, testOrder(t))
	require.NoError(t, err, "no ORDERID in the reply")

	s = newStub(t, answer(`<ncresponse orderID="order-1002" PAYID="0" NCERROR="50001111" STATUS="0"/>`))
	_, err = dlClient(t, s).Capture(ctx, "3041658221", ogone.RemainingAmount())
	var e *ogone.Error
	require.ErrorAs(t, err, &e, "PAYID 0 is no order, not another one")

	s = newStub(t, answer(`<ncresponse PAYID="3041658221" NCERROR="0" STATUS="9"/>`))
	_, err = dlClient(t, s).Query(ctx, ogone.Query{PayID: "03041658221"})
	require.NoError(t, err, "PAYIDs compare as numbers")
}

// emptyStatusReply is the platform's answer to a query about an order it
// does not know (a recorded ePDQ reply, PROTOCOL.md).
const emptyStatusReply = `<?xml version="1.0"?><ncresponse orderID="order-1002" PAYID="" NCSTATUS="5" NCERROR="50001130" NCERRORPLUS="unknown orderid order-1002 for merchant MyShop" STATUS=""/>`

// TestEmptyStatusReachesTheCaller: every method returns the reply with an
// empty STATUS as the platform's refusal, an *Error matching
// ErrUnknownOrder, with the Response.
func TestEmptyStatusReachesTheCaller(t *testing.T) {
	for _, call := range everyCall(t) {
		t.Run(call.name, func(t *testing.T) {
			s := newStub(t, answer(emptyStatusReply))
			r, err := call.do(dlClient(t, s))
			require.ErrorIs(t, err, ogone.ErrUnknownOrder)
			assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown), "the platform answered")
			var e *ogone.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, ogone.StatusNone, e.Status)
			assert.Equal(t, ogone.NCErrorOrderNotAccessible, e.NCError)
			require.NotNil(t, r)
			assert.Equal(t, ogone.StateUnknown, r.State())
			assert.Equal(t, "unknown orderid order-1002 for merchant MyShop", r.NCErrorPlus)
		})
	}
}

// TestEmptyStatusWithoutAnError: an empty STATUS that no NCERROR explains
// says nothing about the order: the outcome of a payment is unknown.
func TestEmptyStatusWithoutAnError(t *testing.T) {
	for _, call := range everyCall(t) {
		t.Run(call.name, func(t *testing.T) {
			s := newStub(t, answer(`<ncresponse orderID="order-1002" PAYID="3041658221" NCERROR="0" STATUS=""/>`))
			r, err := call.do(dlClient(t, s))
			assert.Nil(t, r)
			require.ErrorIs(t, err, ogone.ErrMalformedReply)
			assert.Equal(t, call.changes, errors.Is(err, ogone.ErrOutcomeUnknown))
		})
	}
}

// TestRepliesEchoingTheRequest: a server that gives back everything it
// received, in free text and as attributes, gets no secret and no card
// data into the Response or the error.
func TestRepliesEchoingTheRequest(t *testing.T) {
	s := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.WriteString(`<ncresponse orderID="order-1002" STATUS="2" NCERROR="30001001" NCERRORPLUS="`)
		for name := range r.Form {
			b.WriteString(name + "=" + r.Form.Get(name) + " ")
		}
		b.WriteString(`" CARD.CARDNUMBER="` + dlCardNo + `" PAN="` + dlCardNo + `" CVV="` + dlCVC + `" CVV2="` + dlCVC +
			`" CARD.CVC="` + dlCVC + `" EXPDATE="` + dlExpiry + `" CARD.EXPIRYDATE="1198" ED="` + dlExpiry +
			`" PSWD="` + dlPassword + `" COM="card ` + dlCardNo + ` pswd ` + dlPassword + `"/>`)
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write(b.Bytes())
	})
	r, err := dlClient(t, s).Sale(context.Background(), testOrder(t))
	var e *ogone.Error
	require.ErrorAs(t, err, &e)
	require.NotNil(t, r)
	assert.Equal(t, map[string]string{
		"CARD.CARDNUMBER": "XXXXXXXXXXXX1111",
		"PAN":             "XXXXXXXXXXXX1111",
		"COM":             "card XXXXXXXXXXXX1111 pswd [REDACTED]",
	}, r.Extra)
	assert.Contains(t, r.NCErrorPlus, "CARDNO=XXXXXXXXXXXX1111 ")
	assert.Contains(t, r.NCErrorPlus, "CVC=[REDACTED] ")
	assertNoSecretsIn(t, err)
	for _, out := range []string{fmt.Sprintf("%v", r), fmt.Sprintf("%+v", r), fmt.Sprintf("%#v", r), r.NCErrorPlus} {
		for _, secret := range []string{dlPassword, dlCardNo, "=" + dlCVC, dlExpiry, "1198"} {
			assert.NotContains(t, out, secret)
		}
	}
}

// TestSecretsTravelInTheBodyOnly: what a tracing transport sees of a
// request besides its body (URL, headers) holds no secret and no card
// data, for every call.
func TestSecretsTravelInTheBodyOnly(t *testing.T) {
	reply := recorded(t, "order_authorized.xml")
	for _, call := range everyCall(t) {
		t.Run(call.name, func(t *testing.T) {
			var seen int
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				seen++
				var head strings.Builder
				head.WriteString(r.URL.String())
				_ = r.Header.Write(&head)
				for _, secret := range []string{dlPassword, dlSHAIn, dlSHAOut, dlCardNo, dlCVC, dlExpiry, "11%2F98"} {
					assert.NotContains(t, head.String(), secret)
				}
				assert.Empty(t, r.URL.RawQuery)
				return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"text/xml"}},
					Body: io.NopCloser(bytes.NewReader(reply)), Request: r}, nil
			})}
			c, err := ogone.NewClient(dlConfig(""), ogone.WithHTTPClient(hc))
			require.NoError(t, err)
			_, _ = call.do(c)
			assert.Equal(t, 1, seen)
		})
	}
}

// TestCallerClientJarIsKept: the copy that refuses redirects keeps the
// caller's cookie jar, as a load balancer's sticky session needs.
func TestCallerClientJarIsKept(t *testing.T) {
	var cookies []string
	platform := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		cookies = append(cookies, r.Header.Get("Cookie"))
		http.SetCookie(w, &http.Cookie{Name: "node", Value: "b7", Path: "/"})
		replay(t, "order_authorized.xml")(w, r)
	})
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	hc := &http.Client{Jar: jar}
	c, err := ogone.NewClient(dlConfig(platform.URL), ogone.WithHTTPClient(hc))
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		_, err = c.Authorize(context.Background(), testOrder(t))
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"", "node=b7"}, cookies)
	assert.Same(t, jar, hc.Jar)
}
