// Package pan finds and masks payment card numbers (PANs): the one home of
// the masking rule for the library and its tools.
//
// A masked number keeps its last four digits and shows X for every other
// digit, as the platform writes CARDNO in its feedback:
// "XXXXXXXXXXXX1111".
package pan

// Mask returns s, a value known to be a card number, with every character
// but the last four digits replaced by X, so that nothing but those four
// digits survives ("xxxxxxxxxxxx1111" and "411111XXXXXX1111" both give
// "XXXXXXXXXXXX1111"). Spaces and dashes stay where they are, so that a
// number typed in groups keeps its shape: Mask("4111 1111 1111 1111") is
// "XXXX XXXX XXXX 1111". A value of four characters or fewer (separators
// aside) is returned as it is; masking twice changes nothing more.
func Mask(s string) string {
	chars, digits := 0, 0
	for _, r := range s {
		if r != ' ' && r != '-' {
			chars++
		}
		if r < 0x80 && isDigit(byte(r)) {
			digits++
		}
	}
	if chars <= 4 {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r == ' ' || r == '-':
			b = append(b, byte(r))
		case r < 0x80 && isDigit(byte(r)):
			if digits <= 4 {
				b = append(b, byte(r))
			} else {
				b = append(b, 'X')
			}
			digits--
		default:
			b = append(b, 'X')
		}
	}
	return string(b)
}

// Shortest and longest card numbers, in digits (ISO/IEC 7812).
const (
	MinDigits = 12
	MaxDigits = 19
)

// MaskInText masks every card number in free text, such as a platform's
// error message: 12 to 19 digits that pass the Luhn check, written in one
// piece or in groups joined by single spaces or hyphens ("4111 1111 1111
// 1111", "5555-5555-5555-4444"). Only the digits change (see Mask); the
// text keeps its length. Where groups could form numbers in several ways,
// the longest one starting at the earliest group wins.
//
// An unbroken run of more than 19 digits is left alone: it is a reference
// of some kind, and any 16-digit window inside it passes the Luhn check
// one time in ten. Digits joined by anything else (a dot, two spaces, a
// letter) are separate groups. s is returned unchanged, without
// allocating, when it holds no card number.
func MaskInText(s string) string {
	var out []byte   // made on the first number found
	var buf [8]group // groups of the current chain, usually enough
	groups := buf[:0]
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if n := len(groups); n > 0 && !joined(s, groups[n-1].end, i) {
			out = maskGroups(s, out, groups)
			groups = groups[:0]
		}
		groups = append(groups, group{i, j})
		i = j
	}
	out = maskGroups(s, out, groups)
	if out == nil {
		return s
	}
	return string(out)
}

// group is a run of digits, s[start:end].
type group struct{ start, end int }

// joined reports whether a group ending at end and one starting at next
// are parts of one number: a single space or hyphen between them.
func joined(s string, end, next int) bool {
	return next == end+1 && (s[end] == ' ' || s[end] == '-')
}

// maskGroups masks the card numbers made of consecutive groups of a chain,
// writing into out (a copy of s, made when first needed), and returns out.
func maskGroups(s string, out []byte, chain []group) []byte {
	for a := 0; a < len(chain); {
		last := longestNumber(s, chain, a)
		if last < 0 {
			a++
			continue
		}
		if out == nil {
			out = []byte(s)
		}
		// X every digit of chain[a..last] but the last four.
		keep := 4
		k := last
		for ; k >= a; k-- {
			n := chain[k].end - chain[k].start
			if n >= keep {
				break
			}
			keep -= n
		}
		split := chain[k].end - keep // the first kept digit; keep is 1 to 4
		for j := chain[a].start; j < split; j++ {
			if isDigit(out[j]) {
				out[j] = 'X'
			}
		}
		// The kept digits and the groups after them may still hold
		// another number: go on from the group that holds them, as if it
		// began there, so that masking twice changes nothing more.
		chain[k].start = split
		a = k
	}
	return out
}

// longestNumber returns the index of the last group of the longest card
// number that starts at chain[a], or -1 when none does.
func longestNumber(s string, chain []group, a int) int {
	best, digits := -1, 0
	for b := a; b < len(chain); b++ {
		if digits += chain[b].end - chain[b].start; digits > MaxDigits {
			break
		}
		if digits >= MinDigits && Luhn(s[chain[a].start:chain[b].end]) {
			best = b
		}
	}
	return best
}

// Luhn reports whether the digits of s pass the Luhn (mod 10) check that
// every card number satisfies. Bytes other than ASCII digits are skipped,
// so that a number in groups can be checked as written; a string without
// digits passes.
func Luhn(s string) bool {
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

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
