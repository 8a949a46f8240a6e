package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
)

// TestHostedPagePaid: cart, checkout, the platform's payment page, the
// signed feedback (server to server, then the browser's redirect) and the
// order page that says paid.
func TestHostedPagePaid(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	end := ts.buy(t, b, ogonetest.CardAccepted, false)
	assert.Equal(t, "paid", end.text("order-state"))
	assert.Equal(t, "EUR 15.50", end.text("order-total"))
	id := orderIDOf(t, end)

	txn, ok := ts.sim.Transaction(id)
	require.True(t, ok)
	assert.Equal(t, ogone.StatusPaymentRequested, txn.Status)
	require.NotEmpty(t, txn.Feedback, "the simulator posted its server-to-server feedback")
	assert.True(t, txn.Feedback[0].OK(), "the shop acknowledged the feedback: %+v", txn.Feedback[0])

	o, ok := ts.shop.store.get(id)
	require.True(t, ok)
	assert.Equal(t, statePaid, o.State)
	assert.Equal(t, txn.PAYID, o.PayID)
	assert.Equal(t, "EUR 15.50", formatMoney(o.Currency, o.Captured))
	assert.Equal(t, "XXXXXXXXXXXX1111", o.CardNumber)
	// One report changed the order; the other (the browser's redirect or
	// the server-to-server post, whichever came second) was a repeat.
	applied := 0
	for _, h := range o.History {
		if h.Source == "feedback" && h.Applied {
			applied++
		}
	}
	assert.Equal(t, 1, applied, "%+v", o.History)

	admin := ts.admin(t, b, id)
	assert.Equal(t, "paid", admin.text("order-state"))
	assert.Equal(t, "EUR 15.50", admin.text("order-captured"))
}

// TestHostedPageDeclined: a refused card, then a second attempt (a new
// ORDERID for the same order) with a good one.
func TestHostedPageDeclined(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	end := ts.buy(t, b, ogonetest.CardRefused, false)
	assert.Equal(t, "declined", end.text("order-state"))
	id := orderIDOf(t, end)
	txn, ok := ts.sim.Transaction(id)
	require.True(t, ok)
	assert.Equal(t, ogone.StatusAuthorizationRefused, txn.Status)

	redirectPage := b.submit(end, end.form(t, "pay-again"), nil, "pay-again")
	require.Equal(t, 200, redirectPage.Status, redirectPage.Body)
	retry := ts.followPaymentForm(t, b, redirectPage)
	end = payWith(t, b, retry, ogonetest.CardAccepted)
	assert.Equal(t, id, orderIDOf(t, end))
	assert.Equal(t, "paid", end.text("order-state"))
	txn, ok = ts.sim.Transaction(id + "-2")
	require.True(t, ok, "the second attempt has an ORDERID of its own")
	assert.Equal(t, ogone.StatusPaymentRequested, txn.Status)
}
