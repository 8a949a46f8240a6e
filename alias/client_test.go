package alias_test

import (
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const flexTestURL = "https://ogone.test.v-psp.com/Tokenization/HostedPage"

func TestNewClient(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*ogone.Config)
		want []error
	}{
		{"no SHA-OUT", func(c *ogone.Config) { c.SHAOut = ogone.Secret{} }, []error{alias.ErrMissingSHAOut}},
		{"no PSPID and no SHA-OUT", func(c *ogone.Config) { c.PSPID, c.SHAOut = "", ogone.Secret{} }, []error{ogone.ErrMissingPSPID, alias.ErrMissingSHAOut}},
		{"same passphrases", func(c *ogone.Config) { c.SHAOut = c.SHAIn }, []error{ogone.ErrSamePassphrases}},
		{"short SHA-IN", func(c *ogone.Config) { c.SHAIn = ogone.NewSecret("short") }, []error{ogone.ErrPassphraseLength}},
		{"bad base URL", func(c *ogone.Config) { c.BaseURL = "ftp://x" }, []error{ogone.ErrInvalidBaseURL}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			tt.edit(&cfg)
			c, err := alias.NewClient(cfg)
			require.Error(t, err)
			assert.Nil(t, c)
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w)
			}
			assert.NotContains(t, err.Error(), testSHAIn)
			assert.NotContains(t, err.Error(), testSHAOut)
		})
	}
}

func TestClientPrintsNoSecret(t *testing.T) {
	c := newClient(t)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		out := fmt.Sprintf(verb, c) + fmt.Sprintf(verb, *c)
		assert.NotContains(t, out, testSHAIn, verb)
		assert.NotContains(t, out, testSHAOut, verb)
		assert.NotContains(t, strings.ToLower(out), strings.ToLower(hex.EncodeToString([]byte(testSHAIn))), verb)
	}
}

func TestZeroClient(t *testing.T) {
	for _, c := range []*alias.Client{nil, {}} {
		_, err := c.FlexCheckoutURL(alias.FlexCheckoutPage{})
		assert.ErrorIs(t, err, alias.ErrNoClient)
		_, err = c.AliasGatewayForm(alias.AliasGatewayPage{})
		assert.ErrorIs(t, err, alias.ErrNoClient)
		_, err = c.Verify(url.Values{})
		assert.ErrorIs(t, err, alias.ErrNoClient)
	}
}

// requireSignedIn checks sig against a digest recomputed from the fields
// with shasign's package function, not the Client's signer.
func requireSignedIn(t *testing.T, fields url.Values, sig string) {
	t.Helper()
	want, err := shasign.SignIn(shasign.SHA512, testSHAIn, fields)
	require.NoError(t, err)
	require.Len(t, sig, 128)
	assert.Equal(t, want, sig)
}

