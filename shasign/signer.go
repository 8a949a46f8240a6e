package shasign

import (
	"bytes"
	"crypto/sha512"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Errors returned by signing and verification. They are sentinels for
// errors.Is; the errors actually returned may wrap them with the name (never
// the value) of the parameter at fault.
var (
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
	// ErrUnencodable means a value cannot be written in the signer's
	// encoding (a character outside ISO-8859-1, or bytes that are not UTF-8).
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
	// ISO88591 hashes each character as one ISO-8859-1 byte, for accounts
	// on the platform's older pages.
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
	// passphrase sits behind a pointer: when fmt walks a struct that
	// holds a Signer by reflection (an unexported field, a bad verb), it
	// prints nested pointers as addresses and never reaches the secret.
	passphrase *string
	enc        Encoding
}

// NewSigner returns a Signer for alg and passphrase. The passphrase is the
// SHA-IN one for requests and the SHA-OUT one for feedback; they differ on a
// well-configured account, so a shop usually holds two Signers.
func NewSigner(alg Algorithm, passphrase string, opts ...Option) (*Signer, error) {
	s := &Signer{alg: alg, passphrase: &passphrase}
	for _, o := range opts {
		o(s)
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
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

// matches reports whether the signature collected in st is sum, comparing
// in constant time. The length of a digest is public (it follows from the
// algorithm), so checking it first leaks nothing; the bytes are compared
// in constant time so that response timing does not reveal how much of a
// forged digest was right.
func (st *state) matches(sum []byte) bool {
	if len(st.signature) != 2*len(sum) {
		return false
	}
	given := st.given[:len(sum)]
	valid := decodeHex(given, st.signature)
	return subtle.ConstantTimeCompare(sum, given) == 1 && valid
}

// hash hashes the parameters collected in st, leaving out the disputed
// SHA-OUT names that reading does not sign, and returns the raw digest.
func (s *Signer) hash(st *state, reading disputeSet) ([]byte, error) {
	msg := st.msg[:0]
	for _, o := range st.order {
		e := &st.entries[uint16(o)]
		if e.value == "" || e.dispute&^reading != 0 {
			continue
		}
		msg = append(msg, e.name...)
		msg = append(msg, '=')
		if s.enc == ISO88591 {
			var ok bool
			if msg, ok = appendLatin1(msg, e.value); !ok {
				st.msg = msg
				return nil, &ParameterError{Name: string(e.name), Err: ErrUnencodable}
			}
		} else {
			msg = append(msg, e.value...)
		}
		msg = append(msg, *s.passphrase...)
	}
	st.msg = msg
	return s.alg.sum(&st.sum, msg), nil
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

// state holds the scratch space of one signing. It is pooled so that the
// hot path does not allocate.
type state struct {
	arena     []byte   // uppercased names, back to back
	entries   []entry  // the parameters that count
	order     []uint64 // entries in digest order: key prefix << 16 | index
	msg       []byte   // the string to hash
	signature string   // SHASIGN as received
	sum       [sha512.Size]byte
	given     [sha512.Size]byte
	hex       [2 * sha512.Size]byte
}

type entry struct {
	start, end int    // the uppercased name in arena, while collecting
	name       []byte // the same, once arena no longer moves
	value      string
	dispute    disputeSet // the name's bit when its place on the SHA-OUT list is disputed
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func getState() *state { return statePool.Get().(*state) }

func putState(st *state) {
	// A freak request must not pin a huge buffer in the pool forever.
	if cap(st.msg) > 64<<10 || cap(st.arena) > 16<<10 || cap(st.entries) > 1024 {
		return
	}
	// Drop references to the caller's strings before pooling.
	for i := range st.entries {
		st.entries[i] = entry{}
	}
	st.signature = ""
	statePool.Put(st)
}

// collect fills st.entries with the parameters the digest covers, st.order
// with their digest order,
// and st.signature with SHASIGN. Empty values stay in the list (they still
// count for ambiguity) and are skipped when hashing. When skipped is not
// nil, it receives the parameters left out and why.
func collect(st *state, dir Direction, params url.Values, skipped *[]Skipped) error {
	st.arena = st.arena[:0]
	st.entries = st.entries[:0]
	st.signature = ""
	signatures := 0
	for name, values := range params {
		start := len(st.arena)
		st.arena = upperASCII(st.arena, name)
		upper := st.arena[start:]
		switch {
		case isSignature(upper):
			st.arena = st.arena[:start]
			if len(values) > 1 {
				return &ParameterError{Name: truncate(name, 40), Err: ErrAmbiguousParameter}
			}
			if len(values) == 1 && values[0] != "" {
				// SHASIGN and SHASIGNATURE.SHASIGN both filled: which one
				// would a reader check?
				if signatures++; signatures > 1 {
					return &ParameterError{Name: truncate(name, 40), Err: ErrAmbiguousParameter}
				}
				st.signature = values[0]
			}
			if skipped != nil {
				*skipped = append(*skipped, Skipped{Name: name, Reason: SkipSignature})
			}
			continue
		case dir == Out && !isSHAOut(upper):
			st.arena = st.arena[:start]
			if skipped != nil {
				*skipped = append(*skipped, Skipped{Name: name, Reason: SkipNotSHAOut})
			}
			continue
		case len(values) > 1:
			return &ParameterError{Name: truncate(name, 40), Err: ErrAmbiguousParameter}
		}
		value := ""
		if len(values) == 1 {
			value = values[0]
		}
		if value == "" && skipped != nil {
			*skipped = append(*skipped, Skipped{Name: name, Reason: SkipEmpty})
		}
		var dispute disputeSet
		if dir == Out {
			dispute = disputeOf(upper)
		}
		st.entries = append(st.entries, entry{start: start, end: len(st.arena), value: value, dispute: dispute})
	}
	for i := range st.entries {
		e := &st.entries[i]
		e.name = st.arena[e.start:e.end:e.end]
	}
	// Sort plain integers, not entries with a comparison function: each
	// packs the collation keys of a name's first six bytes above the
	// entry's index. Most names differ within six bytes, so one integer
	// sort orders them; runs that tie are finished by the full comparison.
	entries := st.entries
	if len(entries) > maxParameters {
		return ErrTooManyParameters
	}
	st.order = st.order[:0]
	for i := range entries {
		st.order = append(st.order, keyPrefix(entries[i].name)<<16|uint64(i))
	}
	slices.Sort(st.order)
	for i := 0; i < len(st.order); {
		j := i + 1
		for j < len(st.order) && st.order[j]>>16 == st.order[i]>>16 {
			j++
		}
		if j-i > 1 {
			run := st.order[i:j]
			for k := 1; k < len(run); k++ {
				for m := k; m > 0 && compareNames(entries[uint16(run[m-1])].name, entries[uint16(run[m])].name) >= 0; m-- {
					if bytes.Equal(entries[uint16(run[m-1])].name, entries[uint16(run[m])].name) {
						name := entries[uint16(run[m])].name
						return &ParameterError{Name: truncate(string(name), 40), Err: ErrAmbiguousParameter}
					}
					run[m-1], run[m] = run[m], run[m-1]
				}
			}
		}
		i = j
	}
	return nil
}

// maxParameters bounds a parameter set so that an entry's index fits the
// 16 bits collect packs it in. Real requests have a few dozen.
const maxParameters = 1<<16 - 1

// keyPrefix packs the collation keys of a name's first six bytes so that
// integer order is the names' order wherever the prefixes differ. A short
// name pads with 0, the key of '_': "AB" and "AB_" tie here and are told
// apart by the full comparison.
func keyPrefix(name []byte) uint64 {
	var p uint64
	for i := 0; i < 6; i++ {
		p <<= 8
		if i < len(name) {
			p |= uint64(collationKey(name[i]))
		}
	}
	return p
}

// appendLatin1 appends s as ISO-8859-1 bytes, reporting false if s holds a
// character that encoding cannot write or is not valid UTF-8.
func appendLatin1(dst []byte, s string) ([]byte, bool) {
	for _, r := range s {
		if r > 0xFF || r == utf8.RuneError {
			return dst, false
		}
		dst = append(dst, byte(r))
	}
	return dst, true
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

// Skipped is a parameter left out of a digest, as Canonicalize reports it.
type Skipped struct {
	Name   string // as received
	Reason SkipReason
}

// SkipReason says why a parameter is not part of a digest.
type SkipReason uint8

const (
	// SkipEmpty: the platform ignores parameters without a value.
	SkipEmpty SkipReason = iota + 1
	// SkipNotSHAOut: the name is not on the SHA-OUT list, so the
	// platform returns it unsigned.
	SkipNotSHAOut
	// SkipSignature: the parameter is the signature itself.
	SkipSignature
	// SkipDisputed: the name is on the SHA-OUT list under one reading
	// only (see DisputedSHAOutParameters) and the platform's published
	// list leaves it out.
	SkipDisputed
)

// String explains the reason in a few words.
func (r SkipReason) String() string {
	switch r {
	case SkipEmpty:
		return "empty value"
	case SkipNotSHAOut:
		return "not on the SHA-OUT list"
	case SkipSignature:
		return "the signature itself"
	case SkipDisputed:
		return "disputed SHA-OUT name, not on the published list"
	}
	return fmt.Sprintf("SkipReason(%d)", uint8(r))
}

// Field is one NAME=value pair of a string to hash.
type Field struct {
	Name  string // uppercased
	Value string
}

// Canonical is the ordered content of a digest, for people debugging a
// signature mismatch. It holds the values, which may be personal data; show
// it with care.
type Canonical struct {
	Fields  []Field   // in digest order
	Skipped []Skipped // in the order the names sort
}

// Canonicalize returns what a digest in direction dir covers, and what it
// leaves out and why. It applies exactly the rules the Signer applies.
func Canonicalize(dir Direction, params url.Values) (*Canonical, error) {
	var st state
	c := &Canonical{}
	if err := collect(&st, dir, params, &c.Skipped); err != nil {
		return nil, err
	}
	for _, o := range st.order {
		e := st.entries[uint16(o)]
		switch {
		case e.value == "":
		case e.dispute&^publishedReading != 0:
			c.Skipped = append(c.Skipped, Skipped{Name: string(e.name), Reason: SkipDisputed})
		default:
			c.Fields = append(c.Fields, Field{Name: string(e.name), Value: e.value})
		}
	}
	slices.SortFunc(c.Skipped, func(a, b Skipped) int {
		return Compare(strings.ToUpper(a.Name), strings.ToUpper(b.Name))
	})
	return c, nil
}

// StringToHash joins the fields as the platform does, NAME=value followed by
// passphrase for each. Pass a placeholder such as "<passphrase>" to show the
// string without the secret.
func (c *Canonical) StringToHash(passphrase string) string {
	var b strings.Builder
	for _, f := range c.Fields {
		b.WriteString(f.Name)
		b.WriteByte('=')
		b.WriteString(f.Value)
		b.WriteString(passphrase)
	}
	return b.String()
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
