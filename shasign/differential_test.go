package shasign_test

import (
	"crypto/sha256"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/internal/vectors"
	"github.com/gogone/ogone/shasign"
)

// TestDifferential runs every entry of testdata/differential.json, both
// encodings: signing gives one of the entry's digests, verification accepts
// each in either hex case (several only when a disputed SHA-OUT name is
// present: one per reading), and a signed name given twice is refused.
func TestDifferential(t *testing.T) {
	multi := 0
	for i, d := range vectors.LoadDifferential(t) {
		t.Run(fmt.Sprintf("%03d/%s/%s/%s", i, d.Direction, d.Encoding, d.Algorithm), func(t *testing.T) {
			alg, err := shasign.ParseAlgorithm(d.Algorithm)
			require.NoError(t, err)
			enc := shasign.UTF8
			if d.Encoding == "ISO-8859-1" {
				enc = shasign.ISO88591
			}
			dir := shasign.In
			if d.Direction == "SHA-OUT" {
				dir = shasign.Out
			}
			s, err := shasign.NewSigner(alg, d.Passphrase, shasign.WithEncoding(enc))
			require.NoError(t, err)
			params := d.Values()
			sign, verify := s.SignIn, s.VerifyIn
			if dir == shasign.Out {
				sign, verify = s.SignOut, s.VerifyOut
			}

			got, err := sign(params)
			switch {
			case d.Refuse:
				assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter)
				return
			case d.MayRefuse && err != nil:
				assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter)
				return
			}
			require.NoError(t, err)
			assert.Contains(t, d.Digests, got)
			for _, want := range d.Digests {
				for _, sig := range []string{want, strings.ToLower(want)} {
					params.Set("SHASIGN", sig)
					assert.NoError(t, verify(params))
				}
			}
			params.Set("SHASIGN", flipHex(d.Digests[0]))
			assert.ErrorIs(t, verify(params), shasign.ErrSignatureMismatch)
			if len(d.Digests) > 1 {
				multi++
			}
		})
	}
	assert.GreaterOrEqual(t, multi, 70, "entries with a disputed name verified under every reading")
}

// flipHex changes the first hex digit of a digest.
func flipHex(digest string) string {
	c := byte('0')
	if digest[0] == '0' {
		c = '1'
	}
	return string(c) + digest[1:]
}

// TestVerifyOutAnyDisputed: a reading that leaves a disputed name out
// leaves it unauthenticated, and Match says so.
func TestVerifyOutAnyDisputed(t *testing.T) {
	const pass = "Disputed-Names-Passphrase-1"
	cur, err := shasign.NewSigner(shasign.SHA256, pass)
	require.NoError(t, err)
	base := url.Values{"ORDERID": {"42"}, "STATUS": {"9"}, "CH_AUTHENTICATION_INFO": {"abc"}, "COMPLETIONID": {"c1"}}
	c, err := shasign.Canonicalize(shasign.Out, base)
	require.NoError(t, err)

	// The PHP SDK's reading: CH_AUTHENTICATION_INFO signed, COMPLETIONID not.
	var phpString strings.Builder
	for _, f := range []string{"CH_AUTHENTICATION_INFO=abc", "ORDERID=42", "STATUS=9"} {
		phpString.WriteString(f + pass)
	}
	tests := []struct {
		name     string
		hashed   string
		leftOut  []string
		signedCH bool
	}{
		{"published list", c.StringToHash(pass), []string{"CH_AUTHENTICATION_INFO"}, false},
		{"PHP SDK", phpString.String(), []string{"COMPLETIONID"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := url.Values{}
			for k, v := range base {
				params[k] = v
			}
			params.Set("SHASIGN", fmt.Sprintf("%X", sha256.Sum256([]byte(tt.hashed))))
			m, err := shasign.VerifyOutAny(params, cur)
			require.NoError(t, err)
			assert.Equal(t, 0, m.Key)
			assert.Equal(t, tt.leftOut, m.LeftOut())
			assert.Equal(t, tt.signedCH, m.Signed("ch_authentication_info"))
			assert.Equal(t, !tt.signedCH, m.Signed("CompletionID"))
			assert.True(t, m.Signed("orderID"))
			assert.False(t, m.Signed("SHASIGN"))
		})
	}
}
