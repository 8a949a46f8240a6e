//go:build !race

// The race detector changes allocation counts, so ceilings are checked
// without it.

package feedback_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAllocationCeilings keeps Verify from growing unnoticed: at most 12
// allocations for the seed account's feedback (15 signed parameters, one
// unsigned), as issue 10 asks for a 13-field one. A forged feedback must
// cost next to nothing: it is refused on its signature before anything is
// read or allocated for it.
func TestAllocationCeilings(t *testing.T) {
	v := testVerifier(t)
	good := with(signed(t, seedParams()), "PARAMPLUS_LANG", "fr")
	forged := with(good, "amount", "0.01")
	thirteen := signed(t, thirteenFields())

	accepted := testing.AllocsPerRun(200, func() {
		if _, err := v.Verify(good); err != nil {
			t.Fatal(err)
		}
	})
	accepted13 := testing.AllocsPerRun(200, func() {
		if _, err := v.Verify(thirteen); err != nil {
			t.Fatal(err)
		}
	})
	refused := testing.AllocsPerRun(200, func() {
		if _, err := v.Verify(forged); err == nil {
			t.Fatal("accepted")
		}
	})
	t.Logf("allocations: seed feedback %v, 13-field feedback %v, forged %v", accepted, accepted13, refused)
	assert.LessOrEqual(t, accepted, 12.0, "allocations per accepted feedback")
	assert.LessOrEqual(t, accepted13, 12.0, "allocations per accepted 13-field feedback")
	assert.LessOrEqual(t, refused, 4.0, "allocations per forged feedback")
}
