package feedback_test

import (
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// TestLookAlikeNamesStayUnsigned: names that strings.EqualFold or
// strings.ToUpper would take for a signed one (U+017F ſ folds to s, the
// Kelvin sign U+212A to k, U+0131 ı uppercases to I) are not covered by the
// signature, so they never fill a typed field: they land in Unsigned.
func TestLookAlikeNamesStayUnsigned(t *testing.T) {
	genuine := signed(t, seedParams())
	want, err := testVerifier(t).Verify(genuine)
	require.NoError(t, err)
	tests := []struct{ name, value string }{
		{"STATUſ", "2"},
		{"AMOUNſ", "0.01"},
		{"ORDERıD", "SO999"},
		{"CURRENCY\u200b", "USD"},
		{"\u212AEY", "x"},    // Kelvin sign
		{"BRAND\u212A", "X"}, // not BRANDK either
		{"ſCORING", "99"},
		{"Aliaſ", "CUST-EVIL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := testVerifier(t).Verify(with(genuine, tt.name, tt.value))
			require.NoError(t, err)
			assert.Equal(t, want.OrderID, f.OrderID)
			assert.Equal(t, want.Status, f.Status)
			assert.True(t, want.Amount.Equal(f.Amount))
			assert.Equal(t, want.Currency, f.Currency)
			assert.Equal(t, want.Brand, f.Brand)
			assert.Equal(t, want.Alias, f.Alias)
			assert.Empty(t, f.Signed)
			assert.Equal(t, []string{tt.value}, f.Unsigned[asciiUpper(tt.name)], "in Unsigned")
		})
	}
	// A look-alike never stands in for a missing signed parameter.
	noOrder := signed(t, with(seedParams(), "orderID", ""))
	_, err = testVerifier(t).Verify(with(noOrder, "ORDERıD", "SO042"))
	assert.ErrorIs(t, err, feedback.ErrMissingParam)
}

// TestUnsignedNeverChangesTheEncoding: anyone can append X=%FF to a
// genuine UTF-8 feedback URL; the signed values still read as UTF-8, under
// every encoding setting, and X reads as ISO-8859-1 on its own.
func TestUnsignedNeverChangesTheEncoding(t *testing.T) {
	genuine := signed(t, seedParams())
	query := genuine.Encode() + "&X=%FF&%FFNAME=1"
	params, err := url.ParseQuery(query)
	require.NoError(t, err)
	for _, enc := range []struct {
		name string
		opts []feedback.Option
	}{
		{"default", nil},
		{"UTF-8", []feedback.Option{feedback.WithEncoding(shasign.UTF8)}},
	} {
		t.Run(enc.name, func(t *testing.T) {
			f, err := testVerifier(t, enc.opts...).Verify(params)
			require.NoError(t, err)
			assert.Equal(t, "Zoë Müller", f.CN)
			assert.Equal(t, "ÿ", f.UnsignedParam("x"))
			assert.Equal(t, "1", f.Unsigned["ÿNAME"][0])
		})
	}
	// A signed value that is not UTF-8 still switches the default to
	// ISO-8859-1, and the strict setting still refuses it.
	latin := signed(t, with(seedParams(), "CN", "Zo\xeb"))
	f, err := testVerifier(t).Verify(latin)
	require.NoError(t, err)
	assert.Equal(t, "Zoë", f.CN)
	_, err = testVerifier(t, feedback.WithEncoding(shasign.UTF8)).Verify(latin)
	assert.ErrorIs(t, err, feedback.ErrInvalidEncoding)
}

// TestDisputedSHAOutNames: a feedback carrying a disputed name verifies
// under either reading; the name is signed (Signed) when the matching
// reading covered it and unsigned (Unsigned) when it left it out.
func TestDisputedSHAOutNames(t *testing.T) {
	for _, name := range shasign.DisputedSHAOutParameters() {
		base := with(seedParams(), name, "disputed-value")
		canonical, err := shasign.Canonicalize(shasign.Out, base)
		require.NoError(t, err)
		published := false
		for _, f := range canonical.Fields {
			published = published || f.Name == name
		}
		for _, covered := range []bool{true, false} {
			params := base
			if covered != published {
				// Sign under the other reading: add or drop the name
				// from what is hashed.
				params = digestWith(t, base, name, covered)
			} else {
				params = signed(t, base)
			}
			f, err := testVerifier(t).Verify(params)
			require.NoError(t, err, "%s covered=%t", name, covered)
			if covered {
				assert.Equal(t, "disputed-value", f.SignedParam(name))
				assert.Empty(t, f.UnsignedParam(name))
			} else {
				assert.Equal(t, "disputed-value", f.UnsignedParam(name))
				assert.Empty(t, f.SignedParam(name))
			}
			// Still needs the passphrase.
			forged := with(params, "SHASIGN", strings.Repeat("A", 128))
			_, err = testVerifier(t).Verify(forged)
			assert.ErrorIs(t, err, feedback.ErrBadSignature)
		}
	}
}

// digestWith signs base under a reading that covers name (covered) or
// not, by hashing the string the platform would hash under that reading.
func digestWith(t *testing.T, base url.Values, name string, covered bool) url.Values {
	t.Helper()
	// Under the reading that leaves name out, the digest is that of the
	// parameters without it; under the one that covers it, of the
	// parameters with it under a neutral name that sorts the same way
	// cannot be built in general, so hash by hand.
	if !covered {
		sig, err := shasign.SignOut(testAlg, testPassphrase, with(base, name, ""))
		require.NoError(t, err)
		return with(base, "SHASIGN", sig)
	}
	c, err := shasign.Canonicalize(shasign.Out, base)
	require.NoError(t, err)
	fields := append([]shasign.Field(nil), c.Fields...)
	fields = append(fields, shasign.Field{Name: name, Value: base.Get(name)})
	sortFields(fields)
	c.Fields = fields
	return with(base, "SHASIGN", sha512Upper(c.StringToHash(testPassphrase)))
}

// TestFieldErrorsAreOgoneFieldErrors: a field problem is a *ParamError and,
// for code that handles alias and feedback results alike, an
// *ogone.FieldError naming the same parameter.
func TestFieldErrorsAreOgoneFieldErrors(t *testing.T) {
	_, err := testVerifier(t).Verify(signed(t, with(seedParams(), "amount", "1.234")))
	var pe *feedback.ParamError
	require.True(t, errors.As(err, &pe))
	var fe *ogone.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "AMOUNT", fe.Field)
	assert.ErrorIs(t, fe, feedback.ErrInvalidAmount)
}

// TestParameterBound: more than MaxParams parameters are refused before
// the signature is even checked.
func TestParameterBound(t *testing.T) {
	params := signed(t, seedParams())
	for i := 0; len(params) <= feedback.MaxParams; i++ {
		params.Set("X"+strings.Repeat("0", 4)+string(rune('A'+i%26))+string(rune('A'+i/26%26))+string(rune('A'+i/676)), "1")
	}
	_, err := testVerifier(t).Verify(params)
	assert.ErrorIs(t, err, feedback.ErrTooManyParams)
}

func sortFields(fields []shasign.Field) {
	slices.SortFunc(fields, func(a, b shasign.Field) int { return shasign.Compare(a.Name, b.Name) })
}

func sha512Upper(s string) string {
	sum := sha512.Sum512([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// asciiUpper uppercases ASCII letters only, as the signer does.
func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}
