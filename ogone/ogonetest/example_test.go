package ogonetest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/shopspring/decimal"
)

// A shop's whole payment against the simulator: the hosted page built
// with ogone.Client and paid by the simulated customer, then a DirectLink
// capture and a look at what the simulator recorded.
func Example() {
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: "MyShop", UserID: "MyShopAPI", Password: ogone.NewSecret("api-password"),
		SHAIn: ogone.NewSecret("sha-in-passphrase-16"), SHAOut: ogone.NewSecret("sha-out-passphrase-16"),
	})
	defer srv.Close()
	client, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	form, err := client.HostedPaymentPage(ogone.PaymentPage{
		OrderID: "order-1", Amount: decimal.RequireFromString("15.50"), Currency: "EUR",
		Operation: ogone.OperationAuthorize, AcceptURL: "https://shop.example/paid",
	})
	if err != nil {
		panic(err)
	}
	landing, err := srv.Pay(ctx, form, ogonetest.PayWith{Card: ogonetest.CardAccepted})
	if err != nil {
		panic(err)
	}
	fmt.Println("customer lands on:", landing.URL.Host+landing.URL.Path, "STATUS", landing.Feedback.Get("STATUS"))

	r, err := client.Capture(ctx, landing.PAYID, ogone.RemainingAmount())
	if err != nil {
		panic(err)
	}
	fmt.Println("capture:", r.PayID, int(r.Status))

	tx, _ := srv.Transaction("order-1")
	fmt.Println("recorded:", int(tx.Status), tx.Captured, tx.CardNumber)
	// Output:
	// customer lands on: shop.example/paid STATUS 5
	// capture: 3000000001 91
	// recorded: 9 15.5 XXXXXXXXXXXX1111
}

// A DirectLink sale, then a query of the order.
func Example_directLink() {
	srv := ogonetest.NewServer(exampleAccount)
	defer srv.Close()
	client, _ := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	ctx := context.Background()

	card, _ := ogone.NewCard(ogonetest.CardAccepted, "12/99", "123")
	r, err := client.Sale(ctx, ogone.Order{
		OrderID: "order-1", Amount: decimal.RequireFromString("15.50"), Currency: "EUR", Card: card,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("order:", r.PayID, int(r.Status), r.Amount)

	r, _ = client.Query(ctx, ogone.Query{PayID: r.PayID})
	fmt.Println("query:", int(r.Status))
	// Output:
	// order: 3000000001 9 15.5
	// query: 9
}

// A reply lost on its way back: the order went through, the shop saw a
// 500, and only a query tells it the truth.
func ExampleServer_InjectFault() {
	srv := ogonetest.NewServer(exampleAccount)
	defer srv.Close()
	srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultServerError, Endpoint: ogone.EndpointOrder, Times: 1})
	client, _ := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	ctx := context.Background()

	card, _ := ogone.NewCard(ogonetest.CardAccepted, "12/99", "123")
	_, err := client.Sale(ctx, ogone.Order{
		OrderID: "order-2", Amount: decimal.RequireFromString("9.90"), Currency: "EUR", Card: card,
	})
	fmt.Println("sale: outcome unknown:", errors.Is(err, ogone.ErrOutcomeUnknown))

	r, _ := client.Query(ctx, ogone.Query{OrderID: "order-2"})
	fmt.Println("query: STATUS", int(r.Status))
	// Output:
	// sale: outcome unknown: true
	// query: STATUS 9
}
