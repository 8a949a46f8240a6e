//go:build !race

// The race detector makes sync.Pool drop items on purpose, so allocation
// ceilings are only meaningful without it.

package shasign_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

func TestAllocationCeilings(t *testing.T) {
	for _, r := range benchRequests() {
		name, params := r.name, r.params
		for _, alg := range algorithms {
			s, err := shasign.NewSigner(alg, testPassphrase)
			require.NoError(t, err)
			signIn := testing.AllocsPerRun(100, func() { sink, _ = s.SignIn(params) })
			assert.LessOrEqual(t, signIn, 1.0, "SignIn %s %s: only the returned string may allocate", alg, name)

			feedback := feedbackOfSize(len(params))
			sig, err := s.SignOut(feedback)
			require.NoError(t, err)
			feedback.Set("SHASIGN", sig)
			verify := testing.AllocsPerRun(100, func() {
				if err := s.VerifyOut(feedback); err != nil {
					t.Fatal(err)
				}
			})
			assert.Zero(t, verify, "VerifyOut %s %s must not allocate", alg, name)

			iso, err := shasign.NewSigner(alg, "sécret-passphrase", shasign.WithEncoding(shasign.ISO88591))
			require.NoError(t, err)
			signISO := testing.AllocsPerRun(100, func() { sink, _ = iso.SignIn(params) })
			assert.LessOrEqual(t, signISO, 1.0, "ISO-8859-1 SignIn %s %s: only the returned string may allocate", alg, name)
		}
	}
}

// TestNoCliffAboveThePool checks that signing cost grows with the request
// instead of jumping where the pool stops keeping buffers: up to 4,096
// parameters the pooled buffers serve (only the returned string
// allocates); above, each buffer is allocated once at its exact size (a
// handful of allocations, whatever the size, and memory in proportion to
// the request, never regrown).
func TestNoCliffAboveThePool(t *testing.T) {
	s, err := shasign.NewSigner(shasign.SHA512, testPassphrase)
	require.NoError(t, err)
	for _, lines := range []int{255, 256, 1023, 2000} { // 1,024 to 8,004 parameters
		params := orderLines(lines)
		sign := func() { sink, _ = s.SignIn(params) }
		allocs := testing.AllocsPerRun(20, sign)
		bytes := bytesPerRun(20, sign)
		if len(params) <= 4096 {
			assert.LessOrEqual(t, allocs, 1.0, "%d parameters", len(params))
		} else {
			assert.LessOrEqual(t, allocs, 8.0, "%d parameters", len(params))
		}
		assert.LessOrEqual(t, bytes, 128*float64(len(params)), "%d parameters: bytes per signature", len(params))
	}
	for _, lines := range []int{5000, 16000} { // 20,004 and 64,004 parameters
		params := orderLines(lines)
		allocs := testing.AllocsPerRun(5, func() { sink, _ = s.SignIn(params) })
		assert.LessOrEqual(t, allocs, 8.0, "%d parameters", len(params))
	}
}

// bytesPerRun returns the bytes f allocates per run, once warmed up.
func bytesPerRun(runs int, f func()) float64 {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < runs; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(runs)
}
