package shasign_test

import (
	"errors"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

// signBoth signs fields with SignInFields and, added one by one to
// url.Values, with SignIn, and fails unless both give the same digest or
// errors of the same kind.
func signBoth(t *testing.T, s *shasign.Signer, fields []shasign.Field) {
	t.Helper()
	params := url.Values{}
	for _, f := range fields {
		params.Add(f.Name, f.Value)
	}
	want, wantErr := s.SignIn(params)
	got, gotErr := s.SignInFields(fields)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%q: SignIn error %v, SignInFields error %v", fields, wantErr, gotErr)
	}
	for _, sentinel := range []error{shasign.ErrAmbiguousParameter, shasign.ErrUnencodable, shasign.ErrTooManyParameters} {
		if errors.Is(wantErr, sentinel) != errors.Is(gotErr, sentinel) {
			t.Fatalf("%q: SignIn error %v, SignInFields error %v", fields, wantErr, gotErr)
		}
	}
	if got != want {
		t.Fatalf("%q: SignInFields = %s, SignIn = %s", fields, got, want)
	}
}

func TestSignInFieldsTable(t *testing.T) {
	s, err := shasign.NewSigner(shasign.SHA512, testPassphrase)
	require.NoError(t, err)
	tests := []struct {
		name   string
		fields []shasign.Field
		err    error
	}{
		{"guide example, unordered", []shasign.Field{{"PSPID", "MyPSPID"}, {"amount", "1500"}, {"Currency", "EUR"}, {"LANGUAGE", "en_US"}, {"ORDERID", "1234"}}, nil},
		{"underscore sorts first", []shasign.Field{{"AB", "1"}, {"A_B", "2"}, {"AB_", "3"}, {"A", "4"}}, nil},
		{"empty values and signature left out", []shasign.Field{{"ORDERID", "1"}, {"COM", ""}, {"SHASIGN", "ABC"}}, nil},
		{"empty", nil, nil},
		{"same name twice", []shasign.Field{{"ORDERID", "1"}, {"ORDERID", "2"}}, shasign.ErrAmbiguousParameter},
		{"same name twice, one empty", []shasign.Field{{"ORDERID", "1"}, {"ORDERID", ""}}, shasign.ErrAmbiguousParameter},
		{"names differ in case", []shasign.Field{{"orderID", "1"}, {"ORDERID", "2"}}, shasign.ErrAmbiguousParameter},
		{"long names differ in case", []shasign.Field{{"ITEMNAME12", "1"}, {"itemname12", "1"}}, shasign.ErrAmbiguousParameter},
		{"SHASIGN twice", []shasign.Field{{"SHASIGN", ""}, {"SHASIGN", ""}}, shasign.ErrAmbiguousParameter},
		{"two signatures", []shasign.Field{{"SHASIGN", "A"}, {"SHASIGNATURE.SHASIGN", "B"}}, shasign.ErrAmbiguousParameter},
		{"look-alike name is a name", []shasign.Field{{"ſhasign", "A"}, {"SHASIGN", "B"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.SignInFields(tt.fields)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
			} else {
				assert.NoError(t, err)
			}
			signBoth(t, s, tt.fields)
		})
	}
}

func TestSignInFieldsGuideVector(t *testing.T) {
	// The guide's example, as SignIn's tests check it.
	params := url.Values{"AMOUNT": {"1500"}, "CURRENCY": {"EUR"}, "LANGUAGE": {"en_US"}, "ORDERID": {"1234"}, "PSPID": {"MyPSPID"}}
	want, err := shasign.SignIn(shasign.SHA1, testPassphrase, params)
	require.NoError(t, err)
	s, err := shasign.NewSigner(shasign.SHA1, testPassphrase)
	require.NoError(t, err)
	got, err := s.SignInFields([]shasign.Field{{"ORDERID", "1234"}, {"PSPID", "MyPSPID"}, {"AMOUNT", "1500"}, {"LANGUAGE", "en_US"}, {"CURRENCY", "EUR"}})
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestSignInFieldsRefusesLikeSignIn(t *testing.T) {
	var zero shasign.Signer
	_, err := zero.SignInFields([]shasign.Field{{"A", "1"}})
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm, "a zero Signer signs nothing")

	iso, err := shasign.NewSigner(shasign.SHA256, "sécret", shasign.WithEncoding(shasign.ISO88591))
	require.NoError(t, err)
	_, err = iso.SignInFields([]shasign.Field{{"COM", "5 €"}})
	var pe *shasign.ParameterError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, shasign.ErrUnencodable)
	assert.Equal(t, "COM", pe.Name)
	signBoth(t, iso, []shasign.Field{{"CN", "Zoë"}, {"COM", "café"}})
}

