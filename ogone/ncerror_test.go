package ogone_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
)

// ncCases lists every code of the library's table with what it must mean.
var ncCases = []struct {
	code      ogone.NCError
	meaning   string
	retryable bool
}{
	{ogone.NCErrorUnknownAcquirerStatus, "unknown status from the acquirer", false},

	{ogone.NCErrorPaymentRefused, "payment refused by the acquirer", true},
	{ogone.NCErrorDuplicateRequest, "duplicate request", false},
	{ogone.NCErrorCardBlacklisted, "card blacklisted", false},
	{ogone.NCErrorCVCCheckFailed, "CVC check failed at the acquirer", true},
	{ogone.NCErrorFraudScoreTooHigh, "fraud score too high", false},
	{ogone.NCErrorTemporarilyUnavailable, "payment system or acquirer temporarily unavailable", true},
	{ogone.NCErrorRetainCard, "retain card", false},
	{ogone.NCErrorAuthorizationDeclined, "authorization declined", true},
	{ogone.NCErrorInvalidAmount, "invalid amount", false},
	{ogone.NCErrorInvalidCardNumber, "invalid card number", true},
	{ogone.NCErrorCancelledByCustomer, "payment cancelled by the customer", true},
	{ogone.NCErrorCardExpired, "card expired", true},
	{ogone.NCErrorSuspectedFraud, "suspected fraud", false},
	{ogone.NCErrorLostCard, "lost card", false},
	{ogone.NCErrorStolenCard, "stolen card", false},
	{ogone.NCErrorInsufficientFunds, "insufficient funds", true},
	{"30541001", "card expired", true},
	{ogone.NCErrorAmountOverCardLimit, "amount over the card's limit", true},
	{ogone.NCErrorRestrictedCard, "restricted card", true},
	{ogone.NCErrorAcquirerUnavailable, "acquirer unavailable", true},
	{ogone.NCErrorDuplicateTransaction, "duplicate transaction", false},
	{ogone.NCErrorInvalidExpiryDate, "invalid expiry date", true},

	{ogone.NCError3DSFailed, "authentication failed", true},
	{"40001135", "authentication temporarily unavailable", true},

	{ogone.NCErrorUnknownCardType, "unknown card type", true},
	{"50001054", "card number incorrect or of no accepted brand", true},
	{ogone.NCError3DSRequired, "transaction requires authentication", false},
	{ogone.NCErrorCVCMissing, "CVC missing", true},
	{ogone.NCErrorDataValidation, "data validation error", false},
	{ogone.NCErrorDuplicateOrder, "order already processed", false},
	{ogone.NCErrorUnknownPSPID, "PSPID not found or incorrect", false},
	{ogone.NCErrorWrongAPIPassword, "API password incorrect or disabled", false},
	{ogone.NCErrorInvalidCurrency, "invalid currency", false},
	{"50001121", "too many decimals for the currency", false},
	{"50001122", "currency not accepted by the merchant", false},
	{ogone.NCErrorCaptureExceedsOrder, "captures exceed the order", false},
	{ogone.NCErrorWrongOrderStatus, "order status does not allow the operation", false},
	{ogone.NCErrorRefundExceedsOrder, "refunds exceed the order", false},
	{ogone.NCErrorOrderNotAccessible, "original order not accessible", false},
	{"50001134", "authentication failed", true},
	{"50001174", "cardholder name too long", true},
	{"50001176", "card number too long", true},
	{"50001177", "card number not numeric", true},
	{"50001178", "card number empty", true},
	{"50001179", "CVC too long", true},
	{"50001180", "CVC not numeric", true},
	{"50001181", "expiry date not numeric", true},
	{"50001182", "invalid expiry month", true},
	{"50001183", "expiry date in the past", true},
	{ogone.NCErrorSHAMismatch, "SHA-IN signature mismatch", false},
	{"50001186", "operation not permitted: an alias exists for this order", false},
	{"50001187", "operation not permitted: the alias already exists", false},
	{"55555555", "general error", false},
}

