package main

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
)

// The store's contract: every test here runs against SQLite and against
// PostgreSQL, and must pass on both.

// bg is the context of store calls in tests.
var bg = context.Background()

// newTestStore opens a store on a fresh database of the kind named, at a
// fixed time.
func newTestStore(t testing.TB, kind string) *store {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db, d := openTestDB(t, testDSN(t, kind))
	return newStore(db, d, func() time.Time { return now })
}

// contract runs a store test against every backend.
func contract(t *testing.T, f func(t *testing.T, st *store)) {
	for _, kind := range backends {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			f(t, newTestStore(t, kind))
		})
	}
}

var beans = []cartLine{{ProductID: "beans", Name: "Espresso beans", Quantity: 2, UnitPrice: decimal.RequireFromString("15.50")}}

func report(ref string, state orderState) paymentReport {
	return paymentReport{Source: "feedback", Ref: ref, PayID: "3000000001", Status: state.String(), State: state, Known: true,
		Amount: decimal.RequireFromString("31"), Currency: "EUR"}
}

// create is store.create for tests.
func create(t *testing.T, st *store, customer string, saveCard bool) order {
	t.Helper()
	o, err := st.create(bg, customer, beans, saveCard)
	require.NoError(t, err)
	return o
}

// apply is store.applyPayment for tests.
func apply(t *testing.T, st *store, r paymentReport) (order, bool) {
	t.Helper()
	o, changed, err := st.applyPayment(bg, r)
	require.NoError(t, err)
	return o, changed
}

func get(t *testing.T, st *store, id string) order {
	t.Helper()
	o, err := st.get(bg, id)
	require.NoError(t, err)
	return o
}

func TestStoreCreate(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", true)
		assert.Regexp(t, `^SO-[A-Z2-7]{8}$`, o.ID)
		assert.LessOrEqual(t, len(o.ID+"-99"), ogone.MaxOrderIDLength)
		assert.Equal(t, "EUR 31.00", formatMoney(o.Currency, o.Total))
		assert.Equal(t, o.ID, o.PaymentRef)
		assert.Equal(t, stateAwaitingPayment, o.State)
		got, err := st.byPaymentRef(bg, o.ID)
		require.NoError(t, err)
		assert.Equal(t, o.ID, got.ID)
		assert.True(t, got.SaveCard)
		assert.True(t, got.Total.Equal(o.Total), "money comes back exact")
		assert.Equal(t, beans[0].Name, got.Lines[0].Name)
		assert.True(t, beans[0].UnitPrice.Equal(got.Lines[0].UnitPrice))
		assert.Equal(t, o.CreatedAt, got.CreatedAt)

		_, err = st.get(bg, "SO-NOPE")
		assert.ErrorIs(t, err, errUnknownOrder)
		_, err = st.byPaymentRef(bg, "SO-NOPE")
		assert.ErrorIs(t, err, errUnknownOrder)

		create(t, st, "C-2", false)
		mine, err := st.list(bg, "C-1")
		require.NoError(t, err)
		require.Len(t, mine, 1)
		assert.Equal(t, o.ID, mine[0].ID)
		all, err := st.list(bg, "")
		require.NoError(t, err)
		assert.Len(t, all, 2)
	})
}

func TestStoreApplyPayment(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", false)
		_, _, err := st.applyPayment(bg, report("nope", statePaid))
		assert.ErrorIs(t, err, errUnknownOrder)

		got, changed := apply(t, st, report(o.ID, statePaid))
		assert.True(t, changed)
		assert.Equal(t, statePaid, got.State)
		assert.True(t, got.Captured.Equal(o.Total))
		assert.Equal(t, "3000000001", got.PayID)

		got, changed = apply(t, st, report(o.ID, statePaid))
		assert.False(t, changed, "a repeat changes nothing")
		assert.Equal(t, 1, got.Repeats, "and is counted")
		got, changed = apply(t, st, report(o.ID, statePending))
		assert.False(t, changed, "never backwards")
		assert.Equal(t, statePaid, got.State)
		require.Len(t, got.History, 2, "the report that changed the order, and the late one; the repeat is only counted")
		assert.True(t, got.History[0].Applied)
		assert.False(t, got.History[1].Applied)
		assert.Equal(t, got, get(t, st, o.ID), "what an update returns is what was committed")
	})
}

