package main

import (
	"bytes"
	"context"
	"crypto/subtle"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
)

//go:embed templates/*.html
var templateFiles embed.FS

// returnPath is where the platform sends the customer back and posts its
// server-to-server feedback: the same URL for both, as the account's
// "transaction feedback" settings name it.
const returnPath = "/payment/ogone/return"

// shop is the web shop: catalog, cart, checkout, order pages, saved cards
// and an admin page, in front of one merchant account on the platform.
type shop struct {
	cfg      ogone.Config
	client   *ogone.Client
	public   *url.URL // the shop's public base URL, for the platform's redirects
	origin   string   // public's scheme://host, for the CSRF check
	store    *store
	sessions *sessions
	pages    *template.Template
	log      *slog.Logger
	handler  http.Handler
	now      func() time.Time

	operation     ogone.Operation // SAL (sale) or RES (authorise, capture later)
	adminPassword string          // empty: the admin page is open (demo on the simulator)
	simulatorURL  string          // shown on every page in demo mode
	httpClient    *http.Client
	verifier      *feedback.Verifier
	db            *sql.DB // nil: newShop opens an in-memory SQLite database
	dialect       dialect
}

// option configures a shop.
type option func(*shop) error

// withPublicURL sets the URL customers (and the platform) reach the shop at.
// The default is http://127.0.0.1:8080.
func withPublicURL(raw string) option {
	return func(s *shop) error {
		u, err := url.Parse(strings.TrimSuffix(raw, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			return fmt.Errorf("public URL must look like https://shop.example.com (got %q)", raw)
		}
		s.public = u
		return nil
	}
}

// withAuthorizeOnly makes checkout authorise the card (OPERATION=RES); the
// admin captures when the goods ship. The default is a sale (SAL).
func withAuthorizeOnly() option {
	return func(s *shop) error { s.operation = ogone.OperationAuthorize; return nil }
}

// withAdminPassword protects the admin page with HTTP basic authentication
// (user "admin").
func withAdminPassword(p string) option {
	return func(s *shop) error { s.adminPassword = p; return nil }
}

// withSimulator shows a banner with the simulator's URL and test cards.
func withSimulator(u string) option {
	return func(s *shop) error { s.simulatorURL = u; return nil }
}

// withHTTPClient sends DirectLink requests through hc.
func withHTTPClient(hc *http.Client) option {
	return func(s *shop) error { s.httpClient = hc; return nil }
}

// withDB keeps the shop's orders in db, opened with openDB. The caller
// closes it after the shop is done.
func withDB(db *sql.DB, d dialect) option {
	return func(s *shop) error { s.db, s.dialect = db, d; return nil }
}

// withClock makes the shop read the time from now, for tests.
func withClock(now func() time.Time) option {
	return func(s *shop) error { s.now = now; return nil }
}

// withLogger sets where the shop logs; the default discards.
func withLogger(l *slog.Logger) option {
	return func(s *shop) error { s.log = l; return nil }
}

// newShop builds a shop for the merchant account cfg.
func newShop(cfg ogone.Config, opts ...option) (*shop, error) {
	s := &shop{
		cfg:       cfg,
		log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		now:       time.Now,
		operation: ogone.OperationSale,
	}
	if err := withPublicURL("http://127.0.0.1:8080")(s); err != nil {
		return nil, err
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if err := cfg.ValidateDirectLink(); err != nil {
		return nil, fmt.Errorf("ogone configuration: %w", err)
	}
	if cfg.SHAOut.IsZero() {
		// Without it the shop could not tell real feedback from a forged
		// "paid".
		return nil, errors.New("ogone configuration: the SHA-OUT passphrase is required to verify feedback")
	}
	var clientOpts []ogone.Option
	if s.httpClient != nil {
		clientOpts = append(clientOpts, ogone.WithHTTPClient(s.httpClient))
	}
	client, err := ogone.NewClient(cfg, clientOpts...)
	if err != nil {
		return nil, err
	}
	s.client = client
	s.origin = originOf(s.public)
	if s.db == nil {
		// Orders that last as long as the process: for tests and
		// programs that embed the shop.
		if s.db, s.dialect, err = openDB(context.Background(), ":memory:"); err != nil {
			return nil, err
		}
	}
	s.store = newStore(s.db, s.dialect, s.now)
	s.sessions = newSessions(s.public.Scheme == "https", s.now)
	s.pages, err = template.New("").Funcs(template.FuncMap{"money": formatMoney}).ParseFS(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	if err := s.initPayments(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// formatMoney writes an amount as the shop shows it: "EUR 15.50".
func formatMoney(cur string, amount decimal.Decimal) string {
	return cur + " " + amount.StringFixed(2)
}

// Handler returns the shop's HTTP handler.
func (s *shop) Handler() http.Handler { return s.handler }

// returnURL is the absolute URL of the return page.
func (s *shop) returnURL() string { return s.public.String() + returnPath }

func (s *shop) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.products)
	mux.HandleFunc("GET /cart", s.cart)
	mux.HandleFunc("POST /cart/add", s.post(s.addToCart))
	mux.HandleFunc("POST /cart/remove", s.post(s.removeFromCart))
	mux.HandleFunc("POST /checkout", s.post(s.checkout))
	mux.HandleFunc("GET /orders", s.orders)
	mux.HandleFunc("GET /orders/{id}", s.orderPage)
	mux.HandleFunc("POST /orders/{id}/pay", s.post(s.payOrder))
	mux.HandleFunc("GET /cards", s.cards)
	mux.HandleFunc("POST /cards/forget", s.post(s.forgetCard))
	// The platform's browser redirect is a GET, its server-to-server
	// feedback a POST; both are verified by their SHA-OUT signature
	// rather than a CSRF token.
	mux.Handle(returnPath, s.feedbackHandler())

	mux.HandleFunc("GET /admin", s.admin(s.adminOrders))
	mux.HandleFunc("GET /admin/orders/{id}", s.admin(s.adminOrder))
	mux.HandleFunc("POST /admin/orders/{id}/capture", s.admin(s.post(s.adminCapture)))
	mux.HandleFunc("POST /admin/orders/{id}/refund", s.admin(s.post(s.adminRefund)))
	mux.HandleFunc("POST /admin/orders/{id}/cancel", s.admin(s.post(s.adminCancel)))
	mux.HandleFunc("POST /admin/orders/{id}/query", s.admin(s.post(s.adminQuery)))
	mux.HandleFunc("POST /admin/reconcile", s.admin(s.post(s.adminReconcile)))
	mux.HandleFunc("POST /admin/orders/{id}/renew", s.admin(s.post(s.adminRenew)))
	mux.Handle("GET /ogone-browser.js", ogone.BrowserInfoScriptHandler())
	return securityHeaders(mux)
}

// securityHeaders sets what every page needs: no sniffing, no framing (the
// shop's buttons must not be clickable through another site's page), and
// no caching of pages that show orders.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// maxFormBytes bounds what a form may post.
const maxFormBytes = 64 << 10

// postHandler is a state-changing handler: its session exists and its
// CSRF token was checked.
type postHandler func(w http.ResponseWriter, r *http.Request, sess *session)

// post wraps a state-changing handler with the body limit and the CSRF
// check (see session.go for what it checks and why).
func (s *shop) post(h postHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, http.StatusBadRequest, "The form could not be read.")
			return
		}
		sess := s.sessions.lookup(r)
		if err := s.sessions.checkCSRF(r, sess, s.origin); err != nil {
			s.fail(w, r, http.StatusForbidden, "This form has expired or was sent from another site. Go back, reload the page and try again.")
			return
		}
		h(w, r, sess)
	}
}

