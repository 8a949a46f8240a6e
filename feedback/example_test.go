package feedback_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// The feedback example of the platform's e-Commerce guide, as the shop
// receives it on its return URL. The guide's account uses SHA-1; new
// accounts should choose SHA-512.
func ExampleVerifier_Verify() {
	v, err := feedback.NewVerifier(shasign.SHA1, "Mysecretsig1875!?")
	if err != nil {
		panic(err)
	}
	params, _ := url.ParseQuery("orderID=12&currency=EUR&amount=15&PM=CreditCard&ACCEPTANCE=1234" +
		"&STATUS=9&CARDNO=XXXXXXXXXXXX1111&PAYID=32100123&NCERROR=0&BRAND=VISA" +
		"&SHASIGN=209113288F93A9AB8E474EA78D899AFDBB874355")

	f, err := v.Verify(params)
	if err != nil {
		panic(err)
	}
	fmt.Printf("order %s, payment %s: %v (%v)\n", f.OrderID, f.PayID, f.Status, f.State())
	fmt.Println(f.Amount, f.Currency, f.Brand, f.CardNo)
	fmt.Println("paid:", f.State().Paid())
	fmt.Println("as expected:", f.Matches("12", decimal.RequireFromString("15.00"), "EUR") == nil)

	params.Set("amount", "1")
	_, err = v.Verify(params)
	fmt.Println("tampered:", errors.Is(err, feedback.ErrBadSignature))
	// Output:
	// order 12, payment 32100123: 9 payment requested (captured)
	// 15 EUR VISA XXXXXXXXXXXX1111
	// paid: true
	// as expected: true
	// tampered: true
}

// A return URL whose callback is idempotent: the platform sends the same
// feedback more than once (online, deferred, and the browser redirect
// carries it too), and feedback about one order may arrive out of order.
// The callback applies a feedback only when it moves the order forward.
func ExampleHandler() {
	const shaOut = "Out-passphrase-2026!" // from the shop's secret store
	v, err := feedback.NewVerifier(shasign.SHA512, shaOut)
	if err != nil {
		panic(err)
	}

	// The shop's orders; a real shop keeps them in a database and does
	// the check and the update in one transaction.
	type order struct {
		total  decimal.Decimal
		status ogone.Status
		seen   bool
	}
	var mu sync.Mutex
	orders := map[string]*order{"SO042": {total: decimal.RequireFromString("42.50")}}

	apply := func(ctx context.Context, f *feedback.Feedback) error {
		mu.Lock()
		defer mu.Unlock()
		o, ok := orders[f.OrderID]
		if !ok {
			return nil // not an order of this shop: retrying will not help
		}
		if err := f.Matches(f.OrderID, o.total, "EUR"); err != nil {
			fmt.Println("for review:", err) // a person looks; the platform need not retry
			return nil
		}
		switch {
		case o.seen && f.Status == o.status:
			return nil // a repeat
		case o.seen && o.status.State().Final() && !f.State().Final():
			return nil // an older, intermediate status arriving late
		}
		o.status, o.seen = f.Status, true
		fmt.Printf("order %s is %v\n", f.OrderID, f.State())
		return nil
	}
	h := feedback.Handler(v, apply)

	// What the platform sends: the order captured (9), then the same
	// feedback again, then a late intermediate status (91).
	platform := func(status, amount string) string {
		params := url.Values{"orderID": {"SO042"}, "PAYID": {"3049875021"}, "STATUS": {status},
			"amount": {amount}, "currency": {"EUR"}, "NCERROR": {"0"}}
		sig, _ := shasign.SignOut(shasign.SHA512, shaOut, params)
		params.Set("SHASIGN", sig)
		return params.Encode()
	}
	for _, body := range []string{
		platform("9", "42.5"),
		platform("9", "42.5"),
		platform("91", "42.5"),
		platform("9", "4.25"),
		strings.Replace(platform("9", "42.5"), "STATUS=9", "STATUS=5", 1),
	} {
		r := httptest.NewRequest(http.MethodPost, "/payment/ogone/return", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code)
	}
	// Output:
	// order SO042 is captured
	// 200
	// 200
	// 200
	// for review: feedback: AMOUNT does not match the order
	// 200
	// 400
}

// While the account moves from its SHA-1 passphrase to a new SHA-512 key,
// the guide's feedback, signed with the old key, still verifies, and says
// which key it used.
func ExampleWithPreviousKey() {
	v, err := feedback.NewVerifier(shasign.SHA512, "New-out-passphrase-2026",
		feedback.WithPreviousKey(shasign.SHA1, "Mysecretsig1875!?"))
	if err != nil {
		panic(err)
	}
	params, _ := url.ParseQuery("orderID=12&currency=EUR&amount=15&PM=CreditCard&ACCEPTANCE=1234" +
		"&STATUS=9&CARDNO=XXXXXXXXXXXX1111&PAYID=32100123&NCERROR=0&BRAND=VISA" +
		"&SHASIGN=209113288F93A9AB8E474EA78D899AFDBB874355")

	f, err := v.Verify(params)
	if err != nil {
		panic(err)
	}
	fmt.Println("order", f.OrderID, "previous key:", f.PreviousKey)
	// Output:
	// order 12 previous key: true
}
