package ogone

import (
	"log/slog"
	"strconv"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/pan"
)

// MaskedNumber is a card number as a shop may show it: every character but
// the last four digits, spaces and dashes replaced by X,
// "XXXXXXXXXXXX1111" (see MaskNumber). The platform sends
// CARDNO masked already; MaskNumber masks again whatever it is given, so
// that even a misconfigured source cannot put a full number into the
// shop's logs, pages or database. It holds nothing but the mask, and
// prints it under every verb.
//
// For payment methods other than cards CARDNO holds an account number or
// IBAN; it is masked the same way.
type MaskedNumber struct {
	masked string
}

// MaskNumber returns the MaskedNumber of s: s with every character but the
// last four digits replaced by X; spaces and dashes stay, so a number typed
// in groups keeps its shape ("4111 1111 1111 1111" gives
// "XXXX XXXX XXXX 1111", "0000A" gives "0000X"). A value of four
// characters or fewer (separators aside) stays as it is.
func MaskNumber(s string) MaskedNumber { return MaskedNumber{masked: pan.Mask(s)} }

// String returns the mask, "XXXXXXXXXXXX1111", or "" when there was no
// number.
func (c MaskedNumber) String() string { return c.masked }

// GoString is the mask, quoted, so that %#v shows it like a string.
func (c MaskedNumber) GoString() string { return strconv.Quote(c.masked) }

// Last4 returns the last four characters, "1111", or fewer if the number
// was shorter.
func (c MaskedNumber) Last4() string {
	n := utf8.RuneCountInString(c.masked)
	s := c.masked
	for ; n > 4; n-- {
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
	}
	return s
}

// IsZero reports whether there was no number.
func (c MaskedNumber) IsZero() bool { return c.masked == "" }

// MarshalText writes the mask; JSON and XML use it.
func (c MaskedNumber) MarshalText() ([]byte, error) { return []byte(c.masked), nil }

// UnmarshalText reads a number and masks it, so that a value stored as
// JSON reads back.
func (c *MaskedNumber) UnmarshalText(text []byte) error {
	*c = MaskNumber(string(text))
	return nil
}

// GobEncode writes the mask: encoding/gob does not use MarshalText.
func (c MaskedNumber) GobEncode() ([]byte, error) { return c.MarshalText() }

// GobDecode reads what GobEncode writes.
func (c *MaskedNumber) GobDecode(b []byte) error { return c.UnmarshalText(b) }

// LogValue logs the mask.
func (c MaskedNumber) LogValue() slog.Value { return slog.StringValue(c.masked) }
