package ogone_test

import (
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMethodValues(t *testing.T) {
	// The platform's spellings, as public integrations send them (see
	// the constants' documentation).
	tests := []struct {
		m         ogone.Method
		pm, brand string
		waits     bool
	}{
		{ogone.MethodIDEAL, "iDEAL", "iDEAL", false},
		{ogone.MethodPayPal, "PAYPAL", "PAYPAL", false},
		{ogone.MethodBancontact, "CreditCard", "BCMC", false},
		{ogone.MethodBankTransfer, "Bank transfer", "Bank transfer", true},
		{ogone.Method{PM: "Bank Transfer BE", Brand: "Bank Transfer BE"}, "Bank Transfer BE", "Bank Transfer BE", true},
		{ogone.Method{PM: "BANK TRANSFER"}, "BANK TRANSFER", "", true},
		{ogone.Method{PM: "Bank transferX"}, "Bank transferX", "", false},
		{ogone.Method{PM: ogone.PMCreditCard, Brand: ogone.BrandVISA}, "CreditCard", "VISA", false},
		{ogone.Method{}, "", "", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.pm, string(tt.m.PM))
		assert.Equal(t, tt.brand, string(tt.m.Brand))
		assert.Equal(t, tt.waits, tt.m.WaitsForCustomer(), "%+v", tt.m)
	}
}

func TestListMethods(t *testing.T) {
	visa := ogone.Method{PM: ogone.PMCreditCard, Brand: ogone.BrandVISA}
	tests := []struct {
		in   []ogone.Method
		want ogone.PaymentMethodList
	}{
		{nil, ""},
		{[]ogone.Method{visa, ogone.MethodBancontact, ogone.MethodIDEAL}, "VISA;BCMC;iDEAL"},
		{[]ogone.Method{ogone.MethodPayPal, ogone.MethodPayPal, {PM: "paypal"}}, "PAYPAL"},
		{[]ogone.Method{{PM: ogone.PMCreditCard}}, "CreditCard"},
		{[]ogone.Method{{}, ogone.MethodBankTransfer}, "Bank transfer"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ogone.ListMethods(tt.in...))
	}
}

func TestPaymentPageSendsMethods(t *testing.T) {
	c := hostedClient(t, shasign.SHA512)
	f, err := c.HostedPaymentPage(ogone.PaymentPage{
		OrderID: "pm-1", Amount: decimal.RequireFromString("1"), Currency: "EUR",
		PaymentMethod: ogone.MethodIDEAL.PM, Brand: ogone.MethodIDEAL.Brand,
		PaymentMethods:         ogone.ListMethods(ogone.MethodIDEAL, ogone.MethodBancontact),
		ExcludedPaymentMethods: ogone.ListMethods(ogone.MethodPayPal),
	})
	require.NoError(t, err)
	assert.Equal(t, "iDEAL", f.Get("PM"))
	assert.Equal(t, "iDEAL", f.Get("BRAND"))
	assert.Equal(t, "iDEAL;BCMC", f.Get("PMLIST"))
	assert.Equal(t, "PAYPAL", f.Get("EXCLPMLIST"))

	_, err = c.HostedPaymentPage(ogone.PaymentPage{
		OrderID: "pm-2", Amount: decimal.RequireFromString("1"), Currency: "EUR",
		PaymentMethod: ogone.PaymentMethod("Giro\npay"),
	})
	assert.Error(t, err, "a method is checked like any value")
}

func TestMethodNamesCompareInASCIICaseOnly(t *testing.T) {
	assert.True(t, ogone.PMPayPal.Is("PayPal"))
	assert.True(t, ogone.PMBankTransfer.Is("BANK TRANSFER"))
	assert.False(t, ogone.PMBankTransfer.Is("Bank tran\u017ffer"), "U+017F is not an s")
	assert.False(t, ogone.PMiDEAL.Is("iDEAL "))
	assert.True(t, ogone.BrandBancontact.Is("bcmc"))
	assert.False(t, ogone.BrandBancontact.Is("BCM"))
	assert.False(t, ogone.Method{PM: "Bank tran\u017ffer BE"}.WaitsForCustomer())
	assert.Equal(t, ogone.PaymentMethodList("Bank transfer"), ogone.ListMethods(ogone.MethodBankTransfer, ogone.Method{PM: "BANK TRANSFER"}))
	assert.Equal(t, ogone.PaymentMethodList("Bank transfer;Bank tran\u017ffer"), ogone.ListMethods(ogone.MethodBankTransfer, ogone.Method{PM: "Bank tran\u017ffer"}))
}