// TestStoreRepeatsRecognised: a report is a repeat when PAYID, PAYIDSUB,
// STATUS and its kind are the same; any of them different, it is news (and
// transition decides).
func TestStoreRepeatsRecognised(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", false)
		base := report(o.ID, stateAuthorized)
		apply(t, st, base)
		variants := map[string]func(*paymentReport){
			"PAYIDSUB": func(r *paymentReport) { r.PayIDSub = "1" },
			"STATUS":   func(r *paymentReport) { r.Status = "51 authorization waiting" },
			"kind":     func(r *paymentReport) { r.Source = "query" },
			"PAYID":    func(r *paymentReport) { r.PayID = "3000000002" },
		}
		for name, change := range variants {
			r := base
			change(&r)
			got, _ := apply(t, st, r)
			assert.Equal(t, 0, got.Repeats, "%s differs: not a repeat", name)
		}
		got, _ := apply(t, st, base)
		assert.Equal(t, 1, got.Repeats)
		noPayID := paymentReport{Source: "DirectLink", Ref: o.ID, Status: "no answer", State: stateUncertain, Known: true}
		apply(t, st, noPayID)
		got, _ = apply(t, st, noPayID)
		assert.Equal(t, 1, got.Repeats, "a report without PAYID is never taken for a repeat")
	})
}

// TestStoreHistoryKeepsTransitions (issue 9): a customer replaying their
// own valid feedback URL many times cannot push the record of the
// authorisation and the capture out of the history.
func TestStoreHistoryKeepsTransitions(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", false)
		apply(t, st, report(o.ID, stateAuthorized))
		_, err := st.applyCapture(bg, o.ID, maintenanceResult{Source: "capture", Accepted: true, Amount: o.Total})
		require.NoError(t, err)
		for i := 0; i < 200; i++ {
			apply(t, st, report(o.ID, stateAuthorized))
		}
		got := get(t, st, o.ID)
		assert.Equal(t, statePaid, got.State)
		var applied []string
		for _, h := range got.History {
			if h.Applied {
				applied = append(applied, h.Source+": "+h.Note)
			}
		}
		assert.Equal(t, []string{"feedback: awaiting payment → authorised", "capture: capture of EUR 31.00 accepted"}, applied)
		assert.Len(t, got.History, 2, "the same feedback again is only counted")
		assert.Equal(t, 200, got.Repeats)
	})
}

// TestStoreHistoryBounded: reports that change nothing and are not
// repeats (each a new STATUS) are bounded; the transitions stay.
func TestStoreHistoryBounded(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", false)
		apply(t, st, report(o.ID, statePaid))
		for i := 0; i < maxHistory+20; i++ {
			r := report(o.ID, statePending)
			r.Status = "91 #" + decimal.NewFromInt(int64(i)).String()
			apply(t, st, r)
		}
		got := get(t, st, o.ID)
		require.Len(t, got.History, maxHistory+1)
		assert.True(t, got.History[0].Applied, "the capture is kept")
		assert.Equal(t, "91 #119", got.History[maxHistory].Status, "the newest are kept")
		assert.Equal(t, "91 #20", got.History[1].Status, "the oldest that changed nothing went first")
	})
}

func TestStoreMismatch(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", false)
		r := report(o.ID, statePaid)
		r.Amount = decimal.RequireFromString("0.01")
		got, changed := apply(t, st, r)
		assert.False(t, changed)
		assert.Equal(t, stateAwaitingPayment, got.State)
		r = report(o.ID, statePaid)
		r.Currency, r.Status = "USD", "9 usd"
		_, changed = apply(t, st, r)
		assert.False(t, changed)
		r = report(o.ID, statePaid)
		r.Mismatch, r.Status = "ogone: ORDERID differs", "9 other"
		_, changed = apply(t, st, r)
		assert.False(t, changed)
		r = report(o.ID, statePaid)
		r.Known, r.Status = false, "9 unknown"
		_, changed = apply(t, st, r)
		assert.False(t, changed, "a status the shop does not know moves nothing")
	})
}

