package ogone

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
)

// Secret holds a password or a SHA passphrase. Make one with NewSecret; the
// zero Secret is the empty one. The only way to read it is Reveal, which is
// easy to find in a code review.
//
// A Secret never shows its value, nor the value's hex form: String,
// GoString, Format (every fmt verb, %x and %q included), MarshalJSON,
// MarshalText, GobEncode and LogValue all give "[REDACTED]" ("" for the
// empty secret, so that a missing setting still shows as missing).
//
// fmt calls no method on a value it reaches through an unexported field (a
// Config inside the shop's own struct), and under a verb that does not suit
// a pointer it prints what the first pointer points to. So the value sits
// behind a pointer to a pointer: what fmt reaches by reflection is an
// address, under every verb, and reflection-based encoders see no exported
// field. The package's tests print a Secret, and every type that holds one,
// as a value, through a pointer, in a slice, in a map and in exported and
// unexported fields, with %v %+v %#v %s %q %x %X %d %t %p, slog's text and
// JSON handlers, encoding/json and encoding/gob, and find neither the value
// nor its hex form.
type Secret struct {
	p **string // nil for the empty secret
}

// NewSecret returns a Secret holding s; NewSecret("") is the empty secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	p := &s
	return Secret{p: &p}
}

const redacted = "[REDACTED]"

// Reveal returns the secret itself, for the code that signs or sends it.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return **s.p
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.p == nil }

// Equal reports whether s and t hold the same secret. It compares in
// constant time for secrets of equal length.
func (s Secret) Equal(t Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(t.Reveal())) == 1
}

// String returns "[REDACTED]", or "" for an empty secret so that a missing
// setting still shows as missing.
func (s Secret) String() string {
	if s.IsZero() {
		return ""
	}
	return redacted
}

// GoString is String, quoted, so that %#v does not print the secret.
func (s Secret) GoString() string { return fmt.Sprintf("%q", s.String()) }

// Format prints String for every verb, %x and %q included.
func (s Secret) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(s.String())) }

// MarshalJSON writes "[REDACTED]" (or "" when empty).
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalText writes "[REDACTED]" (or "" when empty), for encoders that
// prefer text.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// GobEncode writes "[REDACTED]" (or "" when empty): encoding/gob ignores
// MarshalText and would otherwise write the secret itself.
func (s Secret) GobEncode() ([]byte, error) { return []byte(s.String()), nil }

// LogValue keeps the secret out of structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// A Client keeps its Config in an unexported field, and fmt prints
// unexported fields by reflection, without the methods that redact a
// Secret. So the Client describes itself: these methods have value
// receivers so that a Client printed by value is covered too.

// String describes the client by its account, without any secret.
func (c Client) String() string {
	platform := c.cfg.Platform.Name
	if platform == "" {
		platform = Ogone.Name
	}
	return "ogone.Client{PSPID: " + c.cfg.PSPID + ", UserID: " + c.cfg.UserID +
		", Platform: " + platform + ", Env: " + c.cfg.Env.String() + ", secrets: [REDACTED]}"
}

// GoString is String, so that %#v does not print the configuration.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Client) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue keeps the configuration's secrets out of structured logs.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("pspid", c.cfg.PSPID),
		slog.String("env", c.cfg.Env.String()),
		slog.String("secrets", redacted),
	)
}