func TestFlexCheckoutURL(t *testing.T) {
	c := newClient(t)
	base := func() alias.FlexCheckoutPage {
		return alias.FlexCheckoutPage{
			OrderID:      "reg-1001",
			AcceptURL:    "https://shop.example/card/saved",
			ExceptionURL: "https://shop.example/card/failed",
		}
	}
	required := url.Values{
		"ACCOUNT.PSPID":           {testPSPID},
		"ALIAS.ORDERID":           {"reg-1001"},
		"CARD.PAYMENTMETHOD":      {"CreditCard"},
		"PARAMETERS.ACCEPTURL":    {"https://shop.example/card/saved"},
		"PARAMETERS.EXCEPTIONURL": {"https://shop.example/card/failed"},
	}
	with := func(extra map[string]string) url.Values {
		v := clone(required)
		for k, val := range extra {
			v.Set(k, val)
		}
		return v
	}
	for _, tt := range []struct {
		name string
		edit func(*alias.FlexCheckoutPage)
		want url.Values
	}{
		{"required fields only; CreditCard by default", func(*alias.FlexCheckoutPage) {}, required},
		{"alias id", func(p *alias.FlexCheckoutPage) { p.AliasID = "cust42-ABC_def-09" },
			with(map[string]string{"ALIAS.ALIASID": "cust42-ABC_def-09"})},
		{"stored permanently", func(p *alias.FlexCheckoutPage) { p.Storage = alias.StoragePermanent },
			with(map[string]string{"ALIAS.STOREPERMANENTLY": "Y"})},
		{"stored temporarily", func(p *alias.FlexCheckoutPage) { p.Storage = alias.StorageTemporary },
			with(map[string]string{"ALIAS.STOREPERMANENTLY": "N"})},
		{"payment method and brand", func(p *alias.FlexCheckoutPage) { p.PaymentMethod, p.Brand = "CreditCard", "VISA" },
			with(map[string]string{"CARD.BRAND": "VISA"})},
		{"other payment method", func(p *alias.FlexCheckoutPage) { p.PaymentMethod = "DirectDebits DE" },
			with(map[string]string{"CARD.PAYMENTMETHOD": "DirectDebits DE"})},
		{"layout", func(p *alias.FlexCheckoutPage) { p.Language, p.TemplateName = "nl_BE", "shop-flex.html" },
			with(map[string]string{"LAYOUT.LANGUAGE": "nl_BE", "LAYOUT.TEMPLATENAME": "shop-flex.html"})},
		{"URLs with queries are signed as they are", func(p *alias.FlexCheckoutPage) {
			p.AcceptURL = "https://shop.example/card?result=ok&session=a+b"
		}, with(map[string]string{"PARAMETERS.ACCEPTURL": "https://shop.example/card?result=ok&session=a+b"})},
		{"param plus", func(p *alias.FlexCheckoutPage) { p.ParamPlus = url.Values{"step": {"card"}, "basket": {"9"}} },
			with(map[string]string{"PARAMETERS.PARAMPLUS": "basket=9&step=card"})},
		{"UTF-8 template name", func(p *alias.FlexCheckoutPage) { p.TemplateName = "café.html" },
			with(map[string]string{"LAYOUT.TEMPLATENAME": "café.html"})},
		{"every field", func(p *alias.FlexCheckoutPage) {
			*p = alias.FlexCheckoutPage{
				AliasID: "cust42-X", OrderID: "reg-1001", Storage: alias.StoragePermanent,
				PaymentMethod: "CreditCard", Brand: "MasterCard", Language: "en_US", TemplateName: "t.html",
				AcceptURL: "https://shop.example/card/saved", ExceptionURL: "https://shop.example/card/failed",
				ParamPlus: url.Values{"basket": {"9"}},
			}
		}, with(map[string]string{
			"ALIAS.ALIASID": "cust42-X", "ALIAS.STOREPERMANENTLY": "Y", "CARD.BRAND": "MasterCard",
			"LAYOUT.LANGUAGE": "en_US", "LAYOUT.TEMPLATENAME": "t.html", "PARAMETERS.PARAMPLUS": "basket=9",
		})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(&p)
			raw, err := c.FlexCheckoutURL(p)
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(raw, flexTestURL+"?"), raw)
			u, err := url.Parse(raw)
			require.NoError(t, err)
			q := u.Query()
			sig := q.Get("SHASIGNATURE.SHASIGN")
			q.Del("SHASIGNATURE.SHASIGN")
			assert.Equal(t, tt.want, q)
			requireSignedIn(t, q, sig)
		})
	}
}

// TestFlexCheckoutDigestByHand recomputes one digest without shasign: the
// dotted names uppercased, sorted, NAME=value+passphrase, SHA-512, hex.
func TestFlexCheckoutDigestByHand(t *testing.T) {
	raw, err := newClient(t).FlexCheckoutURL(alias.FlexCheckoutPage{
		AliasID: "cust42-X", OrderID: "reg-1001", Storage: alias.StorageTemporary, Brand: "VISA",
		AcceptURL: "https://shop.example/ok", ExceptionURL: "https://shop.example/nok",
	})
	require.NoError(t, err)
	u, err := url.Parse(raw)
	require.NoError(t, err)
	p := testSHAIn
	s := "ACCOUNT.PSPID=MyShop" + p + "ALIAS.ALIASID=cust42-X" + p + "ALIAS.ORDERID=reg-1001" + p +
		"ALIAS.STOREPERMANENTLY=N" + p + "CARD.BRAND=VISA" + p + "CARD.PAYMENTMETHOD=CreditCard" + p +
		"PARAMETERS.ACCEPTURL=https://shop.example/ok" + p + "PARAMETERS.EXCEPTIONURL=https://shop.example/nok" + p
	sum := sha512.Sum512([]byte(s))
	assert.Equal(t, strings.ToUpper(hex.EncodeToString(sum[:])), u.Query().Get("SHASIGNATURE.SHASIGN"))
}

