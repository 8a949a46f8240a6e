//go:build !race

package ogone

import (
	"strings"
	"testing"
)

// TestParseResponseAllocations holds ParseResponse to its allocation
// budget: under 20 for a typical reply, as encoding/xml could not (see
// BenchmarkParseResponseEncodingXML). The race detector allocates on its
// own, hence the build tag.
func TestParseResponseAllocations(t *testing.T) {
	tests := []struct {
		name, reply string
		max         float64
	}{
		{"protocol sample", protocolSample, 10},
		{"order_authorized.xml", string(readTestdata(t, "order_authorized.xml")), 10},
		{"query.xml, with Extra", string(readTestdata(t, "query.xml")), 15},
		{"order_3ds.xml, with HTML_ANSWER", string(readTestdata(t, "order_3ds.xml")), 19},
		{"latin1.xml, decoded and unescaped", string(readTestdata(t, "latin1.xml")), 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := strings.NewReader(tt.reply)
			allocs := testing.AllocsPerRun(200, func() {
				rd.Reset(tt.reply)
				if _, err := ParseResponse(rd); err != nil {
					t.Fatal(err)
				}
			})
			if allocs > tt.max {
				t.Errorf("ParseResponse allocates %.0f times, budget %.0f", allocs, tt.max)
			}
		})
	}
}
