// Package vectors loads the module's signature test vectors, for tests:
//
//   - testdata/vectors.json: signatures the platform's documentation and
//     established integrations publish (Load);
//   - testdata/differential.json: 1,000 random parameter sets whose digests
//     come from a reference model that agrees with the peers' composers
//     (LoadDifferential).
//
// Both files live at the module root and are copies of the team's shared
// files; TestMatchShared keeps them equal where the shared copy exists.
package vectors

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Vector is one verified signature.
type Vector struct {
	Name         string      `json:"name"`
	Direction    string      `json:"direction"` // "in" or "out"
	Algorithm    string      `json:"algorithm"` // as shasign.ParseAlgorithm reads it
	Passphrase   string      `json:"passphrase"`
	Params       [][2]string `json:"params"` // in the order they travel
	StringToHash string      `json:"string_to_hash"`
	Digest       string      `json:"digest"`
	Source       string      `json:"source"`
}

// Values returns the vector's parameters, without SHASIGN.
func (v Vector) Values() url.Values { return values(v.Params) }

// Load returns every vector of testdata/vectors.json.
func Load(t testing.TB) []Vector {
	t.Helper()
	var file struct {
		Vectors []Vector `json:"vectors"`
	}
	readJSON(t, "vectors.json", &file)
	require.NotEmpty(t, file.Vectors)
	return file.Vectors
}

// Differential is one random parameter set of testdata/differential.json.
// Either Refuse is set (a signed name given twice, in any case: signing and
// verification must refuse it), or Digests holds the acceptable digests:
// signing must give one of them and verification must accept each (there
// is more than one only when a disputed SHA-OUT name is present).
// MayRefuse marks an unsigned name given twice: refusing is fine too.
type Differential struct {
	Algorithm  string      `json:"algorithm"` // "sha1", "sha256" or "sha512"
	Encoding   string      `json:"encoding"`  // "UTF-8" or "ISO-8859-1"
	Direction  string      `json:"direction"` // "SHA-IN" or "SHA-OUT"
	Passphrase string      `json:"passphrase"`
	Params     [][2]string `json:"params"` // add them in order: names may repeat
	Digests    []string    `json:"digests"`
	Refuse     bool        `json:"refuse"`
	MayRefuse  bool        `json:"may_refuse"`
}

// Values returns the entry's parameters, added in order.
func (d Differential) Values() url.Values { return values(d.Params) }

// LoadDifferential returns every entry of testdata/differential.json.
func LoadDifferential(t testing.TB) []Differential {
	t.Helper()
	var entries []Differential
	readJSON(t, "differential.json", &entries)
	require.NotEmpty(t, entries)
	return entries
}

func values(params [][2]string) url.Values {
	v := url.Values{}
	for _, kv := range params {
		v.Add(kv[0], kv[1])
	}
	return v
}

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(Path(t, name))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, v), name)
}

// Path returns the path of testdata/name at the module root, found from
// the test's working directory (its package's directory) upwards.
func Path(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && isLibraryModule(b) {
			return filepath.Join(dir, "testdata", name)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("vectors: no module root above the working directory")
		}
		dir = parent
	}
}

const modulePath = "github.com/gogone/ogone"

// isLibraryModule reports whether a go.mod declares the library's module
// (the examples' module has its own go.mod below the root).
func isLibraryModule(gomod []byte) bool {
	for _, line := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" && strings.Trim(f[1], `"`) == modulePath {
			return true
		}
	}
	return false
}
