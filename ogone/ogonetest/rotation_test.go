package ogonetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
)

// TestSetSHAOut: after a change of SHA-OUT key, the redirect generated
// before it keeps the old signature and the deferred retry of the same
// feedback carries the new one; an invalid change changes nothing.
func TestSetSHAOut(t *testing.T) {
	const newOut = "rotated-sha-out-pass-789"
	sh := newShop(t, 500)
	srv := newServer(t, ogonetest.WithDeferredRetry(1, 50*time.Millisecond))

	assert.ErrorIs(t, srv.SetSHAOut(0, ogone.NewSecret(newOut)), shasign.ErrUnknownAlgorithm)
	assert.ErrorIs(t, srv.SetSHAOut(shasign.SHA256, ogone.Secret{}), shasign.ErrEmptyPassphrase)

	resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("o-rot", sh.urls())), ogonetest.CardAccepted)
	require.NoError(t, srv.SetSHAOut(shasign.SHA256, ogone.NewSecret(newOut)))
	browser := redirectQuery(t, resp, sh.URL+"/accept")
	require.NoError(t, srv.WaitIdle(context.Background()))

	assert.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, browser), "the redirect keeps the old signature")
	fbs := sh.feedbacks()
	require.Len(t, fbs, 2)
	assert.NoError(t, shasign.VerifyOut(shasign.SHA512, shaOut, fbs[0]), "online attempt, before the change")
	assert.NoError(t, shasign.VerifyOut(shasign.SHA256, newOut, fbs[1]), "deferred retry, after it")
	assert.ErrorIs(t, shasign.VerifyOut(shasign.SHA512, shaOut, fbs[1]), shasign.ErrSignatureMismatch)
	fbs[0].Del("SHASIGN")
	fbs[1].Del("SHASIGN")
	assert.Equal(t, fbs[0], fbs[1], "the same feedback, signed again")
}
