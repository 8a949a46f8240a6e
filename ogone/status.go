package ogone

import (
	"strconv"
)

// Status is the STATUS code the platform gives a transaction, in replies,
// in feedback and in direct queries. A one-digit code is a settled outcome
// (5 authorized, 9 payment requested); in a two-digit code the second digit
// says how the operation is stuck: 1 on hold, 2 uncertain, 3 refused after
// an earlier authorization, 4 rejected later, 5 handled by the merchant
// outside the platform.
//
// Codes this library does not know keep their number (String gives
// "77 unknown status") and map to StateUnknown, so a new code from the
// platform is never mistaken for a payment. Alias Gateway and FlexCheckout
// use a STATUS of their own (0 OK, 1 NOK, 2 updated): it is not a Status.
type Status int

// Transaction statuses, as the platform's status lists name them.
const (
	StatusInvalid                         Status = 0  // invalid or incomplete: NCERROR says why
	StatusCancelledByCustomer             Status = 1  // the customer left the payment page
	StatusAuthorizationRefused            Status = 2  // NCERROR says why; the customer may try another card
	StatusOrderStored                     Status = 4  // stored, not yet authorized
	StatusStoredWaitingExternalResult     Status = 40 // stored, a third party has not answered yet
	StatusWaitingClientPayment            Status = 41 // e.g. a bank transfer the customer still has to make
	StatusWaitingAuthentication           Status = 46 // 3-D Secure: show the reply's HTML_ANSWER to the customer
	StatusAuthorized                      Status = 5  // money reserved, not yet captured
	StatusAuthorizedWaitingExternalResult Status = 50 // a third party has not confirmed the authorization yet
	StatusAuthorizationWaiting            Status = 51 // authorization is done offline, later
	StatusAuthorizationUnknown            Status = 52 // the acquirer did not answer clearly: query, never retry
	StatusStandby                         Status = 55 // on hold
	StatusOKWithScheduledPayments         Status = 56 // first instalment accepted, the others scheduled
	StatusNotOKWithScheduledPayments      Status = 57 // a scheduled instalment failed
	StatusAuthorizationToRequestManually  Status = 59 // the merchant must obtain the authorization by phone
	StatusAuthorizedAndCancelled          Status = 6  // the authorization was deleted
	StatusAuthorizationDeletionWaiting    Status = 61 // deletion of the authorization on hold
	StatusAuthorizationDeletionUncertain  Status = 62 // deletion sent, its outcome unknown: query
	StatusAuthorizationDeletionRefused    Status = 63 // the acquirer refused to delete the authorization
	// StatusAuthorizedAndCancelled64 is worded like 6 in every status list
	// we found, none of which says how the two differ; the number is in the
	// name so that the two constants stay apart.
	StatusAuthorizedAndCancelled64  Status = 64
	StatusPaymentDeleted            Status = 7  // a captured payment was cancelled before it was settled
	StatusPaymentDeletionPending    Status = 71 // deletion of the payment on hold
	StatusPaymentDeletionUncertain  Status = 72 // deletion sent, its outcome unknown: query
	StatusPaymentDeletionRefused    Status = 73 // the acquirer refused to delete the payment
	StatusPaymentDeleted74          Status = 74 // worded like 7 in the status lists; see StatusAuthorizedAndCancelled64
	StatusDeletionHandledByMerchant Status = 75 // the merchant cancelled outside the platform
	StatusRefund                    Status = 8  // money sent back to the customer
	StatusRefundPending             Status = 81 // refund on hold
	StatusRefundUncertain           Status = 82 // refund sent, its outcome unknown: query, never refund again
	StatusRefundRefused             Status = 83 // the acquirer refused the refund
	StatusRefund84                  Status = 84 // see Status.NeedsReview
	StatusRefundHandledByMerchant   Status = 85 // the merchant refunded outside the platform
	StatusQueryFailed               Status = 88 // a direct query could not be answered
	StatusPaymentRequested          Status = 9  // captured: the money will be paid out to the merchant
	StatusPaymentProcessing         Status = 91 // capture on hold, usually becomes 9
	StatusPaymentUncertain          Status = 92 // capture sent, its outcome unknown: query, never retry
	StatusPaymentRefused            Status = 93 // the acquirer refused the capture
	StatusRefundDeclinedByAcquirer  Status = 94 // the acquirer declined the refund
	StatusPaymentHandledByMerchant  Status = 95 // the merchant was paid outside the platform
	StatusRefundReversed            Status = 96 // a refund was undone
	StatusBeingProcessed97          Status = 97 // intermediate; worded like 99
	StatusBeingProcessed98          Status = 98 // intermediate; worded like 99
	StatusBeingProcessed            Status = 99 // intermediate: the platform has not finished
)

