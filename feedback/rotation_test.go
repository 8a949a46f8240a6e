package feedback_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

const (
	currentPassphrase  = "Current-out-passphrase-26"
	previousPassphrase = "Previous-out-passphrase-25"
	strangerPassphrase = "Somebody-elses-passphrase"
)

// signWith returns params signed with alg and passphrase, as the platform
// signs with the key it holds when it sends the feedback.
func signWith(t testing.TB, alg shasign.Algorithm, passphrase string, params url.Values) url.Values {
	t.Helper()
	sig, err := shasign.SignOut(alg, passphrase, params)
	require.NoError(t, err)
	return with(params, "SHASIGN", sig)
}

// TestPreviousKey: for every pair of algorithms (the same one: a new
// passphrase; two: a change of algorithm, with or without a new
// passphrase), a feedback signed with the current key, the previous key
// or neither is accepted, accepted with PreviousKey, or refused; without
// the previous key, the previous key's feedback is refused.
func TestPreviousKey(t *testing.T) {
	algs := []shasign.Algorithm{shasign.SHA1, shasign.SHA256, shasign.SHA512}
	for _, cur := range algs {
		for _, prev := range algs {
			for _, prevPass := range []string{previousPassphrase, currentPassphrase} {
				if cur == prev && prevPass == currentPassphrase {
					continue // the previous key would be the current one
				}
				name := fmt.Sprintf("%s_to_%s_new_passphrase_%t", prev, cur, prevPass != currentPassphrase)
				t.Run(name, func(t *testing.T) {
					v, err := feedback.NewVerifier(cur, currentPassphrase, feedback.WithPreviousKey(prev, prevPass))
					require.NoError(t, err)
					only, err := feedback.NewVerifier(cur, currentPassphrase)
					require.NoError(t, err)
					tests := []struct {
						name       string
						alg        shasign.Algorithm
						passphrase string
						previous   bool // PreviousKey, or refused when !ok
						ok, onlyOK bool
					}{
						{"current", cur, currentPassphrase, false, true, true},
						{"previous", prev, prevPass, true, true, false},
						{"neither", cur, strangerPassphrase, false, false, false},
						{"neither, previous algorithm", prev, strangerPassphrase, false, false, false},
					}
					for _, tt := range tests {
						params := signWith(t, tt.alg, tt.passphrase, seedParams())
						f, err := v.Verify(params)
						if !tt.ok {
							assert.ErrorIs(t, err, feedback.ErrBadSignature, tt.name)
							assert.Nil(t, f, tt.name)
						} else if assert.NoError(t, err, tt.name) {
							assert.Equal(t, tt.previous, f.PreviousKey, tt.name)
							assert.Equal(t, "SO042", f.OrderID, tt.name)
						}
						f, err = only.Verify(params)
						if tt.onlyOK {
							if assert.NoError(t, err, tt.name) {
								assert.False(t, f.PreviousKey)
							}
						} else {
							assert.ErrorIs(t, err, feedback.ErrBadSignature, "%s, without the previous key", tt.name)
						}
					}
				})
			}
		}
	}
}

func TestPreviousKeyInvalid(t *testing.T) {
	_, err := feedback.NewVerifier(shasign.SHA512, currentPassphrase, feedback.WithPreviousKey(shasign.SHA1, ""))
	assert.ErrorIs(t, err, shasign.ErrEmptyPassphrase)
	_, err = feedback.NewVerifier(shasign.SHA512, currentPassphrase, feedback.WithPreviousKey(0, previousPassphrase))
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)
	v, err := feedback.NewVerifier(shasign.SHA512, currentPassphrase, feedback.WithPreviousKey(shasign.SHA1, previousPassphrase))
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(verb, v) + fmt.Sprintf(verb, *v) + fmt.Sprintf(verb, struct{ v feedback.Verifier }{*v})
		assert.NotContains(t, out, "Previous-out", verb)
		assert.NotContains(t, out, fmt.Sprintf("%x", previousPassphrase), verb)
	}
	assert.Contains(t, v.String(), "previous key: SHA-1")
}

// TestNewVerifierFromConfig: the Config's previous key, either half of it
// alone, reaches the verifier; the algorithm defaults to
// shasign.DefaultAlgorithm.
func TestNewVerifierFromConfig(t *testing.T) {
	base := ogone.Config{
		PSPID: "MyShop", SHAIn: ogone.NewSecret("In-passphrase-for-tests1"),
		SHAOut: ogone.NewSecret(currentPassphrase),
	}
	tests := []struct {
		name     string
		edit     func(*ogone.Config)
		alg      shasign.Algorithm
		pass     string
		previous bool
	}{
		{"current, default algorithm", func(*ogone.Config) {}, shasign.DefaultAlgorithm, currentPassphrase, false},
		{"previous passphrase", func(c *ogone.Config) { c.PreviousSHAOut = ogone.NewSecret(previousPassphrase) },
			shasign.DefaultAlgorithm, previousPassphrase, true},
		{"previous algorithm", func(c *ogone.Config) { c.PreviousAlgorithm = shasign.SHA1 },
			shasign.SHA1, currentPassphrase, true},
		{"both halves", func(c *ogone.Config) {
			c.Algorithm, c.PreviousAlgorithm, c.PreviousSHAOut = shasign.SHA256, shasign.SHA1, ogone.NewSecret(previousPassphrase)
		}, shasign.SHA1, previousPassphrase, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.edit(&cfg)
			v, err := feedback.NewVerifierFromConfig(cfg)
			require.NoError(t, err)
			f, err := v.Verify(signWith(t, tt.alg, tt.pass, seedParams()))
			require.NoError(t, err)
			assert.Equal(t, tt.previous, f.PreviousKey)
		})
	}
	noOut := base
	noOut.SHAOut = ogone.Secret{}
	_, err := feedback.NewVerifierFromConfig(noOut)
	assert.ErrorIs(t, err, ogone.ErrMissingSHAOut)
	short := base
	short.PreviousSHAOut = ogone.NewSecret("short")
	_, err = feedback.NewVerifierFromConfig(short)
	assert.ErrorIs(t, err, ogone.ErrPassphraseLength)
}

// TestHandlerWarnsOnPreviousKey: the handler accepts the previous key's
// feedback and logs a warning, and stays quiet at warn level for the
// current key.
func TestHandlerWarnsOnPreviousKey(t *testing.T) {
	v, err := feedback.NewVerifier(shasign.SHA512, currentPassphrase, feedback.WithPreviousKey(shasign.SHA1, previousPassphrase))
	require.NoError(t, err)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := feedback.Handler(v, func(context.Context, *feedback.Feedback) error { return nil }, feedback.WithLogger(logger))

	for _, tt := range []struct {
		name string
		alg  shasign.Algorithm
		pass string
		warn bool
	}{
		{"current", shasign.SHA512, currentPassphrase, false},
		{"previous", shasign.SHA1, previousPassphrase, true},
	} {
		buf.Reset()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, serverPost(signWith(t, tt.alg, tt.pass, seedParams()).Encode()))
		assert.Equal(t, http.StatusOK, w.Code, tt.name)
		if tt.warn {
			assert.Contains(t, buf.String(), "level=WARN", tt.name)
			assert.Contains(t, buf.String(), "previous SHA-OUT key", tt.name)
			assert.Contains(t, buf.String(), "previous_key=true", tt.name)
			assert.NotContains(t, buf.String(), "Zo", "no holder name in the log")
		} else {
			assert.Empty(t, buf.String(), tt.name)
		}
	}
}
