package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
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

	o := ts.order(t, id)
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
	assert.Regexp(t, `^Declined: (VISA )?XXXXXXXXXXXX0002 was refused by the bank$`, end.text("order-payment"))
	assert.NotContains(t, end.Body, "Paid with")
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
	assert.Regexp(t, `^Paid with (VISA )?XXXXXXXXXXXX1111$`, end.text("order-payment"))
	txn, ok = ts.sim.Transaction(id + "-2")
	require.True(t, ok, "the second attempt has an ORDERID of its own")
	assert.Equal(t, ogone.StatusPaymentRequested, txn.Status)
}

// TestAuthorizeCaptureRefund: a shop that authorises at checkout; the
// admin captures, refunds part, then the rest.
func TestAuthorizeCaptureRefund(t *testing.T) {
	t.Parallel()
	ts := startShop(t, withAuthorizeOnly())
	b := newBrowser(t)
	end := ts.buy(t, b, ogonetest.CardAccepted, false)
	assert.Equal(t, "authorised", end.text("order-state"))
	id := orderIDOf(t, end)
	txn, _ := ts.sim.Transaction(id)
	assert.Equal(t, ogone.StatusAuthorized, txn.Status)

	admin := ts.admin(t, b, id)
	assert.NotContains(t, admin.Body, `id="refund"`, "nothing to refund before the capture")
	page := ts.adminAction(t, b, id, "capture", nil)
	assert.Equal(t, "Capture accepted.", page.text("notice"))
	assert.Equal(t, "paid", page.text("order-state"))
	assert.Equal(t, "EUR 15.50", page.text("order-captured"))
	assert.NotContains(t, page.Body, `id="capture"`, "captured once, no second button")

	page = ts.adminAction(t, b, id, "refund", map[string]string{"amount": "5.25"})
	assert.Equal(t, "Refund accepted.", page.text("notice"))
	assert.Equal(t, "paid", page.text("order-state"), "a partial refund leaves the order paid")
	assert.Equal(t, "EUR 5.25", page.text("order-refunded"))

	// More than what is left is refused by the shop, before the platform.
	page = ts.adminAction(t, b, id, "refund", map[string]string{"amount": "10.26"})
	assert.Contains(t, page.text("notice"), "no more than what is left")
	page = ts.adminAction(t, b, id, "refund", map[string]string{"amount": "1.234"})
	assert.Contains(t, page.text("notice"), "at most two decimals")

	page = ts.adminAction(t, b, id, "refund", map[string]string{"amount": "10.25"})
	assert.Equal(t, "refunded", page.text("order-state"))
	assert.Equal(t, "EUR 15.50", page.text("order-refunded"))
	assert.NotContains(t, page.Body, `id="refund"`)

	txn, _ = ts.sim.Transaction(id)
	assert.Equal(t, ogone.StatusRefund, txn.Status)
	var ops []ogone.Operation
	for _, h := range txn.History {
		ops = append(ops, h.Operation)
	}
	assert.Equal(t, []ogone.Operation{ogone.OperationAuthorize, ogone.OperationFinalCapture, ogone.OperationPartialRefund, ogone.OperationFinalRefund}, ops)
	assert.True(t, txn.Captured.Equal(txn.Refunded), "captured %s, refunded %s", txn.Captured, txn.Refunded)

	customer := b.get(ts.url + "/orders/" + id)
	assert.Equal(t, "refunded", customer.text("order-state"))
}

// TestCancelAuthorization: the admin releases an authorisation.
func TestCancelAuthorization(t *testing.T) {
	t.Parallel()
	ts := startShop(t, withAuthorizeOnly())
	b := newBrowser(t)
	id := orderIDOf(t, ts.buy(t, b, ogonetest.CardAccepted, false))
	page := ts.adminAction(t, b, id, "cancel", nil)
	assert.Equal(t, "cancelled", page.text("order-state"))
	txn, _ := ts.sim.Transaction(id)
	assert.Equal(t, ogone.StatusAuthorizedAndCancelled, txn.Status)
}

