package ogone_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The account the DirectLink tests use. The values are distinctive so that
// a test can look for them in errors and logs.
const (
	dlPSPID    = "MyShop"
	dlUserID   = "api-user"
	dlPassword = "Api-Pa55word-Secret!"
	dlSHAIn    = "ShaIn-Passphrase-0123!"
	dlSHAOut   = "ShaOut-Passphrase-4567!"
	dlCardNo   = "4111111111111111"
	dlCVC      = "737"
	dlExpiry   = "11/98"
)

// received is one request as the stub platform saw it.
type received struct {
	Method, Path, ContentType, UserAgent string
	Form                                 url.Values
}

// stubPlatform is an httptest server that records what the client sends
// and answers with reply.
type stubPlatform struct {
	*httptest.Server
	hits  atomic.Int64
	mu    sync.Mutex
	reqs  []received
	reply http.HandlerFunc
}

func newStub(t testing.TB, reply http.HandlerFunc) *stubPlatform {
	t.Helper()
	s := &stubPlatform{reply: reply}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		form, err := url.ParseQuery(string(body))
		if err != nil {
			t.Errorf("request body is not form-encoded: %v", err)
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, received{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
			UserAgent: r.Header.Get("User-Agent"), Form: form})
		s.mu.Unlock()
		r.Form, r.PostForm = form, form // the body is consumed
		s.reply(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// last returns the last request received.
func (s *stubPlatform) last(t testing.TB) received {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NotEmpty(t, s.reqs, "the platform received nothing")
	return s.reqs[len(s.reqs)-1]
}

// replay answers with a recorded reply from testdata/directlink, with the
// Content-Type the platform sends. Like the platform, it answers about the
// order the request named: the request's ORDERID and PAYID replace the
// recorded ones (a recorded PAYID of "0", no order, stays).
func replay(t testing.TB, name string) http.HandlerFunc {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "directlink", name))
	require.NoError(t, err)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/XML; Charset=iso-8859-1")
		_, _ = w.Write(echoReferences(body, r.Form))
	}
}

var (
	recordedOrderID = regexp.MustCompile(`orderID="[^"]*"`)
	recordedPayID   = regexp.MustCompile(`PAYID="[1-9][0-9]*"`)
)

// echoReferences puts the request's ORDERID and PAYID into a recorded reply.
func echoReferences(body []byte, form url.Values) []byte {
	if id := form.Get("ORDERID"); id != "" {
		body = recordedOrderID.ReplaceAllLiteral(body, []byte(`orderID="`+html.EscapeString(id)+`"`))
	}
	if id := form.Get("PAYID"); id != "" {
		body = recordedPayID.ReplaceAllLiteral(body, []byte(`PAYID="`+id+`"`))
	}
	return body
}

func dlConfig(baseURL string) ogone.Config {
	return ogone.Config{
		PSPID: dlPSPID, UserID: dlUserID, Password: ogone.NewSecret(dlPassword),
		SHAIn: ogone.NewSecret(dlSHAIn), SHAOut: ogone.NewSecret(dlSHAOut), Algorithm: shasign.SHA512,
		BaseURL: baseURL,
	}
}

func dlClient(t testing.TB, s *stubPlatform, opts ...ogone.Option) *ogone.Client {
	t.Helper()
	c, err := ogone.NewClient(dlConfig(s.URL), append([]ogone.Option{ogone.WithHTTPClient(s.Client())}, opts...)...)
	require.NoError(t, err)
	return c
}

func testCard(t testing.TB) *ogone.Card {
	t.Helper()
	c, err := ogone.NewCard(dlCardNo, dlExpiry, dlCVC)
	require.NoError(t, err)
	return c
}

func testOrder(t testing.TB) ogone.Order {
	return ogone.Order{
		OrderID:  "order-1002",
		Amount:   decimal.RequireFromString("15.50"),
		Currency: "EUR",
		Card:     testCard(t),
	}
}

// assertSignedRequest checks what every DirectLink request must be: a
// form POST to path with the account's credentials, signed with SHA-IN as
// shasign computes it independently from the received form.
func assertSignedRequest(t testing.TB, got received, path string) {
	t.Helper()
	assert.Equal(t, http.MethodPost, got.Method)
	assert.Equal(t, path, got.Path)
	assert.Equal(t, "application/x-www-form-urlencoded", got.ContentType)
	assert.Equal(t, dlPSPID, got.Form.Get("PSPID"))
	assert.Equal(t, dlUserID, got.Form.Get("USERID"))
	assert.Equal(t, dlPassword, got.Form.Get("PSWD"))
	for name, values := range got.Form {
		assert.Len(t, values, 1, "parameter %s sent more than once", name)
		assert.Equal(t, strings.ToUpper(name), name, "parameter names are sent in uppercase")
	}
	sig := got.Form.Get("SHASIGN")
	require.Len(t, sig, 128, "a SHA-512 digest in hex")
	unsigned := url.Values{}
	for name, values := range got.Form {
		if name != "SHASIGN" {
			unsigned[name] = values
		}
	}
	want, err := shasign.SignIn(shasign.SHA512, dlSHAIn, unsigned)
	require.NoError(t, err)
	assert.Equal(t, want, sig, "SHASIGN must be the SHA-IN digest of the form as received")
}

// formOf flattens a form for exact comparison.
func formOf(v url.Values) map[string]string {
	m := make(map[string]string, len(v))
	for name := range v {
		if name != "SHASIGN" {
			m[name] = v.Get(name)
		}
	}
	return m
}

func credentials(m map[string]string) map[string]string {
	m["PSPID"], m["USERID"], m["PSWD"] = dlPSPID, dlUserID, dlPassword
	return m
}

