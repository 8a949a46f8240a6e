package feedback

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
)

// HandlerOption configures Handler.
type HandlerOption func(*handler)

// RedirectFunc answers the customer's browser once a feedback was handled.
// f is the verified feedback, nil when verification failed; err is nil
// when the shop's callback accepted f, the callback's error when it did not
// (f is then not nil), or the verification error (f is nil). It may render
// a page or redirect, and must write the whole answer.
type RedirectFunc func(w http.ResponseWriter, r *http.Request, f *Feedback, err error)

// WithRedirect makes the handler answer browsers with fn instead of a short
// text. Which requests come from a browser is decided by IsBrowser, or by
// the function given WithBrowserCheck. The platform's server-to-server
// requests always get the status-code answer it needs.
func WithRedirect(fn RedirectFunc) HandlerOption {
	return func(h *handler) { h.redirect = fn }
}

// WithBrowserCheck replaces IsBrowser, for shops that tell the two kinds of
// request apart another way (a query parameter on one of the configured
// URLs, the platform's source addresses).
func WithBrowserCheck(isBrowser func(r *http.Request) bool) HandlerOption {
	return func(h *handler) { h.isBrowser = isBrowser }
}

// WithLogger makes the handler log every refused feedback (warning), every
// feedback verified with the previous SHA-OUT key (warning: the shop knows
// the platform still uses it, and when it stopped) and every callback error
// (error) to l. The handler logs error messages and Feedback.LogValue
// only, never parameter values. Without it the handler does not log.
func WithLogger(l *slog.Logger) HandlerOption {
	return func(h *handler) { h.log = l }
}

// IsBrowser is the handler's default guess at whether a request is the
// customer's browser coming back rather than the platform's
// server-to-server request: a GET that is a top-level navigation
// (Sec-Fetch-Mode: navigate) or accepts HTML. A wrong guess costs little:
// the platform then gets the page meant for a browser (and, unless it is a
// 200, retries later, which the idempotent callback absorbs), or the
// customer sees a short text.
func IsBrowser(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	if r.Header.Get("Sec-Fetch-Mode") == "navigate" {
		return true
	}
	for _, accept := range r.Header.Values("Accept") {
		if strings.Contains(strings.ToLower(accept), "text/html") {
			return true
		}
	}
	return false
}

type handler struct {
	v         *Verifier
	fn        func(ctx context.Context, f *Feedback) error
	redirect  RedirectFunc
	isBrowser func(*http.Request) bool
	log       *slog.Logger
}

// Handler serves the return URL (e.g. /payment/ogone/return) that the
// account's ACCEPTURL, DECLINEURL, EXCEPTIONURL, CANCELURL and
// server-to-server feedback all point at. For each request it verifies the
// feedback (VerifyRequest), calls fn with it, and answers:
//
//	200  fn accepted the feedback
//	400  bad or missing signature, ambiguous or malformed parameters
//	405  a method other than GET or POST (with an Allow header)
//	413  a body above MaxBodyBytes
//	415  a POST body that is not a form
//	500  fn returned an error
//
// The platform treats anything but a 200 as a failed delivery and, with
// the usual "online but switch to deferred" setting, sends the feedback
// again later: fn should return an error only when trying again may help
// (the database is down), and record anything else (an amount that does
// not match) for a person before returning nil.
//
// fn must be idempotent. The same feedback arrives several times (the
// browser redirect and the server-to-server request both carry it, and
// deferred requests repeat it), in any order, and feedback about the same
// order arrives with different statuses (91 then 9) possibly out of order:
// apply a feedback only if it moves the order forward, as ExampleHandler
// shows. fn runs with the request's context, for both kinds of request,
// since either may arrive first.
//
// Handler panics if v or fn is nil, as http.Handle does for a nil handler:
// that is a mistake in the program, not in a request.
func Handler(v *Verifier, fn func(ctx context.Context, f *Feedback) error, opts ...HandlerOption) http.Handler {
	if v == nil || fn == nil {
		panic("feedback: Handler needs a Verifier and a callback")
	}
	h := &handler{v: v, fn: fn, isBrowser: IsBrowser}
	for _, o := range opts {
		o(h)
	}
	if h.isBrowser == nil {
		h.isBrowser = IsBrowser
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, err := h.v.VerifyRequest(r)
	if err != nil {
		if errors.Is(err, ErrMethodNotAllowed) {
			w.Header().Set("Allow", "GET, POST")
		}
		if h.log != nil {
			h.log.LogAttrs(r.Context(), slog.LevelWarn, "ogone feedback refused",
				slog.String("method", r.Method), slog.String("error", err.Error()))
		}
		h.answer(w, r, nil, err, refusalStatus(err))
		return
	}
	if f.PreviousKey && h.log != nil {
		h.log.LogAttrs(r.Context(), slog.LevelWarn, "ogone feedback signed with the previous SHA-OUT key",
			slog.Any("feedback", f))
	}
	if err := h.fn(r.Context(), f); err != nil {
		if h.log != nil {
			h.log.LogAttrs(r.Context(), slog.LevelError, "ogone feedback not processed",
				slog.Any("feedback", f), slog.String("error", err.Error()))
		}
		h.answer(w, r, f, err, http.StatusInternalServerError)
		return
	}
	if h.log != nil {
		h.log.LogAttrs(r.Context(), slog.LevelDebug, "ogone feedback processed", slog.Any("feedback", f))
	}
	h.answer(w, r, f, nil, http.StatusOK)
}

// answer hands browsers to the redirect function and gives everyone else
// the status code.
func (h *handler) answer(w http.ResponseWriter, r *http.Request, f *Feedback, err error, code int) {
	if h.redirect != nil && code != http.StatusMethodNotAllowed && h.isBrowser(r) {
		h.redirect(w, r, f, err)
		return
	}
	if code == http.StatusOK {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("OK\n"))
		return
	}
	// The status text only: whoever sent a forged feedback learns nothing
	// from the answer.
	http.Error(w, http.StatusText(code), code)
}

func refusalStatus(err error) int {
	switch {
	case errors.Is(err, ErrMethodNotAllowed):
		return http.StatusMethodNotAllowed
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrUnsupportedContentType):
		return http.StatusUnsupportedMediaType
	}
	return http.StatusBadRequest
}
