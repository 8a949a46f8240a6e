package main

import "github.com/gogone/ogone/ogone"

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

// platformStates maps each state to the platform's, for the part of
// transition that is platform knowledge (ogone.State.Supersedes).
var platformStates = [...]ogone.State{
	stateAwaitingPayment: ogone.StateUnknown,
	statePending:         ogone.StatePending,
	stateActionRequired:  ogone.StateActionRequired,
	stateUncertain:       ogone.StateUncertain,
	stateDeclined:        ogone.StateDeclined,
	stateCancelled:       ogone.StateCancelled,
	stateFailed:          ogone.StateError,
	stateAuthorized:      ogone.StateAuthorized,
	statePaid:            ogone.StateCaptured,
	stateRefunded:        ogone.StateRefunded,
}

func (s orderState) platform() ogone.State {
	if int(s) < len(platformStates) {
		return platformStates[s]
	}
	return ogone.StateUnknown
}

// transition decides what an order in state from becomes when the platform
// reports to. It answers from and false when the report must not change the
// order.
//
// Which report is news after which is the platform's rule,
// ogone.State.Supersedes: a repeat (the platform sends the same feedback
// more than once, online, deferred and through the browser's redirect, in
// any order) or a step backwards (a late "pending" after the capture, a
// "declined" after the money was taken, anything after a full refund)
// changes nothing.
//
// The shop adds its own policy: nothing moves an order back to "awaiting
// payment", and a refund is taken only from "paid", where the shop knows
// what was captured.
//
// It is pure so that the whole rule set is one table test away.
func transition(from, to orderState) (orderState, bool) {
	if to == stateAwaitingPayment || !to.platform().Supersedes(from.platform()) {
		return from, false
	}
	if from == stateAuthorized && to == stateRefunded {
		return from, false
	}
	return to, true
}

// Warning reports whether the state asks the customer to wait rather than
// act.
func (s orderState) Warning() bool { return s.inProgress() }
