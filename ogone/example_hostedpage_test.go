package ogone_test

import (
	"errors"
	"fmt"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
)

// The example order of the platform's e-Commerce guide. A real shop reads
// its passphrase from its secret store; the hosted page needs no API user.
func ExampleClient_HostedPaymentPage() {
	client, err := ogone.NewClient(ogone.Config{
		PSPID:     "MyPSPID",
		SHAIn:     ogone.NewSecret("Mysecretsig1875!?"),
		Algorithm: shasign.SHA1,
		Env:       ogone.Test,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	form, err := client.HostedPaymentPage(ogone.PaymentPage{
		OrderID:  "1234",
		Amount:   decimal.RequireFromString("15.00"),
		Currency: "EUR",
		Language: "en_US",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("POST", form.Action)
	for _, f := range form.Fields {
		fmt.Printf("%s=%s\n", f.Name, f.Value)
	}
	// A shop sends the customer a page that posts the form by itself:
	// form.ServeHTTP(w, r), form.WriteHTML(w), or form.HTML() inside its
	// own template.

	// Output:
	// POST https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp
	// AMOUNT=1500
	// CURRENCY=EUR
	// LANGUAGE=en_US
	// ORDERID=1234
	// PSPID=MyPSPID
	// SHASIGN=F4CC376CD7A834D997B91598FA747825A238BE0A
}

// Invalid fields are reported all at once, by name, never by value.
func ExampleClient_HostedPaymentPage_invalid() {
	client, err := ogone.NewClient(ogone.Config{PSPID: "MyPSPID", SHAIn: ogone.NewSecret("Mysecretsig1875!?")})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = client.HostedPaymentPage(ogone.PaymentPage{
		OrderID:   "1234",
		Amount:    decimal.RequireFromString("15.005"),
		Currency:  "eur",
		AcceptURL: "/payment/accepted",
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, ogone.ErrAmountPrecision))
	var fe *ogone.FieldError
	if errors.As(err, &fe) {
		fmt.Println("first:", fe.Field)
	}

	// Output:
	// ogone: AMOUNT: amount has more than 2 decimals
	// ogone: CURRENCY: currency must be three uppercase letters (ISO 4217)
	// ogone: ACCEPTURL: must be an absolute http or https URL
	// true
	// first: AMOUNT
}
