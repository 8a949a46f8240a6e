package feedback_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
)

// serverPost is the platform's server-to-server feedback.
func serverPost(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, returnURL, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// browserGet is the customer's browser coming back from the payment page.
func browserGet(query string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, returnURL+"?"+query, nil)
	r.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	r.Header.Set("Sec-Fetch-Mode", "navigate")
	return r
}

func TestHandlerStatusCodes(t *testing.T) {
	good := signed(t, seedParams()).Encode()
	tampered := strings.Replace(good, "amount=42.5", "amount=0.01", 1)
	errDatabase := errors.New("database unavailable")

	tests := []struct {
		name     string
		req      *http.Request
		fnErr    error
		code     int
		called   bool
		allow    string
		bodyText string
	}{
		{"accepted", serverPost(good), nil, http.StatusOK, true, "", "OK\n"},
		{"accepted by GET", httptest.NewRequest(http.MethodGet, returnURL+"?"+good, nil), nil, http.StatusOK, true, "", "OK\n"},
		{"callback failed", serverPost(good), errDatabase, http.StatusInternalServerError, true, "", "Internal Server Error\n"},
		{"bad signature", serverPost(tampered), nil, http.StatusBadRequest, false, "", "Bad Request\n"},
		{"no signature", serverPost(seedParams().Encode()), nil, http.StatusBadRequest, false, "", "Bad Request\n"},
		{"malformed field", serverPost(signed(t, with(seedParams(), "amount", "4,2")).Encode()), nil, http.StatusBadRequest, false, "", "Bad Request\n"},
		{"PUT", httptest.NewRequest(http.MethodPut, returnURL, strings.NewReader(good)), nil, http.StatusMethodNotAllowed, false, "GET, POST", "Method Not Allowed\n"},
		{"oversized", serverPost(good + "&PAD=" + strings.Repeat("a", feedback.MaxBodyBytes)), nil, http.StatusRequestEntityTooLarge, false, "", "Request Entity Too Large\n"},
		{"not a form", func() *http.Request {
			r := serverPost(good)
			r.Header.Set("Content-Type", "text/plain")
			return r
		}(), nil, http.StatusUnsupportedMediaType, false, "", "Unsupported Media Type\n"},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			h := feedback.Handler(v, func(ctx context.Context, f *feedback.Feedback) error {
				calls.Add(1)
				assert.Equal(t, "SO042", f.OrderID)
				return tc.fnErr
			})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tc.req)
			assert.Equal(t, tc.code, w.Code)
			assert.Equal(t, tc.bodyText, w.Body.String())
			assert.Equal(t, tc.allow, w.Header().Get("Allow"))
			assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
			if tc.called {
				assert.Equal(t, int32(1), calls.Load())
			} else {
				assert.Zero(t, calls.Load(), "the callback must not see a refused feedback")
			}
		})
	}
}

// Browsers get the shop's page; the platform always gets status codes.
func TestHandlerRedirect(t *testing.T) {
	good := signed(t, seedParams()).Encode()
	tampered := strings.Replace(good, "STATUS=9", "STATUS=5", 1)
	errDatabase := errors.New("database unavailable")

	type seen struct {
		f   *feedback.Feedback
		err error
	}
	tests := []struct {
		name      string
		req       *http.Request
		fnErr     error
		code      int
		redirect  bool
		wantF     bool
		wantErrIs error
	}{
		{"browser, accepted", browserGet(good), nil, http.StatusSeeOther, true, true, nil},
		{"browser, callback failed", browserGet(good), errDatabase, http.StatusSeeOther, true, true, errDatabase},
		{"browser, bad signature", browserGet(tampered), nil, http.StatusSeeOther, true, false, feedback.ErrBadSignature},
		{"server GET, accepted", httptest.NewRequest(http.MethodGet, returnURL+"?"+good, nil), nil, http.StatusOK, false, false, nil},
		{"server POST, accepted", serverPost(good), nil, http.StatusOK, false, false, nil},
		{"server POST, callback failed", serverPost(good), errDatabase, http.StatusInternalServerError, false, false, nil},
		{"server POST, bad signature", serverPost(tampered), nil, http.StatusBadRequest, false, false, nil},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got *seen
			h := feedback.Handler(v,
				func(context.Context, *feedback.Feedback) error { return tc.fnErr },
				feedback.WithRedirect(func(w http.ResponseWriter, r *http.Request, f *feedback.Feedback, err error) {
					got = &seen{f, err}
					http.Redirect(w, r, "/orders/mine", http.StatusSeeOther)
				}))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tc.req)
			assert.Equal(t, tc.code, w.Code)
			if !tc.redirect {
				assert.Nil(t, got, "the redirect function must not answer the platform")
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tc.wantF, got.f != nil)
			if tc.wantErrIs == nil {
				assert.NoError(t, got.err)
			} else {
				assert.ErrorIs(t, got.err, tc.wantErrIs)
			}
		})
	}
}

