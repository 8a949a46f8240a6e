package shasign

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Skipped is a parameter left out of a digest, as Canonicalize reports it.
type Skipped struct {
	Name   string // as received
	Reason SkipReason
}

// IsSignatureParameter reports whether a parameter of this name, in any
// case, carries the digest rather than being covered by it: SHASIGN, and
// FlexCheckout's SHASIGNATURE.SHASIGN. Names are uppercased ASCII only, as
// the signer does: "ſhasign" (with U+017F) is not a signature.
func IsSignatureParameter(name string) bool {
	var buf [32]byte
	return len(name) <= len(buf) && isSignature(upperASCII(buf[:0], name))
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
		switch e := st.entries[uint16(o)]; {
		case e.value == "":
		case e.dispute&^publishedReading != 0:
			c.Skipped = append(c.Skipped, Skipped{Name: string(st.name(o)), Reason: SkipDisputed})
		default:
			c.Fields = append(c.Fields, Field{Name: string(st.name(o)), Value: e.value})
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

// Digest returns the digest of the fields under alg, enc and passphrase, in
// uppercase hex: NAME=value followed by the passphrase for each field, the
// whole string written in enc. The fields are hashed as they are, in their
// order and with their names as written: Canonicalize gives the platform's
// order, and a Canonical made by hand gives any other, which is what a
// diagnosis of someone else's digest needs. A Canonicalize result gives
// the digest the Signer gives.
//
// It fails with ErrUnknownAlgorithm, ErrEmptyPassphrase, or ErrUnencodable
// (a *ParameterError naming the field, or the passphrase) as NewSigner and
// the Signer's methods do.
func (c *Canonical) Digest(alg Algorithm, enc Encoding, passphrase string) (string, error) {
	var sum [sha512Size]byte
	d, err := c.sum(&sum, alg, enc, passphrase)
	if err != nil {
		return "", err
	}
	return string(encodeUpperHex(make([]byte, 0, 2*len(d)), d)), nil
}

// Verify checks signature against the fields' digest (see Digest) as the
// Signer does: in either hex case, in constant time. It returns
// ErrMissingSignature for an empty signature and ErrSignatureMismatch when
// it differs.
func (c *Canonical) Verify(alg Algorithm, enc Encoding, passphrase, signature string) error {
	var sum, given [sha512Size]byte
	d, err := c.sum(&sum, alg, enc, passphrase)
	if err != nil {
		return err
	}
	return compareDigest(d, signature, &given)
}

func (c *Canonical) sum(dst *[sha512Size]byte, alg Algorithm, enc Encoding, passphrase string) ([]byte, error) {
	s, err := NewSigner(alg, passphrase, WithEncoding(enc))
	if err != nil {
		return nil, err
	}
	var msg []byte
	for _, f := range c.Fields {
		if msg, err = appendPair(s, msg, f.Name, f.Value); err != nil {
			return nil, err
		}
	}
	return alg.sum(dst, msg), nil
}