func TestFlexCheckoutEndpoint(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*ogone.Config)
		want string
	}{
		{"test", func(*ogone.Config) {}, flexTestURL},
		{"production", func(c *ogone.Config) { c.Env = ogone.Production }, "https://secure.ogone.com/Tokenization/HostedPage"},
		{"ePDQ test", func(c *ogone.Config) { c.Platform = ogone.EPDQ }, "https://mdepayments.epdq.co.uk/Tokenization/HostedPage"},
		{"simulator", func(c *ogone.Config) { c.BaseURL = "http://127.0.0.1:8080" }, "http://127.0.0.1:8080/Tokenization/HostedPage"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			tt.edit(&cfg)
			c, err := alias.NewClient(cfg)
			require.NoError(t, err)
			raw, err := c.FlexCheckoutURL(alias.FlexCheckoutPage{OrderID: "1", AcceptURL: "https://a.example", ExceptionURL: "https://b.example"})
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(raw, tt.want+"?"), raw)
		})
	}
}

// invalidCase is a request field set wrong, and the parameter and sentinel
// the error must name.
type invalidCase struct {
	name  string
	field string
	value string // what was set, which the error must not show
	want  error
}

var invalidFlex = []struct {
	invalidCase
	edit func(*alias.FlexCheckoutPage)
}{
	{invalidCase{"no order id", "ALIAS.ORDERID", "", ogone.ErrMissingField}, func(p *alias.FlexCheckoutPage) { p.OrderID = "" }},
	{invalidCase{"order id too long", "ALIAS.ORDERID", "o123456789012345678901234567890", ogone.ErrInvalidOrderID},
		func(p *alias.FlexCheckoutPage) { p.OrderID = "o123456789012345678901234567890" }},
	{invalidCase{"order id with a line break", "ALIAS.ORDERID", "", ogone.ErrInvalidOrderID}, func(p *alias.FlexCheckoutPage) { p.OrderID = "a\nb" }},
	{invalidCase{"alias id with a space", "ALIAS.ALIASID", "cust 42", alias.ErrInvalidID}, func(p *alias.FlexCheckoutPage) { p.AliasID = "cust 42" }},
	{invalidCase{"alias id too long", "ALIAS.ALIASID", strings.Repeat("a", 51), ogone.ErrInvalidAlias},
		func(p *alias.FlexCheckoutPage) { p.AliasID = strings.Repeat("a", 51) }},
	{invalidCase{"unknown storage", "ALIAS.STOREPERMANENTLY", "", alias.ErrInvalidStorage}, func(p *alias.FlexCheckoutPage) { p.Storage = 7 }},
	{invalidCase{"no accept URL", "PARAMETERS.ACCEPTURL", "", ogone.ErrMissingField}, func(p *alias.FlexCheckoutPage) { p.AcceptURL = "" }},
	{invalidCase{"relative exception URL", "PARAMETERS.EXCEPTIONURL", "/card/failed", ogone.ErrInvalidURL},
		func(p *alias.FlexCheckoutPage) { p.ExceptionURL = "/card/failed" }},
	{invalidCase{"javascript URL", "PARAMETERS.ACCEPTURL", "javascript:alert(1)", ogone.ErrInvalidURL},
		func(p *alias.FlexCheckoutPage) { p.AcceptURL = "javascript:alert(1)" }},
	{invalidCase{"language", "LAYOUT.LANGUAGE", "english", ogone.ErrInvalidLanguage}, func(p *alias.FlexCheckoutPage) { p.Language = "english" }},
	{invalidCase{"control character", "LAYOUT.TEMPLATENAME", "", ogone.ErrInvalidValue}, func(p *alias.FlexCheckoutPage) { p.TemplateName = "a\x00b" }},
	{invalidCase{"invalid UTF-8", "CARD.BRAND", "", ogone.ErrInvalidValue}, func(p *alias.FlexCheckoutPage) { p.Brand = "\xff" }},
	{invalidCase{"param plus with a signed name", "PARAMETERS.PARAMPLUS", "", ogone.ErrReservedField},
		func(p *alias.FlexCheckoutPage) { p.ParamPlus = url.Values{"Alias.AliasId": {"x"}} }},
	{invalidCase{"param plus with a SHA-OUT name", "PARAMETERS.PARAMPLUS", "", ogone.ErrReservedField},
		func(p *alias.FlexCheckoutPage) { p.ParamPlus = url.Values{"status": {"0"}} }},
	{invalidCase{"param plus with an unsigned result name", "PARAMETERS.PARAMPLUS", "", ogone.ErrReservedField},
		func(p *alias.FlexCheckoutPage) { p.ParamPlus = url.Values{"NCErrorCN": {"0"}} }},
	{invalidCase{"param plus with the signature", "PARAMETERS.PARAMPLUS", "", ogone.ErrReservedField},
		func(p *alias.FlexCheckoutPage) { p.ParamPlus = url.Values{"SHASign": {"0"}} }},
	{invalidCase{"param plus repeated", "PARAMETERS.PARAMPLUS", "", ogone.ErrRepeatedField},
		func(p *alias.FlexCheckoutPage) { p.ParamPlus = url.Values{"a": {"1", "2"}} }},
}

