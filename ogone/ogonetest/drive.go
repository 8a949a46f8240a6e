package ogonetest

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gogone/ogone/ogone"
)

// PayWith is what the simulated customer does on the pages Pay,
// RegisterCard and Answer3DS go through. The zero value pays with
// CardAccepted and passes 3-D Secure.
type PayWith struct {
	// Card is the card number typed, such as CardRefused or Card3DS;
	// empty means CardAccepted.
	Card string
	// Expiry (MM/YY) and CVC typed with the card; empty means 12/99 and
	// 123 (1234 for an American Express number).
	Expiry, CVC string
	// Holder is the card holder typed; empty keeps the order's CN (a card
	// registration then sends "Test Customer").
	Holder string
	// Method, when set to a method other than a card brand (such as
	// ogone.MethodIDEAL, ogone.MethodBankTransfer or
	// ogone.MethodBancontact), pays on that method's page instead of the
	// card form.
	Method ogone.Method
	// Cancel presses Cancel instead of paying.
	Cancel bool
	// Refuse makes the bank or wallet of a Method refuse the payment
	// (STATUS 2). Cards are refused by their number (CardRefused).
	Refuse bool
	// ThreeDS is the answer to a 3-D Secure page, if one comes.
	ThreeDS ThreeDSAnswer
}

// ThreeDSAnswer is what the customer does on a 3-D Secure page.
type ThreeDSAnswer uint8

// The answers to a 3-D Secure page.
const (
	// ThreeDSPassed authenticates: the order is authorised (STATUS 5 or
	// 9) and the customer goes to ACCEPTURL.
	ThreeDSPassed ThreeDSAnswer = iota
	// ThreeDSFailed fails the authentication: STATUS 2, NCERROR
	// 40001134, and the customer goes to DECLINEURL.
	ThreeDSFailed
	// ThreeDSAbandoned leaves the page without answering: the order stays
	// in STATUS 46, no feedback is sent, and the Landing is the 3-D Secure
	// page itself. Answer3DS can answer it later. Values beyond the
	// constants act as ThreeDSAbandoned.
	ThreeDSAbandoned
)

func (a ThreeDSAnswer) String() string {
	switch a {
	case ThreeDSPassed:
		return "passed"
	case ThreeDSFailed:
		return "failed"
	case ThreeDSAbandoned:
		return "abandoned"
	}
	return "ThreeDSAnswer(" + strconv.Itoa(int(a)) + ")"
}

// Landing is where the customer's browser ends up after a page of the
// simulator: the shop's ACCEPTURL, DECLINEURL, EXCEPTIONURL or CANCELURL
// (or the simulator's result page when the order gave none) with the
// signed feedback in the query, or the 3-D Secure page of an abandoned
// authentication. The server-to-server feedback was sent (or held, see
// HoldFeedback) before the Landing is returned, as the platform sends it
// before redirecting.
type Landing struct {
	// URL is the absolute URL the browser goes to. GET it with the shop's
	// client to run the shop's return page.
	URL *url.URL
	// Feedback is URL's query: the parameters the shop verifies with its
	// SHA-OUT passphrase. It is empty on the 3-D Secure page.
	Feedback url.Values

	OrderID string
	// PAYID, Status and NCError are the order's after a payment, as a
	// direct query would report them; they are empty after a card
	// registration, whose result is in Feedback (STATUS or Alias.Status).
	PAYID   string
	Status  ogone.Status
	NCError ogone.NCError
	// Alias is the alias the card was stored under, if any.
	Alias string
}

// PageError is a simulator page that stopped the customer: the platform's
// error page (a refused request: wrong signature, duplicate ORDERID, ...)
// or a form shown again because what was typed is invalid.
type PageError struct {
	NCError ogone.NCError // the page's NCERROR, when it shows one
	Message string        // the page's message
}

func (e *PageError) Error() string {
	if e.NCError != "" {
		return "ogonetest: page refused: " + e.Message + " (NCERROR " + string(e.NCError) + ")"
	}
	return "ogonetest: page refused: " + e.Message
}

