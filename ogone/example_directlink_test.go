package ogone_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync/atomic"

	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
)

// examplePlatform stands in for the platform's DirectLink pages: it prints
// what it received and answers with reply. A shop talks to the real
// platform (Config.Env) instead of setting BaseURL.
func examplePlatform(reply func(form url.Values) string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		fmt.Printf("platform: %s OPERATION=%s AMOUNT=%s\n", r.URL.Path, r.PostForm.Get("OPERATION"), r.PostForm.Get("AMOUNT"))
		w.Header().Set("Content-Type", "text/XML; Charset=iso-8859-1")
		_, _ = fmt.Fprint(w, `<?xml version="1.0"?>`+reply(r.PostForm))
	}))
}

// exampleClient is a client for the shop's account. A real shop reads the
// password and passphrases from its secret store.
func exampleClient(platform *httptest.Server) *ogone.Client {
	client, err := ogone.NewClient(ogone.Config{
		PSPID:    "MyShop",
		UserID:   "MyShopAPI",
		Password: ogone.NewSecret("api-user-password"),
		SHAIn:    ogone.NewSecret("a-16-to-32-char-SHA-IN"),
		SHAOut:   ogone.NewSecret("a-16-to-32-char-SHAOUT"),
		BaseURL:  platform.URL, // leave empty to use the platform of Env
	}, ogone.WithHTTPClient(platform.Client()))
	if err != nil {
		panic(err)
	}
	return client
}

// minorToAmount reads the AMOUNT of a request back as the platform does.
func minorToAmount(s string) string {
	n, _ := strconv.ParseInt(s, 10, 64)
	return decimal.New(n, -2).String()
}

// A sale authorizes and captures at once. Nil error means the platform
// answered; Response.State says what happened.
func ExampleClient_Sale() {
	platform := examplePlatform(func(form url.Values) string {
		return `<ncresponse orderID="` + form.Get("ORDERID") + `" PAYID="3041658222" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!"
 ACCEPTANCE="test123" STATUS="9" ECI="7" amount="` + minorToAmount(form.Get("AMOUNT")) + `" currency="EUR" PM="CreditCard" BRAND="VISA"/>`
	})
	defer platform.Close()
	client := exampleClient(platform)

	card, err := ogone.NewCard("4111 1111 1111 1111", "12/99", "123")
	if err != nil {
		fmt.Println(err) // *FieldError values naming CARDNO, ED or CVC
		return
	}
	fmt.Println("card:", card) // a Card prints masked, and never its CVC

	resp, err := client.Sale(context.Background(), ogone.Order{
		OrderID:  "order-1002",
		Amount:   decimal.RequireFromString("15.50"),
		Currency: "EUR",
		Card:     card,
		ECI:      ogone.ECIECommerce,
	})
	var refused *ogone.Error
	switch {
	case errors.Is(err, ogone.ErrOutcomeUnknown):
		// Timeout or unreadable answer: the sale may have gone through.
		// Never send it again; ask the platform (client.Reconcile).
		fmt.Println("unknown, reconcile order-1002 later")
		return
	case errors.As(err, &refused):
		fmt.Println("refused:", refused.NCError, refused.Retryable())
		return
	case err != nil:
		fmt.Println(err) // invalid fields: nothing was sent
		return
	}
	switch state := resp.State(); {
	case resp.ActionRequired():
		// 3-D Secure: write resp.HTML() to the customer's browser.
	case resp.Status.Uncertain():
		// The acquirer did not say: reconcile later, do not resend.
	default:
		fmt.Printf("PAYID %s: %s (%s), paid: %v, %s %s\n", resp.PayID, resp.Status, state, state.Paid(), resp.Amount, resp.Currency)
	}
	// Output:
	// card: XXXXXXXXXXXX1111
	// platform: /ncol/test/orderdirect_utf8.asp OPERATION=SAL AMOUNT=1550
	// PAYID 3041658222: 9 payment requested (captured), paid: true, 15.5 EUR
}

