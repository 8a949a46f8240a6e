//go:build !race

package alias_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestVerifyAllocations keeps Verify lean: a FlexCheckout result costs
// one allocation, the returned Alias (the signature check runs on pooled
// buffers and the values are read in place). An Alias Gateway result adds
// its four unsigned per-field codes to Alias.Unsigned: the map and one
// slice each. The race detector allocates on its own, hence the build tag.
func TestVerifyAllocations(t *testing.T) {
	c := newClient(t)
	flex := signOut(t, testSHAOut, flexSuccess(), "SHASign")
	gateway := signOut(t, testSHAOut, gatewaySuccess(), "SHASIGN")
	for _, tt := range []struct {
		name    string
		params  map[string][]string
		ceiling float64
	}{
		{"FlexCheckout", flex, 1},
		{"AliasGateway", gateway, 7},
	} {
		allocs := testing.AllocsPerRun(200, func() {
			if _, err := c.Verify(tt.params); err != nil {
				t.Fatal(err)
			}
		})
		assert.LessOrEqual(t, allocs, tt.ceiling, tt.name)
	}
}
