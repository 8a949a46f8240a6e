package ogone

import (
	"strings"
	"unicode/utf8"
)

// decodeReply returns the reply as UTF-8 text, following its XML
// declaration's encoding, or guessing windows-1252 when there is none and
// the bytes are not UTF-8.
func decodeReply(body []byte) (string, error) {
	body = trimBOM(body)
	enc, err := declaredEncoding(body)
	if err != nil {
		return "", err
	}
	switch enc {
	case encLatin1:
		return windows1252ToUTF8(body), nil
	case encUTF8:
		if !utf8.Valid(body) {
			return "", malformed(-1, "reply declared UTF-8 is not valid UTF-8")
		}
		return string(body), nil
	}
	if utf8.Valid(body) {
		return string(body), nil
	}
	return windows1252ToUTF8(body), nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

type encoding uint8

const (
	encNone encoding = iota
	encUTF8
	encLatin1
)

// declaredEncoding reads the encoding of an XML declaration at the start of
// body (after white space, for tolerance).
func declaredEncoding(body []byte) (encoding, error) {
	i := 0
	for i < len(body) && isSpace(body[i]) {
		i++
	}
	rest := body[i:]
	if len(rest) < 6 || string(rest[:5]) != "<?xml" || !isSpace(rest[5]) {
		return encNone, nil
	}
	end := strings.Index(string(rest[:min(len(rest), 512)]), "?>")
	if end < 0 {
		return encNone, malformed(i, "XML declaration not closed")
	}
	decl := string(rest[5:end])
	k := strings.Index(decl, "encoding")
	if k < 0 {
		return encNone, nil
	}
	v := strings.TrimLeft(decl[k+len("encoding"):], " \t\r\n")
	if v == "" || v[0] != '=' {
		return encNone, malformed(i, "XML declaration: encoding without value")
	}
	v = strings.TrimLeft(v[1:], " \t\r\n")
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return encNone, malformed(i, "XML declaration: encoding without quotes")
	}
	closing := strings.IndexByte(v[1:], v[0])
	if closing < 0 {
		return encNone, malformed(i, "XML declaration: encoding not closed")
	}
	switch strings.ToLower(v[1 : 1+closing]) {
	case "utf-8", "utf8":
		return encUTF8, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
		"windows-1252", "cp1252", "us-ascii", "ascii":
		return encLatin1, nil
	}
	return encNone, malformed(i, "XML declaration names an unsupported encoding")
}

// cp1252High maps the bytes 0x80 to 0x9F of windows-1252, where it differs
// from ISO-8859-1. Bytes it leaves undefined keep their ISO-8859-1 (C1
// control) meaning, as the WHATWG encoding standard says.
var cp1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// windows1252ToUTF8 decodes windows-1252, which the platform's
// "ISO-8859-1" replies are in practice (and what browsers read that label
// as).
func windows1252ToUTF8(b []byte) string {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b)+2*n)
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xA0:
			out = utf8.AppendRune(out, cp1252High[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return string(out)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
