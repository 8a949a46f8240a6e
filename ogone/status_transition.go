package ogone

// Supersedes reports whether a report that a payment is in state s is news
// after one that said prev, for the same payment: reports arrive repeated
// (online feedback, its deferred retries, the browser's redirect, replies
// and queries) and out of order, and a report that does not supersede the
// last one applied should change nothing.
//
// A payment moves only forward, and a report may have been lost on the
// way, so the rule is the transitive one:
//
//   - nothing supersedes itself, and StateUnknown supersedes nothing;
//     anything supersedes StateUnknown (nothing known yet);
//   - out of a state in progress (pending, action required, uncertain) any
//     other state is news, another state in progress included;
//   - after an authorisation: the capture, its refusal (declined), the
//     deletion of the authorisation (cancelled), or a refund whose capture
//     was not reported;
//   - after a capture: a refund, or the deletion of the payment before
//     settlement (cancelled);
//   - after a refusal, a cancellation or an error the customer may try
//     again on the payment page under the same ORDERID, so anything but a
//     refund is news;
//   - a refund is final.
//
// So a late "pending" (a capture being processed, 91) after a capture,
// or a "declined" after a capture, does not supersede it.
//
// Supersedes is the platform's part of a shop's rule; which states a shop
// shows, and whether it accepts a refund it never saw captured, is the
// shop's policy.
func (s State) Supersedes(prev State) bool {
	if s == prev || s == StateUnknown || int(s) >= len(stateNames) {
		return false
	}
	switch prev {
	case StateUnknown, StatePending, StateActionRequired, StateUncertain:
		return true
	case StateAuthorized:
		return s == StateCaptured || s == StateDeclined || s == StateCancelled || s == StateRefunded
	case StateCaptured:
		return s == StateRefunded || s == StateCancelled
	case StateDeclined, StateCancelled, StateError:
		return s != StateRefunded
	}
	return false // StateRefunded, and states outside the constants
}
