package ogone

import (
	"crypto/sha512"
	"github.com/gogone/ogone/internal/benchratio"
	"net/url"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/shasign"
)

const benchPassphrase = "Mysecretsig1875!?"

// benchPage is a hosted page request of 30 parameters with PSPID, the
// shape the speed targets are set on.
func benchPage() PaymentPage {
	return PaymentPage{
		OrderID: "SO-2026-000042", Amount: decimal.RequireFromString("129.95"), Currency: "EUR", Language: "en_US",
		Operation: OperationSale, CustomerName: "Zoë Müller", Email: "zoe@example.com", OwnerAddress: "12 Rue de la Paix",
		OwnerZip: "75002", OwnerTown: "Paris", OwnerCountry: "FR", OwnerPhone: "+33123456789",
		Description: "Order SO-2026-000042", Title: "Checkout", Template: "https://shop.example/template.html",
		AcceptURL:    "https://shop.example/payment/ogone/return?r=accept",
		DeclineURL:   "https://shop.example/payment/ogone/return?r=decline",
		ExceptionURL: "https://shop.example/payment/ogone/return?r=exception",
		CancelURL:    "https://shop.example/payment/ogone/return?r=cancel",
		BackURL:      "https://shop.example/cart", HomeURL: "https://shop.example/", CatalogURL: "https://shop.example/catalog",
		PaymentMethod: "CreditCard", Brand: "VISA", ParamPlus: url.Values{"session": {"abc"}}, ComPlus: "cart-77",
		Alias: "CUST-8842", AliasUsage: "Pay faster next time", AliasOperation: AliasByMerchant,
	}
}

// benchOrder is a DirectLink order with 3-D Secure of about 30
// parameters with the account's.
func benchOrder(tb testing.TB) Order {
	card, err := NewCard("4111111111111111", "12/2035", "123")
	if err != nil {
		tb.Fatal(err)
	}
	return Order{
		OrderID: "SO-2026-000042", Amount: decimal.RequireFromString("129.95"), Currency: "EUR", Operation: OperationSale,
		Card: card, ECI: ECIECommerce, CustomerName: "Zoë Müller", Email: "zoe@example.com", OwnerAddress: "12 Rue de la Paix",
		OwnerZip: "75002", OwnerTown: "Paris", OwnerCountry: "FR", RemoteAddr: "192.0.2.7",
		CredentialOnFile: &CredentialOnFile{Initiator: COFCustomer, Transaction: COFFirst, Schedule: COFUnscheduled},
		ThreeDSecure: &ThreeDSecure{AcceptURL: "https://shop.example/3ds/accept", Language: "fr_FR",
			Browser: &BrowserInfo{AcceptHeader: "text/html", UserAgent: "Mozilla/5.0 (X11; Linux x86_64)", Language: "fr-FR",
				ColorDepth: 24, ScreenHeight: 1080, ScreenWidth: 1920, TimeZoneOffset: -60, JavaScriptEnabled: true}},
	}
}

// benchFields returns the fields of the two requests as the hosted page
// (sorted: the form shows them in digest order) and DirectLink (as built,
// the account's last) sign them.
func benchFields(tb testing.TB) map[string][]FormField {
	page := benchPage()
	pf, err := page.fields("MyPSPID")
	if err != nil {
		tb.Fatal(err)
	}
	order := benchOrder(tb)
	of, err := order.fields()
	if err != nil {
		tb.Fatal(err)
	}
	of = append(of, FormField{"PSPID", "MyPSPID"}, FormField{"USERID", "api"}, FormField{"PSWD", "api-password"})
	slices.SortFunc(pf, func(a, b FormField) int { return shasign.Compare(a.Name, b.Name) })
	return map[string][]FormField{"hostedpage": pf, "directlink": of}
}

func asValues(fields []FormField) url.Values {
	v := make(url.Values, len(fields))
	for _, f := range fields {
		v.Add(f.Name, f.Value)
	}
	return v
}

var benchSink string

// rawSHA512 is the baseline: hash the prebuilt string and write the
// digest in upper hex, as the signer returns it.
func rawSHA512(msg []byte) string {
	sum := sha512.Sum512(msg)
	const digits = "0123456789ABCDEF"
	var buf [2 * sha512.Size]byte
	for i, b := range sum {
		buf[2*i], buf[2*i+1] = digits[b>>4], digits[b&0x0F]
	}
	return string(buf[:])
}

// BenchmarkRequestSigningRatio reports the cost of signing a hosted page
// and a DirectLink request of about 30 fields as a multiple of the raw
// SHA-512 of the prebuilt string (x-hash): signFields, what the builders
// use, and SignIn of the same fields as url.Values, which they used
// before. Each round times a batch of signatures and a batch of raw
// hashes, alternating which goes first; the ratio is that of the fastest
// batch of each.
func BenchmarkRequestSigningRatio(b *testing.B) {
	signer, err := shasign.NewSigner(shasign.SHA512, benchPassphrase)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"hostedpage", "directlink"} {
		fields := benchFields(b)[name]
		values := asValues(fields)
		c, err := shasign.Canonicalize(shasign.In, values)
		if err != nil {
			b.Fatal(err)
		}
		msg := []byte(c.StringToHash(benchPassphrase))
		b.Logf("%s: %d fields, %d bytes to hash", name, len(fields), len(msg))
		want, err := signer.SignIn(values)
		if err != nil {
			b.Fatal(err)
		}
		if got, err := signFields(signer, fields); err != nil || got != want || rawSHA512(msg) != want {
			b.Fatalf("%s: signFields %s, %v; want %s", name, got, err, want)
		}
		for _, v := range []struct {
			name string
			sign func()
		}{
			{"signFields", func() { benchSink, _ = signFields(signer, fields) }},
			{"SignIn", func() { benchSink, _ = signer.SignIn(values) }},
		} {
			b.Run(name+"/"+v.name, func(b *testing.B) {
				benchratio.Paired(b, 100, v.sign, func() { benchSink = rawSHA512(msg) })
			})
		}
	}
}
