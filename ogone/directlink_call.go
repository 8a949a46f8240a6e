package ogone

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// call describes one DirectLink request.
type call struct {
	op      string  // "order", "maintenance" or "query", for errors and logs
	purpose Purpose // the endpoint
	// changes is true for requests that may move money or change the
	// order, whose outcome is unknown when no answer comes back.
	changes bool
	// orderID and payID are the references the request carried; the
	// reply must not be about another order.
	orderID, payID string
}

// call checks, signs and sends a DirectLink request built by fields, reads
// its reply, and logs the call when the Client has a logger.
func (c *Client) call(ctx context.Context, k call, fields func() ([]FormField, error)) (*Response, error) {
	start := time.Now()
	r, err := c.send(ctx, k, fields)
	if c != nil && c.logger != nil {
		c.logCall(ctx, k, r, err, time.Since(start))
	}
	return r, err
}

// refuse returns, and logs like a call, an error found before the call's
// request could be built.
func (c *Client) refuse(ctx context.Context, k call, err error) (*Response, error) {
	if c != nil && c.logger != nil {
		c.logCall(ctx, k, nil, err, 0)
	}
	return nil, err
}

// send makes one DirectLink call: it builds and signs the request, posts
// it, checks that the reply answers it, and turns a refusal into *Error.
// Every failure after the request may have reached the platform is marked
// by k.unknown.
func (c *Client) send(ctx context.Context, k call, fields func() ([]FormField, error)) (*Response, error) {
	endpoint, form, err := c.signedForm(k, fields)
	if err != nil {
		return nil, err
	}
	safeURL := redactURL(endpoint)
	req, err := c.newRequest(ctx, k, endpoint, safeURL, form)
	if err != nil {
		return nil, err
	}
	// From here on the request may have reached the platform.
	r, err := c.roundTrip(k, req, safeURL)
	if err != nil {
		return nil, k.unknown(err)
	}
	scrubEcho(r, form)
	if refused(k.op, r) {
		return r, &Error{Op: k.op, OrderID: r.OrderID, PayID: r.PayID, Status: r.Status, NCError: r.NCError, NCErrorPlus: r.NCErrorPlus}
	}
	return r, nil
}

// signedForm checks the Client and its configuration, builds the
// request's fields and signs them: it gives the endpoint of k.purpose and
// the form to post there.
func (c *Client) signedForm(k call, fields func() ([]FormField, error)) (endpoint string, form url.Values, err error) {
	if c == nil || c.signIn == nil || c.http == nil {
		return "", nil, ErrNoClient
	}
	if err := c.cfg.ValidateDirectLink(); err != nil {
		return "", nil, err
	}
	endpoint, err = c.cfg.Endpoint(k.purpose)
	if err != nil {
		return "", nil, err
	}
	fs, err := fields()
	if err != nil {
		return "", nil, err
	}
	form, err = c.directForm(fs)
	if err != nil {
		return "", nil, err
	}
	return endpoint, form, nil
}

