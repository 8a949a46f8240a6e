package signed_test

import (
	"errors"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/internal/signed"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

var errEncoding = errors.New("not UTF-8")

func reader(t *testing.T, enc signed.Encoding, keys ...string) *signed.Reader {
	t.Helper()
	r := &signed.Reader{Encoding: enc, InvalidEncoding: errEncoding}
	for _, k := range keys {
		s, err := shasign.NewSigner(shasign.SHA256, k)
		require.NoError(t, err)
		r.Keys = append(r.Keys, s)
	}
	return r
}

func sign(t *testing.T, key string, p url.Values) url.Values {
	t.Helper()
	sig, err := shasign.SignOut(shasign.SHA256, key, p)
	require.NoError(t, err)
	out := url.Values{}
	for k, v := range p {
		out[k] = v
	}
	out.Set("SHASIGN", sig)
	return out
}

func read(t *testing.T, r *signed.Reader, p url.Values) (map[string]string, signed.Result, error) {
	t.Helper()
	got := map[string]string{}
	res, err := r.Read(p, func(name []byte, value string) { got[string(name)] = value }, nil)
	return got, res, err
}

func TestRead(t *testing.T) {
	const cur, prev = "current-key-passphrase", "previous-key-passphrase"
	base := url.Values{"orderID": {"1"}, "CN": {"Zo\xeb"}, "STATUſ": {"2"}, "x": {"\xff"}, "EMPTY_UNSIGNED": {""}, "PM": {""}}
	tests := []struct {
		name     string
		enc      signed.Encoding
		key      string
		cn       string
		err      error
		previous bool
	}{
		{"auto reads ISO-8859-1 when a signed value is not UTF-8", signed.Auto, cur, "Zoë", nil, false},
		{"raw keeps the bytes", signed.Raw, cur, "Zo\xeb", nil, false},
		{"latin1", signed.Latin1, cur, "Zoë", nil, false},
		{"strict UTF-8 refuses", signed.UTF8, cur, "", errEncoding, false},
		{"previous key", signed.Auto, prev, "Zoë", nil, true},
		{"neither key", signed.Auto, "somebody-elses-key", "", shasign.ErrSignatureMismatch, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, res, err := read(t, reader(t, tt.enc, cur, prev), sign(t, tt.key, base))
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, map[string]string{"ORDERID": "1", "CN": tt.cn}, got, "signed, non-empty, names uppercased")
			assert.Equal(t, tt.previous, res.PreviousKey)
			// Once the result reads as ISO-8859-1, so do its unsigned
			// names; a UTF-8 reading keeps them, and decodes only the
			// unsigned values that are not UTF-8, each on its own.
			lookAlike := "STATUÅ¿"
			if tt.enc == signed.Raw {
				lookAlike = "STATUſ"
			}
			assert.Equal(t, url.Values{lookAlike: {"2"}, "X": {"ÿ"}, "EMPTY_UNSIGNED": {""}}, res.Unsigned)
		})
	}
}

func TestReadRefuses(t *testing.T) {
	const key = "current-key-passphrase"
	r := reader(t, signed.Auto, key)
	good := sign(t, key, url.Values{"ORDERID": {"1"}})

	twice := sign(t, key, url.Values{"ORDERID": {"1"}, "x": {"1"}, "X": {"2"}})
	_, _, err := read(t, r, twice)
	var fe *ogone.FieldError
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, "X", fe.Field)
	assert.ErrorIs(t, err, shasign.ErrAmbiguousParameter)

	many := sign(t, key, url.Values{"ORDERID": {"1"}})
	for i := 0; len(many) <= signed.MaxParams; i++ {
		many.Set("P"+strconv.Itoa(i), "1")
	}
	_, _, err = read(t, r, many)
	assert.ErrorIs(t, err, shasign.ErrTooManyParameters)

	called := false
	forged := sign(t, "somebody-elses-key", url.Values{"ORDERID": {"1"}})
	_, err = r.Read(forged, func([]byte, string) { called = true }, nil)
	assert.ErrorIs(t, err, shasign.ErrSignatureMismatch)
	assert.False(t, called, "nothing is read from a forged result")

	_, err = (&signed.Reader{}).Read(good, func([]byte, string) {}, nil)
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase, "the zero Reader refuses everything")
}

// AddKey makes a key verify results hashed with its passphrase in the
// charset the encoding allows. The passphrase bytes are written out here
// by hand: "é" is C3 A9 in UTF-8 and E9 in ISO-8859-1.
func TestAddKey(t *testing.T) {
	const key = "sécret-key"
	p := url.Values{"ORDERID": {"1"}, "CN": {"Zo\xeb"}}
	utf8Signed, latin1Signed := sign(t, "s\xc3\xa9cret-key", p), sign(t, "s\xe9cret-key", p)
	tests := []struct {
		name   string
		enc    signed.Encoding
		params url.Values
		cn     string
		err    error
	}{
		{"auto, UTF-8 passphrase", signed.Auto, utf8Signed, "Zoë", nil},
		{"auto, ISO-8859-1 passphrase", signed.Auto, latin1Signed, "Zoë", nil},
		{"raw, ISO-8859-1 passphrase", signed.Raw, latin1Signed, "Zo\xeb", nil},
		// The passphrase proves the charset even where the values would
		// read as UTF-8.
		{"auto, ISO-8859-1 passphrase, UTF-8-looking bytes", signed.Auto, sign(t, "s\xe9cret-key", url.Values{"CN": {"Zo\xc3\xab"}}), "ZoÃ«", nil},
		{"latin1, ISO-8859-1 passphrase", signed.Latin1, latin1Signed, "Zoë", nil},
		{"latin1, UTF-8 passphrase", signed.Latin1, utf8Signed, "", shasign.ErrSignatureMismatch},
		{"UTF-8, ISO-8859-1 passphrase", signed.UTF8, latin1Signed, "", shasign.ErrSignatureMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &signed.Reader{Encoding: tt.enc, InvalidEncoding: errEncoding}
			require.NoError(t, r.AddKey(shasign.SHA256, "previous-key"))
			require.NoError(t, r.AddKey(shasign.SHA256, key))
			got, res, err := read(t, r, tt.params)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.cn, got["CN"])
			assert.True(t, res.PreviousKey, "the second key added is the previous one")
			assert.Equal(t, []shasign.Algorithm{shasign.SHA256, shasign.SHA256}, r.Algorithms())
		})
	}

	ascii := &signed.Reader{Encoding: signed.Auto}
	require.NoError(t, ascii.AddKey(shasign.SHA256, "ascii-key"))
	assert.Len(t, ascii.Keys, 1, "an ASCII passphrase is the same in both charsets")

	latin1 := &signed.Reader{Encoding: signed.Latin1}
	assert.ErrorIs(t, latin1.AddKey(shasign.SHA256, "€-key"), shasign.ErrUnencodable)
	auto := &signed.Reader{Encoding: signed.Auto}
	assert.NoError(t, auto.AddKey(shasign.SHA256, "€-key"), "UTF-8 results can still be verified")
	assert.Len(t, auto.Keys, 1)
}
