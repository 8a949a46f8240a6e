package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone/ogonetest"
)

// testAccount is the merchant account of the simulator in tests.
var testAccount = ogonetest.Account{
	PSPID:    "coffee-corner",
	UserID:   "coffee-api",
	Password: ogone.NewSecret("api-password-0001"),
	SHAIn:    ogone.NewSecret("sha-in-passphrase-0001"),
	SHAOut:   ogone.NewSecret("sha-out-passphrase-0001"),
}

// testShop is a shop served on a loopback port in front of a simulator,
// both in this process.
type testShop struct {
	sim  *ogonetest.Server
	shop *shop
	url  string
}

// startShop starts a simulator and a shop on a SQLite database of its own.
func startShop(t testing.TB, opts ...option) *testShop {
	t.Helper()
	sim := ogonetest.NewServer(testAccount)
	t.Cleanup(sim.Close) // registered first, so it closes after the shop
	db, d := openTestDB(t, testDSN(t, "sqlite"))
	return serveShop(t, sim, append([]option{withDB(db, d)}, opts...)...)
}

// serveShop starts a shop in front of sim; opts say where its database is.
func serveShop(t testing.TB, sim *ogonetest.Server, opts ...option) *testShop {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	shopURL := "http://" + ts.Listener.Addr().String()
	opts = append([]option{withPublicURL(shopURL), withHTTPClient(sim.Client()), withSimulator(sim.URL)}, opts...)
	s, err := newShop(sim.Config(), opts...)
	require.NoError(t, err)
	ts.Config.Handler = s.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return &testShop{sim: sim, shop: s, url: shopURL}
}

// expiry is a card expiry date two years ahead, as MM/YY.
func expiry() string { return time.Now().AddDate(2, 0, 0).Format("01/06") }

// addToCart puts one of a product in the browser's cart and returns the
// cart page.
func (ts *testShop) addToCart(t testing.TB, b *browser, productID string) *page {
	t.Helper()
	home := b.get(ts.url + "/")
	require.Equal(t, 200, home.Status)
	cart := b.submit(home, home.form(t, "add-"+productID), nil, "add-"+productID)
	require.Equal(t, 200, cart.Status, cart.Body)
	require.Equal(t, "/cart", cart.URL.Path)
	return cart
}

// checkout submits the cart's checkout form and follows the shop's
// self-submitting form to the simulator's payment page.
func (ts *testShop) checkout(t testing.TB, b *browser, saveCard bool) *page {
	t.Helper()
	cart := b.get(ts.url + "/cart")
	fields := map[string]string{"name": "Ada Lovelace", "email": "ada@example.com"}
	if saveCard {
		fields["save_card"] = "yes"
	}
	redirectPage := b.submit(cart, cart.form(t, "checkout-form"), fields, "checkout")
	require.Equal(t, 200, redirectPage.Status, redirectPage.Body)
	return ts.followPaymentForm(t, b, redirectPage)
}

// followPaymentForm does what the library's inline script does in a
// browser: it posts the signed form to the platform.
func (ts *testShop) followPaymentForm(t testing.TB, b *browser, redirectPage *page) *page {
	t.Helper()
	f := redirectPage.form(t, "ogone-payment-form")
	if ts.sim != nil {
		assert.True(t, strings.HasPrefix(f.Action, ts.sim.URL), "the form posts to the simulator: %s", f.Action)
	}
	pay := b.submit(redirectPage, f, nil, "")
	require.Equal(t, 200, pay.Status)
	require.Contains(t, pay.Body, `id="CARDNO"`, "the simulator's payment page")
	return pay
}

// payWith types a card on the simulator's payment page and presses Pay;
// it returns the page the browser lands on in the shop.
func payWith(t testing.TB, b *browser, pay *page, cardNumber string) *page {
	t.Helper()
	fields := map[string]string{"CARDNO": cardNumber, "ED": expiry(), "CVC": "123", "CN": "Ada Lovelace"}
	return b.submit(pay, pay.form(t, "pay"), fields, "pay")
}

// orderIDOf returns the order id of an order page's URL.
func orderIDOf(t testing.TB, p *page) string {
	t.Helper()
	id, ok := strings.CutPrefix(p.URL.Path, "/orders/")
	require.True(t, ok, "not an order page: %s (HTTP %d)\n%s", p.URL, p.Status, p.Body)
	return id
}

// buy runs the whole hosted page flow for one bag of beans and returns the
// order page the customer ends on.
func (ts *testShop) buy(t testing.TB, b *browser, cardNumber string, saveCard bool) *page {
	t.Helper()
	ts.addToCart(t, b, "beans")
	pay := ts.checkout(t, b, saveCard)
	end := payWith(t, b, pay, cardNumber)
	require.Equal(t, 200, end.Status, end.Body)
	orderIDOf(t, end)
	return end
}

// admin opens the admin page of an order.
func (ts *testShop) admin(t testing.TB, b *browser, id string) *page {
	t.Helper()
	p := b.get(ts.url + "/admin/orders/" + id)
	require.Equal(t, 200, p.Status, p.Body)
	return p
}

// adminAction presses one of the admin page's buttons.
func (ts *testShop) adminAction(t testing.TB, b *browser, id, button string, fields map[string]string) *page {
	t.Helper()
	p := ts.admin(t, b, id)
	out := b.submit(p, p.form(t, button), fields, button)
	require.Equal(t, 200, out.Status, out.Body)
	return out
}

// order reads an order from the shop's store.
func (ts *testShop) order(t testing.TB, id string) order {
	t.Helper()
	o, err := ts.shop.store.get(context.Background(), id)
	require.NoError(t, err)
	return o
}

// latest reads the newest order from the shop's store, with its history.
func (ts *testShop) latest(t testing.TB) order {
	t.Helper()
	all, err := ts.shop.store.list(context.Background(), "")
	require.NoError(t, err)
	require.NotEmpty(t, all)
	return ts.order(t, all[0].ID)
}
