package ogone_test

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gogone/ogone/internal/golden"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The e-Commerce guide's example account: its passphrase and the digests
// the guide prints for its example request.
const (
	guidePSPID      = "MyPSPID"
	guidePassphrase = "Mysecretsig1875!?"
)

// hostedClient returns a Client for the guide's account: PSPID and SHA-IN
// only, as the hosted page needs.
func hostedClient(t testing.TB, alg shasign.Algorithm, edit ...func(*ogone.Config)) *ogone.Client {
	t.Helper()
	cfg := ogone.Config{PSPID: guidePSPID, SHAIn: ogone.NewSecret(guidePassphrase), Algorithm: alg}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := ogone.NewClient(cfg)
	require.NoError(t, err)
	return c
}

// guidePage is the guide's example order.
func guidePage() ogone.PaymentPage {
	return ogone.PaymentPage{
		OrderID:  "1234",
		Amount:   decimal.RequireFromString("15"),
		Currency: "EUR",
		Language: "en_US",
	}
}

// fullPage sets every field of PaymentPage, with values that need escaping
// in HTML and in URLs.
func fullPage() ogone.PaymentPage {
	return ogone.PaymentPage{
		OrderID:                "order-2025-0042",
		Amount:                 decimal.RequireFromString("1234.5"),
		Currency:               "EUR",
		Language:               "nl_BE",
		Operation:              ogone.OperationSale,
		CustomerName:           `Zoë D'Hondt & Co <test>`,
		Email:                  "zoe@example.be",
		OwnerAddress:           "Rue de la Loi 16",
		OwnerZip:               "1000",
		OwnerTown:              "Bruxelles",
		OwnerCountry:           "BE",
		OwnerPhone:             "+32 2 555 12 34",
		Description:            `2 × coffee beans "Blue"`,
		Title:                  "Coffee Corner",
		Template:               "https://shop.example/payment/template.html",
		AcceptURL:              "https://shop.example/payment/return?outcome=accept&order=42",
		DeclineURL:             "https://shop.example/payment/return?outcome=decline",
		ExceptionURL:           "https://shop.example/payment/return?outcome=exception",
		CancelURL:              "https://shop.example/payment/return?outcome=cancel",
		BackURL:                "https://shop.example/cart",
		HomeURL:                "https://shop.example/",
		CatalogURL:             ogone.URLNone,
		PaymentMethod:          "CreditCard",
		Brand:                  "VISA",
		PaymentMethods:         "VISA;MasterCard",
		ExcludedPaymentMethods: "American Express",
		ParamPlus:              url.Values{"session": {"s-1 2"}, "cart": {"42"}},
		ComPlus:                "internal-ref-42",
		Alias:                  "customer-42",
		AliasUsage:             "Keep my card for my next orders",
		AliasOperation:         ogone.AliasByMerchant,
		Extra:                  url.Values{"bgcolor": {"#FFFFFF"}, "PMLISTTYPE": {"2"}, "WIN3DS": {"MAINW"}, "logo": {""}},
	}
}

// fullPageFields is what fullPage must become, in the platform's order,
// written out by hand.
var fullPageFields = []ogone.FormField{
	{Name: "ACCEPTURL", Value: "https://shop.example/payment/return?outcome=accept&order=42"},
	{Name: "ALIAS", Value: "customer-42"},
	{Name: "ALIASOPERATION", Value: "BYMERCHANT"},
	{Name: "ALIASUSAGE", Value: "Keep my card for my next orders"},
	{Name: "AMOUNT", Value: "123450"},
	{Name: "BACKURL", Value: "https://shop.example/cart"},
	{Name: "BGCOLOR", Value: "#FFFFFF"},
	{Name: "BRAND", Value: "VISA"},
	{Name: "CANCELURL", Value: "https://shop.example/payment/return?outcome=cancel"},
	{Name: "CATALOGURL", Value: "NONE"},
	{Name: "CN", Value: `Zoë D'Hondt & Co <test>`},
	{Name: "COF_INITIATOR", Value: "CIT"}, // a page that stores a card sends CIT / FIRST by itself
	{Name: "COF_TRANSACTION", Value: "FIRST"},
	{Name: "COM", Value: `2 × coffee beans "Blue"`},
	{Name: "COMPLUS", Value: "internal-ref-42"},
	{Name: "CURRENCY", Value: "EUR"},
	{Name: "DECLINEURL", Value: "https://shop.example/payment/return?outcome=decline"},
	{Name: "EMAIL", Value: "zoe@example.be"},
	{Name: "EXCEPTIONURL", Value: "https://shop.example/payment/return?outcome=exception"},
	{Name: "EXCLPMLIST", Value: "American Express"},
	{Name: "HOMEURL", Value: "https://shop.example/"},
	{Name: "LANGUAGE", Value: "nl_BE"},
	{Name: "OPERATION", Value: "SAL"},
	{Name: "ORDERID", Value: "order-2025-0042"},
	{Name: "OWNERADDRESS", Value: "Rue de la Loi 16"},
	{Name: "OWNERCTY", Value: "BE"},
	{Name: "OWNERTELNO", Value: "+32 2 555 12 34"},
	{Name: "OWNERTOWN", Value: "Bruxelles"},
	{Name: "OWNERZIP", Value: "1000"},
	{Name: "PARAMPLUS", Value: "cart=42&session=s-1+2"},
	{Name: "PM", Value: "CreditCard"},
	{Name: "PMLIST", Value: "VISA;MasterCard"},
	{Name: "PMLISTTYPE", Value: "2"},
	{Name: "PSPID", Value: "MyPSPID"},
	{Name: "TITLE", Value: "Coffee Corner"},
	{Name: "TP", Value: "https://shop.example/payment/template.html"},
	{Name: "WIN3DS", Value: "MAINW"},
}

