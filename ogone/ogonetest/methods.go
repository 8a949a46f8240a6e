package ogonetest

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/gogone/ogone/ogone"
)

// simMethod is a payment method other than a card typed on the payment
// form: the simulator shows a page of its own for it.
type simMethod struct {
	key    string // the form value that chooses it
	name   string // what the page shows
	method ogone.Method
	// status is the status of a payment the customer completes on the
	// method's page, for the order's OPERATION.
	status func(operation string) ogone.Status
}

// simMethods are the methods the hosted page offers besides cards, in the
// order it shows them.
var simMethods = []simMethod{
	{"ideal", "iDEAL", ogone.MethodIDEAL, func(string) ogone.Status { return ogone.StatusPaymentRequested }},
	{"paypal", "PayPal", ogone.MethodPayPal, authorisedStatus},
	{"bcmc", "Bancontact", ogone.MethodBancontact, authorisedStatus},
	{"banktransfer", "Bank transfer", ogone.MethodBankTransfer, func(string) ogone.Status { return ogone.StatusWaitingClientPayment }},
}

// simMethodFor finds the simulated method m names: by PM, or by PM and
// BRAND for a card brand with a page of its own (Bancontact).
func simMethodFor(m ogone.Method) (simMethod, bool) {
	for _, sm := range simMethods {
		if !sm.method.PM.Is(m.PM) {
			continue
		}
		if sm.method.PM != ogone.PMCreditCard || sm.method.Brand.Is(m.Brand) {
			return sm, true
		}
	}
	return simMethod{}, false
}

func simMethodByKey(key string) (simMethod, bool) {
	for _, sm := range simMethods {
		if sm.key == key {
			return sm, true
		}
	}
	return simMethod{}, false
}

// methodOffer is what the shop's PM, BRAND, PMLIST and EXCLPMLIST ask the
// payment page to offer.
type methodOffer struct {
	chosen  string   // the key of the method PM (and BRAND) chose, or ""
	offered []string // the keys of the methods offered beside the card form
}

// offerFrom reads the order's method fields. PMLIST, when given, keeps the
// methods it names (by PM or BRAND); EXCLPMLIST removes those it names.
func offerFrom(p params) methodOffer {
	var o methodOffer
	if sm, ok := simMethodFor(ogone.Method{PM: ogone.PaymentMethod(p.get("PM")), Brand: ogone.Brand(p.get("BRAND"))}); ok {
		o.chosen = sm.key
	}
	list, excl := splitList(p.get("PMLIST")), splitList(p.get("EXCLPMLIST"))
	for _, sm := range simMethods {
		if (len(list) == 0 || names(list, sm)) && !names(excl, sm) {
			o.offered = append(o.offered, sm.key)
		}
	}
	return o
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ";") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// names reports whether a PMLIST names sm: by its brand when it is a card
// brand, by its PM otherwise.
func names(list []string, sm simMethod) bool {
	for _, n := range list {
		if sm.method.PM == ogone.PMCreditCard && sm.method.Brand.Is(ogone.Brand(n)) ||
			sm.method.PM != ogone.PMCreditCard && sm.method.PM.Is(ogone.PaymentMethod(n)) {
			return true
		}
	}
	return false
}

type methodChoice struct{ Key, Name string }

func (o methodOffer) choices() []methodChoice {
	var out []methodChoice
	for _, k := range o.offered {
		sm, _ := simMethodByKey(k)
		out = append(out, methodChoice{sm.key, sm.name})
	}
	return out
}

// The method pages. They join the simulator's page set, so they share its
// look.
var _ = template.Must(pages.New("methods").Parse(`{{if .Methods}}<h2>Other payment methods</h2>
<form method="post" action="{{.MethodAction}}" id="methods">
<input type="hidden" name="token" value="{{.Token}}">
{{range .Methods}}<button type="submit" name="method" value="{{.Key}}" id="method-{{.Key}}">{{.Name}}</button>
{{end}}</form>{{end}}`))

var _ = template.Must(pages.New("method").Parse(`{{template "top" .Name}}
<h1>{{.Name}}</h1>
<table><tr><th>Merchant</th><td>{{.PSPID}}</td></tr>
<tr><th>Order</th><td id="orderid">{{.OrderID}}</td></tr>
<tr><th>Amount</th><td id="amount">{{.Amount}} {{.Currency}}</td></tr></table>
{{if eq .Key "banktransfer"}}<p id="instructions">Wire the amount to the merchant's account with the reference <code>{{.OrderID}}</code>. The order waits for your transfer (status 41); the merchant is told again when the money arrives.</p>
{{else if eq .Key "ideal"}}<p>Your bank's page: confirm the payment.</p>
{{else}}<p>{{.Name}}'s page: approve the payment.</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<input type="hidden" name="method" value="{{.Key}}">
<button type="submit" name="action" value="pay" id="pay">{{if eq .Key "banktransfer"}}Confirm the order{{else}}Pay{{end}}</button>
<button type="submit" name="action" value="refuse" id="refuse">Refuse</button>
<button type="submit" name="action" value="cancel" id="cancel">Cancel</button>
</form>
{{template "bottom"}}`))

