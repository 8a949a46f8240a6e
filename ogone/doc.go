// Package ogone talks to the Ogone payment platform (Ingenico ePayments,
// and the same platform sold as Barclaycard ePDQ, PostFinance, KBC,
// Concardis PayEngine and Viveum) for a merchant's shop.
//
// A Config holds the merchant's account: the PSPID, the API user (UserID,
// Password) for DirectLink, the SHA-IN and SHA-OUT passphrases, the hash
// algorithm, the platform and the environment (Test unless set to
// Production). Passwords and passphrases are of type Secret, which shows
// "[REDACTED]" when printed, logged or marshalled (JSON, XML, gob), and a
// Client describes itself without them. Config.Validate reports every
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
