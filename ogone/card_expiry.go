package ogone

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// Expiry is the month a payment card expires, from January 2000 to
// December 2099 (the years MMYY can write). The zero Expiry means "not
// given". Make one with ParseExpiry or NewExpiry; Expired is the one rule
// for "expired" in this module, and Month, Year and MMYY read the date on
// purpose.
//
// An expiry date is card data, so an Expiry never prints it: every fmt
// verb, String, GoString, JSON, text, gob and slog give "[REDACTED]" ("" for
// the zero Expiry, so that a missing date still shows as missing). The
// month is held as a pointer into a fixed table, so that even where fmt
// cannot call these methods (an Expiry in an unexported field) it prints an
// address, never the month or the year. Expiry values are comparable with ==.
type Expiry struct {
	m *uint16 // &expiryMonths[i]: i months after January 2000; nil when zero
}

// expiryMonths[i] holds i, the months from January 2000 to December 2099.
var expiryMonths = func() (t [1200]uint16) {
	for i := range t {
		t[i] = uint16(i)
	}
	return t
}()

// NewExpiry returns the Expiry of month in year (four digits). A month
// outside January to December or a year outside 2000 to 2099 gives
// ErrInvalidExpiry.
func NewExpiry(month time.Month, year int) (Expiry, error) {
	if month < time.January || month > time.December || year < 2000 || year > 2099 {
		return Expiry{}, ErrInvalidExpiry
	}
	return Expiry{m: &expiryMonths[(year-2000)*12+int(month)-1]}, nil
}

// ParseExpiry reads an expiry date as the platform and card holders write
// it: MMYY ("0530", the ED parameter), MM/YY ("05/30") or MM/YYYY
// ("05/2030"). Two-digit years are 2000 to 2099. Anything else, a month
// outside 01 to 12 included, gives ErrInvalidExpiry, which never holds the
// value.
func ParseExpiry(s string) (Expiry, error) {
	var mm, yy string
	switch {
	case len(s) == 4:
		mm, yy = s[:2], s[2:]
	case len(s) == 5 && s[2] == '/':
		mm, yy = s[:2], s[3:]
	case len(s) == 7 && s[2] == '/' && s[3:5] == "20":
		mm, yy = s[:2], s[5:]
	default:
		return Expiry{}, ErrInvalidExpiry
	}
	if !allDigits(mm) || !allDigits(yy) {
		return Expiry{}, ErrInvalidExpiry
	}
	m := int(mm[0]-'0')*10 + int(mm[1]-'0')
	y := int(yy[0]-'0')*10 + int(yy[1]-'0')
	return NewExpiry(time.Month(m), 2000+y)
}

// IsZero reports whether the expiry was not given.
func (e Expiry) IsZero() bool { return e.m == nil }

// Month returns the expiry month, or 0 for the zero Expiry.
func (e Expiry) Month() time.Month {
	if e.m == nil {
		return 0
	}
	return time.Month(*e.m%12 + 1)
}

// Year returns the expiry year with four digits, or 0 for the zero Expiry.
func (e Expiry) Year() int {
	if e.m == nil {
		return 0
	}
	return 2000 + int(*e.m/12)
}

// MMYY returns the date as the ED parameter carries it, "0530", or "" for
// the zero Expiry. It is the way to read the date for sending or storing
// it on purpose.
func (e Expiry) MMYY() string {
	if e.m == nil {
		return ""
	}
	m, y := int(e.Month()), e.Year()%100
	return string([]byte{byte('0' + m/10), byte('0' + m%10), byte('0' + y/10), byte('0' + y%10)})
}

// Expired reports whether the expiry month is over at now everywhere on
// Earth: a card is good through the last day of its month in the card
// holder's time zone, which may be 12 hours behind UTC, and the issuer,
// not the shop's clock, has the last word on the edge. The zero Expiry
// counts as expired, since nothing says the card works.
func (e Expiry) Expired(now time.Time) bool {
	if e.m == nil {
		return true
	}
	t := now.UTC().Add(-12 * time.Hour)
	y, m := t.Year(), t.Month()
	return e.Year() < y || (e.Year() == y && e.Month() < m)
}

// String returns "[REDACTED]", or "" for the zero Expiry.
func (e Expiry) String() string {
	if e.m == nil {
		return ""
	}
	return redacted
}

// GoString is String, quoted, so that %#v does not print the date.
func (e Expiry) GoString() string { return strconv.Quote(e.String()) }

// Format prints String for every verb (GoString for %#v).
func (e Expiry) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(e.GoString()))
		return
	}
	_, _ = f.Write([]byte(e.String()))
}

// MarshalText writes "[REDACTED]" (or "" for the zero Expiry); JSON and
// XML use it. A shop that stores the date writes MMYY itself.
func (e Expiry) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads what MarshalText writes, as the zero Expiry, so that
// a value stored as JSON reads back; it also reads what ParseExpiry reads.
func (e *Expiry) UnmarshalText(text []byte) error {
	if s := string(text); s == "" || s == redacted {
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

// GobEncode writes what MarshalText writes: encoding/gob does not use
// MarshalText.
func (e Expiry) GobEncode() ([]byte, error) { return e.MarshalText() }

// GobDecode reads what GobEncode writes.
func (e *Expiry) GobDecode(b []byte) error { return e.UnmarshalText(b) }

// LogValue keeps the date out of structured logs.
func (e Expiry) LogValue() slog.Value { return slog.StringValue(e.String()) }

// slashed writes the date MM/YY, as a DirectLink order sends ED.
func (e Expiry) slashed() string {
	s := e.MMYY()
	if s == "" {
		return ""
	}
	return s[:2] + "/" + s[2:]
}
