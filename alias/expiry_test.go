package alias_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/gogone/ogone/alias"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseExpiry(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want alias.Expiry
		err  error
	}{
		{"0530", alias.Expiry{Month: time.May, Year: 2030}, nil},
		{"05/30", alias.Expiry{Month: time.May, Year: 2030}, nil},
		{"1299", alias.Expiry{Month: time.December, Year: 2099}, nil},
		{"0100", alias.Expiry{Month: time.January, Year: 2000}, nil},
		{"0030", alias.Expiry{}, alias.ErrExpiryMonth},
		{"1330", alias.Expiry{}, alias.ErrExpiryMonth},
		{"13/30", alias.Expiry{}, alias.ErrExpiryMonth},
		{"99/99", alias.Expiry{}, alias.ErrExpiryMonth},
		{"", alias.Expiry{}, alias.ErrExpiryFormat},
		{"530", alias.Expiry{}, alias.ErrExpiryFormat},
		{"05-30", alias.Expiry{}, alias.ErrExpiryFormat},
		{"052030", alias.Expiry{}, alias.ErrExpiryFormat},
		{"05/2030", alias.Expiry{}, alias.ErrExpiryFormat},
		{"o530", alias.Expiry{}, alias.ErrExpiryFormat},
		{"+530", alias.Expiry{}, alias.ErrExpiryFormat},
		{"\uff10530", alias.Expiry{}, alias.ErrExpiryFormat},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := alias.ParseExpiry(tt.in)
			assert.Equal(t, tt.want, got)
			if tt.err == nil {
				require.NoError(t, err)
				assert.True(t, got.Valid())
				return
			}
			assert.ErrorIs(t, err, tt.err)
			assert.ErrorIs(t, err, alias.ErrInvalidExpiry)
			if tt.in != "" {
				assert.NotContains(t, err.Error(), tt.in)
			}
		})
	}
}

func TestExpiryString(t *testing.T) {
	e := alias.Expiry{Month: time.May, Year: 2030}
	assert.Equal(t, "05/30", e.String())
	assert.Equal(t, "0530", e.MMYY())
	assert.Equal(t, "", alias.Expiry{}.String())
	assert.Equal(t, "", alias.Expiry{}.MMYY())
	assert.Equal(t, "invalid", alias.Expiry{Month: 13, Year: 2030}.String())
	assert.Equal(t, "invalid", alias.Expiry{Month: 1, Year: 1999}.String())
	assert.Equal(t, "", alias.Expiry{Month: 0, Year: 2030}.MMYY())
	assert.True(t, alias.Expiry{}.IsZero())
	assert.False(t, alias.Expiry{}.Valid())
}

func TestExpiryExpired(t *testing.T) {
	e := alias.Expiry{Month: time.May, Year: 2030}
	brussels := time.FixedZone("CEST", 2*3600)
	for _, tt := range []struct {
		now     time.Time
		expired bool
	}{
		{time.Date(2030, 5, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2030, 5, 31, 23, 59, 59, 0, time.UTC), false},
		{time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2030, 6, 1, 0, 30, 0, 0, brussels), true},
		{time.Date(2029, 12, 31, 0, 0, 0, 0, time.UTC), false},
	} {
		assert.Equal(t, tt.expired, e.Expired(tt.now), tt.now.String())
	}
	dec := alias.Expiry{Month: time.December, Year: 2030}
	assert.False(t, dec.Expired(time.Date(2030, 12, 31, 12, 0, 0, 0, time.UTC)))
	assert.True(t, dec.Expired(time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)), "December rolls into the next year")
	assert.True(t, alias.Expiry{}.Expired(time.Now()), "no expiry, no promise")
}

func TestExpiryText(t *testing.T) {
	type stored struct {
		Expiry alias.Expiry `json:"expiry"`
	}
	b, err := json.Marshal(stored{alias.Expiry{Month: time.July, Year: 2027}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"expiry":"07/27"}`, string(b))
	var back stored
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, alias.Expiry{Month: time.July, Year: 2027}, back.Expiry)

	b, err = json.Marshal(stored{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"expiry":""}`, string(b))
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Expiry.IsZero())

	_, err = json.Marshal(stored{alias.Expiry{Month: 13, Year: 2030}})
	assert.ErrorIs(t, err, alias.ErrInvalidExpiry)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"expiry":"13/30"}`), &back), alias.ErrExpiryMonth)
}
