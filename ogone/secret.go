package ogone

import (
	"fmt"
	"log/slog"
)

// Secret holds a password or a SHA passphrase. It redacts itself wherever a
// value can leave the program by accident: fmt verbs, %#v, JSON, slog. The
// only way to read it is Reveal, which is easy to find in a code review.
type Secret string

const redacted = "[REDACTED]"

// Reveal returns the secret itself, for the code that signs or sends it.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String returns "[REDACTED]", or "" for an empty secret so that a missing
// setting still shows as missing.
func (s Secret) String() string {
	if s == "" {
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

// LogValue keeps the secret out of structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
