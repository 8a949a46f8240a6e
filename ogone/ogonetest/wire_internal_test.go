package ogonetest

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Names are uppercased in ASCII only, as the platform does: a look-alike
// letter never makes a name read as another.
func TestParamsUppercaseASCIIOnly(t *testing.T) {
	p := newParams(url.Values{"orderID": {"42"}, "ALIAſ": {"x"}, "AMOUNT\u0131": {"1"}, "cn": {"Ada"}})
	assert.Equal(t, "42", p.get("ORDERID"))
	assert.Equal(t, "Ada", p.get("CN"))
	assert.False(t, p.has("ALIAS"), "U+017F is not an s")
	assert.False(t, p.has("AMOUNTI"), "U+0131 is not an i")
	_, ok := feedbackWireName("ſtatus")
	assert.False(t, ok)
	wire, ok := feedbackWireName("status")
	assert.True(t, ok)
	assert.Equal(t, "STATUS", wire)
}
