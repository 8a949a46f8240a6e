package alias_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// TestLookAlikeNamesNeverFillAField: names that strings.EqualFold takes for
// a result parameter (U+017F ſ folds to s, the Kelvin sign U+212A to k) are
// not covered by the signature: they never set a field of Alias or Error,
// never decide the flavour, and land in Unsigned.
func TestLookAlikeNamesNeverFillAField(t *testing.T) {
	c := newClient(t)
	noStorage := flexSuccess()
	noStorage.Del("Alias.StorePermanently")
	refused := flexSuccess()
	refused.Set("Alias.Status", "1")
	refused.Set("Alias.NCError", "50001111")

	t.Run("Aliaſ.StorePermanently=N", func(t *testing.T) {
		p := signOut(t, testSHAOut, noStorage, "SHASign")
		p.Set("Aliaſ.StorePermanently", "N")
		a, err := c.Verify(p)
		require.NoError(t, err)
		assert.Equal(t, alias.StorageUnspecified, a.Storage)
		assert.Equal(t, "N", a.Unsigned.Get("ALIAſ.STOREPERMANENTLY"))
	})
	t.Run("beside the signed one", func(t *testing.T) {
		p := signOut(t, testSHAOut, flexSuccess(), "SHASign")
		p.Set("Aliaſ.StorePermanently", "N")
		a, err := c.Verify(p)
		require.NoError(t, err)
		assert.Equal(t, alias.StoragePermanent, a.Storage)
	})
	t.Run("ALIAſ.NCErrorCVC on a refusal", func(t *testing.T) {
		p := signOut(t, testSHAOut, refused, "SHASign")
		p.Set("ALIAſ.NCErrorCVC", "50001090")
		p.Set("NCERRORCVC\u212A", "50001090") // Kelvin sign
		_, err := c.Verify(p)
		var ae *alias.Error
		require.True(t, errors.As(err, &ae), "%v", err)
		assert.Equal(t, ogone.NCError("0"), ae.Inputs.CVC, "the signed code stays")
		assert.True(t, ae.Inputs.Signed)
	})
	t.Run("gateway ALIAſ does not make a mix", func(t *testing.T) {
		p := signOut(t, testSHAOut, flexSuccess(), "SHASign")
		p.Set("ALIAſ", "evil")
		p.Set("\u212AEY", "x")
		a, err := c.Verify(p)
		require.NoError(t, err)
		assert.Equal(t, alias.FlexCheckout, a.Flavour)
		assert.Equal(t, "evil", a.Unsigned.Get("ALIAſ"))
		assert.Equal(t, "x", a.Unsigned.Get("\u212AEY"))
	})
	t.Run("gateway id", func(t *testing.T) {
		g := gatewaySuccess()
		g.Del("ALIAS")
		p := signOut(t, testSHAOut, g, "SHASIGN")
		p.Set("ALIAſ", "cust42-EVIL")
		_, err := c.Verify(p)
		assert.Error(t, err, "a look-alike never stands in for the signed alias id")
	})
}

// TestAliasParameterBound: alias results have feedback's bound.
func TestAliasParameterBound(t *testing.T) {
	p := signOut(t, testSHAOut, flexSuccess(), "SHASign")
	for i := 0; len(p) <= feedback.MaxParams; i++ {
		p.Set(fmt.Sprintf("PARAM%d", i), "1")
	}
	_, err := newClient(t).Verify(p)
	assert.ErrorIs(t, err, alias.ErrUnverified)
	assert.ErrorIs(t, err, shasign.ErrTooManyParameters)
}

// TestAliasPreviousKey: a client built from a Config with a previous
// SHA-OUT key accepts results signed with it, and says so.
func TestAliasPreviousKey(t *testing.T) {
	const previous = "Previous-out-passphrase-25"
	cfg := testConfig()
	cfg.PreviousSHAOut = ogone.NewSecret(previous)
	c, err := alias.NewClient(cfg)
	require.NoError(t, err)
	for _, tt := range []struct {
		name, pass  string
		previousKey bool
		ok, onlyOK  bool
	}{
		{"current", testSHAOut, false, true, true},
		{"previous", previous, true, true, false},
		{"neither", "Somebody-elses-passphrase", false, false, false},
	} {
		p := signOut(t, tt.pass, flexSuccess(), "SHASign")
		a, err := c.Verify(p)
		if tt.ok {
			require.NoError(t, err, tt.name)
			assert.Equal(t, tt.previousKey, a.PreviousKey, tt.name)
		} else {
			assert.ErrorIs(t, err, alias.ErrUnverified, tt.name)
			assert.ErrorIs(t, err, alias.ErrBadSignature, tt.name)
			assert.ErrorIs(t, err, feedback.ErrBadSignature, "one signature error for both packages")
		}
		_, err = newClient(t).Verify(p)
		if tt.onlyOK {
			assert.NoError(t, err, tt.name)
		} else {
			assert.ErrorIs(t, err, shasign.ErrSignatureMismatch, "%s without the previous key", tt.name)
		}
	}
	a, err := c.Verify(signOut(t, previous, flexSuccess(), "SHASign"))
	require.NoError(t, err)
	assert.Contains(t, a.String(), "PreviousKey: true")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s %x", c, c, c, *c, c), "Previous-out")
}
