package feedback_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// TestVerifyErrors walks every way Verify refuses a feedback. Each case
// says which sentinels the error must match, which parameter a
// *ParamError must name, and which value must not appear in the message.
func TestVerifyErrors(t *testing.T) {
	good := signed(t, seedParams())
	tests := []struct {
		name   string
		params url.Values
		is     []error
		param  string // the *ParamError's Name, "" when none is expected
		secret string // must not appear in the message
	}{
		{"no SHASIGN", seedParams(), []error{feedback.ErrMissingSignature, shasign.ErrMissingSignature}, "", ""},
		{"empty SHASIGN", withEmpty(good, "SHASIGN"), []error{feedback.ErrMissingSignature}, "", ""},
		{"nil parameters", nil, []error{feedback.ErrMissingSignature}, "", ""},
		{"digest of another passphrase", signedWith(t, "Another-passphrase-1", seedParams()),
			[]error{feedback.ErrBadSignature, shasign.ErrSignatureMismatch}, "", ""},
		{"digest truncated", with(good, "SHASIGN", good.Get("SHASIGN")[:64]), []error{feedback.ErrBadSignature}, "", ""},
		{"digest not hex", with(good, "SHASIGN", strings.Repeat("Z", 128)), []error{feedback.ErrBadSignature}, "", ""},
		{"amount changed", with(good, "amount", "1"), []error{feedback.ErrBadSignature}, "", ""},
		// A field tampered into garbage is a bad signature, not a
		// malformed field: the signature is checked first.
		{"amount changed to garbage", with(good, "amount", "1,00"), []error{feedback.ErrBadSignature}, "", "1,00"},
		{"status changed", with(good, "STATUS", "5"), []error{feedback.ErrBadSignature}, "", ""},
		{"signed parameter added", with(good, "PAYIDSUB", "3"), []error{feedback.ErrBadSignature}, "", ""},
		{"signed parameter removed", with(good, "CN", ""), []error{feedback.ErrBadSignature}, "", ""},
		{"amount twice", add(good, "amount", "1"), []error{feedback.ErrAmbiguous, shasign.ErrAmbiguousParameter}, "AMOUNT", ""},
		{"amount in two cases", add(good, "AMOUNT", "42.5"), []error{feedback.ErrAmbiguous}, "AMOUNT", ""},
		{"two signatures", add(good, "shasign", good.Get("SHASIGN")), []error{feedback.ErrAmbiguous}, "SHASIGN", ""},
		{"unsigned parameter twice", add(signed(t, with(seedParams(), "lang", "fr")), "lang", "de"),
			[]error{feedback.ErrAmbiguous}, "LANG", "de"},
		{"unsigned parameter in two cases", add(signed(t, with(seedParams(), "lang", "fr")), "LANG", "de"),
			[]error{feedback.ErrAmbiguous}, "LANG", "de"},
		{"ORDERID missing", signed(t, with(seedParams(), "orderID", "")), []error{feedback.ErrMissingParam}, "ORDERID", ""},
		{"STATUS missing", signed(t, with(seedParams(), "STATUS", "")), []error{feedback.ErrMissingParam}, "STATUS", ""},
		{"STATUS empty", signed(t, withEmpty(seedParams(), "STATUS")), []error{feedback.ErrMissingParam}, "STATUS", ""},
		{"AMOUNT with a comma", signed(t, with(seedParams(), "amount", "42,50")),
			[]error{feedback.ErrInvalidAmount, ogone.ErrInvalidAmount}, "AMOUNT", "42,50"},
		{"AMOUNT with three decimals", signed(t, with(seedParams(), "amount", "42.505")),
			[]error{feedback.ErrInvalidAmount, ogone.ErrAmountPrecision}, "AMOUNT", "42.505"},
		{"AMOUNT negative", signed(t, with(seedParams(), "amount", "-42.5")), []error{feedback.ErrInvalidAmount}, "AMOUNT", "-42.5"},
		{"AMOUNT with an exponent", signed(t, with(seedParams(), "amount", "1e9")), []error{feedback.ErrInvalidAmount}, "AMOUNT", "1e9"},
		{"STATUS with a leading zero", signed(t, with(seedParams(), "STATUS", "09")),
			[]error{feedback.ErrInvalidStatus, ogone.ErrInvalidStatus}, "STATUS", "09"},
		{"STATUS of three digits", signed(t, with(seedParams(), "STATUS", "100")), []error{feedback.ErrInvalidStatus}, "STATUS", "100"},
		{"STATUS a word", signed(t, with(seedParams(), "STATUS", "paid")), []error{feedback.ErrInvalidStatus}, "STATUS", "paid"},
		{"TRXDATE impossible", signed(t, with(seedParams(), "TRXDATE", "02/30/26")), []error{feedback.ErrInvalidTrxDate}, "TRXDATE", "02/30/26"},
		{"TRXDATE ISO", signed(t, with(seedParams(), "TRXDATE", "2026-11-23")), []error{feedback.ErrInvalidTrxDate}, "TRXDATE", "2026-11-23"},
		{"TRXDATE month 13", signed(t, with(seedParams(), "TRXDATE", "13/01/26")), []error{feedback.ErrInvalidTrxDate}, "TRXDATE", "13/01/26"},
		{"ED month 13", signed(t, with(seedParams(), "ED", "1330")), []error{ogone.ErrInvalidExpiry}, "ED", "1330"},
		{"ED month 00", signed(t, with(seedParams(), "ED", "0030")), []error{ogone.ErrInvalidExpiry}, "ED", "0030"},
		{"ED with a dash", signed(t, with(seedParams(), "ED", "03-30")), []error{ogone.ErrInvalidExpiry}, "ED", "03-30"},
	}

	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := v.Verify(tc.params)
			require.Error(t, err)
			assert.Nil(t, f, "nothing is returned half read")
			for _, want := range tc.is {
				assert.ErrorIs(t, err, want)
			}
			var pe *feedback.ParamError
			if tc.param != "" {
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tc.param, pe.Name)
			} else {
				assert.False(t, errors.As(err, &pe), "unexpected *ParamError: %v", err)
			}
			if tc.secret != "" {
				assert.NotContains(t, err.Error(), tc.secret, "the error shows a value")
			}
			assertNoCardData(t, err.Error())
		})
	}
}

