package feedback_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkVerify reads the seed account's feedback set (15 signed
// parameters and one unsigned, SHA-512): the work of one return URL hit.
func BenchmarkVerify(b *testing.B) {
	v := testVerifier(b)
	params := with(signed(b, seedParams()), "PARAMPLUS_LANG", "fr")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.Verify(params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyRejected is a forged feedback: refused on its signature,
// before any field is read.
func BenchmarkVerifyRejected(b *testing.B) {
	v := testVerifier(b)
	params := with(signed(b, seedParams()), "amount", "0.01")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.Verify(params); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkVerifyRequest adds reading and decoding the POST body.
func BenchmarkVerifyRequest(b *testing.B) {
	v := testVerifier(b)
	body := signed(b, seedParams()).Encode()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := httptest.NewRequest(http.MethodPost, returnURL, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if _, err := v.VerifyRequest(r); err != nil {
			b.Fatal(err)
		}
	}
}
