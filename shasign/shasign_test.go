package shasign_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

const testPassphrase = "Mysecretsig1875!?"

func TestParseAlgorithm(t *testing.T) {
	tests := []struct {
		in   string
		want shasign.Algorithm
	}{
		{"sha1", shasign.SHA1}, {"SHA-1", shasign.SHA1}, {" Sha_1 ", shasign.SHA1},
		{"sha256", shasign.SHA256}, {"SHA-256", shasign.SHA256}, {"sha-256", shasign.SHA256},
		{"SHA512", shasign.SHA512}, {"sha-512", shasign.SHA512}, {"Sha_512", shasign.SHA512},
	}
	for _, tt := range tests {
		got, err := shasign.ParseAlgorithm(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	for _, bad := range []string{"", "md5", "sha384", "sha-1024", "SHA 512", strings.Repeat("x", 100)} {
		_, err := shasign.ParseAlgorithm(bad)
		assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm, bad)
		assert.Less(t, len(err.Error()), 80, "long input must not be echoed whole")
	}
}

func TestAlgorithmText(t *testing.T) {
	for _, a := range []shasign.Algorithm{shasign.SHA1, shasign.SHA256, shasign.SHA512} {
		text, err := a.MarshalText()
		require.NoError(t, err)
		var back shasign.Algorithm
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, a, back)
	}
	assert.Equal(t, []int{40, 64, 128}, []int{shasign.SHA1.DigestLen(), shasign.SHA256.DigestLen(), shasign.SHA512.DigestLen()})
	assert.Equal(t, "Algorithm(0)", shasign.Algorithm(0).String())
	_, err := shasign.Algorithm(9).MarshalText()
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"SCO_CATEGORY", "SCORING", -1},
		{"CAVV_3D", "CAVVALGORITHM_3D", -1},
		{"ITEM_COUNT", "ITEMID1", -1},
		{"ITEMID10", "ITEMID2", -1}, // numbered names sort as text
		{"AMOUNT", "AMOUNT", 0},
		{"ORDERID", "AMOUNT", 1},
		{"CN", "CNX", -1},
		{"ALIAS.ALIASID", "ALIAS.ORDERID", -1},
		{"NBRIPUSAGE", "NBRIPUSAGE_ALLTX", -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, shasign.Compare(tt.a, tt.b), "%s vs %s", tt.a, tt.b)
		assert.Equal(t, -tt.want, shasign.Compare(tt.b, tt.a), "%s vs %s", tt.b, tt.a)
	}
}