// newRequest makes the POST of form to endpoint. Its errors are
// *TransportError, with nothing sent: the outcome is known.
func (c *Client) newRequest(ctx context.Context, k call, endpoint, safeURL string, form url.Values) (*http.Request, error) {
	if ctx == nil {
		return nil, &TransportError{Op: k.op, URL: safeURL, Err: errors.New("nil context")}
	}
	// A context that is already done means nothing was sent.
	if err := ctx.Err(); err != nil {
		return nil, &TransportError{Op: k.op, URL: safeURL, Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, &TransportError{Op: k.op, URL: safeURL, Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/xml, application/xml")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	return req, nil
}

// roundTrip posts req, never following a redirect, and reads the reply,
// which must answer the request (k.answers). The request may have reached
// the platform whatever the error.
func (c *Client) roundTrip(k call, req *http.Request, safeURL string) (*Response, error) {
	resp, err := noRedirects(c.http).Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its URL is the endpoint, already in TransportError
		}
		return nil, &TransportError{Op: k.op, URL: safeURL, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, k.statusError(req, resp, safeURL)
	}
	r, err := k.parseBody(resp, safeURL)
	if err != nil {
		return nil, err
	}
	if err := k.answers(r, safeURL); err != nil {
		return nil, err
	}
	return r, nil
}

// statusError describes a reply whose HTTP status is not 200 OK, with a
// redirect's Location resolved and redacted. It reads a little of the
// body first, so that the connection can be reused.
func (k call) statusError(req *http.Request, resp *http.Response, safeURL string) error {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	e := &HTTPStatusError{Op: k.op, URL: safeURL, StatusCode: resp.StatusCode}
	if isRedirect(resp.StatusCode) {
		e.Location = redactLocation(req.URL, resp.Header.Get("Location"))
	}
	return e
}

// parseBody reads and parses the body of a 200 reply. A reply that is
// not XML and says it is HTML fails with ErrNotXML.
func (k call) parseBody(resp *http.Response, safeURL string) (*Response, error) {
	body, err := readReply(resp.Body)
	if err != nil {
		if errors.Is(err, ErrReplyTooLarge) {
			return nil, &replyCallError{op: k.op, url: safeURL, err: err}
		}
		return nil, &TransportError{Op: k.op, URL: safeURL, Err: err}
	}
	r, err := parseReply(body)
	if err != nil {
		if errors.Is(err, ErrMalformedReply) && isHTMLContentType(resp.Header.Get("Content-Type")) {
			err = notXML("an HTML page (Content-Type text/html)")
		}
		return nil, &replyCallError{op: k.op, url: safeURL, err: err}
	}
	return r, nil
}

// echoedNames are the request parameters whose values a reply's free text
// must not give back: a platform (or something posing as one) that echoes
// the request would otherwise put them into errors and logs. Card numbers
// are masked wherever they are (pan.MaskInText); these are short values
// that only the request tells apart.
var echoedNames = [...]string{"PSWD", "CVC", "ED"}

// scrubEcho replaces, in the reply's NCERRORPLUS and Extra values, any
// value of echoedNames the request carried.
func scrubEcho(r *Response, form url.Values) {
	for _, name := range echoedNames {
		v := form.Get(name)
		if len(v) < 3 {
			continue
		}
		r.NCErrorPlus = strings.ReplaceAll(r.NCErrorPlus, v, "[REDACTED]")
		for k, x := range r.Extra {
			if strings.Contains(x, v) {
				r.Extra[k] = strings.ReplaceAll(x, v, "[REDACTED]")
			}
		}
	}
}

// noRedirects returns a copy of hc that never follows a redirect: the
// 3xx answer itself comes back, and its Location is never visited, so the
// request, credentials and card data included, goes to the endpoint and
// nowhere else. Everything else of hc (Transport, Jar, Timeout) is kept,
// and hc itself is left as it is. The copy is made for every call, so
// that a change the caller makes to hc later still applies.
func noRedirects(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = refuseRedirect
	return &cp
}

func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func isRedirect(code int) bool { return code >= 300 && code <= 399 }

// redactLocation resolves a redirect's Location against the request URL
// and strips it like an endpoint, for the error message.
func redactLocation(base *url.URL, loc string) string {
	if loc == "" {
		return ""
	}
	u, err := base.Parse(loc)
	if err != nil {
		return "(unparsable URL)"
	}
	return redactURL(u.String())
}

// answers checks that r is about the order the request named: the same
// ORDERID, compared exactly, when both the request and the reply carry
// one; the same PAYID, compared as a number, when both carry one (a reply
// PAYID of "0" means none).
func (k call) answers(r *Response, safeURL string) error {
	if k.orderID != "" && r.OrderID != "" && r.OrderID != k.orderID {
		return &ReplyMismatchError{Op: k.op, URL: safeURL, Field: "ORDERID", Sent: k.orderID, Got: replyValue(r.OrderID)}
	}
	if k.payID != "" && r.PayID != "" && r.PayID != "0" &&
		strings.TrimLeft(r.PayID, "0") != strings.TrimLeft(k.payID, "0") {
		return &ReplyMismatchError{Op: k.op, URL: safeURL, Field: "PAYID", Sent: k.payID, Got: replyValue(r.PayID)}
	}
	return nil
}

// replyValue prepares a value of an untrusted reply for a message.
func replyValue(s string) string { return truncate(safeText(s, 2*MaxOrderIDLength), MaxOrderIDLength) }

// unknown marks the failure of a request that changes an order as one
// whose outcome is unknown.
func (k call) unknown(err error) error {
	if !k.changes {
		return err
	}
	return &OutcomeUnknownError{Op: k.op, OrderID: k.orderID, PayID: k.payID, Err: err}
}

// refused reports whether a reply is the platform's refusal of the
// request rather than an answer to it.
func refused(op string, r *Response) bool {
	if op == "query" {
		// A query describes an order, declined ones too; it failed only
		// when the platform says so (88) or found no order to describe.
		return r.Status == StatusQueryFailed || ((r.PayID == "" || r.PayID == "0") && !r.NCError.OK())
	}
	// An uncertain status comes with a technical NCERROR (2...): it is an
	// answer, "not known yet", not a refusal.
	switch r.Status.State() {
	case StateDeclined, StateError:
		return true
	}
	return !r.NCError.OK() && !r.Status.Uncertain()
}

// directForm adds the account's parameters to fs and signs them.
func (c *Client) directForm(fs []FormField) (url.Values, error) {
	b := builder{fields: fs}
	b.add("PSPID", c.cfg.PSPID)
	b.add("USERID", c.cfg.UserID)
	b.add("PSWD", c.cfg.Password.Reveal())
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	sig, err := signFields(c.signIn, b.fields)
	if err != nil {
		return nil, err
	}
	// One backing array for every value keeps the form to two allocations
	// however many fields there are.
	form := make(url.Values, len(b.fields)+1)
	backing := make([]string, len(b.fields))
	for i, f := range b.fields {
		backing[i] = f.Value
		form[f.Name] = backing[i : i+1 : i+1]
	}
	form["SHASIGN"] = []string{sig}
	return form, nil
}

func isHTMLContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// replyCallError places a reply error (ErrNotXML, ErrMalformedReply,
// ErrReplyTooLarge) in its call, like TransportError does for transport
// errors.
type replyCallError struct {
	op, url string
	err     error
}

func (e *replyCallError) Error() string {
	return "ogone: " + e.op + " " + strconv.Quote(e.url) + ": " + errorText(e.err)
}

func (e *replyCallError) Unwrap() error { return e.err }
