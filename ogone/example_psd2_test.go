package ogone_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/shopspring/decimal"
)

// A 3-D Secure v2 payment through DirectLink: the checkout form carries
// the fields the shipped script filled, BrowserInfoFromRequest reads them
// with the headers, and the order goes with them. The simulator's
// frictionless card is authorised without a challenge; a card whose
// issuer wants one answers STATUS 46 with the page to show.
func ExampleBrowserInfoFromRequest() {
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: "MyShop", UserID: "api", Password: ogone.NewSecret("api-Password-1"),
		SHAIn: ogone.NewSecret("sha-in-passphrase-16"), SHAOut: ogone.NewSecret("sha-out-passphrase-16"),
	})
	defer srv.Close()
	client, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	if err != nil {
		panic(err)
	}

	// What the customer's browser posted to the shop's checkout.
	r := httptest.NewRequest(http.MethodPost, "/checkout", strings.NewReader(
		"ogone_browser_javascript=true&ogone_browser_java=false&ogone_browser_language=fr-BE"+
			"&ogone_browser_color_depth=24&ogone_browser_screen_height=1080&ogone_browser_screen_width=1920"+
			"&ogone_browser_time_zone=-60"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "text/html,*/*;q=0.8")
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")
	browser, err := ogone.BrowserInfoFromRequest(r)
	if err != nil {
		panic(err) // a forged form: *ogone.FieldError values naming BROWSER* parameters
	}

	ctx := context.Background()
	for _, number := range []string{ogonetest.CardFrictionless, ogonetest.Card3DS} {
		card, err := ogone.NewCard(number, "12/49", "123")
		if err != nil {
			panic(err)
		}
		reply, err := client.Sale(ctx, ogone.Order{
			OrderID: "SO-" + number[12:], Amount: decimal.RequireFromString("42.50"), Currency: "EUR", Card: card,
			ThreeDSecure: &ogone.ThreeDSecure{AcceptURL: "https://shop.example/return", Browser: &browser},
		})
		if err != nil {
			panic(err)
		}
		fmt.Println(reply.Status, "challenge:", reply.ActionRequired())
	}
	tx, _ := srv.Transaction("SO-1091")
	fmt.Println(tx.Browser.ScreenWidth, tx.Browser.TimeZoneOffset, tx.Browser.UserAgent)
	// Output:
	// 9 payment requested challenge: false
	// 46 waiting for authentication challenge: true
	// 1920 -60 Mozilla/5.0 (X11; Linux x86_64)
}

// A subscription renewal: the card stored at the first payment is charged
// by the merchant, without the customer, as a merchant-initiated payment.
// The simulator's soft-decline card refuses a payment without 3-D Secure
// unless it is merchant-initiated.
func ExampleCredentialOnFile() {
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: "MyShop", UserID: "api", Password: ogone.NewSecret("api-Password-1"),
		SHAIn: ogone.NewSecret("sha-in-passphrase-16"), SHAOut: ogone.NewSecret("sha-out-passphrase-16"),
	})
	defer srv.Close()
	client, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	card, err := ogone.NewCard(ogonetest.CardSoftDecline, "12/49", "123")
	if err != nil {
		panic(err)
	}
	// Month 1, the customer at the checkout: stored, CIT / FIRST / SCHED.
	_, err = client.Sale(ctx, ogone.Order{
		OrderID: "SUB-1", Amount: decimal.RequireFromString("9.99"), Currency: "EUR",
		Card: card, Alias: "customer-42", AliasPersistedAfterUse: true,
		CredentialOnFile: &ogone.CredentialOnFile{Initiator: ogone.COFCustomer, Transaction: ogone.COFFirst,
			Schedule: ogone.COFScheduled, RecurringFrequency: 28},
		ThreeDSecure: &ogone.ThreeDSecure{AcceptURL: "https://shop.example/return", Browser: &ogone.BrowserInfo{
			AcceptHeader: "*/*", UserAgent: "Mozilla/5.0", Language: "en"}},
	})
	if err != nil {
		panic(err)
	}

	// Month 2: MIT / SUBSEQ / SCHED, ECI 9.
	saved := &alias.Alias{ID: "customer-42", Storage: alias.StoragePermanent}
	renewal := alias.Charge(saved, decimal.RequireFromString("9.99"), "EUR", "SUB-2", alias.Recurring())
	reply, err := client.Sale(ctx, renewal)
	fmt.Println(reply.Status, err)

	// The same charge said to be the customer's is soft-declined.
	again := alias.Charge(saved, decimal.RequireFromString("9.99"), "EUR", "SUB-3", alias.CustomerPresent())
	_, err = client.Sale(ctx, again)
	var refusal *ogone.Error
	if errors.As(err, &refusal) {
		fmt.Println(refusal.NCError == ogone.NCErrorSoftDecline)
	}
	// Output:
	// 9 payment requested <nil>
	// true
}
