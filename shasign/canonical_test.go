package shasign_test

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

// TestCanonicalOrder checks the digest order against a plain sort with
// Compare on sets made to defeat a sort by prefix: long shared prefixes,
// names that end where others go on with '_', bytes on both sides of '_',
// and enough names for every sorting path.
func TestCanonicalOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	prefixes := []string{"", "A", "ITEM", "ITEMNAME", "ECOM_SHIPTO_POSTAL_", strings.Repeat("LONGPREFIX", 5)}
	alphabet := []byte("AB_Z09.^`\x7f\xff")
	for round := 0; round < 300; round++ {
		n := 1 + rng.IntN(300)
		params := url.Values{}
		for len(params) < n {
			name := prefixes[rng.IntN(len(prefixes))]
			for k := rng.IntN(14); k > 0; k-- {
				name += string(alphabet[rng.IntN(len(alphabet))])
			}
			if name == "" || strings.EqualFold(name, "SHASIGN") {
				continue
			}
			if _, dup := params[strings.ToUpper(name)]; dup {
				continue
			}
			params.Set(strings.ToUpper(name), "v"+strconv.Itoa(len(params)))
		}
		c, err := shasign.Canonicalize(shasign.In, params)
		require.NoError(t, err)
		want := make([]string, 0, len(params))
		for name := range params {
			want = append(want, name)
		}
		slices.SortFunc(want, shasign.Compare)
		got := make([]string, len(c.Fields))
		for i, f := range c.Fields {
			got[i] = f.Name
		}
		require.Equal(t, want, got, "round %d", round)
	}
}

// TestCanonicalDuplicates checks that names equal but for case are refused
// wherever they sit in the sort: sharing a long prefix, ending in '_', in
// a set large enough for the radix path.
func TestCanonicalDuplicates(t *testing.T) {
	for _, name := range []string{"itemname117", "item_", "itemquant", "a", strings.Repeat("item", 40)} {
		for _, lines := range []int{3, 249} {
			params := orderLines(lines)
			params.Set(name, "x")
			params.Set(strings.ToUpper(name), "y")
			_, err := shasign.Canonicalize(shasign.In, params)
			assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter, "%s with %d lines", name, lines)
			_, err = shasign.SignIn(shasign.SHA256, testPassphrase, params)
			assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter, "%s with %d lines", name, lines)
		}
	}
}

// TestCanonicalDigestAsWritten checks that Digest hashes hand-made fields
// as they are (order and case), which is what diagnosing someone else's
// digest needs, and that Verify compares as the Signer does.
func TestCanonicalDigestAsWritten(t *testing.T) {
	// The e-Commerce guide's request: its digest, then the same fields in
	// another order and with a lowercase name, as a broken signer would.
	c, err := shasign.Canonicalize(shasign.In, url.Values{
		"PSPID": {"MyPSPID"}, "ORDERID": {"1234"}, "AMOUNT": {"1500"}, "CURRENCY": {"EUR"}, "LANGUAGE": {"en_US"},
	})
	require.NoError(t, err)
	d, err := c.Digest(shasign.SHA1, shasign.UTF8, testPassphrase)
	require.NoError(t, err)
	assert.Equal(t, "F4CC376CD7A834D997B91598FA747825A238BE0A", d)

	reordered := &shasign.Canonical{Fields: slices.Clone(c.Fields)}
	slices.Reverse(reordered.Fields)
	reordered.Fields[0].Name = "pspid"
	// sha1("pspid=MyPSPID"+p+"ORDERID=1234"+p+"LANGUAGE=en_US"+p+"CURRENCY=EUR"+p+"AMOUNT=1500"+p), Python's hashlib
	const want = "A1955799068D7597FBA1D2AF3EDE9A85F4418779"
	got, err := reordered.Digest(shasign.SHA1, shasign.UTF8, testPassphrase)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.NoError(t, reordered.Verify(shasign.SHA1, shasign.UTF8, testPassphrase, strings.ToLower(want)))

	tests := []struct {
		sig  string
		want error
	}{
		{"", shasign.ErrMissingSignature},
		{d, shasign.ErrSignatureMismatch},
		{want[:39], shasign.ErrSignatureMismatch},
		{"Z" + want[1:], shasign.ErrSignatureMismatch},
	}
	for _, tt := range tests {
		assert.ErrorIs(t, reordered.Verify(shasign.SHA1, shasign.UTF8, testPassphrase, tt.sig), tt.want, tt.sig)
	}
	_, err = c.Digest(0, shasign.UTF8, testPassphrase)
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)
	_, err = c.Digest(shasign.SHA1, shasign.UTF8, "")
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase)
	bad := &shasign.Canonical{Fields: []shasign.Field{{Name: "CN", Value: "10 €"}}}
	_, err = bad.Digest(shasign.SHA1, shasign.ISO88591, testPassphrase)
	var pe *shasign.ParameterError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "CN", pe.Name)
	assert.ErrorIs(t, err, shasign.ErrUnencodable)
}

// TestNamesUppercasedASCIIOnly checks the uppercasing of names on every
// byte in every position of an eight-byte word: ASCII letters only, every
// other byte (UTF-8 of "ſ" or "ß" included) as it is.
func TestNamesUppercasedASCIIOnly(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 17; pos++ {
			name := []byte(strings.Repeat("x", 17))
			name[pos] = byte(c)
			want := []byte(strings.Repeat("X", 17))
			want[pos] = byte(c)
			if 'a' <= c && c <= 'z' {
				want[pos] = byte(c) - 32
			}
			c, err := shasign.Canonicalize(shasign.In, url.Values{string(name): {"1"}})
			require.NoError(t, err)
			require.Equal(t, string(want), c.Fields[0].Name, "byte %#x at %d", name[pos], pos)
		}
	}
	for name, want := range map[string]string{"orderID": "ORDERID", "Alias.AliasId": "ALIAS.ALIASID", "ſhasign": "ſHASIGN", "straße_übung.x": "STRAßE_üBUNG.X"} {
		c, err := shasign.Canonicalize(shasign.In, url.Values{name: {"1"}})
		require.NoError(t, err)
		assert.Equal(t, want, c.Fields[0].Name)
	}
}