func TestSaleSendsEveryField(t *testing.T) {
	s := newStub(t, replay(t, "sale_captured.xml"))
	c := dlClient(t, s, ogone.WithUserAgent("shop/1.0"))
	o := testOrder(t)
	o.CustomerName = "José Müller"
	o.Email = "jose@example.com"
	o.OwnerAddress = "Rue de la Loi 16"
	o.OwnerZip = "1000"
	o.OwnerTown = "Bruxelles"
	o.OwnerCountry = "BE"
	o.OwnerPhone = "+32 2 000 00 00"
	o.Description = "basket 7: 2 items"
	o.PaymentMethod = "CreditCard"
	o.Brand = "VISA"
	o.ECI = ogone.ECIECommerce
	o.RemoteAddr = "203.0.113.7"
	o.Timeout = 60 * time.Second
	o.GlobalOrderID = "basket-7"
	o.Extra = url.Values{"complus": {"basket=7&x=1"}, "WithRoot": {""}}

	r, err := c.Sale(context.Background(), o)
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentRequested, r.Status)
	assert.Equal(t, ogone.StateCaptured, r.State())
	assert.Equal(t, "3041658222", r.PayID)
	assert.True(t, decimal.RequireFromString("15.5").Equal(r.Amount))

	got := s.last(t)
	assertSignedRequest(t, got, "/ncol/test/orderdirect_utf8.asp")
	assert.Equal(t, "shop/1.0", got.UserAgent)
	assert.Equal(t, credentials(map[string]string{
		"ORDERID": "order-1002", "AMOUNT": "1550", "CURRENCY": "EUR", "OPERATION": "SAL",
		"CARDNO": dlCardNo, "ED": dlExpiry, "CVC": dlCVC,
		"CN": "José Müller", "EMAIL": "jose@example.com", "OWNERADDRESS": "Rue de la Loi 16",
		"OWNERZIP": "1000", "OWNERTOWN": "Bruxelles", "OWNERCTY": "BE", "OWNERTELNO": "+32 2 000 00 00",
		"COM": "basket 7: 2 items", "PM": "CreditCard", "BRAND": "VISA", "ECI": "7",
		"REMOTE_ADDR": "203.0.113.7", "RTIMEOUT": "60", "GLOBORDERID": "basket-7",
		"COMPLUS": "basket=7&x=1",
	}), formOf(got.Form))
}

func TestOrderOperations(t *testing.T) {
	tests := []struct {
		name string
		call func(*ogone.Client, ogone.Order) (*ogone.Response, error)
		op   string
	}{
		{"Authorize", func(c *ogone.Client, o ogone.Order) (*ogone.Response, error) {
			return c.Authorize(context.Background(), o)
		}, "RES"},
		{"Sale", func(c *ogone.Client, o ogone.Order) (*ogone.Response, error) { return c.Sale(context.Background(), o) }, "SAL"},
		{"Order RES", func(c *ogone.Client, o ogone.Order) (*ogone.Response, error) {
			o.Operation = ogone.OperationAuthorize
			return c.Order(context.Background(), o)
		}, "RES"},
		{"Order RFD", func(c *ogone.Client, o ogone.Order) (*ogone.Response, error) {
			o.Operation = ogone.OperationStandaloneRefund
			return c.Order(context.Background(), o)
		}, "RFD"},
		{"Sale with OperationSale set", func(c *ogone.Client, o ogone.Order) (*ogone.Response, error) {
			o.Operation = ogone.OperationSale
			return c.Sale(context.Background(), o)
		}, "SAL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStub(t, replay(t, "order_authorized.xml"))
			r, err := tt.call(dlClient(t, s), testOrder(t))
			require.NoError(t, err)
			assert.Equal(t, ogone.StateAuthorized, r.State())
			assert.Equal(t, tt.op, s.last(t).Form.Get("OPERATION"))
		})
	}
}

func TestOrderWithAlias(t *testing.T) {
	s := newStub(t, replay(t, "sale_captured.xml"))
	o := ogone.Order{OrderID: "order-1002", Amount: decimal.RequireFromString("15.5"), Currency: "EUR",
		Alias: "customer-42_card", AliasPersistedAfterUse: true, ECI: ogone.ECIRecurringECommerce}
	r, err := dlClient(t, s).Sale(context.Background(), o)
	require.NoError(t, err)
	assert.Equal(t, "customer-42_card", r.Alias)
	assert.Equal(t, ogone.ECIRecurringECommerce, r.ECI)
	got := s.last(t)
	assertSignedRequest(t, got, "/ncol/test/orderdirect_utf8.asp")
	assert.Equal(t, credentials(map[string]string{
		"ORDERID": "order-1002", "AMOUNT": "1550", "CURRENCY": "EUR", "OPERATION": "SAL",
		"ALIAS": "customer-42_card", "ALIASPERSISTEDAFTERUSE": "Y", "ECI": "9",
	}), formOf(got.Form))
}

func TestOrderStoresCardUnderAlias(t *testing.T) {
	s := newStub(t, replay(t, "order_authorized.xml"))
	o := testOrder(t)
	o.Alias = "new-alias"
	_, err := dlClient(t, s).Authorize(context.Background(), o)
	require.NoError(t, err)
	f := s.last(t).Form
	assert.Equal(t, "new-alias", f.Get("ALIAS"))
	assert.Equal(t, dlCardNo, f.Get("CARDNO"))
	assert.False(t, f.Has("ALIASPERSISTEDAFTERUSE"), "false leaves the platform's default")
}

func TestOrder3DSecure(t *testing.T) {
	s := newStub(t, replay(t, "order_3ds.xml"))
	o := testOrder(t)
	o.ThreeDSecure = &ogone.ThreeDSecure{
		HTTPAccept:    "text/html,application/xhtml+xml",
		HTTPUserAgent: "Mozilla/5.0 (X11; Linux x86_64)",
		Window:        ogone.Window3DSMain,
		AcceptURL:     "https://shop.example/pay/accept?order=order-1002",
		DeclineURL:    "https://shop.example/pay/decline",
		ExceptionURL:  "https://shop.example/pay/exception",
		Language:      "fr_BE",
		Browser:       testBrowser(),
	}
	r, err := dlClient(t, s).Sale(context.Background(), o)
	require.NoError(t, err, "waiting for authentication is not an error")
	assert.True(t, r.ActionRequired())
	assert.Equal(t, ogone.StateActionRequired, r.State())
	page, err := os.ReadFile(filepath.Join("testdata", "directlink", "order_3ds_answer.html"))
	require.NoError(t, err)
	assert.Equal(t, string(page), string(r.HTML()))

	got := s.last(t)
	assertSignedRequest(t, got, "/ncol/test/orderdirect_utf8.asp")
	want := map[string]string{
		"FLAG3D": "Y", "HTTP_ACCEPT": "text/html,application/xhtml+xml", "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64)",
		"WIN3DS": "MAINW", "ACCEPTURL": "https://shop.example/pay/accept?order=order-1002",
		"DECLINEURL": "https://shop.example/pay/decline", "EXCEPTIONURL": "https://shop.example/pay/exception",
		"LANGUAGE": "fr_BE",
	}
	for name, value := range want {
		assert.Equal(t, value, got.Form.Get(name), name)
	}
}

