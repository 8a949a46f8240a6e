// Package signed reads parameters that the platform signed with SHA-OUT:
// transaction feedback (package feedback) and alias registration results
// (package alias). It is the one place that decides which received
// parameters a verified digest covered, how many parameters are read at
// all, and how their bytes become Go strings.
package signed

import (
	"fmt"
	"net/url"
	"sync"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/charset"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// MaxParams bounds how many parameters (values, counting repeats) Read
// accepts. Anyone holding a genuine result URL can append unsigned
// parameters without breaking its signature, so their number is bounded
// before any work is done on them.
const MaxParams = 1000

// Encoding says how values become Go strings once their signature checked
// out. The signature is always checked over the bytes as received.
type Encoding uint8

const (
	// Raw keeps signed values as received; the caller validates them.
	Raw Encoding = iota
	// Auto reads UTF-8, or ISO-8859-1 when a signed name or value is not
	// valid UTF-8 or the digest covers the passphrase in ISO-8859-1 (see
	// AddKey). Unsigned parameters never take part in the guess.
	Auto
	// UTF8 reads UTF-8 and refuses a signed value that is not.
	UTF8
	// Latin1 reads ISO-8859-1.
	Latin1
)

// Reader verifies and reads signed results. The zero Reader has no key and
// refuses everything.
type Reader struct {
	// Keys are the signers tried, in order, over the bytes as received.
	// AddKey fills it: the current SHA-OUT key first, then the previous
	// one, which is tried only when the current does not match. A signer
	// added directly counts as a UTF-8 one, and as the previous key unless
	// it is the first.
	Keys     []*shasign.Signer
	Encoding Encoding
	// InvalidEncoding is the sentinel of the *ogone.FieldError returned
	// under UTF8 for a signed value that is not UTF-8.
	InvalidEncoding error

	kinds []keyKind           // what AddKey made each of Keys for
	algs  []shasign.Algorithm // one for each AddKey
}

// keyKind says which key a signer of Reader.Keys stands for, and in which
// charset its passphrase is written.
type keyKind struct {
	previous bool
	latin1   bool
}

// AddKey adds the SHA-OUT key alg and passphrase: the first key added is
// the current one, a second the previous one. Set Encoding first.
//
// The platform hashes an ISO-8859-1 result as one ISO-8859-1 string,
// passphrase included, and a UTF-8 result as UTF-8. Signers here hash the
// values as received (ISO-8859-1 bytes arrive as such), so a key becomes a
// signer with the passphrase in UTF-8, one with the passphrase in
// ISO-8859-1 (charset.AppendLatin1, the rule shasign's ISO88591 signer
// follows), or both: under Latin1 the ISO-8859-1 one only, and a
// passphrase ISO-8859-1 cannot write is shasign.ErrUnencodable; under
// UTF8 the UTF-8 one only; under Auto and Raw both, the ISO-8859-1 one
// only when it differs (a passphrase that is not ASCII) and can be written.
// A result that only the ISO-8859-1 one verifies is read as ISO-8859-1
// under Auto.
func (r *Reader) AddKey(alg shasign.Algorithm, passphrase string) error {
	prev := len(r.algs) > 0
	latin1, ok := charset.AppendLatin1(nil, passphrase)
	if r.Encoding != Latin1 {
		s, err := shasign.NewSigner(alg, passphrase)
		if err != nil {
			return err
		}
		r.add(s, keyKind{previous: prev})
	}
	switch {
	case r.Encoding == Latin1 && !ok:
		return fmt.Errorf("%w: the passphrase", shasign.ErrUnencodable)
	case r.Encoding == Latin1, r.Encoding != UTF8 && ok && string(latin1) != passphrase:
		s, err := shasign.NewSigner(alg, string(latin1))
		if err != nil {
			return err
		}
		r.add(s, keyKind{previous: prev, latin1: true})
	}
	r.algs = append(r.algs, alg)
	return nil
}

func (r *Reader) add(s *shasign.Signer, k keyKind) {
	r.Keys = append(r.Keys, s)
	r.kinds = append(r.kinds, k)
}

// Algorithms returns the algorithm of each key AddKey added, the current
// one first.
func (r *Reader) Algorithms() []shasign.Algorithm { return r.algs }

// kind returns what Keys[i] stands for.
func (r *Reader) kind(i int) keyKind {
	if i < len(r.kinds) {
		return r.kinds[i]
	}
	return keyKind{previous: i > 0}
}

// Result is what Read learnt besides the signed values.
type Result struct {
	// PreviousKey is true when a key other than the first matched.
	PreviousKey bool
	// Unsigned holds the parameters the matching digest did not cover,
	// under their ASCII-uppercased names, nil when there is none. Values
	// that are not UTF-8 are read as ISO-8859-1, each on its own.
	Unsigned url.Values
}

// Read bounds the number of parameters (shasign.ErrTooManyParameters),
// checks the SHA-OUT signature with each key in turn (the error of
// shasign.VerifyOutEach, unwrapped: a shasign sentinel or a
// *shasign.ParameterError; nothing is allocated for a forged result and fn
// is not called), then calls fn once for every non-empty signed
// parameter, in digest order, with its name uppercased as the signer
// uppercases it (ASCII letters only) and its value decoded. The name's
// bytes are reused after fn returns: switch on string(name), which does
// not allocate, and copy it to keep it.
//
// A parameter counts as signed only when the digest that matched covered
// it: a look-alike name such as "Aliaſ.StorePermanently" is unsigned, and
// so is a disputed SHA-OUT name that the matching reading left out.
// Unsigned parameters go to Result.Unsigned; one given twice, or under two
// spellings of the same name, is an *ogone.FieldError wrapping
// shasign.ErrAmbiguousParameter.
//
// When a signed name or value turns out not to be UTF-8, or the key that
// matched hashed its passphrase in ISO-8859-1, the values are read again
// as ISO-8859-1: Read then calls restart (when not nil), and fn once more
// for every signed parameter. What fn kept from the first pass must be
// dropped in restart, or a name could stay under both spellings.
func (r *Reader) Read(params url.Values, fn func(name []byte, value string), restart func()) (Result, error) {
	n := 0
	for _, values := range params {
		n += max(len(values), 1)
	}
	if n > MaxParams {
		return Result{}, fmt.Errorf("%d parameters: %w", n, shasign.ErrTooManyParameters)
	}
	latin1 := r.Encoding == Latin1
	res, matched, invalid, err := r.read(params, latin1, fn)
	if err != nil || latin1 || r.Encoding == Raw {
		return res, err
	}
	if invalid != "" && r.Encoding != Auto {
		return Result{}, fieldError(invalid, r.InvalidEncoding)
	}
	if invalid != "" || matched.latin1 {
		// A signed name or value is not UTF-8, or the passphrase was
		// hashed in ISO-8859-1: read them all again as ISO-8859-1. This
		// is rare, and keeps the usual case one pass.
		if restart != nil {
			restart()
		}
		res, _, _, err = r.read(params, true, fn)
	}
	return res, err
}

// read verifies params and reads them in one pass, decoding signed values
// as ISO-8859-1 when latin1 is set. It reports the uppercased name of a
// signed parameter whose name or value is not UTF-8 when latin1 is not set
// and the encoding is not Raw: the caller decides what that means.
func (r *Reader) read(params url.Values, latin1 bool, fn func(name []byte, value string)) (res Result, matched keyKind, invalid string, err error) {
	check := !latin1 && r.Encoding != Raw
	buf := namePool.Get().(*[]byte)
	defer namePool.Put(buf)
	m, err := shasign.VerifyOutEach(params, r.Keys, func(upper []byte, value string, covered bool) {
		if check && invalid == "" && !(utf8.Valid(upper) && utf8.ValidString(value)) {
			invalid = string(upper)
		}
		name := upper
		if latin1 {
			*buf = charset.AppendDecodedLatin1((*buf)[:0], upper)
			name = *buf
		}
		if covered {
			fn(name, decode(value, latin1))
			return
		}
		// A disputed name that the matching reading left out.
		res.addUnsigned(string(name), decode(value, latin1 || !utf8.ValidString(value)))
	})
	if err != nil {
		return Result{}, keyKind{}, "", err
	}
	matched = r.kind(m.Key)
	res.PreviousKey = matched.previous
	if m.Unlisted() <= 1 {
		return res, matched, invalid, nil // the signature alone
	}
	for name, values := range params {
		if shasign.IsSignatureParameter(name) || shasign.IsSHAOutParameter(name) {
			continue // the signature, or reported above
		}
		key := decode(UpperASCII(name), latin1 || !utf8.ValidString(name))
		if _, dup := res.Unsigned[key]; dup || len(values) > 1 {
			// The signature settled which signed value counts; for an
			// unsigned one nothing does.
			return Result{}, keyKind{}, "", fieldError(key, shasign.ErrAmbiguousParameter)
		}
		value := ""
		if len(values) == 1 {
			value = decode(values[0], latin1 || !utf8.ValidString(values[0]))
		}
		res.addUnsigned(key, value)
	}
	return res, matched, invalid, nil
}

func (res *Result) addUnsigned(name, value string) {
	if res.Unsigned == nil {
		res.Unsigned = url.Values{}
	}
	res.Unsigned[name] = []string{value}
}

// fieldError builds an *ogone.FieldError, shortening a name that came from
// outside.
func fieldError(name string, err error) *ogone.FieldError {
	const maxName = 40
	if len(name) > maxName {
		name = name[:maxName] + "…"
	}
	return &ogone.FieldError{Field: name, Err: err}
}

// decode reads s as ISO-8859-1 when latin1 is set (every byte is the
// character of the same number) and returns it unchanged otherwise.
func decode(s string, latin1 bool) string {
	if !latin1 {
		return s
	}
	return charset.DecodeLatin1(s)
}

// UpperASCII uppercases ASCII letters only, as the platform and package
// shasign compare names; other bytes stay. It allocates only when s has a
// lowercase letter.
func UpperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'a' <= b[j] && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// namePool holds the buffers Read uppercases signed names into: fn may
// keep what it is given as far as the compiler knows, so a buffer on the
// stack would move to the heap on every call.
var namePool = sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }}
