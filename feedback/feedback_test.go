package feedback_test

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
)

// TestRedaction prints, encodes and logs a Feedback every usual way and
// checks that no card number or expiry date comes out.
func TestRedaction(t *testing.T) {
	params := seedParams()
	params.Set("CARDNO", "4111111111111111") // unmasked, as a broken source might send it
	f, err := testVerifier(t).Verify(signed(t, params))
	require.NoError(t, err)
	require.Equal(t, time.March, f.ED.Month(), "the expiry is there, on purpose only")

	var outputs []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outputs = append(outputs, fmt.Sprintf(format, f), fmt.Sprintf(format, *f),
			fmt.Sprintf(format, f.CardNo), fmt.Sprintf(format, f.ED))
	}
	js, err := json.Marshal(f)
	require.NoError(t, err)
	outputs = append(outputs, string(js))
	type card struct {
		CardNo ogone.MaskedNumber
		ED     ogone.Expiry
	}
	x, err := xml.Marshal(card{f.CardNo, f.ED})
	require.NoError(t, err)
	outputs = append(outputs, string(x))
	var g bytes.Buffer
	require.NoError(t, gob.NewEncoder(&g).Encode(f))
	outputs = append(outputs, g.String())
	for _, h := range []func(*strings.Builder) slog.Handler{
		func(b *strings.Builder) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *strings.Builder) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var b strings.Builder
		slog.New(h(&b)).Info("feedback", "f", f, "value", *f, "card", f.CardNo, "ed", f.ED)
		outputs = append(outputs, b.String())
	}
	for i, out := range outputs {
		assertNoCardData(t, out)
		assert.NotContains(t, out, "CVC", "output %d", i)
	}
	assert.Contains(t, string(js), `"cardNo":"XXXXXXXXXXXX1111"`)
	assert.Contains(t, string(js), `"ed":"[REDACTED]"`)
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%#v", f.ED))
}

// A Feedback stored as JSON reads back, masked and redacted as it was
// written.
func TestJSONRoundTrip(t *testing.T) {
	f, err := testVerifier(t).Verify(signed(t, seedParams()))
	require.NoError(t, err)
	js, err := json.Marshal(f)
	require.NoError(t, err)
	var back feedback.Feedback
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, f.OrderID, back.OrderID)
	assert.Equal(t, f.Status, back.Status)
	assert.True(t, f.Amount.Equal(back.Amount))
	assert.Equal(t, f.CardNo, back.CardNo)
	assert.Equal(t, f.TrxDate, back.TrxDate)
	assert.True(t, back.ED.IsZero(), "the expiry was never written")
}

func TestMatches(t *testing.T) {
	f := &feedback.Feedback{OrderID: "SO042", Amount: decimal.RequireFromString("15.5"), Currency: "EUR"}
	d := decimal.RequireFromString
	tests := []struct {
		name     string
		orderID  string
		amount   decimal.Decimal
		currency string
		fields   []string // mismatching, in order
	}{
		{"same", "SO042", d("15.5"), "EUR", nil},
		{"15.5 equals 15.50", "SO042", d("15.50"), "EUR", nil},
		{"15.5 equals 15.500", "SO042", d("15.500"), "EUR", nil},
		{"currency in lowercase", "SO042", d("15.50"), "eur", nil},
		{"other order", "SO043", d("15.5"), "EUR", []string{"ORDERID"}},
		{"order reference in another case", "so042", d("15.5"), "EUR", []string{"ORDERID"}},
		{"empty order reference", "", d("15.5"), "EUR", []string{"ORDERID"}},
		{"one cent less", "SO042", d("15.49"), "EUR", []string{"AMOUNT"}},
		{"x100 amount", "SO042", d("1550"), "EUR", []string{"AMOUNT"}},
		{"other currency", "SO042", d("15.5"), "CHF", []string{"CURRENCY"}},
		{"empty currency", "SO042", d("15.5"), "", []string{"CURRENCY"}},
		{"everything", "X", d("1"), "USD", []string{"ORDERID", "AMOUNT", "CURRENCY"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := f.Matches(tc.orderID, tc.amount, tc.currency)
			if tc.fields == nil {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, feedback.ErrMismatch)
			var fields []string
			for _, e := range unjoin(err) {
				var me *feedback.MismatchError
				require.ErrorAs(t, e, &me)
				fields = append(fields, me.Field)
			}
			assert.Equal(t, tc.fields, fields)
			for _, value := range []string{"15.5", "SO042", "EUR", tc.amount.String()} {
				assert.NotContains(t, err.Error(), value)
			}
		})
	}

	// A feedback without AMOUNT or CURRENCY does not match a real order.
	empty := &feedback.Feedback{OrderID: "SO042"}
	assert.ErrorIs(t, empty.Matches("SO042", d("15.5"), "EUR"), feedback.ErrMismatch)
	var nilFeedback *feedback.Feedback
	assert.ErrorIs(t, nilFeedback.Matches("SO042", d("15.5"), "EUR"), feedback.ErrMismatch)
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestFeedbackState(t *testing.T) {
	for status, want := range map[ogone.Status]ogone.State{
		ogone.StatusPaymentRequested:    ogone.StateCaptured,
		ogone.StatusAuthorized:          ogone.StateAuthorized,
		ogone.StatusPaymentUncertain:    ogone.StateUncertain,
		ogone.Status(77):                ogone.StateUnknown,
		ogone.StatusCancelledByCustomer: ogone.StateCancelled,
	} {
		assert.Equal(t, want, (&feedback.Feedback{Status: status}).State(), status)
	}
}
