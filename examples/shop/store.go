package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// order is a customer's order, as the store read it. Only the store's
// methods change the stored order, each in one transaction.
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

	// Repeats counts reports that arrived again (the same PAYID,
	// PAYIDSUB, STATUS and kind of report): they change nothing and take
	// no place in History.
	Repeats int

	CreatedAt time.Time
	UpdatedAt time.Time
	History   []historyEntry // oldest first; only get and the updates fill it
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

// maxHistory bounds the entries of an order's history that changed
// nothing (late or unknown reports, refusals), so that a misbehaving sender
// cannot grow it without limit: the oldest of them go first. Entries that
// changed the order are always kept (there are only a few per payment), and
// a report that arrived before is only counted (order.Repeats).
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

// store keeps orders, their history and saved cards in a database (SQLite
// or PostgreSQL, see db.go). Every change is one transaction that reads
// the order under a lock, decides in Go through transition, and writes the
// order and its history back: two reports about one order, on one
// instance or on two, are applied one after the other.
type store struct {
	db    *sql.DB
	d     dialect
	now   func() time.Time
	owner string // this instance, in reconciliation claims
}

func newStore(db *sql.DB, d dialect, now func() time.Time) *store {
	return &store{db: db, d: d, now: now, owner: "shop-" + randomCode(8)}
}

// stamp is the time as the store keeps it: UTC, to the nanosecond, without
// a monotonic reading, so that what a change returns equals what is read
// back.
func (st *store) stamp() time.Time { return fromUnixNano(st.now().UnixNano()) }

// create records a new order for customer. Its id is random, so that the
// ORDERIDs of a shop on a new database never repeat earlier ones (the
// platform refuses a duplicate).
func (st *store) create(ctx context.Context, customer string, lines []cartLine, saveCard bool) (order, error) {
	now := st.stamp()
	o := order{
		Customer:  customer,
		Lines:     slices.Clone(lines),
		Total:     linesTotal(lines),
		Currency:  currency,
		SaveCard:  saveCard,
		State:     stateAwaitingPayment,
		Refs:      1,
		CreatedAt: now,
		UpdatedAt: now,
	}
	for try := 0; ; try++ {
		o.ID = "SO-" + randomCode(8)
		o.PaymentRef = o.ID
		err := st.insert(ctx, o)
		if err == nil {
			return o, nil
		}
		if try == 2 {
			return order{}, err
		}
	}
}

// get returns the order with its history.
func (st *store) get(ctx context.Context, id string) (order, error) {
	return st.read(ctx, func(tx *sql.Tx) (string, error) { return id, nil })
}

// byPaymentRef finds the order a payment reference (ORDERID) belongs to.
func (st *store) byPaymentRef(ctx context.Context, ref string) (order, error) {
	return st.read(ctx, func(tx *sql.Tx) (string, error) { return orderOfRef(ctx, tx, st.d, ref) })
}