// An authorization is captured later, in parts or at once. Partial and
// final are always explicit: PartialAmount keeps the order open,
// FinalAmount and RemainingAmount close it.
func ExampleClient_Capture() {
	var sub atomic.Int64
	platform := examplePlatform(func(form url.Values) string {
		return `<ncresponse orderID="order-1001" PAYID="` + form.Get("PAYID") + `" PAYIDSUB="` + strconv.FormatInt(sub.Add(1), 10) + `"
 NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="" STATUS="91" amount="` + minorToAmount(form.Get("AMOUNT")) + `" currency="EUR"/>`
	})
	defer platform.Close()
	client := exampleClient(platform)
	ctx := context.Background()

	// The first parcel ships: capture its part, keep the rest reserved.
	resp, err := client.Capture(ctx, "3041658221", ogone.PartialAmount(decimal.RequireFromString("60.00")))
	if err != nil {
		fmt.Println(err) // ErrOutcomeUnknown: query before capturing again
		return
	}
	fmt.Printf("capture %s: %s, %s\n", resp.PayIDSub, resp.Status, resp.State())

	// The last parcel ships: capture it and close the order.
	resp, err = client.Capture(ctx, "3041658221", ogone.FinalAmount(decimal.RequireFromString("40.00")))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("capture %s: %s, %s\n", resp.PayIDSub, resp.Status, resp.Amount)
	// Output:
	// platform: /ncol/test/maintenancedirect.asp OPERATION=SAL AMOUNT=6000
	// capture 1: 91 payment processing, pending
	// platform: /ncol/test/maintenancedirect.asp OPERATION=SAS AMOUNT=4000
	// capture 2: 91 payment processing, 40
}

// A refund sends captured money back: part of it, or all that is left.
// A refund sent twice (a double click, a retried job) is refused the
// second time (ErrDuplicateMaintenance), never paid twice.
func ExampleClient_Refund() {
	var calls atomic.Int64
	platform := examplePlatform(func(form url.Values) string {
		if calls.Add(1) > 1 {
			return `<ncresponse orderID="order-1002" PAYID="3041658222" PAYIDSUB="" NCSTATUS="5" NCERROR="50001127"
 NCERRORPLUS="This order is not authorized" ACCEPTANCE="" STATUS="0" amount="" currency=""/>`
		}
		return `<ncresponse orderID="order-1002" PAYID="3041658222" PAYIDSUB="1" NCSTATUS="0" NCERROR="0"
 NCERRORPLUS="!" ACCEPTANCE="" STATUS="81" amount="15.5" currency="EUR"/>`
	})
	defer platform.Close()
	client := exampleClient(platform)
	ctx := context.Background()

	for i := 0; i < 2; i++ {
		resp, err := client.Refund(ctx, "3041658222", ogone.RemainingAmount())
		switch {
		case errors.Is(err, ogone.ErrDuplicateMaintenance):
			fmt.Println("not refunded again:", err)
		case err != nil:
			fmt.Println(err) // ErrOutcomeUnknown: query before refunding again
		default:
			fmt.Printf("refund %s: %s EUR, %s\n", resp.PayIDSub, resp.Amount, resp.Status)
		}
	}

	// Part of a payment: PartialAmount keeps the rest refundable.
	_, _ = client.Refund(ctx, "3041658221", ogone.PartialAmount(decimal.RequireFromString("5.25")))
	// Output:
	// platform: /ncol/test/maintenancedirect.asp OPERATION=RFS AMOUNT=
	// refund 1: 15.5 EUR, 81 refund pending
	// platform: /ncol/test/maintenancedirect.asp OPERATION=RFS AMOUNT=
	// not refunded again: ogone: maintenance "order-1002" refused: STATUS 0 invalid or incomplete, NCERROR 50001127 order status does not allow the operation: "This order is not authorized"
	// platform: /ncol/test/maintenancedirect.asp OPERATION=RFD AMOUNT=525
}
