// Package alias saves a customer's card on the Ogone platform and charges
// it later without the shop ever seeing the card number again.
//
// The platform stores the card under an alias (a token) when the customer
// types it into one of its tokenization pages:
//
//   - FlexCheckout, the hosted tokenization page (/Tokenization/HostedPage),
//     which the shop opens by redirect or in an iframe:
//     Client.FlexCheckoutURL signs its query string.
//   - Alias Gateway (alias_gateway_utf8.asp), the legacy page that receives
//     the card from a form: Client.AliasGatewayForm signs that form and
//     returns it as an ogone.Form, which renders itself as an
//     auto-submitting page.
//
// Both send the customer back to the shop's ACCEPTURL or EXCEPTIONURL with
// a signed result. Client.Verify checks its SHA-OUT signature (in constant
// time, through package shasign), reads it into an *Alias (brand, masked
// card number, expiry, BIN, whether it is stored permanently; every field
// from a signed parameter, the rest in Alias.Unsigned), and turns a
// refused card or a cancelled page into an *Error (errors.Is ErrRefused or
// ErrCancelled). Charge then makes the DirectLink order that charges the
// stored card, with the credential-on-file data the card schemes require:
// ECI 9 and MIT / SUBSEQ / SCHED for a charge the merchant starts (a
// subscription, Recurring), MIT / SUBSEQ / UNSCHED with
// MerchantUnscheduled, ECI 7 and CIT / SUBSEQ / UNSCHED with
// CustomerPresent when the customer is at the checkout (with 3-D Secure
// and the customer's browser data), and CIT / FIRST with FirstPayment for
// the payment right after the card was stored.
//
// NewID makes alias ids from crypto/rand: an alias is the key to a stored
// card and must not be guessable.
//
// Nothing in the package holds a full card number or a CVC; printing,
// logging or marshalling an Alias shows masked data only.
//
// The typical flow, with the handlers' plumbing left out:
//
//	aliases, err := alias.NewClient(cfg) // PSPID, SHAIn and SHAOut (and PreviousSHAOut while it changes)
//	if err != nil { ... }
//	id, err := alias.NewID("cust42-")
//	if err != nil { ... }
//	page, err := aliases.FlexCheckoutURL(alias.FlexCheckoutPage{
//		AliasID:      id,
//		OrderID:      "reg-1001",
//		Storage:      alias.StoragePermanent, // the customer ticked "save my card"
//		AcceptURL:    "https://shop.example/card/saved",
//		ExceptionURL: "https://shop.example/card/failed",
//	})
//	if err != nil { ... }
//	http.Redirect(w, r, page, http.StatusSeeOther)
//
//	// In the handler of /card/saved and /card/failed:
//	a, err := aliases.Verify(r.URL.Query())
//	switch {
//	case errors.Is(err, alias.ErrCancelled): // back to the checkout
//	case errors.Is(err, alias.ErrRefused): // ask for the card again
//	case err != nil: // forged or broken: ignore the request
//	case a.OrderID != session.PendingRegistration: // a replayed result
//	default: // store a.ID with the customer; show a.Brand and a.CardNumber
//	}
//
//	// FlexCheckout only stores the card. The first payment with it, the
//	// customer still at the checkout, says so (CIT / FIRST) and goes
//	// through 3-D Secure with the customer's browser data:
//	first := alias.Charge(a, amount, "EUR", "sub-1001-01", alias.FirstPayment(ogone.COFScheduled))
//	first.ThreeDSecure = &ogone.ThreeDSecure{AcceptURL: returnURL, Browser: &browser,
//		Challenge: ogone.ChallengeMandated}
//	reply, err := client.Sale(ctx, first)
//
//	// Next month, without the customer (MIT / SUBSEQ / SCHED):
//	reply, err = client.Sale(ctx, alias.Charge(a, amount, "EUR", "sub-1001-02"))
package alias
