package shasign

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"strings"
)

// Algorithm is the hash function the merchant chose in the platform's
// back office ("Global security parameters"). Its zero value is not a valid
// algorithm, so a forgotten setting fails loudly instead of signing with a
// default the account does not use.
type Algorithm uint8

// The hash functions the platform offers. SHA512 is the one it recommends.
const (
	SHA1 Algorithm = iota + 1
	SHA256
	SHA512
)

// ParseAlgorithm reads an algorithm name as people write it: "sha1", "SHA-1",
// "sha-256", "SHA512", "Sha_512", in any case.
func ParseAlgorithm(name string) (Algorithm, error) {
	n := strings.ToUpper(strings.TrimSpace(name))
	n = strings.NewReplacer("-", "", "_", "").Replace(n)
	switch n {
	case "SHA1":
		return SHA1, nil
	case "SHA256":
		return SHA256, nil
	case "SHA512":
		return SHA512, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownAlgorithm, truncate(name, 16))
}

// String returns the name the platform's back office uses: "SHA-1", "SHA-256"
// or "SHA-512".
func (a Algorithm) String() string {
	switch a {
	case SHA1:
		return "SHA-1"
	case SHA256:
		return "SHA-256"
	case SHA512:
		return "SHA-512"
	}
	return fmt.Sprintf("Algorithm(%d)", uint8(a))
}

// Valid reports whether a is one of SHA1, SHA256 or SHA512.
func (a Algorithm) Valid() bool { return a >= SHA1 && a <= SHA512 }

// DigestLen is the length of a's digest written as hex: 40, 64 or 128.
// It is 0 for an invalid algorithm.
func (a Algorithm) DigestLen() int { return 2 * a.size() }

// MarshalText writes the algorithm as String does, so configuration files
// and JSON show "SHA-512" rather than a number.
func (a Algorithm) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownAlgorithm, uint8(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText accepts every spelling ParseAlgorithm accepts.
func (a *Algorithm) UnmarshalText(text []byte) error {
	v, err := ParseAlgorithm(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

func (a Algorithm) size() int {
	switch a {
	case SHA1:
		return sha1.Size
	case SHA256:
		return sha256.Size
	case SHA512:
		return sha512.Size
	}
	return 0
}

// sum hashes msg into dst, which must have room for a.size() bytes, and
// returns the written part. The fixed-size Sum functions keep the digest on
// the stack, which is what lets signing run without allocating.
func (a Algorithm) sum(dst *[sha512.Size]byte, msg []byte) []byte {
	switch a {
	case SHA1:
		s := sha1.Sum(msg)
		copy(dst[:], s[:])
		return dst[:sha1.Size]
	case SHA256:
		s := sha256.Sum256(msg)
		copy(dst[:], s[:])
		return dst[:sha256.Size]
	default:
		*dst = sha512.Sum512(msg)
		return dst[:sha512.Size]
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
