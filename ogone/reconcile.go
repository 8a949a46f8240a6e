package ogone

import (
	"context"
	"strconv"
)

// Reconcile asks the platform what became of the order orderID, by direct
// query, as the platform advises after a timeout: call it when Order,
// Authorize, Sale or Maintain returned an error matching ErrOutcomeUnknown,
// or a Response whose Status is uncertain (52, 62, 72, 82, 92), instead of
// sending the request again.
//
// It returns the order's current Response, whatever its status: read
// Response.State (an order still uncertain is to be queried again later).
// When the platform has no order under orderID, the error matches
// ErrUnknownOrder: the order never arrived, and may be sent again with the
// same ORDERID (a copy that did arrive in the meantime would be refused as
// a duplicate, ErrDuplicateOrder, rather than charged twice). Other errors
// are Query's.
//
// A reply about another order than the one asked for is refused with
// ErrMalformedReply rather than trusted.
func (c *Client) Reconcile(ctx context.Context, orderID string) (*Response, error) {
	r, err := c.Query(ctx, Query{OrderID: orderID})
	if err != nil {
		return r, err
	}
	if r.OrderID != "" && r.OrderID != orderID {
		return nil, &replyCallError{op: "query", url: c.queryURL(), err: malformed(-1, "reply is about ORDERID "+strconv.Quote(truncate(r.OrderID, MaxOrderIDLength))+", not the one asked for")}
	}
	return r, nil
}

func (c *Client) queryURL() string {
	u, err := c.cfg.Endpoint(EndpointQuery)
	if err != nil {
		return ""
	}
	return redactURL(u)
}