// Errors of the helpers that drive the simulator's pages.
var (
	// ErrNotThisServer means a form or URL does not lead to a page of
	// this simulator.
	ErrNotThisServer = errors.New("ogonetest: not a page of this simulator")
	// ErrNoPendingAuthentication means the order has no 3-D Secure page
	// waiting for an answer.
	ErrNoPendingAuthentication = errors.New("ogonetest: no authentication pending for this order")
	// ErrUnexpectedPage means a page answered in a way no browser step
	// covers (a bug in the simulator or a fault injected with
	// InjectFault).
	ErrUnexpectedPage = errors.New("ogonetest: unexpected page")
)

// Pay completes the hosted payment page as a customer's browser would:
// it posts form (the *ogone.Form of Client.HostedPaymentPage) to the
// simulator, fills in the card or picks the Method of with, answers 3-D
// Secure with with.ThreeDS, and returns where the customer lands. The
// server-to-server feedback is sent as the account is configured before
// Pay returns. The pages are served in process, through Handler, so a
// server need not be started; form.Action must be orderstandard_utf8.asp
// on this server's URL (on any host while URL is empty), or Pay returns
// ErrNotThisServer.
//
// A page that refuses the request or what was typed gives a *PageError.
func (s *Server) Pay(ctx context.Context, form *ogone.Form, with PayWith) (*Landing, error) {
	if form == nil {
		return nil, ErrNotThisServer
	}
	return s.PayValues(ctx, form.Action, form.Values(), with)
}

// PayValues is Pay for a shop that builds its own form: fields (SHASIGN
// included) posted to action.
func (s *Server) PayValues(ctx context.Context, action string, fields url.Values, with PayWith) (*Landing, error) {
	env, page, err := s.ownPage(action)
	if err != nil {
		return nil, err
	}
	if page != "orderstandard_utf8.asp" {
		return nil, ErrNotThisServer
	}
	b := &browser{s: s, ctx: ctx}
	body, err := b.page(http.MethodPost, "/ncol/"+env+"/"+page, fields)
	if err != nil {
		return nil, err
	}
	token, err := tokenIn(body)
	if err != nil {
		return nil, err
	}
	sm, ok := simMethodFor(with.Method)
	if m := chosenRE.FindStringSubmatch(body); m != nil && with.Method == (ogone.Method{}) {
		sm, ok = simMethodByKey(m[1]) // the shop's PM opened a method's page
	}
	var resp *http.Response
	if ok {
		action := "pay"
		switch {
		case with.Cancel:
			action = "cancel"
		case with.Refuse:
			action = "refuse"
		}
		resp, err = b.do(http.MethodPost, "/ncol/"+env+"/simulator/method", url.Values{
			"token": {token}, "method": {sm.key}, "action": {action},
		})
	} else {
		resp, err = b.do(http.MethodPost, "/ncol/"+env+"/simulator/pay", with.cardForm(token, ""))
	}
	if err != nil {
		return nil, err
	}
	return b.land(resp, fields.Get("ORDERID"), with.ThreeDS)
}

// Answer3DS answers the 3-D Secure page waiting for the order with
// orderID, as the customer would: the order of a DirectLink reply with
// STATUS 46 (its HTML_ANSWER leads there) or of a Pay that abandoned it.
// The customer then lands on the order's URL for the outcome, with
// feedback sent as for Pay. ThreeDSAbandoned leaves the page as it is.
// It returns ErrNoPendingAuthentication when no page waits.
func (s *Server) Answer3DS(ctx context.Context, orderID string, answer ThreeDSAnswer) (*Landing, error) {
	s.mu.Lock()
	token, env, ok := s.pendingAuthLocked(orderID)
	s.mu.Unlock()
	if !ok {
		return nil, ErrNoPendingAuthentication
	}
	b := &browser{s: s, ctx: ctx}
	return b.answer3DS("/ncol/"+env+"/simulator/3ds?token="+url.QueryEscape(token), orderID, answer)
}

// pendingAuthLocked finds the 3-D Secure session of the latest order with
// orderID.
func (s *Server) pendingAuthLocked(orderID string) (token, env string, ok bool) {
	t, found := s.state.byOrderID[orderID]
	if !found || t.status != ogone.StatusWaitingAuthentication {
		return "", "", false
	}
	for tok, sess := range s.state.sessions {
		if sess.kind == sessionThreeDS && sess.payID == t.payID {
			return tok, t.env, true
		}
	}
	return "", "", false
}

