package feedback

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// The package's sentinel errors, for errors.Is, by category. Every
// message starts with "feedback: ", or with the name of the package that
// owns the sentinel when it is another package's (shasign, ogone): those
// are the same values, not copies, so code written against either package
// keeps working.
var (
	// Signature: the shasign sentinels themselves.
	// errors.Is(err, feedback.ErrBadSignature) and
	// errors.Is(err, shasign.ErrSignatureMismatch) give the same answer.

	// ErrMissingSignature means the feedback carries no SHASIGN, or an
	// empty one. Nothing about it can be trusted.
	ErrMissingSignature = shasign.ErrMissingSignature
	// ErrBadSignature means SHASIGN is not the SHA-OUT digest of the
	// signed parameters: one of them was changed, or the Verifier holds
	// another passphrase or algorithm than the account.
	ErrBadSignature = shasign.ErrSignatureMismatch
	// ErrAmbiguous means a parameter arrives twice, possibly under names
	// that differ only in case, or in both the query string and the body
	// of a POST. Reading one value while the signature covers another
	// would let a forger choose what the shop sees.
	ErrAmbiguous = shasign.ErrAmbiguousParameter
	// ErrTooManyParams means more than MaxParams parameters, signed or
	// not: far more than any feedback carries, and a cheap way to make the
	// shop work hard if it were accepted.
	ErrTooManyParams = shasign.ErrTooManyParameters

	// Parameters: signed parameters that do not read as the platform
	// writes them. They travel inside a *ParamError that names the
	// parameter.

	// ErrMissingParam means ORDERID or STATUS is missing or empty: without
	// them a feedback says nothing a shop can act on. Enable them in the
	// account's dynamic e-Commerce parameters.
	ErrMissingParam = errors.New("feedback: required parameter missing")
	// ErrInvalidAmount means an AMOUNT that ogone.ParseAmount refuses. The
	// ParamError also wraps ParseAmount's own error (ogone.ErrInvalidAmount
	// or ogone.ErrAmountPrecision).
	ErrInvalidAmount = errors.New("feedback: malformed amount")
	// ErrInvalidStatus means a STATUS that ogone.ParseStatus refuses. It
	// is ogone.ErrInvalidStatus itself.
	ErrInvalidStatus = ogone.ErrInvalidStatus
	// ErrInvalidTrxDate means a TRXDATE that is not a real date written
	// MM/DD/YY.
	ErrInvalidTrxDate = errors.New("feedback: malformed transaction date: want a real date written MM/DD/YY")
	// ErrInvalidEncoding means a value that is not UTF-8 reached a
	// Verifier made WithEncoding(shasign.UTF8). The default Verifier reads
	// such feedback as ISO-8859-1 instead; see WithEncoding.
	ErrInvalidEncoding = errors.New("feedback: value is not valid UTF-8")

	// Requests: what VerifyRequest refuses in the HTTP request itself.

	// ErrMethodNotAllowed means a request other than GET or POST.
	ErrMethodNotAllowed = errors.New("feedback: method not allowed: want GET or POST")
	// ErrBodyTooLarge means a POST body above MaxBodyBytes. Real feedback
	// is a few hundred bytes.
	ErrBodyTooLarge = errors.New("feedback: request body too large")
	// ErrUnsupportedContentType means a POST whose body is not
	// application/x-www-form-urlencoded.
	ErrUnsupportedContentType = errors.New("feedback: unsupported content type: want application/x-www-form-urlencoded")
	// ErrMalformedRequest means a query string or body that is not valid
	// URL encoding, or a body that could not be read.
	ErrMalformedRequest = errors.New("feedback: malformed request")

	// Order: what Feedback.Matches finds.

	// ErrMismatch is what every *MismatchError unwraps to: a verified
	// feedback is about another order, amount or currency than the shop
	// expected.
	ErrMismatch = errors.New("feedback: does not match the order")
)

// ParamError reports which parameter made a feedback unusable. Like
// strconv.NumError it names the input, but it never holds the value:
// feedback values are personal data and may be card data.
type ParamError struct {
	// Name is the parameter name, uppercased ("AMOUNT"), shortened when
	// very long.
	Name string
	// Err is one of this package's sentinels (ErrMissingParam,
	// ErrInvalidAmount, ...), possibly wrapping the cause from package
	// ogone as well.
	Err error
}

func (e *ParamError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		// Every sentinel it wraps starts with its package's name, this
		// one's or ogone's; the message names the package once.
		msg = e.Err.Error()
		for _, prefix := range [...]string{"feedback: ", "ogone: "} {
			if rest, ok := strings.CutPrefix(msg, prefix); ok {
				msg = rest
				break
			}
		}
	}
	// Quoted: for ambiguous unsigned parameters the name came from
	// whoever built the URL, and must not forge a log line.
	return "feedback: parameter " + strconv.Quote(e.Name) + ": " + msg
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *ParamError) Unwrap() error { return e.Err }

// As lets errors.As find a *ParamError as an *ogone.FieldError too, the
// field-error type every package of this module answers to: code that
// handles alias and feedback results alike needs only that one.
func (e *ParamError) As(target any) bool {
	if fe, ok := target.(**ogone.FieldError); ok {
		*fe = &ogone.FieldError{Field: e.Name, Err: e.Err}
		return true
	}
	return false
}

// MismatchError reports that a verified feedback differs from what the shop
// expected in one field. It names the field only: the shop holds both
// values already, and keeping them out of the error keeps it safe to log
// whatever field is added later.
type MismatchError struct {
	Field string // "ORDERID", "AMOUNT" or "CURRENCY"
}

func (e *MismatchError) Error() string {
	return "feedback: " + e.Field + " does not match the order"
}

// Unwrap returns ErrMismatch.
func (e *MismatchError) Unwrap() error { return ErrMismatch }

// paramError builds a *ParamError, shortening a name that came from outside.
func paramError(name string, err error) *ParamError {
	const maxName = 40
	if len(name) > maxName {
		name = name[:maxName] + "…"
	}
	return &ParamError{Name: name, Err: err}
}
