package ogone

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"
)

// Outcomes of a DirectLink call, as WithLogger's records give them.
const (
	outcomeOK      = "ok"              // the platform accepted the request
	outcomeRefused = "refused"         // the platform refused it: an *Error
	outcomeUnknown = "outcome-unknown" // ErrOutcomeUnknown: query before anything else
	outcomeError   = "error"           // anything else: invalid request, transport or reply error of a query
)

// callLogMessage is the message of every record.
const callLogMessage = "ogone DirectLink call"

// logCall writes the one record of a call. It holds references, codes
// and timing only: the request's parameters and the reply's free text
// never reach it, and the error's message is one that holds no secret
// and no card data (every error type of the package promises as much).
func (c *Client) logCall(ctx context.Context, k call, r *Response, err error, d time.Duration) {
	outcome, level := callOutcome(err)
	if ctx == nil {
		ctx = context.Background()
	}
	if !c.logger.Enabled(ctx, level) {
		return
	}
	orderID, payID := k.orderID, k.payID
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("operation", k.op))
	if r != nil {
		// r answers the request (call.answers), so its references are the
		// request's, completed.
		if r.OrderID != "" {
			orderID = r.OrderID
		}
		if r.PayID != "" {
			payID = r.PayID
		}
	}
	// An invalid reference (refused before sending, or a reply's odd
	// value) is left out, as FieldError leaves values out of messages.
	if ValidateOrderID(orderID) != nil {
		orderID = ""
	}
	if validatePayID("PAYID", payID) != nil {
		payID = ""
	}
	attrs = append(attrs, slog.String("ORDERID", orderID), slog.String("PAYID", payID))
	if r != nil {
		status := ""
		if r.Status != StatusNone {
			status = strconv.Itoa(int(r.Status))
		}
		ncError := string(r.NCError)
		if !r.NCError.wellFormed() {
			ncError = ""
		}
		attrs = append(attrs, slog.String("STATUS", status), slog.String("NCERROR", ncError))
	}
	attrs = append(attrs, slog.Duration("duration", d), slog.String("outcome", outcome))
	if err != nil && outcome != outcomeRefused {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, level, callLogMessage, attrs...)
}

// callOutcome names what became of a call and the level it is logged at:
// Info when the platform accepted the request, Warn when it refused it,
// Error when the outcome is unknown or the call failed otherwise.
func callOutcome(err error) (string, slog.Level) {
	var refusal *Error
	switch {
	case err == nil:
		return outcomeOK, slog.LevelInfo
	case errors.As(err, &refusal):
		return outcomeRefused, slog.LevelWarn
	case errors.Is(err, ErrOutcomeUnknown):
		return outcomeUnknown, slog.LevelError
	}
	return outcomeError, slog.LevelError
}
