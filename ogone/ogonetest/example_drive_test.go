package ogonetest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
)

// exampleAccount is the merchant account of the examples.
var exampleAccount = ogonetest.Account{
	PSPID: "MyShop", UserID: "MyShopAPI", Password: ogone.NewSecret("api-password"),
	SHAIn: ogone.NewSecret("sha-in-passphrase-16"), SHAOut: ogone.NewSecret("sha-out-passphrase-16"),
}

// myShop is a merchant's web shop as its own tests would start it: it
// marks an order paid when a verified feedback says so, and counts the
// feedback it saw for each order.
type myShop struct {
	*httptest.Server
	mu    sync.Mutex
	paid  map[string]bool
	calls map[string]int
}

func newMyShop(shaOut string) *myShop {
	v, err := feedback.NewVerifier(shasign.SHA512, shaOut)
	if err != nil {
		panic(err)
	}
	s := &myShop{paid: map[string]bool{}, calls: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := v.VerifyRequest(r)
		if err != nil {
			http.Error(w, "bad feedback", http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.calls[f.OrderID]++
		if f.Status.State().Paid() {
			s.paid[f.OrderID] = true // idempotent: a repeat changes nothing
		}
	}))
	return s
}

func (s *myShop) report(orderID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("paid=%v feedback=%d", s.paid[orderID], s.calls[orderID])
}

// A shop's hosted payment page paid end to end: the shop builds the form
// with ogone.Client, the simulator plays the customer, the shop's
// feedback handler verifies what arrives.
func ExampleServer_Pay() {
	srv := ogonetest.NewServer(exampleAccount)
	defer srv.Close()
	shop := newMyShop("sha-out-passphrase-16")
	defer shop.Close()

	client, _ := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	form, _ := client.HostedPaymentPage(ogone.PaymentPage{
		OrderID: "order-1", Amount: decimal.RequireFromString("15.50"), Currency: "EUR",
		AcceptURL: shop.URL + "/ogone/accept", DeclineURL: shop.URL + "/ogone/decline",
	})

	landing, err := srv.Pay(context.Background(), form, ogonetest.PayWith{Card: ogonetest.CardAccepted})
	if err != nil {
		panic(err)
	}
	fmt.Println("lands on:", landing.URL.Path, "status", int(landing.Status))
	fmt.Println("shop:", shop.report("order-1"))

	form, _ = client.HostedPaymentPage(ogone.PaymentPage{
		OrderID: "order-2", Amount: decimal.RequireFromString("9.90"), Currency: "EUR",
		AcceptURL: shop.URL + "/ogone/accept", DeclineURL: shop.URL + "/ogone/decline",
	})
	landing, _ = srv.Pay(context.Background(), form, ogonetest.PayWith{Card: ogonetest.CardRefused})
	fmt.Println("lands on:", landing.URL.Path, "status", int(landing.Status), "NCERROR", string(landing.NCError))
	fmt.Println("shop:", shop.report("order-2"))
	// Output:
	// lands on: /ogone/accept status 9
	// shop: paid=true feedback=1
	// lands on: /ogone/decline status 2 NCERROR 30001001
	// shop: paid=false feedback=1
}

// Feedback held, then delivered twice and out of order: the shop's
// handler must count the order paid once.
func ExampleServer_HoldFeedback() {
	srv := ogonetest.NewServer(exampleAccount)
	defer srv.Close()
	shop := newMyShop("sha-out-passphrase-16")
	defer shop.Close()
	client, _ := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	ctx := context.Background()

	srv.HoldFeedback()
	for _, id := range []string{"order-a", "order-b"} {
		form, _ := client.HostedPaymentPage(ogone.PaymentPage{
			OrderID: id, Amount: decimal.RequireFromString("5"), Currency: "EUR",
			AcceptURL: shop.URL + "/ogone/accept",
		})
		_, _ = srv.Pay(ctx, form, ogonetest.PayWith{})
	}
	pending := srv.PendingFeedback()
	fmt.Println("held:", len(pending), "shop:", shop.report("order-a"))

	_, _ = pending[1].Deliver(ctx) // order-b first
	_, _ = pending[0].Deliver(ctx)
	_, _ = pending[0].Deliver(ctx) // and order-a's again
	fmt.Println("order-a:", shop.report("order-a"))
	fmt.Println("order-b:", shop.report("order-b"))
	fmt.Println("still held:", len(srv.PendingFeedback()))
	// Output:
	// held: 2 shop: paid=false feedback=0
	// order-a: paid=true feedback=2
	// order-b: paid=true feedback=1
	// still held: 0
}

// A bank transfer: the order waits (STATUS 41) until the money arrives,
// which brings a second feedback with STATUS 9.
func ExampleServer_SettleBankTransfer() {
	srv := ogonetest.NewServer(exampleAccount)
	defer srv.Close()
	shop := newMyShop("sha-out-passphrase-16")
	defer shop.Close()
	client, _ := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	ctx := context.Background()

	form, _ := client.HostedPaymentPage(ogone.PaymentPage{
		OrderID: "order-wire", Amount: decimal.RequireFromString("120"), Currency: "EUR",
		AcceptURL:     shop.URL + "/ogone/accept",
		PaymentMethod: ogone.MethodBankTransfer.PM, Brand: ogone.MethodBankTransfer.Brand,
	})
	landing, _ := srv.Pay(ctx, form, ogonetest.PayWith{})
	fmt.Println("after the page:", int(landing.Status), landing.Feedback.Get("PM"), "shop:", shop.report("order-wire"))

	_ = srv.SettleBankTransfer(ctx, "order-wire")
	tx, _ := srv.Transaction("order-wire")
	fmt.Println("money arrived:", int(tx.Status), "shop:", shop.report("order-wire"))
	// Output:
	// after the page: 41 Bank transfer shop: paid=false feedback=1
	// money arrived: 9 shop: paid=true feedback=2
}

// A DirectLink payment that asks for 3-D Secure, answered as the
// customer would.
func ExampleServer_Answer3DS() {
	srv := ogonetest.NewServer(exampleAccount)
	defer srv.Close()
	client, _ := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	ctx := context.Background()

	card, _ := ogone.NewCard(ogonetest.Card3DS, "12/99", "123")
	reply, err := client.Sale(ctx, ogone.Order{
		OrderID: "order-3ds", Amount: decimal.RequireFromString("42"), Currency: "EUR", Card: card,
		ThreeDSecure: &ogone.ThreeDSecure{
			AcceptURL: "https://shop.example/ok", DeclineURL: "https://shop.example/ko", ExceptionURL: "https://shop.example/ex",
			Browser: &ogone.BrowserInfo{AcceptHeader: "text/html", UserAgent: "Mozilla/5.0", Language: "en"},
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("reply:", int(reply.Status), reply.ActionRequired())

	landing, err := srv.Answer3DS(ctx, "order-3ds", ogonetest.ThreeDSPassed)
	if err != nil {
		panic(err)
	}
	fmt.Println("lands on:", landing.URL.Host+landing.URL.Path, "status", int(landing.Status))
	// Output:
	// reply: 46 true
	// lands on: shop.example/ok status 9
}