// fullPageSHA512 is the SHA-512 digest of fullPageFields with the guide's
// passphrase, computed once outside Go (Python's hashlib over the string
// to hash) and written down.
const fullPageSHA512 = "8EC612B602E4931AB4C5DB3AB469C6AA91CEECBB3BB9A3E4F97DF762402B25E04D629B6CA968EA4B64ABBF75976BE097AAFD290E95A4FEEC65ADB21A4CD08678"

// stringToHash joins fields as the platform's guide says: NAME=value
// followed by the passphrase, for each field, in the order given.
func stringToHash(fields []ogone.FormField, passphrase string) string {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f.Name + "=" + f.Value + passphrase)
	}
	return b.String()
}

func upperHex(h hash.Hash, s string) string {
	h.Write([]byte(s))
	return strings.ToUpper(hex.EncodeToString(h.Sum(nil)))
}

func TestHostedPaymentPageGuideExample(t *testing.T) {
	tests := []struct {
		alg       shasign.Algorithm
		operation ogone.Operation
		digest    string
	}{
		// Printed in the platform's e-Commerce guide.
		{shasign.SHA1, "", "F4CC376CD7A834D997B91598FA747825A238BE0A"},
		{shasign.SHA256, "", "E019359BAA3456AE5A986B6AABD22CF1B3E09438739E97F17A7F61DF5A11B30F"},
		{shasign.SHA512, "", "D1CFE8833A297D0922E908B2B44934B09EE966EF1584DC0D696304E07BB58BA71973C2383C831D878D8A243BB7D7DFFFBE53CEE21955CDFEF44FE82E551F859D"},
		// The advanced guide's example with OPERATION.
		{shasign.SHA1, ogone.OperationAuthorize, "EB52902BCC4B50DC1250E5A7C1068ECF97751256"},
	}
	for _, tt := range tests {
		t.Run(tt.alg.String()+string(tt.operation), func(t *testing.T) {
			p := guidePage()
			p.Operation = tt.operation
			if tt.operation != "" {
				p.Language = "" // the advanced guide's example has none
			}
			form, err := hostedClient(t, tt.alg).HostedPaymentPage(p)
			require.NoError(t, err)
			assert.Equal(t, "https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp", form.Action)

			want := []ogone.FormField{{Name: "AMOUNT", Value: "1500"}, {Name: "CURRENCY", Value: "EUR"}}
			if tt.operation == "" {
				want = append(want, ogone.FormField{Name: "LANGUAGE", Value: "en_US"})
			} else {
				want = append(want, ogone.FormField{Name: "OPERATION", Value: "RES"})
			}
			want = append(want,
				ogone.FormField{Name: "ORDERID", Value: "1234"},
				ogone.FormField{Name: "PSPID", Value: "MyPSPID"},
				ogone.FormField{Name: "SHASIGN", Value: tt.digest},
			)
			assert.Equal(t, want, form.Fields)
		})
	}
}

func TestHostedPaymentPageFullRequest(t *testing.T) {
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(fullPage())
	require.NoError(t, err)
	require.NotEmpty(t, form.Fields)

	last := form.Fields[len(form.Fields)-1]
	assert.Equal(t, "SHASIGN", last.Name, "SHASIGN comes last")
	assert.Equal(t, fullPageFields, form.Fields[:len(form.Fields)-1])

	// The digest, three ways: the guide's recipe with Go's hash over the
	// hand-written fields, the shasign package over the form's values,
	// and the constant computed outside Go.
	byHand := upperHex(sha512.New(), stringToHash(fullPageFields, guidePassphrase))
	assert.Equal(t, byHand, last.Value)

	v := form.Values()
	v.Del("SHASIGN")
	bySigner, err := shasign.SignIn(shasign.SHA512, guidePassphrase, v)
	require.NoError(t, err)
	assert.Equal(t, bySigner, last.Value)

	assert.Equal(t, fullPageSHA512, last.Value)
}

// TestHostedPaymentPageSignsAsShasignDoes recomputes SHASIGN from the
// form's own fields for every algorithm, by the shasign package and by
// hand.
func TestHostedPaymentPageSignsAsShasignDoes(t *testing.T) {
	hashes := map[shasign.Algorithm]func() hash.Hash{shasign.SHA1: sha1.New, shasign.SHA256: sha256.New, shasign.SHA512: sha512.New}
	for alg, newHash := range hashes {
		for name, page := range map[string]ogone.PaymentPage{"guide": guidePage(), "full": fullPage()} {
			t.Run(alg.String()+"/"+name, func(t *testing.T) {
				form, err := hostedClient(t, alg).HostedPaymentPage(page)
				require.NoError(t, err)
				sig := form.Get("SHASIGN")
				assert.Len(t, sig, alg.DigestLen())

				v := form.Values()
				v.Del("SHASIGN")
				want, err := shasign.SignIn(alg, guidePassphrase, v)
				require.NoError(t, err)
				assert.Equal(t, want, sig)

				fields := form.Fields[:len(form.Fields)-1]
				assert.Equal(t, upperHex(newHash(), stringToHash(fields, guidePassphrase)), sig)

				// And the platform's side of it: verification passes,
				// and fails once a value changes.
				signer, err := shasign.NewSigner(alg, guidePassphrase)
				require.NoError(t, err)
				require.NoError(t, signer.VerifyIn(form.Values()))
				tampered := form.Values()
				tampered.Set("AMOUNT", "1")
				require.ErrorIs(t, signer.VerifyIn(tampered), shasign.ErrSignatureMismatch)
			})
		}
	}
}