// TestSavedCardChargedTwice: the card is saved on the payment page (ALIAS
// in the signed feedback), then two more orders are paid with it through
// DirectLink, without typing it again.
func TestSavedCardChargedTwice(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	first := ts.buy(t, b, ogonetest.CardAccepted, true)
	assert.Equal(t, "paid", first.text("order-state"))

	cards := b.get(ts.url + "/cards")
	assert.Contains(t, cards.Body, "card ending 1111")
	aliases := ts.sim.Aliases()
	require.Len(t, aliases, 1)
	alias := aliases[0].ID

	for i := 0; i < 2; i++ {
		cart := ts.addToCart(t, b, "mug")
		button := "pay-saved-" + alias
		end := b.submit(cart, cart.form(t, button), nil, button)
		require.Equal(t, 200, end.Status, end.Body)
		assert.Equal(t, "paid", end.text("order-state"), end.Body)
		assert.Equal(t, "EUR 12.00", end.text("order-total"))
		id := orderIDOf(t, end)
		txn, ok := ts.sim.Transaction(id)
		require.True(t, ok)
		assert.Equal(t, ogone.StatusPaymentRequested, txn.Status)
		assert.Equal(t, alias, txn.Alias)
		assert.Equal(t, ogone.EndpointOrder, txn.Endpoint, "paid through DirectLink")
		o := ts.order(t, id)
		assert.Equal(t, "saved card", o.Method)
		assert.Equal(t, "XXXXXXXXXXXX1111", o.CardNumber)
	}
	aliases = ts.sim.Aliases()
	require.Len(t, aliases, 1)
	assert.Equal(t, 2, aliases[0].Uses, "the saved card was charged twice")

	// Another customer cannot pay with this card.
	other := newBrowser(t)
	cart := ts.addToCart(t, other, "mug")
	f := cart.form(t, "checkout-form")
	f.Fields.Set("card", alias)
	page := other.submit(cart, f, nil, "")
	assert.Equal(t, "That card is not one of your saved cards.", page.text("notice"))
	assert.Len(t, ts.sim.Transactions(), 3)
}

// TestThreeDSecure: a card enrolled in 3-D Secure, saved on the payment
// page (where the simulator authenticates too), then charged through
// DirectLink with FLAG3D=Y: STATUS 46, and the shop shows the platform's
// HTML_ANSWER, whose form leads to the bank's page and back to the shop.
func TestThreeDSecure(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	ts.addToCart(t, b, "beans")
	pay := ts.checkout(t, b, true)
	threeDS := payWith(t, b, pay, ogonetest.Card3DS)
	require.Contains(t, threeDS.Body, "3-D Secure", "the hosted page asks for authentication first")
	end := b.submit(threeDS, threeDS.form(t, "authenticate"), nil, "authenticate")
	assert.Equal(t, "paid", end.text("order-state"))
	aliases := ts.sim.Aliases()
	require.Len(t, aliases, 1)
	alias := aliases[0].ID

	cart := ts.addToCart(t, b, "grinder")
	button := "pay-saved-" + alias
	answer := b.submit(cart, cart.form(t, button), nil, button)
	require.Equal(t, 200, answer.Status)
	assert.Equal(t, "/checkout", answer.URL.Path, "the shop shows the platform's page itself")
	pending := ts.latest(t)
	assert.Equal(t, stateActionRequired, pending.State, "STATUS 46 was recorded")
	txn, ok := ts.sim.Transaction(pending.PaymentRef)
	require.True(t, ok)
	assert.Equal(t, ogone.StatusWaitingAuthentication, txn.Status)

	// A browser runs the HTML_ANSWER's script, which posts its form.
	bank := b.submit(answer, answer.form(t, "/simulator/3ds"), nil, "")
	require.Equal(t, 200, bank.Status)
	end = b.submit(bank, bank.form(t, "authenticate"), nil, "authenticate")
	assert.Equal(t, "paid", end.text("order-state"), end.Body)
	assert.Equal(t, pending.ID, orderIDOf(t, end))
	assert.Equal(t, "EUR 89.90", end.text("order-total"))
	txn, _ = ts.sim.Transaction(pending.PaymentRef)
	assert.Equal(t, ogone.StatusPaymentRequested, txn.Status)
}

// TestThreeDSecureFailed: the customer fails the bank's authentication.
func TestThreeDSecureFailed(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	ts.addToCart(t, b, "beans")
	threeDS := payWith(t, b, ts.checkout(t, b, false), ogonetest.Card3DS)
	end := b.submit(threeDS, threeDS.form(t, "fail"), nil, "fail")
	assert.Equal(t, "declined", end.text("order-state"))
}