// list returns the orders, newest first, without their history; with
// customer set, only theirs.
func (st *store) list(ctx context.Context, customer string) ([]order, error) {
	q := `SELECT ` + orderColumns + ` FROM orders`
	var args []any
	if customer != "" {
		q += ` WHERE customer = ?`
		args = append(args, customer)
	}
	rows, err := st.db.QueryContext(ctx, st.d.q(q+` ORDER BY created_at DESC, id`), args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, dbError(rows.Err())
}

// customerNumber numbers the customers in the order of their first order
// (1, 2, ...; ties by their id), so that the admin can tell customers apart
// without seeing the id orders are filed under. A customer with no order
// gets the number the next new one would.
func (st *store) customerNumber(ctx context.Context, customer string) (int, error) {
	var n int
	err := st.db.QueryRowContext(ctx, st.d.q(`SELECT COUNT(*) FROM
	(SELECT customer, MIN(created_at) AS first FROM orders GROUP BY customer) f
WHERE f.first < (SELECT COALESCE(MIN(created_at), ?) FROM orders WHERE customer = ?)
	OR (f.first = (SELECT MIN(created_at) FROM orders WHERE customer = ?) AND f.customer < ?)`),
		int64(math.MaxInt64), customer, customer, customer).Scan(&n)
	return n + 1, dbError(err)
}

// startAttempt prepares a payment of the order and returns the reference
// to send as ORDERID. While no attempt has ended, the same reference is
// sent again (the platform then refuses to take the money twice); after a
// decline, cancellation or failure a new one is drawn.
func (st *store) startAttempt(ctx context.Context, id, method string) (order, error) {
	return st.update(ctx, id, func(c *change) error {
		o := c.o
		if !o.CanPay() {
			return errNotAllowed
		}
		if o.State.unpaidEnd() {
			o.Refs++
			ref := o.ID + "-" + strconv.Itoa(o.Refs)
			o.PaymentRef = ref
			c.addRef(ref)
			// The state stays declined (or cancelled, failed) until the
			// platform reports on the new attempt: only reports move it.
		}
		o.Attempts++
		o.Method = method
		o.UpdatedAt = c.now
		c.addHistory(historyEntry{Source: "shop", Note: fmt.Sprintf("payment attempt %d (%s) as %s", o.Attempts, method, o.PaymentRef), Applied: true})
		return nil
	})
}

// paymentReport is what the platform says about a payment: from verified
// feedback, a DirectLink reply or a direct query.
type paymentReport struct {
	Source     string
	Ref        string // ORDERID
	PayID      string
	PayIDSub   string
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
// operation) to the order it names, in one transaction. A report that
// arrived before (the same PAYID, PAYIDSUB, STATUS and Source) changes
// nothing but order.Repeats; one that arrives after a later one changes
// nothing through transition. It returns the order and whether it changed.
func (st *store) applyPayment(ctx context.Context, r paymentReport) (order, bool, error) {
	changed := false
	o, err := st.updateByRef(ctx, r.Ref, func(c *change) error {
		repeat, err := c.arrived(r)
		if err != nil || repeat {
			return err
		}
		changed = c.applyPayment(r)
		return nil
	})
	return o, changed, err
}

// applyPayment is applyPayment's decision on the locked order.
func (c *change) applyPayment(r paymentReport) bool {
	o := c.o
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
			c.saveCard(savedCard{Alias: r.Alias, CardNumber: o.CardNumber, Brand: o.Brand, SavedAt: c.now})
		}
	}
	if changed {
		o.UpdatedAt = c.now
	}
	if r.Note != "" {
		h.Note = r.Note + "; " + h.Note
	}
	if changed || !r.Quiet {
		c.addHistory(h)
	}
	return changed
}

// busyLease is how long begin keeps other maintenance off an order when
// end never comes (the instance died during the call).
const busyLease = 2 * time.Minute

// begin marks a maintenance operation on the order as started, so that two
// admins (or a double click, or two instances) cannot capture or refund at
// the same time. end must follow.
func (st *store) begin(ctx context.Context, id string) (order, error) {
	return st.update(ctx, id, func(c *change) error {
		if c.busyUntil > c.now.UnixNano() {
			return errBusy
		}
		c.busyUntil = c.now.Add(busyLease).UnixNano()
		return nil
	})
}

// end lets the next maintenance operation on the order begin.
func (st *store) end(ctx context.Context, id string) error {
	_, err := st.db.ExecContext(ctx, st.d.q(`UPDATE orders SET busy_until = 0 WHERE id = ?`), id)
	return dbError(err)
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
func (st *store) applyCapture(ctx context.Context, id string, m maintenanceResult) (order, error) {
	return st.applyMaintenance(ctx, id, m, func(o *order) orderState {
		o.Captured = o.Captured.Add(m.Amount)
		return statePaid
	})
}

// applyRefund records a refund: the order is refunded once everything
// captured was given back, and stays paid (partly refunded) before.
func (st *store) applyRefund(ctx context.Context, id string, m maintenanceResult) (order, error) {
	return st.applyMaintenance(ctx, id, m, func(o *order) orderState {
		o.Refunded = o.Refunded.Add(m.Amount)
		if o.Refunded.GreaterThanOrEqual(o.Captured) {
			return stateRefunded
		}
		return o.State
	})
}

// applyCancel records the deletion of an authorisation.
func (st *store) applyCancel(ctx context.Context, id string, m maintenanceResult) (order, error) {
	return st.applyMaintenance(ctx, id, m, func(o *order) orderState {
		o.Authorized = decimal.Zero
		return stateCancelled
	})
}

func (st *store) applyMaintenance(ctx context.Context, id string, m maintenanceResult, accept func(*order) orderState) (order, error) {
	return st.update(ctx, id, func(c *change) error {
		o := c.o
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
			o.UpdatedAt = c.now
		}
		c.addHistory(h)
		return nil
	})
}

