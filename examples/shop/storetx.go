package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/ogone"
)

// change is one transaction on one order: the order as read under its
// lock, and what the transaction adds to it.
type change struct {
	ctx       context.Context
	st        *store
	tx        *sql.Tx
	o         *order
	now       time.Time
	busyUntil int64
	added     []historyEntry
	cards     []savedCard
	refs      []string
}

// update runs fn on order id in one transaction: it reads the order under
// a lock, lets fn decide, writes the order and what fn added, and returns
// the order as committed, with its history. When fn fails nothing is
// written.
func (st *store) update(ctx context.Context, id string, fn func(*change) error) (order, error) {
	return st.updateFound(ctx, func(*sql.Tx) (string, error) { return id, nil }, fn)
}

// updateByRef is update for the order a payment reference belongs to.
func (st *store) updateByRef(ctx context.Context, ref string, fn func(*change) error) (order, error) {
	return st.updateFound(ctx, func(tx *sql.Tx) (string, error) { return orderOfRef(ctx, tx, st.d, ref) }, fn)
}

func (st *store) updateFound(ctx context.Context, find func(*sql.Tx) (string, error), fn func(*change) error) (order, error) {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return order{}, dbError(err)
	}
	defer tx.Rollback()
	id, err := find(tx)
	if err != nil {
		return order{}, err
	}
	c := &change{ctx: ctx, st: st, tx: tx, now: st.stamp()}
	o, err := scanOrder(tx.QueryRowContext(ctx, st.d.q(`SELECT `+orderColumns+`, busy_until FROM orders WHERE id = ?`+st.d.forUpdate), id), &c.busyUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return order{}, errUnknownOrder
	}
	if err != nil {
		return order{}, err
	}
	c.o = &o
	if err := fn(c); err != nil {
		return order{}, err
	}
	if err := c.write(); err != nil {
		return order{}, err
	}
	if o.History, err = st.history(ctx, tx, id); err != nil {
		return order{}, err
	}
	if err := tx.Commit(); err != nil {
		return order{}, dbError(err)
	}
	return o, nil
}

// read returns the order find names, with its history, from one snapshot.
func (st *store) read(ctx context.Context, find func(*sql.Tx) (string, error)) (order, error) {
	tx, err := st.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: st.d.name == "postgres"})
	if err != nil {
		return order{}, dbError(err)
	}
	defer tx.Rollback()
	id, err := find(tx)
	if err != nil {
		return order{}, err
	}
	o, err := scanOrder(tx.QueryRowContext(ctx, st.d.q(`SELECT `+orderColumns+` FROM orders WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return order{}, errUnknownOrder
	}
	if err != nil {
		return order{}, err
	}
	if o.History, err = st.history(ctx, tx, id); err != nil {
		return order{}, err
	}
	return o, dbError(tx.Commit())
}

// orderOfRef finds the order a payment reference belongs to.
func orderOfRef(ctx context.Context, tx *sql.Tx, d dialect, ref string) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, d.q(`SELECT order_id FROM payment_refs WHERE ref = ?`), ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errUnknownOrder
	}
	return id, dbError(err)
}

// addHistory adds an entry, stamped with the transaction's time.
func (c *change) addHistory(h historyEntry) {
	h.Time = c.now
	c.added = append(c.added, h)
}

// saveCard files a card under the order's customer, replacing one with the
// same alias.
func (c *change) saveCard(card savedCard) { c.cards = append(c.cards, card) }

// addRef makes ref (a new ORDERID) lead to the order.
func (c *change) addRef(ref string) { c.refs = append(c.refs, ref) }

// arrived records that report r arrived and reports whether it had
// arrived before at this order, recognised by PAYID, PAYIDSUB, STATUS and
// its kind (Source). A repeat only counts in order.Repeats. Reports without a PAYID
// (a lost answer, "no such order") are never taken for repeats.
func (c *change) arrived(r paymentReport) (bool, error) {
	if r.PayID == "" || r.Status == "" {
		return false, nil
	}
	var n int64
	err := c.tx.QueryRowContext(c.ctx, c.st.d.q(`
INSERT INTO arrivals (order_id, pay_id, pay_id_sub, status, kind, first_at, count) VALUES (?, ?, ?, ?, ?, ?, 1)
ON CONFLICT (order_id, pay_id, pay_id_sub, status, kind) DO UPDATE SET count = arrivals.count + 1
RETURNING count`), c.o.ID, r.PayID, r.PayIDSub, r.Status, r.Source, c.now.UnixNano()).Scan(&n)
	if err != nil {
		return false, dbError(err)
	}
	if n > 1 {
		c.o.Repeats++
	}
	return n > 1, nil
}

// write stores the order's row and what the transaction added.
func (c *change) write() error {
	o, d := c.o, c.st.d
	money, err := minorUnits(o.Authorized, o.Captured, o.Refunded)
	if err != nil {
		return err
	}
	_, err = c.tx.ExecContext(c.ctx, d.q(`UPDATE orders SET state = ?, payment_ref = ?, refs = ?, attempts = ?, pay_id = ?, method = ?,
authorized_minor = ?, captured_minor = ?, refunded_minor = ?, card_number = ?, brand = ?, nc_error = ?, repeats = ?,
updated_at = ?, busy_until = ? WHERE id = ?`),
		int(o.State), o.PaymentRef, o.Refs, o.Attempts, o.PayID, o.Method, money[0], money[1], money[2],
		o.CardNumber, o.Brand, o.NCError, o.Repeats, o.UpdatedAt.UnixNano(), c.busyUntil, o.ID)
	if err != nil {
		return dbError(err)
	}
	for _, ref := range c.refs {
		if _, err := c.tx.ExecContext(c.ctx, d.q(`INSERT INTO payment_refs (ref, order_id) VALUES (?, ?)`), ref, o.ID); err != nil {
			return dbError(err)
		}
	}
	for _, card := range c.cards {
		if _, err := c.tx.ExecContext(c.ctx, d.q(`INSERT INTO saved_cards (customer, alias, card_number, brand, saved_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (customer, alias) DO UPDATE SET card_number = excluded.card_number, brand = excluded.brand, saved_at = excluded.saved_at`),
			o.Customer, card.Alias, card.CardNumber, card.Brand, card.SavedAt.UnixNano()); err != nil {
			return dbError(err)
		}
	}
	return c.writeHistory()
}

// writeHistory appends the new entries, then drops the oldest entries that
// changed nothing beyond maxHistory of them.
func (c *change) writeHistory() error {
	if len(c.added) == 0 {
		return nil
	}
	d, id := c.st.d, c.o.ID
	var seq int64
	if err := c.tx.QueryRowContext(c.ctx, d.q(`SELECT COALESCE(MAX(seq), 0) FROM history WHERE order_id = ?`), id).Scan(&seq); err != nil {
		return dbError(err)
	}
	noise := false
	for _, h := range c.added {
		seq++
		noise = noise || !h.Applied
		if _, err := c.tx.ExecContext(c.ctx, d.q(`INSERT INTO history (order_id, seq, at, source, status, note, applied) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			id, seq, h.Time.UnixNano(), h.Source, h.Status, h.Note, h.Applied); err != nil {
			return dbError(err)
		}
	}
	if !noise {
		return nil
	}
	_, err := c.tx.ExecContext(c.ctx, d.q(`DELETE FROM history WHERE order_id = ? AND NOT applied AND seq <= (
SELECT seq FROM history WHERE order_id = ? AND NOT applied ORDER BY seq DESC LIMIT 1 OFFSET ?)`), id, id, maxHistory)
	return dbError(err)
}

// insert stores a new order and its first payment reference.
func (st *store) insert(ctx context.Context, o order) error {
	lines, err := json.Marshal(o.Lines)
	if err != nil {
		return err
	}
	total, err := minorUnits(o.Total)
	if err != nil {
		return err
	}
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, st.d.q(`INSERT INTO orders (id, customer, lines, total_minor, currency, save_card, state, payment_ref, refs, attempts,
pay_id, method, authorized_minor, captured_minor, refunded_minor, card_number, brand, nc_error, repeats, created_at, updated_at,
busy_until, claimed_by, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', '', 0, 0, 0, '', '', '', 0, ?, ?, 0, '', 0)`),
		o.ID, o.Customer, string(lines), total[0], o.Currency, o.SaveCard, int(o.State), o.PaymentRef, o.Refs,
		o.CreatedAt.UnixNano(), o.UpdatedAt.UnixNano())
	if err != nil {
		return dbError(err)
	}
	if _, err := tx.ExecContext(ctx, st.d.q(`INSERT INTO payment_refs (ref, order_id) VALUES (?, ?)`), o.PaymentRef, o.ID); err != nil {
		return dbError(err)
	}
	return dbError(tx.Commit())
}

