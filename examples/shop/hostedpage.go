package main

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/ogone"
)

// checkoutMethods are the payment methods the checkout offers besides a
// card, by the value of its "method" field. A bank transfer leaves the
// order pending (STATUS 41) until the platform's later feedback says the
// money arrived.
var checkoutMethods = map[string]ogone.Method{
	"ideal":        ogone.MethodIDEAL,
	"paypal":       ogone.MethodPayPal,
	"bancontact":   ogone.MethodBancontact,
	"banktransfer": ogone.MethodBankTransfer,
}

// payOnPaymentPage starts a payment attempt of the order and sends the
// customer's browser to the platform's hosted payment page with a signed,
// self-submitting form. The card number is typed there, never here.
func (s *shop) payOnPaymentPage(w http.ResponseWriter, r *http.Request, id string, b buyer) {
	o, err := s.store.startAttempt(r.Context(), id, "payment page")
	if err != nil {
		if errors.Is(err, errNotAllowed) {
			redirect(w, r, "/orders/"+id, "not-allowed")
			return
		}
		s.storeFailed(w, r, err)
		return
	}
	page := ogone.PaymentPage{
		OrderID:      o.PaymentRef,
		Amount:       o.Total,
		Currency:     o.Currency,
		Language:     "en_US",
		Operation:    s.operation,
		CustomerName: b.name,
		Email:        b.email,
		Description:  "Coffee Corner order " + o.ID,
		// One URL for every outcome: the feedback says what happened,
		// and only its signature is trusted, never which URL was called.
		AcceptURL:    s.returnURL(),
		DeclineURL:   s.returnURL(),
		ExceptionURL: s.returnURL(),
		CancelURL:    s.returnURL(),
		BackURL:      s.public.String() + "/orders/" + o.ID,
		HomeURL:      s.public.String() + "/",
		CatalogURL:   s.public.String() + "/",
	}
	if m, ok := checkoutMethods[r.PostFormValue("method")]; ok {
		// The customer chose a method at checkout: the payment page
		// opens on it instead of the card form.
		page.PaymentMethod, page.Brand = m.PM, m.Brand
	}
	if o.SaveCard {
		// The platform stores the card under an alias it names and
		// returns in the signed feedback (ALIAS); the shop keeps only
		// that alias, and only once the payment went through.
		page.AliasOperation = ogone.AliasByPSP
		page.AliasUsage = "Coffee Corner keeps this card for your next orders"
	}
	form, err := s.client.HostedPaymentPage(page)
	if err != nil {
		// A *FieldError per bad field: names, never values, so it may be
		// logged.
		s.log.Error("payment page", "order", o.ID, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The payment could not be prepared. Please try again later.")
		return
	}
	action, err := url.Parse(form.Action)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "The payment could not be prepared. Please try again later.")
		return
	}
	// This page runs the library's one inline script (it submits the
	// form), admitted by its hash, and may post only to the platform.
	csp := "default-src 'none'; style-src 'unsafe-inline'; script-src " + ogone.FormScriptHash + "; form-action " +
		originOf(action) + "; frame-ancestors 'none'; base-uri 'none'"
	s.renderWithCSP(w, r, http.StatusOK, "pay.html", "Payment", struct {
		OrderID  string
		Amount   decimal.Decimal
		Currency string
		Form     template.HTML
	}{o.ID, o.Total, o.Currency, form.HTML()}, csp)
}
