package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
)

// Errors of the admin's operations, for the notice the admin page shows.
var (
	errBadAmount      = errors.New("amount must be positive, with at most 2 decimals, and at most what is left")
	errOutcomeUnknown = errors.New("the platform's answer did not arrive; ask it for the status before trying again")
	errNoSuchPayment  = errors.New("the platform has no payment for this order")
)

// directLinkTimeout bounds one DirectLink call: the platform asks for 30 s
// before a shop gives up and queries instead.
const directLinkTimeout = ogone.DefaultTimeout

func (s *shop) initPayments() error {
	v, err := feedback.NewVerifierFromConfig(s.cfg) // the previous SHA-OUT key too, when set
	if err != nil {
		return err
	}
	s.verifier = v
	return nil
}

// feedbackHandler serves the return URL: the feedback package verifies the
// SHA-OUT signature and answers the platform; the shop applies what was
// verified and sends browsers on to the order page.
//
// A feedback the shop could not store (its database is unavailable) is
// answered 503 Service Unavailable: the platform sends it again later, so
// no report is lost. (feedback.Handler answers 500 when onFeedback fails,
// and onFeedback fails only then.)
func (s *shop) feedbackHandler() http.Handler {
	h := feedback.Handler(s.verifier, s.onFeedback,
		feedback.WithRedirect(s.afterFeedback),
		feedback.WithLogger(s.log))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(unavailableWriter{w}, r)
	})
}

// unavailableWriter turns a 500 into a 503.
type unavailableWriter struct{ http.ResponseWriter }

func (w unavailableWriter) WriteHeader(code int) {
	if code == http.StatusInternalServerError {
		code = http.StatusServiceUnavailable
	}
	w.ResponseWriter.WriteHeader(code)
}

// onFeedback applies a verified feedback to its order. Returning an error
// makes the platform send it again later, which helps only when the shop
// could not store it; a feedback about an order this shop does not know
// (another shop on the same account, an order from before a restart) is
// acknowledged and logged.
func (s *shop) onFeedback(ctx context.Context, f *feedback.Feedback) error {
	o, err := s.store.byPaymentRef(ctx, f.OrderID)
	if errors.Is(err, errUnknownOrder) {
		s.log.Warn("feedback for an unknown order", "ref", f.OrderID, "status", f.Status.String())
		return nil
	}
	if err != nil {
		return err // the database: the platform sends it again later
	}
	state, known := stateOf(f.State())
	r := paymentReport{
		Source:     "feedback",
		Ref:        f.OrderID,
		PayID:      f.PayID,
		PayIDSub:   f.PayIDSub,
		Status:     f.Status.String(),
		State:      state,
		Known:      known,
		NCError:    string(f.NCError),
		CardNumber: f.CardNo.String(),
		Brand:      f.Brand,
		Alias:      f.Alias,
	}
	// The signature proves the platform sent it, not that it is about this
	// order's amount (see feedback.Feedback.Matches). The amount is only
	// checked when the account sends it.
	if !f.Amount.IsZero() || f.Currency != "" {
		if err := f.Matches(f.OrderID, o.Total, o.Currency); err != nil {
			r.Mismatch = err.Error() // names fields, never values
		}
	}
	if f.Status.NeedsReview() {
		r.Note = "status 84 means different things in different platform documents: check it in the back office"
	}
	after, changed, err := s.store.applyPayment(ctx, r)
	if errors.Is(err, errUnknownOrder) {
		return nil
	}
	if err != nil {
		return err
	}
	s.log.Info("feedback", "order", after.ID, "ref", f.OrderID, "status", f.Status.String(), "state", after.State.String(), "changed", changed)
	return nil
}

// afterFeedback answers the customer's browser: the order page, or an
// error page when the feedback could not be verified.
func (s *shop) afterFeedback(w http.ResponseWriter, r *http.Request, f *feedback.Feedback, err error) {
	if f == nil {
		s.fail(w, r, http.StatusBadRequest, "This payment confirmation could not be verified. If you paid, your order page will show it shortly.")
		return
	}
	if err != nil {
		// Not applied (the database is unavailable): the customer is
		// told to come back; the platform's own feedback is answered
		// with an error status and sent again.
		s.log.Error("feedback not applied", "ref", f.OrderID, "err", err)
		s.storeFailed(w, r, dbError(err))
		return
	}
	o, err := s.store.byPaymentRef(r.Context(), f.OrderID)
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
}