// Unsigned parameters can be appended to a genuine feedback without
// breaking its signature; their number is bounded before any work.
func TestTooManyParams(t *testing.T) {
	params := signed(t, seedParams())
	for i := len(params); i < feedback.MaxParams; i++ {
		params.Set(fmt.Sprintf("PAD%d", i), "x")
	}
	f, err := testVerifier(t).Verify(params)
	require.NoError(t, err, "MaxParams parameters are fine")
	assert.Len(t, f.Unsigned, feedback.MaxParams-len(seedParams())-1)

	params.Set("ONEMORE", "x")
	f, err = testVerifier(t).Verify(params)
	assert.Nil(t, f)
	assert.ErrorIs(t, err, feedback.ErrTooManyParams)
	assert.ErrorIs(t, err, shasign.ErrTooManyParameters)

	// Repeated values count too.
	params = signed(t, seedParams())
	params["PAD"] = make([]string, feedback.MaxParams)
	_, err = testVerifier(t).Verify(params)
	assert.ErrorIs(t, err, feedback.ErrTooManyParams)
}

// Several malformed fields are all reported, in a fixed order.
func TestVerifyReportsEveryBadField(t *testing.T) {
	params := seedParams()
	params.Del("orderID")
	params.Set("amount", "x")
	params.Set("TRXDATE", "00/00/00")
	params.Set("ED", "9999")
	_, err := testVerifier(t).Verify(signed(t, params))
	require.Error(t, err)
	for _, want := range []error{feedback.ErrMissingParam, feedback.ErrInvalidAmount, feedback.ErrInvalidTrxDate, ogone.ErrInvalidExpiry} {
		assert.ErrorIs(t, err, want)
	}
	assert.NotErrorIs(t, err, feedback.ErrInvalidStatus)
	assert.Equal(t, `feedback: parameter "ORDERID": required parameter missing
feedback: parameter "AMOUNT": malformed amount: ogone: invalid amount
feedback: parameter "TRXDATE": malformed transaction date: want a real date written MM/DD/YY
feedback: parameter "ED": expiry date must be MMYY, MM/YY or MM/YYYY with a month from 01 to 12`, err.Error())
}

