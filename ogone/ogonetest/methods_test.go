package ogonetest_test

import (
	"context"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bankTransfer(p *ogone.PaymentPage) {
	p.PaymentMethod, p.Brand = ogone.MethodBankTransfer.PM, ogone.MethodBankTransfer.Brand
}

func TestSettleBankTransfer(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	l, err := srv.Pay(ctx, hostedForm(t, srv, sh, "wire-1", bankTransfer), ogonetest.PayWith{})
	require.NoError(t, err)
	require.Equal(t, ogone.StatusWaitingClientPayment, l.Status)
	assert.Equal(t, "/accept", l.URL.Path)
	assert.Equal(t, "", l.Feedback.Get("CARDNO"), "no card")

	r, err := client(t, srv).Query(ctx, ogone.Query{OrderID: "wire-1"})
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusWaitingClientPayment, r.Status)
	_, err = client(t, srv).Capture(ctx, r.PayID, ogone.RemainingAmount())
	assert.Error(t, err, "nothing to capture before the money arrives")

	require.NoError(t, srv.SettleBankTransfer(ctx, "wire-1"))
	got := sh.feedbacks()
	require.Len(t, got, 2, "the first feedback and the later one")
	assert.Equal(t, "41", got[0].Get("STATUS"))
	assert.Equal(t, "9", got[1].Get("STATUS"))
	assert.Equal(t, "Bank transfer", got[1].Get("PM"))
	verifiedOut(t, got[1])
	assert.Equal(t, []string{"/accept", "/accept"}, sh.paths)

	tx, _ := srv.Transaction("wire-1")
	assert.Equal(t, ogone.StatusPaymentRequested, tx.Status)
	assert.True(t, tx.Captured.Equal(decimal.RequireFromString("15.5")))
	assert.Equal(t, ogone.StatusWaitingClientPayment, tx.History[0].Reply)
	r, err = client(t, srv).Query(ctx, ogone.Query{OrderID: "wire-1"})
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentRequested, r.Status)

	assert.ErrorIs(t, srv.SettleBankTransfer(ctx, "wire-1"), ogonetest.ErrNotWaitingPayment, "settled already")
	assert.ErrorIs(t, srv.SettleBankTransfer(ctx, "nobody"), ogonetest.ErrUnknownOrder)
}

func TestSettleBankTransferIsHeldLikeAnyFeedback(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	_, err := srv.Pay(ctx, hostedForm(t, srv, sh, "wire-2", bankTransfer), ogonetest.PayWith{})
	require.NoError(t, err)
	srv.HoldFeedback()

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, srv.SettleBankTransfer(cancelled, "wire-2"), context.Canceled)
	tx, _ := srv.Transaction("wire-2")
	assert.Equal(t, ogone.StatusWaitingClientPayment, tx.Status, "nothing changed")

	require.NoError(t, srv.SettleBankTransfer(ctx, "wire-2"))
	p := srv.PendingFeedback()
	require.Len(t, p, 1)
	assert.Equal(t, ogone.StatusPaymentRequested, p[0].Status)
	assert.Len(t, sh.feedbacks(), 1, "only the first so far")
	fs := srv.FeedbackFor("wire-2")
	require.Len(t, fs, 2)
	assert.Equal(t, []ogone.Status{41, 9}, []ogone.Status{fs[0].Status, fs[1].Status})

	// The later feedback overtakes nothing until delivered; delivered
	// before a repeat of the first, the shop sees 9 then 41.
	_, err = p[0].Deliver(ctx)
	require.NoError(t, err)
	_, err = fs[0].Deliver(ctx)
	require.NoError(t, err)
	got := sh.feedbacks()
	require.Len(t, got, 3)
	assert.Equal(t, []string{"41", "9", "41"}, []string{got[0].Get("STATUS"), got[1].Get("STATUS"), got[2].Get("STATUS")})
}

func TestSettleBankTransferRefusesACardOrder(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	_, err := srv.Pay(context.Background(), hostedForm(t, srv, sh, "card-1", nil), ogonetest.PayWith{})
	require.NoError(t, err)
	assert.ErrorIs(t, srv.SettleBankTransfer(context.Background(), "card-1"), ogonetest.ErrNotWaitingPayment)
}

func TestMethodOrdersAreMaintainedLikeCards(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	ctx := context.Background()
	l, err := srv.Pay(ctx, hostedForm(t, srv, sh, "pp-1", func(p *ogone.PaymentPage) { p.Operation = ogone.OperationAuthorize }),
		ogonetest.PayWith{Method: ogone.MethodPayPal})
	require.NoError(t, err)
	r, err := client(t, srv).Capture(ctx, l.PAYID, ogone.RemainingAmount())
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentProcessing, r.Status)
	tx, _ := srv.Transaction("pp-1")
	assert.Equal(t, "PAYPAL", tx.PM)
	assert.Empty(t, tx.CardNumber)
}
