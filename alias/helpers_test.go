package alias_test

import (
	"flag"
	"net/url"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/require"
)

// record re-signs the recorded results; -update (package internal/golden)
// rewrites the golden files.
var record = flag.Bool("record", false, "re-sign the recorded results in testdata/ (then run -update)")

// The test account. The passphrases are known test values: the recorded
// results in testdata/ are signed with testSHAOut.
const (
	testPSPID  = "MyShop"
	testSHAIn  = "In-passphrase-for-tests1"
	testSHAOut = "Out-passphrase-for-tests2"
)

func testConfig() ogone.Config {
	return ogone.Config{
		PSPID:     testPSPID,
		SHAIn:     ogone.NewSecret(testSHAIn),
		SHAOut:    ogone.NewSecret(testSHAOut),
		Algorithm: shasign.SHA512,
		Env:       ogone.Test,
	}
}

func newClient(t testing.TB) *alias.Client {
	t.Helper()
	c, err := alias.NewClient(testConfig())
	require.NoError(t, err)
	return c
}

// signOut adds a SHA-OUT signature under sigName, as the platform does.
func signOut(t testing.TB, passphrase string, v url.Values, sigName string) url.Values {
	t.Helper()
	sig, err := shasign.SignOut(shasign.SHA512, passphrase, v)
	require.NoError(t, err)
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(sigName, sig)
	return out
}

func clone(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