// Every signed value, changed by one byte, breaks the signature.
func TestEverySignedValueIsCovered(t *testing.T) {
	good := signed(t, seedParams())
	v := testVerifier(t)
	for name, values := range good {
		if name == "SHASIGN" {
			continue
		}
		tampered := with(good, name, values[0]+"0")
		_, err := v.Verify(tampered)
		assert.ErrorIs(t, err, feedback.ErrBadSignature, name)
	}
}

// Unsigned parameters can be changed by anyone without breaking the
// signature: they are kept apart, never mixed with the signed ones.
func TestUnsignedParametersStayApart(t *testing.T) {
	params := signed(t, seedParams())
	params.Set("PARAMPLUS_SESSION", "abc")
	params.Set("ORDERID2", "SO999")
	params.Set("CVC", "123") // the platform never sends it; a forger might
	f, err := testVerifier(t).Verify(params)
	require.NoError(t, err)
	assert.Equal(t, "SO042", f.OrderID)
	assert.Equal(t, url.Values{"PARAMPLUS_SESSION": {"abc"}, "ORDERID2": {"SO999"}, "CVC": {"[REDACTED]"}}, f.Unsigned)
	assert.Empty(t, f.Signed)

	params.Set("PARAMPLUS_SESSION", "changed")
	f, err = testVerifier(t).Verify(params)
	require.NoError(t, err)
	assert.Equal(t, "changed", f.UnsignedParam("paramplus_session"))
}

// An empty signed parameter is not covered by the signature: it may be
// added by anyone, and reads as absent.
func TestEmptySignedParameterReadsAsAbsent(t *testing.T) {
	params := signed(t, seedParams())
	params.Set("PAYIDSUB", "")
	params.Set("COMPLUS", "")
	f, err := testVerifier(t).Verify(params)
	require.NoError(t, err)
	assert.Equal(t, "", f.PayIDSub)
	assert.NotContains(t, f.Signed, "COMPLUS")
	assert.NotContains(t, f.Unsigned, "COMPLUS")
}

// FlexCheckout-style card fields, if ever sent here, are kept masked or
// redacted in the maps.
func TestCardDataInMapsIsRedacted(t *testing.T) {
	params := seedParams()
	params.Set("Card.CardNumber", "4111111111111111")
	params.Set("Card.ExpiryDate", "0330")
	params.Set("Card.Brand", "VISA")
	f, err := testVerifier(t).Verify(signed(t, params))
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"CARD.CARDNUMBER": {"XXXXXXXXXXXX1111"},
		"CARD.EXPIRYDATE": {"[REDACTED]"},
		"CARD.BRAND":      {"VISA"},
	}, f.Signed)
	assertNoCardData(t, fmt.Sprintf("%v %+v %#v", f, f, f))
}

