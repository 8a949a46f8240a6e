package feedback

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"
)

const redacted = "[REDACTED]"

// CardNumber is a card number as a shop may show it: every character but
// the last four replaced by X, "XXXXXXXXXXXX1111". The platform sends
// CARDNO masked already; CardNumber masks again whatever it is given, so
// that even a misconfigured source cannot put a full number into the shop's
// logs, pages or database. It holds nothing but the mask.
//
// For payment methods other than cards CARDNO holds an account number or
// IBAN; it is masked the same way.
type CardNumber struct {
	masked string
}

// MaskCardNumber returns the CardNumber of s: s with every character but the
// last four replaced by X.
func MaskCardNumber(s string) CardNumber { return CardNumber{masked: mask(s)} }

func mask(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= 4 {
		return s
	}
	b := make([]byte, 0, len(s))
	i := 0
	for _, r := range s {
		if i < n-4 {
			b = append(b, 'X')
		} else {
			b = utf8.AppendRune(b, r)
		}
		i++
	}
	return string(b)
}

// String returns the mask, "XXXXXXXXXXXX1111", or "" when there was no
// CARDNO.
func (c CardNumber) String() string { return c.masked }

// GoString is the mask, quoted, so that %#v shows it like a string.
func (c CardNumber) GoString() string { return strconv.Quote(c.masked) }

// Last4 returns the last four characters, "1111", or fewer if the number
// was shorter.
func (c CardNumber) Last4() string {
	n := utf8.RuneCountInString(c.masked)
	s := c.masked
	for ; n > 4; n-- {
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
	}
	return s
}

// IsZero reports whether there was no card number.
func (c CardNumber) IsZero() bool { return c.masked == "" }

// MarshalText writes the mask; JSON, XML and gob use it.
func (c CardNumber) MarshalText() ([]byte, error) { return []byte(c.masked), nil }

// UnmarshalText reads a number and masks it, so that a Feedback stored as
// JSON reads back.
func (c *CardNumber) UnmarshalText(text []byte) error {
	*c = MaskCardNumber(string(text))
	return nil
}

// GobEncode writes the mask: encoding/gob does not use MarshalText.
func (c CardNumber) GobEncode() ([]byte, error) { return c.MarshalText() }

// GobDecode reads what GobEncode writes.
func (c *CardNumber) GobDecode(b []byte) error { return c.UnmarshalText(b) }

// LogValue logs the mask.
func (c CardNumber) LogValue() slog.Value { return slog.StringValue(c.masked) }

// Expiry is a card's expiry date as ED carries it (MMYY). It is card data:
// every way of printing or encoding it (String, %v, %#v, JSON, slog) gives
// "[REDACTED]". Month and Year read it on purpose.
type Expiry struct {
	month uint8 // 1 to 12; 0 in the zero value
	yy    uint8 // 0 to 99, meaning 2000 to 2099
}

// ParseExpiry reads an expiry date written MMYY ("0330" is March 2030).
// Anything else, a month outside 01 to 12 included, gives ErrInvalidExpiry.
// Two-digit years are taken as 2000 to 2099: cards issued today expire
// within twenty years.
func ParseExpiry(s string) (Expiry, error) {
	if len(s) != 4 || !digits(s) {
		return Expiry{}, ErrInvalidExpiry
	}
	m := (s[0]-'0')*10 + s[1] - '0'
	if m < 1 || m > 12 {
		return Expiry{}, ErrInvalidExpiry
	}
	return Expiry{month: m, yy: (s[2]-'0')*10 + s[3] - '0'}, nil
}

// Month returns the expiry month, or 0 for the zero Expiry.
func (e Expiry) Month() time.Month { return time.Month(e.month) }

// Year returns the expiry year with four digits, or 0 for the zero Expiry.
func (e Expiry) Year() int {
	if e.IsZero() {
		return 0
	}
	return 2000 + int(e.yy)
}

// IsZero reports whether there was no ED.
func (e Expiry) IsZero() bool { return e.month == 0 }

// Expired reports whether the card can no longer be used at now: cards are
// valid to the end of their expiry month, in now's time zone. The zero
// Expiry is expired.
func (e Expiry) Expired(now time.Time) bool {
	if e.IsZero() {
		return true
	}
	end := time.Date(e.Year(), e.Month()+1, 1, 0, 0, 0, 0, now.Location())
	return !now.Before(end)
}

// String returns "[REDACTED]", or "" for the zero Expiry so that a missing
// ED still shows as missing.
func (e Expiry) String() string {
	if e.IsZero() {
		return ""
	}
	return redacted
}

// GoString is String, quoted, so that %#v does not print the fields.
func (e Expiry) GoString() string { return strconv.Quote(e.String()) }

// Format prints String for every verb (GoString for %#v), so that none
// (%d, %x, %+v) reaches the month and year.
func (e Expiry) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(e.GoString()))
		return
	}
	_, _ = f.Write([]byte(e.String()))
}

// MarshalText writes "[REDACTED]" (or "" for the zero Expiry); JSON, XML
// and gob use it.
func (e Expiry) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads what MarshalText writes, which is the zero Expiry,
// so that a Feedback stored as JSON reads back; it also accepts MMYY.
func (e *Expiry) UnmarshalText(text []byte) error {
	switch s := string(text); s {
	case "", redacted:
		*e = Expiry{}
		return nil
	default:
		v, err := ParseExpiry(s)
		if err != nil {
			return err
		}
		*e = v
		return nil
	}
}

// GobEncode writes what MarshalText writes: encoding/gob does not use
// MarshalText, and would otherwise refuse a type without exported fields.
func (e Expiry) GobEncode() ([]byte, error) { return e.MarshalText() }

// GobDecode reads what GobEncode writes.
func (e *Expiry) GobDecode(b []byte) error { return e.UnmarshalText(b) }

// LogValue keeps the expiry out of structured logs.
func (e Expiry) LogValue() slog.Value { return slog.StringValue(e.String()) }

// ParseTrxDate reads TRXDATE, the day of the transaction written MM/DD/YY
// ("11/23/26"), as midnight UTC of that day. It is a calendar date in the
// platform's own time zone, not an instant. Years are taken as 2000 to
// 2099. Impossible dates (02/30/26, 13/01/26) give ErrInvalidTrxDate.
func ParseTrxDate(s string) (time.Time, error) {
	if len(s) != 8 || s[2] != '/' || s[5] != '/' ||
		!digits(s[0:2]) || !digits(s[3:5]) || !digits(s[6:8]) {
		return time.Time{}, ErrInvalidTrxDate
	}
	m := int(s[0]-'0')*10 + int(s[1]-'0')
	d := int(s[3]-'0')*10 + int(s[4]-'0')
	y := 2000 + int(s[6]-'0')*10 + int(s[7]-'0')
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 02/30 to 03/02; a date that moved did not exist.
	if t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, ErrInvalidTrxDate
	}
	return t, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
