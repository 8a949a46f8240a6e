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
	res, err := r.Read(p, func(name []byte, value string) { got[string(name)] = value })
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
	_, err = r.Read(forged, func([]byte, string) { called = true })
	assert.ErrorIs(t, err, shasign.ErrSignatureMismatch)
	assert.False(t, called, "nothing is read from a forged result")

	_, err = (&signed.Reader{}).Read(good, func([]byte, string) {})
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase, "the zero Reader refuses everything")
}