// savedCards returns the customer's cards, oldest first.
func (st *store) savedCards(ctx context.Context, customer string) ([]savedCard, error) {
	rows, err := st.db.QueryContext(ctx, st.d.q(`SELECT alias, card_number, brand, saved_at FROM saved_cards WHERE customer = ? ORDER BY saved_at, alias`), customer)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []savedCard
	for rows.Next() {
		var c savedCard
		var at int64
		if err := rows.Scan(&c.Alias, &c.CardNumber, &c.Brand, &at); err != nil {
			return nil, dbError(err)
		}
		c.SavedAt = fromUnixNano(at)
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// savedCard returns one of the customer's cards by alias: a customer can
// only ever pay with a card of their own.
func (st *store) savedCard(ctx context.Context, customer, alias string) (savedCard, bool, error) {
	c := savedCard{Alias: alias}
	var at int64
	err := st.db.QueryRowContext(ctx, st.d.q(`SELECT card_number, brand, saved_at FROM saved_cards WHERE customer = ? AND alias = ?`),
		customer, alias).Scan(&c.CardNumber, &c.Brand, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return savedCard{}, false, nil
	}
	if err != nil {
		return savedCard{}, false, dbError(err)
	}
	c.SavedAt = fromUnixNano(at)
	return c, true, nil
}

// forgetCard removes a saved card from the shop. The platform keeps the
// alias until it expires; the shop simply never uses it again.
func (st *store) forgetCard(ctx context.Context, customer, alias string) (bool, error) {
	res, err := st.db.ExecContext(ctx, st.d.q(`DELETE FROM saved_cards WHERE customer = ? AND alias = ?`), customer, alias)
	if err != nil {
		return false, dbError(err)
	}
	n, err := res.RowsAffected()
	return n > 0, dbError(err)
}

// claimUndecided claims up to n orders whose payment is undecided, for
// this instance (st.owner) until lease has passed: pending, uncertain or
// waiting for 3-D Secure, or sent to the payment page and unheard of for
// silence, and changed within horizon. An order another instance claimed
// is skipped until its claim is released or expires, so that a crashed
// instance holds nothing for long; on PostgreSQL the rows being claimed by
// another instance at this moment are skipped rather than waited for.
func (st *store) claimUndecided(ctx context.Context, n int, lease, silence, horizon time.Duration) ([]string, error) {
	now := st.now()
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, st.d.q(`SELECT id FROM orders WHERE claimed_until < ? AND updated_at >= ?
AND (state IN (?, ?, ?) OR (state = ? AND attempts > 0 AND updated_at <= ?))
ORDER BY updated_at, id LIMIT ?`+st.d.skipLocked),
		now.UnixNano(), now.Add(-horizon).UnixNano(), int(statePending), int(stateActionRequired), int(stateUncertain),
		int(stateAwaitingPayment), now.Add(-silence).UnixNano(), n)
	if err != nil {
		return nil, dbError(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, dbError(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, st.d.q(`UPDATE orders SET claimed_by = ?, claimed_until = ? WHERE id = ?`),
			st.owner, now.Add(lease).UnixNano(), id); err != nil {
			return nil, dbError(err)
		}
	}
	return ids, dbError(tx.Commit())
}

// releaseClaim gives up this instance's claim on an order.
func (st *store) releaseClaim(ctx context.Context, id string) error {
	_, err := st.db.ExecContext(ctx, st.d.q(`UPDATE orders SET claimed_until = 0 WHERE id = ? AND claimed_by = ?`), id, st.owner)
	return dbError(err)
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

// Payment says in a line what happened to the payment and with what:
// "Paid with VISA XXXXXXXXXXXX1111", "Declined: VISA XXXXXXXXXXXX0002 was
// refused by the bank". Only money that moved is "paid with".
func (o order) Payment() string {
	with := strings.TrimSpace(o.Brand + " " + o.CardNumber)
	on := func(prefix, withCard, without string) string {
		if with == "" {
			return prefix + without
		}
		return prefix + fmt.Sprintf(withCard, with)
	}
	switch o.State {
	case stateAwaitingPayment:
		return "Awaiting payment"
	case statePending:
		return on("Payment pending", ": %s, the platform is processing it", "")
	case stateActionRequired:
		return on("Awaiting your bank's confirmation (3-D Secure)", " for %s", "")
	case stateUncertain:
		return "Payment uncertain: we are asking the platform"
	case stateDeclined:
		return on("Declined: ", "%s was refused by the bank", "the payment was refused")
	case stateCancelled:
		return "Cancelled: no money was taken"
	case stateFailed:
		return "Failed: the payment could not be processed"
	case stateAuthorized:
		return on("Authorised", " on %s: charged when we ship", ": charged when we ship")
	case statePaid:
		if o.Refunded.Sign() > 0 {
			return on("Paid", " with %s, partly refunded", ", partly refunded")
		}
		return on("Paid", " with %s", "")
	case stateRefunded:
		return on("Refunded", " to %s", "")
	}
	return ""
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
