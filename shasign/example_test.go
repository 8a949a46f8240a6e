package shasign_test

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/gogone/ogone/shasign"
)

// The example of the platform's e-Commerce guide.
func ExampleSignIn() {
	params := url.Values{
		"PSPID": {"MyPSPID"}, "ORDERID": {"1234"}, "AMOUNT": {"1500"},
		"CURRENCY": {"EUR"}, "LANGUAGE": {"en_US"},
	}
	digest, err := shasign.SignIn(shasign.SHA1, "Mysecretsig1875!?", params)
	if err != nil {
		panic(err)
	}
	fmt.Println(digest)
	// Output: F4CC376CD7A834D997B91598FA747825A238BE0A
}

func ExampleSigner_VerifyOut() {
	signer, err := shasign.NewSigner(shasign.SHA1, "Mysecretsig1875!?")
	if err != nil {
		panic(err)
	}
	// As the shop receives it on its ACCEPTURL.
	feedback, _ := url.ParseQuery("orderID=12&currency=EUR&amount=15&PM=CreditCard&ACCEPTANCE=1234" +
		"&STATUS=9&CARDNO=XXXXXXXXXXXX1111&PAYID=32100123&NCERROR=0&BRAND=VISA" +
		"&SHASIGN=209113288F93A9AB8E474EA78D899AFDBB874355")
	fmt.Println(signer.VerifyOut(feedback))

	feedback.Set("amount", "1")
	err = signer.VerifyOut(feedback)
	fmt.Println(errors.Is(err, shasign.ErrSignatureMismatch))
	// Output:
	// <nil>
	// true
}

func ExampleCanonicalize() {
	params := url.Values{"orderID": {"12"}, "STATUS": {"9"}, "BRAND": {""}, "PARAMPLUS_LANG": {"fr"}}
	c, err := shasign.Canonicalize(shasign.Out, params)
	if err != nil {
		panic(err)
	}
	fmt.Println(c.StringToHash("<passphrase>"))
	for _, s := range c.Skipped {
		fmt.Printf("%s: %s\n", s.Name, s.Reason)
	}
	// Output:
	// ORDERID=12<passphrase>STATUS=9<passphrase>
	// BRAND: empty value
	// PARAMPLUS_LANG: not on the SHA-OUT list
}

// Canonical.Digest hashes a canonical form as it stands, so a diagnosis can
// rearrange it: here, the digest a signer that forgets to uppercase the
// names would send.
func ExampleCanonical_Digest() {
	params := url.Values{"orderID": {"1234"}, "AMOUNT": {"1500"}}
	c, err := shasign.Canonicalize(shasign.In, params)
	if err != nil {
		panic(err)
	}
	right, _ := c.Digest(shasign.SHA1, shasign.UTF8, "Mysecretsig1875!?")
	signed, _ := shasign.SignIn(shasign.SHA1, "Mysecretsig1875!?", params)
	fmt.Println(right == signed)

	c.Fields[1].Name = "orderID" // as received
	wrong, _ := c.Digest(shasign.SHA1, shasign.UTF8, "Mysecretsig1875!?")
	fmt.Println(c.Verify(shasign.SHA1, shasign.UTF8, "Mysecretsig1875!?", wrong))
	fmt.Println(wrong == signed)
	// Output:
	// true
	// <nil>
	// false
}

func ExampleSigner_SignInFields() {
	signer, err := shasign.NewSigner(shasign.SHA1, "Mysecretsig1875!?")
	if err != nil {
		panic(err)
	}
	// The guide's example request, listed in digest order.
	sig, err := signer.SignInFields([]shasign.Field{
		{Name: "AMOUNT", Value: "1500"},
		{Name: "CURRENCY", Value: "EUR"},
		{Name: "LANGUAGE", Value: "en_US"},
		{Name: "ORDERID", Value: "1234"},
		{Name: "PSPID", Value: "MyPSPID"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(sig)
	// Output: F4CC376CD7A834D997B91598FA747825A238BE0A
}
