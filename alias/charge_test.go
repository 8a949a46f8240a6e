package alias_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCharge(t *testing.T) {
	permanent := &alias.Alias{ID: "cust42-P", Storage: alias.StoragePermanent}
	temporary := &alias.Alias{ID: "cust42-T", Storage: alias.StorageTemporary}
	gateway := &alias.Alias{ID: "cust42-G", Flavour: alias.AliasGateway}
	for _, tt := range []struct {
		name    string
		a       *alias.Alias
		opts    []alias.ChargeOption
		eci     ogone.ECI
		persist bool
	}{
		{"recurring by default; a permanent alias stays", permanent, nil, ogone.ECIRecurringECommerce, true},
		{"recurring said explicitly", permanent, []alias.ChargeOption{alias.Recurring()}, ogone.ECIRecurringECommerce, true},
		{"customer present", permanent, []alias.ChargeOption{alias.CustomerPresent()}, ogone.ECIECommerce, true},
		{"the last option wins", permanent, []alias.ChargeOption{alias.CustomerPresent(), alias.Recurring()}, ogone.ECIRecurringECommerce, true},
		{"a temporary alias is not kept", temporary, []alias.ChargeOption{alias.CustomerPresent()}, ogone.ECIECommerce, false},
		{"keep a temporary alias", temporary, []alias.ChargeOption{alias.KeepAfterUse(true)}, ogone.ECIRecurringECommerce, true},
		{"let a permanent alias go", permanent, []alias.ChargeOption{alias.KeepAfterUse(false)}, ogone.ECIRecurringECommerce, false},
		{"Alias Gateway: unspecified storage", gateway, nil, ogone.ECIRecurringECommerce, false},
		{"a nil option is ignored", gateway, []alias.ChargeOption{nil}, ogone.ECIRecurringECommerce, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := alias.Charge(tt.a, decimal.RequireFromString("19.90"), "EUR", "sub-7", tt.opts...)
			assert.Equal(t, tt.a.ID, o.Alias)
			assert.Equal(t, "sub-7", o.OrderID)
			assert.Equal(t, "EUR", o.Currency)
			assert.True(t, o.Amount.Equal(decimal.RequireFromString("19.90")), o.Amount.String())
			assert.Equal(t, tt.eci, o.ECI)
			assert.Equal(t, tt.persist, o.AliasPersistedAfterUse)
			assert.Nil(t, o.Card, "no card data")
			assert.Empty(t, o.Operation, "Sale or Authorize decides")
		})
	}
}

// noNetwork fails the test if a request is sent.
type noNetwork struct{ t *testing.T }

func (n noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	n.t.Error("a request was sent")
	return nil, http.ErrHandlerTimeout
}

func TestChargeInvalidIsCaughtBeforeSending(t *testing.T) {
	cfg := testConfig()
	cfg.UserID, cfg.Password = "api-user", ogone.NewSecret("api-Password-1")
	client, err := ogone.NewClient(cfg, ogone.WithHTTPClient(&http.Client{Transport: noNetwork{t}}))
	require.NoError(t, err)

	_, err = client.Sale(context.Background(), alias.Charge(nil, decimal.RequireFromString("5"), "EUR", "sub-8"))
	assert.ErrorIs(t, err, ogone.ErrMissingCardOrAlias)

	a := &alias.Alias{ID: "cust42-P"}
	_, err = client.Sale(context.Background(), alias.Charge(a, decimal.RequireFromString("5.001"), "eur", ""))
	assert.ErrorIs(t, err, ogone.ErrAmountPrecision)
	assert.ErrorIs(t, err, ogone.ErrInvalidCurrency)
	assert.ErrorIs(t, err, ogone.ErrInvalidOrderID)
}

// TestChargeCredentialOnFile: each option says who starts the charge and
// why, as the card schemes' credential-on-file rules want it, and the
// combination passes the library's own checks.
func TestChargeCredentialOnFile(t *testing.T) {
	a := &alias.Alias{ID: "cust42-P", Storage: alias.StoragePermanent}
	for _, tt := range []struct {
		name string
		opts []alias.ChargeOption
		want ogone.CredentialOnFile
		eci  ogone.ECI
	}{
		{"default", nil, ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED"}, ogone.ECIRecurringECommerce},
		{"Recurring", []alias.ChargeOption{alias.Recurring()}, ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED"}, ogone.ECIRecurringECommerce},
		{"CustomerPresent", []alias.ChargeOption{alias.CustomerPresent()}, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "SUBSEQ", Schedule: "UNSCHED"}, ogone.ECIECommerce},
		{"MerchantUnscheduled", []alias.ChargeOption{alias.MerchantUnscheduled()}, ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "UNSCHED"}, ogone.ECIRecurringECommerce},
		{"FirstPayment of a subscription", []alias.ChargeOption{alias.FirstPayment(ogone.COFScheduled)}, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST", Schedule: "SCHED"}, ogone.ECIECommerce},
		{"FirstPayment of a saved card", []alias.ChargeOption{alias.FirstPayment(ogone.COFUnscheduled)}, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST", Schedule: "UNSCHED"}, ogone.ECIECommerce},
		{"the last option wins", []alias.ChargeOption{alias.Recurring(), alias.CustomerPresent()}, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "SUBSEQ", Schedule: "UNSCHED"}, ogone.ECIECommerce},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := alias.Charge(a, decimal.RequireFromString("19.90"), "EUR", "sub-7", tt.opts...)
			require.NotNil(t, o.CredentialOnFile)
			assert.Equal(t, tt.want, *o.CredentialOnFile)
			assert.Equal(t, tt.eci, o.ECI)
			assert.NoError(t, o.CredentialOnFile.Validate())
		})
	}
	// Each order has its own CredentialOnFile: changing one changes no other.
	o1 := alias.Charge(a, decimal.RequireFromString("1"), "EUR", "sub-8")
	o2 := alias.Charge(a, decimal.RequireFromString("1"), "EUR", "sub-9")
	o1.CredentialOnFile.RecurringFrequency = 28
	assert.Zero(t, o2.CredentialOnFile.RecurringFrequency)
}

func TestChargeCustomerPresentNeedsBrowserDataFor3DSecure(t *testing.T) {
	cfg := testConfig()
	cfg.UserID, cfg.Password = "api-user", ogone.NewSecret("api-Password-1")
	client, err := ogone.NewClient(cfg, ogone.WithHTTPClient(&http.Client{Transport: noNetwork{t}}))
	require.NoError(t, err)
	o := alias.Charge(&alias.Alias{ID: "cust42-P"}, decimal.RequireFromString("5"), "EUR", "shop-9", alias.CustomerPresent())
	o.ThreeDSecure = &ogone.ThreeDSecure{AcceptURL: "https://shop.example/3ds", HTTPAccept: "*/*", HTTPUserAgent: "Mozilla/5.0"}
	_, err = client.Sale(context.Background(), o)
	assert.ErrorIs(t, err, ogone.ErrMissingBrowserInfo)

	// A recurring charge has nobody to authenticate.
	o = alias.Charge(&alias.Alias{ID: "cust42-P"}, decimal.RequireFromString("5"), "EUR", "sub-10", alias.Recurring())
	o.ThreeDSecure = &ogone.ThreeDSecure{AcceptURL: "https://shop.example/3ds", Browser: &ogone.BrowserInfo{
		AcceptHeader: "*/*", UserAgent: "Mozilla/5.0", Language: "en"}}
	_, err = client.Sale(context.Background(), o)
	assert.ErrorIs(t, err, ogone.ErrCOFCombination)
}
