package ogone_test

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// farExpiry is an expiry date no test run will see pass.
const farExpiry = "12/99"

func TestNewCardAccepts(t *testing.T) {
	tests := []struct {
		name, number, expiry, cvc string
		masked                    string
	}{
		{"VISA", "4111111111111111", farExpiry, "123", "XXXXXXXXXXXX1111"},
		{"with spaces", "4111 1111 1111 1111", farExpiry, "123", "XXXXXXXXXXXX1111"},
		{"with dashes", "4111-1111-1111-1111", farExpiry, "123", "XXXXXXXXXXXX1111"},
		{"MasterCard", "5399999999999999", farExpiry, "123", "XXXXXXXXXXXX9999"},
		{"American Express, 4-digit CVC", "378282246310005", farExpiry, "1234", "XXXXXXXXXXX0005"},
		{"MMYY expiry", "4111111111111111", "1299", "123", "XXXXXXXXXXXX1111"},
		{"no CVC (recurring)", "4111111111111111", farExpiry, "", "XXXXXXXXXXXX1111"},
		{"12 digits", "123456789015", farExpiry, "123", "XXXXXXXX9015"},
		{"19 digits", "6759649826438453003", farExpiry, "123", "XXXXXXXXXXXXXXX3003"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ogone.NewCard(tt.number, tt.expiry, tt.cvc)
			require.NoError(t, err)
			assert.Equal(t, tt.masked, c.Masked())
			assert.Equal(t, tt.masked, c.String())
			assert.False(t, c.Expired(time.Now()))
		})
	}
}

func TestNewCardRefuses(t *testing.T) {
	tests := []struct {
		name, number, expiry, cvc string
		field                     string
		want                      error
	}{
		{"empty number", "", farExpiry, "123", "CARDNO", ogone.ErrInvalidCardNumber},
		{"letters", "4111a11111111111", farExpiry, "123", "CARDNO", ogone.ErrInvalidCardNumber},
		{"11 digits", "41111111111", farExpiry, "123", "CARDNO", ogone.ErrInvalidCardNumber},
		{"20 digits", "41111111111111111111", farExpiry, "123", "CARDNO", ogone.ErrInvalidCardNumber},
		{"dots", "4111.1111.1111.1111", farExpiry, "123", "CARDNO", ogone.ErrInvalidCardNumber},
		{"Luhn", "4111111111111112", farExpiry, "123", "CARDNO", ogone.ErrCardNumberChecksum},
		{"Luhn, one digit swapped", "4111111111111121", farExpiry, "123", "CARDNO", ogone.ErrCardNumberChecksum},
		{"expiry empty", "4111111111111111", "", "123", "ED", ogone.ErrInvalidExpiry},
		{"expiry month 13", "4111111111111111", "13/30", "123", "ED", ogone.ErrInvalidExpiry},
		{"expiry month 00", "4111111111111111", "00/30", "123", "ED", ogone.ErrInvalidExpiry},
		{"expiry year outside 2000-2099", "4111111111111111", "12/2130", "123", "ED", ogone.ErrInvalidExpiry},
		{"expiry with dash", "4111111111111111", "12-30", "123", "ED", ogone.ErrInvalidExpiry},
		{"expiry single-digit month", "4111111111111111", "1/30", "123", "ED", ogone.ErrInvalidExpiry},
		{"expired", "4111111111111111", "01/20", "123", "ED", ogone.ErrCardExpired},
		{"CVC 2 digits", "4111111111111111", farExpiry, "12", "CVC", ogone.ErrInvalidCVC},
		{"CVC 4 digits for VISA", "4111111111111111", farExpiry, "1234", "CVC", ogone.ErrInvalidCVC},
		{"CVC 3 digits for Amex", "378282246310005", farExpiry, "123", "CVC", ogone.ErrInvalidCVC},
		{"CVC letters", "4111111111111111", farExpiry, "12a", "CVC", ogone.ErrInvalidCVC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ogone.NewCard(tt.number, tt.expiry, tt.cvc)
			require.Nil(t, c)
			require.ErrorIs(t, err, tt.want)
			var fe *ogone.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			for _, secret := range []string{tt.number, tt.expiry, tt.cvc} {
				if len(secret) >= 2 {
					assert.NotContains(t, err.Error(), secret)
					assert.NotContains(t, fmt.Sprintf("%+v", err), secret)
				}
			}
		})
	}
}

func TestNewCardReportsEveryProblem(t *testing.T) {
	_, err := ogone.NewCard("4111111111111112", "13/30", "1")
	assert.ErrorIs(t, err, ogone.ErrCardNumberChecksum)
	assert.ErrorIs(t, err, ogone.ErrInvalidExpiry)
	assert.ErrorIs(t, err, ogone.ErrInvalidCVC)
}

