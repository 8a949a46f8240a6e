package ogone_test

import (
	"fmt"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hosts and paths below are copied from PROTOCOL.md (the platform's
// integration guides), not from endpoint.go, so that a typo in either shows.
var protocolHosts = []struct {
	platform                   ogone.Platform
	testBase, prodBase         string
	flexTestHost, flexProdHost string
}{
	{ogone.Ogone, "https://ogone.test.v-psp.com/ncol/test/", "https://secure.ogone.com/ncol/prod/", "https://ogone.test.v-psp.com", "https://secure.ogone.com"},
	{ogone.EPDQ, "https://mdepayments.epdq.co.uk/ncol/test/", "https://payments.epdq.co.uk/ncol/prod/", "https://mdepayments.epdq.co.uk", "https://payments.epdq.co.uk"},
	{ogone.PostFinance, "https://e-payment.postfinance.ch/ncol/test/", "https://e-payment.postfinance.ch/ncol/prod/", "https://postfinance.test.v-psp.com", "https://e-payment.postfinance.ch"},
	{ogone.KBC, "https://secure.paypage.be/ncol/test/", "https://secure.paypage.be/ncol/prod/", "https://paypage.test.v-psp.com", "https://secure.paypage.be"},
	{ogone.ConcardisPayEngine, "https://secure.payengine.de/ncol/test/", "https://secure.payengine.de/ncol/prod/", "https://payengine.test.v-psp.com", "https://secure.payengine.de"},
	{ogone.Viveum, "https://viveum.v-psp.com/ncol/test/", "https://viveum.v-psp.com/ncol/prod/", "https://viveum.test.v-psp.com", "https://viveum.v-psp.com"},
}

var protocolPaths = map[ogone.Purpose]string{
	ogone.EndpointHostedPage:   "orderstandard_utf8.asp",
	ogone.EndpointOrder:        "orderdirect_utf8.asp",
	ogone.EndpointMaintenance:  "maintenancedirect.asp",
	ogone.EndpointQuery:        "querydirect_utf8.asp",
	ogone.EndpointAliasGateway: "alias_gateway_utf8.asp",
}

var allPurposes = []ogone.Purpose{
	ogone.EndpointHostedPage, ogone.EndpointOrder, ogone.EndpointMaintenance,
	ogone.EndpointQuery, ogone.EndpointAliasGateway, ogone.EndpointFlexCheckout,
}

func TestEndpointEveryPlatformEnvironmentAndPurpose(t *testing.T) {
	type row struct {
		platform ogone.Platform
		env      ogone.Environment
		purpose  ogone.Purpose
		want     string
	}
	var rows []row
	for _, h := range protocolHosts {
		for _, env := range []ogone.Environment{ogone.Test, ogone.Production} {
			base, flex := h.testBase, h.flexTestHost
			if env == ogone.Production {
				base, flex = h.prodBase, h.flexProdHost
			}
			for _, p := range allPurposes {
				want := base + protocolPaths[p]
				if p == ogone.EndpointFlexCheckout {
					want = flex + "/Tokenization/HostedPage"
				}
				rows = append(rows, row{h.platform, env, p, want})
			}
		}
	}
	require.Len(t, rows, 6*2*6)
	for _, r := range rows {
		t.Run(fmt.Sprintf("%s/%s/%s", r.platform.Name, r.env, r.purpose), func(t *testing.T) {
			got, err := ogone.Endpoint(r.platform, r.env, "", r.purpose)
			require.NoError(t, err)
			assert.Equal(t, r.want, got)

			// The same through a Config.
			cfg := ogone.Config{Platform: r.platform, Env: r.env}
			got, err = cfg.Endpoint(r.purpose)
			require.NoError(t, err)
			assert.Equal(t, r.want, got)
		})
	}
}

func TestEndpointZeroPlatformIsOgone(t *testing.T) {
	for _, p := range allPurposes {
		for _, env := range []ogone.Environment{ogone.Test, ogone.Production} {
			want, err := ogone.Endpoint(ogone.Ogone, env, "", p)
			require.NoError(t, err)
			got, err := ogone.Endpoint(ogone.Platform{}, env, "", p)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		}
	}
}

func TestEndpointBaseURLOverride(t *testing.T) {
	tests := []struct {
		base    string
		env     ogone.Environment
		purpose ogone.Purpose
		want    string
	}{
		{"http://127.0.0.1:8080", ogone.Test, ogone.EndpointOrder, "http://127.0.0.1:8080/ncol/test/orderdirect_utf8.asp"},
		{"http://127.0.0.1:8080/", ogone.Test, ogone.EndpointHostedPage, "http://127.0.0.1:8080/ncol/test/orderstandard_utf8.asp"},
		{"http://127.0.0.1:8080", ogone.Production, ogone.EndpointMaintenance, "http://127.0.0.1:8080/ncol/prod/maintenancedirect.asp"},
		{"http://127.0.0.1:8080", ogone.Test, ogone.EndpointQuery, "http://127.0.0.1:8080/ncol/test/querydirect_utf8.asp"},
		{"http://127.0.0.1:8080", ogone.Test, ogone.EndpointAliasGateway, "http://127.0.0.1:8080/ncol/test/alias_gateway_utf8.asp"},
		{"http://127.0.0.1:8080", ogone.Test, ogone.EndpointFlexCheckout, "http://127.0.0.1:8080/Tokenization/HostedPage"},
		{"http://127.0.0.1:8080/", ogone.Production, ogone.EndpointFlexCheckout, "http://127.0.0.1:8080/Tokenization/HostedPage"},
		{"https://proxy.example/psp", ogone.Production, ogone.EndpointOrder, "https://proxy.example/psp/ncol/prod/orderdirect_utf8.asp"},
		{"https://proxy.example/psp/", ogone.Test, ogone.EndpointFlexCheckout, "https://proxy.example/psp/Tokenization/HostedPage"},
	}
	for _, tt := range tests {
		t.Run(tt.base+"/"+tt.env.String()+"/"+tt.purpose.String(), func(t *testing.T) {
			// The platform does not matter once BaseURL is set.
			for _, platform := range []ogone.Platform{{}, ogone.EPDQ, {Name: "hostless white label"}} {
				got, err := ogone.Endpoint(platform, tt.env, tt.base, tt.purpose)
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
			}
			cfg := ogone.Config{Env: tt.env, BaseURL: tt.base}
			got, err := cfg.Endpoint(tt.purpose)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestEndpointErrors(t *testing.T) {
	tests := []struct {
		name     string
		platform ogone.Platform
		env      ogone.Environment
		base     string
		purpose  ogone.Purpose
		want     error
	}{
		{"unknown environment", ogone.Ogone, 2, "", ogone.EndpointOrder, ogone.ErrInvalidEnvironment},
		{"zero purpose", ogone.Ogone, ogone.Test, "", 0, ogone.ErrUnknownPurpose},
		{"unknown purpose", ogone.Ogone, ogone.Test, "", 99, ogone.ErrUnknownPurpose},
		{"unknown purpose with BaseURL", ogone.Ogone, ogone.Test, "http://127.0.0.1:1", 99, ogone.ErrUnknownPurpose},
		{"relative BaseURL", ogone.Ogone, ogone.Test, "127.0.0.1:8080", ogone.EndpointOrder, ogone.ErrInvalidBaseURL},
		{"path-only BaseURL", ogone.Ogone, ogone.Test, "/ncol", ogone.EndpointOrder, ogone.ErrInvalidBaseURL},
		{"ftp BaseURL", ogone.Ogone, ogone.Test, "ftp://example.com", ogone.EndpointOrder, ogone.ErrInvalidBaseURL},
		{"javascript BaseURL", ogone.Ogone, ogone.Test, "javascript:alert(1)", ogone.EndpointHostedPage, ogone.ErrInvalidBaseURL},
		{"BaseURL with a query", ogone.Ogone, ogone.Test, "http://127.0.0.1:8080/?x=1", ogone.EndpointOrder, ogone.ErrInvalidBaseURL},
		{"BaseURL with a fragment", ogone.Ogone, ogone.Test, "http://127.0.0.1:8080/#x", ogone.EndpointOrder, ogone.ErrInvalidBaseURL},
		{"BaseURL with credentials", ogone.Ogone, ogone.Test, "http://user:pw@127.0.0.1:8080", ogone.EndpointOrder, ogone.ErrInvalidBaseURL},
		{"BaseURL with a newline", ogone.Ogone, ogone.Test, "http://127.0.0.1:8080/\n", ogone.EndpointOrder, ogone.ErrInvalidBaseURL},
		{"platform without a test base", ogone.Platform{Name: "x", ProductionBase: "https://x.example/ncol/prod/"}, ogone.Test, "", ogone.EndpointOrder, ogone.ErrInvalidPlatform},
		{"platform with a relative base", ogone.Platform{Name: "x", TestBase: "x.example/ncol/test/"}, ogone.Test, "", ogone.EndpointOrder, ogone.ErrInvalidPlatform},
		{"platform without FlexCheckout", ogone.Platform{Name: "x", TestBase: "https://x.example/ncol/test/"}, ogone.Test, "", ogone.EndpointFlexCheckout, ogone.ErrInvalidPlatform},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ogone.Endpoint(tt.platform, tt.env, tt.base, tt.purpose)
			require.ErrorIs(t, err, tt.want)
			assert.Empty(t, got)
			assert.NotContains(t, err.Error(), "pw@", "no credentials in errors")
		})
	}
}

func TestEndpointCustomPlatform(t *testing.T) {
	// A white label whose bases lack the trailing slash still works.
	p := ogone.Platform{
		Name:                       "white label",
		TestBase:                   "https://pay.example/ncol/test",
		ProductionBase:             "https://pay.example/ncol/prod/",
		FlexCheckoutTestHost:       "https://flex.example/",
		FlexCheckoutProductionHost: "https://flex.example",
	}
	got, err := ogone.Endpoint(p, ogone.Test, "", ogone.EndpointOrder)
	require.NoError(t, err)
	assert.Equal(t, "https://pay.example/ncol/test/orderdirect_utf8.asp", got)
	got, err = ogone.Endpoint(p, ogone.Production, "", ogone.EndpointQuery)
	require.NoError(t, err)
	assert.Equal(t, "https://pay.example/ncol/prod/querydirect_utf8.asp", got)
	got, err = ogone.Endpoint(p, ogone.Test, "", ogone.EndpointFlexCheckout)
	require.NoError(t, err)
	assert.Equal(t, "https://flex.example/Tokenization/HostedPage", got)
}

func TestEnvironment(t *testing.T) {
	assert.Equal(t, ogone.Test, ogone.Environment(0), "the zero value never moves money")
	assert.Equal(t, "test", ogone.Test.String())
	assert.Equal(t, "prod", ogone.Production.String())
	assert.Equal(t, "Environment(9)", ogone.Environment(9).String())

	tests := []struct {
		in   string
		want ogone.Environment
		err  bool
	}{
		{"test", ogone.Test, false},
		{"", ogone.Test, false},
		{" TEST ", ogone.Test, false},
		{"prod", ogone.Production, false},
		{"Production", ogone.Production, false},
		{"PROD", ogone.Production, false},
		{"live", 0, true},
		{"production-eu", 0, true},
	}
	for _, tt := range tests {
		got, err := ogone.ParseEnvironment(tt.in)
		if tt.err {
			assert.ErrorIs(t, err, ogone.ErrInvalidEnvironment, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestPurposeString(t *testing.T) {
	for p, path := range protocolPaths {
		assert.Equal(t, path, p.String())
	}
	assert.Equal(t, "Tokenization/HostedPage", ogone.EndpointFlexCheckout.String())
	assert.Equal(t, "Purpose(0)", ogone.Purpose(0).String())
	assert.Equal(t, "Purpose(42)", ogone.Purpose(42).String())
}
