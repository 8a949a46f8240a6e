package shasign_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

// TestVerifyOutAnyKeys: signers are tried in order and Match.Key says
// which one matched; none matching is ErrSignatureMismatch.
func TestVerifyOutAnyKeys(t *testing.T) {
	cur, err := shasign.NewSigner(shasign.SHA512, "current-passphrase-1")
	require.NoError(t, err)
	prev, err := shasign.NewSigner(shasign.SHA1, "previous-passphrase-1")
	require.NoError(t, err)
	other, err := shasign.NewSigner(shasign.SHA256, "another-passphrase-1")
	require.NoError(t, err)
	params := url.Values{"ORDERID": {"1"}, "STATUS": {"9"}}
	for _, tt := range []struct {
		name   string
		signer *shasign.Signer
		key    int
		err    error
	}{
		{"current", cur, 0, nil},
		{"previous", prev, 1, nil},
		{"neither", other, 0, shasign.ErrSignatureMismatch},
	} {
		sig, err := tt.signer.SignOut(params)
		require.NoError(t, err)
		p := url.Values{"ORDERID": {"1"}, "STATUS": {"9"}, "SHASIGN": {sig}}
		m, err := shasign.VerifyOutAny(p, cur, prev)
		assert.ErrorIs(t, err, tt.err, tt.name)
		assert.Equal(t, tt.key, m.Key, tt.name)
	}
	_, err = shasign.VerifyOutAny(params)
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase)
	_, err = shasign.VerifyOutAny(params, cur)
	assert.ErrorIs(t, err, shasign.ErrMissingSignature)
}

// TestVerifyOutEach reports every covered parameter once, in digest
// order, a disputed name the matching reading left out as not covered,
// and nothing for unlisted names.
func TestVerifyOutEach(t *testing.T) {
	s, err := shasign.NewSigner(shasign.SHA256, "each-passphrase-0001")
	require.NoError(t, err)
	params := url.Values{"orderID": {"1"}, "STATUS": {"9"}, "CH_AUTHENTICATION_INFO": {"x"}, "PM": {""}, "LANG": {"fr"}}
	sig, err := s.SignOut(params) // the published reading: CH_AUTHENTICATION_INFO left out
	require.NoError(t, err)
	params.Set("SHASIGN", sig)
	type got struct {
		name, value string
		covered     bool
	}
	var seen []got
	m, err := shasign.VerifyOutEach(params, []*shasign.Signer{s}, func(upper []byte, value string, covered bool) {
		seen = append(seen, got{string(upper), value, covered})
	})
	require.NoError(t, err)
	assert.Equal(t, []got{{"CH_AUTHENTICATION_INFO", "x", false}, {"ORDERID", "1", true}, {"STATUS", "9", true}}, seen)
	assert.Equal(t, 2, m.Unlisted(), "LANG and SHASIGN")
	assert.Equal(t, []string{"CH_AUTHENTICATION_INFO"}, m.LeftOut())
	assert.False(t, m.Signed("ch_authentication_info"))
	assert.True(t, m.Signed("orderid"))
	assert.False(t, m.Signed("ORDERſD"))
	assert.False(t, m.Signed("LANG"))
}
