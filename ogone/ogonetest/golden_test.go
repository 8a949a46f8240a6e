package ogonetest_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gogone/ogone/internal/golden"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/stretchr/testify/require"
)

// serveDirect runs one request through the handler, with no network, so
// that hosts and ports do not vary.
func serveDirect(t *testing.T, h http.Handler, method, target string, v url.Values) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestGoldenReplies pins the exact bytes of DirectLink replies: attribute
// order and spelling, CRLF separators, escaping.
func TestGoldenReplies(t *testing.T) {
	srv := ogonetest.NewUnstartedServer(testAccount, ogonetest.WithClock(clock))
	defer srv.Close()
	h := srv.Handler()
	var out strings.Builder
	step := func(title, page string, fields map[string]string) {
		w := serveDirect(t, h, http.MethodPost, "/ncol/test/"+page, signed(t, apiValues(fields)))
		out.WriteString("== " + title + " (" + w.Header().Get("Content-Type") + ")\n")
		out.WriteString(w.Body.String() + "\n")
	}
	res := orderFields("g-1")
	res["OPERATION"] = "RES"
	res["COMPLUS"] = `O'Brien & "Sons" <Zoë>`
	res["PARAMPLUS"] = "note=line1%0D%0Aline2%09%3C%3E&bad name=1"
	step("authorisation", "orderdirect_utf8.asp", res)
	step("partial capture", "maintenancedirect.asp", map[string]string{"PAYID": "3000000001", "OPERATION": "SAL", "AMOUNT": "5000"})
	step("query", "querydirect_utf8.asp", map[string]string{"PAYID": "3000000001"})
	step("duplicate", "orderdirect_utf8.asp", orderFields("g-1"))
	refused := orderFields("g-2")
	refused["CARDNO"], refused["WITHROOT"] = ogonetest.CardRefused, "Y"
	step("refused, with root", "orderdirect_utf8.asp", refused)
	step("capture too large", "maintenancedirect.asp", map[string]string{"PAYID": "3000000001", "OPERATION": "SAS", "AMOUNT": "99999"})
	step("unknown order", "querydirect_utf8.asp", map[string]string{"ORDERID": "nope"})
	golden.CheckString(t, filepath.Join("testdata", "directlink.golden"), out.String())
}

var tokenValueRE = regexp.MustCompile(`value="[0-9a-f]{32}"`)

// TestGoldenHostedFlow pins the payment page and the redirect after it.
func TestGoldenHostedFlow(t *testing.T) {
	acct := testAccount
	acct.DisableDirectFeedback = true
	srv := ogonetest.NewUnstartedServer(acct, ogonetest.WithClock(clock))
	defer srv.Close()
	h := srv.Handler()

	v := hostedFields("g-hosted", map[string]string{"ACCEPTURL": "https://shop.example/return?lang=en"})
	v.Set("COM", "Two <books>")
	v.Set("PARAMPLUS", "session=abc")
	v.Set("COMPLUS", "cart-7")
	w := serveDirect(t, h, http.MethodPost, "/ncol/test/orderstandard_utf8.asp", signed(t, v))
	page := w.Body.String()
	token := tokenOf(t, page)
	golden.CheckString(t, filepath.Join("testdata", "paymentpage.golden.html"), tokenValueRE.ReplaceAllString(page, `value="TOKEN"`))

	w = serveDirect(t, h, http.MethodPost, "/ncol/test/simulator/pay", url.Values{
		"token": {token}, "action": {"pay"}, "CARDNO": {ogonetest.CardAccepted}, "ED": {expiry}, "CVC": {"123"}, "CN": {"Ada Lovelace"},
	})
	require.Equal(t, http.StatusSeeOther, w.Code)
	golden.CheckString(t, filepath.Join("testdata", "redirect.golden"), strings.ReplaceAll(w.Header().Get("Location"), "&", "\n&")+"\n")
}
