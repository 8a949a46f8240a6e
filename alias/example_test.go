package alias_test

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
)

// Save a card at checkout, charge it next month. The platform's part is
// simulated: the example signs the result the platform would send with
// the SHA-OUT passphrase, so it runs without a network. A real shop reads
// its passphrases from its secret store.
func Example() {
	const shaOut = "Out-passphrase-for-tests2"
	aliases, err := alias.NewClient(ogone.Config{
		PSPID:     "MyShop",
		SHAIn:     ogone.NewSecret("In-passphrase-for-tests1"),
		SHAOut:    ogone.NewSecret(shaOut),
		Algorithm: shasign.SHA512,
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// 1. At checkout the customer ticks "save my card". The id would come
	// from alias.NewID("cust42-"); it is fixed here to keep the output
	// stable.
	page, err := aliases.FlexCheckoutURL(alias.FlexCheckoutPage{
		AliasID:      "cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE",
		OrderID:      "reg-1001",
		Storage:      alias.StoragePermanent,
		AcceptURL:    "https://shop.example/card/saved",
		ExceptionURL: "https://shop.example/card/failed",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, _ := url.Parse(page)
	fmt.Println("redirect to", u.Scheme+"://"+u.Host+u.Path)
	q := u.Query()
	for _, name := range slices.Sorted(maps.Keys(q)) {
		v := q.Get(name)
		if name == "SHASIGNATURE.SHASIGN" {
			v = v[:16] + "... (" + fmt.Sprint(len(v)) + " hex digits)"
		}
		fmt.Printf("  %s=%s\n", name, v)
	}

	// 2. The customer types the card on the platform's page; the platform
	// stores it and sends the customer to AcceptURL with a signed result.
	result := url.Values{
		"Alias.AliasId": {"cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE"}, "Alias.OrderId": {"reg-1001"},
		"Alias.Status": {"0"}, "Alias.NCError": {"0"}, "Alias.StorePermanently": {"Y"},
		"Card.Brand": {"VISA"}, "Card.CardNumber": {"XXXXXXXXXXXX1111"},
		"Card.CardHolderName": {"Ada Lovelace"}, "Card.ExpiryDate": {"1230"}, "Card.Bin": {"411111"},
	}
	sig, _ := shasign.SignOut(shasign.SHA512, shaOut, result)
	result.Set("SHASign", sig)

	// 3. The AcceptURL handler verifies it: a.ID is what the shop stores
	// with the customer's account.
	a, err := aliases.Verify(result)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("saved:", a.Brand, a.CardNumber, "expires", a.Expiry.MMYY(), "permanent:", a.Permanent())
	fmt.Println(a) // masked: no holder name, no expiry

	// 4. Next month, without the customer: a recurring charge (ECI 9).
	order := alias.Charge(a, decimal.RequireFromString("9.99"), "EUR", "sub-1001-02")
	fmt.Println("charge:", order.OrderID, order.Amount, order.Currency, "ALIAS="+order.Alias,
		"ECI="+order.ECI.String(), "ALIASPERSISTEDAFTERUSE:", order.AliasPersistedAfterUse)
	// reply, err := client.Sale(ctx, order) sends it through DirectLink.

	// Output:
	// redirect to https://ogone.test.v-psp.com/Tokenization/HostedPage
	//   ACCOUNT.PSPID=MyShop
	//   ALIAS.ALIASID=cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE
	//   ALIAS.ORDERID=reg-1001
	//   ALIAS.STOREPERMANENTLY=Y
	//   CARD.PAYMENTMETHOD=CreditCard
	//   PARAMETERS.ACCEPTURL=https://shop.example/card/saved
	//   PARAMETERS.EXCEPTIONURL=https://shop.example/card/failed
	//   SHASIGNATURE.SHASIGN=3A4BC929B2BA6A03... (128 hex digits)
	// saved: VISA XXXXXXXXXXXX1111 expires 1230 permanent: true
	// alias.Alias{ID: cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE, OrderID: reg-1001, Flavour: FlexCheckout, Status: 0 alias created, Storage: permanent, Brand: VISA, Card: XXXXXXXXXXXX1111, BIN: 411111, Holder: [REDACTED], Expiry: [REDACTED]}
	// charge: sub-1001-02 9.99 EUR ALIAS=cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE ECI=9 recurring e-commerce ALIASPERSISTEDAFTERUSE: true
}

// A result that stored no card is an *Error; errors.Is tells a refused
// card from a customer who left, and Inputs tells which field to correct.
func ExampleClient_Verify_refused() {
	const shaOut = "Out-passphrase-for-tests2"
	aliases, err := alias.NewClient(ogone.Config{
		PSPID: "MyShop", SHAIn: ogone.NewSecret("In-passphrase-for-tests1"), SHAOut: ogone.NewSecret(shaOut),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	result := url.Values{
		"Alias.AliasId": {"cust42-K5QW3V7HXJ2M4RZBT6NAYCPLDE"}, "Alias.OrderId": {"reg-1001"},
		"Alias.Status": {"1"}, "Alias.NCError": {"50001111"}, "Alias.NCErrorED": {"50001182"},
	}
	sig, _ := shasign.SignOut(shasign.SHA512, shaOut, result)
	result.Set("SHASign", sig)

	_, err = aliases.Verify(result)
	var failed *alias.Error
	switch {
	case errors.Is(err, alias.ErrCancelled):
		fmt.Println("back to the checkout")
	case errors.As(err, &failed) && errors.Is(err, alias.ErrRefused):
		fmt.Println("ask again for order", failed.OrderID+":", failed.Inputs.Expiry.Meaning())
	case err != nil:
		fmt.Println("not from the platform:", err)
	}
	fmt.Println(err)

	// Output:
	// ask again for order reg-1001: invalid expiry month
	// alias: FlexCheckout: card refused (status 1): 50001111 data validation error; expiry: 50001182 invalid expiry month
}

// Alias ids that the shop chooses come from crypto/rand.
func ExampleNewID() {
	id, err := alias.NewID("cust42-")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.HasPrefix(id, "cust42-"), len(id), alias.ValidateID(id))

	_, err = alias.NewID("jane@example.com")
	fmt.Println(err)

	// Output:
	// true 33 <nil>
	// alias: invalid id prefix: character not allowed at byte 4 (want A-Z, a-z, 0-9, _ and -)
}