func TestStoreAttempts(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", false)
		first, err := st.startAttempt(bg, o.ID, "payment page")
		require.NoError(t, err)
		again, err := st.startAttempt(bg, o.ID, "payment page")
		require.NoError(t, err)
		assert.Equal(t, first.PaymentRef, again.PaymentRef, "no outcome yet: the same ORDERID, which the platform will not charge twice")

		apply(t, st, report(o.ID, stateDeclined))
		second, err := st.startAttempt(bg, o.ID, "payment page")
		require.NoError(t, err)
		assert.Equal(t, o.ID+"-2", second.PaymentRef, "a new ORDERID after a decline")
		assert.Equal(t, stateDeclined, second.State, "only reports move the state")
		byRef, err := st.byPaymentRef(bg, second.PaymentRef)
		require.NoError(t, err)
		assert.Equal(t, o.ID, byRef.ID)

		got, _ := apply(t, st, report(second.PaymentRef, statePending))
		assert.Equal(t, statePending, got.State)
		r := report(o.ID, stateDeclined)
		r.Status = "2 again"
		got, changed := apply(t, st, r)
		assert.False(t, changed, "a stale decline of the first attempt is ignored")
		assert.Equal(t, statePending, got.State)
		got, changed = apply(t, st, report(o.ID, statePaid))
		assert.True(t, changed, "a late success of the first attempt is money: recorded")
		assert.Equal(t, statePaid, got.State)
		assert.Equal(t, o.ID, got.PaymentRef, "that payment is the one to capture and refund")

		_, err = st.startAttempt(bg, o.ID, "payment page")
		assert.ErrorIs(t, err, errNotAllowed, "no payment of a paid order")
		_, err = st.startAttempt(bg, "nope", "payment page")
		assert.ErrorIs(t, err, errUnknownOrder)
	})
}

func TestStoreSavesCardOnlyWhenPaid(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", true)
		r := report(o.ID, stateDeclined)
		r.Alias = "A-1"
		apply(t, st, r)
		cards, err := st.savedCards(bg, "C-1")
		require.NoError(t, err)
		assert.Empty(t, cards)

		o2 := create(t, st, "C-1", false)
		r = report(o2.ID, statePaid)
		r.Alias = "A-2"
		apply(t, st, r)
		cards, _ = st.savedCards(bg, "C-1")
		assert.Empty(t, cards, "the customer did not ask")

		_, err = st.startAttempt(bg, o.ID, "payment page")
		require.NoError(t, err)
		r = report(o.ID+"-2", statePaid)
		r.Alias, r.CardNumber, r.Brand = "A-3", "XXXXXXXXXXXX1111", "VISA"
		apply(t, st, r)
		cards, _ = st.savedCards(bg, "C-1")
		require.Len(t, cards, 1)
		assert.Equal(t, "VISA ending 1111", cards[0].Label())
		_, ok, err := st.savedCard(bg, "C-2", "A-3")
		require.NoError(t, err)
		assert.False(t, ok, "another customer's card")
		card, ok, _ := st.savedCard(bg, "C-1", "A-3")
		assert.True(t, ok)
		assert.Equal(t, cards[0], card)
		forgotten, err := st.forgetCard(bg, "C-1", "A-3")
		require.NoError(t, err)
		assert.True(t, forgotten)
		forgotten, _ = st.forgetCard(bg, "C-1", "A-3")
		assert.False(t, forgotten)
	})
}

func TestStoreMaintenance(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		o := create(t, st, "C-1", false)
		apply(t, st, report(o.ID, stateAuthorized))

		_, err := st.begin(bg, o.ID)
		require.NoError(t, err)
		_, err = st.begin(bg, o.ID)
		assert.ErrorIs(t, err, errBusy)
		require.NoError(t, st.end(bg, o.ID))

		got, err := st.applyCapture(bg, o.ID, maintenanceResult{Source: "capture", Accepted: true, Amount: o.Total})
		require.NoError(t, err)
		assert.Equal(t, statePaid, got.State)
		assert.True(t, got.Refundable().Equal(o.Total))

		got, _ = st.applyRefund(bg, o.ID, maintenanceResult{Source: "refund", Unknown: true, Amount: decimal.RequireFromString("1")})
		assert.True(t, got.Refunded.IsZero(), "an unknown outcome is not a refund")
		got, _ = st.applyRefund(bg, o.ID, maintenanceResult{Source: "refund", Accepted: true, Amount: decimal.RequireFromString("10.50")})
		assert.Equal(t, statePaid, got.State)
		assert.True(t, got.PartlyRefunded())
		assert.Equal(t, "EUR 20.50", formatMoney(got.Currency, got.Refundable()))
		got, _ = st.applyRefund(bg, o.ID, maintenanceResult{Source: "refund", Accepted: true, Amount: decimal.RequireFromString("20.50")})
		assert.Equal(t, stateRefunded, got.State)
		assert.False(t, got.CanRefund())

		// An amount the money columns cannot hold exactly is refused,
		// and nothing is written.
		_, err = st.applyRefund(bg, o.ID, maintenanceResult{Source: "refund", Accepted: true, Amount: decimal.RequireFromString("0.001")})
		assert.Error(t, err)
		assert.True(t, get(t, st, o.ID).Refunded.Equal(o.Total))
	})
}

