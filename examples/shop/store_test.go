package main

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
)

func newTestStore() *store {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return newStore(func() time.Time { return now })
}

var beans = []cartLine{{ProductID: "beans", Name: "Espresso beans", Quantity: 2, UnitPrice: decimal.RequireFromString("15.50")}}

func report(ref string, state orderState) paymentReport {
	return paymentReport{Source: "feedback", Ref: ref, PayID: "3000000001", Status: "x", State: state, Known: true,
		Amount: decimal.RequireFromString("31"), Currency: "EUR"}
}

func TestStoreCreate(t *testing.T) {
	st := newTestStore()
	o := st.create("C-1", beans, true)
	assert.Regexp(t, `^SO-[A-Z2-7]{8}$`, o.ID)
	assert.LessOrEqual(t, len(o.ID+"-99"), ogone.MaxOrderIDLength)
	assert.Equal(t, "EUR 31.00", formatMoney(o.Currency, o.Total))
	assert.Equal(t, o.ID, o.PaymentRef)
	assert.Equal(t, stateAwaitingPayment, o.State)
	got, ok := st.byPaymentRef(o.ID)
	require.True(t, ok)
	assert.Equal(t, o.ID, got.ID)
	// Copies: changing one changes nothing in the store.
	got.Lines[0].Quantity = 99
	again, _ := st.get(o.ID)
	assert.Equal(t, 2, again.Lines[0].Quantity)
}

func TestStoreApplyPayment(t *testing.T) {
	st := newTestStore()
	o := st.create("C-1", beans, false)
	_, _, err := st.applyPayment(report("nope", statePaid))
	assert.ErrorIs(t, err, errUnknownOrder)

	got, changed, err := st.applyPayment(report(o.ID, statePaid))
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, statePaid, got.State)
	assert.True(t, got.Captured.Equal(o.Total))
	assert.Equal(t, "3000000001", got.PayID)

	got, changed, err = st.applyPayment(report(o.ID, statePaid))
	require.NoError(t, err)
	assert.False(t, changed, "a repeat changes nothing")
	got, changed, _ = st.applyPayment(report(o.ID, statePending))
	assert.False(t, changed, "never backwards")
	assert.Equal(t, statePaid, got.State)
	assert.Len(t, got.History, 3, "every report is recorded, applied or not")
}

func TestStoreMismatch(t *testing.T) {
	st := newTestStore()
	o := st.create("C-1", beans, false)
	r := report(o.ID, statePaid)
	r.Amount = decimal.RequireFromString("0.01")
	got, changed, err := st.applyPayment(r)
	require.NoError(t, err)
	assert.False(t, changed)
	assert.Equal(t, stateAwaitingPayment, got.State)
	r = report(o.ID, statePaid)
	r.Currency = "USD"
	_, changed, _ = st.applyPayment(r)
	assert.False(t, changed)
	r = report(o.ID, statePaid)
	r.Mismatch = "ogone: ORDERID differs"
	_, changed, _ = st.applyPayment(r)
	assert.False(t, changed)
	r = report(o.ID, statePaid)
	r.Known = false
	_, changed, _ = st.applyPayment(r)
	assert.False(t, changed, "a status the shop does not know moves nothing")
}

func TestStoreAttempts(t *testing.T) {
	st := newTestStore()
	o := st.create("C-1", beans, false)
	first, err := st.startAttempt(o.ID, "payment page")
	require.NoError(t, err)
	again, err := st.startAttempt(o.ID, "payment page")
	require.NoError(t, err)
	assert.Equal(t, first.PaymentRef, again.PaymentRef, "no outcome yet: the same ORDERID, which the platform will not charge twice")

	_, _, _ = st.applyPayment(report(o.ID, stateDeclined))
	second, err := st.startAttempt(o.ID, "payment page")
	require.NoError(t, err)
	assert.Equal(t, o.ID+"-2", second.PaymentRef, "a new ORDERID after a decline")
	assert.Equal(t, stateDeclined, second.State, "only reports move the state")

	got, _, _ := st.applyPayment(report(second.PaymentRef, statePending))
	assert.Equal(t, statePending, got.State)
	got, changed, _ := st.applyPayment(report(o.ID, stateDeclined))
	assert.False(t, changed, "a stale decline of the first attempt is ignored")
	assert.Equal(t, statePending, got.State)
	got, changed, _ = st.applyPayment(report(o.ID, statePaid))
	assert.True(t, changed, "a late success of the first attempt is money: recorded")
	assert.Equal(t, statePaid, got.State)
	assert.Equal(t, o.ID, got.PaymentRef, "that payment is the one to capture and refund")

	_, err = st.startAttempt(o.ID, "payment page")
	assert.ErrorIs(t, err, errNotAllowed, "no payment of a paid order")
	_, err = st.startAttempt("nope", "payment page")
	assert.ErrorIs(t, err, errUnknownOrder)
}

