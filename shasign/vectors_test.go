package shasign_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/internal/vectors"
	"github.com/gogone/ogone/shasign"
)

func TestVectors(t *testing.T) {
	for _, v := range vectors.Load(t) {
		t.Run(v.Direction+"/"+v.Algorithm+"/"+v.Name, func(t *testing.T) {
			alg, err := shasign.ParseAlgorithm(v.Algorithm)
			require.NoError(t, err)
			dir := shasign.In
			if v.Direction == "out" {
				dir = shasign.Out
			}
			params := v.Values()

			c, err := shasign.Canonicalize(dir, params)
			require.NoError(t, err)
			assert.Equal(t, v.StringToHash, c.StringToHash(v.Passphrase))
			digest, err := c.Digest(alg, shasign.UTF8, v.Passphrase)
			require.NoError(t, err)
			assert.Equal(t, strings.ToUpper(v.Digest), digest, "Canonical.Digest")

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
				assert.NoError(t, c.Verify(alg, shasign.UTF8, v.Passphrase, sig))
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

	for name, value := range map[string]string{"euro sign": "10 €", "invalid UTF-8": "\xff\xfe", "C1 as windows-1252 quote": "“x”"} {
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

// TestISO88591Passphrase: on an ISO-8859-1 account the whole string is
// hashed in ISO-8859-1, passphrase included. The digests were computed with
// Python's hashlib over the string encoded as latin-1; today's main, which
// appends the passphrase as UTF-8, gives BC16563B... for the SHA-1 one.
func TestISO88591Passphrase(t *testing.T) {
	const passphrase = "sécret"
	request := url.Values{
		"AMOUNT": {"1500"}, "CN": {"Rémy Fröåïør"}, "CURRENCY": {"EUR"},
		"LANGUAGE": {"en_US"}, "ORDERID": {"1234"}, "PSPID": {"MyPSPID"},
	}
	feedback := url.Values{
		"ACCEPTANCE": {"1234"}, "amount": {"15"}, "BRAND": {"VISA"}, "CARDNO": {"XXXXXXXXXXXX1111"},
		"CN": {"Zoë Müller"}, "currency": {"EUR"}, "NCERROR": {"0"}, "orderID": {"12"},
		"PAYID": {"32100123"}, "PM": {"CreditCard"}, "STATUS": {"9"}, "PARAMPLUS_X": {"ünsigned"},
	}
	tests := []struct {
		alg    shasign.Algorithm
		dir    shasign.Direction
		params url.Values
		want   string
	}{
		{shasign.SHA1, shasign.In, request, "FB470FBC4B3A96DF466F8E694B57F0A2BA183766"},
		{shasign.SHA256, shasign.In, request, "DB1C72ABA023834330F8176A27B33974C98D2F90D16045E89A0A24063192FDF7"},
		{shasign.SHA512, shasign.In, request, "8CD88CBD89C4183810AF0DC249549D319A06B80DD326F2960AF2AE977D94CEBB5A47BA3188156425C38B181463FD547B25A3F497568D0A87C7C6CA4C9761D6AD"},
		{shasign.SHA512, shasign.Out, feedback, "978D588879AA615FBAE4090A31B7D2049FB75FC21614E214C6997FA280E998584B67F22873A86B24656CA455D0A3817FF0A64422F780FC6725C334D1C02483AB"},
	}
	for _, tt := range tests {
		t.Run(tt.alg.String()+"/"+tt.dir.String(), func(t *testing.T) {
			s, err := shasign.NewSigner(tt.alg, passphrase, shasign.WithEncoding(shasign.ISO88591))
			require.NoError(t, err)
			c, err := shasign.Canonicalize(tt.dir, tt.params)
			require.NoError(t, err)
			digest, err := c.Digest(tt.alg, shasign.ISO88591, passphrase)
			require.NoError(t, err)
			assert.Equal(t, tt.want, digest, "Canonical.Digest")

			signed := url.Values{"SHASIGN": {strings.ToLower(tt.want)}}
			for k, v := range tt.params {
				signed[k] = v
			}
			if tt.dir == shasign.In {
				got, err := s.SignIn(tt.params)
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				assert.NoError(t, s.VerifyIn(signed))
			} else {
				got, err := s.SignOut(tt.params)
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				assert.NoError(t, s.VerifyOut(signed))
			}
			// The passphrase as UTF-8 (what main did) must not verify.
			utf8Signer, err := shasign.NewSigner(tt.alg, passphrase)
			require.NoError(t, err)
			other, err := utf8Signer.SignIn(url.Values{"X": {"1"}})
			require.NoError(t, err)
			assert.NotEqual(t, tt.want, other)
		})
	}
}

func TestISO88591PassphraseUnencodable(t *testing.T) {
	for _, pass := range []string{"secret-€-passphrase", "bad\xffbytes-in-passphrase"} {
		s, err := shasign.NewSigner(shasign.SHA512, pass, shasign.WithEncoding(shasign.ISO88591))
		assert.Nil(t, s)
		require.ErrorIs(t, err, shasign.ErrUnencodable)
		assert.NotContains(t, err.Error(), pass)
		assert.Contains(t, err.Error(), "passphrase")

		c := &shasign.Canonical{Fields: []shasign.Field{{Name: "A", Value: "1"}}}
		_, err = c.Digest(shasign.SHA512, shasign.ISO88591, pass)
		assert.ErrorIs(t, err, shasign.ErrUnencodable)

		// UTF-8 accounts hash the passphrase's bytes as they are.
		_, err = shasign.NewSigner(shasign.SHA512, pass)
		assert.NoError(t, err)
	}
}