func TestSignInFieldsDoesNotChangeInput(t *testing.T) {
	s, err := shasign.NewSigner(shasign.SHA512, testPassphrase)
	require.NoError(t, err)
	fields := []shasign.Field{{"b", "2"}, {"a", "1"}}
	before := slices.Clone(fields)
	_, err = s.SignInFields(fields)
	require.NoError(t, err)
	assert.Equal(t, before, fields)
}

// TestSignInFieldsRandom compares SignInFields with SignIn on random
// requests whose names collide often (a small alphabet, '_' and '.'
// included, mixed case) in both encodings and every algorithm.
func TestSignInFieldsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var signers []*shasign.Signer
	for _, alg := range algorithms {
		for _, enc := range []shasign.Encoding{shasign.UTF8, shasign.ISO88591} {
			s, err := shasign.NewSigner(alg, "pässphrase", shasign.WithEncoding(enc))
			require.NoError(t, err)
			signers = append(signers, s)
		}
	}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		signBoth(t, signers[rng.IntN(len(signers))], randomFields(rng))
	}
}

func randomFields(rng *rand.Rand) []shasign.Field {
	const nameBytes = "AaBb_.1ſ"
	values := []string{"", "1", "Zoë", "5 €", "x y", "\xff"}
	fields := make([]shasign.Field, rng.IntN(12))
	for i := range fields {
		var name strings.Builder
		switch rng.IntN(10) {
		case 0:
			name.WriteString([]string{"SHASIGN", "shasign", "SHASIGNATURE.SHASIGN"}[rng.IntN(3)])
		case 1:
			name.WriteString("ITEMNAME") // long shared prefixes
			fallthrough
		default:
			runes := []rune(nameBytes)
			for range 1 + rng.IntN(4) {
				name.WriteRune(runes[rng.IntN(len(runes))])
			}
		}
		fields[i] = shasign.Field{Name: name.String(), Value: values[rng.IntN(len(values))]}
	}
	return fields
}

// FuzzSignInFields compares SignInFields with SignIn on any request:
// data is NAME=value pairs separated by '&', taken as they are (no
// unescaping), so that names may repeat, differ in case or be empty.
func FuzzSignInFields(f *testing.F) {
	f.Add("AMOUNT=1500&currency=EUR&PSPID=MyPSPID", false)
	f.Add("A_B=1&AB=2&AB_=3&a=4&SHASIGN=x", false)
	f.Add("ORDERID=1&orderid=2", true)
	f.Add("CN=Zoë&COM=5 €&SHASIGNATURE.SHASIGN=&SHASIGN=", true)
	f.Add("ITEMNAME10=a&ITEMNAME1=b&ITEMNAME_1=c&ITEMNAME1_=d", false)
	utf8, err := shasign.NewSigner(shasign.SHA512, testPassphrase)
	require.NoError(f, err)
	iso, err := shasign.NewSigner(shasign.SHA512, "sécret", shasign.WithEncoding(shasign.ISO88591))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data string, latin1 bool) {
		var fields []shasign.Field
		for _, pair := range strings.Split(data, "&") {
			name, value, _ := strings.Cut(pair, "=")
			fields = append(fields, shasign.Field{Name: name, Value: value})
		}
		s := utf8
		if latin1 {
			s = iso
		}
		signBoth(t, s, fields)
	})
}
