package ogone

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/gogone/ogone/internal/pan"
)

// Card is the data of a payment card for a DirectLink order: number, expiry
// date and CVC. Build it with NewCard, which checks it.
//
// A Card never shows its data. Printing it with any fmt verb, marshalling
// it to JSON, text or gob, and logging it with log/slog give the masked
// number only ("XXXXXXXXXXXX1111"); the expiry date and the CVC appear
// nowhere. The data sits behind a pointer to a pointer, so even where fmt
// cannot call these methods (a Card in an unexported field of the shop's
// own struct, printed with any verb) it prints an address, and
// reflection-based encoders see nothing. The only way the data leaves a
// Card is the request the Client sends to the platform.
type Card struct {
	d **cardData // nil in the zero Card
}

type cardData struct {
	number string // digits only
	cvc    string // "" when the payment goes without one
	expiry Expiry
}

// NewCard checks a card and returns it. number may hold spaces or dashes
// between its digits, as customers type them; expiry is read by
// ParseExpiry (MM/YY, MMYY or MM/YYYY); cvc is 3 digits, 4 for American
// Express, or empty for payments without a CVC, such as recurring ones
// (ECIRecurringECommerce), where nobody is there to type it.
//
// Every problem is reported at once, joined: each a *FieldError naming
// CARDNO, ED or CVC and wrapping ErrInvalidCardNumber,
// ErrCardNumberChecksum, ErrInvalidExpiry, ErrCardExpired or
// ErrInvalidCVC. The expiry is checked with Expiry.Expired.
func NewCard(number, expiry, cvc string) (*Card, error) {
	return newCard(number, expiry, cvc, time.Now())
}

func newCard(number, expiry, cvc string, now time.Time) (*Card, error) {
	var errs []error
	c := &cardData{cvc: cvc}

	digits, ok := cardDigits(number)
	switch {
	case !ok:
		errs = append(errs, &FieldError{Field: "CARDNO", Err: ErrInvalidCardNumber})
	case !pan.Luhn(digits):
		errs = append(errs, &FieldError{Field: "CARDNO", Err: ErrCardNumberChecksum})
	default:
		c.number = digits
	}

	if e, err := ParseExpiry(expiry); err != nil {
		errs = append(errs, &FieldError{Field: "ED", Err: ErrInvalidExpiry})
	} else {
		c.expiry = e
		if e.Expired(now) {
			errs = append(errs, &FieldError{Field: "ED", Err: ErrCardExpired})
		}
	}

	if cvc != "" {
		want := 3
		if isAmex(digits) {
			want = 4
		}
		if len(cvc) != want || !allDigits(cvc) {
			errs = append(errs, &FieldError{Field: "CVC", Err: ErrInvalidCVC})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Card{d: &c}, nil
}

// cardDigits removes the spaces and dashes customers type between groups
// and reports whether 12 to 19 digits remain.
func cardDigits(number string) (string, bool) {
	if len(number) > 40 {
		return "", false
	}
	var buf [40]byte
	n := 0
	for i := 0; i < len(number); i++ {
		switch c := number[i]; {
		case c >= '0' && c <= '9':
			buf[n] = c
			n++
		case c == ' ' || c == '-':
		default:
			return "", false
		}
	}
	if n < 12 || n > 19 {
		return "", false
	}
	if n == len(number) {
		return number, true
	}
	return string(buf[:n]), true
}

// isAmex reports whether digits is an American Express number (34 or 37),
// whose CVC has 4 digits.
func isAmex(digits string) bool {
	return len(digits) >= 2 && digits[0] == '3' && (digits[1] == '4' || digits[1] == '7')
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Expired reports whether the card's expiry month is over at now, by
// Expiry.Expired. A zero Card counts as expired.
func (c *Card) Expired(now time.Time) bool {
	return c.data().expiry.Expired(now)
}

// Expiry returns the card's expiry date, which redacts itself when
// printed; the zero Expiry for a zero Card.
func (c Card) Expiry() Expiry { return c.data().expiry }

// data returns the card's data; empty for a zero Card.
func (c *Card) data() *cardData {
	if c == nil || c.d == nil {
		return &cardData{}
	}
	return *c.d
}

// valid reports whether c was made by NewCard.
func (c *Card) valid() bool { return c != nil && c.d != nil }

// Masked returns the number as the platform shows it, every digit but the
// last four replaced by X: "XXXXXXXXXXXX1111". A zero Card gives "".
func (c Card) Masked() string { return pan.Mask(c.data().number) }

// String returns the masked number.
func (c Card) String() string { return c.Masked() }

// GoString describes the card by its masked number, so that %#v shows
// neither the number nor the expiry date nor the CVC.
func (c Card) GoString() string { return "ogone.Card{" + strconv.Quote(c.Masked()) + "}" }

// Format prints the masked number for every verb, so that no verb (%x,
// %+v, %q) reaches the fields.
func (c Card) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(c.GoString()))
		return
	}
	_, _ = f.Write([]byte(c.Masked()))
}

// MarshalJSON writes the masked number as a JSON string.
func (c Card) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(c.Masked())), nil }

// MarshalText writes the masked number, for encoders that prefer text.
func (c Card) MarshalText() ([]byte, error) { return []byte(c.Masked()), nil }

// GobEncode writes the masked number: a Card is not meant to be stored.
func (c Card) GobEncode() ([]byte, error) { return []byte(c.Masked()), nil }

// LogValue keeps the card data out of structured logs.
func (c Card) LogValue() slog.Value { return slog.StringValue(c.Masked()) }
