package main

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// order is a customer's order. The store hands out copies; only the store's
// methods change the original, under its mutex.
type order struct {
	ID       string // what customers and the admin see, e.g. SO-7QK2M4XD
	Customer string
	Lines    []cartLine
	Total    decimal.Decimal
	Currency string
	SaveCard bool // the customer asked to keep the card for next time

	State orderState
	// PaymentRef is the ORDERID of the current payment attempt: the order id
	// for the first attempt, then SO-...-2, -3 after a decline, so that no
	// attempt depends on the platform accepting an ORDERID twice.
	PaymentRef string
	Refs       int // ORDERIDs used so far
	Attempts   int // times the customer was sent to pay
	PayID      string
	Method     string // "payment page" or "saved card"

	Authorized decimal.Decimal
	Captured   decimal.Decimal
	Refunded   decimal.Decimal

	CardNumber string // masked, from the platform
	Brand      string
	NCError    string

	CreatedAt time.Time
	UpdatedAt time.Time
	History   []historyEntry
}

// Refundable is what is left to give back.
func (o order) Refundable() decimal.Decimal { return o.Captured.Sub(o.Refunded) }

// CanPay reports whether the customer may (re)start a payment.
func (o order) CanPay() bool { return o.State == stateAwaitingPayment || o.State.unpaidEnd() }

// CanCapture and the other Can* methods say which admin buttons to show.
func (o order) CanCapture() bool { return o.State == stateAuthorized && o.PayID != "" }
func (o order) CanCancel() bool  { return o.State == stateAuthorized && o.PayID != "" }
func (o order) CanRefund() bool {
	return o.State == statePaid && o.PayID != "" && o.Refundable().Sign() > 0
}

// CanQuery reports whether asking the platform about the order makes sense:
// it has been sent there at least once.
func (o order) CanQuery() bool { return o.Attempts > 0 }

// PartlyRefunded reports a refund of less than what was captured.
func (o order) PartlyRefunded() bool { return o.State == statePaid && o.Refunded.Sign() > 0 }

// historyEntry is one thing that happened to an order, for the admin page.
type historyEntry struct {
	Time    time.Time
	Source  string // "feedback", "DirectLink reply", "query", "capture", ...
	Status  string // the platform's STATUS, when there was one
	Note    string
	Applied bool // whether it changed the order
}

// maxHistory bounds an order's history; a misbehaving sender cannot grow
// it without limit.
const maxHistory = 100

// savedCard is a card the platform keeps for a customer under an alias. The
// shop holds only the alias and what the platform shows of the card.
type savedCard struct {
	Alias      string
	CardNumber string // masked
	Brand      string
	SavedAt    time.Time
}

// Label is what the customer sees of a saved card.
func (c savedCard) Label() string {
	last4 := c.CardNumber
	if len(last4) > 4 {
		last4 = last4[len(last4)-4:]
	}
	if c.Brand == "" {
		return "card ending " + last4
	}
	return c.Brand + " ending " + last4
}

// Store errors.
var (
	errUnknownOrder = errors.New("unknown order")
	errBusy         = errors.New("another operation on this order is in progress")
	errNotAllowed   = errors.New("not allowed in the order's state")
)

// store keeps orders and saved cards in memory, behind one mutex. A real
// shop would use a database with the same rule: the payment state changes
// only in applyPayment and the maintenance methods, through transition.
type store struct {
	mu     sync.Mutex
	orders map[string]*order
	byRef  map[string]*order // payment reference (ORDERID) to order
	busy   map[string]bool   // orders with a maintenance request on its way
	cards  map[string][]savedCard
	now    func() time.Time
}

func newStore(now func() time.Time) *store {
	return &store{
		orders: map[string]*order{},
		byRef:  map[string]*order{},
		busy:   map[string]bool{},
		cards:  map[string][]savedCard{},
		now:    now,
	}
}

// copyOrder returns a copy that shares nothing mutable with o.
func copyOrder(o *order) order {
	c := *o
	c.Lines = slices.Clone(o.Lines)
	c.History = slices.Clone(o.History)
	return c
}

// create records a new order for customer. Its id is random, so that the
// ORDERIDs of a shop restarted with an empty store never repeat earlier
// ones (the platform refuses a duplicate).
func (st *store) create(customer string, lines []cartLine, saveCard bool) order {
	st.mu.Lock()
	defer st.mu.Unlock()
	id := ""
	for id == "" || st.orders[id] != nil {
		id = "SO-" + randomCode(8)
	}
	now := st.now()
	o := &order{
		ID:         id,
		Customer:   customer,
		Lines:      slices.Clone(lines),
		Total:      linesTotal(lines),
		Currency:   currency,
		SaveCard:   saveCard,
		State:      stateAwaitingPayment,
		PaymentRef: id,
		Refs:       1,
		CreatedAt:  now,
		UpdatedAt:  now,
	}
	st.orders[id] = o
	st.byRef[id] = o
	return copyOrder(o)
}