func TestOrderRefusals(t *testing.T) {
	tests := []struct {
		file      string
		status    ogone.Status
		nc        ogone.NCError
		payID     string
		duplicate bool
	}{
		{"order_refused.xml", ogone.StatusAuthorizationRefused, ogone.NCErrorPaymentRefused, "3041658223", false},
		{"order_duplicate.xml", ogone.StatusInvalid, ogone.NCErrorDuplicateOrder, "3041658221", true},
		{"order_invalid.xml", ogone.StatusInvalid, ogone.NCErrorDataValidation, "0", false},
		{"latin1.xml", ogone.StatusAuthorizationRefused, ogone.NCErrorPaymentRefused, "3041658227", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := newStub(t, replay(t, tt.file))
			r, err := dlClient(t, s).Sale(context.Background(), testOrder(t))
			require.Error(t, err)
			require.NotNil(t, r, "the Response comes with the refusal, for inspection")
			assert.Equal(t, tt.status, r.Status)
			var e *ogone.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "order", e.Op)
			assert.Equal(t, tt.status, e.Status)
			assert.Equal(t, tt.nc, e.NCError)
			assert.Equal(t, tt.payID, e.PayID)
			assert.Equal(t, r.OrderID, e.OrderID)
			assert.Equal(t, r.NCErrorPlus, e.NCErrorPlus)
			assert.Equal(t, tt.duplicate, errors.Is(err, ogone.ErrDuplicateOrder))
			assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown), "a refusal is a known outcome")
			assert.EqualValues(t, 1, s.hits.Load())
		})
	}
}

// TestOrderUncertainStatusIsNotAnError: STATUS 92 is an answer ("not
// known yet"), not a failure. The caller reads Status.Uncertain and
// reconciles later.
func TestOrderUncertainStatusIsNotAnError(t *testing.T) {
	s := newStub(t, replay(t, "order_uncertain.xml"))
	r, err := dlClient(t, s).Sale(context.Background(), testOrder(t))
	require.NoError(t, err)
	assert.True(t, r.Status.Uncertain())
	assert.Equal(t, ogone.StateUncertain, r.State())
	assert.Equal(t, ogone.NCErrorUnknownAcquirerStatus, r.NCError)
}

func TestMaintenance(t *testing.T) {
	ctx := context.Background()
	amount := decimal.RequireFromString("10.00")
	tests := []struct {
		name  string
		call  func(*ogone.Client) (*ogone.Response, error)
		reply string
		want  map[string]string
	}{
		{"partial capture", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Capture(ctx, "3041658221", ogone.PartialAmount(amount))
		}, "maintenance_capture.xml", map[string]string{"PAYID": "3041658221", "OPERATION": "SAL", "AMOUNT": "1000"}},
		{"final capture with amount", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Capture(ctx, "3041658221", ogone.FinalAmount(amount))
		}, "maintenance_capture.xml", map[string]string{"PAYID": "3041658221", "OPERATION": "SAS", "AMOUNT": "1000"}},
		{"capture of the remaining amount", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Capture(ctx, "3041658221", ogone.RemainingAmount())
		}, "maintenance_capture.xml", map[string]string{"PAYID": "3041658221", "OPERATION": "SAS"}},
		{"partial refund", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Refund(ctx, "3041658222", ogone.PartialAmount(decimal.RequireFromString("5.25")))
		}, "maintenance_refund.xml", map[string]string{"PAYID": "3041658222", "OPERATION": "RFD", "AMOUNT": "525"}},
		{"final refund", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Refund(ctx, "3041658222", ogone.FinalAmount(decimal.RequireFromString("5.25")))
		}, "maintenance_refund.xml", map[string]string{"PAYID": "3041658222", "OPERATION": "RFS", "AMOUNT": "525"}},
		{"refund of the remaining amount", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Refund(ctx, "3041658222", ogone.RemainingAmount())
		}, "maintenance_refund.xml", map[string]string{"PAYID": "3041658222", "OPERATION": "RFS"}},
		{"cancel", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Cancel(ctx, "3041658221")
		}, "maintenance_capture.xml", map[string]string{"PAYID": "3041658221", "OPERATION": "DES"}},
		{"renew", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Renew(ctx, "3041658221")
		}, "maintenance_capture.xml", map[string]string{"PAYID": "3041658221", "OPERATION": "REN"}},
		{"delete, keep open, by ORDERID", func(c *ogone.Client) (*ogone.Response, error) {
			return c.Maintain(ctx, ogone.Maintenance{OrderID: "order-1001", Operation: ogone.OperationDeleteAuth,
				Extra: url.Values{"currency": {"EUR"}}})
		}, "maintenance_capture.xml", map[string]string{"ORDERID": "order-1001", "OPERATION": "DEL", "CURRENCY": "EUR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStub(t, replay(t, tt.reply))
			r, err := tt.call(dlClient(t, s))
			require.NoError(t, err)
			assert.NotEmpty(t, r.PayIDSub, "maintenance replies carry PAYIDSUB")
			got := s.last(t)
			assertSignedRequest(t, got, "/ncol/test/maintenancedirect.asp")
			assert.Equal(t, credentials(tt.want), formOf(got.Form))
		})
	}
}

func TestMaintenanceReply(t *testing.T) {
	s := newStub(t, replay(t, "maintenance_capture.xml"))
	r, err := dlClient(t, s).Capture(context.Background(), "3041658221", ogone.PartialAmount(decimal.RequireFromString("100")))
	require.NoError(t, err)
	assert.Equal(t, "1", r.PayIDSub)
	assert.Equal(t, ogone.StatusPaymentProcessing, r.Status)
	assert.Equal(t, ogone.StatePending, r.State())
	assert.True(t, decimal.RequireFromString("100").Equal(r.Amount))
}

func TestMaintenanceDuplicate(t *testing.T) {
	s := newStub(t, replay(t, "maintenance_duplicate.xml"))
	r, err := dlClient(t, s).Capture(context.Background(), "3041658221", ogone.RemainingAmount())
	require.ErrorIs(t, err, ogone.ErrDuplicateMaintenance)
	assert.False(t, errors.Is(err, ogone.ErrDuplicateOrder))
	require.NotNil(t, r)
	var e *ogone.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "maintenance", e.Op)
	assert.Equal(t, "3041658221", e.PayID)
}