// directLinkContext gives a DirectLink call its own deadline, detached from
// the customer's request: a customer closing the tab must not cut a payment
// off halfway and leave its outcome unknown.
func directLinkContext(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(parent), directLinkTimeout+5*time.Second)
}

// payWithSavedCard charges one of the customer's saved cards through
// DirectLink, customer-initiated (CIT), with 3-D Secure v2 and the browser
// data the cart page's script collected: the platform either answers at
// once (a frictionless authentication) or asks for the customer's
// authentication (STATUS 46), whose page the shop shows as it is.
func (s *shop) payWithSavedCard(w http.ResponseWriter, r *http.Request, id string, card savedCard) {
	o, err := s.store.startAttempt(r.Context(), id, "saved card")
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
	browser, err := checkoutBrowser(r)
	if err != nil {
		// Only a forged or broken form gets here: the script writes
		// nothing else, and without it the headers are enough.
		s.log.Warn("browser data", "order", o.ID, "err", err)
		s.fail(w, r, http.StatusBadRequest, "Your browser's data could not be read. Please try again.")
		return
	}
	dl := savedCardOrder(card, o.Total, o.Currency, o.PaymentRef, s.operation)
	dl.ThreeDSecure = customerThreeDS(browser, s.returnURL())
	dl.Description = "Coffee Corner order " + o.ID
	dl.RemoteAddr = remoteAddr(r)
	ctx, cancel := directLinkContext(r.Context())
	defer cancel()
	reply, err := s.client.Order(ctx, dl)
	s.applyOrderReply(ctx, o, card, reply, err)
	if err == nil && reply.ActionRequired() {
		// The platform's page, shown as it is: it takes the customer to
		// the bank, which sends them back to the return URL.
		s.renderPlatformPage(w, reply)
		return
	}
	var refused *ogone.Error
	if err != nil && !errors.As(err, &refused) && !errors.Is(err, ogone.ErrOutcomeUnknown) {
		s.log.Error("saved card order", "order", o.ID, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The payment could not be prepared. Please try again later.")
		return
	}
	http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
}

// applyOrderReply records what the answer to a DirectLink order that
// charged card says.
func (s *shop) applyOrderReply(ctx context.Context, o order, card savedCard, reply *ogone.Response, err error) {
	switch {
	case reply != nil:
		// Accepted (err nil) or refused (*ogone.Error): the reply says
		// which, through its status.
		r := replyReport("DirectLink reply", o.PaymentRef, reply)
		if r.CardNumber == "" {
			// Order replies do not repeat the card; the shop knows it.
			r.CardNumber, r.Brand = card.CardNumber, card.Brand
		}
		if errors.Is(err, ogone.ErrDuplicateOrder) {
			// The reference was used already: the reply is about the
			// earlier order, which only a query can tell.
			r.Known = false
			r.Note = "duplicate ORDERID; asking the platform"
		}
		s.record(ctx, r)
		if errors.Is(err, ogone.ErrDuplicateOrder) {
			_ = s.query(context.WithoutCancel(ctx), o.ID)
		}
	case errors.Is(err, ogone.ErrOutcomeUnknown):
		// Never send it again: mark it uncertain and ask the platform.
		s.record(ctx, paymentReport{
			Source: "DirectLink", Ref: o.PaymentRef, Status: "no answer",
			State: stateUncertain, Known: true, Note: "no readable answer: " + err.Error(),
		})
		_ = s.query(context.WithoutCancel(ctx), o.ID) // a fresh deadline: ctx may have run out
	}
	if err != nil {
		s.log.Warn("saved card order", "order", o.ID, "err", err)
	}
}

// record applies a report nobody waits for; a failure is logged, and the
// reconciliation loop asks the platform later.
func (s *shop) record(ctx context.Context, r paymentReport) {
	if _, _, err := s.store.applyPayment(context.WithoutCancel(ctx), r); err != nil {
		s.log.Error("report not recorded", "ref", r.Ref, "source", r.Source, "err", err)
	}
}

// end lets the next maintenance operation on the order begin, even when
// the admin's request is gone.
func (s *shop) end(ctx context.Context, id string) {
	if err := s.store.end(context.WithoutCancel(ctx), id); err != nil {
		s.log.Error("maintenance lock not released", "order", id, "err", err)
	}
}

// replyReport turns a DirectLink reply about a payment into a report.
func replyReport(source, ref string, reply *ogone.Response) paymentReport {
	state, known := stateOf(reply.State())
	return paymentReport{
		Source:     source,
		Ref:        ref,
		PayID:      reply.PayID,
		PayIDSub:   reply.PayIDSub,
		Status:     reply.Status.String(),
		State:      state,
		Known:      known,
		NCError:    string(reply.NCError),
		Amount:     reply.Amount,
		Currency:   reply.Currency,
		CardNumber: reply.CardNo,
		Brand:      reply.Brand,
	}
}

// renderPlatformPage shows the HTML_ANSWER of a 3-D Secure order. It is the
// platform's page (it came over TLS from the platform, in answer to the
// shop's authenticated request), so the shop's strict Content-Security-Policy
// does not apply: it posts to the customer's bank and may run its script.
func (s *shop) renderPlatformPage(w http.ResponseWriter, reply *ogone.Response) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if err := s.pages.ExecuteTemplate(w, "platform.html", reply.HTML()); err != nil {
		s.log.Error("template", "page", "platform.html", "err", err)
	}
}

