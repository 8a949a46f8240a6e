package ogone_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldCase is a value that one validation function accepts or refuses.
type fieldCase struct {
	in string
	ok bool
}

// checkField runs cases through validate and checks that every refusal is
// a *FieldError for field wrapping want, whose message does not hold the
// value.
func checkField(t *testing.T, field string, want error, validate func(string) error, cases []fieldCase) {
	t.Helper()
	for _, tc := range cases {
		err := validate(tc.in)
		if tc.ok {
			assert.NoError(t, err, "%s %q", field, tc.in)
			continue
		}
		require.Error(t, err, "%s %q", field, tc.in)
		assert.ErrorIs(t, err, want, "%s %q", field, tc.in)
		var fe *ogone.FieldError
		require.True(t, errors.As(err, &fe), "%s %q: %T", field, tc.in, err)
		assert.Equal(t, field, fe.Field)
		if len(tc.in) > 3 {
			assert.NotContains(t, err.Error(), tc.in, "the value stays out of the error")
		}
	}
}

func TestValidateOrderID(t *testing.T) {
	checkField(t, "ORDERID", ogone.ErrInvalidOrderID, ogone.ValidateOrderID, []fieldCase{
		{"1234", true},
		{"order-2025-000001", true},
		{strings.Repeat("x", 30), true},
		{strings.Repeat("é", 30), true}, // characters, not bytes
		{"commande n° 12", true},
		{"", false},
		{strings.Repeat("x", 31), false},
		{strings.Repeat("é", 31), false},
		{"order\n1", false},
		{"order\t1", false},
		{"order\x7f", false},
		{"order\x00", false},
		{"bad\xff utf8", false},
	})
}

func TestValidateCurrency(t *testing.T) {
	checkField(t, "CURRENCY", ogone.ErrInvalidCurrency, ogone.ValidateCurrency, []fieldCase{
		{"EUR", true},
		{"USD", true},
		{"CHF", true},
		{"", false},
		{"eur", false},
		{"EU", false},
		{"EURO", false},
		{"E1R", false},
		{"ÉUR", false},
		{" EUR", false},
	})
}

func TestValidateAlias(t *testing.T) {
	checkField(t, "ALIAS", ogone.ErrInvalidAlias, ogone.ValidateAlias, []fieldCase{
		{"customer-42_visa", true},
		{"A", true},
		{strings.Repeat("a", 50), true},
		{"", false},
		{strings.Repeat("a", 51), false},
		{"not valid!", false},
		{"with space", false},
		{"dot.ted", false},
		{"é", false},
	})
}

func TestValidateLanguage(t *testing.T) {
	checkField(t, "LANGUAGE", ogone.ErrInvalidLanguage, ogone.ValidateLanguage, []fieldCase{
		{"en_US", true},
		{"nl_BE", true},
		{"fr_FR", true},
		{"", false},
		{"en", false},
		{"en-US", false},
		{"EN_US", false},
		{"en_us", false},
		{"eng_US", false},
		{"en_USA", false},
		{"e1_US", false},
	})
}

func TestValidateURL(t *testing.T) {
	validate := func(s string) error { return ogone.ValidateURL("ACCEPTURL", s) }
	checkField(t, "ACCEPTURL", ogone.ErrInvalidURL, validate, []fieldCase{
		{"https://shop.example/payment/accepted", true},
		{"http://127.0.0.1:8080/return?order=1&x=%20y", true},
		{"https://shop.example", true},
		{"https://shop.example/é", true},
		{"", false},
		{"/payment/accepted", false},
		{"shop.example/payment", false},
		{"//shop.example/payment", false},
		{"ftp://shop.example/payment", false},
		{"javascript:alert(1)", false},
		{"https:shop.example", false},
		{"https://", false},
		{"https://shop.example/\r\nSet-Cookie: x", false},
		{"https://shop.example/%zz", false},
		{"https://shop.example/\xff", false},
	})
}

func TestFieldError(t *testing.T) {
	err := error(&ogone.FieldError{Field: "ORDERID", Err: ogone.ErrInvalidOrderID})
	assert.Equal(t, "ogone: ORDERID: order reference must be 1 to 30 characters without control characters", err.Error())
	assert.ErrorIs(t, err, ogone.ErrInvalidOrderID)
	assert.NotErrorIs(t, err, ogone.ErrInvalidCurrency)

	// Through wrapping and joining, as HostedPaymentPage returns them.
	joined := errors.Join(err, &ogone.FieldError{Field: "AMOUNT", Err: ogone.ErrAmountPrecision})
	assert.ErrorIs(t, joined, ogone.ErrInvalidOrderID)
	assert.ErrorIs(t, joined, ogone.ErrAmountPrecision)
	var fe *ogone.FieldError
	require.ErrorAs(t, joined, &fe)
	assert.Equal(t, "ORDERID", fe.Field)
}

func TestOperationCodes(t *testing.T) {
	// The platform's codes (PROTOCOL.md); a typo here would move money
	// the wrong way.
	codes := map[ogone.Operation]string{
		ogone.OperationAuthorize:        "RES",
		ogone.OperationSale:             "SAL",
		ogone.OperationStandaloneRefund: "RFD",
		ogone.OperationRenew:            "REN",
		ogone.OperationDeleteAuth:       "DEL",
		ogone.OperationDeleteAuthClose:  "DES",
		ogone.OperationFinalCapture:     "SAS",
		ogone.OperationFinalRefund:      "RFS",
	}
	for op, want := range codes {
		assert.Equal(t, want, string(op))
	}
	assert.Equal(t, ogone.OperationSale, ogone.OperationPartialCapture)
	assert.Equal(t, ogone.OperationStandaloneRefund, ogone.OperationPartialRefund)
}

func TestFieldErrorMessageHasOnePrefix(t *testing.T) {
	err := &ogone.FieldError{Field: "AMOUNT", Err: ogone.ErrAmountPrecision}
	assert.Equal(t, "ogone: AMOUNT: amount has more than 2 decimals", err.Error())
	assert.ErrorIs(t, err, ogone.ErrAmountPrecision)
}

func TestValidateValue(t *testing.T) {
	for s, ok := range map[string]bool{
		"": true, "Zoë Müller": true, "a\tb": false, "a\nb": false, "\x00": false, "\x7f": false, "Zo\xeb": false, "\u0085": true,
	} {
		err := ogone.ValidateValue(s)
		if ok {
			assert.NoError(t, err, "%q", s)
		} else {
			assert.ErrorIs(t, err, ogone.ErrInvalidValue, "%q", s)
		}
	}
}