func TestHandlerBrowserCheck(t *testing.T) {
	good := signed(t, seedParams()).Encode()
	redirected := false
	h := feedback.Handler(testVerifier(t),
		func(context.Context, *feedback.Feedback) error { return nil },
		feedback.WithRedirect(func(w http.ResponseWriter, r *http.Request, _ *feedback.Feedback, _ error) {
			redirected = true
			w.WriteHeader(http.StatusTeapot)
		}),
		// The shop configured ?via=browser on its redirection URLs only.
		feedback.WithBrowserCheck(func(r *http.Request) bool { return r.URL.Query().Get("via") == "browser" }))

	w := httptest.NewRecorder()
	h.ServeHTTP(w, browserGet(good))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.False(t, redirected)

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, returnURL+"?via=browser&"+good, nil))
	assert.Equal(t, http.StatusTeapot, w.Code)
	assert.True(t, redirected)
}

func TestIsBrowser(t *testing.T) {
	tests := []struct {
		name   string
		method string
		header http.Header
		want   bool
	}{
		{"navigation", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"navigate"}}, true},
		{"accepts HTML", http.MethodGet, http.Header{"Accept": {"TEXT/HTML,*/*"}}, true},
		{"no headers", http.MethodGet, nil, false},
		{"accepts anything", http.MethodGet, http.Header{"Accept": {"*/*"}}, false},
		{"POST", http.MethodPost, http.Header{"Accept": {"text/html"}, "Sec-Fetch-Mode": {"navigate"}}, false},
	}
	for _, tc := range tests {
		r := httptest.NewRequest(tc.method, returnURL, nil)
		r.Header = tc.header
		if r.Header == nil {
			r.Header = http.Header{}
		}
		assert.Equal(t, tc.want, feedback.IsBrowser(r), tc.name)
	}
}

// The callback runs with the request's context.
func TestHandlerPassesRequestContext(t *testing.T) {
	type key struct{}
	h := feedback.Handler(testVerifier(t), func(ctx context.Context, _ *feedback.Feedback) error {
		if ctx.Value(key{}) != "request" {
			return errors.New("not the request's context")
		}
		return nil
	})
	r := serverPost(signed(t, seedParams()).Encode())
	r = r.WithContext(context.WithValue(r.Context(), key{}, "request"))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusOK, w.Code)
}

// Logs carry error messages and the feedback's log value: no card data,
// no holder name, no value of a refused parameter.
func TestHandlerLogs(t *testing.T) {
	var mu sync.Mutex
	var logs strings.Builder
	// No timestamps: their digits must not stand in for the card data
	// searched below.
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: dropTime}))
	fail := false
	h := feedback.Handler(testVerifier(t), func(context.Context, *feedback.Feedback) error {
		if fail {
			return errors.New("database unavailable")
		}
		return nil
	}, feedback.WithLogger(logger))

	params := seedParams()
	params.Set("CARDNO", "4111111111111111") // even unmasked at the source
	good := signed(t, params).Encode()
	for _, req := range []*http.Request{
		serverPost(good),
		serverPost(strings.Replace(good, "ED=0330", "ED=0331", 1)),
		serverPost(signed(t, with(params, "TRXDATE", "02/31/26")).Encode()),
	} {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	fail = true
	h.ServeHTTP(httptest.NewRecorder(), serverPost(good))

	out := logs.String()
	assert.Equal(t, 4, strings.Count(out, "\n"), out)
	assert.Contains(t, out, `"msg":"ogone feedback processed"`)
	assert.Contains(t, out, `"msg":"ogone feedback refused"`)
	assert.Contains(t, out, `"msg":"ogone feedback not processed"`)
	assert.Contains(t, out, `"card_no":"XXXXXXXXXXXX1111"`)
	assert.Contains(t, out, "signature mismatch")
	assertNoCardData(t, out)
	for _, personal := range []string{"Zoë", "Z\\u00eb", "192.0.2.10", "0331", "02/31/26"} {
		assert.NotContains(t, out, personal)
	}
}

// dropTime removes the time from log records.
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func TestHandlerNeedsVerifierAndCallback(t *testing.T) {
	assert.Panics(t, func() { feedback.Handler(nil, func(context.Context, *feedback.Feedback) error { return nil }) })
	assert.Panics(t, func() { feedback.Handler(testVerifier(t), nil) })
}

// The same feedback, many times at once: the handler and Verifier are safe
// for concurrent use (run with -race).
func TestHandlerConcurrent(t *testing.T) {
	var calls atomic.Int32
	h := feedback.Handler(testVerifier(t), func(context.Context, *feedback.Feedback) error {
		calls.Add(1)
		return nil
	})
	body := signed(t, seedParams()).Encode()
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := httptest.NewRecorder()
			h.ServeHTTP(w, serverPost(body))
			assert.Equal(t, http.StatusOK, w.Code)
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(32), calls.Load())
}