func renderMethod(w http.ResponseWriter, pspid, token string, req *orderRequest, sm simMethod) {
	render(w, "method", struct {
		Action, Token, Key, Name, PSPID, OrderID, Amount, Currency string
	}{
		Action:   "/ncol/" + req.env + "/simulator/method",
		Token:    token,
		Key:      sm.key,
		Name:     sm.name,
		PSPID:    pspid,
		OrderID:  req.orderID,
		Amount:   fromMinor(req.amount).StringFixed(2),
		Currency: req.currency,
	})
}

// renderPayment shows the page a new payment session opens on: the page
// of the method PM chose, or the card form with the other methods.
func (s *Server) renderPayment(w http.ResponseWriter, token string, req *orderRequest, offer methodOffer) {
	if sm, ok := simMethodByKey(offer.chosen); ok {
		renderMethod(w, s.acct.PSPID, token, req, sm)
		return
	}
	renderPay(w, s.acct.PSPID, token, req, "", offer.choices())
}

// methodSubmit serves the method pages: choosing a method shows its page;
// paying, refusing or cancelling there ends the payment and sends the
// customer back to the shop.
func (s *Server) methodSubmit(w http.ResponseWriter, r *http.Request) {
	p, token, sess, ok := s.paymentSession(w, r)
	if !ok {
		return
	}
	sm, known := simMethodByKey(p.get("METHOD"))
	if !known || !offered(sess.offer, sm.key) {
		errorPage(w, ncValidation, "this payment method is not offered for this order")
		return
	}
	req := sess.req
	var status ogone.Status
	nc := ncOK
	switch p.get("ACTION") {
	case "pay":
		status = sm.status(req.operation)
	case "refuse":
		status, nc = ogone.StatusAuthorizationRefused, ncRefused
	case "cancel":
		status, nc = ogone.StatusCancelledByCustomer, string(ogone.NCErrorCancelledByCustomer)
	default:
		renderMethod(w, s.acct.PSPID, token, req, sm)
		return
	}
	s.mu.Lock()
	if e := s.takeSessionLocked(token, req.orderID); e != nil {
		s.mu.Unlock()
		errorPage(w, e.code, e.plus)
		return
	}
	t := s.newTxnLocked(req, newCard(cardData{holder: req.holder}), status, nc)
	t.method = sm.method
	s.mu.Unlock()
	s.finish(w, r, t, ogone.EndpointHostedPage)
}

func offered(o methodOffer, key string) bool {
	if o.chosen == key {
		return true
	}
	for _, k := range o.offered {
		if k == key {
			return true
		}
	}
	return false
}

// pm and brandName are the PM and BRAND feedback and snapshots report:
// the method's for a payment made on a method page, the card's otherwise.
func (t *txn) pm() string {
	if t.method.PM != "" {
		return string(t.method.PM)
	}
	return string(ogone.PMCreditCard)
}

func (t *txn) brandName() string {
	if t.method.PM != "" {
		return string(t.method.Brand)
	}
	return t.card.brand()
}

// Errors of SettleBankTransfer.
var (
	// ErrUnknownOrder means the simulator has no order with that ORDERID.
	ErrUnknownOrder = errors.New("ogonetest: unknown order")
	// ErrNotWaitingPayment means the order is not waiting for the
	// customer's payment (STATUS 41).
	ErrNotWaitingPayment = errors.New("ogonetest: order is not waiting for the customer's payment")
)

// SettleBankTransfer makes the money of a bank transfer arrive: the order
// with orderID goes from STATUS 41 to 9, and the platform's second
// server-to-server feedback, with STATUS 9, goes where the first went (the
// account's DirectFeedbackURL or the order's ACCEPTURL), held like any
// other while HoldFeedback is on. The customer's browser is not involved.
// It returns ErrUnknownOrder, ErrNotWaitingPayment, or ctx's error before
// anything changed.
func (s *Server) SettleBankTransfer(ctx context.Context, orderID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	t, ok := s.state.byOrderID[orderID]
	switch {
	case !ok:
		s.mu.Unlock()
		return ErrUnknownOrder
	case t.status != ogone.StatusWaitingClientPayment:
		s.mu.Unlock()
		return ErrNotWaitingPayment
	}
	s.setStatusLocked(t, ogone.StatusPaymentRequested, ncOK)
	t.history[0].Reply = ogone.StatusWaitingClientPayment
	msg := s.feedbackLocked(t)
	target := t.urls.forStatus(t.status)
	s.mu.Unlock()
	s.sendFeedback(ogone.EndpointHostedPage, t, ogone.StatusPaymentRequested, target, msg, s.signFeedback(msg))
	return nil
}
