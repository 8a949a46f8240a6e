//go:build !race

// The race detector makes sync.Pool drop items on purpose, so allocation
// ceilings are only meaningful without it.

package shasign_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

func TestAllocationCeilings(t *testing.T) {
	for name, params := range benchRequests() {
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
		}
	}
}
