package ogone_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorMessage(t *testing.T) {
	e := &ogone.Error{Op: "order", OrderID: "o-1", PayID: "3041658223", Status: ogone.StatusAuthorizationRefused,
		NCError: ogone.NCErrorPaymentRefused, NCErrorPlus: "payment refused by the financial institution"}
	assert.Equal(t, `ogone: order "o-1" refused: STATUS 2 authorization refused, NCERROR 30001001 payment refused by the acquirer: "payment refused by the financial institution"`, e.Error())
	assert.True(t, e.Retryable())

	e = &ogone.Error{Op: "maintenance", Status: ogone.StatusInvalid, NCError: "0"}
	assert.Equal(t, `ogone: maintenance refused: STATUS 0 invalid or incomplete`, e.Error())
}

func TestErrorMessageMasksWhatLooksLikeACardNumber(t *testing.T) {
	e := &ogone.Error{Op: "order", Status: 0, NCError: "50001111",
		NCErrorPlus: "card 4111111111111111 and 4111 1111 1111 1111 invalid\r\n\x00, PAYID 3041658223"}
	msg := e.Error()
	assert.NotContains(t, msg, "4111111111111111")
	assert.Contains(t, msg, "XXXXXXXXXXXX1111")
	assert.Contains(t, msg, "3041658223", "a PAYID is not a card number")
	assert.NotContains(t, msg, "\x00")
	assert.NotContains(t, msg, "\r")

	long := &ogone.Error{Op: "order", Status: 0, NCError: "50001111", NCErrorPlus: fmt.Sprintf("%0500d", 7)}
	assert.Less(t, len(long.Error()), 400, "the platform's text is shortened")
}

func TestErrorIs(t *testing.T) {
	tests := []struct {
		code ogone.NCError
		want error
	}{
		{ogone.NCErrorDuplicateOrder, ogone.ErrDuplicateOrder},
		{ogone.NCErrorWrongOrderStatus, ogone.ErrDuplicateMaintenance},
		{ogone.NCErrorOrderNotAccessible, ogone.ErrUnknownOrder},
	}
	sentinels := []error{ogone.ErrDuplicateOrder, ogone.ErrDuplicateMaintenance, ogone.ErrUnknownOrder, ogone.ErrOutcomeUnknown}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			var err error = fmt.Errorf("wrapped: %w", &ogone.Error{Op: "order", Status: 0, NCError: tt.code, PayID: "1"})
			for _, s := range sentinels {
				assert.Equal(t, s == tt.want, errors.Is(err, s), "%v", s)
			}
			var e *ogone.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.code, e.NCError)
			assert.False(t, e.Retryable())
		})
	}
}

func TestOutcomeUnknownError(t *testing.T) {
	cause := &ogone.TransportError{Op: "order", URL: "https://ogone.test.v-psp.com/ncol/test/orderdirect_utf8.asp", Err: context.DeadlineExceeded}
	var err error = &ogone.OutcomeUnknownError{Op: "order", OrderID: "o-1", Err: cause}
	assert.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var te *ogone.TransportError
	require.ErrorAs(t, err, &te)
	assert.True(t, te.Timeout())
	assert.Equal(t, `ogone: outcome of order "o-1" unknown; query it before sending it again: ogone: order "https://ogone.test.v-psp.com/ncol/test/orderdirect_utf8.asp": context deadline exceeded`, err.Error())

	err = &ogone.OutcomeUnknownError{Op: "maintenance", PayID: "3041658221", Err: &ogone.HTTPStatusError{Op: "maintenance", URL: "https://x/ncol/test/maintenancedirect.asp", StatusCode: 502}}
	assert.Equal(t, `ogone: outcome of maintenance of PAYID 3041658221 unknown; query it before sending it again: ogone: maintenance "https://x/ncol/test/maintenancedirect.asp": HTTP status 502`, err.Error())
	var he *ogone.HTTPStatusError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 502, he.StatusCode)
	assert.False(t, errors.Is(err, context.DeadlineExceeded))
}

func TestTransportErrorTimeout(t *testing.T) {
	assert.False(t, (&ogone.TransportError{Op: "query", URL: "u", Err: io.ErrUnexpectedEOF}).Timeout())
	assert.False(t, (&ogone.TransportError{Op: "query", URL: "u", Err: context.Canceled}).Timeout())
	assert.True(t, (&ogone.TransportError{Op: "query", URL: "u", Err: &net.OpError{Op: "read", Err: timeoutErr{}}}).Timeout())
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestSharedSentinels: a sentinel another package owns is that package's
// value, so errors.Is agrees whichever name a caller wrote.
func TestSharedSentinels(t *testing.T) {
	assert.Same(t, shasign.ErrUnknownAlgorithm, ogone.ErrInvalidAlgorithm)
	cfg := ogone.Config{PSPID: "shop", SHAIn: ogone.NewSecret("0123456789abcdef-in"), Algorithm: 9}
	err := cfg.Validate()
	assert.ErrorIs(t, err, ogone.ErrInvalidAlgorithm)
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)
}

// TestFieldErrorNamesThePackageOnce: the field sits between the prefix
// and the reason, whichever sentinel of this package it wraps, and a
// wrapped sentinel of another package keeps its own name.
func TestFieldErrorNamesThePackageOnce(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{ogone.ErrInvalidCurrency, "ogone: CURRENCY: currency must be three uppercase letters (ISO 4217)"},
		{ogone.ErrMissingBrowserInfo, "ogone: CURRENCY: required for 3-D Secure: browser data (ThreeDSecure.Browser)"},
		{shasign.ErrAmbiguousParameter, "ogone: CURRENCY: shasign: ambiguous parameter"},
		{nil, "ogone: CURRENCY: <nil>"},
	} {
		assert.Equal(t, tt.want, (&ogone.FieldError{Field: "CURRENCY", Err: tt.err}).Error())
	}
	assert.ErrorIs(t, ogone.ErrMissingBrowserInfo, ogone.ErrMissing3DSField)
}
