package feedback

import (
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/internal/signed"
	"github.com/gogone/ogone/ogone"
)

// Feedback is a transaction feedback whose SHA-OUT signature checked out.
// Every typed field comes from a signed parameter; a field whose parameter
// the account does not send (see the back office's dynamic e-Commerce
// parameters) is left at its zero value. Only ORDERID and STATUS are
// required.
//
// Printing a Feedback (%v, %+v, %#v), encoding it as JSON or logging it with
// slog never shows a full card number or an expiry date: CardNo holds only
// a mask and ED redacts itself. The platform never returns a CVC.
type Feedback struct {
	OrderID    string             `json:"orderID"`    // ORDERID: the shop's order reference
	PayID      string             `json:"payID"`      // PAYID: the platform's reference of the payment
	PayIDSub   string             `json:"payIDSub"`   // PAYIDSUB: the maintenance operation's number, when sent
	Status     ogone.Status       `json:"status"`     // STATUS
	NCError    ogone.NCError      `json:"ncError"`    // NCERROR: "" or "0" when there is no error
	Amount     decimal.Decimal    `json:"amount"`     // AMOUNT as sent, not multiplied: 15.5 is 15.50
	Currency   string             `json:"currency"`   // CURRENCY, ISO 4217
	PM         string             `json:"pm"`         // PM: payment method, "CreditCard"
	Brand      string             `json:"brand"`      // BRAND: "VISA"
	CardNo     ogone.MaskedNumber `json:"cardNo"`     // CARDNO, masked
	CN         string             `json:"cn"`         // CN: the card holder's name
	Alias      string             `json:"alias"`      // ALIAS: the stored card's alias, when one was created or used
	IP         string             `json:"ip"`         // IP: the customer's address as the platform saw it
	TrxDate    time.Time          `json:"trxDate"`    // TRXDATE: the day of the transaction, midnight UTC; zero when not sent
	ED         ogone.Expiry       `json:"ed"`         // ED: card expiry, redacted when printed
	ECI        ogone.ECI          `json:"eci"`        // ECI: how the card data was entered (7 e-commerce); see Signed["ECI"] if it was not a number
	Acceptance string             `json:"acceptance"` // ACCEPTANCE: the acquirer's authorisation code

	// Signed holds the other signed parameters, those without a field
	// above (COMPLUS, BIN, SCORING, ALIAS.*, ...), under their uppercased
	// names. Empty values are left out: the signature does not cover
	// them. A card number among them (CARD.CARDNUMBER) is masked, and an
	// expiry or verification code (CARD.EXPIRYDATE, CVC) is replaced by
	// "[REDACTED]", so that the map is safe to print.
	Signed url.Values `json:"signed"`

	// Unsigned holds the parameters the signature does NOT cover, under
	// their uppercased names: PARAMPLUS content, names on the merchant's
	// own URL, or anything the customer added to the redirect URL. Never
	// decide anything that matters (what was paid, for which order) on
	// them. The same redaction as in Signed applies.
	Unsigned url.Values `json:"unsigned"`

	// PreviousKey is true when the feedback was signed with the previous
	// SHA-OUT key (WithPreviousKey, ogone.Config.PreviousSHAOut) rather
	// than the current one. Once no feedback has it for longer than the
	// platform retries, the previous key can go.
	PreviousKey bool `json:"previousKey,omitempty"`
}

// State folds Status into what the shop does next (ogone.Status.State).
func (f *Feedback) State() ogone.State { return f.Status.State() }

// SignedParam returns the value of a signed parameter without a typed field,
// by name in any case, or "" when it was not sent.
func (f *Feedback) SignedParam(name string) string { return f.Signed.Get(signed.UpperASCII(name)) }

// UnsignedParam returns the value of a parameter the signature does not
// cover, by name in any case, or "" when it was not sent. Anybody could
// have set it: use it to find your way back (a session, a language), never
// to decide what was paid.
func (f *Feedback) UnsignedParam(name string) string {
	return f.Unsigned.Get(signed.UpperASCII(name))
}

// Matches checks a feedback against the order the shop made: the same order
// reference (exactly), amount (by value: 15.5 equals 15.50) and currency (in
// any case). An empty orderID or currency never matches.
//
// The signature proves that the platform sent the feedback, not that it is
// about the payment the shop asked for: a customer can pay an order of their
// own and make the browser carry its feedback to another order's page, or
// change the amount of the payment form before the platform signs it (when
// SHA-IN is weak or leaked). Check before shipping.
//
// Each field that differs gives a *MismatchError naming it (joined when
// several differ); the values stay out of the error.
func (f *Feedback) Matches(orderID string, amount decimal.Decimal, currency string) error {
	if f == nil {
		return errors.Join(&MismatchError{Field: "ORDERID"}, &MismatchError{Field: "AMOUNT"}, &MismatchError{Field: "CURRENCY"})
	}
	var errs []error
	if orderID == "" || f.OrderID != orderID {
		errs = append(errs, &MismatchError{Field: "ORDERID"})
	}
	if !f.Amount.Equal(amount) {
		errs = append(errs, &MismatchError{Field: "AMOUNT"})
	}
	if currency == "" || !strings.EqualFold(f.Currency, currency) {
		errs = append(errs, &MismatchError{Field: "CURRENCY"})
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// LogValue logs what a shop needs to follow a payment: references, status,
// amount, method and the card mask; no expiry, no holder name, no IP, no
// unsigned parameter.
func (f Feedback) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("order_id", f.OrderID),
		slog.String("pay_id", f.PayID),
	}
	if f.PayIDSub != "" {
		attrs = append(attrs, slog.String("pay_id_sub", f.PayIDSub))
	}
	attrs = append(attrs,
		slog.Int("status", int(f.Status)),
		slog.String("state", f.Status.State().String()),
		slog.String("nc_error", string(f.NCError)),
		slog.String("amount", f.Amount.String()),
		slog.String("currency", f.Currency),
		slog.String("pm", f.PM),
		slog.String("brand", f.Brand),
		slog.String("card_no", f.CardNo.String()),
	)
	if f.PreviousKey {
		attrs = append(attrs, slog.Bool("previous_key", true))
	}
	return slog.GroupValue(attrs...)
}
