package ogone

import (
	"strings"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/charset"
)

// decodeReply returns the reply as UTF-8 text, following its XML
// declaration's encoding, or guessing windows-1252 when there is none and
// the bytes are not UTF-8. Windows-1252 is read as internal/charset
// decides: the platform's "ISO-8859-1" replies are windows-1252 in
// practice, and browsers read that label so.
func decodeReply(body []byte) (string, error) {
	body = trimBOM(body)
	enc, err := declaredEncoding(body)
	if err != nil {
		return "", err
	}
	switch enc {
	case encLatin1:
		return charset.DecodeWindows1252(body), nil
	case encUTF8:
		if !utf8.Valid(body) {
			return "", malformed(-1, "reply declared UTF-8 is not valid UTF-8")
		}
		return string(body), nil
	}
	if utf8.Valid(body) {
		return string(body), nil
	}
	return charset.DecodeWindows1252(body), nil
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

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
