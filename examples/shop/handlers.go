package main

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/ogone"
)

func (s *shop) products(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "products.html", "Products", struct{ Products []product }{catalog})
}

func (s *shop) addToCart(w http.ResponseWriter, r *http.Request, sess *session) {
	p, ok := findProduct(r.PostFormValue("product"))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "There is no such product.")
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("quantity")))
	if err != nil || n < 1 || n > maxQuantity {
		n = 1
	}
	s.sessions.addToCart(sess, p.ID, n)
	redirect(w, r, "/cart", "added")
}

func (s *shop) removeFromCart(w http.ResponseWriter, r *http.Request, sess *session) {
	s.sessions.addToCart(sess, r.PostFormValue("product"), -maxQuantity)
	redirect(w, r, "/cart", "removed")
}

func (s *shop) cart(w http.ResponseWriter, r *http.Request) {
	sess := s.sessions.get(w, r)
	lines := cartLines(s.sessions.cart(sess))
	cards, err := s.store.savedCards(r.Context(), sess.customer)
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "cart.html", "Cart", struct {
		Lines         []cartLine
		Total         decimal.Decimal
		Cards         []savedCard
		BrowserFields template.HTML // filled by /ogone-browser.js for 3-D Secure
	}{lines, linesTotal(lines), cards, ogone.BrowserInfoFields})
}

// checkout turns the cart into an order and starts its payment: on the
// platform's payment page, or with a saved card when the form names one.
func (s *shop) checkout(w http.ResponseWriter, r *http.Request, sess *session) {
	var card savedCard
	if alias := r.PostFormValue("card"); alias != "" {
		var ok bool
		var err error
		if card, ok, err = s.store.savedCard(r.Context(), sess.customer, alias); err != nil {
			s.storeFailed(w, r, err)
			return
		} else if !ok {
			redirect(w, r, "/cart", "unknown-card")
			return
		}
	}
	lines := cartLines(s.sessions.takeCart(sess))
	if len(lines) == 0 {
		// Also what a double click on "pay" finds the second time.
		redirect(w, r, "/orders", "empty")
		return
	}
	saveCard := card.Alias == "" && r.PostFormValue("save_card") != ""
	o, err := s.store.create(r.Context(), sess.customer, lines, saveCard)
	if err != nil {
		for _, l := range lines { // back in the cart, for another try
			s.sessions.addToCart(sess, l.ProductID, l.Quantity)
		}
		s.storeFailed(w, r, err)
		return
	}
	s.log.Info("order created", "order", o.ID, "total", formatMoney(o.Currency, o.Total))
	b := buyer{name: clean(r.PostFormValue("name"), 35), email: clean(r.PostFormValue("email"), 50)}
	if card.Alias != "" {
		s.payWithSavedCard(w, r, o.ID, card)
		return
	}
	s.payOnPaymentPage(w, r, o.ID, b)
}

// buyer is what the customer typed about themselves at checkout.
type buyer struct{ name, email string }

// clean trims a free-text field, removes control characters and cuts it to
// n characters, the platform's limit for the field.
func clean(v string, n int) string {
	v = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(v))
	if !utf8.ValidString(v) {
		return ""
	}
	if runes := []rune(v); len(runes) > n {
		v = string(runes[:n])
	}
	return v
}

// payOrder starts a new payment attempt of an existing order (one still
// awaiting payment, or declined).
func (s *shop) payOrder(w http.ResponseWriter, r *http.Request, sess *session) {
	o, err := s.store.get(r.Context(), r.PathValue("id"))
	if err == nil && o.Customer != sess.customer {
		err = errUnknownOrder
	}
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	s.payOnPaymentPage(w, r, o.ID, buyer{})
}

func (s *shop) orders(w http.ResponseWriter, r *http.Request) {
	sess := s.sessions.get(w, r)
	orders, err := s.store.list(r.Context(), sess.customer)
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "orders.html", "My orders", struct{ Orders []order }{orders})
}

// orderPage shows an order to the customer who placed it; to anyone else
// it does not exist.
func (s *shop) orderPage(w http.ResponseWriter, r *http.Request) {
	sess := s.sessions.get(w, r)
	o, err := s.store.get(r.Context(), r.PathValue("id"))
	if err == nil && o.Customer != sess.customer {
		err = errUnknownOrder
	}
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "order.html", "Order "+o.ID, struct{ Order order }{o})
}

