package shasign_test

import (
	"math"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/gogone/ogone/shasign"
)

// fieldsOf returns params as a list of fields, sorted by name the way a
// builder's table would list them (alphabetically, not in digest order)
// or, with digestOrder, in digest order.
func fieldsOf(params url.Values, digestOrder bool) []shasign.Field {
	fields := make([]shasign.Field, 0, len(params))
	for name, values := range params {
		fields = append(fields, shasign.Field{Name: name, Value: values[0]})
	}
	slices.SortFunc(fields, func(a, b shasign.Field) int {
		if digestOrder {
			return shasign.Compare(a.Name, b.Name)
		}
		return -shasign.Compare(a.Name, b.Name) // the worst order for the sort
	})
	return fields
}

// pairedRatio times b.N rounds of a batch of sign and a batch of hash,
// alternating which goes first, and reports the ratio of the fastest batch
// of each (x-hash): on a shared machine other processes only ever make a
// batch slower, and both sides of a round see the same conditions.
func pairedRatio(b *testing.B, batch int, sign, hash func()) {
	run := func(f func()) time.Duration {
		t0 := time.Now()
		for range batch {
			f()
		}
		return time.Since(t0)
	}
	fastestSign, fastestHash := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	for i := 0; i < b.N; i++ {
		var ds, dh time.Duration
		if i%2 == 0 {
			ds, dh = run(sign), run(hash)
		} else {
			dh, ds = run(hash), run(sign)
		}
		fastestSign, fastestHash = min(fastestSign, ds), min(fastestHash, dh)
	}
	b.ReportMetric(float64(fastestSign)/float64(fastestHash), "x-hash")
	b.ReportMetric(float64(fastestSign.Nanoseconds())/float64(batch), "fastest-ns/sign")
}
