// Package benchratio times one piece of work against a baseline in the
// same benchmark run, for the library's speed targets ("at most 1.5x the
// raw hash"): a ratio measured side by side survives a noisy machine where
// absolute times do not.
package benchratio

import (
	"math"
	"testing"
	"time"
)

// Paired times b.N rounds of a batch of work and a batch of baseline,
// alternating which goes first, and reports the ratio of the fastest batch
// of each as "x-hash", and the fastest work per call as
// "fastest-ns/sign". On a shared machine other processes only ever make a
// batch slower, and both sides of a round see the same conditions.
func Paired(b *testing.B, batch int, work, baseline func()) {
	run := func(f func()) time.Duration {
		t0 := time.Now()
		for range batch {
			f()
		}
		return time.Since(t0)
	}
	fastestWork, fastestBase := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	for i := 0; i < b.N; i++ {
		var dw, db time.Duration
		if i%2 == 0 {
			dw, db = run(work), run(baseline)
		} else {
			db, dw = run(baseline), run(work)
		}
		fastestWork, fastestBase = min(fastestWork, dw), min(fastestBase, db)
	}
	b.ReportMetric(float64(fastestWork)/float64(fastestBase), "x-hash")
	b.ReportMetric(float64(fastestWork.Nanoseconds())/float64(batch), "fastest-ns/sign")
}