func TestEncodings(t *testing.T) {
	// The platform signs ISO-8859-1 feedback over ISO-8859-1 bytes, which
	// is what shasign's ISO88591 signer computes from Go strings.
	utf := seedParams()
	latin1Signer, err := shasign.NewSigner(testAlg, testPassphrase, shasign.WithEncoding(shasign.ISO88591))
	require.NoError(t, err)
	sig, err := latin1Signer.SignOut(utf)
	require.NoError(t, err)
	latin1 := with(utf, "CN", "Zo\xeb M\xfcller") // as url.ParseQuery gives %EB and %FC
	latin1.Set("SHASIGN", sig)
	latin1.Set("Ville", "Z\xfcrich") // unsigned, ISO-8859-1 too

	utf8Feedback := signed(t, with(utf, "Ville", "Zürich"))

	tests := []struct {
		name     string
		opts     []feedback.Option
		params   url.Values
		cn, city string
		err      error
	}{
		{"default reads UTF-8", nil, utf8Feedback, "Zoë Müller", "Zürich", nil},
		{"default falls back to ISO-8859-1", nil, latin1, "Zoë Müller", "Zürich", nil},
		{"ISO-8859-1 reads ISO-8859-1", []feedback.Option{feedback.WithEncoding(shasign.ISO88591)}, latin1, "Zoë Müller", "Zürich", nil},
		// An account declared ISO-8859-1 that gets UTF-8 reads mojibake,
		// but the signature, over the bytes, still holds.
		{"ISO-8859-1 reads UTF-8 bytes as ISO-8859-1", []feedback.Option{feedback.WithEncoding(shasign.ISO88591)}, utf8Feedback, "ZoÃ« MÃ¼ller", "ZÃ¼rich", nil},
		{"strict UTF-8 reads UTF-8", []feedback.Option{feedback.WithEncoding(shasign.UTF8)}, utf8Feedback, "Zoë Müller", "Zürich", nil},
		{"strict UTF-8 refuses ISO-8859-1", []feedback.Option{feedback.WithEncoding(shasign.UTF8)}, latin1, "", "", feedback.ErrInvalidEncoding},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := testVerifier(t, tc.opts...).Verify(tc.params)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				var pe *feedback.ParamError
				require.ErrorAs(t, err, &pe)
				assert.Contains(t, []string{"CN", "VILLE"}, pe.Name)
				assert.Nil(t, f)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.cn, f.CN)
			assert.Equal(t, tc.city, f.UnsignedParam("ville"))
		})
	}
}

func TestNewVerifierErrors(t *testing.T) {
	_, err := feedback.NewVerifier(0, testPassphrase)
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)
	_, err = feedback.NewVerifier(shasign.Algorithm(9), testPassphrase)
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)
	_, err = feedback.NewVerifier(shasign.SHA512, "")
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase)
	_, err = feedback.NewVerifier(shasign.SHA512, testPassphrase, feedback.WithEncoding(shasign.Encoding(7)))
	assert.Error(t, err)
}

// A Verifier not made by NewVerifier refuses everything, without a panic.
func TestZeroVerifier(t *testing.T) {
	var zero feedback.Verifier
	f, err := zero.Verify(signed(t, seedParams()))
	assert.Nil(t, f)
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase)

	var nilVerifier *feedback.Verifier
	f, err = nilVerifier.Verify(signed(t, seedParams()))
	assert.Nil(t, f)
	assert.Error(t, err)
}

func TestVerifierDoesNotPrintPassphrase(t *testing.T) {
	v := testVerifier(t, feedback.WithEncoding(shasign.ISO88591))
	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("v", "verifier", v, "value", *v)
	for _, out := range []string{
		fmt.Sprintf("%v %+v %#v %s %q %x", v, v, v, v, v, v),
		fmt.Sprintf("%v %+v %#v", *v, *v, *v),
		logs.String(),
	} {
		assert.NotContains(t, out, testPassphrase)
		assert.NotContains(t, out, fmt.Sprintf("%x", testPassphrase))
	}
	assert.Equal(t, "feedback.Verifier{SHA-512, encoding: ISO-8859-1, passphrase: [REDACTED]}", v.String())
}

// add returns a copy of params with one more value for name.
func add(params url.Values, name, value string) url.Values {
	out := with(params, "", "")
	out[name] = append(out[name], value)
	return out
}

// withEmpty returns a copy of params where name is present but empty.
func withEmpty(params url.Values, name string) url.Values {
	out := with(params, "", "")
	out[name] = []string{""}
	return out
}

func signedWith(t *testing.T, passphrase string, params url.Values) url.Values {
	sig, err := shasign.SignOut(testAlg, passphrase, params)
	require.NoError(t, err)
	return with(params, "SHASIGN", sig)
}

// assertNoCardData fails if s shows a full test card number or the seed's
// expiry in any usual spelling.
func assertNoCardData(t *testing.T, s string) {
	t.Helper()
	for _, bad := range []string{"4111111111111111", "0330", "03/30", "3/2030"} {
		assert.NotContains(t, s, bad)
	}
}

