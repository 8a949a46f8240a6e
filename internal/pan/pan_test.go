package pan

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"4111111111111111", "XXXXXXXXXXXX1111"},
		{"378282246310005", "XXXXXXXXXXX0005"},
		{"4111 1111 1111 1111", "XXXX XXXX XXXX 1111"},
		{"5555-5555-5555-4444", "XXXX-XXXX-XXXX-4444"},
		{"411111XXXXXX1111", "XXXXXXXXXXXX1111"},
		{"XXXXXXXXXXXX1111", "XXXXXXXXXXXX1111"},
		{"xxxxxxxxxxxx1111", "XXXXXXXXXXXX1111"},
		{"4111é1111111111111", "XXXXXXXXXXXXXX1111"},
		{"12345", "X2345"},
		{"1234", "1234"},
		{"", ""},
		{"no digits", "XX XXXXXX"},
		{"abcd", "abcd"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Mask(Mask(tt.in)); again != Mask(tt.in) {
			t.Errorf("Mask twice of %q = %q", tt.in, again)
		}
	}
}

func TestMaskInText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"alone", "4111111111111111", "XXXXXXXXXXXX1111"},
		{"in text", "unknown card 4111111111111111, retry", "unknown card XXXXXXXXXXXX1111, retry"},
		{"after a letter", "CARDNO4111111111111111", "CARDNOXXXXXXXXXXXX1111"},
		{"after =", "CARDNO=4111111111111111&ED=1230", "CARDNO=XXXXXXXXXXXX1111&ED=1230"},
		{"groups of four", "4111 1111 1111 1111", "XXXX XXXX XXXX 1111"},
		{"hyphens", "5555-5555-5555-4444", "XXXX-XXXX-XXXX-4444"},
		{"amex 4-6-5", "3782 822463 10005", "XXXX XXXXXX X0005"},
		{"12 digits", "ref 000000000000 end", "ref XXXXXXXX0000 end"},
		{"19 digits", "6011000990139424009", "XXXXXXXXXXXXXXX4009"},
		{"two numbers", "4111111111111111 5555555555554444", "XXXXXXXXXXXX1111 XXXXXXXXXXXX4444"},
		{"two numbers, comma", "4111111111111111,5555555555554444", "XXXXXXXXXXXX1111,XXXXXXXXXXXX4444"},
		{"fails Luhn", "4111111111111112", "4111111111111112"},
		{"11 digits", "41111111111", "41111111111"},
		{"20-digit reference", "41111111111111114111", "41111111111111114111"},
		{"two spaces break a number", "4111  1111 1111 1111", "4111  1111 1111 1111"},
		{"dot breaks a number", "4111.1111.1111.1111", "4111.1111.1111.1111"},
		{"PAYID", "PAYID 3041658221 STATUS 5", "PAYID 3041658221 STATUS 5"},
		{"NCERROR", "NCERROR 50001111", "NCERROR 50001111"},
		{"date", "2026-12-03 14:01", "2026-12-03 14:01"},
		{"empty", "", ""},
		{"masked already", "XXXXXXXXXXXX1111", "XXXXXXXXXXXX1111"},
		{"UTF-8 around", "carte «4111111111111111» refusée", "carte «XXXXXXXXXXXX1111» refusée"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaskInText(tt.in); got != tt.want {
				t.Errorf("MaskInText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLuhn(t *testing.T) {
	for s, want := range map[string]bool{
		"4111111111111111":    true,
		"4111 1111 1111 1111": true,
		"378282246310005":     true,
		"5555555555554444":    true,
		"4111111111111112":    false,
		"1234567812345678":    false,
		"":                    true,
	} {
		if got := Luhn(s); got != want {
			t.Errorf("Luhn(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMaskInTextDoesNotAllocateWithoutANumber(t *testing.T) {
	s := "unknown orderid order-9999 for merchant MyShop (PAYID 3041658221)"
	if n := testing.AllocsPerRun(100, func() { _ = MaskInText(s) }); n != 0 {
		t.Errorf("MaskInText allocated %v times on text without a card number", n)
	}
}

// FuzzMaskInText: masking keeps the text's length, changes only digits
// (into X), is idempotent, and leaves no unbroken 12-to-19-digit run that
// passes the Luhn check.
func FuzzMaskInText(f *testing.F) {
	for _, s := range []string{
		"4111111111111111", "4111 1111 1111 1111", "a 5555-5555-5555-4444 b",
		"4111111111111111 5555555555554444", "41111111111111114111", "3782 822463 10005",
		"4111111111111111 1111 1111", "", "x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := MaskInText(s)
		if len(out) != len(s) {
			t.Fatalf("length changed: %q -> %q", s, out)
		}
		for i := 0; i < len(s); i++ {
			if out[i] != s[i] && (out[i] != 'X' || !isDigit(s[i])) {
				t.Fatalf("byte %d changed from %q to %q: %q -> %q", i, s[i], out[i], s, out)
			}
		}
		if again := MaskInText(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
		for _, run := range plainRuns(out) {
			if len(run) >= MinDigits && len(run) <= MaxDigits && Luhn(run) {
				t.Fatalf("card number %q left in %q (from %q)", run, out, s)
			}
		}
		if m := Mask(out); strings.Count(m, "X") < strings.Count(out, "X") {
			t.Fatalf("Mask removed an X: %q -> %q", out, m)
		}
	})
}

// plainRuns returns the digit runs of s that stand alone: not joined to
// another run by a single space or hyphen.
func plainRuns(s string) []string {
	var runs []string
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		before := i >= 2 && (s[i-1] == ' ' || s[i-1] == '-') && isDigit(s[i-2])
		after := j+1 < len(s) && (s[j] == ' ' || s[j] == '-') && isDigit(s[j+1])
		if !before && !after {
			runs = append(runs, s[i:j])
		}
		i = j
	}
	return runs
}