func TestHostedPaymentPageFieldOrder(t *testing.T) {
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(fullPage())
	require.NoError(t, err)
	names := make([]string, 0, len(form.Fields))
	for _, f := range form.Fields[:len(form.Fields)-1] {
		names = append(names, f.Name)
	}
	assert.True(t, slices.IsSortedFunc(names, shasign.Compare), "signed order: %v", names)

	// '_' sorts first: an extra parameter with one lands before its
	// longer namesakes, as the platform hashes them.
	p := guidePage()
	p.Extra = url.Values{"ITEMID1": {"a"}, "ITEM_COUNT": {"1"}}
	form, err = hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
	require.NoError(t, err)
	var got []string
	for _, f := range form.Fields {
		got = append(got, f.Name)
	}
	assert.Equal(t, []string{"AMOUNT", "CURRENCY", "ITEM_COUNT", "ITEMID1", "LANGUAGE", "ORDERID", "PSPID", "SHASIGN"}, got)
}

func TestHostedPaymentPageIsDeterministic(t *testing.T) {
	client := hostedClient(t, shasign.SHA512)
	first, err := client.HostedPaymentPage(fullPage())
	require.NoError(t, err)
	// Maps (Extra, ParamPlus) iterate in random order; the form must not.
	for i := 0; i < 50; i++ {
		again, err := client.HostedPaymentPage(fullPage())
		require.NoError(t, err)
		require.Equal(t, first, again)
		require.Equal(t, first.HTML(), again.HTML())
	}
}

func TestHostedPaymentPageGolden(t *testing.T) {
	tests := map[string]ogone.PaymentPage{"full": fullPage(), "guide": guidePage(), "psd2": psd2Page()}
	for name, page := range tests {
		t.Run(name, func(t *testing.T) {
			form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(page)
			require.NoError(t, err)
			var got bytes.Buffer
			require.NoError(t, form.WriteHTML(&got))

			golden.Check(t, filepath.Join("testdata", "hostedpage", name+".golden.html"), got.Bytes())
		})
	}
}

// inputPattern finds the hidden inputs of a rendered form. html/template
// writes every attribute double-quoted and escapes '"' inside, so a value
// cannot end early.
var inputPattern = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// parseHiddenInputs reads back what a browser would submit from a rendered
// form: the inputs' names and values, unescaped.
func parseHiddenInputs(rendered string) []ogone.FormField {
	var fields []ogone.FormField
	for _, m := range inputPattern.FindAllStringSubmatch(rendered, -1) {
		fields = append(fields, ogone.FormField{Name: html.UnescapeString(m[1]), Value: html.UnescapeString(m[2])})
	}
	return fields
}

func TestFormHTMLEscapesEveryValue(t *testing.T) {
	p := fullPage()
	p.CustomerName = `"><script>alert(1)</script>`
	p.Description = `</form><img src=x onerror=alert(2)>`
	p.OwnerAddress = `' onmouseover='alert(3)`
	p.Title = `{{.Action}} &amp; &#34;`
	p.AcceptURL = `https://shop.example/return?a="><script>alert(4)</script>`
	p.Extra = url.Values{"TXTCOLOR": {`</noscript><script>alert(5)</script>`}}
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
	require.NoError(t, err)

	rendered := string(form.HTML())
	assert.NotContains(t, rendered, "<script>alert")
	assert.NotContains(t, rendered, "<img")
	assert.NotContains(t, rendered, "' onmouseover")
	assert.Equal(t, 1, strings.Count(rendered, "<script"), "only the library's own script")
	assert.Equal(t, 1, strings.Count(rendered, "</form>"))
	assert.Equal(t, 1, strings.Count(rendered, "</noscript>"))
	assert.Contains(t, rendered, `value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`)

	// What the browser submits is exactly what was signed.
	assert.Equal(t, form.Fields, parseHiddenInputs(rendered))
}

