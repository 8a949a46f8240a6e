package alias

import (
	"errors"
	"time"
)

// Expiry errors. ErrExpiryFormat and ErrExpiryMonth both match
// ErrInvalidExpiry with errors.Is; none of them holds the value.
var (
	ErrInvalidExpiry = errors.New("alias: invalid card expiry date")
	// ErrExpiryFormat means an expiry that is not four digits MMYY (as
	// the platform returns it) or MM/YY.
	ErrExpiryFormat error = &expiryError{"alias: card expiry date must be MMYY or MM/YY"}
	// ErrExpiryMonth means a month outside 01 to 12, such as 00 or 13: no
	// card expires then, so the value is corrupt rather than merely odd.
	ErrExpiryMonth error = &expiryError{"alias: card expiry month must be 01 to 12"}
)

type expiryError struct{ msg string }

func (e *expiryError) Error() string { return e.msg }
func (e *expiryError) Unwrap() error { return ErrInvalidExpiry }

// Expiry is the month a card expires: it is valid through the last day of
// Month in Year. The zero value means "not given".
type Expiry struct {
	Month time.Month
	Year  int // four digits, such as 2030
}

// ParseExpiry reads a card expiry as the platform returns it, "MMYY"
// ("0530"), or as people write it, "MM/YY" ("05/30"). Two-digit years are
// in 2000 to 2099. The error is ErrExpiryFormat or ErrExpiryMonth, without
// the value.
func ParseExpiry(s string) (Expiry, error) {
	var mm, yy string
	switch {
	case len(s) == 4:
		mm, yy = s[:2], s[2:]
	case len(s) == 5 && s[2] == '/':
		mm, yy = s[:2], s[3:]
	default:
		return Expiry{}, ErrExpiryFormat
	}
	m, ok1 := twoDigits(mm)
	y, ok2 := twoDigits(yy)
	if !ok1 || !ok2 {
		return Expiry{}, ErrExpiryFormat
	}
	if m < 1 || m > 12 {
		return Expiry{}, ErrExpiryMonth
	}
	return Expiry{Month: time.Month(m), Year: 2000 + y}, nil
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// IsZero reports whether the expiry was not given.
func (e Expiry) IsZero() bool { return e == Expiry{} }

// Valid reports whether e is a month of 2000 to 2099, the years MMYY can
// express.
func (e Expiry) Valid() bool {
	return e.Month >= time.January && e.Month <= time.December && e.Year >= 2000 && e.Year <= 2099
}

// String writes the expiry as printed on cards, "05/30"; the zero Expiry
// gives "" and an invalid one "invalid".
func (e Expiry) String() string {
	switch {
	case e.IsZero():
		return ""
	case !e.Valid():
		return "invalid"
	}
	return string(e.appendDigits(make([]byte, 0, 5), true))
}

// MMYY writes the expiry as the platform's ED field carries it, "0530"; the
// zero or an invalid Expiry gives "".
func (e Expiry) MMYY() string {
	if !e.Valid() {
		return ""
	}
	return string(e.appendDigits(make([]byte, 0, 4), false))
}

func (e Expiry) appendDigits(b []byte, slash bool) []byte {
	m, y := int(e.Month), e.Year%100
	b = append(b, byte('0'+m/10), byte('0'+m%10))
	if slash {
		b = append(b, '/')
	}
	return append(b, byte('0'+y/10), byte('0'+y%10))
}

// Expired reports whether the card can no longer be charged at now: from
// the first day of the month after Month, in now's time zone. The zero or
// an invalid Expiry counts as expired, since nothing says the card works.
func (e Expiry) Expired(now time.Time) bool {
	if !e.Valid() {
		return true
	}
	firstInvalid := time.Date(e.Year, e.Month+1, 1, 0, 0, 0, 0, now.Location())
	return !now.Before(firstInvalid)
}

// MarshalText writes "05/30", so that a stored Expiry reads back with
// UnmarshalText; the zero Expiry writes "".
func (e Expiry) MarshalText() ([]byte, error) {
	if e.IsZero() {
		return []byte{}, nil
	}
	if !e.Valid() {
		return nil, ErrInvalidExpiry
	}
	return e.appendDigits(make([]byte, 0, 5), true), nil
}

// UnmarshalText reads what ParseExpiry reads, and "" as the zero Expiry.
func (e *Expiry) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*e = Expiry{}
		return nil
	}
	v, err := ParseExpiry(string(text))
	if err != nil {
		return err
	}
	*e = v
	return nil
}