func (s *shop) cards(w http.ResponseWriter, r *http.Request) {
	sess := s.sessions.get(w, r)
	cards, err := s.store.savedCards(r.Context(), sess.customer)
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "cards.html", "Saved cards", struct{ Cards []savedCard }{cards})
}

func (s *shop) forgetCard(w http.ResponseWriter, r *http.Request, sess *session) {
	forgotten, err := s.store.forgetCard(r.Context(), sess.customer, r.PostFormValue("card"))
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	if !forgotten {
		redirect(w, r, "/cards", "unknown-card")
		return
	}
	redirect(w, r, "/cards", "card-forgotten")
}

// Admin pages.

func (s *shop) adminOrders(w http.ResponseWriter, r *http.Request) {
	orders, err := s.store.list(r.Context(), "")
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin.html", "Admin", struct{ Orders []order }{orders})
}

func (s *shop) adminOrder(w http.ResponseWriter, r *http.Request) {
	o, err := s.store.get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	card, hasCard, err := s.renewalCard(r.Context(), o)
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	n, err := s.store.customerNumber(r.Context(), o.Customer)
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_order.html", "Admin: order "+o.ID, struct {
		Order    order
		Customer string // never the id the orders are filed under
		CanRenew bool
		Card     savedCard
	}{o, "Customer " + strconv.Itoa(n), hasCard && o.State == statePaid, card})
}

// adminRenew charges the next period of a subscription to the customer's
// saved card, merchant-initiated, and shows the new order.
func (s *shop) adminRenew(w http.ResponseWriter, r *http.Request, _ *session) {
	id := r.PathValue("id")
	next, err := s.renew(r.Context(), id)
	if next == "" {
		s.adminDone(w, r, id, "renewed", err)
		return
	}
	s.adminDone(w, r, next, "renewed", err)
}

func (s *shop) adminCapture(w http.ResponseWriter, r *http.Request, _ *session) {
	id := r.PathValue("id")
	s.adminDone(w, r, id, "captured", s.capture(r.Context(), id))
}

func (s *shop) adminCancel(w http.ResponseWriter, r *http.Request, _ *session) {
	id := r.PathValue("id")
	s.adminDone(w, r, id, "cancelled", s.cancel(r.Context(), id))
}

func (s *shop) adminQuery(w http.ResponseWriter, r *http.Request, _ *session) {
	id := r.PathValue("id")
	s.adminDone(w, r, id, "queried", s.query(r.Context(), id))
}

func (s *shop) adminRefund(w http.ResponseWriter, r *http.Request, _ *session) {
	id := r.PathValue("id")
	amount, err := decimal.NewFromString(strings.TrimSpace(r.PostFormValue("amount")))
	if err != nil || amount.Sign() <= 0 || !amount.Equal(amount.Truncate(2)) {
		redirect(w, r, "/admin/orders/"+id, "bad-amount")
		return
	}
	s.adminDone(w, r, id, "refunded", s.refund(r.Context(), id, amount))
}

func (s *shop) adminReconcile(w http.ResponseWriter, r *http.Request, _ *session) {
	s.reconcile(r.Context())
	redirect(w, r, "/admin", "reconciled")
}

// adminDone sends the admin back to the order with a notice saying how the
// operation went.
func (s *shop) adminDone(w http.ResponseWriter, r *http.Request, id, okNotice string, err error) {
	notice := okNotice
	switch {
	case err == nil:
	case errors.Is(err, errUnknownOrder), errors.Is(err, errDatabase):
		s.storeFailed(w, r, err)
		return
	case errors.Is(err, errBusy):
		notice = "busy"
	case errors.Is(err, errNotAllowed):
		notice = "not-allowed"
	case errors.Is(err, errBadAmount):
		notice = "bad-amount"
	case errors.Is(err, errOutcomeUnknown):
		notice = "unknown"
	case errors.Is(err, errNoSuchPayment):
		notice = "no-payment"
	default:
		notice = "refused"
	}
	if err != nil {
		s.log.Warn("admin operation", "order", id, "err", err)
	}
	redirect(w, r, "/admin/orders/"+id, notice)
}

// storeFailed answers a request the store could not serve: 404 for an
// order that does not exist, 503 when the database is unavailable (the
// platform, and a person, try again later).
func (s *shop) storeFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errUnknownOrder) {
		s.fail(w, r, http.StatusNotFound, "There is no such order.")
		return
	}
	s.log.Error("store", "err", err)
	s.fail(w, r, http.StatusServiceUnavailable, "The shop cannot reach its records right now. Please try again in a moment.")
}
