package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// The shop keeps a session per browser: its cart and the customer it stands
// for (the demo has no accounts; a browser is a customer, and the cards it
// saved belong to it).
type session struct {
	id       string // the cookie value; never shown on a page
	customer string // the customer id orders and saved cards are filed under
	cart     map[string]int
	lastSeen time.Time
}

const (
	sessionCookie = "shop_session"
	sessionMaxAge = 30 * 24 * time.Hour
	// maxSessions bounds memory for a demo that may run for days; the
	// least recently seen session goes first.
	maxSessions = 10_000
)

// sessions is the in-memory session table.
type sessions struct {
	mu      sync.Mutex
	byID    map[string]*session
	csrfKey []byte
	secure  bool // set the cookie's Secure flag (the shop is served over HTTPS)
	now     func() time.Time
}

func newSessions(secure bool, now func() time.Time) *sessions {
	return &sessions{byID: map[string]*session{}, csrfKey: randomBytes(32), secure: secure, now: now}
}

// lookup returns the request's session, or nil when it has none that the
// shop knows.
func (ss *sessions) lookup(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.byID[c.Value]
	if s != nil {
		s.lastSeen = ss.now()
	}
	return s
}

// get returns the request's session, starting one (and setting its cookie)
// when there is none.
func (ss *sessions) get(w http.ResponseWriter, r *http.Request) *session {
	if s := ss.lookup(r); s != nil {
		return s
	}
	s := &session{id: randomToken(), customer: "C-" + randomToken()[:10], cart: map[string]int{}, lastSeen: ss.now()}
	ss.mu.Lock()
	if len(ss.byID) >= maxSessions {
		ss.evictOldestLocked()
	}
	ss.byID[s.id] = s
	ss.mu.Unlock()
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    s.id,
		Path:     "/",
		MaxAge:   int(sessionMaxAge / time.Second),
		HttpOnly: true,
		Secure:   ss.secure,
		// Lax: the cookie comes along when the payment platform sends the
		// customer back with a top-level GET, but not on another site's
		// POSTs.
		SameSite: http.SameSiteLaxMode,
	})
	return s
}

func (ss *sessions) evictOldestLocked() {
	var oldest *session
	for _, s := range ss.byID {
		if oldest == nil || s.lastSeen.Before(oldest.lastSeen) {
			oldest = s
		}
	}
	if oldest != nil {
		delete(ss.byID, oldest.id)
	}
}

// addToCart adds n of a product, within maxQuantity per line.
func (ss *sessions) addToCart(s *session, productID string, n int) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s.cart[productID] = min(maxQuantity, max(0, s.cart[productID]+n))
	if s.cart[productID] == 0 {
		delete(s.cart, productID)
	}
}

// cart returns a copy of the session's cart.
func (ss *sessions) cart(s *session) map[string]int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	out := make(map[string]int, len(s.cart))
	for k, v := range s.cart {
		out[k] = v
	}
	return out
}

// takeCart empties the cart and returns what it held, in one step, so that
// a double click on "pay" cannot turn one cart into two orders.
func (ss *sessions) takeCart(s *session) map[string]int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	out := s.cart
	s.cart = map[string]int{}
	return out
}

// CSRF protection, kept simple.
//
// Every form that changes something carries a hidden token: an HMAC of the
// session id under a key the shop draws at start. Another site can make a
// browser POST to the shop, but cannot read the shop's pages, so it cannot
// know the token. On top of that, a request whose Origin header (or
// Sec-Fetch-Site) says it comes from another site is refused outright, and
// the session cookie is SameSite=Lax, so modern browsers do not even send
// it with another site's POST. The payment platform's server-to-server
// feedback is the one POST without a token: it carries no cookie, and its
// SHA-OUT signature is what proves where it comes from.
var errCSRF = errors.New("the form has expired or comes from another site")

// csrfField is the hidden input's name.
const csrfField = "csrf"

func (ss *sessions) csrfToken(s *session) string {
	m := hmac.New(sha256.New, ss.csrfKey)
	m.Write([]byte("csrf\x00" + s.id))
	return hex.EncodeToString(m.Sum(nil))
}

// checkCSRF accepts a state-changing request only from the shop's own
// pages. origin is the shop's own scheme://host.
func (ss *sessions) checkCSRF(r *http.Request, s *session, origin string) error {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return errCSRF
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" && o != origin {
		return errCSRF
	}
	if s == nil {
		return errCSRF
	}
	given, err := hex.DecodeString(r.PostFormValue(csrfField))
	if err != nil {
		return errCSRF
	}
	want, _ := hex.DecodeString(ss.csrfToken(s))
	if !hmac.Equal(given, want) {
		return errCSRF
	}
	return nil
}

// originOf returns scheme://host of an absolute URL.
func originOf(u *url.URL) string { return u.Scheme + "://" + u.Host }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail on supported platforms
	return b
}

// randomToken is 32 unguessable characters.
func randomToken() string {
	return hex.EncodeToString(randomBytes(16))
}

// randomCode is n characters of [A-Z2-7], for references people read.
func randomCode(n int) string {
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(randomBytes(n))
	return s[:n]
}