func TestNCErrorTable(t *testing.T) {
	seen := map[ogone.NCError]bool{}
	for _, tc := range ncCases {
		t.Run(string(tc.code), func(t *testing.T) {
			assert.False(t, seen[tc.code], "listed twice")
			seen[tc.code] = true
			assert.Len(t, string(tc.code), 8, "the platform's codes have 8 digits")

			e := tc.code
			assert.False(t, e.OK())
			assert.Equal(t, tc.meaning, e.Meaning())
			assert.Equal(t, tc.retryable, e.Retryable(), "Retryable")
			assert.Equal(t, string(e)+" "+tc.meaning, e.String())

			want := map[byte]ogone.NCCategory{'2': ogone.NCTechnical, '3': ogone.NCRefused, '5': ogone.NCInvalidData}[e[0]]
			assert.Equal(t, want, e.Category(), "the first digit decides the family")
			assert.Equal(t, e.Category() == ogone.NCTechnical, e.Uncertain())
			if e.Uncertain() {
				assert.False(t, e.Retryable(), "an uncertain outcome may have been charged")
			}
		})
	}
}

// The codes the rest of the library and its users rely on by name.
func TestNCErrorNumbers(t *testing.T) {
	for code, want := range map[ogone.NCError]string{
		ogone.NCErrorNone:                  "0",
		ogone.NCErrorUnknownAcquirerStatus: "20001001",
		ogone.NCErrorPaymentRefused:        "30001001",
		ogone.NCErrorInvalidAmount:         "30131001",
		ogone.NCError3DSFailed:             "40001134",
		ogone.NCError3DSRequired:           "50001087",
		ogone.NCErrorDataValidation:        "50001111",
		ogone.NCErrorDuplicateOrder:        "50001113",
		ogone.NCErrorWrongOrderStatus:      "50001127",
		ogone.NCErrorSHAMismatch:           "50001184",
	} {
		assert.Equal(t, want, string(code))
	}
}

func TestNCErrorOK(t *testing.T) {
	for _, e := range []ogone.NCError{"", "0", ogone.NCErrorNone} {
		assert.True(t, e.OK(), "%q", string(e))
		assert.Equal(t, ogone.NCOK, e.Category())
		assert.Equal(t, "no error", e.Meaning())
		assert.False(t, e.Retryable(), "nothing to retry")
		assert.False(t, e.Uncertain())
	}
	assert.Equal(t, "no error", ogone.NCError("").String())
	assert.Equal(t, "0 no error", ogone.NCError("0").String())

	// Only "" and "0" are success; a padded zero is not a form the platform
	// sends, so it must not pass as one.
	for _, e := range []ogone.NCError{"00", "00000000", " 0", "0 "} {
		assert.False(t, e.OK(), "%q", string(e))
		assert.Equal(t, ogone.NCOther, e.Category(), "%q", string(e))
	}
}

func TestNCErrorUnknownCodesFollowTheirFamily(t *testing.T) {
	cases := []struct {
		code      ogone.NCError
		category  ogone.NCCategory
		meaning   string
		retryable bool
		uncertain bool
	}{
		{"20009999", ogone.NCTechnical, "technical problem, outcome uncertain", false, true},
		{"20001999", ogone.NCTechnical, "technical problem, outcome uncertain", false, true},
		{"30999999", ogone.NCRefused, "refused", true, false},
		{"50009999", ogone.NCInvalidData, "invalid data", false, false},
		{"10009999", ogone.NCOther, "unrecognized error", false, false},
		{"40009999", ogone.NCOther, "unrecognized error", false, false},
		{"60009999", ogone.NCOther, "unrecognized error", false, false},
		{"90000000", ogone.NCOther, "unrecognized error", false, false},
		{"2", ogone.NCTechnical, "technical problem, outcome uncertain", false, true},
		{"0050001005", ogone.NCOther, "unrecognized error", false, false}, // a zero-padded form some old lists show
	}
	for _, tc := range cases {
		t.Run(string(tc.code), func(t *testing.T) {
			e := tc.code
			assert.False(t, e.OK())
			assert.Equal(t, tc.category, e.Category())
			assert.Equal(t, tc.meaning, e.Meaning())
			assert.Equal(t, tc.retryable, e.Retryable(), "Retryable")
			assert.Equal(t, tc.uncertain, e.Uncertain(), "Uncertain")
			assert.Equal(t, string(e)+" "+tc.meaning, e.String())
		})
	}
}

