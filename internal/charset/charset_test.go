package charset_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/gogone/ogone/internal/charset"
)

func TestAppendLatin1(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "", true},
		{"PSPID=MyPSPID", "PSPID=MyPSPID", true},
		{"Zoë Müller", "Zo\xeb M\xfcller", true},
		{"sécret", "s\xe9cret", true},
		{"ÿ", "\xff", true},
		{"\u0080\u009f", "\x80\x9f", true}, // C1 controls are ISO-8859-1 characters
		{"10 €", "10 ", false},             // windows-1252 is never written
		{"“quoted”", "", false},
		{"Ā", "", false},
		{"日本", "", false},
		{"emoji 😀", "emoji ", false},
		{"bad \xff byte", "bad ", false}, // not UTF-8
		{"\uFFFD", "", false},
	}
	for _, tt := range tests {
		got, ok := charset.AppendLatin1([]byte("x"), tt.in)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.Equal(t, "x"+tt.want, string(got), "%q", tt.in)
	}
}

func TestAppendLatin1Lossy(t *testing.T) {
	assert.Equal(t, "Zo\xeb 10 ? ? \xff?", string(charset.AppendLatin1Lossy(nil, "Zoë 10 € 😀 ÿ\xfe")))
}

func TestDecodeLatin1(t *testing.T) {
	assert.Equal(t, "Zoë Müller", charset.DecodeLatin1("Zo\xeb M\xfcller"))
	assert.Equal(t, "\u0080\u0081\u009f\u00a0", charset.DecodeLatin1("\x80\x81\x9f\xa0"), "0x80-0x9F are C1 controls")
	ascii := "ORDERID=12"
	assert.Equal(t, ascii, charset.DecodeLatin1(ascii))
	assert.Zero(t, testing.AllocsPerRun(10, func() { _ = charset.DecodeLatin1(ascii) }), "ASCII is returned as is")
}

func TestAppendDecodedLatin1(t *testing.T) {
	assert.Equal(t, "CN=Zoë", string(charset.AppendDecodedLatin1([]byte("CN="), []byte("Zo\xeb"))))
	assert.Equal(t, "ÿ\u0080", string(charset.AppendDecodedLatin1(nil, "\xff\x80")))
}

func TestDecodeWindows1252(t *testing.T) {
	assert.Equal(t, "€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ",
		charset.DecodeWindows1252([]byte("\x80 \x82 \x83 \x84 \x85 \x86 \x87 \x88 \x89 \x8a \x8b \x8c \x8e \x91 \x92 \x93 \x94 \x95 \x96 \x97 \x98 \x99 \x9a \x9b \x9c \x9e \x9f")))
	assert.Equal(t, "\u0081\u008d\u008f\u0090\u009d", charset.DecodeWindows1252([]byte("\x81\x8d\x8f\x90\x9d")), "undefined bytes keep their C1 control")
	assert.Equal(t, "refusé", charset.DecodeWindows1252([]byte("refus\xe9")))
	assert.Equal(t, "plain", charset.DecodeWindows1252([]byte("plain")))
}

// TestReadingsAgreeOutsideC1 pins the package doc's promise: the two
// readings differ only on the bytes 0x80 to 0x9F that windows-1252 defines.
func TestReadingsAgreeOutsideC1(t *testing.T) {
	differ := 0
	for b := 0; b < 256; b++ {
		l := charset.DecodeLatin1(string([]byte{byte(b)}))
		w := charset.DecodeWindows1252([]byte{byte(b)})
		if l != w {
			differ++
			assert.True(t, 0x80 <= b && b <= 0x9F, "byte %#x", b)
		}
	}
	assert.Equal(t, 27, differ)
}

// FuzzLatin1RoundTrip checks that reading bytes as ISO-8859-1 and writing
// them back gives the same bytes (what signature verification relies on),
// and that both readings give valid UTF-8 and lose no byte.
func FuzzLatin1RoundTrip(f *testing.F) {
	for _, seed := range []string{"", "abc", "Zo\xeb", "\x80\x81\x9f\xff", "é€"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := charset.DecodeLatin1(string(b))
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) != len(b) {
			t.Fatalf("DecodeLatin1(%q) = %q", b, s)
		}
		back, ok := charset.AppendLatin1(nil, s)
		if !ok || !bytes.Equal(back, b) {
			t.Fatalf("round trip %q -> %q -> %q (%v)", b, s, back, ok)
		}
		if !bytes.Equal(charset.AppendLatin1Lossy(nil, s), b) {
			t.Fatalf("lossy writing lost a character of %q", s)
		}
		w := charset.DecodeWindows1252(b)
		if !utf8.ValidString(w) || utf8.RuneCountInString(w) != len(b) {
			t.Fatalf("DecodeWindows1252(%q) = %q", b, w)
		}
	})
}
