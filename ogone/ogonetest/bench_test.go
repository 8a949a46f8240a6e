package ogonetest_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/gogone/ogone/ogone/ogonetest"
)

// BenchmarkOrderDirect measures one DirectLink sale through the handler,
// signature check included, without the network.
func BenchmarkOrderDirect(b *testing.B) {
	srv := ogonetest.NewUnstartedServer(testAccount, ogonetest.WithClock(clock))
	defer srv.Close()
	h := srv.Handler()
	bodies := make([]string, b.N)
	for i := range bodies {
		bodies[i] = signed(b, apiValues(orderFields("b-"+strconv.Itoa(i)))).Encode()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := serveBody(h, "/ncol/test/orderdirect_utf8.asp", bodies[i])
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkQuery measures a direct query of an existing order.
func BenchmarkQuery(b *testing.B) {
	srv := ogonetest.NewUnstartedServer(testAccount, ogonetest.WithClock(clock))
	defer srv.Close()
	h := srv.Handler()
	serveBody(h, "/ncol/test/orderdirect_utf8.asp", signed(b, apiValues(orderFields("bq"))).Encode())
	body := signed(b, apiValues(map[string]string{"ORDERID": "bq"})).Encode()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if w := serveBody(h, "/ncol/test/querydirect_utf8.asp", body); w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
