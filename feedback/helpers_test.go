package feedback_test

import (
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/shasign"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), got, "differs from %s (go test -update rewrites it)", path)
}

// vector is one entry of the module's testdata/vectors.json.
type vector struct {
	Name       string      `json:"name"`
	Direction  string      `json:"direction"`
	Algorithm  string      `json:"algorithm"`
	Passphrase string      `json:"passphrase"`
	Params     [][2]string `json:"params"`
	Digest     string      `json:"digest"`
}

// outVectors returns the SHA-OUT vectors: feedback the platform signed.
func outVectors(t testing.TB) []vector {
	t.Helper()
	raw, err := os.ReadFile("../testdata/vectors.json")
	require.NoError(t, err)
	var file struct {
		Vectors []vector `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(raw, &file))
	var out []vector
	for _, v := range file.Vectors {
		if v.Direction == "out" {
			out = append(out, v)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// feedback returns the vector's parameters as the shop receives them, with
// the SHASIGN the platform adds.
func (v vector) feedback() url.Values {
	p := url.Values{}
	for _, kv := range v.Params {
		p.Add(kv[0], kv[1])
	}
	p.Set("SHASIGN", v.Digest)
	return p
}

func (v vector) verifier(t testing.TB) *feedback.Verifier {
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
