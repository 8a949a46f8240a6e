// Package feedback verifies and reads the transaction feedback of the Ogone
// payment platform: the parameters it sends to the shop's return URL when a
// payment on the hosted page ends, on the customer's browser redirect and
// in its server-to-server request.
//
// A Verifier checks the SHA-OUT signature first, in constant time (package
// shasign), and only then reads the signed parameters into a Feedback with
// typed fields: Status and NCError from package ogone, Amount as a
// decimal.Decimal as sent (not multiplied), TrxDate as a time.Time, the card
// number as a mask only, the expiry as a value that never prints. Parameters
// the signature does not cover are kept apart in Feedback.Unsigned. Every
// problem is an error for errors.Is and errors.As (a *ParamError names the
// parameter, never its value, and is also an *ogone.FieldError) and the
// Feedback is then nil. Names are matched as the signer matches them (ASCII
// letters in any case, nothing else folded), so a look-alike such as
// "STATUſ" is an unsigned parameter, never STATUS.
//
// A Verifier may also hold the account's previous SHA-OUT key
// (WithPreviousKey, ogone.Config.PreviousSHAOut), tried only when the
// current one does not match, so that no feedback is refused while the
// platform changes keys; Feedback.PreviousKey says which one matched.
//
// The typical return URL, serving browsers and the platform alike:
//
//	v, err := feedback.NewVerifierFromConfig(cfg) // cfg.SHAOut, and cfg.PreviousSHAOut while it changes
//	if err != nil {
//		return err
//	}
//	mux.Handle("/payment/ogone/return", feedback.Handler(v,
//		func(ctx context.Context, f *feedback.Feedback) error {
//			order, err := store.Order(ctx, f.OrderID)
//			if err != nil {
//				return err // 500: the platform tries again later
//			}
//			if err := f.Matches(order.ID, order.Total, order.Currency); err != nil {
//				return store.Flag(ctx, order.ID, err) // for a person; 200
//			}
//			return store.Advance(ctx, order.ID, f.PayID, f.Status) // idempotent
//		},
//		feedback.WithRedirect(showOrderPage),
//	))
//
// Or, in a handler of one's own:
//
//	f, err := v.VerifyRequest(r)
//	if errors.Is(err, feedback.ErrBadSignature) { ... }
//
// The same feedback arrives more than once and in any order (browser and
// server, online and deferred): whatever the shop does with it must be
// idempotent. See Handler.
//
// Feedback of the Alias Gateway and FlexCheckout has a STATUS of its own
// and is not a transaction feedback; read it with package alias.
package feedback