// remoteAddr is the customer's IP address for the platform's fraud checks,
// or "" when the connection's address is not one (the shop behind a proxy
// would read its trusted header here instead).
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return ""
	}
	if _, err := netip.ParseAddr(host); err != nil {
		return ""
	}
	return host
}

// capture takes the money of an authorised order: all of it.
func (s *shop) capture(ctx context.Context, id string) error {
	o, err := s.store.begin(ctx, id)
	if err != nil {
		return err
	}
	defer s.end(ctx, id)
	if !o.CanCapture() {
		return errNotAllowed
	}
	ctx, cancel := directLinkContext(ctx)
	defer cancel()
	reply, err := s.client.Capture(ctx, o.PayID, ogone.RemainingAmount())
	m := maintenanceOutcome("capture", o.Authorized.Sub(o.Captured), reply, err, ogone.StateCaptured, ogone.StatusPaymentProcessing)
	if _, aerr := s.store.applyCapture(ctx, id, m); aerr != nil {
		return aerr
	}
	return maintenanceError(err, m)
}

// refund gives amount back: a partial refund while something is left
// after it, the final one otherwise.
func (s *shop) refund(ctx context.Context, id string, amount decimal.Decimal) error {
	o, err := s.store.begin(ctx, id)
	if err != nil {
		return err
	}
	defer s.end(ctx, id)
	if !o.CanRefund() {
		return errNotAllowed
	}
	left := o.Refundable()
	if amount.Sign() <= 0 || amount.GreaterThan(left) {
		return errBadAmount
	}
	portion := ogone.PartialAmount(amount)
	if amount.Equal(left) {
		portion = ogone.FinalAmount(amount)
	}
	ctx, cancel := directLinkContext(ctx)
	defer cancel()
	reply, err := s.client.Refund(ctx, o.PayID, portion)
	m := maintenanceOutcome("refund", amount, reply, err, ogone.StateRefunded, ogone.StatusRefundPending)
	if _, aerr := s.store.applyRefund(ctx, id, m); aerr != nil {
		return aerr
	}
	return maintenanceError(err, m)
}

// cancel deletes an authorisation nothing was captured from.
func (s *shop) cancel(ctx context.Context, id string) error {
	o, err := s.store.begin(ctx, id)
	if err != nil {
		return err
	}
	defer s.end(ctx, id)
	if !o.CanCancel() {
		return errNotAllowed
	}
	ctx, cancel := directLinkContext(ctx)
	defer cancel()
	reply, err := s.client.Cancel(ctx, o.PayID)
	m := maintenanceOutcome("cancel", o.Authorized, reply, err, ogone.StateCancelled, ogone.StatusAuthorizationDeletionWaiting)
	if _, aerr := s.store.applyCancel(ctx, id, m); aerr != nil {
		return aerr
	}
	return maintenanceError(err, m)
}

// maintenanceOutcome reads a maintenance reply: accepted when it reached
// the operation's final state or the platform's "being processed" status
// for it (91 for a capture, 81 for a refund, 61 for a cancellation), which
// settles to the final one without the shop doing anything.
func maintenanceOutcome(op string, amount decimal.Decimal, reply *ogone.Response, err error, done ogone.State, processing ogone.Status) maintenanceResult {
	m := maintenanceResult{Source: op, Amount: amount}
	if reply != nil {
		m.Status = reply.Status.String()
		if !reply.Amount.IsZero() {
			m.Amount = reply.Amount
		}
	}
	switch {
	case errors.Is(err, ogone.ErrOutcomeUnknown):
		m.Unknown = true
		m.Note = op + ": no readable answer; ask the platform for the status before trying again"
	case err != nil:
		m.Note = op + " refused: " + err.Error() // codes and the platform's text, masked
	case reply.Status.Uncertain():
		m.Unknown = true
		m.Note = op + " uncertain: ask the platform for the status later; do not repeat it"
	case reply.State() == done || reply.Status == processing:
		m.Accepted = true
	default:
		m.Note = fmt.Sprintf("%s: unexpected status %s", op, reply.Status)
	}
	return m
}

