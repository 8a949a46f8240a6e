package shasign

import (
	"crypto/sha512"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"

	"github.com/gogone/ogone/internal/charset"
)

// Errors returned by signing and verification. They are sentinels for
// errors.Is; the errors actually returned may wrap them with the name (never
// the value) of the parameter at fault. Every message starts with
// "shasign: ".
var (
	// ErrUnknownAlgorithm is returned for an Algorithm outside SHA1, SHA256
	// and SHA512, and by ParseAlgorithm for a name it does not recognise.
	ErrUnknownAlgorithm = errors.New("shasign: unknown hash algorithm")
	// ErrMissingSignature means the parameters carry no SHASIGN, or an empty one.
	ErrMissingSignature = errors.New("shasign: missing SHASIGN")
	// ErrSignatureMismatch means SHASIGN is not the digest of the parameters.
	ErrSignatureMismatch = errors.New("shasign: signature mismatch")
	// ErrEmptyPassphrase means no passphrase was given. Signing with an
	// empty one would make every digest forgeable, so it is refused.
	ErrEmptyPassphrase = errors.New("shasign: empty passphrase")
	// ErrAmbiguousParameter means a parameter appears twice, possibly under
	// names that differ only in case. Accepting it would let an attacker
	// choose which value is signed and which one the shop reads.
	ErrAmbiguousParameter = errors.New("shasign: ambiguous parameter")
	// ErrTooManyParameters means a parameter set is far larger than any
	// the platform sends or accepts.
	ErrTooManyParameters = errors.New("shasign: too many parameters")
	// ErrUnencodable means a value or the passphrase cannot be written in
	// the signer's encoding (a character outside ISO-8859-1, or bytes that
	// are not UTF-8).
	ErrUnencodable = errors.New("shasign: value not representable in the signing encoding")
)

// ParameterError records which parameter made signing fail. Like
// strconv.NumError it names the input but, because values may be card
// numbers or personal data, it never holds the value.
type ParameterError struct {
	Name string // the parameter name as received, shortened if very long
	Err  error  // ErrAmbiguousParameter or ErrUnencodable
}

func (e *ParameterError) Error() string {
	return fmt.Sprintf("%s: %q", e.Err.Error(), e.Name)
}

// Unwrap returns the sentinel, for errors.Is.
func (e *ParameterError) Unwrap() error { return e.Err }

// Encoding selects the bytes a value is hashed as.
type Encoding uint8

const (
	// UTF8 hashes the value's bytes as they are, which is what the
	// platform's _utf8 pages do. It is the default.
	UTF8 Encoding = iota
	// ISO88591 hashes the whole string in ISO-8859-1, each character as
	// one byte, passphrase included, for accounts on the platform's older
	// pages. Characters outside ISO-8859-1 (the euro sign among them: it
	// is windows-1252, never written) make signing fail with
	// ErrUnencodable.
	ISO88591
)

// String returns "UTF-8" or "ISO-8859-1".
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "UTF-8"
	case ISO88591:
		return "ISO-8859-1"
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

// Option configures a Signer.
type Option func(*Signer)

// WithEncoding makes the signer hash values in e instead of UTF-8.
func WithEncoding(e Encoding) Option { return func(s *Signer) { s.enc = e } }

// Signer computes and checks digests with one algorithm and passphrase. It is
// safe for concurrent use, and its buffers come from a pool, so on the hot
// path signing allocates only the returned string and verification nothing.
//
// A Signer never prints its passphrase: String, GoString and LogValue
// redact it.
type Signer struct {
	alg Algorithm
	// passphrase is written in the signer's encoding, ready to append: on
	// an ISO-8859-1 account the whole string is hashed in ISO-8859-1,
	// passphrase included. It sits behind a pointer: when fmt walks a
	// struct that holds a Signer by reflection (an unexported field, a bad
	// verb), it prints nested pointers as addresses and never reaches the
	// secret.
	passphrase *string
	enc        Encoding
}