func TestQuery(t *testing.T) {
	s := newStub(t, replay(t, "query.xml"))
	c := dlClient(t, s)
	r, err := c.Query(context.Background(), ogone.Query{PayID: "3041658221", PayIDSub: "1"})
	require.NoError(t, err)
	assert.Equal(t, "XXXXXXXXXXXX1111", r.CardNo)
	assert.Equal(t, "203.0.113.7", r.IP)
	assert.Equal(t, "1", r.PayIDSub)
	assert.Equal(t, ogone.StateCaptured, r.State())
	assert.Equal(t, map[string]string{"SCORING": "1", "SCO_CATEGORY": "G"}, r.Extra)
	got := s.last(t)
	assertSignedRequest(t, got, "/ncol/test/querydirect_utf8.asp")
	assert.Equal(t, credentials(map[string]string{"PAYID": "3041658221", "PAYIDSUB": "1"}), formOf(got.Form))

	_, err = c.Query(context.Background(), ogone.Query{OrderID: "order-1001"})
	require.NoError(t, err)
	assert.Equal(t, credentials(map[string]string{"ORDERID": "order-1001"}), formOf(s.last(t).Form))
}

func TestQueryOfADeclinedOrderIsNotAnError(t *testing.T) {
	s := newStub(t, replay(t, "order_refused.xml"))
	r, err := dlClient(t, s).Query(context.Background(), ogone.Query{PayID: "3041658223"})
	require.NoError(t, err, "the query worked; the order it describes was declined")
	assert.Equal(t, ogone.StateDeclined, r.State())
}

func TestQueryFailures(t *testing.T) {
	for _, file := range []string{"query_unknown.xml", "order_invalid.xml"} {
		t.Run(file, func(t *testing.T) {
			s := newStub(t, replay(t, file))
			r, err := dlClient(t, s).Query(context.Background(), ogone.Query{OrderID: "order-9999"})
			require.Error(t, err)
			require.NotNil(t, r)
			var e *ogone.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "query", e.Op)
			assert.Equal(t, file == "query_unknown.xml", errors.Is(err, ogone.ErrUnknownOrder))
		})
	}
}

func TestWithRootAndLatin1Replies(t *testing.T) {
	s := newStub(t, replay(t, "withroot.xml"))
	o := testOrder(t)
	o.Extra = url.Values{"WITHROOT": {"Y"}}
	r, err := dlClient(t, s).Authorize(context.Background(), o)
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusAuthorized, r.Status)
	assert.Equal(t, "Y", s.last(t).Form.Get("WITHROOT"))

	s = newStub(t, replay(t, "latin1.xml"))
	r, err = dlClient(t, s).Query(context.Background(), ogone.Query{OrderID: "commande-1007"})
	require.NoError(t, err)
	assert.Equal(t, "paiement refusé par l'établissement financier", r.NCErrorPlus)
	assert.Equal(t, "José Müller & Fils", r.Extra["CN"])
}

// failureModes are answers that leave the outcome of a request unknown.
func failureModes(t *testing.T) []struct {
	name  string
	reply http.HandlerFunc
	want  error
} {
	return []struct {
		name  string
		reply http.HandlerFunc
		want  error
	}{
		{"HTTP 500", func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		}, &ogone.HTTPStatusError{}},
		{"HTTP 503 with XML", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
			replay(t, "order_authorized.xml")(w, r)
		}, &ogone.HTTPStatusError{}},
		{"HTML error page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			replay(t, "error_page.html")(w, r)
		}, ogone.ErrNotXML},
		{"HTML fragment served as text/html", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, "<p>Maintenance</p>")
		}, ogone.ErrNotXML},
		{"truncated XML", replay(t, "truncated.xml"), ogone.ErrMalformedReply},
		{"more than 1 MiB", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<ncresponse STATUS="5" COM="`)
			_, _ = w.Write(bytes.Repeat([]byte("A"), ogone.MaxReplySize))
			_, _ = io.WriteString(w, `"/>`)
		}, ogone.ErrReplyTooLarge},
		{"connection closed", func(w http.ResponseWriter, _ *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}, &ogone.TransportError{}},
		{"reply cut short", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "1000")
			_, _ = io.WriteString(w, `<ncresponse STATUS="5"`)
		}, &ogone.TransportError{}},
	}
}

func assertErrorKind(t *testing.T, err, want error) {
	t.Helper()
	switch want.(type) {
	case *ogone.HTTPStatusError:
		var e *ogone.HTTPStatusError
		require.ErrorAs(t, err, &e)
		assert.GreaterOrEqual(t, e.StatusCode, 500)
	case *ogone.TransportError:
		var e *ogone.TransportError
		require.ErrorAs(t, err, &e)
		assert.NotEmpty(t, e.URL)
	default:
		require.ErrorIs(t, err, want)
	}
}

// TestFailuresOfMoneyMovingCalls: without a readable answer an order or a
// capture has an unknown outcome, which the error says, along with the
// cause; the request was sent exactly once.
func TestFailuresOfMoneyMovingCalls(t *testing.T) {
	calls := map[string]func(*ogone.Client) (*ogone.Response, error){
		"sale": func(c *ogone.Client) (*ogone.Response, error) {
			return c.Sale(context.Background(), testOrder(t))
		},
		"capture": func(c *ogone.Client) (*ogone.Response, error) {
			return c.Capture(context.Background(), "3041658221", ogone.FinalAmount(decimal.RequireFromString("15.50")))
		},
		"refund": func(c *ogone.Client) (*ogone.Response, error) {
			return c.Refund(context.Background(), "3041658221", ogone.RemainingAmount())
		},
	}
	for _, mode := range failureModes(t) {
		for name, call := range calls {
			t.Run(mode.name+"/"+name, func(t *testing.T) {
				s := newStub(t, mode.reply)
				r, err := call(dlClient(t, s))
				assert.Nil(t, r)
				require.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
				var u *ogone.OutcomeUnknownError
				require.ErrorAs(t, err, &u)
				assertErrorKind(t, err, mode.want)
				assert.EqualValues(t, 1, s.hits.Load(), "never sent twice")
				assertNoSecretsIn(t, err)
			})
		}
	}
}

// TestFailuresOfQueries: a query changes nothing, so its failures are
// plain errors.
func TestFailuresOfQueries(t *testing.T) {
	for _, mode := range failureModes(t) {
		t.Run(mode.name, func(t *testing.T) {
			s := newStub(t, mode.reply)
			r, err := dlClient(t, s).Query(context.Background(), ogone.Query{PayID: "3041658221"})
			assert.Nil(t, r)
			require.Error(t, err)
			assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown))
			assertErrorKind(t, err, mode.want)
			assertNoSecretsIn(t, err)
		})
	}
}