// admin guards the admin pages with basic authentication when a password
// is set.
func (s *shop) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.adminPassword != "" {
			user, pass, ok := r.BasicAuth()
			userOK := subtle.ConstantTimeCompare([]byte(user), []byte("admin"))
			passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(s.adminPassword))
			if !ok || userOK&passOK != 1 {
				w.Header().Set("WWW-Authenticate", `Basic realm="shop admin", charset="UTF-8"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
		}
		h(w, r)
	}
}

// pageData is what every template gets; Data is the page's own.
type pageData struct {
	Title     string
	CSRF      string
	CartCount int
	Notice    notice
	Simulator string
	Data      any
}

// shopCSP is the Content-Security-Policy of the shop's own pages: they run
// no script but the shop's own files (the 3-D Secure browser-data script)
// and post only to the shop itself.
const shopCSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// render executes a page into a buffer first, so that a template error
// never leaves half a page behind.
func (s *shop) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	s.renderWithCSP(w, r, status, name, title, data, shopCSP)
}

func (s *shop) renderWithCSP(w http.ResponseWriter, r *http.Request, status int, name, title string, data any, csp string) {
	sess := s.sessions.get(w, r)
	pd := pageData{
		Title:     title,
		CSRF:      s.sessions.csrfToken(sess),
		Simulator: s.simulatorURL,
		Notice:    notices[r.URL.Query().Get("notice")],
		Data:      data,
	}
	for _, n := range s.sessions.cart(sess) {
		pd.CartCount += n
	}
	var b bytes.Buffer
	if err := s.pages.ExecuteTemplate(&b, name, pd); err != nil {
		s.log.Error("template", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", csp)
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// fail shows an error page.
func (s *shop) fail(w http.ResponseWriter, r *http.Request, status int, message string) {
	s.render(w, r, status, "error.html", http.StatusText(status), struct{ Message string }{message})
}

// notice is a message a redirect asks the next page to show; an error is
// shown as one (red, role="alert").
type notice struct {
	Text  string
	Error bool
}

// notices are the messages a redirect can ask the next page to show. They
// travel as keys, so that nobody can make the shop display a text of their
// own through a link.
var notices = map[string]notice{
	"added":          {Text: "Added to your cart."},
	"removed":        {Text: "Removed from your cart."},
	"empty":          {Text: "Your cart is empty."},
	"card-forgotten": {Text: "The card is forgotten; the shop will not use it again."},
	"unknown-card":   {Text: "That card is not one of your saved cards.", Error: true},
	"captured":       {Text: "Capture accepted."},
	"refunded":       {Text: "Refund accepted."},
	"cancelled":      {Text: "Authorisation cancelled."},
	"queried":        {Text: "Status checked with the platform."},
	"reconciled":     {Text: "Pending and uncertain orders checked with the platform."},
	"busy":           {Text: "Another operation on this order is in progress; try again in a moment.", Error: true},
	"not-allowed":    {Text: "That is not possible in the order's current state.", Error: true},
	"refused":        {Text: "The platform refused the operation; see the history.", Error: true},
	"unknown":        {Text: "The platform's answer did not arrive. Nothing was repeated: ask the platform for the status before trying again.", Error: true},
	"no-payment":     {Text: "The platform has no payment for this order (yet).", Error: true},
	"bad-amount":     {Text: "The amount must be positive, with at most two decimals, and no more than what is left to refund.", Error: true},
	"renewed":        {Text: "Subscription renewed: the saved card was charged, merchant-initiated."},
}

// redirect sends the browser to path with an optional notice key (a 303,
// so that reloading the next page does not post the form again).
func redirect(w http.ResponseWriter, r *http.Request, path, notice string) {
	if notice != "" {
		path += "?notice=" + url.QueryEscape(notice)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}
