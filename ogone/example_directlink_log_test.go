package ogone_test

import (
	"context"
	"log/slog"
	"net/url"
	"os"

	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
)

// WithLogger logs one record per DirectLink call: what was done, to which
// order, what the platform said and how it ended, never the card or the
// account's secrets.
func ExampleWithLogger() {
	platform := examplePlatform(func(form url.Values) string {
		return `<ncresponse orderID="` + form.Get("ORDERID") + `" PAYID="3041658222" NCERROR="0" STATUS="9" amount="15.5" currency="EUR"/>`
	})
	defer platform.Close()

	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: stableLog}))
	client, err := ogone.NewClient(exampleClient(platform).Config(),
		ogone.WithHTTPClient(platform.Client()), ogone.WithLogger(logger))
	if err != nil {
		panic(err)
	}
	card, err := ogone.NewCard("4111 1111 1111 1111", "12/30", "123")
	if err != nil {
		panic(err)
	}
	_, err = client.Sale(context.Background(), ogone.Order{
		OrderID: "order-1234", Amount: decimal.RequireFromString("15.50"), Currency: "EUR", Card: card,
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// platform: /ncol/test/orderdirect_utf8.asp OPERATION=SAL AMOUNT=1550
	// level=INFO msg="ogone DirectLink call" operation=order ORDERID=order-1234 PAYID=3041658222 STATUS=9 NCERROR=0 duration=0s outcome=ok
}

// stableLog drops the time and zeroes the duration, so that the output
// can be checked.
func stableLog(_ []string, a slog.Attr) slog.Attr {
	switch a.Key {
	case slog.TimeKey:
		return slog.Attr{}
	case "duration":
		return slog.Duration("duration", 0)
	}
	return a
}
