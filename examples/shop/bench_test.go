package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone/ogonetest"
)

// BenchmarkFeedback measures verified feedback applied per second through
// the shop's real return-URL handler: each iteration is one signed
// server-to-server feedback that moves a fresh order from awaiting payment
// to paid (one transaction: lookup, lock, transition, history, arrival).
// Instances are shops sharing one database, fed in parallel.
//
//	go test ./examples/shop -run '^$' -bench Feedback -benchtime 2000x
func BenchmarkFeedback(b *testing.B) {
	cases := []struct {
		name      string
		kind      string
		instances int
	}{
		{"memory-sqlite", "memory", 1},
		{"sqlite", "sqlite", 1},
		{"postgres/1", "postgres", 1},
		{"postgres/2", "postgres", 2},
		{"postgres/4", "postgres", 4},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			sim := ogonetest.NewServer(testAccount)
			b.Cleanup(sim.Close)
			dsn := ":memory:"
			if bc.kind != "memory" {
				dsn = testDSN(b, bc.kind)
			}
			var handlers []http.Handler
			var first *shop
			for i := 0; i < bc.instances; i++ {
				db, d := openTestDB(b, dsn)
				s, err := newShop(sim.Config(), withDB(db, d), withHTTPClient(sim.Client()))
				require.NoError(b, err)
				handlers = append(handlers, s.Handler())
				first = s
			}
			refs := make([]string, b.N)
			for i := range refs {
				o, err := first.store.create(bg, "C-1", beans, false)
				require.NoError(b, err)
				_, err = first.store.startAttempt(bg, o.ID, "payment page")
				require.NoError(b, err)
				refs[i] = o.PaymentRef
			}
			bodies := make([]string, b.N)
			for i, ref := range refs {
				bodies[i] = signFeedback(b, url.Values{"orderID": {ref}, "amount": {"31"}, "currency": {"EUR"},
					"STATUS": {"9"}, "PAYID": {strconv.Itoa(3000000000 + i)}}).Encode()
			}
			var next atomic.Int64
			b.SetParallelism(bc.instances) // goroutines per GOMAXPROCS; at least one per instance
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := next.Add(1) - 1
					req := httptest.NewRequest(http.MethodPost, returnPath, strings.NewReader(bodies[i]))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					w := httptest.NewRecorder()
					handlers[int(i)%len(handlers)].ServeHTTP(w, req)
					if w.Code != http.StatusOK {
						b.Errorf("status %d", w.Code)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "feedback/s")
		})
	}
}
