package ogone_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReconcileQueriesByOrderID(t *testing.T) {
	s := newStub(t, replay(t, "query.xml"))
	r, err := dlClient(t, s).Reconcile(context.Background(), "order-1001")
	require.NoError(t, err)
	assert.Equal(t, ogone.StateCaptured, r.State())
	assert.Equal(t, "3041658221", r.PayID)
	got := s.last(t)
	assertSignedRequest(t, got, "/ncol/test/querydirect_utf8.asp")
	assert.Equal(t, credentials(map[string]string{"ORDERID": "order-1001"}), formOf(got.Form))
}

func TestReconcileUnknownOrder(t *testing.T) {
	s := newStub(t, replay(t, "query_unknown.xml"))
	r, err := dlClient(t, s).Reconcile(context.Background(), "order-9999")
	require.ErrorIs(t, err, ogone.ErrUnknownOrder)
	require.NotNil(t, r)
	assert.Equal(t, ogone.StatusQueryFailed, r.Status)
}

func TestReconcileRefusesAReplyAboutAnotherOrder(t *testing.T) {
	s := newStub(t, answer(string(recorded(t, "query.xml")))) // about order-1001
	r, err := dlClient(t, s).Reconcile(context.Background(), "order-1002")
	assert.Nil(t, r)
	require.ErrorIs(t, err, ogone.ErrReplyMismatch)
	require.ErrorIs(t, err, ogone.ErrMalformedReply)
	assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown), "a query changes nothing")
	var m *ogone.ReplyMismatchError
	require.ErrorAs(t, err, &m)
	assert.Equal(t, ogone.ReplyMismatchError{Op: "query", URL: s.URL + "/ncol/test/querydirect_utf8.asp",
		Field: "ORDERID", Sent: "order-1002", Got: "order-1001"}, *m)
	assert.Contains(t, err.Error(), `"order-1001"`)
}

// TestReconcileEmptyStatus: the platform's answer about an order it does
// not know, with an empty STATUS (a recorded ePDQ reply), reaches the
// caller as ErrUnknownOrder with the reply.
func TestReconcileEmptyStatus(t *testing.T) {
	s := newStub(t, answer(`<?xml version="1.0"?><ncresponse orderID="never-sent" PAYID="" NCSTATUS="5" NCERROR="50001130" NCERRORPLUS="unknown orderid never-sent for merchant MyShop" STATUS=""/>`))
	r, err := dlClient(t, s).Reconcile(context.Background(), "never-sent")
	require.ErrorIs(t, err, ogone.ErrUnknownOrder)
	assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown))
	var e *ogone.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, ogone.StatusNone, e.Status)
	assert.Equal(t, ogone.NCError("50001130"), e.NCError)
	assert.Contains(t, e.Error(), "STATUS empty")
	require.NotNil(t, r)
	assert.Equal(t, ogone.StatusNone, r.Status)
	assert.Equal(t, ogone.StateUnknown, r.State())
	assert.False(t, r.Status.Known())
}

func TestReconcileAfterAnUncertainStatus(t *testing.T) {
	s := newStub(t, replay(t, "order_uncertain.xml"))
	o := testOrder(t)
	o.OrderID = "order-1004"
	r, err := dlClient(t, s).Authorize(context.Background(), o)
	require.NoError(t, err)
	require.True(t, r.Status.Uncertain())

	// Later, the platform knows.
	s = newStub(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(`<ncresponse orderID="order-1004" PAYID="3041658224" PAYIDSUB="0" NCERROR="0" STATUS="5" amount="15.5" currency="EUR"/>`))
	})
	r, err = dlClient(t, s).Reconcile(context.Background(), "order-1004")
	require.NoError(t, err)
	assert.Equal(t, ogone.StateAuthorized, r.State())
	assert.Equal(t, "3041658224", r.PayID)
}

// TestReconcileAfterATimeout plays the platform's advice against the
// simulator: an order whose answer never comes is queried, not resent.
func TestReconcileAfterATimeout(t *testing.T) {
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: dlPSPID, UserID: dlUserID, Password: ogone.NewSecret(dlPassword), SHAIn: ogone.NewSecret(dlSHAIn), SHAOut: ogone.NewSecret(dlSHAOut),
	}, ogonetest.WithTimeoutDelay(time.Minute))
	defer srv.Close()
	c, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)

	card, err := ogone.NewCard(ogonetest.CardTimeout, "12/99", "123")
	require.NoError(t, err)
	o := ogone.Order{OrderID: "slow-1", Amount: decimal.RequireFromString("20"), Currency: "EUR", Card: card}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = c.Sale(ctx, o)
	require.ErrorIs(t, err, ogone.ErrOutcomeUnknown)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var u *ogone.OutcomeUnknownError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, "slow-1", u.OrderID)

	r, err := c.Reconcile(context.Background(), u.OrderID)
	require.NoError(t, err)
	assert.Equal(t, ogone.StateCaptured, r.State(), "the sale went through although its answer never came")

	// Sending it again would have been refused, not charged twice.
	_, err = c.Sale(context.Background(), o)
	require.ErrorIs(t, err, ogone.ErrDuplicateOrder)

	// An order that never arrived is unknown: safe to send.
	_, err = c.Reconcile(context.Background(), "never-sent")
	require.ErrorIs(t, err, ogone.ErrUnknownOrder)
	assert.False(t, errors.Is(err, ogone.ErrOutcomeUnknown))
}
