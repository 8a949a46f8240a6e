// Package ogone talks to the Ogone payment platform (Ingenico ePayments,
// and the same platform sold as Barclaycard ePDQ, PostFinance, KBC,
// Concardis PayEngine and Viveum) for a merchant's shop.
//
// A Config holds the merchant's account: the PSPID, the API user (UserID,
// Password) for DirectLink, the SHA-IN and SHA-OUT passphrases, the hash
// algorithm, the platform and the environment (Test unless set to
// Production). Passwords and passphrases are of type Secret, which shows
// "[REDACTED]" when printed, logged or marshalled (JSON, XML, gob), and a
// Client describes itself without them; a Secret held in an unexported
// field prints as an address. Config.Validate reports every
// problem at once; NewClient refuses a configuration that fails it. All
// URLs come from Endpoint, which BaseURL can point at a simulator such as
// the one in ogone/ogonetest.
//
// Client.HostedPaymentPage checks a PaymentPage and signs it with SHA-IN,
// returning a Form that the customer's browser posts to the platform's
// hosted payment page (e-Commerce); it needs only the PSPID and the SHA-IN
// passphrase. The DirectLink methods call the platform server to server
// with the API user: Order (or its shorthands Authorize and Sale), Capture,
// Refund, Cancel, Renew, Maintain and Query, each returning a Response.
// Each takes a context.Context first and never sends a payment twice by
// itself: when the answer is lost the error is ErrOutcomeUnknown, and
// Reconcile (the direct query by ORDERID) tells what happened. A reply in
// an uncertain status (52, 62, 72, 82, 92) comes with a nil error, since
// the platform did answer: check Response.Status.Uncertain and reconcile
// later rather than sending the operation again. A refusal is an *Error
// carrying STATUS and NCERROR.
//
// The card model is shared by the whole module: NewCard checks a card for
// a DirectLink order (Luhn, expiry, CVC); Expiry is a card's expiry month,
// read from MMYY, MM/YY or MM/YYYY by ParseExpiry, over once it has ended
// everywhere on Earth (Expiry.Expired), and redacted when printed;
// MaskedNumber holds a card number with all but its last four characters
// replaced by X. Package feedback and package alias use these types.
//
// A DirectLink request goes to the configured endpoint and nowhere else:
// no call follows a redirect, with the default HTTP client or one given
// by WithHTTPClient. A 3xx answer is an *HTTPStatusError matching
// ErrRedirect (and ErrOutcomeUnknown for an order or a maintenance
// request), and its Location is never visited. A reply about another
// order than the one sent (its ORDERID, or for maintenance and queries its
// PAYID, differs) is a *ReplyMismatchError, never a Response. Card numbers
// in a reply are masked and verification codes, expiry dates and
// passwords dropped (see Response).
//
// WithLogger gives the Client a *slog.Logger that gets one record per
// DirectLink call, with the message "ogone DirectLink call" and the
// attributes operation ("order", "maintenance" or "query"), ORDERID,
// PAYID, STATUS and NCERROR (when a reply came), duration, outcome, and
// error (its message, for outcomes other than ok and refused). The
// outcome is "ok" (logged at Info), "refused" (the platform's *Error,
// Warn), "outcome-unknown" (ErrOutcomeUnknown, Error) or "error" (any
// other failure: an invalid request, which sent nothing, or a query that
// got no readable answer; Error). A record never holds the request's
// parameters, the reply's text, a secret or card data; invalid references
// are left out.
//
// Tracing needs no support from the library: give WithHTTPClient a client
// whose Transport records spans, such as OpenTelemetry's otelhttp:
//
//	hc := &http.Client{
//		Transport: otelhttp.NewTransport(http.DefaultTransport),
//		Timeout:   ogone.DefaultTimeout,
//	}
//	client, err := ogone.NewClient(cfg, ogone.WithHTTPClient(hc))
//
// The requests carry their context (pass the one holding the parent span)
// and their parameters, the API password and card data included, in the
// POST body only, never in the URL or the headers; a transport that
// records bodies would record them too.
//
// PSD2 shapes card payments in Europe. A DirectLink order with
// ThreeDSecure needs the customer's browser data for 3-D Secure v2
// (ThreeDSecure.Browser, a BrowserInfo): BrowserInfoScript, a small file
// to serve with BrowserInfoScriptHandler, fills the hidden fields of
// BrowserInfoFields in the checkout form, and BrowserInfoFromRequest reads
// them back with the request's headers. An order without it is refused
// before it is sent (ErrMissingBrowserInfo). ChallengeIndicator states the
// shop's challenge preference, Address the billing and shipping address
// that help a frictionless authentication, and CredentialOnFile who starts
// a payment with a stored card and why (COFCustomer or COFMerchant, first
// or subsequent, scheduled or not); combinations the card schemes forbid
// are refused (ErrCOFCombination). Package alias fills CredentialOnFile
// for charges of stored cards, and a hosted page that stores a card sends
// CIT / FIRST by itself.
//
// The platform reports an order's STATUS as a number and problems as
// NCERROR codes: Status and NCError give their meaning, and Status.State
// folds the many codes into a few states a shop acts on (authorised is not
// yet captured, uncertain is not refused). Reports about a payment arrive
// repeated and out of order: State.Supersedes tells whether one is news
// after another, so that a shop applies each change once and never goes
// back.
//
// Money is a decimal.Decimal. Requests carry amounts in hundredths
// (MinorUnits: 15.50 is sent as 1550); replies and feedback carry them as
// written (ParseAmount). An amount with more than two decimals is an
// error, never rounded. Invalid fields are reported as *FieldError values
// that name the parameter, never its value.
//
// A typical payment through the hosted page:
//
//	client, err := ogone.NewClient(ogone.Config{
//		PSPID:     "MyShop",
//		SHAIn:     ogone.NewSecret(shaIn), // from the shop's secret store
//		Algorithm: shasign.SHA512,
//		Env:       ogone.Test,
//	})
//	if err != nil {
//		return err
//	}
//	form, err := client.HostedPaymentPage(ogone.PaymentPage{
//		OrderID:   "order-1234",
//		Amount:    decimal.RequireFromString("15.50"),
//		Currency:  "EUR",
//		Language:  "en_US",
//		AcceptURL: "https://shop.example/payment/accepted",
//	})
//	if err != nil {
//		return err // a *FieldError per invalid field, joined
//	}
//	form.ServeHTTP(w, r) // a page that posts the form to the platform
package ogone
