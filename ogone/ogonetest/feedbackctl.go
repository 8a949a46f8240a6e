package ogonetest

import (
	"context"
	"net/url"

	"github.com/gogone/ogone/ogone"
)

// Feedback is one server-to-server feedback request as the simulator
// built it for an order: signed, addressed, and sent at once, held, or
// dropped. Whatever happened to it, Deliver sends it (again): the
// platform may deliver the same feedback more than once, and in any
// order, and a shop's handler must cope.
//
// Its fields are copies; changing them changes nothing that is sent.
type Feedback struct {
	OrderID string
	PAYID   string
	Status  ogone.Status // the STATUS it carries
	URL     string       // where it goes
	Params  url.Values   // the parameters it POSTs, SHASIGN included

	srv  *Server
	txn  *txn
	body string
	// Guarded by srv.mu.
	held     bool // waiting in PendingFeedback
	attempts int  // deliveries so far, online one included
}

// feedbackLog is every feedback built, oldest first, bounded like the
// sessions; and whether new ones are held. Guarded by Server.mu.
type feedbackLog struct {
	all  []*Feedback
	hold bool
}

// maxFeedbackLog bounds the feedback a long-running simulator remembers.
const maxFeedbackLog = 10_000

// logFeedback records a feedback about to go out and reports whether it
// is held instead.
func (s *Server) logFeedback(t *txn, status ogone.Status, dest string, fb kvs) (held bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &Feedback{
		OrderID: t.orderID,
		PAYID:   t.payIDString(),
		Status:  status,
		URL:     dest,
		Params:  fb.values(),
		srv:     s,
		txn:     t,
		body:    fb.encode(),
		held:    s.state.feedback.hold,
	}
	if !f.held {
		f.attempts = 1 // sendFeedback makes the online attempt
	}
	l := &s.state.feedback
	if len(l.all) >= maxFeedbackLog {
		l.all = append(l.all[:0:0], l.all[len(l.all)-maxFeedbackLog/2:]...)
	}
	l.all = append(l.all, f)
	return f.held
}

// HoldFeedback holds every server-to-server feedback from now on, until
// ResumeFeedback: instead of being sent (and retried), each waits in
// PendingFeedback for the test to Deliver it, as often and in whatever
// order it likes, or to Drop it. Redirects of the customer's browser
// still happen at once, so a test can make the browser come back before
// the feedback, or the feedback never come.
func (s *Server) HoldFeedback() {
	s.mu.Lock()
	s.state.feedback.hold = true
	s.mu.Unlock()
}

// ResumeFeedback sends new feedback at once again. Feedback held so far
// stays in PendingFeedback until delivered or dropped.
func (s *Server) ResumeFeedback() {
	s.mu.Lock()
	s.state.feedback.hold = false
	s.mu.Unlock()
}

// PendingFeedback returns the held feedback not yet delivered or dropped,
// oldest first.
func (s *Server) PendingFeedback() []*Feedback {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Feedback
	for _, f := range s.state.feedback.all {
		if f.held {
			out = append(out, f)
		}
	}
	return out
}

// FeedbackFor returns every feedback built for the orders with orderID,
// oldest first: sent, held or dropped. Deliver one again to repeat it.
func (s *Server) FeedbackFor(orderID string) []*Feedback {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Feedback
	for _, f := range s.state.feedback.all {
		if f.OrderID == orderID {
			out = append(out, f)
		}
	}
	return out
}

// Deliver POSTs the feedback to its URL now, once, with no deferred
// retry, and takes it out of PendingFeedback. Delivering it again repeats
// it. The attempt is recorded in the order's Transaction.Feedback and
// returned; the error is ctx's or the transport's (the shop's HTTP
// status is in the attempt, not an error).
func (f *Feedback) Deliver(ctx context.Context) (FeedbackAttempt, error) {
	s := f.srv
	s.mu.Lock()
	f.held = false
	f.attempts++
	n := f.attempts
	s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return FeedbackAttempt{}, err
	}
	a := s.postFeedback(ctx, f.URL, f.body)
	a.Attempt, a.Status = n, f.Status
	s.recordFeedback(f.txn, a)
	if a.Err != "" {
		if err := ctx.Err(); err != nil {
			return a, err
		}
		return a, &FeedbackError{URL: f.URL, Err: a.Err}
	}
	return a, nil
}

// Drop takes a held feedback out of PendingFeedback without sending it,
// as when the platform's request never reaches the shop; the order's
// Transaction.Feedback records a Dropped attempt. Dropping a feedback that
// is not pending does nothing.
func (f *Feedback) Drop() {
	s := f.srv
	s.mu.Lock()
	if !f.held {
		s.mu.Unlock()
		return
	}
	f.held = false
	f.attempts++
	a := FeedbackAttempt{Attempt: f.attempts, URL: f.URL, Time: s.now(), Status: f.Status, Dropped: true}
	s.mu.Unlock()
	s.recordFeedback(f.txn, a)
}

// Pending reports whether the feedback is held, waiting for Deliver or
// Drop.
func (f *Feedback) Pending() bool {
	f.srv.mu.Lock()
	defer f.srv.mu.Unlock()
	return f.held
}

// FeedbackError is a feedback the shop could not be reached with.
type FeedbackError struct {
	URL string
	Err string // the transport's error text
}

func (e *FeedbackError) Error() string {
	return "ogonetest: feedback to " + e.URL + ": " + e.Err
}