func TestFormHTMLStructure(t *testing.T) {
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(guidePage())
	require.NoError(t, err)
	rendered := string(form.HTML())
	assert.True(t, strings.HasPrefix(rendered, `<form id="ogone-payment-form" method="post" action="https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp" accept-charset="UTF-8">`), rendered)
	assert.Contains(t, rendered, `<noscript><button type="submit">`)
	assert.Contains(t, rendered, `<script>document.getElementById("ogone-payment-form").submit();</script>`)
	assert.Equal(t, form.Fields, parseHiddenInputs(rendered))

	// The script's CSP hash, computed from what was rendered.
	script := regexp.MustCompile(`<script>(.*)</script>`).FindStringSubmatch(rendered)
	require.NotNil(t, script)
	sum := sha256.Sum256([]byte(script[1]))
	assert.Equal(t, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'", ogone.FormScriptHash)

	var page bytes.Buffer
	require.NoError(t, form.WriteHTML(&page))
	assert.True(t, strings.HasPrefix(page.String(), "<!DOCTYPE html>"))
	assert.Contains(t, page.String(), `<meta charset="utf-8">`)
	assert.Contains(t, page.String(), rendered, "the page embeds the fragment unchanged")

	var nilForm *ogone.Form
	assert.Empty(t, nilForm.HTML())
	assert.Empty(t, nilForm.Get("SHASIGN"))
	assert.Empty(t, nilForm.Values())
}

func TestFormWriteHTMLReturnsTheWritersError(t *testing.T) {
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(guidePage())
	require.NoError(t, err)
	boom := errors.New("connection reset")
	err = form.WriteHTML(failingWriter{boom})
	assert.ErrorIs(t, err, boom)
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestFormServeHTTP(t *testing.T) {
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(fullPage())
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	form.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/pay", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "text/html; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
	assert.Equal(t, "default-src 'none'; script-src "+ogone.FormScriptHash+"; base-uri 'none'", rec.Header().Get("Content-Security-Policy"))
	var want bytes.Buffer
	require.NoError(t, form.WriteHTML(&want))
	assert.Equal(t, want.String(), rec.Body.String())
}

func TestFormValuesAndGet(t *testing.T) {
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(fullPage())
	require.NoError(t, err)
	v := form.Values()
	assert.Len(t, v, len(form.Fields))
	for _, f := range form.Fields {
		assert.Equal(t, []string{f.Value}, v[f.Name], f.Name)
		assert.Equal(t, f.Value, form.Get(f.Name))
		assert.Equal(t, f.Value, form.Get(strings.ToLower(f.Name)), "any case")
	}
	assert.Empty(t, form.Get("NOPE"))
	// Values is a copy.
	v.Set("AMOUNT", "1")
	assert.Equal(t, "123450", form.Get("AMOUNT"))
}

func TestHostedPaymentPageEndpoints(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ogone.Config)
		want string
	}{
		{"test", nil, "https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp"},
		{"production", func(c *ogone.Config) { c.Env = ogone.Production }, "https://secure.ogone.com/ncol/prod/orderstandard_utf8.asp"},
		{"ePDQ production", func(c *ogone.Config) { c.Env, c.Platform = ogone.Production, ogone.EPDQ }, "https://payments.epdq.co.uk/ncol/prod/orderstandard_utf8.asp"},
		{"simulator", func(c *ogone.Config) { c.BaseURL = "http://127.0.0.1:8080" }, "http://127.0.0.1:8080/ncol/test/orderstandard_utf8.asp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*ogone.Config)
			if tt.edit != nil {
				edits = append(edits, tt.edit)
			}
			form, err := hostedClient(t, shasign.SHA512, edits...).HostedPaymentPage(guidePage())
			require.NoError(t, err)
			assert.Equal(t, tt.want, form.Action)
			assert.Contains(t, string(form.HTML()), `action="`+tt.want+`"`)
		})
	}
}

func TestHostedPaymentPageNeedsANewClient(t *testing.T) {
	var nilClient *ogone.Client
	form, err := nilClient.HostedPaymentPage(guidePage())
	assert.ErrorIs(t, err, ogone.ErrNoClient)
	assert.Nil(t, form)

	form, err = (&ogone.Client{}).HostedPaymentPage(guidePage())
	assert.ErrorIs(t, err, ogone.ErrNoClient)
	assert.Nil(t, form)
}

func TestHostedPaymentPageLeavesEmptyFieldsOut(t *testing.T) {
	p := ogone.PaymentPage{OrderID: "o-1", Amount: decimal.RequireFromString("0.01"), Currency: "USD"}
	form, err := hostedClient(t, shasign.SHA256).HostedPaymentPage(p)
	require.NoError(t, err)
	var names []string
	for _, f := range form.Fields {
		names = append(names, f.Name)
		assert.NotEmpty(t, f.Value, f.Name)
	}
	assert.Equal(t, []string{"AMOUNT", "CURRENCY", "ORDERID", "PSPID", "SHASIGN"}, names)
	assert.Equal(t, "1", form.Get("AMOUNT"))
}

func TestHostedPaymentPageAcceptedValues(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(*ogone.PaymentPage)
		field, want string
	}{
		{"authorise", func(p *ogone.PaymentPage) { p.Operation = ogone.OperationAuthorize }, "OPERATION", "RES"},
		{"sale", func(p *ogone.PaymentPage) { p.Operation = ogone.OperationSale }, "OPERATION", "SAL"},
		{"alias by PSP", func(p *ogone.PaymentPage) { p.AliasOperation = ogone.AliasByPSP }, "ALIASOPERATION", "BYPSP"},
		{"alias by merchant", func(p *ogone.PaymentPage) { p.AliasOperation = ogone.AliasByMerchant }, "ALIASOPERATION", "BYMERCHANT"},
		{"no home button", func(p *ogone.PaymentPage) { p.HomeURL = ogone.URLNone }, "HOMEURL", "NONE"},
		{"no catalogue button", func(p *ogone.PaymentPage) { p.CatalogURL = ogone.URLNone }, "CATALOGURL", "NONE"},
		{"static template by name", func(p *ogone.PaymentPage) { p.Template = "mytemplate.htm" }, "TP", "mytemplate.htm"},
		{"amount with trailing zeros", func(p *ogone.PaymentPage) { p.Amount = decimal.RequireFromString("15.500") }, "AMOUNT", "1550"},
		{"30 characters", func(p *ogone.PaymentPage) { p.OrderID = strings.Repeat("é", 30) }, "ORDERID", strings.Repeat("é", 30)},
		{"extra lowercase name", func(p *ogone.PaymentPage) { p.Extra = url.Values{"bgColor": {"white"}} }, "BGCOLOR", "white"},
		{"extra dotted name", func(p *ogone.PaymentPage) { p.Extra = url.Values{"Some.Param_1": {"x"}} }, "SOME.PARAM_1", "x"},
		{"USERID is not the API password", func(p *ogone.PaymentPage) { p.Extra = url.Values{"USERID": {"backoffice-user"}} }, "USERID", "backoffice-user"},
		{"emoji", func(p *ogone.PaymentPage) { p.CustomerName = "Zoë 😀" }, "CN", "Zoë 😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := guidePage()
			tt.edit(&p)
			form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
			require.NoError(t, err)
			assert.Equal(t, tt.want, form.Get(tt.field))
		})
	}
}