func TestContextDeadline(t *testing.T) {
	release := make(chan struct{})
	s := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	r, err := dlClient(t, s).Sale(ctx, testOrder(t))
	assert.Nil(t, r)
	assert.Less(t, time.Since(start), 5*time.Second, "the deadline is honoured")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
	var te *ogone.TransportError
	require.ErrorAs(t, err, &te)
	assert.True(t, te.Timeout())
	assert.Equal(t, "order", te.Op)
	assert.Equal(t, s.URL+"/ncol/test/orderdirect_utf8.asp", te.URL)
	assert.EqualValues(t, 1, s.hits.Load())
	assertNoSecretsIn(t, err)
}

func TestHTTPClientTimeout(t *testing.T) {
	release := make(chan struct{})
	s := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	hc := s.Client()
	hc.Timeout = 50 * time.Millisecond
	c, err := ogone.NewClient(dlConfig(s.URL), ogone.WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = c.Capture(context.Background(), "3041658221", ogone.RemainingAmount())
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
}

// TestContextDoneBeforeSending: nothing was sent, so the outcome is known.
func TestContextDoneBeforeSending(t *testing.T) {
	s := newStub(t, replay(t, "order_authorized.xml"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := dlClient(t, s).Sale(ctx, testOrder(t))
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown))
	assert.EqualValues(t, 0, s.hits.Load())
}

func TestContextCancelledDuringTheCall(t *testing.T) {
	arrived := make(chan struct{})
	s := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := dlClient(t, s).Sale(ctx, testOrder(t))
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, ogone.ErrOutcomeUnknown, "the platform had the order")
}

// roundTripFunc is an http.RoundTripper for tests without a network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestInjectedHTTPClient(t *testing.T) {
	reply, err := os.ReadFile(filepath.Join("testdata", "directlink", "order_authorized.xml"))
	require.NoError(t, err)
	var calls atomic.Int64
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		assert.Equal(t, "https://ogone.test.v-psp.com/ncol/test/orderdirect_utf8.asp", r.URL.String())
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"text/xml"}},
			Body: io.NopCloser(bytes.NewReader(reply)), Request: r}, nil
	})}
	cfg := dlConfig("")
	c, err := ogone.NewClient(cfg, ogone.WithHTTPClient(hc))
	require.NoError(t, err)
	o := testOrder(t)
	o.OrderID = "order-1001" // the recorded reply's
	r, err := c.Authorize(context.Background(), o)
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusAuthorized, r.Status)
	assert.EqualValues(t, 1, calls.Load())

	// A failing transport: one call, outcome unknown, the cause kept.
	boom := errors.New("proxy refused")
	hc.Transport = roundTripFunc(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, boom
	})
	_, err = c.Sale(context.Background(), testOrder(t))
	require.ErrorIs(t, err, boom)
	require.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
	assert.EqualValues(t, 2, calls.Load())
}

// TestNeverRetries: whatever goes wrong, a money-moving request reaches
// the platform once.
func TestNeverRetries(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		// Read the whole request, then drop the connection without a word,
		// as a crashing front end would.
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			_ = conn.Close()
		}
	}))
	defer srv.Close()
	c, err := ogone.NewClient(dlConfig(srv.URL), ogone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		_, err = c.Sale(context.Background(), testOrder(t))
		require.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
	}
	_, err = c.Capture(context.Background(), "1", ogone.RemainingAmount())
	require.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
	assert.EqualValues(t, 4, hits.Load(), "one hit per call")
}

