//go:build !race

package ogone_test

import (
	"testing"

	"github.com/gogone/ogone/ogone"
)

// Reading what a code means costs no allocation: a shop may do it on
// every reply.
func TestNCErrorLookupDoesNotAllocate(t *testing.T) {
	for _, e := range []ogone.NCError{"30001140", "50001184", "39999999", "0", "5000x113"} {
		allocs := testing.AllocsPerRun(100, func() {
			_ = e.Meaning()
			_ = e.Family()
			_ = e.Retryable()
			_ = e.Category()
		})
		if allocs != 0 {
			t.Errorf("%q: %v allocations", string(e), allocs)
		}
	}
}
