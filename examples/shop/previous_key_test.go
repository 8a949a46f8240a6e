package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

// TestConfigFromEnvPreviousKey: the optional previous SHA-OUT key is read
// from OGONE_PREVIOUS_SHA_OUT and OGONE_PREVIOUS_ALGORITHM.
func TestConfigFromEnvPreviousKey(t *testing.T) {
	env := map[string]string{
		"OGONE_PSPID": "coffee-corner", "OGONE_USERID": "api", "OGONE_PASSWORD": "api-password-0001",
		"OGONE_SHA_IN": "sha-in-passphrase-0001", "OGONE_SHA_OUT": "sha-out-passphrase-0002",
	}
	getenv := func(k string) string { return env[k] }

	cfg, real, err := configFromEnv(getenv)
	require.NoError(t, err)
	require.True(t, real)
	assert.True(t, cfg.PreviousSHAOut.IsZero())
	assert.Zero(t, cfg.PreviousAlgorithm)

	env["OGONE_PREVIOUS_SHA_OUT"] = "sha-out-passphrase-0001"
	env["OGONE_PREVIOUS_ALGORITHM"] = "sha-1"
	cfg, _, err = configFromEnv(getenv)
	require.NoError(t, err)
	assert.Equal(t, "sha-out-passphrase-0001", cfg.PreviousSHAOut.Reveal())
	assert.Equal(t, shasign.SHA1, cfg.PreviousAlgorithm)

	env["OGONE_PREVIOUS_ALGORITHM"] = "md5"
	_, _, err = configFromEnv(getenv)
	assert.ErrorIs(t, err, shasign.ErrUnknownAlgorithm)

	env["OGONE_PREVIOUS_ALGORITHM"] = ""
	env["OGONE_PREVIOUS_SHA_OUT"] = "short"
	_, _, err = configFromEnv(getenv)
	assert.Error(t, err, "validated like the other passphrases")
}
