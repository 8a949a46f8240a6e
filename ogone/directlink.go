package ogone

import (
	"cmp"
	"context"
	"net/netip"
	"net/url"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// ECI is the Electronic Commerce Indicator of an order: how the card data
// reached the shop. The acquirer agreement says which values the shop may
// use, and the account has a default, which the zero value leaves in
// place. So the zero value cannot ask for ECI 0 (a swiped card), which
// DirectLink shops do not use.
type ECI int

// ECI values of the platform's DirectLink guide.
const (
	ECIMOTO                  ECI = 1 // mail or telephone order: the shop typed the card data
	ECIRecurringMOTO         ECI = 2 // a later payment of a customer who first paid by mail or phone
	ECIInstallment           ECI = 3 // one of several payments for goods already delivered
	ECIManuallyKeyedPresent  ECI = 4 // card present, number typed rather than swiped
	ECI3DSecureAuthenticated ECI = 5 // set by the platform: the customer passed 3-D Secure
	ECI3DSecureAttempted     ECI = 6 // set by the platform: 3-D Secure attempted, the card is not enrolled
	ECIECommerce             ECI = 7 // e-commerce: the customer typed the card data on the shop's site
	ECIRecurringECommerce    ECI = 9 // a later payment of a customer who first paid online (stored card, alias)
)

var eciNames = map[ECI]string{
	ECIMOTO:                  "MOTO",
	ECIRecurringMOTO:         "recurring MOTO",
	ECIInstallment:           "installment",
	ECIManuallyKeyedPresent:  "manually keyed, card present",
	ECI3DSecureAuthenticated: "3-D Secure authenticated",
	ECI3DSecureAttempted:     "3-D Secure attempted",
	ECIECommerce:             "e-commerce",
	ECIRecurringECommerce:    "recurring e-commerce",
}

// String gives the value and its meaning, "7 e-commerce"; the zero value
// gives "0 unset".
func (e ECI) String() string {
	if e == 0 {
		return "0 unset"
	}
	if name, ok := eciNames[e]; ok {
		return strconv.Itoa(int(e)) + " " + name
	}
	return strconv.Itoa(int(e))
}

// parseECI reads one or two digits.
func parseECI(s string) (ECI, bool) {
	if len(s) == 0 || len(s) > 2 || !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return ECI(n), true
}

// Window3DS is the WIN3DS of a 3-D Secure order: where the customer's
// bank shows its authentication page.
type Window3DS string

// The WIN3DS values.
const (
	Window3DSMain  Window3DS = "MAINW" // in the shop's window (the platform's default)
	Window3DSPopup Window3DS = "POPUP" // in a pop-up, returning to the main window at the end
	Window3DSPopix Window3DS = "POPIX" // in a pop-up that stays open at the end
)

// ThreeDSecure asks for 3-D Secure on a DirectLink order (FLAG3D=Y). The
// platform then either authorises the order at once (a frictionless
// authentication) or answers STATUS 46 with an HTML_ANSWER page (see
// Response.ActionRequired) that the shop shows to the customer; the
// customer comes back to AcceptURL, DeclineURL or ExceptionURL with the
// usual feedback parameters.
//
// 3-D Secure v2 needs the customer's browser data: an order without
// Browser is refused before it is sent (ErrMissingBrowserInfo). A
// merchant-initiated payment (CredentialOnFile with COFMerchant) has no
// customer to authenticate and cannot ask for it (ErrCOFCombination).
type ThreeDSecure struct {
	HTTPAccept    string    // HTTP_ACCEPT: the browser's Accept header; Browser.AcceptHeader when empty
	HTTPUserAgent string    // HTTP_USER_AGENT: its User-Agent header; Browser.UserAgent when empty
	Window        Window3DS // WIN3DS: Window3DSMain when empty
	AcceptURL     string    // ACCEPTURL: where the customer returns after authenticating; required
	DeclineURL    string    // DECLINEURL
	ExceptionURL  string    // EXCEPTIONURL
	Language      string    // LANGUAGE of the pages, such as "en_US"

	// Browser is the customer's browser data for 3-D Secure v2 (the
	// BROWSER* parameters); required: without it the order is refused
	// with a *FieldError whose Field is "BROWSER*" and whose Err is
	// ErrMissingBrowserInfo. See BrowserInfo for how to fill it.
	Browser *BrowserInfo
	// Challenge (MPI.THREEDSREQUESTORCHALLENGEINDICATOR) is the shop's
	// challenge preference; empty leaves the platform's default.
	Challenge ChallengeIndicator
}

// Order is a new DirectLink order: the shop sends the card data (or an
// alias of a stored card) itself, server to server. Each field names the
// parameter it becomes; empty fields are left out, and the account's
// settings apply instead.
//
// OrderID, a positive Amount, Currency, Operation and a Card or an Alias
// are required.
type Order struct {
	OrderID   string          // ORDERID: 1 to 30 characters, unique per order
	Amount    decimal.Decimal // AMOUNT: 15.50 is sent as 1550; at most 2 decimals
	Currency  string          // CURRENCY: ISO 4217, such as "EUR"
	Operation Operation       // OPERATION: OperationAuthorize, OperationSale or OperationStandaloneRefund

	// Card is the card to charge (CARDNO, ED, CVC), made by NewCard.
	Card *Card
	// Alias (ALIAS) charges the card stored under that alias when Card is
	// nil; with a Card, it stores the card under the alias.
	Alias string
	// AliasPersistedAfterUse sends ALIASPERSISTEDAFTERUSE=Y, which keeps
	// an alias created for this order (by FlexCheckout or with Card)
	// stored after the payment. False leaves the parameter out: the
	// platform's default then deletes such an alias after use.
	AliasPersistedAfterUse bool
	// ECI tells the acquirer how the card data reached the shop: such as
	// ECIECommerce, ECIMOTO, or ECIRecurringECommerce for a later payment
	// with a stored alias. Zero leaves the account's default.
	ECI ECI

	CustomerName string // CN: the card holder's name
	Email        string // EMAIL
	OwnerAddress string // OWNERADDRESS: street and number
	OwnerZip     string // OWNERZIP
	OwnerTown    string // OWNERTOWN
	OwnerCountry string // OWNERCTY: ISO 3166-1 alpha-2, such as "BE"
	OwnerPhone   string // OWNERTELNO
	Description  string // COM: what the order is

	PaymentMethod string // PM: such as "CreditCard"
	Brand         string // BRAND: such as "VISA"

	// RemoteAddr (REMOTE_ADDR) is the customer's IP address, for the
	// fraud checks; "NONE" turns the IP country check off.
	RemoteAddr string
	// Timeout (RTIMEOUT) is how long the platform waits for the acquirer:
	// 30 to 90 whole seconds; zero leaves the platform's default. It must
	// be shorter than the HTTP client's timeout (DefaultTimeout, 30 s,
	// unless WithHTTPClient gives another) and than what is left of ctx,
	// or the client would give up first (ErrTimeoutTooLong).
	Timeout time.Duration
	// GlobalOrderID (GLOBORDERID) groups several orders that one basket
	// paid for.
	GlobalOrderID string

	// ThreeDSecure, when not nil, asks for 3-D Secure (FLAG3D=Y).
	ThreeDSecure *ThreeDSecure
	// CredentialOnFile, when not nil, says who starts a payment with a
	// stored card and why (the COF_* parameters); alias.Charge fills it.
	CredentialOnFile *CredentialOnFile
	// BillTo and ShipTo, when not nil, send the billing and shipping
	// address (ECOM_BILLTO_*, ECOM_SHIPTO_*), which help the issuer
	// authenticate the customer without a challenge.
	BillTo, ShipTo *Address

	// Extra carries any other parameter of the DirectLink guide, such as
	// COMPLUS or PARAMPLUS. Names may be
	// in any case and are sent in uppercase; empty values are left out.
	// Refused, with ErrReservedField: the names of the typed fields
	// above (BROWSER*, MPI.THREEDSREQUESTORCHALLENGEINDICATOR, COF_* and
	// the ECOM_BILLTO_* and ECOM_SHIPTO_* names of Address included),
	// PSPID, USERID and PSWD (from the Config), SHASIGN (the
	// library signs) and CARDNO, ED and CVC (use Card).
	Extra url.Values
}

// directForbidden are the names the Extra of a DirectLink request may
// never carry besides its table's: the account's (from the Config), the
// signature, and card data, which has a type of its own.
var directForbidden = []string{
	"PSPID", "USERID", "PSWD", "SHASIGN", "SHASIGNATURE.SHASIGN", "CARDNO", "ED", "CVC", "PAYIDSUB",
}

// orderTable is the field table of an Order, in the order its fields are
// checked.
var orderTable = newTable(directForbidden,
	[]param[Order]{
		checked("ORDERID", func(o *Order) string { return o.OrderID }, ValidateOrderID),
		amount(func(o *Order) decimal.Decimal { return o.Amount }),
		checked("CURRENCY", func(o *Order) string { return o.Currency }, ValidateCurrency),
		// The account's default operation would decide whether money is
		// captured: a shop must say so.
		checked("OPERATION", func(o *Order) string { return string(o.Operation) }, func(op string) error {
			if op == "" {
				return ErrMissingField
			}
			return oneOf(ErrInvalidOperation, string(OperationAuthorize), string(OperationSale), string(OperationStandaloneRefund))(op)
		}),
		family([]string{"CARDNO", "ED", "CVC"}, (*builder).addCard),
		optional("ALIAS", func(o *Order) string { return o.Alias }, ValidateAlias),
		text("ALIASPERSISTEDAFTERUSE", func(o *Order) string { return yes(o.AliasPersistedAfterUse) }),
		{names: []string{"ECI"}, value: func(o *Order) (string, error) {
			switch {
			case o.ECI == 0:
				return "", nil
			case o.ECI < 1 || o.ECI > 9:
				return "", ErrInvalidECI
			}
			return strconv.Itoa(int(o.ECI)), nil
		}},
	},
	ownerParams(func(o *Order) owner {
		return owner{o.CustomerName, o.Email, o.OwnerAddress, o.OwnerZip, o.OwnerTown, o.OwnerCountry, o.OwnerPhone}
	}),
	[]param[Order]{
		text("COM", func(o *Order) string { return o.Description }),
		text("PM", func(o *Order) string { return o.PaymentMethod }),
		text("BRAND", func(o *Order) string { return o.Brand }),
		optional("REMOTE_ADDR", func(o *Order) string { return o.RemoteAddr }, func(a string) error {
			if _, err := netip.ParseAddr(a); err != nil && a != "NONE" {
				return ErrInvalidRemoteAddr
			}
			return nil
		}),
		{names: []string{"RTIMEOUT"}, value: func(o *Order) (string, error) {
			switch t := o.Timeout; {
			case t == 0:
				return "", nil
			case t < 30*time.Second || t > 90*time.Second || t%time.Second != 0:
				return "", ErrInvalidTimeout
			}
			return strconv.Itoa(int(o.Timeout / time.Second)), nil
		}},
		text("GLOBORDERID", func(o *Order) string { return o.GlobalOrderID }),

		family(addressNames(billToPrefix), func(b *builder, o *Order) { b.addAddress(billToPrefix, o.BillTo) }),
		family(addressNames(shipToPrefix), func(b *builder, o *Order) { b.addAddress(shipToPrefix, o.ShipTo) }),
		family(cofNames, func(b *builder, o *Order) {
			if c := o.CredentialOnFile; c != nil {
				b.addCOF(c)
				if c.Initiator == COFMerchant && o.ThreeDSecure != nil {
					b.fail("FLAG3D", ErrCOFCombination)
				}
			}
		}),
		family(threeDSNames, func(b *builder, o *Order) {
			if o.ThreeDSecure != nil {
				b.add3DS(o.ThreeDSecure)
			}
		}),
	},
)

// yes returns "Y" for true and "" (left out) for false.
func yes(b bool) string {
	if b {
		return "Y"
	}
	return ""
}

// fields checks o and returns its parameters, without the account's.
func (o *Order) fields() ([]FormField, error) {
	b := builder{fields: make([]FormField, 0, 24+len(o.Extra))}
	return orderTable.fields(&b, o, o.Extra)
}

// addCard appends the card data of o, or says why it cannot pay.
func (b *builder) addCard(o *Order) {
	switch {
	case o.Card != nil && !o.Card.valid():
		b.fail("CARDNO", ErrInvalidCardNumber)
	case o.Card != nil:
		b.fields = append(b.fields,
			FormField{Name: "CARDNO", Value: o.Card.data().number},
			FormField{Name: "ED", Value: o.Card.data().expiry.slashed()})
		b.add("CVC", o.Card.data().cvc)
	case o.Alias == "":
		b.fail("CARDNO", ErrMissingCardOrAlias)
	}
}

// threeDSNames are the parameters add3DS may set.
var threeDSNames = append([]string{
	"FLAG3D", "HTTP_ACCEPT", "HTTP_USER_AGENT", "WIN3DS", "ACCEPTURL", "DECLINEURL", "EXCEPTIONURL", "LANGUAGE",
	challengeParam,
}, browserNames...)

// add3DS checks t and appends FLAG3D and the 3-D Secure parameters.
func (b *builder) add3DS(t *ThreeDSecure) {
	b.add("FLAG3D", "Y")
	accept, agent := t.HTTPAccept, t.HTTPUserAgent
	if t.Browser == nil {
		b.fail("BROWSER*", ErrMissingBrowserInfo)
	} else {
		b.addBrowser(t.Browser)
		accept = cmp.Or(accept, t.Browser.AcceptHeader)
		agent = cmp.Or(agent, t.Browser.UserAgent)
	}
	b.addChallenge(t.Challenge)
	b.require3DS("HTTP_ACCEPT", accept)
	b.require3DS("HTTP_USER_AGENT", agent)
	switch t.Window {
	case "", Window3DSMain, Window3DSPopup, Window3DSPopix:
		b.add("WIN3DS", string(t.Window))
	default:
		b.fail("WIN3DS", ErrInvalidWindow)
	}
	if t.AcceptURL == "" {
		b.fail("ACCEPTURL", ErrMissing3DSField)
	}
	b.addURL("ACCEPTURL", t.AcceptURL, false)
	b.addURL("DECLINEURL", t.DeclineURL, false)
	b.addURL("EXCEPTIONURL", t.ExceptionURL, false)
	if t.Language != "" {
		b.addErr("LANGUAGE", t.Language, ValidateLanguage(t.Language))
	}
}

func (b *builder) require3DS(name, value string) {
	if value == "" {
		b.fail(name, ErrMissing3DSField)
		return
	}
	b.add(name, value)
}

// Maintenance is an operation on an existing order: renew, cancel,
// capture or refund. Capture, Refund, Cancel and Renew build one for the
// usual cases; Maintain sends any.
type Maintenance struct {
	// PayID (PAYID) names the order, as the platform prefers; or give
	// OrderID (ORDERID) instead. Exactly one is required.
	PayID   string
	OrderID string
	// Operation is OperationRenew, OperationDeleteAuth,
	// OperationDeleteAuthClose, OperationPartialCapture,
	// OperationFinalCapture, OperationPartialRefund or
	// OperationFinalRefund.
	Operation Operation
	// Amount (AMOUNT) is required for a partial capture or refund. For
	// the other operations zero leaves it out and the platform takes what
	// is left of the order.
	Amount decimal.Decimal
	// Extra carries any other parameter of the DirectLink guide, with the
	// same rules as Order.Extra.
	Extra url.Values
}

// maintenanceTable is the field table of a Maintenance.
var maintenanceTable = newTable(directForbidden, []param[Maintenance]{
	family([]string{"PAYID", "ORDERID"}, func(b *builder, m *Maintenance) { b.orderReference(m.PayID, m.OrderID) }),
	checked("OPERATION", func(m *Maintenance) string { return string(m.Operation) }, func(op string) error {
		if op == "" {
			return ErrMissingField
		}
		return oneOf(ErrInvalidOperation, string(OperationRenew), string(OperationDeleteAuth), string(OperationDeleteAuthClose),
			string(OperationPartialCapture), string(OperationFinalCapture), string(OperationPartialRefund), string(OperationFinalRefund))(op)
	}),
	// AMOUNT is required for a partial capture or refund; the others take
	// what is left of the order without it.
	{names: []string{"AMOUNT"}, value: func(m *Maintenance) (string, error) {
		partial := m.Operation == OperationPartialCapture || m.Operation == OperationPartialRefund
		switch {
		case m.Amount.IsZero() && partial:
			return "", ErrMissingField
		case m.Amount.IsZero():
			return "", nil
		}
		return formatAmount(m.Amount)
	}},
})

func (m *Maintenance) fields() ([]FormField, error) {
	b := builder{fields: make([]FormField, 0, 8+len(m.Extra))}
	return maintenanceTable.fields(&b, m, m.Extra)
}

// orderReference adds PAYID or ORDERID, exactly one.
func (b *builder) orderReference(payID, orderID string) {
	switch {
	case (payID == "") == (orderID == ""):
		b.fail("PAYID", ErrNoOrderReference)
	case payID != "":
		b.addErr("PAYID", payID, validatePayID("PAYID", payID))
	default:
		b.addErr("ORDERID", orderID, ValidateOrderID(orderID))
	}
}

func validatePayID(field, id string) error {
	if len(id) > 20 || !allDigits(id) {
		return &FieldError{Field: field, Err: ErrInvalidPayID}
	}
	return nil
}

// Query asks the platform for the status of an order (direct query): by
// PayID, optionally with PayIDSub for one maintenance operation, or by
// OrderID. Exactly one of PayID and OrderID is required.
type Query struct {
	PayID    string // PAYID
	PayIDSub string // PAYIDSUB: one operation of the order; needs PayID
	OrderID  string // ORDERID
}

// queryTable is the field table of a Query, which has no Extra.
var queryTable = newTable(nil, []param[Query]{
	family([]string{"PAYID", "ORDERID"}, func(b *builder, q *Query) { b.orderReference(q.PayID, q.OrderID) }),
	{names: []string{"PAYIDSUB"}, value: func(q *Query) (string, error) {
		switch {
		case q.PayIDSub == "":
			return "", nil
		case q.PayID == "":
			return "", ErrNoOrderReference
		}
		return q.PayIDSub, validatePayID("PAYIDSUB", q.PayIDSub)
	}},
})

func (q *Query) fields() ([]FormField, error) {
	b := builder{fields: make([]FormField, 0, 8)}
	return queryTable.fields(&b, q, nil)
}

// Portion says how much of an order a capture or refund takes, and whether
// it is the last one: partial and final must always be chosen explicitly.
// Make one with PartialAmount, FinalAmount or RemainingAmount; the zero
// Portion is refused.
type Portion struct {
	amount decimal.Decimal
	final  bool
	set    bool
}

// PartialAmount takes amount and leaves the order open for more (OPERATION
// SAL for a capture, RFD for a refund).
func PartialAmount(amount decimal.Decimal) Portion { return Portion{amount: amount, set: true} }

// FinalAmount takes amount and closes the order: no capture (or refund)
// can follow (OPERATION SAS or RFS, with AMOUNT).
func FinalAmount(amount decimal.Decimal) Portion {
	return Portion{amount: amount, final: true, set: true}
}

// RemainingAmount takes whatever the order has left, which for a first
// capture is the full authorized amount, and closes the order (OPERATION
// SAS or RFS, without AMOUNT).
func RemainingAmount() Portion { return Portion{final: true, set: true} }

// Capture requests payment of an authorized order (PAYID payID): part of
// it with PartialAmount, the last part with FinalAmount, all that is left
// with RemainingAmount. It returns the reply, usually STATUS 91 (payment
// processing) or 9 (payment requested). See Maintain for the errors.
func (c *Client) Capture(ctx context.Context, payID string, p Portion) (*Response, error) {
	return c.maintainPortion(ctx, payID, p, OperationPartialCapture, OperationFinalCapture)
}

// Refund sends money of a captured order (PAYID payID) back to the
// customer: part of it with PartialAmount, the last part with FinalAmount,
// all that is left with RemainingAmount. It returns the reply, usually
// STATUS 81 (refund pending) or 8 (refund). See Maintain for the errors.
func (c *Client) Refund(ctx context.Context, payID string, p Portion) (*Response, error) {
	return c.maintainPortion(ctx, payID, p, OperationPartialRefund, OperationFinalRefund)
}

func (c *Client) maintainPortion(ctx context.Context, payID string, p Portion, partial, final Operation) (*Response, error) {
	if !p.set {
		return c.refuse(ctx, call{op: "maintenance", payID: payID}, &FieldError{Field: "OPERATION", Err: ErrPortionUnset})
	}
	m := Maintenance{PayID: payID, Operation: partial, Amount: p.amount}
	if p.final {
		m.Operation = final
	}
	return c.Maintain(ctx, m)
}

// Cancel deletes the authorization of an order that was not captured and
// closes it (OPERATION DES), releasing the money reserved on the card. Use
// Maintain with OperationDeleteAuth to keep the order open.
func (c *Client) Cancel(ctx context.Context, payID string) (*Response, error) {
	return c.Maintain(ctx, Maintenance{PayID: payID, Operation: OperationDeleteAuthClose})
}

// Renew asks for a new authorization of an authorized order whose
// authorization is about to lapse (OPERATION REN).
func (c *Client) Renew(ctx context.Context, payID string) (*Response, error) {
	return c.Maintain(ctx, Maintenance{PayID: payID, Operation: OperationRenew})
}

// Authorize sends o as an authorization (OPERATION RES): money is reserved
// and captured later with Capture. o.Operation must be empty or
// OperationAuthorize. See Order for the errors.
func (c *Client) Authorize(ctx context.Context, o Order) (*Response, error) {
	return c.orderWith(ctx, o, OperationAuthorize)
}

// Sale sends o as a sale (OPERATION SAL): authorized and captured at once.
// o.Operation must be empty or OperationSale. See Order for the errors.
func (c *Client) Sale(ctx context.Context, o Order) (*Response, error) {
	return c.orderWith(ctx, o, OperationSale)
}

func (c *Client) orderWith(ctx context.Context, o Order, op Operation) (*Response, error) {
	if o.Operation != "" && o.Operation != op {
		return c.refuse(ctx, call{op: "order", orderID: o.OrderID}, &FieldError{Field: "OPERATION", Err: ErrInvalidOperation})
	}
	o.Operation = op
	return c.Order(ctx, o)
}

// Order sends a new DirectLink order (orderdirect_utf8.asp): an
// authorization (RES), a sale (SAL) or a standalone refund (RFD), as
// o.Operation says. Authorize and Sale set it for you.
//
// Nothing is sent unless the Config has what DirectLink needs
// (Config.ValidateDirectLink) and every field is valid; the error then
// reports every invalid field at once, as *FieldError values naming the
// parameters, never their values.
//
// The results, by what happened:
//
//   - The platform accepted the request: the Response and a nil error.
//     That is not yet a payment: read Response.State. STATUS 5 is
//     authorized, 9 captured, 46 waits for the customer's 3-D Secure
//     authentication (Response.ActionRequired, show Response.HTML), and 52
//     or 92 are uncertain (Status.Uncertain): the acquirer did not answer
//     clearly, and the platform settles the order later. Never send an
//     uncertain order again; ask Reconcile later.
//   - The platform refused it (a STATUS whose State is StateDeclined or
//     StateError, such as 0, 2 or 93, or an NCERROR): the Response, for
//     inspection, and an *Error with the codes. A duplicate
//     ORDERID matches ErrDuplicateOrder and carries the existing PAYID.
//   - No readable answer about the order (timeout, cancelled ctx,
//     connection lost, HTTP error, a redirect, which is never followed
//     (ErrRedirect), HTML page, broken XML, a reply about another ORDERID
//     (ErrReplyMismatch)): no Response and an error matching
//     ErrOutcomeUnknown, which also unwraps to the cause. The order may
//     have gone through: call Reconcile with the ORDERID before anything
//     else. The library never sends an order twice by itself.
func (c *Client) Order(ctx context.Context, o Order) (*Response, error) {
	if o.Timeout > 0 && c != nil && c.http != nil && ctx != nil {
		deadline, ok := ctx.Deadline()
		if (c.http.Timeout > 0 && o.Timeout >= c.http.Timeout) || (ok && time.Until(deadline) <= o.Timeout) {
			return c.refuse(ctx, call{op: "order", orderID: o.OrderID}, &FieldError{Field: "RTIMEOUT", Err: ErrTimeoutTooLong})
		}
	}
	return c.call(ctx, call{op: "order", purpose: EndpointOrder, changes: true, orderID: o.OrderID}, o.fields)
}

// Maintain sends a maintenance request (maintenancedirect.asp) on an
// existing order: renew (REN), delete the authorization (DEL, or DES to
// close the order), capture (SAL partial, SAS last or full) or refund (RFD
// partial, RFS last or full). Capture, Refund, Cancel and Renew read
// better for the usual cases.
//
// The results follow Order's: a Response and a nil error when the
// platform accepted the request (read Response.State: a capture usually
// answers 91 and settles to 9 later; 62, 72, 82 and 92 are uncertain, so
// query later and never resend); the Response and an *Error when it
// refused (a STATUS such as 0, 63, 73, 83 or 93, or an NCERROR; NCERROR
// 50001127, ErrDuplicateMaintenance, usually means the operation was
// already done); and an error matching ErrOutcomeUnknown,
// without a Response, when no readable answer came back.
func (c *Client) Maintain(ctx context.Context, m Maintenance) (*Response, error) {
	return c.call(ctx, call{op: "maintenance", purpose: EndpointMaintenance, changes: true, orderID: m.OrderID, payID: m.PayID}, m.fields)
}

// Query asks the platform for an order's status (querydirect_utf8.asp),
// or for one maintenance operation's with PayIDSub. It changes nothing and
// may be repeated freely.
//
// The Response describes the order, whatever its status: a declined order
// is a successful query. The error is an *Error only when the query itself
// failed (STATUS 88, or an NCERROR without an order, such as a wrong API
// password); ErrUnknownOrder matches when the platform has no such order.
// Transport and reply errors are returned as they are, without
// ErrOutcomeUnknown: nothing was at stake.
func (c *Client) Query(ctx context.Context, q Query) (*Response, error) {
	return c.call(ctx, call{op: "query", purpose: EndpointQuery, orderID: q.OrderID, payID: q.PayID}, q.fields)
}
