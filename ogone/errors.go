package ogone

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gogone/ogone/internal/pan"
)

// DirectLink errors, for errors.Is.
var (
	// ErrOutcomeUnknown means a request that changes a payment (an order
	// or a maintenance operation) may or may not have been carried out:
	// the connection failed or timed out after the request left, or the
	// answer could not be read. Do not send it again: ask the platform
	// with Client.Reconcile (or Client.Query) what happened. The error is
	// an *OutcomeUnknownError that also unwraps to the cause.
	ErrOutcomeUnknown = errors.New("ogone: outcome unknown; query the order before sending it again")

	// ErrDuplicateOrder matches an *Error for NCERROR 50001113: the
	// ORDERID was already used. The Response and the Error carry the
	// existing order's PAYID; query it to learn its status.
	ErrDuplicateOrder = errors.New("ogone: order already processed (NCERROR 50001113)")
	// ErrDuplicateMaintenance matches an *Error for NCERROR 50001127: the
	// order's status does not allow the operation, typically because the
	// same capture, refund or cancellation was already done.
	ErrDuplicateMaintenance = errors.New("ogone: operation not allowed in the order's status, maybe already done (NCERROR 50001127)")
	// ErrUnknownOrder matches an *Error for NCERROR 50001130: the
	// platform has no order under the PAYID or ORDERID given.
	ErrUnknownOrder = errors.New("ogone: no such order (NCERROR 50001130)")

	// ErrNotXML means the platform (or something in between, such as a
	// proxy or a maintenance page) answered with HTML or text instead of
	// a DirectLink XML reply.
	ErrNotXML = errors.New("ogone: reply is not XML")
	// ErrMalformedReply means an XML reply that is truncated, broken, or
	// lacks what every DirectLink reply has (one ncresponse element with a
	// STATUS).
	ErrMalformedReply = errors.New("ogone: malformed reply")
	// ErrReplyTooLarge means a reply larger than MaxReplySize. Nothing of
	// it is parsed.
	ErrReplyTooLarge = errors.New("ogone: reply larger than 1 MiB")
	// ErrRedirect matches an *HTTPStatusError for a 3xx answer. DirectLink
	// never follows a redirect, whatever the HTTP client says: the request
	// carries the API password and card data, and a followed 307 would
	// send them, and the payment, to wherever the Location points, or
	// send it twice. For an order or a maintenance request the error is
	// also ErrOutcomeUnknown.
	ErrRedirect = errors.New("ogone: redirect not followed")
	// ErrReplyMismatch matches a *ReplyMismatchError: a reply about
	// another order than the one the request named.
	ErrReplyMismatch = errors.New("ogone: reply is about another order")
	// ErrNoOrderReference means a maintenance or query request that names
	// its order by neither PAYID nor ORDERID, or by both.
	ErrNoOrderReference = errors.New("identify the order by PAYID or by ORDERID, exactly one")
)

// Error is the platform's refusal of a DirectLink request: a new order
// declined or invalid (STATUS 0, 2 or 93, or an NCERROR), a maintenance
// operation refused (STATUS 0, 63, 73, 83, 93, ... or an NCERROR), a direct
// query that failed (STATUS 88). The method that got it
// returns the parsed *Response as well, for inspection.
//
// Use errors.As to read the codes, and errors.Is with ErrDuplicateOrder,
// ErrDuplicateMaintenance and ErrUnknownOrder. OrderID and PayID identify
// the order; they are not secret. Nothing else of the request is kept.
type Error struct {
	Op          string  // "order", "maintenance" or "query"
	OrderID     string  // ORDERID of the reply
	PayID       string  // PAYID of the reply; the existing order's for a duplicate
	Status      Status  // STATUS of the reply
	NCError     NCError // NCERROR of the reply
	NCErrorPlus string  // the platform's explanation, "" when it gave none
}

// Error describes the refusal: the operation, the order, the codes and
// their meanings, and the platform's own text with anything that looks
// like a card number masked.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ogone: ")
	b.WriteString(e.Op)
	if e.OrderID != "" {
		b.WriteString(" ")
		b.WriteString(strconv.Quote(truncate(e.OrderID, MaxOrderIDLength)))
	}
	b.WriteString(" refused: STATUS ")
	if e.Status == StatusNone {
		b.WriteString("empty")
	} else {
		b.WriteString(e.Status.String())
	}
	if !e.NCError.OK() {
		b.WriteString(", NCERROR ")
		b.WriteString(e.NCError.String())
	}
	if plus := safeText(e.NCErrorPlus, 200); plus != "" {
		b.WriteString(": ")
		b.WriteString(strconv.Quote(plus))
	}
	return b.String()
}

// Is makes errors.Is match ErrDuplicateOrder, ErrDuplicateMaintenance and
// ErrUnknownOrder by NCERROR code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrDuplicateOrder:
		return e.NCError == NCErrorDuplicateOrder
	case ErrDuplicateMaintenance:
		return e.NCError == NCErrorWrongOrderStatus
	case ErrUnknownOrder:
		return e.NCError == NCErrorOrderNotAccessible
	}
	return false
}

// Retryable reports whether the customer may try again and expect another
// answer (see NCError.Retryable). A duplicate never is.
func (e *Error) Retryable() bool { return e.NCError.Retryable() }

