package ogone_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

const cfgPrevious = "PREVIOUS-leak-canary-04"

func TestConfigValidatePreviousKey(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ogone.Config)
		want []error
	}{
		{"previous passphrase", func(c *ogone.Config) { c.PreviousSHAOut = ogone.NewSecret(cfgPrevious) }, nil},
		{"previous algorithm only", func(c *ogone.Config) { c.PreviousAlgorithm = shasign.SHA1 }, nil},
		{"previous equal to the current", func(c *ogone.Config) { c.PreviousSHAOut = c.SHAOut }, nil},
		{"previous of 15", func(c *ogone.Config) { c.PreviousSHAOut = ogone.NewSecret(strings.Repeat("p", 15)) }, []error{ogone.ErrPassphraseLength}},
		{"previous of 33", func(c *ogone.Config) { c.PreviousSHAOut = ogone.NewSecret(strings.Repeat("p", 33)) }, []error{ogone.ErrPassphraseLength}},
		{"previous equal to SHA-IN", func(c *ogone.Config) { c.PreviousSHAOut = c.SHAIn }, []error{ogone.ErrSamePassphrases}},
		{"unknown previous algorithm", func(c *ogone.Config) { c.PreviousAlgorithm = 9 }, []error{ogone.ErrInvalidAlgorithm}},
		{"previous without a current", func(c *ogone.Config) {
			c.SHAOut, c.PreviousSHAOut = ogone.Secret{}, ogone.NewSecret(cfgPrevious)
		}, []error{ogone.ErrMissingSHAOut}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig()
			tt.edit(&cfg)
			err := cfg.Validate()
			if len(tt.want) == 0 {
				require.NoError(t, err)
				return
			}
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), err.Error())
			if !cfg.PreviousSHAOut.IsZero() {
				assert.NotContains(t, err.Error(), cfg.PreviousSHAOut.Reveal())
			}
		})
	}
}

func TestConfigSHAOutKeys(t *testing.T) {
	cfg := validConfig()
	cfg.Algorithm = 0
	cur, prev, err := cfg.SHAOutKeys()
	require.NoError(t, err)
	assert.Equal(t, shasign.DefaultAlgorithm, cur.Algorithm)
	assert.Equal(t, cfgSHAOut, cur.Passphrase.Reveal())
	assert.Nil(t, prev)

	cfg.PreviousAlgorithm = shasign.SHA1
	_, prev, err = cfg.SHAOutKeys()
	require.NoError(t, err)
	assert.Equal(t, shasign.SHA1, prev.Algorithm)
	assert.Equal(t, cfgSHAOut, prev.Passphrase.Reveal(), "the current passphrase when only the algorithm changes")

	cfg.PreviousAlgorithm, cfg.PreviousSHAOut = 0, ogone.NewSecret(cfgPrevious)
	_, prev, err = cfg.SHAOutKeys()
	require.NoError(t, err)
	assert.Equal(t, shasign.DefaultAlgorithm, prev.Algorithm, "the current algorithm when only the passphrase changes")
	assert.Equal(t, cfgPrevious, prev.Passphrase.Reveal())

	cfg.SHAOut, cfg.PreviousSHAOut = ogone.Secret{}, ogone.Secret{}
	_, _, err = cfg.SHAOutKeys()
	assert.ErrorIs(t, err, ogone.ErrMissingSHAOut)
}

// TestPreviousSHAOutNeverLeaks: the previous passphrase is a Secret like
// the others, from every depth.
func TestPreviousSHAOutNeverLeaks(t *testing.T) {
	cfg := validConfig()
	cfg.PreviousSHAOut = ogone.NewSecret(cfgPrevious)
	cfg.PreviousAlgorithm = shasign.SHA1
	holder := struct{ cfg ogone.Config }{cfg}
	var b strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t"} {
		fmt.Fprintf(&b, verb, cfg)
		fmt.Fprintf(&b, verb, &cfg)
		fmt.Fprintf(&b, verb, holder)
	}
	j, err := json.Marshal(cfg)
	require.NoError(t, err)
	b.Write(j)
	slog.New(slog.NewTextHandler(&b, nil)).Info("m", "cfg", cfg, "holder", holder)
	slog.New(slog.NewJSONHandler(&b, nil)).Info("m", "cfg", cfg)
	out := b.String()
	for _, s := range []string{cfgPrevious, fmt.Sprintf("%x", cfgPrevious), fmt.Sprintf("%X", cfgPrevious)} {
		assert.NotContains(t, out, s)
	}
	assert.Contains(t, string(j), `"PreviousSHAOut":"[REDACTED]"`)
}