func TestMalformedNCErrorIsNeverEchoed(t *testing.T) {
	for _, e := range []ogone.NCError{
		"abc", "5000111x", " 50001113", "50001113\n", "-1", "+30001001", "٣0001001",
		"12345678901", // 11 digits
		"30001001<script>", "50001113\r\nSet-Cookie: x=y",
	} {
		t.Run(fmt.Sprintf("%q", string(e)), func(t *testing.T) {
			assert.False(t, e.OK())
			assert.Equal(t, ogone.NCOther, e.Category())
			assert.Equal(t, "malformed NCERROR", e.Meaning())
			assert.Equal(t, "malformed NCERROR", e.String())
			assert.False(t, e.Retryable(), "an unreadable code gives no reason to retry")
			assert.False(t, e.Uncertain())
		})
	}
}

func TestNCCategoryString(t *testing.T) {
	assert.Equal(t, "other", ogone.NCOther.String())
	assert.Equal(t, "ok", ogone.NCOK.String())
	assert.Equal(t, "technical", ogone.NCTechnical.String())
	assert.Equal(t, "refused", ogone.NCRefused.String())
	assert.Equal(t, "invalid_data", ogone.NCInvalidData.String())
	assert.Equal(t, "NCCategory(9)", ogone.NCCategory(9).String())

	var zero ogone.NCCategory
	assert.Equal(t, ogone.NCOther, zero, "an unset category must not read as success")
}

func FuzzNCError(f *testing.F) {
	for _, seed := range []string{"", "0", "50001113", "20001001", "30999999", "abc", "0050001005", "5\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e := ogone.NCError(in)
		cat, str := e.Category(), e.String()
		if e.OK() != (cat == ogone.NCOK) {
			t.Fatalf("%q: OK %t but category %v", in, e.OK(), cat)
		}
		if e.Uncertain() && e.Retryable() {
			t.Fatalf("%q: uncertain and retryable", in)
		}
		if fam := e.Family(); fam != ogone.NCFamilyUnknown && (e.OK() || !slices.Contains(familiesByFirstDigit[in[0]], fam)) {
			t.Fatalf("%q: family %v", in, fam)
		}
		allDigits := in != "" && len(in) <= 10 && strings.Trim(in, "0123456789") == ""
		switch {
		case in == "":
			if str != "no error" {
				t.Fatalf("String(%q) = %q", in, str)
			}
		case allDigits:
			if !strings.HasPrefix(str, in+" ") {
				t.Fatalf("String(%q) = %q, want the code first", in, str)
			}
		default:
			if str != "malformed NCERROR" {
				t.Fatalf("String(%q) = %q echoes a malformed value", in, str)
			}
		}
	})
}

func ExampleNCError_Retryable() {
	for _, e := range []ogone.NCError{"0", "30511001", "30431001", "20001001", "50001113", "30999999"} {
		fmt.Printf("%v: %v, retry %t\n", e, e.Category(), e.Retryable())
	}
	// Output:
	// 0 no error: ok, retry false
	// 30511001 insufficient funds: refused, retry true
	// 30431001 stolen card: refused, retry false
	// 20001001 unknown status from the acquirer: technical, retry false
	// 50001113 order already processed: invalid_data, retry false
	// 30999999 refused: refused, retry true
}
