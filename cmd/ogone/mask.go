package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/pan"
	"github.com/gogone/ogone/internal/signed"
	"github.com/gogone/ogone/ogone"
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
// passphrase (as an ogone.Secret, which never prints) so that a value that
// happens to contain it is hidden too.
type redactor struct {
	passphrase ogone.Secret
}

// value returns what may be printed of parameter name's value.
func (r redactor) value(name, value string) string {
	// Names compare as the signer compares them: ASCII letters only, so
	// "ſ" is not "S".
	upper := signed.UpperASCII(name)
	switch {
	case value == "":
		return ""
	case hiddenNames[upper]:
		return redactedText
	case !r.passphrase.IsZero() && strings.Contains(value, r.passphrase.Reveal()):
		return redactedText
	case cardNumberNames[upper]:
		return printable(ogone.MaskNumber(value).String())
	}
	return printable(pan.MaskInText(value))
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
