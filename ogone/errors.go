package ogone

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gogone/ogone/internal/pan"
	"github.com/gogone/ogone/shasign"
)

// The package's sentinel errors, for errors.Is, in one place and by
// category. Every message starts with "ogone: ", except that of
// ErrInvalidAlgorithm, which is shasign's sentinel under this package's
// name. A problem with one request field or reply parameter travels inside
// a *FieldError that names the parameter (never its value); its message
// keeps the prefix once: "ogone: ORDERID: order reference must be ...".
var (
	// Configuration: what Config.Validate, Config.ValidateDirectLink,
	// Config.SHAOutKeys, Endpoint and NewClient return.

	ErrMissingPSPID = errors.New("ogone: PSPID is missing")
	// ErrInvalidPSPID means a PSPID with spaces or control characters,
	// usually a copy-and-paste accident that the platform would answer
	// with an unhelpful "unknown order".
	ErrInvalidPSPID     = errors.New("ogone: PSPID must not contain spaces or control characters")
	ErrMissingSHAIn     = errors.New("ogone: SHA-IN passphrase is missing")
	ErrSamePassphrases  = errors.New("ogone: SHA-IN and SHA-OUT passphrases must differ")
	ErrPassphraseLength = errors.New("ogone: passphrase must be 16 to 32 characters")
	ErrMissingAPIUser   = errors.New("ogone: DirectLink needs UserID and Password (the API user)")
	// ErrInvalidAlgorithm means an Algorithm outside shasign's constants.
	// It is shasign.ErrUnknownAlgorithm.
	ErrInvalidAlgorithm = shasign.ErrUnknownAlgorithm
	// ErrInvalidEnvironment means an Environment outside Test and
	// Production.
	ErrInvalidEnvironment = errors.New("ogone: unknown environment")
	// ErrMissingSHAOut means a use that verifies what the platform sends
	// (feedback, alias results) or a previous SHA-OUT key without a
	// current SHAOut passphrase.
	ErrMissingSHAOut = errors.New("ogone: SHA-OUT passphrase is missing")
	// ErrInvalidBaseURL means a BaseURL that is not an absolute http or
	// https URL, or one with a query, fragment or user info. The URL ends
	// up in the action of a form shown to customers, so credentials have
	// no place in it.
	ErrInvalidBaseURL = errors.New("ogone: BaseURL must be an absolute http or https URL without query, fragment or user info, such as http://127.0.0.1:8080")
	// ErrUnknownPurpose means a Purpose outside the Endpoint constants.
	ErrUnknownPurpose = errors.New("ogone: unknown endpoint purpose")
	// ErrInvalidPlatform means a custom Platform without an absolute http
	// or https base (or FlexCheckout host) for the environment asked for.
	ErrInvalidPlatform = errors.New("ogone: platform has no usable URL for this environment and purpose")
	// ErrNoClient means a method was called on a nil Client or on one not
	// made by its NewClient (this package's or package alias's), which has
	// no signer.
	ErrNoClient = errors.New("ogone: Client not created with NewClient")

	// Request validation: a request the library refuses to sign or send.
	// They travel inside a *FieldError naming the parameter.

	ErrMissingField = errors.New("ogone: required field is empty")
	// ErrInvalidValue means a value that is not valid UTF-8 or holds a
	// control character. Browsers rewrite line breaks when they submit a
	// form and HTML turns NUL into U+FFFD, so the platform would hash other
	// bytes than the shop signed.
	ErrInvalidValue = errors.New("ogone: value must be valid UTF-8 without control characters")
	// ErrTooLong means a value longer than the platform accepts for its
	// parameter. The library refuses it rather than cut it: a cut street or
	// name would be sent, and signed, as if the customer had typed it.
	ErrTooLong = errors.New("ogone: value longer than the platform accepts")
	// ErrReservedField means an extra parameter that the library sets
	// itself (PSPID, SHASIGN, a typed field), one that must never reach a
	// browser (PSWD, card data), or a name with characters parameter
	// names do not have.
	ErrReservedField = errors.New("ogone: parameter name reserved or not allowed here")
	// ErrRepeatedField means a parameter given more than once. The
	// platform would read one value and the signature cover another.
	ErrRepeatedField   = errors.New("ogone: parameter given more than once")
	ErrInvalidOrderID  = errors.New("ogone: order reference must be 1 to 30 characters without control characters")
	ErrInvalidCurrency = errors.New("ogone: currency must be three uppercase letters (ISO 4217)")
	// ErrInvalidOperation means an OPERATION the request cannot carry,
	// such as a maintenance code on a new order.
	ErrInvalidOperation = errors.New("ogone: operation not allowed for this request")
	// ErrInvalidURL means a URL parameter that is not an absolute http or
	// https URL. The platform sends the customer there; a relative or
	// javascript: URL would fail on the platform's side, after payment.
	ErrInvalidURL = errors.New("ogone: must be an absolute http or https URL")
	// ErrInvalidLanguage means a LANGUAGE not written like en_US.
	ErrInvalidLanguage = errors.New("ogone: language must look like en_US (language_COUNTRY)")
	// ErrInvalidCountry means an OWNERCTY that is not two uppercase
	// letters (ISO 3166-1 alpha-2).
	ErrInvalidCountry = errors.New("ogone: country must be two uppercase letters (ISO 3166-1)")
	// ErrInvalidAlias means an ALIAS outside 1 to 50 characters of
	// A-Z, a-z, 0-9, '_' and '-'.
	ErrInvalidAlias = errors.New("ogone: alias must be 1 to 50 characters of A-Z, a-z, 0-9, _ and -")
	// ErrInvalidPayID means a PAYID or PAYIDSUB that is not a number.
	ErrInvalidPayID = errors.New("ogone: must be a number of 1 to 20 digits")
	// ErrNoOrderReference means a maintenance or query request that names
	// its order by neither PAYID nor ORDERID, or by both.
	ErrNoOrderReference = errors.New("ogone: identify the order by PAYID or by ORDERID, exactly one")
	// ErrPortionUnset means a capture or refund whose Portion was not made
	// with PartialAmount, FinalAmount or RemainingAmount.
	ErrPortionUnset = errors.New("ogone: say how much: PartialAmount, FinalAmount or RemainingAmount")
	// ErrInvalidCOF means a COF_INITIATOR, COF_TRANSACTION or
	// COF_SCHEDULE outside its constants, a missing one, a recurring
	// expiry outside the years 1000 to 9999, or a recurring frequency
	// outside 1 to 9999 days.
	ErrInvalidCOF = errors.New("ogone: credential-on-file value not allowed")
	// ErrCOFCombination means values that the card schemes'
	// credential-on-file rules forbid together: a merchant-initiated first
	// payment (the customer must agree to storing the card), a
	// merchant-initiated payment without a schedule, recurring expiry or
	// frequency on a payment that is not scheduled, or a merchant-initiated
	// payment asking for 3-D Secure, which needs the customer.
	ErrCOFCombination = errors.New("ogone: combination forbidden by the credential-on-file rules")

	// Amounts: what ParseAmount and the request builders refuse.

	// ErrAmountPrecision means an amount has more than two decimals. The
	// platform counts in hundredths; rounding silently would charge a
	// different sum than the shop computed.
	ErrAmountPrecision = errors.New("ogone: amount has more than 2 decimals")
	// ErrAmountNotPositive means a zero or negative amount.
	ErrAmountNotPositive = errors.New("ogone: amount must be positive")
	// ErrAmountTooLarge means an amount beyond what the platform's integer
	// AMOUNT field carries.
	ErrAmountTooLarge = errors.New("ogone: amount too large")
	// ErrInvalidAmount means an AMOUNT the platform sent back is not a
	// decimal number.
	ErrInvalidAmount = errors.New("ogone: invalid amount")

	// Card: the card model's checks. They travel inside a *FieldError
	// naming the parameter (CARDNO, ED or CVC), never holding the value.

	// ErrInvalidCardNumber means a card number that is not 12 to 19
	// digits once spaces and dashes are taken out.
	ErrInvalidCardNumber = errors.New("ogone: card number must be 12 to 19 digits")
	// ErrCardNumberChecksum means a card number whose Luhn check digit is
	// wrong: a typing mistake, caught before the platform charges a fee
	// for refusing it.
	ErrCardNumberChecksum = errors.New("ogone: card number fails the Luhn check")
	// ErrInvalidExpiry means an expiry date not written MMYY, MM/YY or
	// MM/YYYY with a month from 01 to 12 and a year from 2000 to 2099.
	ErrInvalidExpiry = errors.New("ogone: expiry date must be MMYY, MM/YY or MM/YYYY with a month from 01 to 12")
	// ErrCardExpired means an expiry month that is over.
	ErrCardExpired = errors.New("ogone: card has expired")
	// ErrInvalidCVC means a CVC that is not 3 digits, or 4 for American
	// Express.
	ErrInvalidCVC = errors.New("ogone: CVC must be 3 digits (4 for American Express)")

	// DirectLink orders and 3-D Secure v2: what an Order may not carry.
	// They travel inside a *FieldError naming the parameter.

	// ErrMissingCardOrAlias means an order with neither a Card nor an
	// Alias to pay with.
	ErrMissingCardOrAlias = errors.New("ogone: order needs a Card or an Alias to pay with")
	// ErrInvalidECI means an ECI outside 1 to 9.
	ErrInvalidECI = errors.New("ogone: ECI must be 1 to 9")
	// ErrInvalidRemoteAddr means a REMOTE_ADDR that is neither an IP
	// address nor "NONE".
	ErrInvalidRemoteAddr = errors.New(`ogone: remote address must be an IP address or "NONE"`)
	// ErrInvalidTimeout means an RTIMEOUT outside 30 to 90 whole seconds.
	ErrInvalidTimeout = errors.New("ogone: timeout must be 30 to 90 whole seconds")
	// ErrTimeoutTooLong means an RTIMEOUT at least as long as the HTTP
	// client's timeout or what is left of ctx: the client would give up
	// before the platform answers, leaving the outcome unknown.
	ErrTimeoutTooLong = errors.New("ogone: timeout must be shorter than the HTTP client's timeout and the context's deadline")
	// ErrMissing3DSField means 3-D Secure asked for without the browser's
	// Accept and User-Agent headers or the AcceptURL, without which the
	// authentication cannot run.
	ErrMissing3DSField = errors.New("ogone: required for 3-D Secure")
	// ErrInvalidWindow means a WIN3DS other than MAINW, POPUP and POPIX.
	ErrInvalidWindow = errors.New("ogone: must be MAINW, POPUP or POPIX")
	// ErrMissingBrowserInfo means a 3-D Secure order without
	// ThreeDSecure.Browser: 3-D Secure v2 cannot run without the
	// customer's browser data, and the platform would refuse the order.
	// It also matches ErrMissing3DSField.
	ErrMissingBrowserInfo = fmt.Errorf("%w: browser data (ThreeDSecure.Browser)", ErrMissing3DSField)
	// ErrInvalidColorDepth means a colour depth other than 1, 4, 8, 15,
	// 16, 24, 32 and 48 bits, the values EMV 3-D Secure allows.
	ErrInvalidColorDepth = errors.New("ogone: colour depth must be 1, 4, 8, 15, 16, 24, 32 or 48 bits")
	// ErrInvalidScreenSize means a screen height or width outside 1 to
	// 999999 pixels.
	ErrInvalidScreenSize = errors.New("ogone: screen size must be 1 to 999999 pixels")
	// ErrInvalidTimeZone means a time zone offset outside -840 to 720
	// minutes (UTC+14 to UTC-12, as getTimezoneOffset counts them).
	ErrInvalidTimeZone = errors.New("ogone: time zone offset must be -840 to 720 minutes")
	// ErrInvalidBrowserLanguage means a browser language that is not 1 to 8
	// characters of a BCP 47 tag, such as "en" or "en-US".
	ErrInvalidBrowserLanguage = errors.New("ogone: browser language must be a BCP 47 tag of 1 to 8 characters, such as en-US")
	// ErrInvalidChallenge means a challenge indicator other than 01 to 04.
	ErrInvalidChallenge = errors.New("ogone: challenge indicator must be 01, 02, 03 or 04")

	// DirectLink outcome: what a call that reached the platform, or may
	// have, tells the shop.

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
	// ErrRedirect matches an *HTTPStatusError for a 3xx answer. DirectLink
	// never follows a redirect, whatever the HTTP client says: the request
	// carries the API password and card data, and a followed 307 would
	// send them, and the payment, to wherever the Location points, or
	// send it twice. For an order or a maintenance request the error is
	// also ErrOutcomeUnknown.
	ErrRedirect = errors.New("ogone: redirect not followed")

	// Replies: what ParseResponse, ParseStatus and the Client refuse in
	// what the platform (or something in between) sent back.

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
	// ErrReplyMismatch matches a *ReplyMismatchError: a reply about
	// another order than the one the request named.
	ErrReplyMismatch = errors.New("ogone: reply is about another order")
	// ErrInvalidStatus means a STATUS value that is not a status code: one
	// or two decimal digits, 0 to 99, without sign, space or leading zero.
	// It travels inside a *FieldError naming the parameter; the value
	// itself is never part of the message, since it came from outside.
	// Packages feedback and alias report a bad STATUS with it too.
	ErrInvalidStatus = errors.New("ogone: invalid status code: want 0 to 99, written without sign, space or leading zero")
	// ErrInvalidState means a state name that State.UnmarshalText does
	// not read.
	ErrInvalidState = errors.New("ogone: invalid state name: want unknown, pending, action_required, uncertain, authorized, captured, cancelled, declined, refunded or error")
)

// errorText is err's message without the "ogone: " every message of this
// package starts with, for errors that name a field or an operation before
// it ("ogone: AMOUNT: amount has more than 2 decimals").
func errorText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return strings.TrimPrefix(err.Error(), "ogone: ")
}

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
