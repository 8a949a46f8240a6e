package ogonetest_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHoldAndDeliverFeedback(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	srv.HoldFeedback()
	l, err := srv.Pay(ctx, hostedForm(t, srv, sh, "hold-1", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	assert.Equal(t, "/accept", l.URL.Path, "the browser comes back at once")
	assert.Empty(t, sh.feedbacks(), "held")
	tx, _ := srv.Transaction("hold-1")
	assert.Empty(t, tx.Feedback, "no attempt yet")

	pending := srv.PendingFeedback()
	require.Len(t, pending, 1)
	f := pending[0]
	assert.True(t, f.Pending())
	assert.Equal(t, "hold-1", f.OrderID)
	assert.Equal(t, "3000000001", f.PAYID)
	assert.Equal(t, ogone.StatusPaymentRequested, f.Status)
	assert.Equal(t, sh.URL+"/accept", f.URL)
	verifiedOut(t, f.Params)
	assert.Equal(t, l.Feedback.Get("SHASIGN"), f.Params.Get("SHASIGN"))

	a, err := f.Deliver(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, a.Attempt)
	assert.Equal(t, http.StatusOK, a.HTTPStatus)
	assert.False(t, f.Pending())
	assert.Empty(t, srv.PendingFeedback())
	a, err = f.Deliver(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, a.Attempt, "a repeat")

	got := sh.feedbacks()
	require.Len(t, got, 2)
	assert.Equal(t, got[0], got[1], "the same feedback twice")
	verifiedOut(t, got[1])
	tx, _ = srv.Transaction("hold-1")
	require.Len(t, tx.Feedback, 2)
	assert.False(t, tx.Feedback[1].Deferred)
}

func TestFeedbackReorderedAndDropped(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	srv.HoldFeedback()
	for _, id := range []string{"r-1", "r-2", "r-3"} {
		_, err := srv.Pay(ctx, hostedForm(t, srv, sh, id, nil), ogonetest.PayWith{})
		require.NoError(t, err)
	}
	p := srv.PendingFeedback()
	require.Len(t, p, 3)
	assert.Equal(t, []string{"r-1", "r-2", "r-3"}, []string{p[0].OrderID, p[1].OrderID, p[2].OrderID}, "oldest first")

	_, err := p[2].Deliver(ctx)
	require.NoError(t, err)
	p[1].Drop()
	p[1].Drop() // a second drop changes nothing
	_, err = p[0].Deliver(ctx)
	require.NoError(t, err)

	got := sh.feedbacks()
	require.Len(t, got, 2)
	assert.Equal(t, "r-3", got[0].Get("orderID"))
	assert.Equal(t, "r-1", got[1].Get("orderID"))
	tx, _ := srv.Transaction("r-2")
	require.Len(t, tx.Feedback, 1)
	assert.True(t, tx.Feedback[0].Dropped)

	p[0].Drop()
	tx, _ = srv.Transaction("r-1")
	assert.Len(t, tx.Feedback, 1, "dropping a delivered feedback does nothing")
	assert.Empty(t, srv.PendingFeedback())
}

func TestResumeFeedback(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	srv.HoldFeedback()
	_, err := srv.Pay(ctx, hostedForm(t, srv, sh, "res-1", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	srv.ResumeFeedback()
	_, err = srv.Pay(ctx, hostedForm(t, srv, sh, "res-2", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	got := sh.feedbacks()
	require.Len(t, got, 1, "sent at once again")
	assert.Equal(t, "res-2", got[0].Get("orderID"))
	require.Len(t, srv.PendingFeedback(), 1, "the held one stays held")
	assert.Equal(t, "res-1", srv.PendingFeedback()[0].OrderID)
}

func TestFeedbackForRepeatsASentFeedback(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	_, err := srv.Pay(ctx, hostedForm(t, srv, sh, "rep-1", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	fs := srv.FeedbackFor("rep-1")
	require.Len(t, fs, 1)
	assert.False(t, fs[0].Pending())
	a, err := fs[0].Deliver(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, a.Attempt, "the online attempt was the first")
	assert.Len(t, sh.feedbacks(), 2)
	assert.Empty(t, srv.FeedbackFor("nobody"))
}

func TestDeliverFailures(t *testing.T) {
	srv := newServer(t)
	ctx := context.Background()
	srv.HoldFeedback()

	refusing := newShop(t, http.StatusInternalServerError)
	_, err := srv.Pay(ctx, hostedForm(t, srv, refusing, "fail-1", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	a, err := srv.PendingFeedback()[0].Deliver(ctx)
	require.NoError(t, err, "the shop's answer is in the attempt")
	assert.Equal(t, http.StatusInternalServerError, a.HTTPStatus)
	assert.False(t, a.OK())

	gone := newShop(t)
	_, err = srv.Pay(ctx, hostedForm(t, srv, gone, "fail-2", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	gone.Close()
	f := srv.FeedbackFor("fail-2")[0]
	a, err = f.Deliver(ctx)
	var fe *ogonetest.FeedbackError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, f.URL, fe.URL)
	assert.NotEmpty(t, a.Err)
	assert.Contains(t, err.Error(), "ogonetest: feedback to ")

	live := newShop(t)
	_, err = srv.Pay(ctx, hostedForm(t, srv, live, "fail-3", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = srv.FeedbackFor("fail-3")[0].Deliver(cancelled)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, live.feedbacks(), "nothing sent after ctx ended")
}

func TestHeldFeedbackDoesNotUseFaults(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	srv.InjectFault(ogonetest.Fault{Kind: ogonetest.FaultDropFeedback, Endpoint: ogone.EndpointHostedPage, Times: 1})
	srv.HoldFeedback()
	_, err := srv.Pay(ctx, hostedForm(t, srv, sh, "hf-1", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	srv.ResumeFeedback()
	_, err = srv.Pay(ctx, hostedForm(t, srv, sh, "hf-2", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	tx, _ := srv.Transaction("hf-2")
	require.Len(t, tx.Feedback, 1)
	assert.True(t, tx.Feedback[0].Dropped, "the fault waited for a feedback that is sent")
}

func TestFeedbackControlConcurrently(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	srv.HoldFeedback()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = srv.Pay(ctx, hostedForm(t, srv, sh, "cc-"+string(rune('a'+i)), nil), ogonetest.PayWith{})
			for _, f := range srv.PendingFeedback() {
				_, _ = f.Deliver(ctx)
				f.Drop()
				_ = f.Pending()
			}
		}()
	}
	wg.Wait()
	for _, f := range srv.PendingFeedback() {
		_, _ = f.Deliver(ctx)
	}
	assert.Empty(t, srv.PendingFeedback())
	assert.GreaterOrEqual(t, len(sh.feedbacks()), 8, "every order's feedback delivered at least once")
}
