package feedback_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
)

// TestWithSimulator pays an order on the simulator's hosted page and lets
// its feedback reach the Handler twice, as on the platform: the
// server-to-server POST, then the customer's browser with a GET.
func TestWithSimulator(t *testing.T) {
	const shaIn, shaOut = "sim-sha-in-passphrase-1", "sim-sha-out-passphrase-1"
	v, err := feedback.NewVerifier(shasign.SHA512, shaOut)
	require.NoError(t, err)

	var mu sync.Mutex
	var received []*feedback.Feedback
	h := feedback.Handler(v, func(_ context.Context, f *feedback.Feedback) error {
		mu.Lock()
		defer mu.Unlock()
		received = append(received, f)
		return nil
	}, feedback.WithRedirect(func(w http.ResponseWriter, r *http.Request, f *feedback.Feedback, err error) {
		if err != nil {
			http.Error(w, "payment not confirmed", http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, "/orders/"+url.PathEscape(f.OrderID), http.StatusSeeOther)
	}))
	mux := http.NewServeMux()
	mux.Handle("/payment/ogone/return", h)
	shop := httptest.NewServer(mux)
	defer shop.Close()

	params := append(ogonetest.DefaultFeedbackParams(), "ACCEPTANCE", "BRAND", "ECI", "ED")
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: "shop", SHAIn: ogone.NewSecret(shaIn), SHAOut: ogone.NewSecret(shaOut), Algorithm: shasign.SHA512, FeedbackParams: params,
	})
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	// The order, as the shop's payment form posts it.
	order := url.Values{
		"PSPID": {"shop"}, "ORDERID": {"SO-7"}, "AMOUNT": {"1550"}, "CURRENCY": {"EUR"},
		"LANGUAGE": {"en_US"}, "CN": {"Ada Lovelace"}, "PARAMPLUS": {"session=s1"},
		"ACCEPTURL": {shop.URL + "/payment/ogone/return"},
	}
	sig, err := shasign.SignIn(shasign.SHA512, shaIn, order)
	require.NoError(t, err)
	order.Set("SHASIGN", sig)
	resp, page := postForm(t, client, srv.URL+"/ncol/test/orderstandard_utf8.asp", order)
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	m := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	require.NotNil(t, m, "no payment form")

	// The customer pays; the simulator sends the server-to-server
	// feedback before redirecting the browser.
	expiry := time.Now().AddDate(2, 0, 0).Format("01/06")
	resp, _ = postForm(t, client, srv.URL+"/ncol/test/simulator/pay", url.Values{
		"token": {m[1]}, "action": {"pay"}, "CARDNO": {ogonetest.CardAccepted},
		"ED": {expiry}, "CVC": {"123"}, "CN": {"Ada Lovelace"},
	})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	back, err := http.NewRequest(http.MethodGet, resp.Header.Get("Location"), nil)
	require.NoError(t, err)
	back.Header.Set("Accept", "text/html")
	customer := shop.Client()
	customer.CheckRedirect = client.CheckRedirect
	resp, err = customer.Do(back)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/orders/SO-7", resp.Header.Get("Location"))

	tx, ok := srv.Transaction("SO-7")
	require.True(t, ok)
	require.NotEmpty(t, tx.Feedback)
	assert.Equal(t, http.StatusOK, tx.Feedback[0].HTTPStatus, "the platform's request was acknowledged")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, received, 2, "server-to-server and browser")
	for _, f := range received {
		assert.Equal(t, "SO-7", f.OrderID)
		assert.Equal(t, tx.PAYID, f.PayID)
		assert.Equal(t, ogone.StatusPaymentRequested, f.Status)
		assert.NoError(t, f.Matches("SO-7", decimal.RequireFromString("15.50"), "EUR"))
		assert.Equal(t, "XXXXXXXXXXXX1111", f.CardNo.String())
		assert.Equal(t, "VISA", f.Brand)
		assert.Equal(t, "Ada Lovelace", f.CN)
		assert.False(t, f.ED.IsZero())
		assert.False(t, f.TrxDate.IsZero())
		assert.Equal(t, "s1", f.UnsignedParam("session"))
	}
}

func postForm(t *testing.T, c *http.Client, target string, v url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(target, v)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}
