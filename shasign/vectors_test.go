package shasign_test

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

// vector is one entry of testdata/vectors.json, the verified signatures the
// whole module is held to.
type vector struct {
	Name         string      `json:"name"`
	Direction    string      `json:"direction"`
	Algorithm    string      `json:"algorithm"`
	Passphrase   string      `json:"passphrase"`
	Params       [][2]string `json:"params"`
	StringToHash string      `json:"string_to_hash"`
	Digest       string      `json:"digest"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	raw, err := os.ReadFile("../testdata/vectors.json")
	require.NoError(t, err)
	var file struct {
		Vectors []vector `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(raw, &file))
	require.NotEmpty(t, file.Vectors)
	return file.Vectors
}

func (v vector) values() url.Values {
	p := url.Values{}
	for _, kv := range v.Params {
		p.Add(kv[0], kv[1])
	}
	return p
}

// TestVectorsMatchShared keeps our copy of the platform vectors identical to
// the team's shared file when that file is present (it is not in a clone).
func TestVectorsMatchShared(t *testing.T) {
	shared, err := os.ReadFile("../../shared/ogone/vectors.json")
	if err != nil {
		t.Skip("shared vectors not present outside the team workspace")
	}
	ours, err := os.ReadFile("../testdata/vectors.json")
	require.NoError(t, err)
	assert.Equal(t, string(shared), string(ours), "testdata/vectors.json drifted from shared/ogone/vectors.json")
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Direction+"/"+v.Algorithm+"/"+v.Name, func(t *testing.T) {
			alg, err := shasign.ParseAlgorithm(v.Algorithm)
			require.NoError(t, err)
			dir := shasign.In
			if v.Direction == "out" {
				dir = shasign.Out
			}
			params := v.values()

			c, err := shasign.Canonicalize(dir, params)
			require.NoError(t, err)
			assert.Equal(t, v.StringToHash, c.StringToHash(v.Passphrase))

			s, err := shasign.NewSigner(alg, v.Passphrase)
			require.NoError(t, err)
			var got string
			if dir == shasign.In {
				got, err = s.SignIn(params)
			} else {
				got, err = s.SignOut(params)
			}
			require.NoError(t, err)
			assert.Equal(t, strings.ToUpper(v.Digest), got)

			for _, sig := range []string{v.Digest, strings.ToLower(v.Digest)} {
				params.Set("SHASIGN", sig)
				if dir == shasign.In {
					assert.NoError(t, s.VerifyIn(params))
				} else {
					assert.NoError(t, s.VerifyOut(params))
				}
			}
		})
	}
}

// TestISO88591 checks the encoding option against the digest the vector file
// records for ISO-8859-1 bytes.
func TestISO88591(t *testing.T) {
	params := url.Values{
		"AMOUNT": {"1500"}, "CURRENCY": {"EUR"}, "LANGUAGE": {"en_US"},
		"ORDERID": {"1234"}, "PSPID": {"MyPSPID"}, "CN": {"Rémy Fröåïør"},
	}
	s, err := shasign.NewSigner(shasign.SHA1, "Mysecretsig1875!?", shasign.WithEncoding(shasign.ISO88591))
	require.NoError(t, err)
	got, err := s.SignIn(params)
	require.NoError(t, err)
	assert.Equal(t, "1C6B77E55F4781E3CB25BA6C5FA0A421FB1BB4D9", got)

	utf8Digest, err := shasign.SignIn(shasign.SHA1, "Mysecretsig1875!?", params)
	require.NoError(t, err)
	assert.Equal(t, "322D4F8B8F7FCC0611DA38C9FF9B505140EEFC68", utf8Digest)

	for name, value := range map[string]string{"euro sign": "10 €", "invalid UTF-8": "\xff\xfe"} {
		t.Run(name, func(t *testing.T) {
			_, err := s.SignIn(url.Values{"CN": {value}})
			require.ErrorIs(t, err, shasign.ErrUnencodable)
			var pe *shasign.ParameterError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "CN", pe.Name)
			assert.NotContains(t, err.Error(), value)
		})
	}
}
