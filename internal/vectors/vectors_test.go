package vectors_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/internal/vectors"
)

func TestLoad(t *testing.T) {
	vs := vectors.Load(t)
	assert.Equal(t, "F4CC376CD7A834D997B91598FA747825A238BE0A", vs[0].Digest)
	assert.Equal(t, "MyPSPID", vs[0].Values().Get("PSPID"))

	ds := vectors.LoadDifferential(t)
	assert.Len(t, ds, 1000)
	var iso, refuse int
	for _, d := range ds {
		if d.Encoding == "ISO-8859-1" {
			iso++
		}
		if d.Refuse {
			refuse++
			assert.Empty(t, d.Digests)
		} else {
			assert.NotEmpty(t, d.Digests)
		}
	}
	assert.Positive(t, iso)
	assert.Positive(t, refuse)
}

func TestValuesKeepRepeatedNames(t *testing.T) {
	d := vectors.Differential{Params: [][2]string{{"a", "1"}, {"a", "2"}, {"A", "3"}}}
	assert.Equal(t, []string{"1", "2"}, d.Values()["a"])
	assert.Equal(t, []string{"3"}, d.Values()["A"])
}

// TestMatchShared keeps the module's copies identical to the team's shared
// files where those exist (a shared/ogone directory above the module root;
// not in a clone).
func TestMatchShared(t *testing.T) {
	for _, name := range []string{"vectors.json", "differential.json"} {
		ours := vectors.Path(t, name)
		shared := findShared(filepath.Dir(filepath.Dir(ours)), name)
		if shared == "" {
			t.Skipf("no shared copy of %s outside the team workspace", name)
		}
		a, err := os.ReadFile(shared)
		require.NoError(t, err)
		b, err := os.ReadFile(ours)
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b), "testdata/%s drifted from %s", name, shared)
	}
}

func findShared(dir, name string) string {
	for {
		p := filepath.Join(dir, "shared", "ogone", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