func (st *store) get(id string) (order, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.orders[id]
	if !ok {
		return order{}, false
	}
	return copyOrder(o), true
}

// byPaymentRef finds the order a payment reference (ORDERID) belongs to.
func (st *store) byPaymentRef(ref string) (order, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.byRef[ref]
	if !ok {
		return order{}, false
	}
	return copyOrder(o), true
}

// list returns the orders, newest first; with customer set, only theirs.
func (st *store) list(customer string) []order {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []order
	for _, o := range st.orders {
		if customer == "" || o.Customer == customer {
			out = append(out, copyOrder(o))
		}
	}
	slices.SortFunc(out, func(a, b order) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return compareStrings(a.ID, b.ID)
	})
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// startAttempt prepares a payment of the order and returns the reference
// to send as ORDERID. While no attempt has ended, the same reference is
// sent again (the platform then refuses to take the money twice); after a
// decline, cancellation or failure a new one is drawn.
func (st *store) startAttempt(id, method string) (order, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.orders[id]
	if !ok {
		return order{}, errUnknownOrder
	}
	if !o.CanPay() {
		return order{}, errNotAllowed
	}
	if o.State.unpaidEnd() {
		o.Refs++
		ref := o.ID + "-" + strconv.Itoa(o.Refs)
		o.PaymentRef = ref
		st.byRef[ref] = o
		// The state stays declined (or cancelled, failed) until the
		// platform reports on the new attempt: only reports move it.
	}
	o.Attempts++
	o.Method = method
	o.UpdatedAt = st.now()
	st.addHistoryLocked(o, historyEntry{Source: "shop", Note: fmt.Sprintf("payment attempt %d (%s) as %s", o.Attempts, method, o.PaymentRef), Applied: true})
	return copyOrder(o), nil
}

func (st *store) addHistoryLocked(o *order, h historyEntry) {
	h.Time = st.now()
	if len(o.History) >= maxHistory {
		o.History = slices.Delete(o.History, 0, len(o.History)-maxHistory+1)
	}
	o.History = append(o.History, h)
}

// paymentReport is what the platform says about a payment: from verified
// feedback, a DirectLink reply or a direct query.
type paymentReport struct {
	Source     string
	Ref        string // ORDERID
	PayID      string
	Status     string // the raw STATUS, for the history
	State      orderState
	Known      bool // false when the status maps to no state the shop acts on
	NCError    string
	Amount     decimal.Decimal // not multiplied; zero when not reported
	Currency   string
	CardNumber string
	Brand      string
	Alias      string // the alias the card was stored under, if any

	// Mismatch, when set, says which fields (ORDERID, AMOUNT, CURRENCY)
	// differ from the order's: the report is recorded, not applied.
	Mismatch string
	// Note is added to the history entry.
	Note string
	// Quiet records the report only if it changes the order.
	Quiet bool
}

// applyPayment applies a report about a payment (not a maintenance
// operation) to the order it names. It is idempotent: a report seen before
// changes nothing. It returns the order and whether it changed.
func (st *store) applyPayment(r paymentReport) (order, bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.byRef[r.Ref]
	if !ok {
		return order{}, false, errUnknownOrder
	}
	h := historyEntry{Source: r.Source, Status: r.Status}
	changed := false
	switch {
	case !r.Known:
		h.Note = "not applied"
	case r.Ref != o.PaymentRef && !r.State.movesMoney():
		h.Note = "about an earlier attempt (" + r.Ref + "); ignored"
	case r.Mismatch != "" || (!r.Amount.IsZero() && !r.Amount.Equal(o.Total)) || (r.Currency != "" && r.Currency != o.Currency):
		// Signed or not, a report about another amount is a reason for a
		// person to look, not for the shop to ship.
		h.Note = "does not match the order (" + or(r.Mismatch, "amount or currency") + "); not applied, check with the platform"
	default:
		next, moved := transition(o.State, r.State)
		if !moved {
			h.Note = "no change (" + r.State.String() + " while " + o.State.String() + ")"
			break
		}
		changed = true
		h.Applied = true
		h.Note = o.State.String() + " → " + next.String()
		o.State = next
		if r.Ref != o.PaymentRef {
			// A late success of an earlier attempt: that is the
			// payment to maintain now.
			o.PaymentRef = r.Ref
		}
		switch next {
		case stateAuthorized:
			o.Authorized = o.Total
		case statePaid:
			o.Authorized, o.Captured = o.Total, o.Total
		case stateRefunded:
			o.Refunded = o.Captured
		}
		if r.PayID != "" {
			o.PayID = r.PayID
		}
		o.NCError = r.NCError
		if r.CardNumber != "" {
			o.CardNumber, o.Brand = r.CardNumber, r.Brand
		}
		if r.Alias != "" && o.SaveCard && next.movesMoney() {
			st.saveCardLocked(o.Customer, savedCard{Alias: r.Alias, CardNumber: o.CardNumber, Brand: o.Brand, SavedAt: st.now()})
		}
	}
	if changed {
		o.UpdatedAt = st.now()
	}
	if r.Note != "" {
		h.Note = r.Note + "; " + h.Note
	}
	if changed || !r.Quiet {
		st.addHistoryLocked(o, h)
	}
	return copyOrder(o), changed, nil
}