// NewSigner returns a Signer for alg and passphrase. The passphrase is the
// SHA-IN one for requests and the SHA-OUT one for feedback; they differ on a
// well-configured account, so a shop usually holds two Signers.
//
// The passphrase is text, like the values: with WithEncoding(ISO88591) it
// is hashed in ISO-8859-1 with them (as every implementation that supports
// ISO-8859-1 does), and a passphrase that ISO-8859-1 cannot write is
// ErrUnencodable.
func NewSigner(alg Algorithm, passphrase string, opts ...Option) (*Signer, error) {
	s := &Signer{alg: alg, passphrase: &passphrase}
	for _, o := range opts {
		o(s)
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	key, err := encodePassphrase(s.enc, passphrase)
	if err != nil {
		return nil, err
	}
	s.passphrase = &key
	return s, nil
}

// errUnencodablePassphrase says which input could not be written without
// showing it.
var errUnencodablePassphrase = fmt.Errorf("%w: the passphrase", ErrUnencodable)

// encodePassphrase writes passphrase in enc, as the signer appends it.
func encodePassphrase(enc Encoding, passphrase string) (string, error) {
	if enc != ISO88591 {
		return passphrase, nil
	}
	b, ok := charset.AppendLatin1(nil, passphrase)
	if !ok {
		return "", errUnencodablePassphrase
	}
	return string(b), nil
}

func (s *Signer) check() error {
	if !s.alg.Valid() {
		return fmt.Errorf("%w: %d", ErrUnknownAlgorithm, uint8(s.alg))
	}
	if s.passphrase == nil || *s.passphrase == "" {
		return ErrEmptyPassphrase
	}
	if s.enc != UTF8 && s.enc != ISO88591 {
		return fmt.Errorf("shasign: unknown encoding %d", uint8(s.enc))
	}
	return nil
}

// Algorithm returns the signer's hash function.
func (s *Signer) Algorithm() Algorithm { return s.alg }

// Encoding returns the encoding values are hashed in.
func (s *Signer) Encoding() Encoding { return s.enc }

// String describes the signer without its passphrase. Like Format,
// GoString and LogValue it has a value receiver so that a Signer printed by
// value is redacted too.
func (s Signer) String() string {
	return "shasign.Signer{" + s.alg.String() + ", " + s.enc.String() + ", passphrase: [REDACTED]}"
}

// GoString is String, so that %#v does not print the passphrase field.
func (s Signer) GoString() string { return s.String() }

// Format prints String for every verb, so that no verb (%x, %q, %+v)
// reaches the passphrase field.
func (s Signer) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(s.String())) }

// MarshalJSON writes the algorithm and encoding only.
func (s Signer) MarshalJSON() ([]byte, error) {
	return []byte(`{"algorithm":"` + s.alg.String() + `","encoding":"` + s.enc.String() + `"}`), nil
}

// LogValue keeps the passphrase out of structured logs.
func (s Signer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("algorithm", s.alg.String()), slog.String("passphrase", "[REDACTED]"))
}

// SignIn returns the SHA-IN digest of a request: every non-empty parameter
// but SHASIGN, in uppercase hex.
func (s *Signer) SignIn(params url.Values) (string, error) { return s.sign(In, params) }

// SignOut returns the SHA-OUT digest of feedback parameters: only those on
// the platform's SHA-OUT list count.
func (s *Signer) SignOut(params url.Values) (string, error) { return s.sign(Out, params) }

// VerifyIn checks the SHASIGN of a request as the platform does. Shops need
// it only to test themselves; the simulator in ogone/ogonetest uses it.
func (s *Signer) VerifyIn(params url.Values) error { return s.verify(In, params) }

// VerifyOut checks the SHASIGN of feedback parameters, in constant time and
// in either hex case.
func (s *Signer) VerifyOut(params url.Values) error { return s.verify(Out, params) }

func (s *Signer) sign(dir Direction, params url.Values) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	st := getState()
	defer putState(st)
	if err := collect(st, dir, params, nil); err != nil {
		return "", err
	}
	sum, err := s.hash(st, publishedReading)
	if err != nil {
		return "", err
	}
	return string(encodeUpperHex(st.hex[:0], sum)), nil
}

func (s *Signer) verify(dir Direction, params url.Values) error {
	signers := [1]*Signer{s}
	_, err := verifyAny(dir, params, signers[:], nil)
	return err
}

// matches reports whether the signature collected in st is sum, in
// constant time (see compareDigest).
func (st *state) matches(sum []byte) bool {
	return compareDigest(sum, st.signature, &st.given) == nil
}

const sha512Size = sha512.Size