func TestIsSHAOutParameter(t *testing.T) {
	for _, name := range []string{"ORDERID", "orderID", "amount", "SCO_CATEGORY", "PAYIDSUB", "COMPLETIONID",
		"Alias.AliasId", "Card.Brand", "CARD.BIN"} {
		assert.True(t, shasign.IsSHAOutParameter(name), name)
	}
	assert.True(t, shasign.IsSHAOutParameter("Card."+strings.Repeat("x", 100)), "long dotted names count, as the signer counts them")
	for _, name := range []string{"SHASIGN", "PARAMPLUS", "PARAMPLUS_LANG", "foo", "", "ALIASX", "CARDS.X",
		strings.Repeat("ORDERID", 20)} {
		assert.False(t, shasign.IsSHAOutParameter(name), name)
	}
	list := shasign.SHAOutParameters()
	assert.Contains(t, list, "TRXDATE")
	assert.Less(t, indexOf(list, "SCO_CATEGORY"), indexOf(list, "SCORING"))
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func feedbackParams() url.Values {
	return url.Values{
		"orderID": {"12"}, "amount": {"15"}, "currency": {"EUR"}, "PM": {"CreditCard"},
		"ACCEPTANCE": {"1234"}, "STATUS": {"9"}, "CARDNO": {"XXXXXXXXXXXX1111"},
		"PAYID": {"32100123"}, "NCERROR": {"0"}, "BRAND": {"VISA"},
	}
}

func TestVerifyOutErrors(t *testing.T) {
	good := feedbackParams()
	sig, err := shasign.SignOut(shasign.SHA1, testPassphrase, good)
	require.NoError(t, err)
	require.Equal(t, "209113288F93A9AB8E474EA78D899AFDBB874355", sig)

	with := func(edit func(url.Values)) url.Values {
		p := feedbackParams()
		p.Set("SHASIGN", sig)
		edit(p)
		return p
	}
	tests := []struct {
		name   string
		params url.Values
		want   error
	}{
		{"valid", with(func(url.Values) {}), nil},
		{"valid lowercase name", with(func(p url.Values) { p.Del("SHASIGN"); p.Set("shasign", strings.ToLower(sig)) }), nil},
		{"unsigned extra ignored", with(func(p url.Values) { p.Set("PARAMPLUS_X", "anything") }), nil},
		{"duplicate unsigned extra ignored", with(func(p url.Values) { p["foo"] = []string{"a", "b"} }), nil},
		{"missing", with(func(p url.Values) { p.Del("SHASIGN") }), shasign.ErrMissingSignature},
		{"empty", with(func(p url.Values) { p.Set("SHASIGN", "") }), shasign.ErrMissingSignature},
		{"tampered value", with(func(p url.Values) { p.Set("amount", "1") }), shasign.ErrSignatureMismatch},
		{"value case matters", with(func(p url.Values) { p.Set("BRAND", "visa") }), shasign.ErrSignatureMismatch},
		{"added signed parameter", with(func(p url.Values) { p.Set("ALIAS", "X") }), shasign.ErrSignatureMismatch},
		{"removed parameter", with(func(p url.Values) { p.Del("STATUS") }), shasign.ErrSignatureMismatch},
		{"truncated digest", with(func(p url.Values) { p.Set("SHASIGN", sig[:39]) }), shasign.ErrSignatureMismatch},
		{"digest of another algorithm length", with(func(p url.Values) { p.Set("SHASIGN", sig+sig[:24]) }), shasign.ErrSignatureMismatch},
		{"non-hex digest", with(func(p url.Values) { p.Set("SHASIGN", "Z"+sig[1:]) }), shasign.ErrSignatureMismatch},
		{"two values", with(func(p url.Values) { p["STATUS"] = []string{"9", "2"} }), shasign.ErrAmbiguousParameter},
		{"empty and non-empty", with(func(p url.Values) { p["STATUS"] = []string{"", "9"} }), shasign.ErrAmbiguousParameter},
		{"names differing by case", with(func(p url.Values) { p.Set("ORDERID", "13") }), shasign.ErrAmbiguousParameter},
		{"empty twin by case", with(func(p url.Values) { p.Set("Status", "") }), shasign.ErrAmbiguousParameter},
		{"two signatures", with(func(p url.Values) { p.Set("ShaSign", sig) }), shasign.ErrAmbiguousParameter},
		{"signature twice", with(func(p url.Values) { p["SHASIGN"] = []string{sig, sig} }), shasign.ErrAmbiguousParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := shasign.VerifyOut(shasign.SHA1, testPassphrase, tt.params)
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.want)
			assert.NotContains(t, err.Error(), testPassphrase)
		})
	}
}

func TestVerifyOutWrongSecretOrAlgorithm(t *testing.T) {
	p := feedbackParams()
	sig, err := shasign.SignOut(shasign.SHA256, testPassphrase, p)
	require.NoError(t, err)
	p.Set("SHASIGN", sig)
	assert.NoError(t, shasign.VerifyOut(shasign.SHA256, testPassphrase, p))
	assert.ErrorIs(t, shasign.VerifyOut(shasign.SHA256, testPassphrase+"x", p), shasign.ErrSignatureMismatch)
	assert.ErrorIs(t, shasign.VerifyOut(shasign.SHA512, testPassphrase, p), shasign.ErrSignatureMismatch)
	assert.ErrorIs(t, shasign.VerifyOut(shasign.SHA1, testPassphrase, p), shasign.ErrSignatureMismatch)
}

func TestRefusesBadConfiguration(t *testing.T) {
	p := feedbackParams()
	_, err := shasign.SignIn(shasign.SHA512, "", p)
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase)
	// Failing closed: an empty passphrase never verifies anything, even a
	// digest computed "with" it.
	p.Set("SHASIGN", strings.Repeat("0", 128))
	assert.ErrorIs(t, shasign.VerifyOut(shasign.SHA512, "", p), shasign.ErrEmptyPassphrase)
	_, err = shasign.SignOut(0, testPassphrase, p)
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)
	_, err = shasign.NewSigner(shasign.SHA1, "")
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase)
	_, err = shasign.NewSigner(shasign.SHA1, testPassphrase, shasign.WithEncoding(7))
	assert.Error(t, err)
}