// begin marks a maintenance operation on the order as started, so that two
// admins (or a double click) cannot capture or refund at the same time.
// end must follow.
func (st *store) begin(id string) (order, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.orders[id]
	if !ok {
		return order{}, errUnknownOrder
	}
	if st.busy[id] {
		return order{}, errBusy
	}
	st.busy[id] = true
	return copyOrder(o), nil
}

func (st *store) end(id string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.busy, id)
}

// maintenanceResult is the platform's answer to a capture, refund or
// cancellation the admin asked for.
type maintenanceResult struct {
	Source   string // "capture", "refund", "cancel"
	Status   string
	Accepted bool // the platform took it (done or being processed)
	Unknown  bool // the outcome is unknown: ask the platform, do not repeat
	Amount   decimal.Decimal
	Note     string
}

// applyCapture records a capture of what the authorisation holds.
func (st *store) applyCapture(id string, m maintenanceResult) (order, error) {
	return st.applyMaintenance(id, m, func(o *order) orderState {
		o.Captured = o.Captured.Add(m.Amount)
		return statePaid
	})
}

// applyRefund records a refund: the order is refunded once everything
// captured was given back, and stays paid (partly refunded) before.
func (st *store) applyRefund(id string, m maintenanceResult) (order, error) {
	return st.applyMaintenance(id, m, func(o *order) orderState {
		o.Refunded = o.Refunded.Add(m.Amount)
		if o.Refunded.GreaterThanOrEqual(o.Captured) {
			return stateRefunded
		}
		return o.State
	})
}

// applyCancel records the deletion of an authorisation.
func (st *store) applyCancel(id string, m maintenanceResult) (order, error) {
	return st.applyMaintenance(id, m, func(o *order) orderState {
		o.Authorized = decimal.Zero
		return stateCancelled
	})
}

func (st *store) applyMaintenance(id string, m maintenanceResult, accept func(*order) orderState) (order, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.orders[id]
	if !ok {
		return order{}, errUnknownOrder
	}
	h := historyEntry{Source: m.Source, Status: m.Status, Note: m.Note}
	if m.Accepted {
		before := o.State
		target := accept(o)
		if next, moved := transition(before, target); moved {
			o.State = next
		}
		h.Applied = true
		if h.Note == "" {
			h.Note = m.Source + " of " + o.Currency + " " + m.Amount.StringFixed(2) + " accepted"
		}
		o.UpdatedAt = st.now()
	}
	st.addHistoryLocked(o, h)
	return copyOrder(o), nil
}

// saveCardLocked files a card under the customer, replacing one with the
// same alias.
func (st *store) saveCardLocked(customer string, c savedCard) {
	cards := st.cards[customer]
	for i := range cards {
		if cards[i].Alias == c.Alias {
			cards[i] = c
			return
		}
	}
	st.cards[customer] = append(cards, c)
}

// savedCards returns the customer's cards.
func (st *store) savedCards(customer string) []savedCard {
	st.mu.Lock()
	defer st.mu.Unlock()
	return slices.Clone(st.cards[customer])
}

// savedCard returns one of the customer's cards by alias: a customer can
// only ever pay with a card of their own.
func (st *store) savedCard(customer, alias string) (savedCard, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, c := range st.cards[customer] {
		if c.Alias == alias {
			return c, true
		}
	}
	return savedCard{}, false
}

// forgetCard removes a saved card from the shop. The platform keeps the
// alias until it expires; the shop simply never uses it again.
func (st *store) forgetCard(customer, alias string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	cards := st.cards[customer]
	for i := range cards {
		if cards[i].Alias == alias {
			st.cards[customer] = slices.Delete(cards, i, i+1)
			return true
		}
	}
	return false
}

// Message is what the order page tells the customer about the payment.
func (o order) Message() string {
	switch o.State {
	case stateAwaitingPayment:
		return "This order is waiting for its payment."
	case statePending:
		return "The payment is being processed. This page will show the result."
	case stateActionRequired:
		return "Your bank asked you to confirm the payment. If you closed that page, please wait a few minutes before trying again."
	case stateUncertain:
		return "The bank has not confirmed the payment yet. Please do not pay again: we are checking, and this page will show the result."
	case stateDeclined:
		return "Your payment was declined. You can try again, with another card if you like."
	case stateCancelled:
		return "This payment was cancelled."
	case stateFailed:
		return "The payment could not be processed."
	case stateAuthorized:
		return "Thank you! Your card was authorised; it will be charged when we ship."
	case statePaid:
		if o.Refunded.Sign() > 0 {
			return "Paid. " + o.Currency + " " + o.Refunded.StringFixed(2) + " of it has been refunded."
		}
		return "Thank you! Your payment was received and your order is on its way."
	case stateRefunded:
		return "This order was refunded."
	}
	return ""
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
