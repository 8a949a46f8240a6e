package ogone_test

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
)

func TestParseExpiry(t *testing.T) {
	tests := []struct {
		in    string
		month time.Month
		year  int
		ok    bool
	}{
		{"0330", time.March, 2030, true},
		{"03/30", time.March, 2030, true},
		{"03/2030", time.March, 2030, true},
		{"0312", time.March, 2012, true},
		{"1299", time.December, 2099, true},
		{"12/2099", time.December, 2099, true},
		{"0100", time.January, 2000, true},
		{"0030", 0, 0, false},
		{"1330", 0, 0, false},
		{"13/30", 0, 0, false},
		{"00/2030", 0, 0, false},
		{"9999", 0, 0, false},
		{"03/2130", 0, 0, false},
		{"03/1999", 0, 0, false},
		{"330", 0, 0, false},
		{"03300", 0, 0, false},
		{"3/2030", 0, 0, false},
		{"03-30", 0, 0, false},
		{"052030", 0, 0, false},
		{"03a0", 0, 0, false},
		{"+330", 0, 0, false},
		{"\uff10330", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tc := range tests {
		e, err := ogone.ParseExpiry(tc.in)
		if !tc.ok {
			assert.Equal(t, ogone.ErrInvalidExpiry, err, tc.in)
			assert.True(t, e.IsZero(), tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.month, e.Month(), tc.in)
		assert.Equal(t, tc.year, e.Year(), tc.in)
		assert.False(t, e.IsZero())
		n, err := ogone.NewExpiry(tc.month, tc.year)
		require.NoError(t, err)
		assert.True(t, n == e, "the same month is the same Expiry: %s", tc.in)
	}
}

func TestNewExpiry(t *testing.T) {
	for _, tc := range []struct {
		m  time.Month
		y  int
		ok bool
	}{
		{time.January, 2000, true}, {time.December, 2099, true},
		{0, 2030, false}, {13, 2030, false}, {time.May, 1999, false}, {time.May, 2100, false}, {time.May, 30, false},
	} {
		e, err := ogone.NewExpiry(tc.m, tc.y)
		if !tc.ok {
			assert.ErrorIs(t, err, ogone.ErrInvalidExpiry)
			assert.True(t, e.IsZero())
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("%02d%02d", int(tc.m), tc.y%100), e.MMYY())
	}
	assert.Equal(t, "", ogone.Expiry{}.MMYY())
	assert.Equal(t, time.Month(0), ogone.Expiry{}.Month())
	assert.Equal(t, 0, ogone.Expiry{}.Year())
}

// Expired is the one rule: a month is over once it has ended everywhere on
// Earth, 12 hours after it ended in UTC.
func TestExpiryExpired(t *testing.T) {
	may, err := ogone.ParseExpiry("0530")
	require.NoError(t, err)
	dec, err := ogone.ParseExpiry("1230")
	require.NoError(t, err)
	paris := time.FixedZone("CEST", 2*3600)
	samoa := time.FixedZone("UTC+14", 14*3600)
	tests := []struct {
		e    ogone.Expiry
		now  time.Time
		want bool
	}{
		{may, time.Date(2030, 5, 1, 0, 0, 0, 0, time.UTC), false},
		{may, time.Date(2030, 5, 31, 23, 59, 59, 0, time.UTC), false},
		{may, time.Date(2030, 6, 1, 11, 59, 59, 0, time.UTC), false},
		{may, time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC), true},
		{may, time.Date(2030, 6, 1, 13, 0, 0, 0, paris), false},
		{may, time.Date(2030, 6, 1, 14, 0, 0, 0, paris), true},
		{may, time.Date(2030, 6, 2, 1, 0, 0, 0, samoa), false},
		{may, time.Date(2029, 12, 31, 0, 0, 0, 0, time.UTC), false},
		{dec, time.Date(2031, 1, 1, 11, 0, 0, 0, time.UTC), false},
		{dec, time.Date(2031, 1, 1, 12, 0, 0, 0, time.UTC), true},
		{dec, time.Date(2031, 2, 1, 0, 0, 0, 0, time.UTC), true},
		{ogone.Expiry{}, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.e.Expired(tc.now), "%s at %s", tc.e.MMYY(), tc.now)
	}
}

// An Expiry prints no digit of its date under any verb, from any depth
// (TestNothingPrintsSecretsOrCardData tries every shape and encoder).
func TestExpiryRedacts(t *testing.T) {
	e, err := ogone.ParseExpiry(redactExpiry)
	require.NoError(t, err)
	type holder struct {
		e  ogone.Expiry
		E  ogone.Expiry
		p  *ogone.Expiry
		es []ogone.Expiry
	}
	h := holder{e, e, &e, []ogone.Expiry{e}}
	for _, verb := range redactVerbs {
		for _, v := range []any{e, &e, h, &h} {
			out := fmt.Sprintf(verb, v)
			assert.Empty(t, leaked(out), "%s of %T: %s", verb, v, out)
		}
	}
	assert.Equal(t, "[REDACTED]", e.String())
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%#v", e))
	assert.Equal(t, "[REDACTED]", fmt.Sprintf("%d", e))
	assert.Equal(t, "", ogone.Expiry{}.String(), "a missing expiry shows as missing")
}

func TestExpiryText(t *testing.T) {
	e, err := ogone.ParseExpiry("0727")
	require.NoError(t, err)
	type stored struct {
		Expiry ogone.Expiry `json:"expiry"`
	}
	b, err := json.Marshal(stored{e})
	require.NoError(t, err)
	assert.JSONEq(t, `{"expiry":"[REDACTED]"}`, string(b))
	var back stored
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Expiry.IsZero(), "the date was never written")

	var g bytes.Buffer
	require.NoError(t, gob.NewEncoder(&g).Encode(stored{e}))
	assert.NotContains(t, g.String(), "0727")
	require.NoError(t, gob.NewDecoder(&g).Decode(&back))
	assert.True(t, back.Expiry.IsZero())

	var u ogone.Expiry
	require.NoError(t, u.UnmarshalText([]byte("07/27")))
	assert.True(t, u == e)
	assert.Equal(t, ogone.ErrInvalidExpiry, u.UnmarshalText([]byte("1327")))
	require.NoError(t, u.UnmarshalText(nil))
	assert.True(t, u.IsZero())
}

// FuzzParseExpiry: what parses has a month of 1 to 12, writes back as its
// input (in the input's form), and prints as "[REDACTED]"; what does not
// gives the bare sentinel and the zero Expiry.
func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"0330", "1299", "0000", "1300", "03/30", "03/2030", "330", "", "MMYY", "13/2030"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ogone.ParseExpiry(s)
		if err != nil {
			if err != ogone.ErrInvalidExpiry || !e.IsZero() {
				t.Fatalf("ParseExpiry(%q) = %v", s, err)
			}
			return
		}
		if e.Month() < 1 || e.Month() > 12 || e.Year() < 2000 || e.Year() > 2099 {
			t.Fatalf("ParseExpiry(%q) = %d/%d", s, e.Month(), e.Year())
		}
		var back string
		switch len(s) {
		case 4:
			back = e.MMYY()
		case 5:
			back = e.MMYY()[:2] + "/" + e.MMYY()[2:]
		default:
			back = fmt.Sprintf("%02d/%d", int(e.Month()), e.Year())
		}
		if back != s {
			t.Fatalf("ParseExpiry(%q) writes back as %q", s, back)
		}
		if out := fmt.Sprintf("%v%+v%#v%d%x", e, e, e, e, e); strings.ContainsAny(out, "0123456789") {
			t.Fatalf("ParseExpiry(%q) prints %q", s, out)
		}
	})
}