// RegisterCard completes an Alias Gateway or FlexCheckout page as a
// customer would and returns where the customer lands, with the signed
// alias result in Landing.Feedback. For Alias Gateway, page is
// alias_gateway_utf8.asp and fields the shop's signed hidden fields; the
// card fields are added as the shop's own form would post them. For
// FlexCheckout, page is the signed /Tokenization/HostedPage URL the shop
// redirects to, and fields nil. with.Cancel cancels a FlexCheckout page;
// Alias Gateway has no cancel and ignores it.
func (s *Server) RegisterCard(ctx context.Context, page string, fields url.Values, with PayWith) (*Landing, error) {
	env, name, err := s.ownPage(page)
	if err != nil {
		return nil, err
	}
	if with.Holder == "" {
		with.Holder = "Test Customer"
	}
	b := &browser{s: s, ctx: ctx}
	var resp *http.Response
	switch name {
	case "alias_gateway_utf8.asp":
		with.Cancel = false // the shop's own form has no cancel
		v := with.cardForm("", "")
		for k, vs := range fields {
			v[k] = vs
		}
		resp, err = b.do(http.MethodPost, "/ncol/"+env+"/"+name, v)
	case flexPage:
		u, _ := url.Parse(page) // ownPage parsed it
		target := u.EscapedPath() + "?" + u.RawQuery
		if _, err := b.page(http.MethodGet, target, nil); err != nil {
			return nil, err
		}
		resp, err = b.do(http.MethodPost, target, with.cardForm("", "submit"))
	default:
		return nil, ErrNotThisServer
	}
	if err != nil {
		return nil, err
	}
	l, err := b.redirected(resp)
	if err != nil {
		return nil, err
	}
	l.OrderID = firstOf(l.Feedback, "ORDERID", "Alias.OrderId")
	l.Alias = firstOf(l.Feedback, "ALIAS", "Alias.AliasId")
	return l, nil
}

// flexPage is the lowercased FlexCheckout path as ownPage reports it.
const flexPage = "/tokenization/hostedpage"

// ownPage checks that target is one of this server's pages and returns
// its environment and lowercased page name (flexPage for FlexCheckout).
func (s *Server) ownPage(target string) (env, page string, err error) {
	u, err := url.Parse(target)
	if err != nil {
		return "", "", ErrNotThisServer
	}
	if u.Host != "" && s.URL != "" {
		base, err := url.Parse(s.URL)
		if err != nil || !strings.EqualFold(base.Host, u.Host) {
			return "", "", ErrNotThisServer
		}
	}
	if strings.EqualFold(u.Path, "/Tokenization/HostedPage") {
		return "", flexPage, nil
	}
	env, page, ok := splitNcolPath(u.Path)
	if !ok {
		return "", "", ErrNotThisServer
	}
	return env, page, nil
}

// cardForm is the card form as the customer fills it in.
func (w PayWith) cardForm(token, action string) url.Values {
	number := or(w.Card, CardAccepted)
	cvc := w.CVC
	if cvc == "" {
		cvc = "123"
		if brandOf(number) == "American Express" {
			cvc = "1234"
		}
	}
	v := url.Values{"CARDNO": {number}, "ED": {or(w.Expiry, "12/99")}, "CVC": {cvc}}
	if w.Holder != "" {
		v.Set("CN", w.Holder)
	}
	if token != "" {
		v.Set("token", token)
		action = "pay"
	}
	if w.Cancel {
		action = "cancel"
	}
	if action != "" {
		v.Set("action", action)
	}
	return v
}

// browser walks the simulator's pages in process, stopping at every
// redirect as a test watching a browser would.
type browser struct {
	s   *Server
	ctx context.Context
}

// maxPage bounds what the browser reads of a page.
const maxPage = 1 << 20

func (b *browser) do(method, target string, form url.Values) (*http.Response, error) {
	if err := b.ctx.Err(); err != nil {
		return nil, err
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	// The host is never dialled: the request goes to Handler in process.
	r, err := http.NewRequestWithContext(b.ctx, method, "http://simulator"+target, body)
	if err != nil {
		return nil, ErrNotThisServer
	}
	r.RemoteAddr = "127.0.0.1:49152"
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	b.s.handler.ServeHTTP(w, r)
	if err := b.ctx.Err(); err != nil {
		return nil, err
	}
	return w.Result(), nil
}

// page requests a page that must answer 200 with HTML holding a form, and
// returns the HTML. An error page becomes a *PageError.
func (b *browser) page(method, target string, form url.Values) (string, error) {
	resp, err := b.do(method, target, form)
	if err != nil {
		return "", err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxPage)) // a recorder's body cannot fail
	if resp.StatusCode != http.StatusOK {
		return "", ErrUnexpectedPage
	}
	if err := pageError(string(body)); err != nil {
		return "", err
	}
	return string(body), nil
}

