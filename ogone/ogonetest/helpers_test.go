package ogonetest_test

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/require"
)

const (
	shaIn    = "test-sha-in-pass-0123"
	shaOut   = "test-sha-out-pass-456"
	apiUser  = "apiuser"
	apiPass  = "api-password-789"
	pspid    = "TESTPSP"
	expiry   = "12/30"
	expiryED = "1230" // as feedback writes it
)

var testAccount = ogonetest.Account{
	PSPID:     pspid,
	UserID:    apiUser,
	Password:  ogone.NewSecret(apiPass),
	SHAIn:     ogone.NewSecret(shaIn),
	SHAOut:    ogone.NewSecret(shaOut),
	Algorithm: shasign.SHA512,
}

// fixedNow is the simulator's clock in tests: TRXDATE is 03/14/25.
var fixedNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func clock() time.Time { return fixedNow }

func newServer(t testing.TB, opts ...ogonetest.Option) *ogonetest.Server {
	t.Helper()
	return newServerFor(t, testAccount, opts...)
}

func newServerFor(t testing.TB, acct ogonetest.Account, opts ...ogonetest.Option) *ogonetest.Server {
	t.Helper()
	srv := ogonetest.NewServer(acct, append([]ogonetest.Option{ogonetest.WithClock(clock)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// signed adds SHASIGN (SHA-IN) to v, as a shop does.
func signed(t testing.TB, v url.Values) url.Values {
	t.Helper()
	sig, err := shasign.SignIn(shasign.SHA512, shaIn, v)
	require.NoError(t, err)
	v.Set("SHASIGN", sig)
	return v
}

// apiValues is a DirectLink request's authentication plus fields.
func apiValues(fields map[string]string) url.Values {
	v := url.Values{"PSPID": {pspid}, "USERID": {apiUser}, "PSWD": {apiPass}}
	for k, val := range fields {
		v.Set(k, val)
	}
	return v
}

// orderFields is a valid DirectLink sale of 125.00 EUR with CardAccepted.
func orderFields(orderID string) map[string]string {
	return map[string]string{
		"ORDERID":   orderID,
		"AMOUNT":    "12500",
		"CURRENCY":  "EUR",
		"CARDNO":    ogonetest.CardAccepted,
		"ED":        expiry,
		"CVC":       "123",
		"CN":        "Ada Lovelace",
		"OPERATION": "SAL",
	}
}

// reply is a parsed DirectLink reply.
type reply struct {
	attrs      map[string]string // uppercased names
	htmlAnswer string
	root       string // the document element
	body       string
	header     http.Header
}

func (r reply) get(name string) string { return r.attrs[strings.ToUpper(name)] }

func parseReply(t testing.TB, body []byte) reply {
	t.Helper()
	rep, err := decodeReply(body)
	require.NoError(t, err, "reply: %s", body)
	return rep
}

// decodeReply reads a whole reply and fails on anything that is not
// well-formed XML with an ncresponse element.
func decodeReply(body []byte) (reply, error) {
	rep := reply{attrs: map[string]string{}, body: string(body)}
	d := xml.NewDecoder(strings.NewReader(string(body)))
	found, inAnswer := false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if rep.root == "" {
				rep.root = el.Name.Local
			}
			switch el.Name.Local {
			case "ncresponse":
				found = true
				for _, a := range el.Attr {
					rep.attrs[strings.ToUpper(a.Name.Local)] = a.Value
				}
			case "HTML_ANSWER":
				inAnswer = true
			}
		case xml.EndElement:
			inAnswer = false
		case xml.CharData:
			if inAnswer {
				rep.htmlAnswer += string(el)
			}
		}
	}
	if !found {
		return rep, errors.New("no ncresponse element")
	}
	return rep, nil
}

// post sends a form and returns the response with its body read.
func post(t testing.TB, c *http.Client, target string, v url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(target, v)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func get(t testing.TB, c *http.Client, target string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(target)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// direct sends a signed DirectLink request to page and parses the reply.
func direct(t testing.TB, srv *ogonetest.Server, page string, v url.Values) reply {
	t.Helper()
	resp, body := post(t, srv.Client(), srv.URL+"/ncol/test/"+page, signed(t, v))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	rep := parseReply(t, []byte(body))
	rep.header = resp.Header
	return rep
}

func order(t testing.TB, srv *ogonetest.Server, fields map[string]string) reply {
	t.Helper()
	return direct(t, srv, "orderdirect_utf8.asp", apiValues(fields))
}

func maintain(t testing.TB, srv *ogonetest.Server, fields map[string]string) reply {
	t.Helper()
	return direct(t, srv, "maintenancedirect.asp", apiValues(fields))
}

func query(t testing.TB, srv *ogonetest.Server, fields map[string]string) reply {
	t.Helper()
	return direct(t, srv, "querydirect_utf8.asp", apiValues(fields))
}

// browser is an HTTP client that, like a test watching a browser, stops at
// every redirect.
func browser(srv *ogonetest.Server) *http.Client {
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

var tokenRE = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)

func tokenOf(t testing.TB, page string) string {
	t.Helper()
	m := tokenRE.FindStringSubmatch(page)
	require.NotNil(t, m, "no token in page:\n%s", page)
	return m[1]
}

// hostedFields is a valid hosted page order of 15.50 EUR.
func hostedFields(orderID string, urls map[string]string) url.Values {
	v := url.Values{
		"PSPID":    {pspid},
		"ORDERID":  {orderID},
		"AMOUNT":   {"1550"},
		"CURRENCY": {"EUR"},
		"LANGUAGE": {"en_US"},
		"CN":       {"Ada Lovelace"},
	}
	for k, u := range urls {
		v.Set(k, u)
	}
	return v
}

// openPayment posts a signed order to the hosted page and returns the
// payment form's session token.
func openPayment(t testing.TB, srv *ogonetest.Server, v url.Values) string {
	t.Helper()
	resp, page := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, v))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return tokenOf(t, page)
}

// pay submits the payment form.
func pay(t testing.TB, srv *ogonetest.Server, token, cardNo string) (*http.Response, string) {
	t.Helper()
	return post(t, browser(srv), srv.URL+"/ncol/test/simulator/pay", url.Values{
		"token": {token}, "action": {"pay"}, "CARDNO": {cardNo}, "ED": {expiry}, "CVC": {"123"}, "CN": {"Ada Lovelace"},
	})
}

// redirectQuery checks a 303 to prefix and returns its query, verified
// with SHA-OUT.
func redirectQuery(t testing.TB, resp *http.Response, prefix string) url.Values {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, prefix), "Location %q, want prefix %q", loc, prefix)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	q := u.Query()
	require.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, q), "SHA-OUT of %s", loc)
	return q
}

// shop is a merchant's server receiving server-to-server feedback. Its
// answers can be scripted.
type shop struct {
	*httptest.Server
	mu       sync.Mutex
	received []url.Values
	paths    []string
	codes    []int // answers, in order; 200 once exhausted
}

func newShop(t testing.TB, codes ...int) *shop {
	t.Helper()
	s := &shop{codes: codes}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		s.mu.Lock()
		s.received = append(s.received, r.PostForm)
		s.paths = append(s.paths, r.URL.Path)
		code := http.StatusOK
		if len(s.codes) > 0 {
			code, s.codes = s.codes[0], s.codes[1:]
		}
		s.mu.Unlock()
		w.WriteHeader(code)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *shop) feedbacks() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.received...)
}

func (s *shop) urls() map[string]string {
	return map[string]string{
		"ACCEPTURL":    s.URL + "/accept?lang=en",
		"DECLINEURL":   s.URL + "/decline",
		"EXCEPTIONURL": s.URL + "/exception",
		"CANCELURL":    s.URL + "/cancel",
	}
}

func shasignIn(v url.Values) (string, error) { return shasign.SignIn(shasign.SHA512, shaIn, v) }

func serveBody(h http.Handler, target, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
