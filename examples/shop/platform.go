package main

import (
	"github.com/gogone/ogone/ogone"
)

// stateOf folds the platform's state of a payment into the shop's. It
// reports false for a state the shop must not act on (a code the library
// does not know): such an order waits for a person or a later query.
func stateOf(s ogone.State) (orderState, bool) {
	switch s {
	case ogone.StatePending:
		return statePending, true
	case ogone.StateActionRequired:
		return stateActionRequired, true
	case ogone.StateUncertain:
		return stateUncertain, true
	case ogone.StateAuthorized:
		return stateAuthorized, true
	case ogone.StateCaptured:
		return statePaid, true
	case ogone.StateCancelled:
		return stateCancelled, true
	case ogone.StateDeclined:
		return stateDeclined, true
	case ogone.StateRefunded:
		return stateRefunded, true
	case ogone.StateError:
		return stateFailed, true
	}
	return stateAwaitingPayment, false
}