// TestValidationSendsNothing: an invalid request never reaches the
// platform, and its error names the parameter without its value.
func TestValidationSendsNothing(t *testing.T) {
	ctx := context.Background()
	order := func(edit func(*ogone.Order)) func(*ogone.Client) error {
		return func(c *ogone.Client) error {
			o := testOrder(t)
			edit(&o)
			_, err := c.Order(ctx, o)
			return err
		}
	}
	sale := func(edit func(*ogone.Order)) func(*ogone.Client) error {
		return func(c *ogone.Client) error {
			o := testOrder(t)
			edit(&o)
			_, err := c.Sale(ctx, o)
			return err
		}
	}
	tests := []struct {
		name  string
		call  func(*ogone.Client) error
		field string
		want  error
	}{
		{"no operation", order(func(o *ogone.Order) {}), "OPERATION", ogone.ErrMissingField},
		{"maintenance operation on an order", order(func(o *ogone.Order) { o.Operation = ogone.OperationFinalCapture }), "OPERATION", ogone.ErrInvalidOperation},
		{"Authorize with OperationSale", func(c *ogone.Client) error {
			o := testOrder(t)
			o.Operation = ogone.OperationSale
			_, err := c.Authorize(ctx, o)
			return err
		}, "OPERATION", ogone.ErrInvalidOperation},
		{"no order id", sale(func(o *ogone.Order) { o.OrderID = "" }), "ORDERID", ogone.ErrInvalidOrderID},
		{"order id too long", sale(func(o *ogone.Order) { o.OrderID = strings.Repeat("x", 31) }), "ORDERID", ogone.ErrInvalidOrderID},
		{"zero amount", sale(func(o *ogone.Order) { o.Amount = decimal.Decimal{} }), "AMOUNT", ogone.ErrAmountNotPositive},
		{"three decimals", sale(func(o *ogone.Order) { o.Amount = decimal.RequireFromString("1.005") }), "AMOUNT", ogone.ErrAmountPrecision},
		{"bad currency", sale(func(o *ogone.Order) { o.Currency = "eur" }), "CURRENCY", ogone.ErrInvalidCurrency},
		{"neither card nor alias", sale(func(o *ogone.Order) { o.Card = nil }), "CARDNO", ogone.ErrMissingCardOrAlias},
		{"zero card", sale(func(o *ogone.Order) { o.Card = &ogone.Card{} }), "CARDNO", ogone.ErrInvalidCardNumber},
		{"bad alias", sale(func(o *ogone.Order) { o.Card, o.Alias = nil, "bad alias!" }), "ALIAS", ogone.ErrInvalidAlias},
		{"ECI 10", sale(func(o *ogone.Order) { o.ECI = 10 }), "ECI", ogone.ErrInvalidECI},
		{"country", sale(func(o *ogone.Order) { o.OwnerCountry = "Belgium" }), "OWNERCTY", ogone.ErrInvalidCountry},
		{"remote address", sale(func(o *ogone.Order) { o.RemoteAddr = "localhost" }), "REMOTE_ADDR", ogone.ErrInvalidRemoteAddr},
		{"timeout 20 s", sale(func(o *ogone.Order) { o.Timeout = 20 * time.Second }), "RTIMEOUT", ogone.ErrInvalidTimeout},
		{"timeout 91 s", sale(func(o *ogone.Order) { o.Timeout = 91 * time.Second }), "RTIMEOUT", ogone.ErrInvalidTimeout},
		{"timeout 30.5 s", sale(func(o *ogone.Order) { o.Timeout = 30500 * time.Millisecond }), "RTIMEOUT", ogone.ErrInvalidTimeout},
		{"control character", sale(func(o *ogone.Order) { o.CustomerName = "A\nB" }), "CN", ogone.ErrInvalidValue},
		{"3-D Secure without headers", sale(func(o *ogone.Order) {
			o.ThreeDSecure = &ogone.ThreeDSecure{AcceptURL: "https://shop.example/a"}
		}), "HTTP_ACCEPT", ogone.ErrMissing3DSField},
		{"3-D Secure without AcceptURL", sale(func(o *ogone.Order) {
			o.ThreeDSecure = &ogone.ThreeDSecure{HTTPAccept: "*/*", HTTPUserAgent: "x"}
		}), "ACCEPTURL", ogone.ErrMissing3DSField},
		{"3-D Secure relative URL", sale(func(o *ogone.Order) {
			o.ThreeDSecure = &ogone.ThreeDSecure{HTTPAccept: "*/*", HTTPUserAgent: "x", AcceptURL: "/accept"}
		}), "ACCEPTURL", ogone.ErrInvalidURL},
		{"3-D Secure window", sale(func(o *ogone.Order) {
			o.ThreeDSecure = &ogone.ThreeDSecure{HTTPAccept: "*/*", HTTPUserAgent: "x", AcceptURL: "https://a.example", Window: "TAB"}
		}), "WIN3DS", ogone.ErrInvalidWindow},
		{"3-D Secure language", sale(func(o *ogone.Order) {
			o.ThreeDSecure = &ogone.ThreeDSecure{HTTPAccept: "*/*", HTTPUserAgent: "x", AcceptURL: "https://a.example", Language: "french"}
		}), "LANGUAGE", ogone.ErrInvalidLanguage},
		{"extra CARDNO", sale(func(o *ogone.Order) { o.Extra = url.Values{"cardno": {"4111111111111111"}} }), "CARDNO", ogone.ErrReservedField},
		{"extra PSWD", sale(func(o *ogone.Order) { o.Extra = url.Values{"PSWD": {"x"}} }), "PSWD", ogone.ErrReservedField},
		{"extra typed field", sale(func(o *ogone.Order) { o.Extra = url.Values{"Eci": {"7"}} }), "ECI", ogone.ErrReservedField},
		{"extra repeated", sale(func(o *ogone.Order) { o.Extra = url.Values{"COMPLUS": {"a", "b"}} }), "COMPLUS", ogone.ErrRepeatedField},
		{"extra in two cases", sale(func(o *ogone.Order) { o.Extra = url.Values{"COMPLUS": {"a"}, "complus": {"b"}} }), "COMPLUS", ogone.ErrRepeatedField},
		{"capture without portion", func(c *ogone.Client) error {
			_, err := c.Capture(ctx, "3041658221", ogone.Portion{})
			return err
		}, "OPERATION", ogone.ErrPortionUnset},
		{"refund without portion", func(c *ogone.Client) error {
			_, err := c.Refund(ctx, "3041658221", ogone.Portion{})
			return err
		}, "OPERATION", ogone.ErrPortionUnset},
		{"partial capture of nothing", func(c *ogone.Client) error {
			_, err := c.Capture(ctx, "3041658221", ogone.PartialAmount(decimal.Decimal{}))
			return err
		}, "AMOUNT", ogone.ErrMissingField},
		{"negative refund", func(c *ogone.Client) error {
			_, err := c.Refund(ctx, "3041658221", ogone.FinalAmount(decimal.RequireFromString("-1")))
			return err
		}, "AMOUNT", ogone.ErrAmountNotPositive},
		{"capture with a bad PAYID", func(c *ogone.Client) error {
			_, err := c.Capture(ctx, "30416 58221", ogone.RemainingAmount())
			return err
		}, "PAYID", ogone.ErrInvalidPayID},
		{"maintenance without order", func(c *ogone.Client) error {
			_, err := c.Maintain(ctx, ogone.Maintenance{Operation: ogone.OperationRenew})
			return err
		}, "PAYID", ogone.ErrNoOrderReference},
		{"maintenance with both references", func(c *ogone.Client) error {
			_, err := c.Maintain(ctx, ogone.Maintenance{PayID: "1", OrderID: "o", Operation: ogone.OperationRenew})
			return err
		}, "PAYID", ogone.ErrNoOrderReference},
		{"maintenance without operation", func(c *ogone.Client) error {
			_, err := c.Maintain(ctx, ogone.Maintenance{PayID: "1"})
			return err
		}, "OPERATION", ogone.ErrMissingField},
		{"maintenance with RES", func(c *ogone.Client) error {
			_, err := c.Maintain(ctx, ogone.Maintenance{PayID: "1", Operation: ogone.OperationAuthorize})
			return err
		}, "OPERATION", ogone.ErrInvalidOperation},
		{"maintenance extra PAYID", func(c *ogone.Client) error {
			_, err := c.Maintain(ctx, ogone.Maintenance{PayID: "1", Operation: ogone.OperationRenew, Extra: url.Values{"payid": {"2"}}})
			return err
		}, "PAYID", ogone.ErrReservedField},
		{"query without order", func(c *ogone.Client) error {
			_, err := c.Query(ctx, ogone.Query{})
			return err
		}, "PAYID", ogone.ErrNoOrderReference},
		{"query PAYIDSUB without PAYID", func(c *ogone.Client) error {
			_, err := c.Query(ctx, ogone.Query{OrderID: "o", PayIDSub: "1"})
			return err
		}, "PAYIDSUB", ogone.ErrNoOrderReference},
		{"query bad PAYIDSUB", func(c *ogone.Client) error {
			_, err := c.Query(ctx, ogone.Query{PayID: "1", PayIDSub: "x"})
			return err
		}, "PAYIDSUB", ogone.ErrInvalidPayID},
		{"reconcile without order id", func(c *ogone.Client) error {
			_, err := c.Reconcile(ctx, "")
			return err
		}, "PAYID", ogone.ErrNoOrderReference},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStub(t, replay(t, "order_authorized.xml"))
			err := tt.call(dlClient(t, s))
			require.ErrorIs(t, err, tt.want)
			var fe *ogone.FieldError
			require.ErrorAs(t, err, &fe)
			found := false
			for _, leaf := range fieldErrors(err) {
				found = found || leaf.Field == tt.field
			}
			assert.True(t, found, "no FieldError for %s in %v", tt.field, err)
			assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown))
			assert.EqualValues(t, 0, s.hits.Load(), "nothing is sent")
			assertNoSecretsIn(t, err)
		})
	}
}