// TestUncertainReconciledByQuery: the acquirer's answer is unknown (STATUS
// 92); the shop says so, never charges again, and learns the outcome by
// direct query, from the admin page or the reconciliation loop.
func TestUncertainReconciledByQuery(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	end := ts.buy(t, b, ogonetest.CardUncertain, false)
	assert.Equal(t, "uncertain", end.text("order-state"))
	assert.Contains(t, end.text("order-message"), "do not pay again")
	assert.NotContains(t, end.Body, `id="pay-again"`)
	id := orderIDOf(t, end)

	page := ts.adminAction(t, b, id, "query", nil)
	assert.Equal(t, "Status checked with the platform.", page.text("notice"))
	assert.Equal(t, "paid", page.text("order-state"))
	assert.Equal(t, "paid", b.get(ts.url+"/orders/"+id).text("order-state"))

	// The loop's way: a second uncertain order, settled by reconcile.
	end = ts.buy(t, b, ogonetest.CardUncertain, false)
	id = orderIDOf(t, end)
	ts.shop.reconcile(context.Background())
	o := ts.order(t, id)
	assert.Equal(t, statePaid, o.State)
}

// TestFeedbackVerified: the return URL applies only feedback signed with
// the account's SHA-OUT passphrase, and applies it once.
func TestFeedbackVerified(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	ts.addToCart(t, b, "beans")
	ts.checkout(t, b, false) // an order awaiting payment
	o := ts.latest(t)
	require.Equal(t, stateAwaitingPayment, o.State)

	forged := url.Values{"orderID": {o.PaymentRef}, "amount": {"15.5"}, "currency": {"EUR"}, "STATUS": {"9"}, "PAYID": {"1"}}
	sig, err := shasign.SignOut(shasign.SHA512, "not-the-passphrase-00", forged)
	require.NoError(t, err)
	forged.Set("SHASIGN", sig)
	page := b.get(ts.url + returnPath + "?" + forged.Encode())
	assert.Equal(t, http.StatusBadRequest, page.Status)
	resp, err := http.PostForm(ts.url+returnPath, forged)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "the platform's kind of request gets the status code")
	forged.Del("SHASIGN")
	assert.Equal(t, http.StatusBadRequest, b.get(ts.url+returnPath+"?"+forged.Encode()).Status)
	o = ts.order(t, o.ID)
	assert.Equal(t, stateAwaitingPayment, o.State, "nothing unsigned or forged moves an order")

	// Properly signed, but for another amount: recorded, not applied.
	wrong := url.Values{"orderID": {o.PaymentRef}, "amount": {"1"}, "currency": {"EUR"}, "STATUS": {"9"}, "PAYID": {"1"}}
	sig, err = shasign.SignOut(shasign.SHA512, testAccount.SHAOut.Reveal(), wrong)
	require.NoError(t, err)
	wrong.Set("SHASIGN", sig)
	page = b.get(ts.url + returnPath + "?" + wrong.Encode())
	assert.Equal(t, "awaiting payment", page.text("order-state"))
	o = ts.order(t, o.ID)
	assert.Contains(t, o.History[len(o.History)-1].Note, "AMOUNT")

	// The right one, twice: applied once.
	good := url.Values{"orderID": {o.PaymentRef}, "amount": {"15.5"}, "currency": {"EUR"}, "STATUS": {"9"}, "PAYID": {"7"}}
	sig, err = shasign.SignOut(shasign.SHA512, testAccount.SHAOut.Reveal(), good)
	require.NoError(t, err)
	good.Set("SHASIGN", sig)
	for i := 0; i < 2; i++ {
		page = b.get(ts.url + returnPath + "?" + good.Encode())
		assert.Equal(t, "paid", page.text("order-state"))
	}
	// And a late "pending" changes nothing.
	late := url.Values{"orderID": {o.PaymentRef}, "amount": {"15.5"}, "currency": {"EUR"}, "STATUS": {"91"}, "PAYID": {"7"}}
	sig, err = shasign.SignOut(shasign.SHA512, testAccount.SHAOut.Reveal(), late)
	require.NoError(t, err)
	late.Set("SHASIGN", sig)
	resp, err = http.PostForm(ts.url+returnPath, late)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	o = ts.order(t, o.ID)
	assert.Equal(t, statePaid, o.State)
	applied := 0
	for _, h := range o.History {
		if h.Applied && h.Source == "feedback" {
			applied++
		}
	}
	assert.Equal(t, 1, applied)
}

