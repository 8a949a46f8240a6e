package feedback_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/internal/golden"
	"github.com/gogone/ogone/ogone"
)

// TestVectors reads every SHA-OUT vector of the module's verified set as the
// shop would receive it, and holds what comes out to expectations written
// by hand and to a golden rendering.
func TestVectors(t *testing.T) {
	type want struct {
		err                            []error // nil: verification succeeds
		orderID, payID, amount, status string
		cardNo                         string
		trxDate                        string // 2006-01-02, "" for zero
		signed, unsigned               []string
	}
	wants := map[string]want{
		"e-Commerce guide feedback example": {
			orderID: "12", payID: "32100123", amount: "15", status: "9", cardNo: "XXXXXXXXXXXX1111",
		},
		"feedback values are case-sensitive; unknown names ignored": {
			orderID: "12", payID: "32100123", amount: "15", status: "9",
			// Sent as xxxxxxxxxxxx1111: masked again, in one spelling.
			cardNo: "XXXXXXXXXXXX1111", unsigned: []string{"UNKNOWNPARAM"},
		},
		"extensive feedback": {
			orderID: "myorderid1678834094", payID: "9126297", amount: "99", status: "9",
			cardNo: "XXXXXXXXXXXX1111", trxDate: "2011-01-10",
			signed: []string{"COMPLUS"}, unsigned: []string{"FOO"},
		},
		"empty feedback values are skipped": {
			err: []error{feedback.ErrMissingParam},
		},
		"seed's feedback set with an unsigned extra": {
			orderID: "SO042", payID: "3049875021", amount: "42.5", status: "9",
			cardNo: "XXXXXXXXXXXX1111", trxDate: "2026-11-23", unsigned: []string{"PARAMPLUS_LANG"},
		},
		"underscore sorts before letters (SCO_CATEGORY before SCORING)": {
			orderID: "R-1", amount: "0", status: "5", signed: []string{"SCORING", "SCO_CATEGORY"},
		},
	}

	var rendering strings.Builder
	for _, v := range outVectors(t) {
		t.Run(v.Algorithm+"/"+v.Name, func(t *testing.T) {
			w, ok := wants[v.Name]
			require.True(t, ok, "no expectation for vector %q: add one", v.Name)
			f, err := vectorVerifier(t, v).Verify(vectorFeedback(v))
			fmt.Fprintf(&rendering, "## %s %s\n", v.Algorithm, v.Name)
			if w.err != nil {
				require.Error(t, err)
				assert.Nil(t, f)
				for _, e := range w.err {
					assert.ErrorIs(t, err, e)
				}
				fmt.Fprintf(&rendering, "error: %v\n\n", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, w.orderID, f.OrderID)
			assert.Equal(t, w.payID, f.PayID)
			assert.True(t, decimal.RequireFromString(w.amount).Equal(f.Amount), "amount %s", f.Amount)
			assert.Equal(t, w.status, fmt.Sprint(int(f.Status)))
			assert.Equal(t, w.cardNo, f.CardNo.String())
			if w.trxDate == "" {
				assert.True(t, f.TrxDate.IsZero())
			} else {
				assert.Equal(t, w.trxDate, f.TrxDate.Format(time.DateOnly))
			}
			assert.ElementsMatch(t, w.signed, keys(f.Signed))
			assert.ElementsMatch(t, w.unsigned, keys(f.Unsigned))

			js, err := json.MarshalIndent(f, "", "  ")
			require.NoError(t, err)
			fmt.Fprintf(&rendering, "%s\n%+v\n\n", js, *f)
		})
	}
	golden.CheckString(t, filepath.Join("testdata", "vectors.golden"), rendering.String())
}

func keys[M ~map[string]V, V any](m M) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestSeedFeedbackFields checks every typed field on the seed account's
// feedback set, the one the shop is configured for.
func TestSeedFeedbackFields(t *testing.T) {
	params := seedParams()
	params.Set("ECI", "7")
	params.Set("PAYIDSUB", "2")
	params.Set("COMPLUS", "cart-77")
	params.Set("PARAMPLUS_LANG", "fr") // unsigned
	f, err := testVerifier(t).Verify(signed(t, params))
	require.NoError(t, err)

	assert.Equal(t, "SO042", f.OrderID)
	assert.Equal(t, "3049875021", f.PayID)
	assert.Equal(t, "2", f.PayIDSub)
	assert.Equal(t, ogone.StatusPaymentRequested, f.Status)
	assert.Equal(t, ogone.StateCaptured, f.State())
	assert.Equal(t, ogone.NCError("0"), f.NCError)
	assert.True(t, f.NCError.OK())
	assert.True(t, decimal.RequireFromString("42.50").Equal(f.Amount))
	assert.Equal(t, "EUR", f.Currency)
	assert.Equal(t, "CreditCard", f.PM)
	assert.Equal(t, "VISA", f.Brand)
	assert.Equal(t, "XXXXXXXXXXXX1111", f.CardNo.String())
	assert.Equal(t, "1111", f.CardNo.Last4())
	assert.Equal(t, "Zoë Müller", f.CN)
	assert.Equal(t, "CUST-8842", f.Alias)
	assert.Equal(t, "192.0.2.10", f.IP)
	assert.Equal(t, time.Date(2026, time.November, 23, 0, 0, 0, 0, time.UTC), f.TrxDate)
	assert.Equal(t, time.March, f.ED.Month())
	assert.Equal(t, 2030, f.ED.Year())
	assert.Equal(t, ogone.ECIECommerce, f.ECI)
	assert.Equal(t, "test123", f.Acceptance)
	assert.Equal(t, "cart-77", f.SignedParam("complus"))
	assert.Equal(t, "fr", f.UnsignedParam("paramplus_lang"))
	assert.Equal(t, "", f.SignedParam("PARAMPLUS_LANG"), "an unsigned parameter must not read as signed")
	assert.Equal(t, "", f.UnsignedParam("COMPLUS"))
	// Typed fields are not repeated in the maps.
	for _, name := range []string{"ORDERID", "AMOUNT", "CARDNO", "ED", "SHASIGN"} {
		assert.NotContains(t, f.Signed, name)
		assert.NotContains(t, f.Unsigned, name)
	}
}

// ECI is informational: a value that is not a number is kept, signed, in
// Signed rather than refusing the feedback.
func TestECINotANumber(t *testing.T) {
	f, err := testVerifier(t).Verify(signed(t, with(seedParams(), "ECI", "X7")))
	require.NoError(t, err)
	assert.Equal(t, ogone.ECI(0), f.ECI)
	assert.Equal(t, "X7", f.SignedParam("eci"))

	f, err = testVerifier(t).Verify(signed(t, with(seedParams(), "ECI", "9")))
	require.NoError(t, err)
	assert.Equal(t, ogone.ECIRecurringECommerce, f.ECI)
	assert.Empty(t, f.Signed)
}

// The platform's feedback names arrive in mixed case; any case must do,
// for the typed fields and for the maps.
func TestNamesInAnyCase(t *testing.T) {
	params := url.Values{
		"OrderId": {"A1"}, "status": {"5"}, "Amount": {"10"}, "trxdate": {"02/29/24"},
		"complus": {"x"}, "Sco_Category": {"G"}, "lang": {"fr"},
	}
	f, err := testVerifier(t).Verify(signedLower(t, params))
	require.NoError(t, err)
	assert.Equal(t, "A1", f.OrderID)
	assert.Equal(t, ogone.StatusAuthorized, f.Status)
	assert.Equal(t, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), f.TrxDate)
	assert.Equal(t, url.Values{"COMPLUS": {"x"}, "SCO_CATEGORY": {"G"}}, f.Signed)
	assert.Equal(t, url.Values{"LANG": {"fr"}}, f.Unsigned)
}

// signedLower signs params and adds the signature as shasign, lowercase,
// which the platform never does but which must be accepted too.
func signedLower(t *testing.T, params url.Values) url.Values {
	out := signed(t, params)
	sig := out.Get("SHASIGN")
	out.Del("SHASIGN")
	out.Set("shasign", strings.ToLower(sig))
	return out
}

// Every vector still verifies after its values pass through a real query
// string, as the shop's server receives them.
func TestVectorsThroughQueryString(t *testing.T) {
	for _, v := range outVectors(t) {
		query, err := url.ParseQuery(vectorFeedback(v).Encode())
		require.NoError(t, err)
		_, err = vectorVerifier(t, v).Verify(query)
		if err != nil {
			assert.False(t, errors.Is(err, feedback.ErrBadSignature), "%s: %v", v.Name, err)
		}
	}
}