func fieldErrors(err error) []*ogone.FieldError {
	var out []*ogone.FieldError
	var walk func(error)
	walk = func(e error) {
		if fe, ok := e.(*ogone.FieldError); ok {
			out = append(out, fe)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, inner := range j.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
	return out
}

func TestOrderReportsEveryProblem(t *testing.T) {
	s := newStub(t, replay(t, "order_authorized.xml"))
	_, err := dlClient(t, s).Sale(context.Background(), ogone.Order{Currency: "euro", ECI: -1})
	fields := map[string]bool{}
	for _, fe := range fieldErrors(err) {
		fields[fe.Field] = true
	}
	assert.Equal(t, map[string]bool{"ORDERID": true, "AMOUNT": true, "CURRENCY": true, "CARDNO": true, "ECI": true}, fields)
	assert.EqualValues(t, 0, s.hits.Load())
}

func TestDirectLinkNeedsTheAPIUser(t *testing.T) {
	s := newStub(t, replay(t, "order_authorized.xml"))
	cfg := dlConfig(s.URL)
	cfg.UserID, cfg.Password = "", ogone.Secret{}
	c, err := ogone.NewClient(cfg, ogone.WithHTTPClient(s.Client()))
	require.NoError(t, err, "the hosted page needs no API user")
	_, err = c.Sale(context.Background(), testOrder(t))
	require.ErrorIs(t, err, ogone.ErrMissingAPIUser)
	_, err = c.Query(context.Background(), ogone.Query{PayID: "1"})
	require.ErrorIs(t, err, ogone.ErrMissingAPIUser)
	assert.EqualValues(t, 0, s.hits.Load())
}

func TestZeroClient(t *testing.T) {
	var nilClient *ogone.Client
	_, err := nilClient.Sale(context.Background(), testOrder(t))
	assert.ErrorIs(t, err, ogone.ErrNoClient)
	_, err = (&ogone.Client{}).Query(context.Background(), ogone.Query{PayID: "1"})
	assert.ErrorIs(t, err, ogone.ErrNoClient)
}

// assertNoSecretsIn looks for the account's secrets and the card's data in
// an error's message, in every fmt form.
func assertNoSecretsIn(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, out := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%s", err), fmt.Sprintf("%q", err)} {
		for _, secret := range []string{dlPassword, dlSHAIn, dlSHAOut, dlCardNo, "411111111111", "cvc=" + dlCVC, "CVC=" + dlCVC, dlExpiry, "11%2F98"} {
			assert.NotContains(t, out, secret)
		}
	}
}

func TestErrorsHoldNoSecrets(t *testing.T) {
	// A platform that echoes everything it received in its text.
	s := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		var b bytes.Buffer
		b.WriteString(`<ncresponse STATUS="0" NCERROR="50001111" NCERRORPLUS="`)
		for _, name := range []string{"CARDNO", "ORDERID"} {
			b.WriteString(name + " " + r.Form.Get(name) + " ")
		}
		b.WriteString(`"/>`)
		_, _ = w.Write(b.Bytes())
	})
	_, err := dlClient(t, s).Sale(context.Background(), testOrder(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "XXXXXXXXXXXX1111")
	assertNoSecretsIn(t, err)
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	s := newStub(t, replay(t, "order_authorized.xml"))
	c := dlClient(t, s)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			o := testOrder(t)
			o.OrderID = fmt.Sprintf("order-%d", i)
			_, err := c.Authorize(context.Background(), o)
			assert.NoError(t, err)
		}(i)
	}
	wg.Wait()
	assert.EqualValues(t, 8, s.hits.Load())
}

func BenchmarkOrderRoundTrip(b *testing.B) {
	s := newStub(b, replay(b, "order_authorized.xml"))
	c := dlClient(b, s)
	o := testOrder(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Authorize(ctx, o); err != nil {
			b.Fatal(err)
		}
	}
}

// --- against the simulator ----------------------------------------------

func simulatorClient(t *testing.T, opts ...ogonetest.Option) (*ogone.Client, *ogonetest.Server) {
	t.Helper()
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: dlPSPID, UserID: dlUserID, Password: ogone.NewSecret(dlPassword), SHAIn: ogone.NewSecret(dlSHAIn), SHAOut: ogone.NewSecret(dlSHAOut),
	}, opts...)
	t.Cleanup(srv.Close)
	c, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return c, srv
}

func simCard(t *testing.T, number string) *ogone.Card {
	t.Helper()
	c, err := ogone.NewCard(number, "12/99", "123")
	require.NoError(t, err)
	return c
}

// TestSimulatorPaymentLife runs an order's whole life against ogonetest:
// authorize, capture in two parts, refund, and the query that tells each
// step apart.
func TestSimulatorPaymentLife(t *testing.T) {
	c, srv := simulatorClient(t)
	ctx := context.Background()
	r, err := c.Authorize(ctx, ogone.Order{OrderID: "life-1", Amount: decimal.RequireFromString("100"), Currency: "EUR",
		Card: simCard(t, ogonetest.CardAccepted), ECI: ogone.ECIECommerce, CustomerName: "Ann Example"})
	require.NoError(t, err)
	require.Equal(t, ogone.StateAuthorized, r.State())
	payID := r.PayID

	r, err = c.Capture(ctx, payID, ogone.PartialAmount(decimal.RequireFromString("60")))
	require.NoError(t, err)
	assert.Equal(t, "1", r.PayIDSub)
	r, err = c.Capture(ctx, payID, ogone.RemainingAmount())
	require.NoError(t, err)
	assert.Equal(t, "2", r.PayIDSub)
	assert.True(t, decimal.RequireFromString("40").Equal(r.Amount), r.Amount.String())

	_, err = c.Capture(ctx, payID, ogone.RemainingAmount())
	require.ErrorIs(t, err, ogone.ErrDuplicateMaintenance, "nothing left to capture")

	r, err = c.Refund(ctx, payID, ogone.PartialAmount(decimal.RequireFromString("25.50")))
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusRefundPending, r.Status)

	r, err = c.Query(ctx, ogone.Query{PayID: payID})
	require.NoError(t, err)
	assert.Equal(t, ogone.StateRefunded, r.State())
	assert.Equal(t, "XXXXXXXXXXXX1111", r.CardNo)
	assert.NotEmpty(t, r.IP)

	r, err = c.Query(ctx, ogone.Query{PayID: payID, PayIDSub: "1"})
	require.NoError(t, err)
	assert.True(t, decimal.RequireFromString("60").Equal(r.Amount), r.Amount.String())

	tx, ok := srv.Transaction("life-1")
	require.True(t, ok)
	assert.True(t, decimal.RequireFromString("100").Equal(tx.Captured))
	assert.True(t, decimal.RequireFromString("25.5").Equal(tx.Refunded))
}

