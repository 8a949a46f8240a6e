package main

// orderState is where an order stands, in the words the shop shows its
// customers. It is coarser than the platform's STATUS codes and finer than
// "paid or not": the shop must tell an authorisation (money reserved) from a
// capture (money taken), and an uncertain payment (ask, never pay again)
// from a declined one (the customer may try again).
type orderState uint8

const (
	stateAwaitingPayment orderState = iota // created; no payment reported yet
	statePending                           // the platform is still working on it
	stateActionRequired                    // the customer must authenticate (3-D Secure)
	stateUncertain                         // outcome unknown: query the platform, never pay again
	stateDeclined                          // refused; the customer may try again
	stateCancelled                         // cancelled by the customer or the merchant
	stateFailed                            // invalid or refused for a technical reason
	stateAuthorized                        // money reserved, not yet taken
	statePaid                              // money taken (captured)
	stateRefunded                          // everything taken was given back
)

var stateLabels = [...]string{
	stateAwaitingPayment: "awaiting payment",
	statePending:         "pending",
	stateActionRequired:  "authentication required",
	stateUncertain:       "uncertain",
	stateDeclined:        "declined",
	stateCancelled:       "cancelled",
	stateFailed:          "failed",
	stateAuthorized:      "authorised",
	statePaid:            "paid",
	stateRefunded:        "refunded",
}

// String is the label the order page shows (and the browser test reads).
func (s orderState) String() string {
	if int(s) < len(stateLabels) {
		return stateLabels[s]
	}
	return "unknown"
}

// Class is a CSS class for the label's colour.
func (s orderState) Class() string {
	switch s {
	case statePaid, stateAuthorized:
		return "ok"
	case stateDeclined, stateFailed, stateCancelled:
		return "bad"
	case stateRefunded:
		return "muted"
	}
	return "wait"
}

// inProgress reports whether the platform has not decided yet.
func (s orderState) inProgress() bool {
	return s == statePending || s == stateActionRequired || s == stateUncertain
}

// unpaidEnd reports whether a payment attempt ended without money moving,
// so that the customer may try again.
func (s orderState) unpaidEnd() bool {
	return s == stateDeclined || s == stateCancelled || s == stateFailed
}

// movesMoney reports whether the state means money was reserved or taken.
// Such news is recorded even when it is about an earlier payment attempt
// than the order's current one: the money moved either way.
func (s orderState) movesMoney() bool {
	return s == stateAuthorized || s == statePaid || s == stateRefunded
}

// transition decides what an order in state from becomes when the platform
// reports to. It answers from and false when the report must not change the
// order:
//
//   - a repeat: the platform sends the same feedback more than once (online,
//     deferred, and the browser's redirect), in any order;
//   - a step backwards: a late "pending" or "uncertain" after the order was
//     authorised or paid, a "declined" after the money was taken;
//   - anything after a full refund, which is final.
//
// Forward steps are: anything out of "awaiting payment" or out of a state in
// progress; a new attempt (or a late success) after a decline, cancellation
// or failure; capture, cancellation or a refused capture after an
// authorisation; refund or deletion after a capture.
//
// It is pure so that the whole rule set is one table test away.
func transition(from, to orderState) (orderState, bool) {
	if from == to || to == stateAwaitingPayment {
		return from, false
	}
	allowed := false
	switch {
	case from == stateAwaitingPayment, from.inProgress():
		allowed = true
	case from.unpaidEnd():
		allowed = to != stateRefunded
	case from == stateAuthorized:
		// 6 (authorisation deleted) and 93 (capture refused) are the
		// platform's ways forward besides the capture itself.
		allowed = to == statePaid || to == stateCancelled || to == stateDeclined
	case from == statePaid:
		// 7 and 74 (payment deleted) cancel a capture before settlement.
		allowed = to == stateRefunded || to == stateCancelled
	case from == stateRefunded:
		allowed = false
	}
	if !allowed {
		return from, false
	}
	return to, true
}

// Warning reports whether the state asks the customer to wait rather than
// act.
func (s orderState) Warning() bool { return s.inProgress() }
