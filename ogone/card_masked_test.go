package ogone_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/gogone/ogone/ogone"
)

func TestMaskNumber(t *testing.T) {
	tests := []struct{ in, want, last4 string }{
		{"XXXXXXXXXXXX1111", "XXXXXXXXXXXX1111", "1111"},
		{"xxxxxxxxxxxx1111", "XXXXXXXXXXXX1111", "1111"},
		{"4111111111111111", "XXXXXXXXXXXX1111", "1111"},
		{"411111XXXXXX1111", "XXXXXXXXXXXX1111", "1111"},
		{"4111 1111 1111 1111", "XXXX XXXX XXXX 1111", "1111"},
		{"NL91ABNA0417164300", "XXXXXXXXXXXXXX4300", "4300"},
		{"é€12345", "XXX2345", "2345"},
		{"0000A", "0000X", "000X"},
		{"1234", "1234", "1234"},
		{"12", "12", "12"},
		{"", "", ""},
	}
	for _, tc := range tests {
		c := ogone.MaskNumber(tc.in)
		assert.Equal(t, tc.want, c.String(), tc.in)
		assert.Equal(t, tc.last4, c.Last4(), tc.in)
		assert.Equal(t, tc.in == "", c.IsZero())
	}
}

// FuzzMaskNumber: the mask keeps the length in characters, lets at most
// four digits through, hides the rest, and masking twice changes nothing.
func FuzzMaskNumber(f *testing.F) {
	for _, s := range []string{"4111111111111111", "XXXXXXXXXXXX1111", "xxxx1111", "1234", "", "é€12345", "\xff\xfe4111111111111111"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ogone.MaskNumber(s)
		m := c.String()
		n := utf8.RuneCountInString(m)
		chars := 0
		for _, r := range s {
			if r != ' ' && r != '-' {
				chars++
			}
		}
		if short := chars <= 4; short && m != s {
			t.Fatalf("a value of four characters changed: %q to %q", s, m)
		} else if !short {
			// At most four digits survive; everything else but spaces and
			// dashes is X.
			kept := 0
			for _, r := range m {
				switch {
				case r >= '0' && r <= '9':
					kept++
				case r != 'X' && r != ' ' && r != '-':
					t.Fatalf("not masked: %q", m)
				}
			}
			if kept > 4 {
				t.Fatalf("%d digits survive in %q", kept, m)
			}
		}
		if n != utf8.RuneCountInString(s) {
			t.Fatalf("mask of %q is %q: length changed", s, m)
		}
		if !strings.HasSuffix(m, c.Last4()) || utf8.RuneCountInString(c.Last4()) > 4 {
			t.Fatalf("mask %q, last four %q", m, c.Last4())
		}
		if again := ogone.MaskNumber(m).String(); again != m {
			t.Fatalf("masking %q again gives %q", m, again)
		}
	})
}
