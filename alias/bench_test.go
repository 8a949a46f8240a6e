package alias_test

import (
	"net/url"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/shopspring/decimal"
)

func BenchmarkVerify(b *testing.B) {
	c := newClient(b)
	for _, bb := range []struct {
		name   string
		params url.Values
	}{
		{"FlexCheckout", signOut(b, testSHAOut, flexSuccess(), "SHASign")},
		{"AliasGateway", signOut(b, testSHAOut, gatewaySuccess(), "SHASIGN")},
		{"Refused", signOut(b, testSHAOut, edited(flexSuccess(), refusedFlex), "SHASign")},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				a, err := c.Verify(bb.params)
				if a == nil && err == nil {
					b.Fatal("nothing returned")
				}
			}
		})
	}
	b.Run("WrongSignature", func(b *testing.B) {
		p := signOut(b, "Another-passphrase-4-tests", flexSuccess(), "SHASign")
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := c.Verify(p); err == nil {
				b.Fatal("accepted")
			}
		}
	})
}

func BenchmarkFlexCheckoutURL(b *testing.B) {
	c := newClient(b)
	p := alias.FlexCheckoutPage{
		AliasID: "cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE", OrderID: "reg-1001", Storage: alias.StoragePermanent,
		AcceptURL: "https://shop.example/card/saved", ExceptionURL: "https://shop.example/card/failed",
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.FlexCheckoutURL(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAliasGatewayForm(b *testing.B) {
	c := newClient(b)
	p := alias.AliasGatewayPage{
		OrderID: "reg-2001", Alias: "cust42-Q", AcceptURL: "https://shop.example/ok", ExceptionURL: "https://shop.example/nok",
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.AliasGatewayForm(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewID(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := alias.NewID("cust42-"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCharge(b *testing.B) {
	a := &alias.Alias{ID: "cust42-P", Storage: alias.StoragePermanent}
	amount := decimal.RequireFromString("9.99")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		o := alias.Charge(a, amount, "EUR", "sub-1", alias.CustomerPresent())
		if o.Alias == "" {
			b.Fatal("no alias")
		}
	}
}