func TestStoreSavesCardOnlyWhenPaid(t *testing.T) {
	st := newTestStore()
	o := st.create("C-1", beans, true)
	r := report(o.ID, stateDeclined)
	r.Alias = "A-1"
	_, _, _ = st.applyPayment(r)
	assert.Empty(t, st.savedCards("C-1"))

	o2 := st.create("C-1", beans, false)
	r = report(o2.ID, statePaid)
	r.Alias = "A-2"
	_, _, _ = st.applyPayment(r)
	assert.Empty(t, st.savedCards("C-1"), "the customer did not ask")

	_, _ = st.startAttempt(o.ID, "payment page")
	r = report(o.ID+"-2", statePaid)
	r.Alias, r.CardNumber, r.Brand = "A-3", "XXXXXXXXXXXX1111", "VISA"
	_, _, _ = st.applyPayment(r)
	cards := st.savedCards("C-1")
	require.Len(t, cards, 1)
	assert.Equal(t, "VISA ending 1111", cards[0].Label())
	_, ok := st.savedCard("C-2", "A-3")
	assert.False(t, ok, "another customer's card")
	assert.True(t, st.forgetCard("C-1", "A-3"))
	assert.False(t, st.forgetCard("C-1", "A-3"))
}

func TestStoreMaintenance(t *testing.T) {
	st := newTestStore()
	o := st.create("C-1", beans, false)
	_, _, _ = st.applyPayment(report(o.ID, stateAuthorized))

	_, err := st.begin(o.ID)
	require.NoError(t, err)
	_, err = st.begin(o.ID)
	assert.ErrorIs(t, err, errBusy)
	st.end(o.ID)

	got, err := st.applyCapture(o.ID, maintenanceResult{Source: "capture", Accepted: true, Amount: o.Total})
	require.NoError(t, err)
	assert.Equal(t, statePaid, got.State)
	assert.True(t, got.Refundable().Equal(o.Total))

	got, _ = st.applyRefund(o.ID, maintenanceResult{Source: "refund", Unknown: true, Amount: decimal.RequireFromString("1")})
	assert.True(t, got.Refunded.IsZero(), "an unknown outcome is not a refund")
	got, _ = st.applyRefund(o.ID, maintenanceResult{Source: "refund", Accepted: true, Amount: decimal.RequireFromString("10.50")})
	assert.Equal(t, statePaid, got.State)
	assert.True(t, got.PartlyRefunded())
	assert.Equal(t, "EUR 20.50", formatMoney(got.Currency, got.Refundable()))
	got, _ = st.applyRefund(o.ID, maintenanceResult{Source: "refund", Accepted: true, Amount: decimal.RequireFromString("20.50")})
	assert.Equal(t, stateRefunded, got.State)
	assert.False(t, got.CanRefund())
}

func TestStoreHistoryBounded(t *testing.T) {
	st := newTestStore()
	o := st.create("C-1", beans, false)
	for i := 0; i < maxHistory+20; i++ {
		_, _, _ = st.applyPayment(report(o.ID, statePending))
	}
	got, _ := st.get(o.ID)
	assert.Len(t, got.History, maxHistory)
}

func TestSavedCardOrder(t *testing.T) {
	o := savedCardOrder(savedCard{Alias: "SIM1000000001", CardNumber: "XXXXXXXXXXXX1111", Brand: "VISA"},
		decimal.RequireFromString("12"), "EUR", "SO-ABCDEFGH", ogone.OperationSale)
	assert.Equal(t, "SIM1000000001", o.Alias)
	assert.Equal(t, ogone.ECIECommerce, o.ECI, "the customer is at the checkout")
	assert.True(t, o.AliasPersistedAfterUse, "the customer asked to keep the card")
	assert.Equal(t, ogone.OperationSale, o.Operation)
	assert.Nil(t, o.Card)
}