func TestHostedPaymentPageRefusesBadFields(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*ogone.PaymentPage)
		field string
		want  error
		value string // must not appear in the error; "" to skip
	}{
		{"no ORDERID", func(p *ogone.PaymentPage) { p.OrderID = "" }, "ORDERID", ogone.ErrInvalidOrderID, ""},
		{"ORDERID of 31", func(p *ogone.PaymentPage) { p.OrderID = strings.Repeat("k", 31) }, "ORDERID", ogone.ErrInvalidOrderID, strings.Repeat("k", 31)},
		{"ORDERID with a newline", func(p *ogone.PaymentPage) { p.OrderID = "order\n1" }, "ORDERID", ogone.ErrInvalidOrderID, "order\n1"},
		{"zero amount", func(p *ogone.PaymentPage) { p.Amount = decimal.Zero }, "AMOUNT", ogone.ErrAmountNotPositive, ""},
		{"unset amount", func(p *ogone.PaymentPage) { p.Amount = decimal.Decimal{} }, "AMOUNT", ogone.ErrAmountNotPositive, ""},
		{"negative amount", func(p *ogone.PaymentPage) { p.Amount = decimal.RequireFromString("-15.50") }, "AMOUNT", ogone.ErrAmountNotPositive, "15.5"},
		{"three decimals", func(p *ogone.PaymentPage) { p.Amount = decimal.RequireFromString("15.505") }, "AMOUNT", ogone.ErrAmountPrecision, "15.505"},
		{"huge amount", func(p *ogone.PaymentPage) { p.Amount = decimal.RequireFromString("12345678901") }, "AMOUNT", ogone.ErrAmountTooLarge, "12345678901"},
		{"no currency", func(p *ogone.PaymentPage) { p.Currency = "" }, "CURRENCY", ogone.ErrInvalidCurrency, ""},
		{"lowercase currency", func(p *ogone.PaymentPage) { p.Currency = "eur" }, "CURRENCY", ogone.ErrInvalidCurrency, ""},
		{"four-letter currency", func(p *ogone.PaymentPage) { p.Currency = "EURO" }, "CURRENCY", ogone.ErrInvalidCurrency, "EURO"},
		{"language with a dash", func(p *ogone.PaymentPage) { p.Language = "en-US" }, "LANGUAGE", ogone.ErrInvalidLanguage, "en-US"},
		{"language alone", func(p *ogone.PaymentPage) { p.Language = "english" }, "LANGUAGE", ogone.ErrInvalidLanguage, "english"},
		{"refund on the hosted page", func(p *ogone.PaymentPage) { p.Operation = ogone.OperationStandaloneRefund }, "OPERATION", ogone.ErrInvalidOperation, ""},
		{"capture on the hosted page", func(p *ogone.PaymentPage) { p.Operation = ogone.OperationFinalCapture }, "OPERATION", ogone.ErrInvalidOperation, ""},
		{"lowercase operation", func(p *ogone.PaymentPage) { p.Operation = "sal" }, "OPERATION", ogone.ErrInvalidOperation, ""},
		{"relative ACCEPTURL", func(p *ogone.PaymentPage) { p.AcceptURL = "/payment/accepted" }, "ACCEPTURL", ogone.ErrInvalidURL, "/payment/accepted"},
		{"javascript DECLINEURL", func(p *ogone.PaymentPage) { p.DeclineURL = "javascript:alert(1)" }, "DECLINEURL", ogone.ErrInvalidURL, "javascript:alert(1)"},
		{"ftp EXCEPTIONURL", func(p *ogone.PaymentPage) { p.ExceptionURL = "ftp://shop.example/x" }, "EXCEPTIONURL", ogone.ErrInvalidURL, "ftp://shop.example/x"},
		{"hostless CANCELURL", func(p *ogone.PaymentPage) { p.CancelURL = "https:///x" }, "CANCELURL", ogone.ErrInvalidURL, "https:///x"},
		{"BACKURL NONE", func(p *ogone.PaymentPage) { p.BackURL = ogone.URLNone }, "BACKURL", ogone.ErrInvalidURL, ""},
		{"HOMEURL none in lowercase", func(p *ogone.PaymentPage) { p.HomeURL = "none" }, "HOMEURL", ogone.ErrInvalidURL, ""},
		{"CATALOGURL relative", func(p *ogone.PaymentPage) { p.CatalogURL = "catalog.html" }, "CATALOGURL", ogone.ErrInvalidURL, "catalog.html"},
		{"country of three letters", func(p *ogone.PaymentPage) { p.OwnerCountry = "BEL" }, "OWNERCTY", ogone.ErrInvalidCountry, "BEL"},
		{"lowercase country", func(p *ogone.PaymentPage) { p.OwnerCountry = "be" }, "OWNERCTY", ogone.ErrInvalidCountry, ""},
		{"alias with a space", func(p *ogone.PaymentPage) { p.Alias = "my alias" }, "ALIAS", ogone.ErrInvalidAlias, "my alias"},
		{"unknown alias operation", func(p *ogone.PaymentPage) { p.AliasOperation = "BYSHOP" }, "ALIASOPERATION", ogone.ErrInvalidOperation, "BYSHOP"},
		{"CN with a line break", func(p *ogone.PaymentPage) { p.CustomerName = "Zoë\r\nD'Hondt" }, "CN", ogone.ErrInvalidValue, "Zoë\r\nD'Hondt"},
		{"COM with a NUL", func(p *ogone.PaymentPage) { p.Description = "coffee\x00" }, "COM", ogone.ErrInvalidValue, ""},
		{"EMAIL not UTF-8", func(p *ogone.PaymentPage) { p.Email = "zoe\xff@example.be" }, "EMAIL", ogone.ErrInvalidValue, "zoe\xff@example.be"},
		{"COMPLUS with a tab", func(p *ogone.PaymentPage) { p.ComPlus = "a\tb" }, "COMPLUS", ogone.ErrInvalidValue, ""},
		{"PARAMPLUS shadowing STATUS", func(p *ogone.PaymentPage) { p.ParamPlus = url.Values{"status": {"9"}} }, "PARAMPLUS", ogone.ErrReservedField, ""},
		{"PARAMPLUS shadowing orderID", func(p *ogone.PaymentPage) { p.ParamPlus = url.Values{"orderID": {"1"}} }, "PARAMPLUS", ogone.ErrReservedField, ""},
		{"PARAMPLUS shadowing SHASIGN", func(p *ogone.PaymentPage) { p.ParamPlus = url.Values{"SHASign": {"00"}} }, "PARAMPLUS", ogone.ErrReservedField, ""},
		{"PARAMPLUS shadowing Card.Brand", func(p *ogone.PaymentPage) { p.ParamPlus = url.Values{"Card.Brand": {"x"}} }, "PARAMPLUS", ogone.ErrReservedField, ""},
		{"PARAMPLUS empty name", func(p *ogone.PaymentPage) { p.ParamPlus = url.Values{"": {"x"}} }, "PARAMPLUS", ogone.ErrReservedField, ""},
		{"PARAMPLUS twice", func(p *ogone.PaymentPage) { p.ParamPlus = url.Values{"cart": {"1", "2"}} }, "PARAMPLUS", ogone.ErrRepeatedField, ""},
		{"extra ORDERID", func(p *ogone.PaymentPage) { p.Extra = url.Values{"ORDERID": {"other"}} }, "ORDERID", ogone.ErrReservedField, "other"},
		{"extra orderId, any case", func(p *ogone.PaymentPage) { p.Extra = url.Values{"orderId": {"other"}} }, "ORDERID", ogone.ErrReservedField, "other"},
		{"extra amount", func(p *ogone.PaymentPage) { p.Extra = url.Values{"amount": {"1"}} }, "AMOUNT", ogone.ErrReservedField, ""},
		{"extra CN", func(p *ogone.PaymentPage) { p.Extra = url.Values{"cn": {"x"}} }, "CN", ogone.ErrReservedField, ""},
		{"extra PSPID", func(p *ogone.PaymentPage) { p.Extra = url.Values{"PSPID": {"Other"}} }, "PSPID", ogone.ErrReservedField, "Other"},
		{"extra SHASIGN", func(p *ogone.PaymentPage) { p.Extra = url.Values{"shasign": {"00"}} }, "SHASIGN", ogone.ErrReservedField, ""},
		{"extra SHASIGNATURE.SHASIGN", func(p *ogone.PaymentPage) { p.Extra = url.Values{"SHASignature.SHASign": {"00"}} }, "SHASIGNATURE.SHASIGN", ogone.ErrReservedField, ""},
		{"extra PSWD", func(p *ogone.PaymentPage) { p.Extra = url.Values{"PSWD": {"api-password-leak"}} }, "PSWD", ogone.ErrReservedField, "api-password-leak"},
		{"extra CARDNO", func(p *ogone.PaymentPage) { p.Extra = url.Values{"CardNo": {"4111111111111111"}} }, "CARDNO", ogone.ErrReservedField, "4111111111111111"},
		{"extra CVC", func(p *ogone.PaymentPage) { p.Extra = url.Values{"cvc": {"123"}} }, "CVC", ogone.ErrReservedField, ""},
		{"extra ED", func(p *ogone.PaymentPage) { p.Extra = url.Values{"ED": {"12/30"}} }, "ED", ogone.ErrReservedField, "12/30"},
		{"extra name with a space", func(p *ogone.PaymentPage) { p.Extra = url.Values{"BG COLOR": {"x"}} }, `"BG COLOR"`, ogone.ErrReservedField, ""},
		{"extra name with a newline", func(p *ogone.PaymentPage) { p.Extra = url.Values{"A\nB": {"x"}} }, `"A\nB"`, ogone.ErrReservedField, ""},
		{"extra empty name", func(p *ogone.PaymentPage) { p.Extra = url.Values{"": {"x"}} }, `""`, ogone.ErrReservedField, ""},
		{"extra name of 51", func(p *ogone.PaymentPage) { p.Extra = url.Values{strings.Repeat("N", 51): {"x"}} }, `"` + strings.Repeat("N", 50) + `\u2026"`, ogone.ErrReservedField, ""},
		{"extra twice", func(p *ogone.PaymentPage) { p.Extra = url.Values{"BGCOLOR": {"red", "blue"}} }, "BGCOLOR", ogone.ErrRepeatedField, ""},
		{"extra value with a newline", func(p *ogone.PaymentPage) { p.Extra = url.Values{"LOGO": {"a\nb"}} }, "LOGO", ogone.ErrInvalidValue, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := guidePage()
			tt.edit(&p)
			form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
			require.Error(t, err)
			assert.Nil(t, form, "nothing is signed")
			assert.ErrorIs(t, err, tt.want)
			var fe *ogone.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, fe, tt.want)
			assertEveryLeafIsFieldError(t, err)
			if tt.value != "" {
				assert.NotContains(t, err.Error(), tt.value, "values stay out of errors")
			}
		})
	}
}