// compareDigest checks signature, hex in either case, against sum.
func compareDigest(sum []byte, signature string, scratch *[sha512Size]byte) error {
	if signature == "" {
		return ErrMissingSignature
	}
	// The length of a digest is public (it follows from the algorithm), so
	// checking it first leaks nothing; the bytes are compared in constant
	// time so that response timing does not reveal how much of a forged
	// digest was right.
	if len(signature) != 2*len(sum) {
		return ErrSignatureMismatch
	}
	given := scratch[:len(sum)]
	valid := decodeHex(given, signature)
	if subtle.ConstantTimeCompare(sum, given) != 1 || !valid {
		return ErrSignatureMismatch
	}
	return nil
}

// hash hashes the parameters collected in st, leaving out the disputed
// SHA-OUT names that reading does not sign (see DisputedSHAOutParameters),
// and returns the raw digest.
func (s *Signer) hash(st *state, reading disputeSet) ([]byte, error) {
	key := *s.passphrase
	msg := slices.Grow(st.msg[:0], st.pairBytes+st.pairs*len(key))
	var err error
	for _, o := range st.order {
		e := &st.entries[uint16(o)]
		switch {
		case e.value == "", e.dispute&^reading != 0:
		case s.enc == UTF8: // appendPair's work, inlined on the hot path
			msg = append(msg, st.arena[e.start:e.end]...)
			msg = append(msg, '=')
			msg = append(msg, e.value...)
			msg = append(msg, key...)
		default:
			if msg, err = appendPair(s, msg, st.arena[e.start:e.end], e.value); err != nil {
				st.msg = msg
				return nil, err
			}
		}
	}
	st.msg = msg
	return s.alg.sum(&st.sum, msg), nil
}

// appendPair appends NAME=value and the passphrase to msg, written in the
// signer's encoding.
func appendPair[T string | []byte](s *Signer, msg []byte, name T, value string) ([]byte, error) {
	if s.enc != ISO88591 {
		msg = append(msg, name...)
		msg = append(msg, '=')
		msg = append(msg, value...)
		return append(msg, *s.passphrase...), nil
	}
	msg, okName := charset.AppendLatin1(msg, name)
	msg = append(msg, '=')
	msg, okValue := charset.AppendLatin1(msg, value)
	if !okName || !okValue {
		return msg, &ParameterError{Name: truncate(string(name), 40), Err: ErrUnencodable}
	}
	return append(msg, *s.passphrase...), nil
}

// Direction says which rule selects the signed parameters.
type Direction uint8

const (
	// In is SHA-IN: requests to the platform; every parameter counts.
	In Direction = iota + 1
	// Out is SHA-OUT: feedback from the platform; only the SHA-OUT list counts.
	Out
)

// String returns "SHA-IN" or "SHA-OUT".
func (d Direction) String() string {
	switch d {
	case In:
		return "SHA-IN"
	case Out:
		return "SHA-OUT"
	}
	return fmt.Sprintf("Direction(%d)", uint8(d))
}

const upperHexDigits = "0123456789ABCDEF"

func encodeUpperHex(dst, src []byte) []byte {
	for _, b := range src {
		dst = append(dst, upperHexDigits[b>>4], upperHexDigits[b&0x0F])
	}
	return dst
}

// decodeHex decodes s, in either case, into dst (len(s)/2 bytes). It
// reports false on any other character.
func decodeHex(dst []byte, s string) bool {
	ok := true
	for i := range dst {
		hi, ok1 := fromHexChar(s[2*i])
		lo, ok2 := fromHexChar(s[2*i+1])
		ok = ok && ok1 && ok2
		dst[i] = hi<<4 | lo
	}
	return ok
}

func fromHexChar(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// SignIn returns the SHA-IN digest of params. See Signer.SignIn.
func SignIn(alg Algorithm, passphrase string, params url.Values) (string, error) {
	s := Signer{alg: alg, passphrase: &passphrase}
	return s.SignIn(params)
}

// SignOut returns the SHA-OUT digest of params. See Signer.SignOut.
func SignOut(alg Algorithm, passphrase string, params url.Values) (string, error) {
	s := Signer{alg: alg, passphrase: &passphrase}
	return s.SignOut(params)
}

// VerifyOut checks the SHASIGN of feedback params. See Signer.VerifyOut.
func VerifyOut(alg Algorithm, passphrase string, params url.Values) error {
	s := Signer{alg: alg, passphrase: &passphrase}
	return s.VerifyOut(params)
}
