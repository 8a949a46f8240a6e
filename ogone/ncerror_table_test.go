package ogone_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// familiesByFirstDigit is what the first digit (NCSTATUS, or the range of
// the published list) allows: communication (1) and uncertain (2) codes
// are technical; refusals (3) come from the issuer, the fraud rules, the
// account or a technical failure at the acquirer; 4 is the platform's and
// 3-D Secure's; invalid data (5) may also be the account's set-up or a
// fraud rule's technical error; 6 is direct debit.
var familiesByFirstDigit = map[byte][]ogone.NCFamily{
	'1': {ogone.NCFamilyTechnical},
	'2': {ogone.NCFamilyTechnical},
	'3': {ogone.NCFamilyRefused, ogone.NCFamilyFraud, ogone.NCFamilyConfiguration, ogone.NCFamilyTechnical, ogone.NCFamilyInvalidData},
	'4': {ogone.NCFamilyTechnical, ogone.NCFamilyRefused},
	'5': {ogone.NCFamilyInvalidData, ogone.NCFamilyConfiguration, ogone.NCFamilyFraud, ogone.NCFamilyTechnical, ogone.NCFamilyRefused},
	'6': {ogone.NCFamilyRefused, ogone.NCFamilyInvalidData, ogone.NCFamilyConfiguration},
}

func TestNCErrorFamilies(t *testing.T) {
	codes := ogone.KnownNCErrors()
	require.Greater(t, len(codes), 400, "the public lists give more than 400 codes")
	assert.True(t, slices.IsSorted(codes), "numeric order")
	assert.Len(t, slices.Compact(slices.Clone(codes)), len(codes), "each code once")

	count := map[ogone.NCFamily]int{}
	for _, e := range codes {
		f := e.Family()
		count[f]++
		assert.Len(t, string(e), 8, "%s: the platform's codes have 8 digits", e)
		assert.Contains(t, familiesByFirstDigit[e[0]], f, "%s: family %v for first digit %c", e, f, e[0])
		assert.NotEqual(t, ogone.NCFamilyUnknown, f, "%s", e)

		m := e.Meaning()
		assert.NotEmpty(t, m)
		assert.LessOrEqual(t, utf8.RuneCountInString(m), 70, "%s: a few words", e)
		assert.False(t, strings.HasSuffix(m, "."), "%s: no sentence", e)
		assert.Equal(t, string(e)+" "+m, e.String())

		switch {
		case e.Uncertain():
			assert.Equal(t, ogone.NCFamilyTechnical, f, "%s: a 2... code is technical", e)
			assert.False(t, e.Retryable(), "%s: an uncertain outcome may have been charged", e)
		case f == ogone.NCFamilyFraud:
			assert.False(t, e.Retryable(), "%s: inviting retries past a fraud rule helps card testing", e)
		case f == ogone.NCFamilyConfiguration:
			assert.False(t, e.Retryable(), "%s: only the merchant can fix the account", e)
		}
	}
	for f := ogone.NCFamilyTechnical; f <= ogone.NCFamilyFraud; f++ {
		assert.Greater(t, count[f], 10, "family %v has codes", f)
	}
}

func TestNCErrorFamilyOfNamedCodes(t *testing.T) {
	for code, want := range map[ogone.NCError]ogone.NCFamily{
		ogone.NCErrorUnknownAcquirerStatus: ogone.NCFamilyTechnical,
		ogone.NCErrorPaymentRefused:        ogone.NCFamilyRefused,
		ogone.NCErrorFraudScoreTooHigh:     ogone.NCFamilyFraud,
		"30001100":                         ogone.NCFamilyFraud,
		"30001140":                         ogone.NCFamilyFraud,
		ogone.NCErrorStolenCard:            ogone.NCFamilyRefused,
		ogone.NCErrorDataValidation:        ogone.NCFamilyInvalidData,
		ogone.NCErrorUnknownPSPID:          ogone.NCFamilyConfiguration,
		ogone.NCErrorWrongAPIPassword:      ogone.NCFamilyConfiguration,
		ogone.NCErrorSHAMismatch:           ogone.NCFamilyConfiguration,
		"50001046":                         ogone.NCFamilyConfiguration,
		ogone.NCError3DSFailed:             ogone.NCFamilyRefused,
		"40001001":                         ogone.NCFamilyTechnical,
		"60000007":                         ogone.NCFamilyRefused,
	} {
		assert.Equal(t, want, code.Family(), "%s", code)
	}
}

func TestNCErrorFamilyOfUnknownCodes(t *testing.T) {
	for code, want := range map[ogone.NCError]ogone.NCFamily{
		"20009999":   ogone.NCFamilyTechnical,
		"39999999":   ogone.NCFamilyRefused,
		"59999999":   ogone.NCFamilyInvalidData,
		"49999999":   ogone.NCFamilyUnknown,
		"0050001005": ogone.NCFamilyUnknown,
		"":           ogone.NCFamilyUnknown,
		"0":          ogone.NCFamilyUnknown,
		"5000x113":   ogone.NCFamilyUnknown,
	} {
		assert.Equal(t, want, code.Family(), "%q", string(code))
	}
	// Unknown codes stay printable, with their family's meaning.
	assert.Equal(t, "59999999 invalid data", ogone.NCError("59999999").String())
	assert.Equal(t, "49999999 unrecognized error", ogone.NCError("49999999").String())
}

func TestNCFamilyString(t *testing.T) {
	want := []string{"unknown", "technical", "refused", "invalid_data", "configuration", "fraud"}
	for i, w := range want {
		assert.Equal(t, w, ogone.NCFamily(i).String())
	}
	assert.Equal(t, "NCFamily(6)", ogone.NCFamily(6).String())
}

func TestKnownNCErrorsIsACopy(t *testing.T) {
	a := ogone.KnownNCErrors()
	a[0] = "99999999"
	assert.NotEqual(t, ogone.NCError("99999999"), ogone.KnownNCErrors()[0])
}

// A refusal with any listed code says what it means.
func TestErrorExplainsEveryListedCode(t *testing.T) {
	for _, code := range ogone.KnownNCErrors() {
		e := &ogone.Error{Op: "order", Status: ogone.StatusAuthorizationRefused, NCError: code}
		assert.Contains(t, e.Error(), "NCERROR "+string(code)+" "+code.Meaning())
	}
}