func TestHostedPaymentPageExtraNamesDifferingInCase(t *testing.T) {
	p := guidePage()
	p.Extra = url.Values{"bgcolor": {"red"}, "BGCOLOR": {"blue"}}
	_, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
	require.ErrorIs(t, err, ogone.ErrRepeatedField)
	var fe *ogone.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "BGCOLOR", fe.Field)
}

func TestHostedPaymentPageReportsEveryProblem(t *testing.T) {
	p := ogone.PaymentPage{
		OrderID:   strings.Repeat("x", 31),
		Amount:    decimal.RequireFromString("1.001"),
		Currency:  "euro",
		Language:  "EN",
		AcceptURL: "accept.html",
		Extra:     url.Values{"PSPID": {"x"}},
	}
	_, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
	require.Error(t, err)
	for _, want := range []error{ogone.ErrInvalidOrderID, ogone.ErrAmountPrecision, ogone.ErrInvalidCurrency, ogone.ErrInvalidLanguage, ogone.ErrInvalidURL, ogone.ErrReservedField} {
		assert.ErrorIs(t, err, want)
	}
	assert.Equal(t, 6, countLeaves(err))
	assertEveryLeafIsFieldError(t, err)
	// In the order of the fields, every time.
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 6)
	for i, field := range []string{"ORDERID", "AMOUNT", "CURRENCY", "LANGUAGE", "ACCEPTURL", "PSPID"} {
		assert.True(t, strings.HasPrefix(lines[i], "ogone: "+field+": "), lines[i])
	}
}

