package ogone

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Operation is the OPERATION code of a request: what the platform is asked
// to do with the money.
type Operation string

// New order operations (hosted page and DirectLink).
const (
	OperationAuthorize        Operation = "RES" // authorise only; capture later
	OperationSale             Operation = "SAL" // authorise and capture at once (also: partial capture in maintenance)
	OperationStandaloneRefund Operation = "RFD" // refund without an earlier payment (also: partial refund in maintenance)
)

// Maintenance operations on an existing payment.
const (
	OperationRenew           Operation = "REN" // renew an authorisation
	OperationDeleteAuth      Operation = "DEL" // cancel the authorisation, keep the order open
	OperationDeleteAuthClose Operation = "DES" // cancel the authorisation and close the order
	OperationPartialCapture  Operation = "SAL" // capture part, keep the order open
	OperationFinalCapture    Operation = "SAS" // capture the rest (or all) and close
	OperationPartialRefund   Operation = "RFD" // refund part, keep the order open
	OperationFinalRefund     Operation = "RFS" // refund the rest (or all) and close
)

// FieldError reports which request field is invalid, without its value:
// values may be card data or personal data.
type FieldError struct {
	Field string // the platform's parameter name, e.g. "ORDERID"
	Err   error  // a sentinel such as ErrInvalidOrderID, for errors.Is
}

func (e *FieldError) Error() string {
	// The amount sentinels carry the package prefix already.
	return "ogone: " + e.Field + ": " + strings.TrimPrefix(fmt.Sprint(e.Err), "ogone: ")
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Field validation errors, for errors.Is. They travel inside a FieldError
// that names the parameter.
var (
	ErrInvalidOrderID  = errors.New("order reference must be 1 to 30 characters without control characters")
	ErrInvalidCurrency = errors.New("currency must be three uppercase letters (ISO 4217)")
	ErrMissingField    = errors.New("required field is empty")
	// ErrInvalidOperation means an OPERATION the request cannot carry,
	// such as a maintenance code on a new order.
	ErrInvalidOperation = errors.New("operation not allowed for this request")
	// ErrInvalidURL means a URL parameter that is not an absolute http or
	// https URL. The platform sends the customer there; a relative or
	// javascript: URL would fail on the platform's side, after payment.
	ErrInvalidURL = errors.New("must be an absolute http or https URL")
	// ErrInvalidLanguage means a LANGUAGE not written like en_US.
	ErrInvalidLanguage = errors.New("language must look like en_US (language_COUNTRY)")
	// ErrInvalidCountry means an OWNERCTY that is not two uppercase
	// letters (ISO 3166-1 alpha-2).
	ErrInvalidCountry = errors.New("country must be two uppercase letters (ISO 3166-1)")
	// ErrInvalidAlias means an ALIAS outside 1 to 50 characters of
	// A-Z, a-z, 0-9, '_' and '-'.
	ErrInvalidAlias = errors.New("alias must be 1 to 50 characters of A-Z, a-z, 0-9, _ and -")
	// ErrInvalidValue means a value that is not valid UTF-8 or holds a
	// control character. Browsers rewrite line breaks when they submit a
	// form and HTML turns NUL into U+FFFD, so the platform would hash other
	// bytes than the shop signed.
	ErrInvalidValue = errors.New("value must be valid UTF-8 without control characters")
	// ErrReservedField means an extra parameter that the library sets
	// itself (PSPID, SHASIGN, a typed field), one that must never reach a
	// browser (PSWD, card data), or a name with characters parameter
	// names do not have.
	ErrReservedField = errors.New("parameter name reserved or not allowed here")
	// ErrRepeatedField means a parameter given more than once. The
	// platform would read one value and the signature cover another.
	ErrRepeatedField = errors.New("parameter given more than once")
)

// MaxOrderIDLength is the longest ORDERID the platform accepts.
const MaxOrderIDLength = 30

// MaxAliasLength is the longest ALIAS the platform accepts.
const MaxAliasLength = 50

// ValidateOrderID checks an ORDERID: 1 to 30 characters of valid UTF-8,
// none of them a control character.
func ValidateOrderID(id string) error {
	if id == "" || utf8.RuneCountInString(id) > MaxOrderIDLength || !validValue(id) {
		return &FieldError{Field: "ORDERID", Err: ErrInvalidOrderID}
	}
	return nil
}

// ValidateCurrency checks a CURRENCY: three uppercase ASCII letters.
func ValidateCurrency(code string) error {
	if len(code) != 3 || !upperLetters(code) {
		return &FieldError{Field: "CURRENCY", Err: ErrInvalidCurrency}
	}
	return nil
}

// ValidateAlias checks an ALIAS: 1 to 50 characters of A-Z, a-z, 0-9, '_'
// and '-', what the platform stores an alias under.
func ValidateAlias(alias string) error {
	if alias == "" || len(alias) > MaxAliasLength {
		return &FieldError{Field: "ALIAS", Err: ErrInvalidAlias}
	}
	for i := 0; i < len(alias); i++ {
		switch c := alias[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return &FieldError{Field: "ALIAS", Err: ErrInvalidAlias}
		}
	}
	return nil
}

// ValidateLanguage checks a LANGUAGE: two lowercase letters, '_', two
// uppercase letters, as in en_US or nl_BE.
func ValidateLanguage(lang string) error {
	if len(lang) != 5 || lang[2] != '_' || !lowerLetters(lang[:2]) || !upperLetters(lang[3:]) {
		return &FieldError{Field: "LANGUAGE", Err: ErrInvalidLanguage}
	}
	return nil
}

// ValidateURL checks a URL parameter such as ACCEPTURL: an absolute http
// or https URL with a host, in valid UTF-8 without control characters.
// field is the parameter name the error reports.
func ValidateURL(field, raw string) error {
	if !validValue(raw) {
		return &FieldError{Field: field, Err: ErrInvalidURL}
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return &FieldError{Field: field, Err: ErrInvalidURL}
	}
	return nil
}

// validValue reports whether s can travel in a form field and come back
// byte for byte: valid UTF-8 and no C0 control character or DEL.
func validValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7F {
			return false
		}
	}
	return utf8.ValidString(s)
}

// ValidateValue returns ErrInvalidValue when s cannot travel in a form
// field and come back byte for byte: when it is not valid UTF-8 or holds a
// C0 control character or DEL. Package alias checks its fields with it.
func ValidateValue(s string) error {
	if !validValue(s) {
		return ErrInvalidValue
	}
	return nil
}

func upperLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func lowerLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
