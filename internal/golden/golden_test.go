package golden_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gogone/ogone/internal/golden"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed, fatal bool
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(string, ...any)     { r.failed = true }
func (r *recorder) FailNow()                  { r.fatal = true; panic(r) }
func (r *recorder) Fatalf(f string, a ...any) { r.failed = true; r.FailNow() }

func check(t *testing.T, path, got string) *recorder {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != r {
				panic(p)
			}
		}()
		golden.CheckString(r, path, got)
	}()
	return r
}

func TestCheck(t *testing.T) {
	if golden.Update() {
		t.Skip("this test checks comparison, not -update")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.golden")
	assert.NoError(t, os.WriteFile(path, []byte("same\n"), 0o644))

	assert.False(t, check(t, path, "same\n").failed, "equal content passes")
	r := check(t, path, "other\n")
	assert.True(t, r.failed, "different content fails")
	assert.False(t, r.fatal, "a difference lets the test go on")
	r = check(t, filepath.Join(dir, "missing.golden"), "x")
	assert.True(t, r.fatal, "a missing file stops the test")
}