func TestHostedPaymentPageIsSafeForConcurrentUse(t *testing.T) {
	client := hostedClient(t, shasign.SHA512)
	want, err := client.HostedPaymentPage(fullPage())
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				got, err := client.HostedPaymentPage(fullPage())
				if assert.NoError(t, err) {
					assert.Equal(t, want.Fields, got.Fields)
				}
			}
		}()
	}
	wg.Wait()
}

// TestHostedPaymentPageOnTheSimulator takes a form through the simulator
// in ogonetest as a browser would: post the rendered HTML form, pay with a
// test card, and land on the ACCEPTURL with feedback signed by SHA-OUT.
func TestHostedPaymentPageOnTheSimulator(t *testing.T) {
	const shaOut = "simulator-sha-out-pass"
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: guidePSPID, SHAIn: ogone.NewSecret(guidePassphrase), SHAOut: ogone.NewSecret(shaOut), Algorithm: shasign.SHA512,
	})
	t.Cleanup(srv.Close)
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(shop.Close)

	cfg := srv.Config()
	cfg.UserID, cfg.Password = "", ogone.Secret{} // the hosted page needs no API user
	client, err := ogone.NewClient(cfg)
	require.NoError(t, err)

	p := fullPage()
	p.AcceptURL = shop.URL + "/payment/return?outcome=accept&order=42"
	p.DeclineURL = shop.URL + "/payment/return?outcome=decline"
	p.ExceptionURL = shop.URL + "/payment/return?outcome=exception"
	p.CancelURL = shop.URL + "/payment/return?outcome=cancel"
	form, err := client.HostedPaymentPage(p)
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/ncol/test/orderstandard_utf8.asp", form.Action)

	browser := srv.Client()
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	postForm := func(target string, v url.Values) (*http.Response, string) {
		t.Helper()
		resp, err := browser.PostForm(target, v)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		require.NoError(t, err)
		return resp, string(body)
	}

	// What the browser submits: the hidden inputs of the rendered form.
	submitted := url.Values{}
	for _, f := range parseHiddenInputs(string(form.HTML())) {
		submitted.Add(f.Name, f.Value)
	}
	require.Equal(t, form.Values(), submitted)

	// A tampered form is refused as the platform refuses it.
	tampered := form.Values()
	tampered.Set("AMOUNT", "1")
	_, page := postForm(form.Action, tampered)
	assert.Contains(t, page, "unknown order/1/s")

	resp, page := postForm(form.Action, submitted)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	m := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	require.NotNil(t, m, "the simulator shows its payment form, not an error:\n%s", page)
	assert.Contains(t, page, "1234.50 EUR")

	resp, _ = postForm(srv.URL+"/ncol/test/simulator/pay", url.Values{
		"token": {m[1]}, "CARDNO": {"4111111111111111"}, "ED": {"12/30"}, "CVC": {"123"}, "action": {"pay"},
	})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	back, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, shop.URL+"/payment/return", back.Scheme+"://"+back.Host+back.Path)
	feedback := back.Query()
	assert.Equal(t, "order-2025-0042", feedback.Get("orderID"))
	assert.Equal(t, "1234.5", feedback.Get("amount"))
	assert.Equal(t, "9", feedback.Get("STATUS"), "OPERATION=SAL: payment requested")
	assert.Equal(t, "42", feedback.Get("cart"), "PARAMPLUS comes back")
	require.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, feedback))

	txn, ok := srv.Transaction("order-2025-0042")
	require.True(t, ok)
	assert.True(t, decimal.RequireFromString("1234.5").Equal(txn.Amount))
	assert.Equal(t, "internal-ref-42", txn.ComPlus)
}

