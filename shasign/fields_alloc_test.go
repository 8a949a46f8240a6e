//go:build !race

package shasign_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

// TestSignInFieldsAllocations: like SignIn, SignInFields allocates only
// the returned string, in either order and either encoding.
func TestSignInFieldsAllocations(t *testing.T) {
	for _, r := range benchRequests() {
		for _, enc := range []shasign.Encoding{shasign.UTF8, shasign.ISO88591} {
			s, err := shasign.NewSigner(shasign.SHA512, testPassphrase, shasign.WithEncoding(enc))
			require.NoError(t, err)
			for _, digestOrder := range []bool{true, false} {
				fields := fieldsOf(r.params, digestOrder)
				allocs := testing.AllocsPerRun(100, func() { sink, _ = s.SignInFields(fields) })
				assert.LessOrEqual(t, allocs, 1.0, "%s %s digest order %v", r.name, enc, digestOrder)
			}
		}
	}
}