// The platform hashes ISO-8859-1 feedback as one ISO-8859-1 string,
// passphrase included. The digests were computed outside Go (Python's
// hashlib over the ISO-8859-1 string).
func TestISO88591Passphrase(t *testing.T) {
	const passphrase = "sécret-passphrase-16+"
	feedbackWith := func(cn, sig string) url.Values {
		return url.Values{
			"orderID": {"42"}, "PAYID": {"3014159"}, "STATUS": {"9"}, "amount": {"12.5"},
			"currency": {"EUR"}, "CN": {cn}, "PM": {"CreditCard"}, "BRAND": {"VISA"}, "SHASIGN": {sig},
		}
	}
	// CN "Zoë Müller" as ISO-8859-1 bytes, as url.ParseQuery gives %EB and %FC.
	latin1 := feedbackWith("Zo\xeb M\xfcller", "6A2D1BE4732C4C7D33AAEA96E5B84E69BED012B0115B451B47B25652872E3CD7A8A14330367DCBF73A918CEBD03ED03C5CBE2B958690C436ED3F930E52C1EC6C")
	// Only the passphrase tells that this one was hashed in ISO-8859-1.
	ascii := feedbackWith("Grace Hopper", "5EF36E918AA05C29312E22C149B1A4888BB50859068FA9C4847FC07049908873285E1F6AE6189B785144D0E6F15713C32CAE6394B35B7E6CD262354057B1A00A")

	for _, tc := range []struct {
		name   string
		opts   []feedback.Option
		params url.Values
		cn     string
		err    error
	}{
		{"default, ISO-8859-1 values", nil, latin1, "Zoë Müller", nil},
		{"default, ASCII values", nil, ascii, "Grace Hopper", nil},
		{"ISO-8859-1, ISO-8859-1 values", []feedback.Option{feedback.WithEncoding(shasign.ISO88591)}, latin1, "Zoë Müller", nil},
		{"ISO-8859-1, ASCII values", []feedback.Option{feedback.WithEncoding(shasign.ISO88591)}, ascii, "Grace Hopper", nil},
		// A UTF-8 account hashes its passphrase in UTF-8.
		{"strict UTF-8", []feedback.Option{feedback.WithEncoding(shasign.UTF8)}, ascii, "", feedback.ErrBadSignature},
		{"default, changed value", nil, with(latin1, "CN", "Zo\xeb M\xfcllex"), "", feedback.ErrBadSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := feedback.NewVerifier(shasign.SHA512, passphrase, tc.opts...)
			require.NoError(t, err)
			f, err := v.Verify(tc.params)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				assert.Nil(t, f)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.cn, f.CN)
			assert.Equal(t, "42", f.OrderID)
			assert.False(t, f.PreviousKey)
			assert.Empty(t, f.Unsigned)
		})
	}

	// The same feedback under a previous key: the ISO-8859-1 reading
	// applies to it too.
	v, err := feedback.NewVerifier(shasign.SHA512, "a-new-passphrase-for-tests", feedback.WithPreviousKey(shasign.SHA512, passphrase))
	require.NoError(t, err)
	f, err := v.Verify(latin1)
	require.NoError(t, err)
	assert.Equal(t, "Zoë Müller", f.CN)
	assert.True(t, f.PreviousKey)

	// A passphrase ISO-8859-1 cannot write cannot sign ISO-8859-1 feedback.
	_, err = feedback.NewVerifier(shasign.SHA512, "€-passphrase-for-tests", feedback.WithEncoding(shasign.ISO88591))
	assert.ErrorIs(t, err, shasign.ErrUnencodable)
	_, err = feedback.NewVerifier(shasign.SHA512, "€-passphrase-for-tests")
	assert.NoError(t, err, "UTF-8 feedback can still be verified")
}

// A signed name that is not UTF-8 makes the whole feedback read again as
// ISO-8859-1; nothing of the first reading stays behind.
func TestReadAgainAsLatin1KeepsOneSpelling(t *testing.T) {
	params := signed(t, url.Values{"orderID": {"42"}, "STATUS": {"9"}, "CARD.\xf3": {"x"}})
	f, err := testVerifier(t).Verify(params)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"CARD.ó": {"x"}}, f.Signed)
}