// hostedPageSentinels are the errors a HostedPaymentPage FieldError may
// wrap.
var hostedPageSentinels = []error{
	ogone.ErrInvalidOrderID, ogone.ErrInvalidCurrency, ogone.ErrInvalidOperation, ogone.ErrInvalidURL,
	ogone.ErrInvalidLanguage, ogone.ErrInvalidCountry, ogone.ErrInvalidAlias, ogone.ErrInvalidValue,
	ogone.ErrReservedField, ogone.ErrRepeatedField, ogone.ErrAmountPrecision, ogone.ErrAmountNotPositive,
	ogone.ErrAmountTooLarge,
}

// leaves returns the errors errors.Join put together, or err itself.
func leaves(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

func countLeaves(err error) int { return len(leaves(err)) }

func assertEveryLeafIsFieldError(t testing.TB, err error) {
	t.Helper()
	for _, leaf := range leaves(err) {
		fe, ok := leaf.(*ogone.FieldError)
		if !assert.True(t, ok, "%T is not a *FieldError: %v", leaf, leaf) {
			continue
		}
		assert.NotEmpty(t, fe.Field)
		known := slices.ContainsFunc(hostedPageSentinels, func(s error) bool { return errors.Is(fe, s) })
		assert.True(t, known, "%s wraps an unexpected error: %v", fe.Field, fe.Err)
	}
}

func FuzzHostedPaymentPage(f *testing.F) {
	f.Add("1234", "15", "EUR", "en_US", "RES", "Zoë", "https://shop.example/ok?a=1&b=2", "BGCOLOR", "#fff", "cart", "42")
	f.Add("", "0", "eur", "en", "RFD", `"><script>`, "javascript:alert(1)", "PSPID", "x", "STATUS", "9")
	f.Add(strings.Repeat("x", 31), "15.555", "EURO", "en-US", "SAL", "a\r\nb", "/relative", "orderid", "\x00", "", "")
	f.Add("o-1", "1e10", "USD", "", "", "", "", "A B", "", "SHASIGN", "")
	f.Add("o-2", "-1", "CHF", "fr_FR", "", "\xff", "https://", "ITEM_COUNT", "1", "Card.Brand", "VISA")
	f.Fuzz(func(t *testing.T, orderID, amount, currency, language, operation, cn, acceptURL, extraName, extraValue, plusName, plusValue string) {
		d, err := decimal.NewFromString(amount)
		if err != nil {
			d = decimal.Decimal{}
		}
		p := ogone.PaymentPage{
			OrderID: orderID, Amount: d, Currency: currency, Language: language,
			Operation: ogone.Operation(operation), CustomerName: cn, AcceptURL: acceptURL,
			Extra:     url.Values{extraName: {extraValue}},
			ParamPlus: url.Values{plusName: {plusValue}},
		}
		form, err := fuzzClient.HostedPaymentPage(p)
		if err != nil {
			assert.Nil(t, form)
			assertEveryLeafIsFieldError(t, err)
			return
		}
		// A form that was built is signed right and survives HTML.
		fields := form.Fields[:len(form.Fields)-1]
		require.Equal(t, "SHASIGN", form.Fields[len(form.Fields)-1].Name)
		require.True(t, slices.IsSortedFunc(fields, func(a, b ogone.FormField) int { return shasign.Compare(a.Name, b.Name) }))
		v := form.Values()
		require.Len(t, v, len(form.Fields), "no name twice")
		v.Del("SHASIGN")
		want, err := shasign.SignIn(shasign.SHA512, guidePassphrase, v)
		require.NoError(t, err)
		require.Equal(t, want, form.Get("SHASIGN"))
		require.Equal(t, form.Fields, parseHiddenInputs(string(form.HTML())))
	})
}

var fuzzClient = func() *ogone.Client {
	c, err := ogone.NewClient(ogone.Config{PSPID: guidePSPID, SHAIn: ogone.NewSecret(guidePassphrase), Algorithm: shasign.SHA512})
	if err != nil {
		panic(err)
	}
	return c
}()

func BenchmarkHostedPaymentPage(b *testing.B) {
	client := hostedClient(b, shasign.SHA512)
	for name, page := range map[string]ogone.PaymentPage{"guide": guidePage(), "full": fullPage()} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := client.HostedPaymentPage(page); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFormHTML(b *testing.B) {
	form, err := hostedClient(b, shasign.SHA512).HostedPaymentPage(fullPage())
	require.NoError(b, err)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if form.HTML() == "" {
			b.Fatal("empty")
		}
	}
}
