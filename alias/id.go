package alias

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"strconv"

	"github.com/gogone/ogone/ogone"
)

// MaxIDLength is the longest alias id the platform stores: 50 characters.
const MaxIDLength = ogone.MaxAliasLength

// randomIDLength is the length of the random part NewID writes: 16 bytes
// (128 bits) from crypto/rand in unpadded base32.
const randomIDLength = 26

// MaxPrefixLength is the longest prefix NewID accepts, so that prefix and
// random part fit in MaxIDLength.
const MaxPrefixLength = MaxIDLength - randomIDLength

// IDError reports why an alias id (or a prefix for one) is not one the
// platform accepts. Like strconv.NumError it says where the problem is, but
// it never holds the id: an id is the key to a stored card.
//
// errors.Is matches it against ErrInvalidID, which is ogone.ErrInvalidAlias.
type IDError struct {
	Length  int  // the id's length in bytes
	Index   int  // byte offset of the first character not allowed, or -1
	Prefix  bool // the prefix given to NewID was at fault, not a whole id
	TooLong bool // longer than the limit (MaxIDLength, or MaxPrefixLength for a prefix)
}

func (e *IDError) Error() string {
	what := "alias: invalid id: "
	if e.Prefix {
		what = "alias: invalid id prefix: "
	}
	switch {
	case e.Length == 0 && !e.Prefix:
		return what + "empty"
	case e.TooLong:
		limit := MaxIDLength
		if e.Prefix {
			limit = MaxPrefixLength
		}
		return what + strconv.Itoa(e.Length) + " bytes, at most " + strconv.Itoa(limit)
	case e.Index >= 0:
		return what + "character not allowed at byte " + strconv.Itoa(e.Index) + " (want A-Z, a-z, 0-9, _ and -)"
	}
	return what + "want 1 to 50 characters of A-Z, a-z, 0-9, _ and -"
}

// Is makes errors.Is(err, ErrInvalidID) true: the same as
// errors.Is(err, ogone.ErrInvalidAlias), so that code written against the
// hosted page check catches this one too.
func (e *IDError) Is(target error) bool { return target == ErrInvalidID }

// ValidateID checks an alias id: 1 to 50 characters of A-Z, a-z, 0-9, '_'
// and '-', what the platform accepts in ALIAS and ALIAS.ALIASID. The error
// is an *IDError.
func ValidateID(id string) error {
	switch {
	case id == "":
		return &IDError{Index: -1}
	case len(id) > MaxIDLength:
		return &IDError{Length: len(id), Index: -1, TooLong: true}
	}
	if i := firstInvalidIDByte(id); i >= 0 {
		return &IDError{Length: len(id), Index: i}
	}
	return nil
}

// firstInvalidIDByte returns the offset of the first byte outside
// [A-Za-z0-9_-], or -1.
func firstInvalidIDByte(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return i
		}
	}
	return -1
}

// idEncoding writes the random part in uppercase letters and digits 2 to 7:
// only characters the platform allows, and no two ids that differ only in
// case, in case some system on the way compares ids case-insensitively.
var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// randReader is crypto/rand's reader; tests replace it to exercise failure.
var randReader io.Reader = rand.Reader

// NewID returns a new alias id: prefix followed by 26 characters that
// encode 128 bits from crypto/rand, such as "cust42-" +
// "K5QW3V7HXJ2M4RZBT6NAYCPLDE". The prefix (at most MaxPrefixLength = 24
// characters of A-Z, a-z, 0-9, '_' and '-', and possibly empty) lets the
// shop recognise its ids in the platform's back office; it must not hold
// personal data, since the id travels in URLs.
//
// An alias id is the key to a stored card: anyone who can guess one can
// try to charge it through a shop that accepts ids from outside. Sequential
// or time-based ids are guessable; these are not. The error is an *IDError
// for a bad prefix, or the random source's error.
func NewID(prefix string) (string, error) {
	if len(prefix) > MaxPrefixLength {
		return "", &IDError{Length: len(prefix), Index: -1, Prefix: true, TooLong: true}
	}
	if i := firstInvalidIDByte(prefix); i >= 0 {
		return "", &IDError{Length: len(prefix), Index: i, Prefix: true}
	}
	var raw [16]byte
	if _, err := io.ReadFull(randReader, raw[:]); err != nil {
		return "", fmt.Errorf("alias: no random id: %w", err)
	}
	buf := make([]byte, len(prefix)+randomIDLength)
	copy(buf, prefix)
	idEncoding.Encode(buf[len(prefix):], raw[:])
	return string(buf), nil
}