func requireFieldErrors(t *testing.T, err error, cases ...invalidCase) {
	t.Helper()
	require.Error(t, err)
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *ogone.FieldError
		require.True(t, errors.As(e, &fe), "%T %v", e, e)
		fields = append(fields, fe.Field)
	}
	for _, c := range cases {
		assert.Contains(t, fields, c.field)
		assert.ErrorIs(t, err, c.want)
		if len(c.value) > 3 {
			assert.NotContains(t, err.Error(), c.value, "the error shows the value")
		}
	}
}

func TestFlexCheckoutURLInvalid(t *testing.T) {
	c := newClient(t)
	for _, tt := range invalidFlex {
		t.Run(tt.name, func(t *testing.T) {
			p := alias.FlexCheckoutPage{OrderID: "reg-1", AcceptURL: "https://a.example/ok", ExceptionURL: "https://a.example/nok"}
			tt.edit(&p)
			raw, err := c.FlexCheckoutURL(p)
			assert.Empty(t, raw, "nothing is signed")
			requireFieldErrors(t, err, tt.invalidCase)
		})
	}
	t.Run("every error at once", func(t *testing.T) {
		_, err := c.FlexCheckoutURL(alias.FlexCheckoutPage{AliasID: "a b", Language: "x"})
		requireFieldErrors(t, err,
			invalidCase{field: "ALIAS.ALIASID", want: alias.ErrInvalidID},
			invalidCase{field: "ALIAS.ORDERID", want: ogone.ErrMissingField},
			invalidCase{field: "LAYOUT.LANGUAGE", want: ogone.ErrInvalidLanguage},
			invalidCase{field: "PARAMETERS.ACCEPTURL", want: ogone.ErrMissingField},
			invalidCase{field: "PARAMETERS.EXCEPTIONURL", want: ogone.ErrMissingField},
		)
		var ide *alias.IDError
		require.ErrorAs(t, err, &ide)
		assert.Equal(t, 1, ide.Index)
	})
}

func TestAliasGatewayForm(t *testing.T) {
	c := newClient(t)
	required := url.Values{
		"PSPID":        {testPSPID},
		"ORDERID":      {"reg-2001"},
		"ACCEPTURL":    {"https://shop.example/card/saved"},
		"EXCEPTIONURL": {"https://shop.example/card/failed"},
	}
	with := func(extra map[string]string) url.Values {
		v := clone(required)
		for k, val := range extra {
			v.Set(k, val)
		}
		return v
	}
	for _, tt := range []struct {
		name string
		edit func(*alias.AliasGatewayPage)
		want url.Values
	}{
		{"required fields only", func(*alias.AliasGatewayPage) {}, required},
		{"alias", func(p *alias.AliasGatewayPage) { p.Alias = "cust42-Q" }, with(map[string]string{"ALIAS": "cust42-Q"})},
		{"kept after use", func(p *alias.AliasGatewayPage) { p.Storage = alias.StoragePermanent },
			with(map[string]string{"ALIASPERSISTEDAFTERUSE": "Y"})},
		{"deleted after use", func(p *alias.AliasGatewayPage) { p.Storage = alias.StorageTemporary },
			with(map[string]string{"ALIASPERSISTEDAFTERUSE": "N"})},
		{"brand", func(p *alias.AliasGatewayPage) { p.Brand = "American Express" }, with(map[string]string{"BRAND": "American Express"})},
		{"param plus", func(p *alias.AliasGatewayPage) { p.ParamPlus = url.Values{"step": {"card & co"}} },
			with(map[string]string{"PARAMPLUS": "step=card+%26+co"})},
		{"every field", func(p *alias.AliasGatewayPage) {
			p.Alias, p.Storage, p.Brand, p.ParamPlus = "cust42-Q", alias.StorageTemporary, "VISA", url.Values{"a": {"1"}}
		}, with(map[string]string{"ALIAS": "cust42-Q", "ALIASPERSISTEDAFTERUSE": "N", "BRAND": "VISA", "PARAMPLUS": "a=1"})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := alias.AliasGatewayPage{
				OrderID:      "reg-2001",
				AcceptURL:    "https://shop.example/card/saved",
				ExceptionURL: "https://shop.example/card/failed",
			}
			tt.edit(&p)
			form, err := c.AliasGatewayForm(p)
			require.NoError(t, err)
			assert.Equal(t, "https://ogone.test.v-psp.com/ncol/test/alias_gateway_utf8.asp", form.Action)

			// The fields come in signing order, SHASIGN last.
			require.NotEmpty(t, form.Fields)
			last := form.Fields[len(form.Fields)-1]
			assert.Equal(t, "SHASIGN", last.Name)
			for i := 1; i < len(form.Fields)-1; i++ {
				assert.Negative(t, shasign.Compare(form.Fields[i-1].Name, form.Fields[i].Name), "field order")
			}
			v := form.Values()
			v.Del("SHASIGN")
			assert.Equal(t, tt.want, v)
			requireSignedIn(t, v, last.Value)
			assert.Equal(t, last.Value, form.Get("shasign"))
		})
	}
}