// TestStoreBusyExpires: an instance that died during a capture does not
// keep the order locked for ever.
func TestStoreBusyExpires(t *testing.T) {
	contract(t, func(t *testing.T, st *store) {
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		st.now = func() time.Time { return now }
		o := create(t, st, "C-1", false)
		_, err := st.begin(bg, o.ID)
		require.NoError(t, err)
		now = now.Add(busyLease - time.Second)
		_, err = st.begin(bg, o.ID)
		assert.ErrorIs(t, err, errBusy)
		now = now.Add(2 * time.Second)
		_, err = st.begin(bg, o.ID)
		assert.NoError(t, err, "the lease expired")
	})
}

// TestStoreClaims: two instances on one database never claim the same
// order; a claim that is neither released nor renewed expires.
func TestStoreClaims(t *testing.T) {
	for _, kind := range backends {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			clock := func() time.Time { return now }
			dsn := testDSN(t, kind)
			dbA, d := openTestDB(t, dsn)
			dbB, _ := openTestDB(t, dsn)
			a, b := newStore(dbA, d, clock), newStore(dbB, d, clock)
			var pending []string
			for i := 0; i < 5; i++ {
				o := create(t, a, "C-1", false)
				apply(t, a, report(o.ID, statePending))
				pending = append(pending, o.ID)
			}
			create(t, a, "C-1", false) // never sent to pay: nothing to ask
			paid := create(t, a, "C-1", false)
			apply(t, a, report(paid.ID, statePaid))

			claimA, err := a.claimUndecided(bg, 3, time.Minute, time.Hour, 24*time.Hour)
			require.NoError(t, err)
			claimB, err := b.claimUndecided(bg, 10, time.Minute, time.Hour, 24*time.Hour)
			require.NoError(t, err)
			assert.Len(t, claimA, 3)
			assert.ElementsMatch(t, pending, append(append([]string{}, claimA...), claimB...), "each undecided order claimed once")

			require.NoError(t, b.releaseClaim(bg, claimB[0]))
			require.NoError(t, b.releaseClaim(bg, claimA[0]), "another instance's claim is not released")
			again, err := b.claimUndecided(bg, 10, time.Minute, time.Hour, 24*time.Hour)
			require.NoError(t, err)
			assert.Equal(t, claimB[:1], again)

			now = now.Add(time.Minute + time.Second) // A died
			again, err = b.claimUndecided(bg, 10, time.Minute, time.Hour, 24*time.Hour)
			require.NoError(t, err)
			assert.ElementsMatch(t, pending, again, "expired claims are taken over")

			now = now.Add(25 * time.Hour)
			again, err = b.claimUndecided(bg, 10, time.Minute, time.Hour, 24*time.Hour)
			require.NoError(t, err)
			assert.Empty(t, again, "beyond the horizon a person looks")
		})
	}
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

// TestStoreCustomerNumber: customers are numbered by their first order,
// whatever they ordered since, and the same on every backend.
func TestStoreCustomerNumber(t *testing.T) {
	for _, kind := range backends {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			db, d := openTestDB(t, testDSN(t, kind))
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			st := newStore(db, d, func() time.Time { now = now.Add(time.Second); return now })
			number := func(customer string) int {
				n, err := st.customerNumber(bg, customer)
				require.NoError(t, err)
				return n
			}
			assert.Equal(t, 1, number("C-zed"), "no orders yet: the first")
			create(t, st, "C-zed", false)
			create(t, st, "C-abc", false)
			create(t, st, "C-zed", false)
			create(t, st, "C-mid", false)
			assert.Equal(t, []int{1, 2, 3, 4}, []int{number("C-zed"), number("C-abc"), number("C-mid"), number("C-new")})

			// Two first orders at the same moment: ordered by id.
			same := newStore(db, d, func() time.Time { return now.Add(time.Hour) })
			_, err := same.create(bg, "C-y", beans, false)
			require.NoError(t, err)
			_, err = same.create(bg, "C-x", beans, false)
			require.NoError(t, err)
			assert.Equal(t, []int{4, 5}, []int{number("C-x"), number("C-y")})
		})
	}
}
