//go:build !race

// The race detector changes allocation counts, so ceilings are checked
// without it.

package feedback_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAllocationCeilings keeps Verify from growing unnoticed. A forged
// feedback must cost next to nothing: it is refused on its signature
// before anything is read or allocated for it.
func TestAllocationCeilings(t *testing.T) {
	v := testVerifier(t)
	good := with(signed(t, seedParams()), "PARAMPLUS_LANG", "fr")
	forged := with(good, "amount", "0.01")

	accepted := testing.AllocsPerRun(200, func() {
		if _, err := v.Verify(good); err != nil {
			t.Fatal(err)
		}
	})
	refused := testing.AllocsPerRun(200, func() {
		if _, err := v.Verify(forged); err == nil {
			t.Fatal("accepted")
		}
	})
	assert.LessOrEqual(t, accepted, 60.0, "allocations per accepted feedback")
	assert.LessOrEqual(t, refused, 4.0, "allocations per forged feedback")
}
