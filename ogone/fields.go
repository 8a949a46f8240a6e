package ogone

import (
	"errors"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
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
	return "ogone: " + e.Field + ": " + errorText(e.Err)
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

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

// A request's field table: one row per parameter (or family of
// parameters) that the request type has a field for. The table is the one
// place that says how a field becomes a parameter and how it is checked,
// and the names Extra may not set are derived from it: adding a row is
// all it takes to add a field.

// param is one row of the field table of a request of type R.
type param[R any] struct {
	// names are the parameters the row sets: one, or a family (an
	// Address, a CredentialOnFile) whose add sets them all.
	names []string
	// value reads a single parameter: its value ("" leaves it out) or why
	// it cannot be sent, a sentinel the builder reports in a *FieldError
	// naming the parameter (or a *FieldError, reported as it is).
	value func(r *R) (string, error)
	// add checks and appends a family.
	add func(b *builder, r *R)
}

// text is a row for a parameter that takes any value that can travel in a
// form (validValue).
func text[R any](name string, get func(*R) string) param[R] {
	return param[R]{names: []string{name}, value: func(r *R) (string, error) { return get(r), nil }}
}

// checked is a row for a parameter whose value check accepts; check sees
// empty values too, so that it can require one.
func checked[R any](name string, get func(*R) string, check func(string) error) param[R] {
	return param[R]{names: []string{name}, value: func(r *R) (string, error) {
		v := get(r)
		return v, check(v)
	}}
}

// optional is a row for a parameter that may be left out and is checked
// when given.
func optional[R any](name string, get func(*R) string, check func(string) error) param[R] {
	return checked(name, get, func(v string) error {
		if v == "" {
			return nil
		}
		return check(v)
	})
}

// link is a row for a URL parameter (ValidateURL); none also accepts
// URLNone.
func link[R any](name string, get func(*R) string, none bool) param[R] {
	return optional(name, get, func(v string) error {
		if none && v == URLNone {
			return nil
		}
		return ValidateURL(name, v)
	})
}

// amount is a row for AMOUNT, in minor units.
func amount[R any](get func(*R) decimal.Decimal) param[R] {
	return param[R]{names: []string{"AMOUNT"}, value: func(r *R) (string, error) { return formatAmount(get(r)) }}
}

// formatAmount returns an AMOUNT value: the amount in minor units.
func formatAmount(d decimal.Decimal) (string, error) {
	cents, err := MinorUnits(d)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(cents, 10), nil
}

// family is a row for parameters that add checks and appends together;
// names lists every one add may set.
func family[R any](names []string, add func(*builder, *R)) param[R] {
	return param[R]{names: names, add: add}
}

// ownerParams are the rows of CN, EMAIL and the OWNER* fields, which the
// hosted page and DirectLink orders share.
func ownerParams[R any](get func(*R) owner) []param[R] {
	return []param[R]{
		text("CN", func(r *R) string { return get(r).name }),
		text("EMAIL", func(r *R) string { return get(r).email }),
		text("OWNERADDRESS", func(r *R) string { return get(r).address }),
		text("OWNERZIP", func(r *R) string { return get(r).zip }),
		text("OWNERTOWN", func(r *R) string { return get(r).town }),
		optional("OWNERCTY", func(r *R) string { return get(r).country }, checkCountry),
		text("OWNERTELNO", func(r *R) string { return get(r).phone }),
	}
}

// oneOf returns a check that accepts the given values only, and fails
// with err.
func oneOf(err error, values ...string) func(string) error {
	return func(v string) error {
		for _, ok := range values {
			if v == ok {
				return nil
			}
		}
		return err
	}
}

func checkCountry(c string) error {
	if !validCountry(c) {
		return ErrInvalidCountry
	}
	return nil
}

// table is the field table of a request type R, with the names its Extra
// may not carry.
type table[R any] struct {
	params   []param[R]
	reserved map[string]bool // every name of params, and the forbidden ones
}

// newTable returns the table of params. forbidden are the names Extra may
// not carry although no row sets them: the account's (PSPID), the
// signature, and card data or secrets that have no row here.
func newTable[R any](forbidden []string, params ...[]param[R]) *table[R] {
	t := &table[R]{reserved: make(map[string]bool)}
	for _, ps := range params {
		t.params = append(t.params, ps...)
	}
	for _, name := range forbidden {
		t.reserved[name] = true
	}
	for _, p := range t.params {
		for _, name := range p.names {
			t.reserved[name] = true
		}
	}
	return t
}

// build checks r and appends its parameters, row by row, then extra's.
func (t *table[R]) build(b *builder, r *R, extra url.Values) {
	for i := range t.params {
		p := &t.params[i]
		if p.add != nil {
			p.add(b, r)
			continue
		}
		v, err := p.value(r)
		switch err.(type) {
		case nil:
			b.add(p.names[0], v)
		case *FieldError:
			b.errs = append(b.errs, err)
		default:
			b.fail(p.names[0], err)
		}
	}
	b.addExtra(extra, func(upper string) bool { return t.reserved[upper] })
}

// fields checks r and returns its parameters, unordered, without SHASIGN,
// after those already in b; or every problem, joined.
func (t *table[R]) fields(b *builder, r *R, extra url.Values) ([]FormField, error) {
	t.build(b, r, extra)
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	return b.fields, nil
}
