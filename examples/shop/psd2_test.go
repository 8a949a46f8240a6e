package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
)

// scriptValues is what ogone.BrowserInfoScript writes into the cart's
// hidden fields in a browser with an odd screen, so that a test can tell
// them from any default.
var scriptValues = map[string]string{
	"ogone_browser_javascript":    "true",
	"ogone_browser_java":          "false",
	"ogone_browser_language":      "nl-BE",
	"ogone_browser_color_depth":   "30",
	"ogone_browser_screen_height": "777",
	"ogone_browser_screen_width":  "1311",
	"ogone_browser_time_zone":     "-120",
}

// TestSavedCardSendsCITWithBrowserData: the saved-card payment is
// customer-initiated and carries what the script and the headers say of
// the browser, which the simulator received and checked.
func TestSavedCardSendsCITWithBrowserData(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	ts.buy(t, b, ogonetest.CardFrictionless, true)
	aliases := ts.sim.Aliases()
	require.Len(t, aliases, 1)
	first := ts.sim.Transactions()[0]
	assert.Equal(t, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST"}, first.CredentialOnFile,
		"the payment page that stored the card said so")

	cart := ts.addToCart(t, b, "mug")
	assert.Contains(t, cart.Body, `<script src="/ogone-browser.js" defer></script>`)
	button := "pay-saved-" + aliases[0].ID
	f := cart.form(t, button)
	for name := range scriptValues {
		require.Contains(t, f.Fields, name, "the saved-card form carries the script's fields")
	}
	end := b.submit(cart, f, scriptValues, button)
	assert.Equal(t, "paid", end.text("order-state"), "frictionless: no challenge")
	txn, ok := ts.sim.Transaction(orderIDOf(t, end))
	require.True(t, ok)
	assert.True(t, txn.ThreeDSecure)
	assert.False(t, txn.Challenged)
	assert.Equal(t, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "SUBSEQ", Schedule: "UNSCHED"}, txn.CredentialOnFile)
	assert.Equal(t, "7", txn.ECI)
	assert.Equal(t, ogone.BrowserInfo{
		AcceptHeader:      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
		UserAgent:         "shop-test-browser/1.0",
		Language:          "nl-BE",
		ColorDepth:        24, // 30 bits is not an EMV value: the next smaller one
		ScreenHeight:      777,
		ScreenWidth:       1311,
		TimeZoneOffset:    -120,
		JavaScriptEnabled: true,
	}, txn.Browser)
}

// TestSavedCardWithoutJavaScript: a browser that ran no script still pays,
// with what its headers say.
func TestSavedCardWithoutJavaScript(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	end := ts.payWithSavedCard(t, newBrowser(t))
	assert.Equal(t, "paid", end.text("order-state"))
	txn, _ := ts.sim.Transaction(orderIDOf(t, end))
	assert.False(t, txn.Browser.JavaScriptEnabled)
	assert.Equal(t, "en", txn.Browser.Language, "the shop's language when the browser gives none")
	assert.Equal(t, "shop-test-browser/1.0", txn.Browser.UserAgent)
}

func TestSavedCardRefusesForgedBrowserData(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	ts.buy(t, b, ogonetest.CardAccepted, true)
	cart := ts.addToCart(t, b, "mug")
	button := "pay-saved-" + ts.sim.Aliases()[0].ID
	forged := map[string]string{"ogone_browser_javascript": "true", "ogone_browser_screen_width": "-1"}
	end := b.submit(cart, cart.form(t, button), forged, button)
	assert.Equal(t, http.StatusBadRequest, end.Status)
	assert.Len(t, ts.sim.Transactions(), 1, "nothing was sent")
}

// TestRenewSubscription: the admin's button charges a saved card whose
// issuer soft-declines payments without 3-D Secure, merchant-initiated,
// which the issuer lets through without the customer.
func TestRenewSubscription(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	first := ts.buy(t, b, ogonetest.CardSoftDecline, true) // the payment page authenticates
	require.Equal(t, "paid", first.text("order-state"))
	id := orderIDOf(t, first)

	admin := ts.admin(t, b, id)
	assert.Contains(t, admin.text("renew"), "card ending 1273")
	page := ts.adminAction(t, b, id, "renew", nil)
	assert.Equal(t, "Subscription renewed: the saved card was charged, merchant-initiated.", page.text("notice"))
	assert.Equal(t, "paid", page.text("order-state"))
	next := strings.TrimPrefix(page.URL.Path, "/admin/orders/")
	require.NotEqual(t, id, next, "a new order")
	o, _ := ts.shop.store.get(context.Background(), next)
	txn, ok := ts.sim.Transaction(o.PaymentRef)
	require.True(t, ok)
	assert.Equal(t, ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED"}, txn.CredentialOnFile)
	assert.Equal(t, "9", txn.ECI)
	assert.False(t, txn.ThreeDSecure)
	assert.Equal(t, ts.sim.Aliases()[0].ID, txn.Alias)

	// Without a saved card there is no button.
	other := newBrowser(t)
	plain := ts.buy(t, other, ogonetest.CardAccepted, false)
	assert.NotContains(t, ts.admin(t, b, orderIDOf(t, plain)).Body, `id="renew"`)
}

func TestBrowserScriptIsServed(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	resp, err := http.Get(ts.url + "/ogone-browser.js")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/javascript; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, ogone.BrowserInfoScript, body)

	cart, err := http.Get(ts.url + "/cart")
	require.NoError(t, err)
	defer cart.Body.Close()
	scriptSrc := ""
	for _, d := range strings.Split(cart.Header.Get("Content-Security-Policy"), ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(d), "script-src "); ok {
			scriptSrc = v
		}
	}
	assert.Equal(t, "'self'", scriptSrc, "the script runs as a file; no inline script is allowed")
}