func TestCardExpiredAtMonthEnd(t *testing.T) {
	c, err := ogone.NewCard("4111111111111111", "12/99", "123")
	require.NoError(t, err)
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return tm
	}
	assert.False(t, c.Expired(at("2099-12-01T00:00:00Z")))
	assert.False(t, c.Expired(at("2099-12-31T23:59:59Z")))
	// Still December somewhere west of UTC.
	assert.False(t, c.Expired(at("2100-01-01T11:00:00Z")))
	assert.True(t, c.Expired(at("2100-01-01T12:30:00Z")))
	assert.True(t, c.Expired(at("2100-03-01T00:00:00+01:00")))

	var zero ogone.Card
	assert.True(t, zero.Expired(time.Now()), "a zero Card is of no use")
	var nilCard *ogone.Card
	assert.True(t, nilCard.Expired(time.Now()))
}

func TestNewCardExpiryRelativeToNow(t *testing.T) {
	now := time.Now().UTC()
	thisMonth := fmt.Sprintf("%02d/%02d", int(now.Month()), now.Year()%100)
	_, err := ogone.NewCard("4111111111111111", thisMonth, "123")
	assert.NoError(t, err, "a card is good through its expiry month")

	past := now.AddDate(0, -2, 0)
	_, err = ogone.NewCard("4111111111111111", fmt.Sprintf("%02d/%02d", int(past.Month()), past.Year()%100), "123")
	assert.ErrorIs(t, err, ogone.ErrCardExpired)
}

// TestCardNeverShowsItsData prints, marshals and logs a Card in every way
// at hand, alone and inside an Order, and looks for its data.
func TestCardNeverShowsItsData(t *testing.T) {
	const number, expiry, cvc = "4111111111111111", "09/98", "737"
	c, err := ogone.NewCard(number, expiry, cvc)
	require.NoError(t, err)
	order := ogone.Order{OrderID: "o-1", Card: c}

	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
		outputs = append(outputs,
			fmt.Sprintf(verb, c), fmt.Sprintf(verb, *c),
			fmt.Sprintf(verb, order), fmt.Sprintf(verb, &order),
			fmt.Sprintf(verb, []*ogone.Card{c}), fmt.Sprintf(verb, map[string]ogone.Card{"k": *c}))
	}
	outputs = append(outputs, fmt.Sprint(c), fmt.Sprintln(*c))
	// fmt cannot call methods on unexported fields: the pointer inside
	// Card keeps the data out of reach there too.
	type shopRecord struct {
		card  ogone.Card
		cardP *ogone.Card
	}
	rec := shopRecord{card: *c, cardP: c}
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		outputs = append(outputs, fmt.Sprintf(verb, rec), fmt.Sprintf(verb, &rec))
	}
	for _, v := range []any{c, *c, order, struct{ C ogone.Card }{*c}} {
		j, err := json.Marshal(v)
		require.NoError(t, err)
		outputs = append(outputs, string(j))
		x, err := xml.Marshal(struct{ C any }{v})
		if err == nil {
			outputs = append(outputs, string(x))
		}
	}
	var g bytes.Buffer
	require.NoError(t, gob.NewEncoder(&g).Encode(struct{ C ogone.Card }{*c}))
	outputs = append(outputs, g.String())
	var logs bytes.Buffer
	// No timestamps: their digits must not stand in for the CVC or expiry.
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, noTime), slog.NewTextHandler(&logs, noTime)} {
		l := slog.New(h)
		l.Info("pay", "card", c, "value", *c, "order", order)
		l.Info("pay", slog.Any("card", c))
	}
	outputs = append(outputs, logs.String())

	for _, out := range outputs {
		assert.NotContains(t, out, number)
		assert.NotContains(t, out, "411111111111")
		assert.NotContains(t, out, expiry)
		assert.NotContains(t, out, "0998")
		assert.NotContains(t, out, cvc)
	}
	assert.Contains(t, fmt.Sprintf("%v", c), "XXXXXXXXXXXX1111")
	assert.Contains(t, logs.String(), "XXXXXXXXXXXX1111")
	assert.Equal(t, `ogone.Card{"XXXXXXXXXXXX1111"}`, fmt.Sprintf("%#v", c))
	j, _ := json.Marshal(c)
	assert.Equal(t, strconv.Quote("XXXXXXXXXXXX1111"), string(j))
}

func TestCardErrorsAreFieldErrors(t *testing.T) {
	_, err := ogone.NewCard("x", "y", "z")
	var n int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *ogone.FieldError
		require.True(t, errors.As(e, &fe), "%v", e)
		n++
	}
	assert.Equal(t, 3, n)
}