// TransportError means a DirectLink request or its reply did not get
// through: no connection, a TLS failure, a timeout, a cancelled context, a
// reply cut short. Like url.Error it names the operation and the URL (with
// any user info and query removed) and unwraps to the cause, so that
// errors.Is(err, context.DeadlineExceeded) works.
type TransportError struct {
	Op  string // "order", "maintenance" or "query"
	URL string // the endpoint, redacted
	Err error
}

func (e *TransportError) Error() string {
	return "ogone: " + e.Op + " " + strconv.Quote(e.URL) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the cause was a timeout.
func (e *TransportError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.Err, &t) && t.Timeout()
}

// HTTPStatusError means the endpoint answered with an HTTP status other
// than 200 OK. The body is not kept: it is usually an error page of a
// proxy or load balancer. A 3xx status matches ErrRedirect: the redirect
// was not followed, and nothing was sent to its Location.
type HTTPStatusError struct {
	Op         string // "order", "maintenance" or "query"
	URL        string // the endpoint, redacted
	StatusCode int    // such as 500 or 503
	// Location is where a 3xx answer pointed, resolved and redacted like
	// URL; it was not visited. Empty for other statuses.
	Location string
}

func (e *HTTPStatusError) Error() string {
	msg := "ogone: " + e.Op + " " + strconv.Quote(e.URL) + ": HTTP status " + strconv.Itoa(e.StatusCode)
	switch {
	case !isRedirect(e.StatusCode):
		return msg
	case e.Location != "":
		return msg + ", redirect to " + strconv.Quote(e.Location) + " not followed"
	}
	return msg + ", redirect not followed"
}

// Is makes errors.Is match ErrRedirect for a 3xx status.
func (e *HTTPStatusError) Is(target error) bool {
	return target == ErrRedirect && isRedirect(e.StatusCode)
}

// ReplyMismatchError means a DirectLink reply about another order than the
// one the request named: its ORDERID differs from the one sent, or its
// PAYID from the one a maintenance request or query sent. Such a reply
// answers someone else's request (a confused proxy, a cache, a hostile
// server), so it is not returned; for an order or a maintenance request
// the answer about the shop's own order is missing, and the error is also
// ErrOutcomeUnknown.
//
// ORDERIDs are compared exactly, case and spaces included: the platform
// sends back the ORDERID it received, and shops key their orders by it.
// PAYIDs are compared as numbers ("007" is "7"). A reference the reply
// leaves out (or a PAYID of "0", which means none) is not compared.
//
// It matches ErrReplyMismatch and, since the reply does not answer the
// request, ErrMalformedReply.
type ReplyMismatchError struct {
	Op    string // "order", "maintenance" or "query"
	URL   string // the endpoint, redacted
	Field string // "ORDERID" or "PAYID"
	Sent  string // the value the request carried
	Got   string // the reply's value, card numbers masked, shortened
}

func (e *ReplyMismatchError) Error() string {
	return "ogone: " + e.Op + " " + strconv.Quote(e.URL) + ": reply is about " + e.Field + " " +
		strconv.Quote(e.Got) + ", not " + strconv.Quote(e.Sent)
}

// Is makes errors.Is match ErrReplyMismatch and ErrMalformedReply.
func (e *ReplyMismatchError) Is(target error) bool {
	return target == ErrReplyMismatch || target == ErrMalformedReply
}

// OutcomeUnknownError is what an order or a maintenance request returns
// when it may have been carried out but no readable answer about it came
// back. It matches ErrOutcomeUnknown and unwraps to the cause (a
// *TransportError, an *HTTPStatusError, which for a redirect matches
// ErrRedirect, ErrNotXML, ErrMalformedReply, ErrReplyTooLarge, a
// *ReplyMismatchError), so
// both errors.Is(err, ErrOutcomeUnknown) and errors.Is(err,
// context.DeadlineExceeded) hold after a timeout.
//
// The library never sends the request again by itself. Ask the platform
// with Client.Reconcile(ctx, OrderID) (or Query by PayID) before anything
// else.
type OutcomeUnknownError struct {
	Op      string // "order" or "maintenance"
	OrderID string // the ORDERID sent, if any
	PayID   string // the PAYID sent, if any
	Err     error
}

func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	b.WriteString("ogone: outcome of ")
	b.WriteString(e.Op)
	switch {
	case e.PayID != "":
		b.WriteString(" of PAYID ")
		b.WriteString(e.PayID)
	case e.OrderID != "":
		b.WriteString(" ")
		b.WriteString(strconv.Quote(e.OrderID))
	}
	b.WriteString(" unknown; query it before sending it again: ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Is makes errors.Is match ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// redactURL removes user info, query and fragment from an endpoint for
// error messages. Endpoints never carry them (Config.Validate sees to
// that); this is a second lock.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}

// safeText prepares text that came from the platform for an error message:
// control characters dropped, then card numbers masked (pan.MaskInText),
// then at most max bytes. Dropping comes first so that a control character
// cannot split a card number out of the masker's sight.
func safeText(s string, max int) string {
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) {
			return -1
		}
		return r
	}, s)
	out := pan.MaskInText(clean)
	if len(out) > max {
		cut := max
		for cut > 0 && out[cut]&0xC0 == 0x80 {
			cut--
		}
		out = out[:cut] + "…"
	}
	return out
}
