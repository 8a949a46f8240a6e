package feedback_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/internal/vectors"
	"github.com/gogone/ogone/shasign"
)

// outVectors returns the SHA-OUT vectors: feedback the platform signed.
func outVectors(t testing.TB) []vectors.Vector {
	t.Helper()
	var out []vectors.Vector
	for _, v := range vectors.Load(t) {
		if v.Direction == "out" {
			out = append(out, v)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// vectorFeedback returns the vector's parameters as the shop receives
// them, with the SHASIGN the platform adds.
func vectorFeedback(v vectors.Vector) url.Values {
	p := v.Values()
	p.Set("SHASIGN", v.Digest)
	return p
}

func vectorVerifier(t testing.TB, v vectors.Vector) *feedback.Verifier {
	t.Helper()
	alg, err := shasign.ParseAlgorithm(v.Algorithm)
	require.NoError(t, err)
	ver, err := feedback.NewVerifier(alg, v.Passphrase)
	require.NoError(t, err)
	return ver
}

// The account the hand-made cases below use.
const (
	testAlg        = shasign.SHA512
	testPassphrase = "Out-passphrase-2026!"
)

func testVerifier(t testing.TB, opts ...feedback.Option) *feedback.Verifier {
	t.Helper()
	v, err := feedback.NewVerifier(testAlg, testPassphrase, opts...)
	require.NoError(t, err)
	return v
}

// seedParams is the feedback set of the account's seed configuration,
// unsigned.
func seedParams() url.Values {
	return url.Values{
		"orderID": {"SO042"}, "currency": {"EUR"}, "amount": {"42.5"}, "PM": {"CreditCard"},
		"ACCEPTANCE": {"test123"}, "STATUS": {"9"}, "CARDNO": {"XXXXXXXXXXXX1111"}, "ED": {"0330"},
		"CN": {"Zoë Müller"}, "TRXDATE": {"11/23/26"}, "PAYID": {"3049875021"}, "NCERROR": {"0"},
		"BRAND": {"VISA"}, "IP": {"192.0.2.10"}, "ALIAS": {"CUST-8842"},
	}
}

// signed returns params with the SHASIGN the platform would add for the
// test account.
func signed(t testing.TB, params url.Values) url.Values {
	t.Helper()
	sig, err := shasign.SignOut(testAlg, testPassphrase, params)
	require.NoError(t, err)
	out := url.Values{}
	for k, v := range params {
		out[k] = append([]string(nil), v...)
	}
	out.Set("SHASIGN", sig)
	return out
}

// with returns a copy of params with name set to value ("" deletes it).
func with(params url.Values, name, value string) url.Values {
	out := url.Values{}
	for k, v := range params {
		out[k] = append([]string(nil), v...)
	}
	if value == "" {
		out.Del(name)
	} else {
		out.Set(name, value)
	}
	return out
}
