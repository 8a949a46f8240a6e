// Package charset is the library's one rule for the single-byte charsets
// the platform uses besides UTF-8: how text is written as ISO-8859-1, and
// how ISO-8859-1 and windows-1252 bytes are read back as Go (UTF-8) strings.
//
// The rule:
//
//   - Writing is strict ISO-8859-1. Each character U+0000 to U+00FF becomes
//     the byte of the same number; U+0080 to U+009F (the C1 controls) become
//     the bytes 0x80 to 0x9F. Any other character, the euro sign and
//     typographic quotes included, cannot be written: AppendLatin1 reports
//     it, and the caller refuses the value. Bytes that are not UTF-8 cannot
//     be written either. This is what the platform's peers do when they hash
//     an ISO-8859-1 string (the official PHP SDK, marlon-ogone,
//     ActiveMerchant, eopayment): none of them writes windows-1252.
//
//   - Bytes a signature covers are read as strict ISO-8859-1 (DecodeLatin1):
//     every byte is the character of the same number, 0x80 to 0x9F included
//     (as C1 controls). It is the exact inverse of writing, so a value read
//     this way and written back gives the signed bytes again, and a genuine
//     signature still verifies whatever bytes it covers.
//
//   - Text no signature covers (DirectLink replies, whose XML declaration or
//     Content-Type says ISO-8859-1, windows-1252, or nothing at all) is read
//     as windows-1252 (DecodeWindows1252), as browsers read the label
//     ISO-8859-1 (the WHATWG encoding standard): the platform's ISO-8859-1
//     text is windows-1252 in practice, and 0x80 is a euro sign far more
//     often than a control character. The five bytes windows-1252 leaves
//     undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as the C1 controls of the
//     same number, as that standard says, so no byte is ever lost.
//
// The two readings differ only on the 27 bytes from 0x80 to 0x9F that
// windows-1252 defines; on every other byte they agree with each other and
// with writing.
package charset

import "unicode/utf8"

// AppendLatin1 appends s written in ISO-8859-1 to dst. It reports false,
// with dst as far as it got, when s holds a character outside U+0000 to
// U+00FF or bytes that are not UTF-8 (a literal U+FFFD is outside too).
func AppendLatin1[T string | []byte](dst []byte, s T) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := decodeRune(s[i:])
		if r > 0xFF { // utf8.RuneError, for bad bytes, is above 0xFF too
			return dst, false
		}
		dst = append(dst, byte(r))
		i += size
	}
	return dst, true
}

// AppendLatin1Lossy appends s written in ISO-8859-1 to dst, writing '?' for
// each character (or byte that is not UTF-8) that ISO-8859-1 cannot hold.
// It is for text that must go out whatever it holds and that nothing signs.
func AppendLatin1Lossy(dst []byte, s string) []byte {
	for _, r := range s {
		if r > 0xFF {
			r = '?'
		}
		dst = append(dst, byte(r))
	}
	return dst
}

// DecodeLatin1 reads s as ISO-8859-1 bytes: each byte is the character of
// the same number. It returns s itself when s is ASCII.
func DecodeLatin1(s string) string {
	i := asciiPrefix(s)
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s)+(len(s)-i))
	copy(b, s[:i])
	return string(AppendDecodedLatin1(b, s[i:]))
}

// AppendDecodedLatin1 appends s read as ISO-8859-1, as DecodeLatin1 reads
// it, to dst.
func AppendDecodedLatin1[T string | []byte](dst []byte, s T) []byte {
	for i := 0; i < len(s); i++ {
		dst = utf8.AppendRune(dst, rune(s[i]))
	}
	return dst
}

// DecodeWindows1252 reads b as windows-1252 (see the package doc for the
// five undefined bytes). It allocates only the returned string.
func DecodeWindows1252(b []byte) string {
	i := asciiPrefix(b)
	if i == len(b) {
		return string(b)
	}
	out := make([]byte, i, len(b)+2*(len(b)-i))
	copy(out, b[:i])
	for _, c := range b[i:] {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xA0:
			out = utf8.AppendRune(out, windows1252High[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return string(out)
}

// windows1252High is what windows-1252 puts at the bytes 0x80 to 0x9F,
// where it differs from ISO-8859-1; the undefined bytes keep their C1
// control.
var windows1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

func decodeRune[T string | []byte](s T) (rune, int) {
	var b [utf8.UTFMax]byte
	return utf8.DecodeRune(b[:copy(b[:], s)])
}

func asciiPrefix[T string | []byte](s T) int {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}