func TestAliasGatewayFormHTML(t *testing.T) {
	form, err := newClient(t).AliasGatewayForm(alias.AliasGatewayPage{
		OrderID:      `o"><script>x</script>`,
		AcceptURL:    `https://shop.example/ok?a=1&b=2`,
		ExceptionURL: "https://shop.example/nok",
	})
	require.NoError(t, err)
	html := string(form.HTML())
	assert.Contains(t, html, `action="https://ogone.test.v-psp.com/ncol/test/alias_gateway_utf8.asp"`)
	assert.Contains(t, html, `method="post"`)
	assert.Contains(t, html, `.submit()`, "the page submits itself")
	assert.NotContains(t, html, `<script>x</script>`, "values are escaped")
	assert.Contains(t, html, `name="ORDERID" value="o&#34;&gt;&lt;script&gt;x&lt;/script&gt;"`)
	assert.Contains(t, html, `value="https://shop.example/ok?a=1&amp;b=2"`)
	assert.Contains(t, html, `name="SHASIGN" value="`+form.Get("SHASIGN")+`"`)
}

func TestAliasGatewayFormInvalid(t *testing.T) {
	c := newClient(t)
	for _, tt := range []struct {
		invalidCase
		edit func(*alias.AliasGatewayPage)
	}{
		{invalidCase{"no order id", "ORDERID", "", ogone.ErrMissingField}, func(p *alias.AliasGatewayPage) { p.OrderID = "" }},
		{invalidCase{"alias with a dot", "ALIAS", "cust.42", alias.ErrInvalidID}, func(p *alias.AliasGatewayPage) { p.Alias = "cust.42" }},
		{invalidCase{"no exception URL", "EXCEPTIONURL", "", ogone.ErrMissingField}, func(p *alias.AliasGatewayPage) { p.ExceptionURL = "" }},
		{invalidCase{"ftp accept URL", "ACCEPTURL", "ftp://shop.example", ogone.ErrInvalidURL}, func(p *alias.AliasGatewayPage) { p.AcceptURL = "ftp://shop.example" }},
		{invalidCase{"storage", "ALIASPERSISTEDAFTERUSE", "", alias.ErrInvalidStorage}, func(p *alias.AliasGatewayPage) { p.Storage = 3 }},
		{invalidCase{"brand with a tab", "BRAND", "", ogone.ErrInvalidValue}, func(p *alias.AliasGatewayPage) { p.Brand = "VI\tSA" }},
		{invalidCase{"param plus ALIAS", "PARAMPLUS", "", ogone.ErrReservedField}, func(p *alias.AliasGatewayPage) { p.ParamPlus = url.Values{"alias": {"x"}} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := alias.AliasGatewayPage{OrderID: "reg-1", AcceptURL: "https://a.example/ok", ExceptionURL: "https://a.example/nok"}
			tt.edit(&p)
			form, err := c.AliasGatewayForm(p)
			assert.Nil(t, form)
			requireFieldErrors(t, err, tt.invalidCase)
		})
	}
}

func TestClientLogsNoSecret(t *testing.T) {
	var buf strings.Builder
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("client", "c", newClient(t))
	assert.Contains(t, buf.String(), testPSPID)
	assert.NotContains(t, buf.String(), testSHAIn)
	assert.NotContains(t, buf.String(), testSHAOut)
}
