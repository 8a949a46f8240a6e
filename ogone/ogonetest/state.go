package ogonetest

import (
	"slices"
	"strconv"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
)

// Transaction is a snapshot of one payment as the simulator recorded it.
// It is a copy: changing it changes nothing in the server. It never holds a
// full card number, a CVC or an expiry date.
type Transaction struct {
	OrderID   string
	PAYID     string
	Status    ogone.Status    // the current status, as a direct query reports it
	Endpoint  ogone.Purpose   // EndpointHostedPage or EndpointOrder: where the order came from
	Operation ogone.Operation // the new order's OPERATION: RES, SAL or RFD

	Amount     decimal.Decimal // the order's amount, not multiplied ("15.5")
	Currency   string
	Authorized decimal.Decimal // authorised and not cancelled
	Captured   decimal.Decimal
	Refunded   decimal.Decimal

	NCError    ogone.NCError // of the latest operation; "0" when it went well
	PM         string        // "CreditCard", "iDEAL", ... (ogone.PaymentMethod values)
	Brand      string        // "VISA", "MasterCard", "BCMC", "iDEAL", ...
	CardNumber string        // masked: XXXXXXXXXXXX1111
	CardHolder string        // CN
	Alias      string        // the alias the card was charged through or stored under
	ECI        string
	IP         string
	ComPlus    string
	ParamPlus  string

	// ThreeDSecure reports whether the order asked for 3-D Secure
	// (FLAG3D=Y on DirectLink; the hosted page always does), Browser holds
	// the BROWSER* values a DirectLink order sent with it, Challenge the
	// MPI.THREEDSREQUESTORCHALLENGEINDICATOR received, and Challenged
	// whether the customer was shown the authentication page.
	ThreeDSecure bool
	Browser      ogone.BrowserInfo
	Challenge    string
	Challenged   bool
	// CredentialOnFile holds the COF_* values received; zero when none.
	CredentialOnFile ogone.CredentialOnFile

	CreatedAt time.Time
	// History holds the order itself (PAYIDSUB 0) and each maintenance
	// operation (PAYIDSUB 1, 2, ...), oldest first.
	History []HistoryEntry
	// Feedback holds every server-to-server feedback attempt, oldest first.
	Feedback []FeedbackAttempt
}

// HistoryEntry is one operation on a payment: the order (PAYIDSUB 0) or a
// maintenance request.
type HistoryEntry struct {
	PAYIDSUB  int
	Operation ogone.Operation // RES, SAL, RFD for the order; REN, DEL, DES, SAL, SAS, RFD, RFS after
	Amount    decimal.Decimal
	Status    ogone.Status // the operation's settled status
	Reply     ogone.Status // the status the reply carried (91 for a capture that settles to 9)
	NCError   ogone.NCError
	Time      time.Time
}

// FeedbackAttempt is one server-to-server feedback request.
type FeedbackAttempt struct {
	Attempt    int       // 1 for the online request, then 2, 3, ... for the deferred ones
	Deferred   bool      // sent after the online request failed
	URL        string    // where it went
	Time       time.Time // when it was sent, by the server's clock
	Status     ogone.Status
	HTTPStatus int    // the shop's answer; 0 when there was none
	Err        string // the transport error, if any
	Dropped    bool   // not sent at all, because of a FaultDropFeedback
}

// OK reports whether the shop acknowledged the feedback with a 2xx status.
func (a FeedbackAttempt) OK() bool { return a.HTTPStatus >= 200 && a.HTTPStatus < 300 }

// Alias is a snapshot of a stored card. It holds the masked number only.
type Alias struct {
	ID         string
	Brand      string
	CardNumber string // masked
	Bin        string // the first six digits
	CardHolder string
	// Temporary aliases (ALIASPERSISTEDAFTERUSE=N, ALIAS.STOREPERMANENTLY=N)
	// are deleted after the first order charged through them.
	Temporary bool
	CreatedAt time.Time
	UpdatedAt time.Time
	Uses      int // how many orders were charged through it
}

// txn is the simulator's record of a payment. Amounts are in minor units.
type txn struct {
	payID     int64
	env       string // "test" or "prod": where the simulator's own pages live
	orderID   string
	status    ogone.Status
	endpoint  ogone.Purpose
	operation string
	amount    int64
	currency  string

	authorized, captured, refunded int64
	captureClosed, refundClosed    bool

	ncError   string
	card      card
	method    ogone.Method // set for a payment on a method page (methods.go)
	alias     string
	eci       string
	ip        string
	comPlus   string
	paramPlus string
	created   time.Time

	flag3D     bool
	psd2       psd2
	challenged bool

	// settleTo is the status an uncertain order settles to; 0 when the
	// order is not uncertain.
	settleTo ogone.Status

	// The browser's way back after the hosted page or 3-D Secure.
	urls    resultURLs
	history []HistoryEntry
	feed    []FeedbackAttempt
}

type resultURLs struct {
	accept, decline, exception, cancel string
}

func (t *txn) payIDString() string { return strconv.FormatInt(t.payID, 10) }

func (t *txn) snapshot() Transaction {
	return Transaction{
		OrderID:    t.orderID,
		PAYID:      t.payIDString(),
		Status:     t.status,
		Endpoint:   t.endpoint,
		Operation:  ogone.Operation(t.operation),
		Amount:     fromMinor(t.amount),
		Currency:   t.currency,
		Authorized: fromMinor(t.authorized),
		Captured:   fromMinor(t.captured),
		Refunded:   fromMinor(t.refunded),
		NCError:    ogone.NCError(t.ncError),
		PM:         t.pm(),
		Brand:      t.brandName(),
		CardNumber: t.card.masked(),
		CardHolder: t.card.holder(),
		Alias:      t.alias,
		ECI:        t.eci,
		IP:         t.ip,
		ComPlus:    t.comPlus,
		ParamPlus:  t.paramPlus,
		CreatedAt:  t.created,

		ThreeDSecure:     t.flag3D || t.endpoint == ogone.EndpointHostedPage,
		Browser:          t.psd2.browser,
		Challenge:        t.psd2.challenge,
		Challenged:       t.challenged,
		CredentialOnFile: t.psd2.cof,
		History:          slices.Clone(t.history),
		Feedback:         slices.Clone(t.feed),
	}
}

// alias is a stored card.
type alias struct {
	id        string
	card      card
	temporary bool
	created   time.Time
	updated   time.Time
	uses      int
}

func (a *alias) snapshot() Alias {
	return Alias{
		ID:         a.id,
		Brand:      a.card.brand(),
		CardNumber: a.card.masked(),
		Bin:        a.card.bin(),
		CardHolder: a.card.holder(),
		Temporary:  a.temporary,
		CreatedAt:  a.created,
		UpdatedAt:  a.updated,
		Uses:       a.uses,
	}
}

// fromMinor turns minor units into the amount they stand for.
func fromMinor(n int64) decimal.Decimal { return decimal.New(n, -2) }

// formatAmount writes an amount as replies and feedback carry it: not
// multiplied and without trailing zeros ("15.5", "125").
func formatAmount(n int64) string { return fromMinor(n).String() }
