package ogone

import (
	"errors"
	"strconv"
	"time"
)

// Credential-on-file values: who starts a payment with a stored card
// (COF_INITIATOR), whether it is the first of a series (COF_TRANSACTION),
// and whether the series follows a schedule (COF_SCHEDULE). They are
// untyped string constants, so they compare equal to the values read back
// from a request.
const (
	COFCustomer    = "CIT"     // customer-initiated: the customer is at the shop and agrees to this payment
	COFMerchant    = "MIT"     // merchant-initiated: the shop charges a stored card without the customer
	COFFirst       = "FIRST"   // the payment that stores the card, or the first of a series
	COFSubsequent  = "SUBSEQ"  // a later payment with the stored card
	COFScheduled   = "SCHED"   // payments at fixed intervals, such as a subscription
	COFUnscheduled = "UNSCHED" // payments at no fixed time, such as a saved card at checkout or a top-up
)

// CredentialOnFile says who starts a payment with a stored card and why,
// as the card schemes require since PSD2 (COF_INITIATOR, COF_TRANSACTION,
// COF_SCHEDULE, COF_RECURRING_EXPIRY, COF_RECURRING_FREQUENCY). Without it
// the issuer may decline a merchant-initiated payment or ask for an
// authentication nobody can give.
//
// Initiator (COFCustomer or COFMerchant) and Transaction (COFFirst or
// COFSubsequent) are required; Schedule (COFScheduled or COFUnscheduled) is
// required for a merchant-initiated payment. The usual cases:
//
//	storing a card at a payment for later:     CIT / FIRST / SCHED or UNSCHED
//	the customer paying again with it:         CIT / SUBSEQ / UNSCHED
//	a subscription renewal charged by the shop: MIT / SUBSEQ / SCHED
//	a top-up or late charge by the shop:        MIT / SUBSEQ / UNSCHED
//
// Refused with ErrCOFCombination: MIT with FIRST, MIT without a Schedule,
// RecurringExpiry or RecurringFrequency without COFScheduled, and (on an
// Order) MIT with ThreeDSecure.
type CredentialOnFile struct {
	Initiator   string // COF_INITIATOR: COFCustomer or COFMerchant
	Transaction string // COF_TRANSACTION: COFFirst or COFSubsequent
	Schedule    string // COF_SCHEDULE: COFScheduled, COFUnscheduled, or "" for a customer's payment

	// RecurringExpiry (COF_RECURRING_EXPIRY, sent as YYYYMMDD in its own
	// location) is the date after which the schedule allows no more
	// payments. Zero leaves it out. Scheduled payments only.
	RecurringExpiry time.Time
	// RecurringFrequency (COF_RECURRING_FREQUENCY) is the least number of
	// days between two payments of the schedule, 1 to 9999 (28 for a
	// monthly one, as EMV 3-D Secure counts months). Zero leaves it out.
	// Scheduled payments only.
	RecurringFrequency int
}

// cofNames are the parameters addCOF may set.
var cofNames = []string{
	"COF_INITIATOR", "COF_TRANSACTION", "COF_SCHEDULE", "COF_RECURRING_EXPIRY", "COF_RECURRING_FREQUENCY",
}

// Validate checks c on its own: every value and the combinations the
// credential-on-file rules forbid. It reports every problem at once,
// joined, each a *FieldError wrapping ErrInvalidCOF or ErrCOFCombination.
func (c *CredentialOnFile) Validate() error {
	var b builder
	b.addCOF(c)
	return errors.Join(b.errs...)
}

// addCOF checks c and appends its parameters.
func (b *builder) addCOF(c *CredentialOnFile) {
	switch c.Initiator {
	case COFCustomer, COFMerchant:
		b.add("COF_INITIATOR", c.Initiator)
	default:
		b.fail("COF_INITIATOR", ErrInvalidCOF)
	}
	switch {
	case c.Transaction != COFFirst && c.Transaction != COFSubsequent:
		b.fail("COF_TRANSACTION", ErrInvalidCOF)
	case c.Initiator == COFMerchant && c.Transaction == COFFirst:
		b.fail("COF_TRANSACTION", ErrCOFCombination)
	default:
		b.add("COF_TRANSACTION", c.Transaction)
	}
	switch c.Schedule {
	case COFScheduled, COFUnscheduled:
		b.add("COF_SCHEDULE", c.Schedule)
	case "":
		if c.Initiator == COFMerchant {
			b.fail("COF_SCHEDULE", ErrCOFCombination)
		}
	default:
		b.fail("COF_SCHEDULE", ErrInvalidCOF)
	}
	if e := c.RecurringExpiry; !e.IsZero() {
		switch {
		case e.Year() < 1000 || e.Year() > 9999:
			b.fail("COF_RECURRING_EXPIRY", ErrInvalidCOF)
		case c.Schedule != COFScheduled:
			b.fail("COF_RECURRING_EXPIRY", ErrCOFCombination)
		default:
			b.add("COF_RECURRING_EXPIRY", e.Format("20060102"))
		}
	}
	switch f := c.RecurringFrequency; {
	case f == 0:
	case f < 1 || f > 9999:
		b.fail("COF_RECURRING_FREQUENCY", ErrInvalidCOF)
	case c.Schedule != COFScheduled:
		b.fail("COF_RECURRING_FREQUENCY", ErrCOFCombination)
	default:
		b.add("COF_RECURRING_FREQUENCY", strconv.Itoa(f))
	}
}