// ParseStatus reads a STATUS value as the platform writes it: "9", "46".
//
// Only the canonical form is accepted. The platform writes the number
// plainly, and SHA-OUT covers the value exactly as sent, so "09", "+9" or
// " 9" would be a value the platform did not write; accepting it would
// also give two spellings to one status in logs and stores. Codes this
// library does not know ("77") are accepted and keep their number.
func ParseStatus(s string) (Status, error) {
	switch {
	case len(s) == 1 && isDigit(s[0]):
		return Status(s[0] - '0'), nil
	case len(s) == 2 && s[0] != '0' && isDigit(s[0]) && isDigit(s[1]):
		return Status(s[0]-'0')*10 + Status(s[1]-'0'), nil
	}
	return 0, &FieldError{Field: "STATUS", Err: ErrInvalidStatus}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// statusInfo is what the library knows about one code.
type statusInfo struct {
	meaning string // "" for a code the platform does not use
	state   State
}

// statuses holds every code of the platform's status lists, indexed by
// code. The states follow the platform's own grouping (a second digit of 2
// is uncertain, 3 is refused after authorization, and so on).
var statuses = [100]statusInfo{
	StatusInvalid:                         {"invalid or incomplete", StateError},
	StatusCancelledByCustomer:             {"cancelled by customer", StateCancelled},
	StatusAuthorizationRefused:            {"authorization refused", StateDeclined},
	StatusOrderStored:                     {"order stored", StatePending},
	StatusStoredWaitingExternalResult:     {"stored waiting for external result", StatePending},
	StatusWaitingClientPayment:            {"waiting for client payment", StatePending},
	StatusWaitingAuthentication:           {"waiting for authentication", StateActionRequired},
	StatusAuthorized:                      {"authorized", StateAuthorized},
	StatusAuthorizedWaitingExternalResult: {"authorized waiting for external result", StatePending},
	StatusAuthorizationWaiting:            {"authorization waiting", StatePending},
	StatusAuthorizationUnknown:            {"authorization not known", StateUncertain},
	StatusStandby:                         {"standby", StatePending},
	StatusOKWithScheduledPayments:         {"OK with scheduled payments", StatePending},
	StatusNotOKWithScheduledPayments:      {"not OK with scheduled payments", StateError},
	StatusAuthorizationToRequestManually:  {"authorization to be requested manually", StatePending},
	StatusAuthorizedAndCancelled:          {"authorized and cancelled", StateCancelled},
	StatusAuthorizationDeletionWaiting:    {"authorization deletion waiting", StatePending},
	StatusAuthorizationDeletionUncertain:  {"authorization deletion uncertain", StateUncertain},
	StatusAuthorizationDeletionRefused:    {"authorization deletion refused", StateError},
	StatusAuthorizedAndCancelled64:        {"authorized and cancelled", StateCancelled},
	StatusPaymentDeleted:                  {"payment deleted", StateCancelled},
	StatusPaymentDeletionPending:          {"payment deletion pending", StatePending},
	StatusPaymentDeletionUncertain:        {"payment deletion uncertain", StateUncertain},
	StatusPaymentDeletionRefused:          {"payment deletion refused", StateError},
	StatusPaymentDeleted74:                {"payment deleted", StateCancelled},
	StatusDeletionHandledByMerchant:       {"deletion handled by merchant", StateCancelled},
	StatusRefund:                          {"refund", StateRefunded},
	StatusRefundPending:                   {"refund pending", StatePending},
	StatusRefundUncertain:                 {"refund uncertain", StateUncertain},
	StatusRefundRefused:                   {"refund refused", StateError},
	// 84: the platform's newer status lists call it "refund", like 8; its
	// older parameter cookbook (and integrations built from it) call it
	// "payment declined by the acquirer", money that will be debited back.
	// One more published list even calls it "refund declined by acquirer".
	// Refunded is what the newer lists say; NeedsReview tells the shop to
	// have a person confirm it in the back office.
	StatusRefund84:                 {"refund (older lists: payment declined by the acquirer)", StateRefunded},
	StatusRefundHandledByMerchant:  {"refund handled by merchant", StateRefunded},
	StatusQueryFailed:              {"query failed", StateError},
	StatusPaymentRequested:         {"payment requested", StateCaptured},
	StatusPaymentProcessing:        {"payment processing", StatePending},
	StatusPaymentUncertain:         {"payment uncertain", StateUncertain},
	StatusPaymentRefused:           {"payment refused", StateDeclined},
	StatusRefundDeclinedByAcquirer: {"refund declined by the acquirer", StateError},
	StatusPaymentHandledByMerchant: {"payment handled by merchant", StateCaptured},
	StatusRefundReversed:           {"refund reversed", StateError},
	StatusBeingProcessed97:         {"being processed", StatePending},
	StatusBeingProcessed98:         {"being processed", StatePending},
	StatusBeingProcessed:           {"being processed", StatePending},
}

func (s Status) info() statusInfo {
	if s < 0 || int(s) >= len(statuses) {
		return statusInfo{}
	}
	return statuses[s]
}

// Known reports whether s is a code of the platform's status lists.
func (s Status) Known() bool { return s.info().meaning != "" }

// Meaning describes the code in a few words, "payment requested", or says
// "unknown status".
func (s Status) Meaning() string {
	if m := s.info().meaning; m != "" {
		return m
	}
	return "unknown status"
}

// String gives the code and its meaning, "9 payment requested". An unknown
// code keeps its number, "77 unknown status", so logs still show what the
// platform sent.
func (s Status) String() string { return strconv.Itoa(int(s)) + " " + s.Meaning() }

// State folds the code into what a shop does next. Unknown codes give
// StateUnknown, which is neither paid nor final.
func (s Status) State() State { return s.info().state }

// Uncertain reports whether the platform lost track of the operation's
// outcome (52, 62, 72, 82, 92): the money may or may not have moved. Ask a
// direct query later; sending the operation again could charge or refund
// twice.
func (s Status) Uncertain() bool { return s.State() == StateUncertain }

// ActionRequired reports whether the customer must act before the payment
// goes on: 46, where the shop shows the 3-D Secure page the platform sent.
func (s Status) ActionRequired() bool { return s.State() == StateActionRequired }

// NeedsReview reports whether the code means different things in different
// versions of the platform's documentation (84), so that a person should
// check the transaction in the back office before the shop relies on it.
func (s Status) NeedsReview() bool { return s == StatusRefund84 }

// MarshalText writes the code as the platform does, "9", so that a Status
// stored as JSON or in a database reads back with UnmarshalText. Codes
// outside 0 to 99 cannot come from ParseStatus and are refused, since they
// could not be read back.
func (s Status) MarshalText() ([]byte, error) {
	if s < 0 || s > 99 {
		return nil, &FieldError{Field: "STATUS", Err: ErrInvalidStatus}
	}
	return strconv.AppendInt(nil, int64(s), 10), nil
}

// UnmarshalText reads a code written by MarshalText, with ParseStatus.
func (s *Status) UnmarshalText(text []byte) error {
	v, err := ParseStatus(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// State is what a shop does with a transaction, whatever the detailed
// Status: wait, show a page to the customer, query, ship, give up. Several
// statuses share a state; the zero value is StateUnknown.
type State uint8

// Transaction states.
const (
	// StateUnknown is the zero value and the state of codes this library
	// does not know. It is neither paid nor final, so a shop that meets a
	// new code waits or asks a person instead of shipping.
	StateUnknown State = iota
	// StatePending: the platform or a third party is still working on it;
	// feedback or a later query brings the outcome.
	StatePending
	// StateActionRequired: the customer must authenticate (3-D Secure)
	// before the payment goes on.
	StateActionRequired
	// StateUncertain: the outcome is unknown even to the platform for now.
	// Query later; never send the operation again.
	StateUncertain
	// StateAuthorized: money is reserved on the card but not yet captured.
	// Not paid: an authorization expires unless it is captured.
	StateAuthorized
	// StateCaptured: the payment was requested, or the merchant was paid
	// outside the platform. The only paid state.
	StateCaptured
	// StateCancelled: cancelled by the customer, or the authorization or
	// payment was deleted. No money moves.
	StateCancelled
	// StateDeclined: the acquirer refused the authorization or the capture.
	// The customer may try another card.
	StateDeclined
	// StateRefunded: the money went (or is going) back to the customer.
	StateRefunded
	// StateError: the order is invalid, or a maintenance operation
	// (deletion, refund, scheduled instalment) failed and needs someone to
	// look at it.
	StateError
)

var stateNames = [...]string{
	StateUnknown:        "unknown",
	StatePending:        "pending",
	StateActionRequired: "action_required",
	StateUncertain:      "uncertain",
	StateAuthorized:     "authorized",
	StateCaptured:       "captured",
	StateCancelled:      "cancelled",
	StateDeclined:       "declined",
	StateRefunded:       "refunded",
	StateError:          "error",
}

// String gives the state's lowercase name, "captured", as MarshalText
// writes it; a value outside the constants gives "State(12)".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Final reports whether the platform will leave the transaction as it is
// unless the merchant acts: captured, cancelled, declined, refunded and
// error. Pending, uncertain and action-required states move on by
// themselves; an authorization waits for a capture or expires.
func (s State) Final() bool {
	switch s {
	case StateCaptured, StateCancelled, StateDeclined, StateRefunded, StateError:
		return true
	}
	return false
}

// Paid reports whether the shop has been paid: only StateCaptured. An
// authorization is a reservation that can still lapse, and a refunded
// payment went back to the customer.
func (s State) Paid() bool { return s == StateCaptured }

// MarshalText writes the state's name, "action_required", which is stabler
// in stored data than the number.
func (s State) MarshalText() ([]byte, error) {
	if int(s) >= len(stateNames) {
		return nil, ErrInvalidState
	}
	return []byte(stateNames[s]), nil
}

// UnmarshalText reads a name written by MarshalText. Names are matched
// exactly, in lowercase.
func (s *State) UnmarshalText(text []byte) error {
	for i, name := range stateNames {
		if string(text) == name {
			*s = State(i)
			return nil
		}
	}
	return ErrInvalidState
}