var (
	tokenRE   = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)
	chosenRE  = regexp.MustCompile(`<input type="hidden" name="method" value="([a-z]+)">`)
	messageRE = regexp.MustCompile(`<p class="error" id="(?:message|error)">([^<]*)</p>`)
	ncerrorRE = regexp.MustCompile(`id="ncerror">([0-9]+)<`)
)

// pageError reads the error a page shows, or nil.
func pageError(body string) error {
	m := messageRE.FindStringSubmatch(body)
	if m == nil {
		return nil
	}
	e := &PageError{Message: html.UnescapeString(m[1])}
	if c := ncerrorRE.FindStringSubmatch(body); c != nil {
		e.NCError = ogone.NCError(c[1])
	}
	return e
}

func tokenIn(body string) (string, error) {
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		return "", ErrUnexpectedPage
	}
	return m[1], nil
}

// land follows a payment's answer: a 3-D Secure page to answer, or the
// shop's URL.
func (b *browser) land(resp *http.Response, orderID string, answer ThreeDSAnswer) (*Landing, error) {
	if resp.StatusCode == http.StatusSeeOther {
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err == nil && loc.Host == "" && strings.HasSuffix(strings.ToLower(loc.Path), "/simulator/3ds") {
			return b.answer3DS(loc.String(), orderID, answer)
		}
	}
	l, err := b.redirected(resp)
	if err != nil {
		return nil, err
	}
	b.s.orderOutcome(l, orderID)
	return l, nil
}

// answer3DS opens the 3-D Secure page at target and answers it.
func (b *browser) answer3DS(target, orderID string, answer ThreeDSAnswer) (*Landing, error) {
	body, err := b.page(http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	token, err := tokenIn(body)
	if err != nil {
		return nil, err
	}
	var action string
	switch answer {
	case ThreeDSPassed:
		action = "authenticate"
	case ThreeDSFailed:
		action = "fail"
	default:
		l := &Landing{URL: b.s.absolute(target), OrderID: orderID}
		b.s.orderOutcome(l, orderID)
		return l, nil
	}
	u, _ := url.Parse(target) // built by the simulator
	resp, err := b.do(http.MethodPost, u.Path, url.Values{"token": {token}, "action": {action}})
	if err != nil {
		return nil, err
	}
	l, err := b.redirected(resp)
	if err != nil {
		return nil, err
	}
	b.s.orderOutcome(l, orderID)
	return l, nil
}

// redirected reads the redirect that ends a flow, or the error of a form
// shown again.
func (b *browser) redirected(resp *http.Response) (*Landing, error) {
	if resp.StatusCode != http.StatusSeeOther {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxPage))
		if err := pageError(string(body)); err != nil {
			return nil, err
		}
		return nil, ErrUnexpectedPage
	}
	u := b.s.absolute(resp.Header.Get("Location"))
	if u == nil {
		return nil, ErrUnexpectedPage
	}
	return &Landing{URL: u, Feedback: u.Query()}, nil
}

// absolute resolves a URL the simulator wrote against its own URL.
func (s *Server) absolute(ref string) *url.URL {
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if base, err := url.Parse(s.URL); err == nil && s.URL != "" {
		return base.ResolveReference(u)
	}
	return u
}

// orderOutcome fills in the order's PAYID, status and NCERROR.
func (s *Server) orderOutcome(l *Landing, orderID string) {
	l.OrderID = orderID
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.state.byOrderID[orderID]
	if !ok {
		return
	}
	l.PAYID, l.Status, l.NCError, l.Alias = t.payIDString(), t.status, ogone.NCError(t.ncError), t.alias
}

func firstOf(v url.Values, names ...string) string {
	for _, n := range names {
		if x := v.Get(n); x != "" {
			return x
		}
	}
	return ""
}