// TestCSRF: state-changing forms need the page's token and the shop's
// origin.
func TestCSRF(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	home := b.get(ts.url + "/")
	f := home.form(t, "add-beans")

	tests := []struct {
		name   string
		token  string
		origin string
		site   string
		want   int
	}{
		{"valid", f.Fields.Get("csrf"), ts.url, "same-origin", http.StatusOK},
		{"no token", "", ts.url, "", http.StatusForbidden},
		{"wrong token", strings.Repeat("ab", 32), ts.url, "", http.StatusForbidden},
		{"other origin", f.Fields.Get("csrf"), "https://evil.example", "", http.StatusForbidden},
		{"cross-site fetch", f.Fields.Get("csrf"), "", "cross-site", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{"product": {"beans"}, "quantity": {"1"}, "csrf": {tt.token}}
			req, err := http.NewRequest(http.MethodPost, ts.url+"/cart/add", strings.NewReader(v.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.site != "" {
				req.Header.Set("Sec-Fetch-Site", tt.site)
			}
			p := b.do(req)
			assert.Equal(t, tt.want, p.Status, p.Body)
		})
	}
	// Another browser's token is no good either.
	other := newBrowser(t)
	otherHome := other.get(ts.url + "/")
	p := b.submit(home, f, map[string]string{"csrf": otherHome.form(t, "add-beans").Fields.Get("csrf")}, "add-beans")
	assert.Equal(t, http.StatusForbidden, p.Status)
}

// TestServerToServerFeedbackAlone: the customer closes the tab after
// paying; the platform's server-to-server feedback alone marks the order
// paid.
func TestServerToServerFeedbackAlone(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	b := newBrowser(t)
	ts.addToCart(t, b, "beans")
	pay := ts.checkout(t, b, false)
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	gone := payWith(t, b, pay, ogonetest.CardAccepted)
	assert.Equal(t, http.StatusSeeOther, gone.Status, "the browser never follows the redirect")
	o := ts.latest(t)
	assert.Equal(t, statePaid, o.State)
}

// TestBrowserFeedbackAlone: the server-to-server feedback is lost; the
// browser's redirect carries the same signed feedback.
func TestBrowserFeedbackAlone(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	ts.sim.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultDropFeedback})
	b := newBrowser(t)
	end := ts.buy(t, b, ogonetest.CardAccepted, false)
	assert.Equal(t, "paid", end.text("order-state"))
	txn, _ := ts.sim.Transaction(orderIDOf(t, end))
	require.Len(t, txn.Feedback, 1)
	assert.True(t, txn.Feedback[0].Dropped)
}

// payWithSavedCard saves a card with a first order and starts a second one
// with it, returning the page the browser ends on.
func (ts *testShop) payWithSavedCard(t *testing.T, b *browser) *page {
	t.Helper()
	ts.buy(t, b, ogonetest.CardAccepted, true)
	aliases := ts.sim.Aliases()
	require.Len(t, aliases, 1)
	cart := ts.addToCart(t, b, "mug")
	button := "pay-saved-" + aliases[0].ID
	return b.submit(cart, cart.form(t, button), nil, button)
}

// TestSavedCardOutcomeUnknown: the DirectLink answer is lost. The shop
// never sends the order again; it asks the platform at once.
func TestSavedCardOutcomeUnknown(t *testing.T) {
	t.Parallel()
	t.Run("order went through", func(t *testing.T) {
		t.Parallel()
		ts := startShop(t)
		ts.sim.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultTruncatedReply, Endpoint: ogone.EndpointOrder, Times: 1})
		end := ts.payWithSavedCard(t, newBrowser(t))
		assert.Equal(t, "paid", end.text("order-state"), "the query found the payment")
		id := orderIDOf(t, end)
		o := ts.order(t, id)
		var sources []string
		for _, h := range o.History {
			sources = append(sources, h.Source)
		}
		assert.Equal(t, []string{"shop", "DirectLink", "query"}, sources)
		n := 0
		for _, txn := range ts.sim.Transactions() {
			if txn.OrderID == id {
				n++
			}
		}
		assert.Equal(t, 1, n, "sent once")
	})
	t.Run("order never arrived", func(t *testing.T) {
		t.Parallel()
		ts := startShop(t)
		ts.sim.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultServerError, Endpoint: ogone.EndpointOrder, Times: 1, SkipProcessing: true})
		end := ts.payWithSavedCard(t, newBrowser(t))
		assert.Equal(t, "failed", end.text("order-state"), "the platform has no such payment")
		assert.Contains(t, end.Body, `id="pay-again"`, "nothing was charged: the customer may pay")
	})
}

