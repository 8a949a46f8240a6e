package feedback_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
)

// TestRotationLosesNothing changes the account's SHA-OUT key, and its
// algorithm from SHA-1 to SHA-512, in the middle of a burst of payments,
// as the README's runbook does: the shop already verifies with the new key
// and keeps the old one as its previous key. During the burst the shop's
// server-to-server endpoint is down (the platform retries later, signing
// with the key it then holds) and some server-to-server feedback is lost
// outright (only the customer's browser brings it, with the signature of
// the moment it was generated). No feedback is refused and every order is
// paid. The same run without the previous key shows the loss this
// prevents.
func TestRotationLosesNothing(t *testing.T) {
	t.Run("with the previous key", func(t *testing.T) {
		r := runRotation(t, true)
		t.Logf("%+v", r)
		assert.Zero(t, r.refused, "feedback refused")
		assert.Zero(t, r.unpaid, "orders left unpaid")
		assert.Equal(t, 6, r.previousKey,
			"exactly the browsers redirected before the change: deferred retries carry the new key")
		assert.Positive(t, r.currentKey, "feedback verified with the current key")
	})
	t.Run("without it", func(t *testing.T) {
		r := runRotation(t, false)
		t.Logf("%+v", r)
		assert.Positive(t, r.refused, "genuine feedback refused")
		assert.Positive(t, r.unpaid, "paid orders the shop shows as unpaid")
	})
}

type rotationResult struct {
	refused, unpaid, previousKey, currentKey int
}

func runRotation(t *testing.T, withPrevious bool) rotationResult {
	const (
		shaIn    = "rotation-sha-in-passphrase"
		oldOut   = "rotation-old-sha-out-pass"
		newOut   = "rotation-new-sha-out-pass"
		payments = 12
		rotateAt = payments / 2
	)
	var opts []feedback.Option
	if withPrevious {
		opts = append(opts, feedback.WithPreviousKey(shasign.SHA1, oldOut))
	}
	v, err := feedback.NewVerifier(shasign.SHA512, newOut, opts...)
	require.NoError(t, err)

	var (
		mu     sync.Mutex
		paid   = map[string]bool{}
		result rotationResult
		down   atomic.Bool // the shop's server-to-server endpoint
	)
	h := feedback.Handler(v, func(_ context.Context, f *feedback.Feedback) error {
		mu.Lock()
		defer mu.Unlock()
		if f.State() == ogone.StateCaptured {
			paid[f.OrderID] = true
		}
		if f.PreviousKey {
			result.previousKey++
		} else {
			result.currentKey++
		}
		return nil
	})
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && down.Load() {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code == http.StatusBadRequest {
			mu.Lock()
			result.refused++
			mu.Unlock()
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	defer shop.Close()

	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: "shop", SHAIn: ogone.NewSecret(shaIn), SHAOut: ogone.NewSecret(oldOut), Algorithm: shasign.SHA1,
		FeedbackParams: ogonetest.DefaultFeedbackParams(),
	}, ogonetest.WithDeferredRetry(4, 150*time.Millisecond))
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	down.Store(true)
	var browsers []string // redirects generated, followed later
	for i := 0; i < payments; i++ {
		if i == rotateAt {
			require.NoError(t, srv.SetSHAOut(shasign.SHA512, ogone.NewSecret(newOut)))
		}
		if i%3 == 0 {
			srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultDropFeedback, Endpoint: ogone.EndpointHostedPage, Times: 1})
		}
		browsers = append(browsers, payOnSimulator(t, client, srv.URL, shop.URL, shaIn, fmt.Sprintf("ROT-%02d", i)))
	}
	down.Store(false)
	for _, loc := range browsers {
		back, err := http.NewRequest(http.MethodGet, loc, nil)
		require.NoError(t, err)
		back.Header.Set("Accept", "text/html")
		resp, err := shop.Client().Do(back)
		require.NoError(t, err)
		_ = resp.Body.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitIdle(ctx), "deferred feedback still pending")

	mu.Lock()
	defer mu.Unlock()
	for i := 0; i < payments; i++ {
		if !paid[fmt.Sprintf("ROT-%02d", i)] {
			result.unpaid++
		}
	}
	return result
}

// payOnSimulator pays one order on the simulator's hosted page and
// returns where the platform sends the customer's browser back.
func payOnSimulator(t *testing.T, client *http.Client, platform, shop, shaIn, orderID string) string {
	t.Helper()
	order := url.Values{
		"PSPID": {"shop"}, "ORDERID": {orderID}, "AMOUNT": {"1550"}, "CURRENCY": {"EUR"},
		"ACCEPTURL": {shop + "/payment/ogone/return"},
	}
	sig, err := shasign.SignIn(shasign.SHA1, shaIn, order)
	require.NoError(t, err)
	order.Set("SHASIGN", sig)
	resp, page := postForm(t, client, platform+"/ncol/test/orderstandard_utf8.asp", order)
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	m := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	require.NotNil(t, m, "no payment form")
	resp, _ = postForm(t, client, platform+"/ncol/test/simulator/pay", url.Values{
		"token": {m[1]}, "action": {"pay"}, "CARDNO": {ogonetest.CardAccepted},
		"ED": {time.Now().AddDate(2, 0, 0).Format("01/06")}, "CVC": {"123"}, "CN": {"Ada Lovelace"},
	})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	return resp.Header.Get("Location")
}
