package ogonetest_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone/ogonetest"
)

var directPages = []string{"orderdirect_utf8.asp", "maintenancedirect.asp", "querydirect_utf8.asp", "querydirect.asp"}

// FuzzDirectLink sends arbitrary bodies to the DirectLink pages: every
// answer must be a well-formed ncresponse with a numeric STATUS.
func FuzzDirectLink(f *testing.F) {
	seedOrder := signed(f, apiValues(orderFields("fz-1")))
	root := signed(f, apiValues(map[string]string{"ORDERID": "fz-1", "WITHROOT": "Y"}))
	capture := signed(f, apiValues(map[string]string{"ORDERID": "fz-1", "OPERATION": "RFD", "AMOUNT": "100"}))
	threeDS := apiValues(orderFields("fz-3ds"))
	threeDS.Set("CARDNO", ogonetest.Card3DS)
	threeDS.Set("FLAG3D", "Y")
	for k, v := range withBrowser(map[string]string{}) {
		threeDS.Set(k, v)
	}
	threeDS.Set("PARAMPLUS", "a=<b>&c=\"d\"&e f=1")
	f.Add(uint8(0), seedOrder.Encode())
	f.Add(uint8(0), signed(f, threeDS).Encode())
	mit := apiValues(orderFields("fz-mit"))
	for k, v := range map[string]string{"COF_INITIATOR": "MIT", "COF_TRANSACTION": "SUBSEQ", "COF_SCHEDULE": "SCHED",
		"COF_RECURRING_EXPIRY": "20301231", "COF_RECURRING_FREQUENCY": "28", "CARDNO": ogonetest.CardSoftDecline} {
		mit.Set(k, v)
	}
	f.Add(uint8(0), signed(f, mit).Encode())
	f.Add(uint8(1), capture.Encode())
	f.Add(uint8(2), root.Encode())
	f.Add(uint8(3), "ORDERID=%zz&PAYID=\x00")
	f.Add(uint8(2), "PSPID="+pspid+"&ORDERID=%3C%22%26%0D%0A")
	f.Add(uint8(0), "")
	f.Add(uint8(1), strings.Repeat("A=1&", 1000))

	srv := newServer(f, ogonetest.WithTimeoutDelay(time.Millisecond), ogonetest.WithDeferredRetry(0, time.Millisecond))
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, page uint8, body string) {
		path := "/ncol/test/" + directPages[int(page)%len(directPages)]
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("HTTP %d", w.Code)
		}
		if ct := w.Header().Get("Content-Type"); ct != "text/xml; charset=utf-8" {
			t.Fatalf("Content-Type %q", ct)
		}
		rep, err := decodeReply(w.Body.Bytes())
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, w.Body.Bytes())
		}
		if _, err := strconv.Atoi(rep.get("STATUS")); err != nil {
			t.Fatalf("STATUS %q", rep.get("STATUS"))
		}
	})
}

var htmlPages = []string{
	"/ncol/test/orderstandard_utf8.asp",
	"/ncol/test/alias_gateway_utf8.asp",
	"/ncol/test/simulator/pay",
	"/ncol/test/simulator/3ds",
	"/ncol/test/simulator/result",
	"/Tokenization/HostedPage",
	"/",
	"/ncol/test/simulator/method",
}

// FuzzPages sends arbitrary queries and bodies to the pages a browser
// sees: every answer is a complete HTML page, or a redirect, and nothing a
// request holds reaches the page unescaped.
func FuzzPages(f *testing.F) {
	hosted := signed(f, hostedFields("fz-h", map[string]string{"ACCEPTURL": "https://shop.example/ok"}))
	hosted.Set("COM", "<x-fuzz>")
	gw := signed(f, url.Values{"PSPID": {pspid}, "ORDERID": {"fz-a"}, "ACCEPTURL": {"https://shop.example/ok"}, "EXCEPTIONURL": {"https://shop.example/nok"}})
	gwCard := withCard(gw, ogonetest.CardAccepted, expiry, "123", "<x-fuzz>")
	flex := url.Values{
		"ACCOUNT.PSPID": {pspid}, "ALIAS.ORDERID": {"fz-f"}, "CARD.PAYMENTMETHOD": {"CreditCard"},
		"PARAMETERS.ACCEPTURL": {"https://shop.example/ok"}, "PARAMETERS.EXCEPTIONURL": {"https://shop.example/nok"},
	}
	sig, _ := signedFlex(flex)
	f.Add(uint8(0), false, hosted.Encode(), "")
	f.Add(uint8(0), true, "", hosted.Encode())
	f.Add(uint8(1), false, gw.Encode(), "")
	f.Add(uint8(1), true, "", gwCard.Encode())
	f.Add(uint8(2), true, "", "token=x&action=pay&CARDNO=<x-fuzz>")
	f.Add(uint8(3), false, "token=<x-fuzz>", "")
	f.Add(uint8(4), false, "STATUS=<x-fuzz>&a=%ZZ", "")
	f.Add(uint8(5), false, sig.Encode(), "")
	f.Add(uint8(5), true, sig.Encode(), "CARDNO=4111111111111111&ED=12/30&CVC=123&CN=<x-fuzz>")
	f.Add(uint8(6), false, "", "")
	f.Add(uint8(7), true, "", "token=<x-fuzz>&method=ideal&action=pay")

	srv := newServer(f, ogonetest.WithDeferredRetry(0, time.Millisecond))
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, page uint8, usePost bool, query, body string) {
		method := http.MethodGet
		if usePost {
			method = http.MethodPost
		}
		r := httptest.NewRequest(method, htmlPages[int(page)%len(htmlPages)], strings.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusSeeOther:
			if _, err := url.Parse(w.Header().Get("Location")); err != nil || w.Header().Get("Location") == "" {
				t.Fatalf("bad Location %q", w.Header().Get("Location"))
			}
		case http.StatusOK:
			page := w.Body.String()
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Fatalf("Content-Type %q", ct)
			}
			if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.HasSuffix(page, "</html>\n") ||
				strings.Count(page, "<html") != 1 || strings.Count(page, "</html>") != 1 {
				t.Fatalf("not a complete page:\n%s", page)
			}
			if strings.Contains(page, "<x-fuzz") {
				t.Fatalf("input reached the page unescaped:\n%s", page)
			}
		default:
			t.Fatalf("HTTP %d", w.Code)
		}
	})
}

func signedFlex(v url.Values) (url.Values, error) {
	sig, err := shasignIn(v)
	if err != nil {
		return nil, err
	}
	v.Set("SHASIGNATURE.SHASIGN", sig)
	return v, nil
}
