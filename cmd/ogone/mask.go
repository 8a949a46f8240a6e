package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	upper := asciiUpper(name)
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

// maskPANs masks every card-number-shaped part of s: 12 to 19 digits that
// pass the Luhn check, written in one piece or in groups joined by single
// spaces or hyphens, as people type them. The last four digits stay.
// Longer unbroken digit runs are left alone: they are references, and a
// window inside one would pass Luhn one time in ten.
func maskPANs(s string) string {
	type group struct{ start, end int } // a run of digits, s[start:end]
	var out []byte                      // allocated only when something is masked
	var chain []group                   // groups joined by single separators
	flush := func() {
		for a := 0; a < len(chain); a++ {
			// The longest qualifying window starting at a. At most 19
			// digits fit one, which bounds the work per group.
			best, digits := -1, 0
			for b := a; b < len(chain); b++ {
				if digits += chain[b].end - chain[b].start; digits > 19 {
					break
				}
				if digits >= 12 && luhn(s[chain[a].start:chain[b].end]) {
					best = b
				}
			}
			if best < 0 {
				continue
			}
			if out == nil {
				out = []byte(s)
			}
			// Mask all but the window's last four digits. Those four
			// digits, and the groups after them, may still form another
			// card number: carry on from them so that masking twice
			// changes nothing more.
			from := chain[a].start
			kept, tail := 0, best
			for k := best; k >= a && kept < 4; k-- {
				start := chain[k].start
				for j := chain[k].end - 1; j >= start && kept < 4; j-- {
					kept++
					chain[k].start = j
				}
				tail = k
			}
			for j := from; j < chain[tail].start; j++ {
				if isDigit(out[j]) {
					out[j] = 'X'
				}
			}
			chain = chain[tail:]
			a = -1
		}
		chain = chain[:0]
	}
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if len(chain) > 0 {
			last := chain[len(chain)-1]
			if i != last.end+1 || (s[last.end] != ' ' && s[last.end] != '-') {
				flush()
			}
		}
		chain = append(chain, group{i, j})
		i = j
	}
	flush()
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
