package ogone

import "context"

// Reconcile asks the platform what became of the order orderID, by direct
// query, as the platform advises after a timeout: call it when Order,
// Authorize, Sale or Maintain returned an error matching ErrOutcomeUnknown,
// or a Response whose Status is uncertain (52, 62, 72, 82, 92), instead of
// sending the request again.
//
// It returns the order's current Response, whatever its status: read
// Response.State (an order still uncertain is to be queried again later).
//
// When the platform has no order under orderID, the error is an *Error
// matching ErrUnknownOrder (NCERROR 50001130), returned with the reply,
// whose Status is StatusNone (the platform's empty STATUS) or
// StatusQueryFailed (88). It means the order has not arrived. Either it
// never will (the connection failed before it got there), or it is still
// on its way: the platform records an order while it waits for the
// acquirer, so ask again after the order's RTIMEOUT has passed before
// concluding. Sending the order again with the same ORDERID is then safe:
// a copy that did arrive in the meantime makes the platform refuse the new
// one as a duplicate (ErrDuplicateOrder, with the existing PAYID) rather
// than charge twice. Sending it under a new ORDERID is not.
//
// A reply about another order than orderID is refused with a
// *ReplyMismatchError (ErrReplyMismatch), like every DirectLink call's.
// Other errors are Query's.
func (c *Client) Reconcile(ctx context.Context, orderID string) (*Response, error) {
	return c.Query(ctx, Query{OrderID: orderID})
}
