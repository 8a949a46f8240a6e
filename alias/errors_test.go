package alias_test

import (
	"errors"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSentinelsDiffer(t *testing.T) {
	all := []error{
		alias.ErrRefused, alias.ErrCancelled, alias.ErrUnverified, alias.ErrNotAliasResult,
		alias.ErrInvalidNCError, alias.ErrUnmaskedCardNumber, alias.ErrInvalidBIN, alias.ErrInvalidStatus,
		alias.ErrInvalidStorage, ogone.ErrInvalidExpiry, alias.ErrInvalidID, alias.ErrMissingSHAOut, alias.ErrNoClient,
	}
	for i, a := range all {
		for j, b := range all {
			if i != j {
				assert.False(t, errors.Is(a, b), "%v is %v", a, b)
			}
		}
	}
}

// TestSharedSentinels: the names this package shares with ogone are
// ogone's values, and a registration status still says which statuses a
// registration has.
func TestSharedSentinels(t *testing.T) {
	assert.Same(t, ogone.ErrInvalidStatus, alias.ErrInvalidStatus)
	assert.Same(t, ogone.ErrNoClient, alias.ErrNoClient)
	assert.Same(t, ogone.ErrMissingSHAOut, alias.ErrMissingSHAOut)
	assert.Same(t, ogone.ErrInvalidAlias, alias.ErrInvalidID)

	c := newClient(t)
	a, err := c.Verify(signOut(t, testSHAOut, edited(flexSuccess(), map[string]string{"Alias.Status": "4"}), "SHASign"))
	assert.Nil(t, a)
	require.ErrorIs(t, err, ogone.ErrInvalidStatus)
	var fe *ogone.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "Alias.Status", fe.Field)
	assert.Equal(t, "ogone: Alias.Status: alias: invalid registration status: want 0, 1, 2 or 3 (3 from FlexCheckout only)", fe.Error())
}
