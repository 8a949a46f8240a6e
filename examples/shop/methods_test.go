package main

import (
	"context"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkoutWith checks out the cart choosing a payment method and follows
// the shop's form to the simulator's page for that method.
func (ts *testShop) checkoutWith(t testing.TB, b *browser, method string) *page {
	t.Helper()
	ts.addToCart(t, b, "beans")
	cart := b.get(ts.url + "/cart")
	require.Contains(t, cart.Body, `<option value="`+method+`">`, "the checkout offers it")
	fields := map[string]string{"name": "Ada Lovelace", "email": "ada@example.com", "method": method}
	redirectPage := b.submit(cart, cart.form(t, "checkout-form"), fields, "checkout")
	require.Equal(t, 200, redirectPage.Status, redirectPage.Body)
	page := b.submit(redirectPage, redirectPage.form(t, "ogone-payment-form"), nil, "")
	require.Equal(t, 200, page.Status)
	require.NotContains(t, page.Body, `id="CARDNO"`, "the method's page, not the card form")
	return page
}

// TestCheckoutWithPaymentMethods: each method chosen at checkout opens its
// page on the platform and its outcome reaches the order.
func TestCheckoutWithPaymentMethods(t *testing.T) {
	t.Parallel()
	for method, want := range map[string]struct{ pm, brand string }{
		"ideal":      {"iDEAL", "iDEAL"},
		"paypal":     {"PAYPAL", "PAYPAL"},
		"bancontact": {"CreditCard", "BCMC"},
	} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			ts := startShop(t)
			b := newBrowser(t)
			page := ts.checkoutWith(t, b, method)
			end := b.submit(page, page.form(t, "pay"), nil, "pay")
			require.Equal(t, 200, end.Status, end.Body)
			id := orderIDOf(t, end)
			assert.Equal(t, "paid", end.text("order-state"))
			txn, ok := ts.sim.Transaction(id)
			require.True(t, ok)
			assert.Equal(t, want.pm, txn.PM)
			assert.Equal(t, want.brand, txn.Brand)
		})
	}
}

// TestCheckoutWithBankTransfer: the order waits (STATUS 41) until the
// platform's later feedback says the money arrived.
func TestCheckoutWithBankTransfer(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	page := ts.checkoutWith(t, b, "banktransfer")
	end := b.submit(page, page.form(t, "pay"), nil, "pay")
	require.Equal(t, 200, end.Status, end.Body)
	id := orderIDOf(t, end)
	assert.Equal(t, "pending", end.text("order-state"))
	txn, _ := ts.sim.Transaction(id)
	require.Equal(t, ogone.StatusWaitingClientPayment, txn.Status)

	require.NoError(t, ts.sim.SettleBankTransfer(context.Background(), txn.OrderID))
	assert.Equal(t, "paid", b.get(ts.url+"/orders/"+id).text("order-state"))
}