// maintenanceError is what the admin page is told.
func maintenanceError(err error, m maintenanceResult) error {
	switch {
	case m.Accepted:
		return nil
	case m.Unknown:
		return errOutcomeUnknown
	case err != nil:
		return err
	}
	return errors.New(m.Note)
}

// query asks the platform for the status of the order's current payment
// and applies it, through transition like any report: it settles an
// uncertain payment, or tells whether a capture whose answer was lost went
// through. Once the order is paid the reply describes the latest refund
// rather than the payment, so it is only recorded.
func (s *shop) query(ctx context.Context, id string) error {
	return s.queryOrder(ctx, id, false)
}

// queryOrder is query; quiet leaves the order's history alone unless the
// answer changes the order, for the reconciliation loop's routine
// questions.
func (s *shop) queryOrder(ctx context.Context, id string, quiet bool) error {
	o, err := s.store.get(ctx, id)
	if err != nil {
		return err
	}
	if !o.CanQuery() {
		return errNotAllowed
	}
	ctx, cancel := context.WithTimeout(ctx, directLinkTimeout)
	defer cancel()
	reply, err := s.client.Reconcile(ctx, o.PaymentRef)
	switch {
	case errors.Is(err, ogone.ErrUnknownOrder):
		r := paymentReport{Source: "query", Ref: o.PaymentRef, Status: "no such order", Quiet: quiet,
			Note: "the platform has no payment under " + o.PaymentRef}
		if o.State == stateUncertain {
			// A DirectLink order that never arrived: nothing was
			// charged, the customer may pay again.
			r.State, r.Known = stateFailed, true
		}
		if _, _, err := s.store.applyPayment(ctx, r); err != nil {
			return err
		}
		return errNoSuchPayment
	case err != nil && reply == nil:
		return err
	}
	r := replyReport("query", o.PaymentRef, reply)
	r.Quiet = quiet
	if o.State == statePaid || o.State == stateRefunded {
		// The reply then describes the latest refund, not the payment:
		// refunds are followed through their own replies.
		r.Known = false
		r.Note = "recorded only: refunds are followed through their replies"
	}
	_, _, aerr := s.store.applyPayment(ctx, r)
	if aerr != nil {
		return aerr
	}
	return nil
}

// Which orders reconcile asks about.
const (
	// reconcileSilence is how long an order sent to the payment page may
	// stay unheard of before the shop asks: the customer may still be
	// typing, and the feedback normally arrives on its own.
	reconcileSilence = 10 * time.Minute
	// reconcileHorizon is how long the shop keeps asking about an order
	// that stays undecided; after that a person looks (the admin page's
	// button still works).
	reconcileHorizon = 24 * time.Hour
	maxPerRound      = 100
)

// reconcileLease is how long an instance's claim on an order lasts: long
// enough for one DirectLink query, short enough that the orders of an
// instance that died are asked about again soon.
const reconcileLease = directLinkTimeout + 30*time.Second

// reconcile asks the platform about every order whose payment is still
// undecided: pending, uncertain, waiting for 3-D Secure, or sent to the
// payment page and not heard of for a while (feedback can be lost). It
// claims each order first, so that several instances sharing the database
// never ask about the same order at the same time.
func (s *shop) reconcile(ctx context.Context) {
	ids, err := s.store.claimUndecided(ctx, maxPerRound, reconcileLease, reconcileSilence, reconcileHorizon)
	if err != nil {
		s.log.Warn("reconcile", "err", err)
		return
	}
	for _, id := range ids {
		if ctx.Err() == nil {
			if err := s.queryOrder(ctx, id, true); err != nil && !errors.Is(err, errNoSuchPayment) {
				s.log.Warn("reconcile", "order", id, "err", err)
			}
		}
		if err := s.store.releaseClaim(context.WithoutCancel(ctx), id); err != nil {
			s.log.Warn("reconcile", "order", id, "err", err)
		}
	}
}

// reconcileLoop runs reconcile every interval until ctx ends: feedback can
// be lost, and an uncertain payment settles without telling anyone.
func (s *shop) reconcileLoop(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.reconcile(ctx)
		}
	}
}