func TestSignInCoversEverythingButSignatures(t *testing.T) {
	p := url.Values{"PSPID": {"shop"}, "ORDERID": {"1"}, "PARAMPLUS": {"a=b"}}
	base, err := shasign.SignIn(shasign.SHA256, testPassphrase, p)
	require.NoError(t, err)

	p.Set("SHASIGN", "whatever")
	p.Set("SHASIGNATURE.SHASIGN", "")
	p.Set("EMPTY", "")
	same, err := shasign.SignIn(shasign.SHA256, testPassphrase, p)
	require.NoError(t, err)
	assert.Equal(t, base, same, "signatures and empty values are not signed")

	p.Set("PARAMPLUS", "a=c")
	changed, err := shasign.SignIn(shasign.SHA256, testPassphrase, p)
	require.NoError(t, err)
	assert.NotEqual(t, base, changed, "SHA-IN covers every parameter")
}

func TestCanonicalizeExplainsSkips(t *testing.T) {
	p := url.Values{"orderID": {"1"}, "BRAND": {""}, "foo": {"bar"}, "SHASIGN": {"AB"}}
	c, err := shasign.Canonicalize(shasign.Out, p)
	require.NoError(t, err)
	assert.Equal(t, []shasign.Field{{Name: "ORDERID", Value: "1"}}, c.Fields)
	assert.Equal(t, []shasign.Skipped{
		{Name: "BRAND", Reason: shasign.SkipEmpty},
		{Name: "foo", Reason: shasign.SkipNotSHAOut},
		{Name: "SHASIGN", Reason: shasign.SkipSignature},
	}, c.Skipped)
	assert.Equal(t, "ORDERID=1<passphrase>", c.StringToHash("<passphrase>"))
	assert.Equal(t, "not on the SHA-OUT list", shasign.SkipNotSHAOut.String())

	_, err = shasign.Canonicalize(shasign.In, url.Values{"a": {"1"}, "A": {"2"}})
	assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter)
}

func TestSignerNeverPrintsPassphrase(t *testing.T) {
	s, err := shasign.NewSigner(shasign.SHA512, testPassphrase)
	require.NoError(t, err)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("signer", "s", s)
	jsonOut, _ := json.Marshal(s)
	outputs := []string{
		fmt.Sprintf("%v", s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprintf("%s", s),
		fmt.Sprintf("%v", *s), fmt.Sprintf("%+v", *s), fmt.Sprintf("%#v", *s),
		logged.String(), string(jsonOut),
	}
	for _, out := range outputs {
		assert.NotContains(t, out, testPassphrase)
	}
	assert.Contains(t, outputs[0], "SHA-512")
}

func TestConcurrentUse(t *testing.T) {
	s, err := shasign.NewSigner(shasign.SHA512, testPassphrase)
	require.NoError(t, err)
	want, err := s.SignOut(feedbackParams())
	require.NoError(t, err)
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			var got string
			for j := 0; j < 200; j++ {
				got, _ = s.SignOut(feedbackParams())
				if got != want {
					break
				}
			}
			done <- got
		}()
	}
	for i := 0; i < 8; i++ {
		assert.Equal(t, want, <-done)
	}
}

// TestHolderNeverPrintsPassphrase covers the case fmt's own methods cannot:
// a struct that holds a Signer in an unexported field, printed with a verb
// that makes fmt walk it by reflection.
func TestHolderNeverPrintsPassphrase(t *testing.T) {
	s, err := shasign.NewSigner(shasign.SHA512, testPassphrase)
	require.NoError(t, err)
	holder := struct {
		name   string
		signer *shasign.Signer
		value  shasign.Signer
	}{"h", s, *s}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%p"} {
		for _, arg := range []any{holder, &holder} {
			out := fmt.Sprintf(verb, arg)
			assert.NotContains(t, out, testPassphrase, verb)
			assert.NotContains(t, out, fmt.Sprintf("%x", testPassphrase), verb)
		}
	}
}

func TestIsSignatureParameter(t *testing.T) {
	for _, name := range []string{"SHASIGN", "shasign", "ShaSign", "SHASIGNATURE.SHASIGN", "shaSignature.shaSign"} {
		assert.True(t, shasign.IsSignatureParameter(name), name)
	}
	for _, name := range []string{"", "SHASIGNX", "SHA_SIGN", "ſhasign", "SHASIGNATURE", strings.Repeat("SHASIGN", 10)} {
		assert.False(t, shasign.IsSignatureParameter(name), name)
	}
	// The signer agrees: a look-alike name is signed like any other.
	p := url.Values{"ORDERID": {"1"}}
	base, err := shasign.SignIn(shasign.SHA256, testPassphrase, p)
	require.NoError(t, err)
	p.Set("ſhasign", "x")
	withLookAlike, err := shasign.SignIn(shasign.SHA256, testPassphrase, p)
	require.NoError(t, err)
	assert.NotEqual(t, base, withLookAlike)
}
