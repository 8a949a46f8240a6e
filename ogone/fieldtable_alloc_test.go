//go:build !race

package ogone

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/shasign"
)

// TestRequestSigningAllocations: signing the fields a builder made
// allocates only the digest, and building and signing a whole request
// stays within a few allocations beyond its fields and values. The race
// detector allocates on its own, hence the build tag.
func TestRequestSigningAllocations(t *testing.T) {
	signer, err := shasign.NewSigner(shasign.SHA512, benchPassphrase)
	require.NoError(t, err)
	for name, fields := range benchFields(t) {
		allocs := testing.AllocsPerRun(100, func() { benchSink, _ = signFields(signer, fields) })
		assert.LessOrEqual(t, allocs, 1.0, "%s: signFields allocates the digest only", name)
	}

	c, err := NewClient(Config{PSPID: "MyPSPID", SHAIn: NewSecret(benchPassphrase), Algorithm: shasign.SHA512})
	require.NoError(t, err)
	page := benchPage()
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := c.HostedPaymentPage(page); err != nil {
			t.Fatal(err)
		}
	})
	// 18 with Go 1.26, 19 with Go 1.23, whose escape analysis keeps one
	// more value on the heap; 20 (Go 1.26) when the page was signed from
	// url.Values.
	assert.LessOrEqual(t, allocs, 19.0, "HostedPaymentPage")

	c, err = NewClient(Config{PSPID: "MyPSPID", UserID: "api", Password: NewSecret("api-password"),
		SHAIn: NewSecret(benchPassphrase), Algorithm: shasign.SHA512})
	require.NoError(t, err)
	order := benchOrder(t)
	allocs = testing.AllocsPerRun(100, func() {
		fields, err := order.fields()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.directForm(fields); err != nil {
			t.Fatal(err)
		}
	})
	// 16 before the field tables: the builder now escapes through the
	// rows' function values, and signing from url.Values cost nothing
	// more here, since the form is made for the request's body anyway.
	assert.LessOrEqual(t, allocs, 17.0, "Order fields and directForm")
}
