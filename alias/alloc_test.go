//go:build !race

package alias_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestVerifyAllocations keeps Verify at one allocation, the returned
// Alias: the signature check runs on pooled buffers and the parser reads
// the parameters in place. The race detector allocates on its own, hence
// the build tag.
func TestVerifyAllocations(t *testing.T) {
	c := newClient(t)
	flex := signOut(t, testSHAOut, flexSuccess(), "SHASign")
	gateway := signOut(t, testSHAOut, gatewaySuccess(), "SHASIGN")
	for name, p := range map[string]map[string][]string{"FlexCheckout": flex, "AliasGateway": gateway} {
		allocs := testing.AllocsPerRun(200, func() {
			if _, err := c.Verify(p); err != nil {
				t.Fatal(err)
			}
		})
		assert.LessOrEqual(t, allocs, 1.0, name)
	}
}