func TestSimulatorOutcomes(t *testing.T) {
	c, _ := simulatorClient(t)
	ctx := context.Background()
	order := func(id, card string) ogone.Order {
		return ogone.Order{OrderID: id, Amount: decimal.RequireFromString("12.34"), Currency: "EUR", Card: simCard(t, card)}
	}

	_, err := c.Sale(ctx, order("refused-1", ogonetest.CardRefused))
	var e *ogone.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, ogone.NCErrorPaymentRefused, e.NCError)
	assert.Equal(t, ogone.StateDeclined, e.Status.State())
	assert.True(t, e.Retryable())

	r, err := c.Sale(ctx, order("uncertain-1", ogonetest.CardUncertain))
	require.NoError(t, err)
	assert.True(t, r.Status.Uncertain())
	r, err = c.Reconcile(ctx, "uncertain-1")
	require.NoError(t, err)
	assert.Equal(t, ogone.StateCaptured, r.State())

	o := order("3ds-1", ogonetest.Card3DS)
	o.ThreeDSecure = &ogone.ThreeDSecure{HTTPAccept: "text/html", HTTPUserAgent: "Mozilla/5.0",
		AcceptURL: "https://shop.example/accept", Language: "en_US", Browser: testBrowser()}
	r, err = c.Sale(ctx, o)
	require.NoError(t, err)
	assert.True(t, r.ActionRequired())
	assert.Contains(t, string(r.HTML()), "<form")

	_, err = c.Sale(ctx, order("dup-1", ogonetest.CardAccepted))
	require.NoError(t, err)
	r, err = c.Sale(ctx, order("dup-1", ogonetest.CardAccepted))
	require.ErrorIs(t, err, ogone.ErrDuplicateOrder)
	require.ErrorAs(t, err, &e)
	assert.NotEqual(t, "0", e.PayID, "the duplicate names the existing PAYID")
	assert.Equal(t, r.PayID, e.PayID)

	r, err = c.Authorize(ctx, order("cancel-1", ogonetest.CardAcceptedMastercard))
	require.NoError(t, err)
	_, err = c.Cancel(ctx, r.PayID)
	require.NoError(t, err)
	r, err = c.Reconcile(ctx, "cancel-1")
	require.NoError(t, err)
	assert.Equal(t, ogone.StateCancelled, r.State())
}

func TestSimulatorAliasCharge(t *testing.T) {
	c, srv := simulatorClient(t)
	ctx := context.Background()
	// First payment: the customer types the card, the shop stores it.
	_, err := c.Sale(ctx, ogone.Order{OrderID: "a-1", Amount: decimal.RequireFromString("10"), Currency: "EUR",
		Card: simCard(t, ogonetest.CardAccepted), Alias: "cust-7", AliasPersistedAfterUse: true})
	require.NoError(t, err)
	require.Len(t, srv.Aliases(), 1)
	// Later payments: the alias, no card data, recurring e-commerce.
	r, err := c.Sale(ctx, ogone.Order{OrderID: "a-2", Amount: decimal.RequireFromString("10"), Currency: "EUR",
		Alias: "cust-7", ECI: ogone.ECIRecurringECommerce})
	require.NoError(t, err)
	assert.Equal(t, ogone.StateCaptured, r.State())
}

func TestSimulatorWireVariants(t *testing.T) {
	c, _ := simulatorClient(t, ogonetest.WithISO88591Replies())
	o := ogone.Order{OrderID: "wire-1", Amount: decimal.RequireFromString("1"), Currency: "EUR",
		Card: simCard(t, ogonetest.CardAccepted), Extra: url.Values{"WITHROOT": {"Y"}}}
	r, err := c.Sale(context.Background(), o)
	require.NoError(t, err)
	assert.Equal(t, ogone.StateCaptured, r.State())
}

func TestSimulatorWrongPassword(t *testing.T) {
	_, srv := simulatorClient(t)
	cfg := srv.Config()
	cfg.Password = ogone.NewSecret("not-the-password")
	c, err := ogone.NewClient(cfg, ogone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	_, err = c.Sale(context.Background(), ogone.Order{OrderID: "pw-1", Amount: decimal.RequireFromString("1"),
		Currency: "EUR", Card: simCard(t, ogonetest.CardAccepted)})
	var e *ogone.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, ogone.NCError("50001119"), e.NCError)
	assert.NotContains(t, err.Error(), "not-the-password")
}

func TestOrderTimeoutMustFitTheClients(t *testing.T) {
	s := newStub(t, replay(t, "order_authorized.xml"))
	o := testOrder(t)
	o.Timeout = 30 * time.Second

	// The default HTTP client gives up after DefaultTimeout, 30 s.
	c, err := ogone.NewClient(dlConfig(s.URL))
	require.NoError(t, err)
	_, err = c.Authorize(context.Background(), o)
	require.ErrorIs(t, err, ogone.ErrTimeoutTooLong)

	// A client without a timeout, but a context with less time left.
	c = dlClient(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = c.Authorize(ctx, o)
	require.ErrorIs(t, err, ogone.ErrTimeoutTooLong)
	var fe *ogone.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "RTIMEOUT", fe.Field)
	assert.EqualValues(t, 0, s.hits.Load())

	ctx, cancel = context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	_, err = c.Authorize(ctx, o)
	require.NoError(t, err)
}

// TestMaintenanceRefusedByStatus: a refund the acquirer refused (STATUS
// 83) is a refusal even without an NCERROR.
func TestMaintenanceRefusedByStatus(t *testing.T) {
	s := newStub(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, `<ncresponse orderID="o-1" PAYID="3041658222" PAYIDSUB="3" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" STATUS="83" amount="5" currency="EUR"/>`)
	})
	r, err := dlClient(t, s).Refund(context.Background(), "3041658222", ogone.PartialAmount(decimal.RequireFromString("5")))
	var e *ogone.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, ogone.StatusRefundRefused, e.Status)
	require.NotNil(t, r)
	assert.Equal(t, ogone.StateError, r.State())
}
