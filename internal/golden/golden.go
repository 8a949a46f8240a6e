// Package golden compares what a test produces with a golden file, and
// rewrites the file when the test binary runs with -update:
//
//	go test ./cmd/ogone -run TestInvocations -update
//
// Importing the package registers the -update flag: a test package that
// uses it must not define its own (the flag package panics on a second
// definition).
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Check compares got with the file at path. With -update it first writes
// got there (creating the directory), so the comparison then passes and
// the diff shows in version control. A missing file fails the test with a
// hint; a difference is reported with Errorf, so the test goes on.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), string(got), "differs from %s (go test -update rewrites it)", path)
}

// CheckString is Check for text.
func CheckString(t testing.TB, path, got string) {
	t.Helper()
	Check(t, path, []byte(got))
}