// TestCaptureOutcomeUnknown: the capture's answer is lost; the admin is
// told not to repeat it, and the query shows it went through.
func TestCaptureOutcomeUnknown(t *testing.T) {
	t.Parallel()
	ts := startShop(t, withAuthorizeOnly())
	b := newBrowser(t)
	id := orderIDOf(t, ts.buy(t, b, ogonetest.CardAccepted, false))
	ts.sim.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultHTMLReply, Endpoint: ogone.EndpointMaintenance, Times: 1})
	page := ts.adminAction(t, b, id, "capture", nil)
	assert.Contains(t, page.text("notice"), "Nothing was repeated")
	assert.Equal(t, "authorised", page.text("order-state"))
	page = ts.adminAction(t, b, id, "query", nil)
	assert.Equal(t, "paid", page.text("order-state"))
	assert.Equal(t, "EUR 15.50", page.text("order-captured"))
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestLostFeedbackReconciled: the customer paid, but neither the
// server-to-server feedback nor the browser came back. The reconciliation
// loop leaves the order alone while the customer may still be paying, then
// asks the platform.
func TestLostFeedbackReconciled(t *testing.T) {
	t.Parallel()
	c := &clock{now: time.Now()}
	ts := startShop(t, withClock(c.Now))
	ts.sim.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultDropFeedback})
	b := newBrowser(t)
	ts.addToCart(t, b, "beans")
	pay := ts.checkout(t, b, false)
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	payWith(t, b, pay, ogonetest.CardAccepted)
	b.c.CheckRedirect = nil // the customer is gone; the test browser goes on as the admin
	o := ts.latest(t)
	require.Equal(t, stateAwaitingPayment, o.State)

	ts.shop.reconcile(context.Background())
	o = ts.order(t, o.ID)
	assert.Equal(t, stateAwaitingPayment, o.State, "too early to ask")
	historyBefore := len(o.History)

	c.Advance(reconcileSilence + time.Second)
	ts.shop.reconcile(context.Background())
	o = ts.order(t, o.ID)
	assert.Equal(t, statePaid, o.State)
	assert.Len(t, o.History, historyBefore+1)

	// An abandoned checkout: asked about quietly, its history untouched.
	ts.addToCart(t, b, "mug")
	ts.checkout(t, b, false)
	abandoned := ts.latest(t)
	c.Advance(reconcileSilence + time.Second)
	ts.shop.reconcile(context.Background())
	after := ts.order(t, abandoned.ID)
	assert.Equal(t, abandoned.History, after.History)
	page := ts.adminAction(t, b, abandoned.ID, "query", nil)
	assert.Equal(t, "The platform has no payment for this order (yet).", page.text("notice"))
}

// TestAdminPassword: with a password set, the admin pages ask for it.
func TestAdminPassword(t *testing.T) {
	t.Parallel()
	ts := startShop(t, withAdminPassword("correct horse"))
	b := newBrowser(t)
	assert.Equal(t, http.StatusUnauthorized, b.get(ts.url+"/admin").Status)
	for _, creds := range [][2]string{{"admin", "wrong"}, {"root", "correct horse"}} {
		req, err := http.NewRequest(http.MethodGet, ts.url+"/admin", nil)
		require.NoError(t, err)
		req.SetBasicAuth(creds[0], creds[1])
		assert.Equal(t, http.StatusUnauthorized, b.do(req).Status)
	}
	req, err := http.NewRequest(http.MethodGet, ts.url+"/admin", nil)
	require.NoError(t, err)
	req.SetBasicAuth("admin", "correct horse")
	assert.Equal(t, http.StatusOK, b.do(req).Status)
	assert.Equal(t, http.StatusOK, b.get(ts.url+"/").Status, "the shop itself stays open")
}

// TestReplayedFeedbackKeepsHistory (issue 9): a customer replays their own
// valid feedback URL 200 times; the admin page still shows the
// authorisation and the capture.
func TestReplayedFeedbackKeepsHistory(t *testing.T) {
	t.Parallel()
	ts := startShop(t, withAuthorizeOnly())
	b := newBrowser(t)
	id := orderIDOf(t, ts.buy(t, b, ogonetest.CardAccepted, false))
	page := ts.adminAction(t, b, id, "capture", nil)
	require.Equal(t, "paid", page.text("order-state"))
	txn, ok := ts.sim.Transaction(id)
	require.True(t, ok)

	replay := signedFeedback(t, id, "5", txn.PAYID)
	for i := 0; i < 200; i++ {
		require.Equal(t, http.StatusSeeOther, deliver(t, ts.url, replay, true))
	}
	o := ts.order(t, id)
	assert.Equal(t, statePaid, o.State)
	assert.Equal(t, []string{"awaiting payment → authorised", "capture of EUR 15.50 accepted"}, appliedNotes(o))
	admin := ts.admin(t, b, id)
	assert.Contains(t, admin.Body, "awaiting payment → authorised")
	assert.Contains(t, admin.Body, "capture of EUR 15.50 accepted")
	assert.Contains(t, admin.text("repeats"), "repeated report(s) ignored")
}
