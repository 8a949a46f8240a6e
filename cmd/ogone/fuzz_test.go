package main

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
)

// FuzzParseText feeds arbitrary input to the URL / query / body parser: it
// must never panic, and what it returns must survive being encoded and
// parsed again.
func FuzzParseText(f *testing.F) {
	for _, seed := range []string{
		"", "a=1&b=2", "?" + guideFeedback, "https://shop.example/return?" + guideFeedback,
		"shop/return?a=1", decodedTwice, latin1Bytes, "a=%zz", "=1", "a\r\nb=2\n", "%", "&&&", "http://[::1",
		"ACCEPTURL=http%3A%2F%2Fx%2F%3Fy%3D1%26z%3D2",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ps, err := parseText(text)
		if err != nil {
			return
		}
		var enc []string
		for _, p := range ps {
			if p.name == "" {
				t.Fatalf("empty name from %q", text)
			}
			enc = append(enc, url.QueryEscape(p.name)+"="+url.QueryEscape(p.value))
		}
		again, err := parseText(strings.Join(enc, "&"))
		if err != nil {
			t.Fatalf("re-encoded input does not parse: %v", err)
		}
		if len(again) != len(ps) {
			t.Fatalf("round trip changed the parameters: %q -> %q", ps, again)
		}
		for i := range ps {
			if ps[i] != again[i] {
				t.Fatalf("round trip changed parameter %d: %q -> %q", i, ps[i], again[i])
			}
		}
	})
}

// FuzzRun runs sign, verify and parse on arbitrary arguments and bodies: the
// command must not panic, must exit 0, 1 or 2, and must not print the
// passphrase it was given.
func FuzzRun(f *testing.F) {
	f.Add(uint8(0), "AMOUNT=1500", guideFeedback)
	f.Add(uint8(1), guideFeedback, "")
	f.Add(uint8(2), "-", "https://shop.example/return?"+guideFeedback)
	f.Add(uint8(3), "CARDNO=4111111111111111", "")
	f.Add(uint8(4), "--", decodedTwice)
	f.Add(uint8(5), "-x", "a=%zz")
	f.Add(uint8(16), "", replyQuery)
	f.Add(uint8(20), "", replyCardData)
	f.Add(uint8(16), "", replyHostileChallenge)
	const pass = "fuzz-Passphrase-7f3a9"
	getenv := func(name string) string {
		if name == "P" {
			return pass
		}
		return ""
	}
	f.Fuzz(func(t *testing.T, mode uint8, arg, body string) {
		args := []string{"sign", "--passphrase-env", "P"}
		if mode&1 == 1 {
			args[0] = "verify"
		}
		if mode&2 != 0 {
			args = append(args, "--explain")
		}
		if mode&4 != 0 {
			args = append(args, "--json")
		}
		if mode&8 != 0 {
			args = append(args, "--encoding", "iso-8859-1")
		}
		if mode&16 != 0 {
			// parse reads the body as a DirectLink reply.
			args = []string{"parse"}
			if mode&4 != 0 {
				args = append(args, "--json")
			}
			arg = ""
		}
		if arg != "" {
			args = append(args, arg)
		}
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(body), &stdout, &stderr, getenv)
		if code != exitOK && code != exitInvalid && code != exitUsage {
			t.Fatalf("exit status %d", code)
		}
		if strings.Contains(arg+body, pass) {
			return
		}
		if strings.Contains(stdout.String()+stderr.String(), pass) {
			t.Fatalf("the passphrase was printed")
		}
	})
}
