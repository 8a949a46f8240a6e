package alias_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateID(t *testing.T) {
	for _, tt := range []struct {
		name    string
		id      string
		ok      bool
		index   int
		tooLong bool
	}{
		{"letters digits underscore dash", "Cust_42-abc", true, -1, false},
		{"one character", "a", true, -1, false},
		{"50 characters", strings.Repeat("Z", 50), true, -1, false},
		{"empty", "", false, -1, false},
		{"51 characters", strings.Repeat("Z", 51), false, -1, true},
		{"space", "cust 42", false, 4, false},
		{"dot", "cust.42", false, 4, false},
		{"slash first", "/x", false, 0, false},
		{"non-ASCII letter", "caf\u00e9", false, 3, false},
		{"NUL", "a\x00", false, 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := alias.ValidateID(tt.id)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			var ide *alias.IDError
			require.ErrorAs(t, err, &ide)
			assert.Equal(t, tt.index, ide.Index)
			assert.Equal(t, tt.tooLong, ide.TooLong)
			assert.Equal(t, len(tt.id), ide.Length)
			assert.ErrorIs(t, err, alias.ErrInvalidID)
			assert.ErrorIs(t, err, ogone.ErrInvalidAlias, "matches the hosted page's sentinel too")
			if len(tt.id) > 2 {
				assert.NotContains(t, err.Error(), tt.id)
			}
			// The platform-side check agrees.
			assert.Error(t, ogone.ValidateAlias(tt.id))
		})
	}
}

var idPattern = regexp.MustCompile(`^[A-Z2-7]{26}$`)

func TestNewID(t *testing.T) {
	seen := make(map[string]bool)
	for i := 0; i < 2000; i++ {
		id, err := alias.NewID("cust42-")
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(id, "cust42-"), id)
		require.Regexp(t, idPattern, strings.TrimPrefix(id, "cust42-"))
		require.NoError(t, alias.ValidateID(id))
		require.NoError(t, ogone.ValidateAlias(id))
		require.False(t, seen[id], "duplicate id %s", id)
		seen[id] = true
	}
	id, err := alias.NewID("")
	require.NoError(t, err)
	assert.Len(t, id, 26)
	long := strings.Repeat("p", alias.MaxPrefixLength)
	id, err = alias.NewID(long)
	require.NoError(t, err)
	assert.Len(t, id, alias.MaxIDLength)
}

func TestNewIDBadPrefix(t *testing.T) {
	for _, tt := range []struct {
		prefix  string
		index   int
		tooLong bool
	}{
		{strings.Repeat("p", alias.MaxPrefixLength+1), -1, true},
		{"cust 42", 4, false},
		{"jane@example.com-", 4, false},
	} {
		id, err := alias.NewID(tt.prefix)
		assert.Empty(t, id)
		var ide *alias.IDError
		require.ErrorAs(t, err, &ide, tt.prefix)
		assert.True(t, ide.Prefix)
		assert.Equal(t, tt.index, ide.Index)
		assert.Equal(t, tt.tooLong, ide.TooLong)
		assert.True(t, errors.Is(err, alias.ErrInvalidID))
		assert.NotContains(t, err.Error(), tt.prefix)
		assert.Contains(t, err.Error(), "prefix")
	}
}

func TestIDErrorMessages(t *testing.T) {
	for _, tt := range []struct {
		err  *alias.IDError
		want string
	}{
		{&alias.IDError{Index: -1}, "alias: invalid id: empty"},
		{&alias.IDError{Length: 51, Index: -1, TooLong: true}, "alias: invalid id: 51 bytes, at most 50"},
		{&alias.IDError{Length: 30, Index: -1, TooLong: true, Prefix: true}, "alias: invalid id prefix: 30 bytes, at most 24"},
		{&alias.IDError{Length: 5, Index: 2}, "alias: invalid id: character not allowed at byte 2 (want A-Z, a-z, 0-9, _ and -)"},
		{&alias.IDError{Length: 5, Index: -1}, "alias: invalid id: want 1 to 50 characters of A-Z, a-z, 0-9, _ and -"},
	} {
		assert.Equal(t, tt.want, tt.err.Error())
	}
}
