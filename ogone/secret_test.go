package ogone_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecretRevealAndIsZero(t *testing.T) {
	s := ogone.NewSecret("Mysecretsig1875!?")
	assert.Equal(t, "Mysecretsig1875!?", s.Reveal())
	assert.False(t, s.IsZero())
	assert.True(t, ogone.Secret{}.IsZero())
	assert.Equal(t, "", ogone.Secret{}.Reveal())
}

func TestSecretRedactsEveryVerb(t *testing.T) {
	const value = "Mysecretsig1875!?"
	s := ogone.NewSecret(value)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%-20v", "%.3s", "%t", "%e", "%c", "%U"} {
		t.Run(verb, func(t *testing.T) {
			assert.Equal(t, "[REDACTED]", fmt.Sprintf(verb, s))
			assert.Equal(t, "[REDACTED]", fmt.Sprintf(verb, &s), "pointer")
		})
	}
	// %p of a pointer is an address. (%p of a value never reaches the
	// formatting methods: the one hole, see the Secret doc.)
	assert.NotContains(t, fmt.Sprintf("%p", &s), value)
	assert.Equal(t, "ogone.Secret", fmt.Sprintf("%T", s))
	assert.Equal(t, "[REDACTED]", s.String())
	assert.Equal(t, `"[REDACTED]"`, s.GoString())
	assert.Equal(t, "[REDACTED]", fmt.Sprint(s))
	assert.Equal(t, "[REDACTED]\n", fmt.Sprintln(s))
}

func TestEmptySecretShowsAsMissing(t *testing.T) {
	var s ogone.Secret
	assert.Equal(t, "", s.String())
	assert.Equal(t, `""`, s.GoString())
	assert.Equal(t, "", fmt.Sprintf("%v", s))
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, `""`, string(b))
}

func TestSecretMarshalling(t *testing.T) {
	s := ogone.NewSecret("Mysecretsig1875!?")
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, `"[REDACTED]"`, string(b))

	b, err = json.Marshal(map[string]any{"k": s, "p": &s})
	require.NoError(t, err)
	assert.JSONEq(t, `{"k":"[REDACTED]","p":"[REDACTED]"}`, string(b))

	text, err := s.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "[REDACTED]", string(text))

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "secret", s)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "secret", s)
	assert.NotContains(t, buf.String(), "Mysecret")
	assert.Contains(t, buf.String(), `"secret":"[REDACTED]"`)
	assert.Contains(t, buf.String(), `secret=[REDACTED]`)
	assert.Equal(t, slog.KindString, s.LogValue().Kind())
}