// orderColumns are the columns scanOrder reads, in its order.
const orderColumns = `id, customer, lines, total_minor, currency, save_card, state, payment_ref, refs, attempts, pay_id, method,
authorized_minor, captured_minor, refunded_minor, card_number, brand, nc_error, repeats, created_at, updated_at`

// scanOrder reads orderColumns, then extra columns into extra.
func scanOrder(row interface{ Scan(...any) error }, extra ...any) (order, error) {
	var (
		o                                     order
		lines                                 string
		state                                 int
		total, authorized, captured, refunded int64
		created, updated                      int64
	)
	dest := append([]any{&o.ID, &o.Customer, &lines, &total, &o.Currency, &o.SaveCard, &state, &o.PaymentRef, &o.Refs, &o.Attempts,
		&o.PayID, &o.Method, &authorized, &captured, &refunded, &o.CardNumber, &o.Brand, &o.NCError, &o.Repeats, &created, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return o, err
		}
		return o, dbError(err)
	}
	if err := json.Unmarshal([]byte(lines), &o.Lines); err != nil {
		return o, err
	}
	o.State = orderState(state)
	o.Total, o.Authorized, o.Captured, o.Refunded = fromMinor(total), fromMinor(authorized), fromMinor(captured), fromMinor(refunded)
	o.CreatedAt, o.UpdatedAt = fromUnixNano(created), fromUnixNano(updated)
	return o, nil
}

// history reads an order's history, oldest first.
func (st *store) history(ctx context.Context, tx *sql.Tx, id string) ([]historyEntry, error) {
	rows, err := tx.QueryContext(ctx, st.d.q(`SELECT at, source, status, note, applied FROM history WHERE order_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []historyEntry
	for rows.Next() {
		var h historyEntry
		var at int64
		if err := rows.Scan(&at, &h.Source, &h.Status, &h.Note, &h.Applied); err != nil {
			return nil, dbError(err)
		}
		h.Time = fromUnixNano(at)
		out = append(out, h)
	}
	return out, dbError(rows.Err())
}

// minorUnits converts amounts to the integer cents the money columns hold,
// exactly: an amount with more than two decimals is an error.
func minorUnits(amounts ...decimal.Decimal) ([]int64, error) {
	out := make([]int64, len(amounts))
	for i, a := range amounts {
		if a.IsZero() {
			continue
		}
		n, err := ogone.MinorUnits(a)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func fromMinor(n int64) decimal.Decimal { return decimal.New(n, -2) }

func fromUnixNano(n int64) time.Time { return time.Unix(0, n).UTC() }
