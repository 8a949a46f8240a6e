package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// redactedText replaces a value that must never be shown.
const redactedText = "<redacted>"

// hiddenNames are parameters whose values are never shown at all: the card
// verification code, the expiry date and the API user's password. FlexCheckout
// spells the first two with dotted names.
var hiddenNames = map[string]bool{
	"CVC": true, "ED": true, "PSWD": true,
	"CARD.CVC": true, "CARD.EXPIRYDATE": true,
}

// cardNumberNames are parameters holding a card number, masked whatever
// their content (feedback carries them masked already; requests do not).
var cardNumberNames = map[string]bool{
	"CARDNO": true, "CARD.CARDNUMBER": true,
}

// redactor decides what of a value may be printed. It also holds the
// passphrase so that a value that happens to contain it is hidden too.
type redactor struct {
	passphrase string
}

// value returns what may be printed of parameter name's value.
func (r redactor) value(name, value string) string {
	upper := asciiUpper(name)
	switch {
	case value == "":
		return ""
	case hiddenNames[upper]:
		return redactedText
	case r.passphrase != "" && strings.Contains(value, r.passphrase):
		return redactedText
	case cardNumberNames[upper]:
		return printable(maskCardNumber(value))
	}
	return printable(maskPANs(value))
}

// printable escapes what a terminal should not receive from untrusted
// input: bytes that are not UTF-8 (ISO-8859-1 feedback shows as \xE9) and
// control characters, which could rewrite the screen.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, "\\x%02X", s[i])
		case !unicode.IsPrint(r) && r != ' ':
			b.WriteString(strings.Trim(strconv.QuoteToASCII(string(r)), `"`))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// maskCardNumber keeps the last four characters and writes X for the rest,
// the way the platform masks CARDNO in its feedback (XXXXXXXXXXXX1111).
func maskCardNumber(v string) string {
	r := []rune(v)
	keep := 4
	if len(r) <= 8 {
		keep = 0 // too short to be masked and still hide anything
	}
	var b strings.Builder
	for i := range r {
		if i < len(r)-keep {
			b.WriteByte('X')
		} else {
			b.WriteRune(r[i])
		}
	}
	return b.String()
}

// maskPANs masks every run of 12 to 19 digits that passes the Luhn check,
// the shape of a card number, keeping its last four digits. Digits may be
// grouped by single spaces or hyphens, as people type card numbers.
func maskPANs(s string) string {
	var out []byte // allocated only when something is masked
	i := 0
	for i < len(s) {
		if !isDigit(s[i]) {
			i++
			continue
		}
		start, end, digits := i, i, 0
		for j := i; j < len(s); j++ {
			if isDigit(s[j]) {
				digits++
				end = j + 1
				continue
			}
			if (s[j] == ' ' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]) {
				continue
			}
			break
		}
		if digits >= 12 && digits <= 19 && luhn(s[start:end]) {
			if out == nil {
				out = []byte(s)
			}
			seen := 0
			for j := end - 1; j >= start; j-- {
				if isDigit(out[j]) {
					if seen >= 4 {
						out[j] = 'X'
					}
					seen++
				}
			}
		}
		i = end
	}
	if out == nil {
		return s
	}
	return string(out)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// luhn reports whether the digits of s (other bytes ignored) pass the Luhn
// check that every card number satisfies.
func luhn(s string) bool {
	sum, double := 0, false
	for i := len(s) - 1; i >= 0; i-- {
		if !isDigit(s[i]) {
			continue
		}
		d := int(s[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
