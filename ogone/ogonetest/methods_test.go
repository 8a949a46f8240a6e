package ogonetest_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

var offeredRE = regexp.MustCompile(`id="method-([a-z]+)"`)

// FuzzPaymentMethods opens payment pages with arbitrary PM, BRAND, PMLIST
// and EXCLPMLIST and answers the method page with arbitrary fields: the
// page offers only methods PMLIST names (all when it is empty) and
// EXCLPMLIST does not, and a payment ends in a status the methods produce.
func FuzzPaymentMethods(f *testing.F) {
	f.Add("", "", "", "", "ideal", "pay")
	f.Add("iDEAL", "iDEAL", "", "", "", "pay")
	f.Add("CreditCard", "BCMC", "VISA;BCMC", "", "bcmc", "refuse")
	f.Add("", "", "paypal;;Bank transfer", "PAYPAL", "banktransfer", "cancel")
	f.Add("Bank transfer", "", "", "bank transfer", "banktransfer", "pay")
	f.Add("\x00", "<x>", ";;;", "\xff", "nonsense", "")
	srv := newServer(f, ogonetest.WithDeferredRetry(0, time.Millisecond))
	h := srv.Handler()
	n := 0
	f.Fuzz(func(t *testing.T, pm, brand, list, excl, method, action string) {
		n++
		v := hostedFields("fz-m-"+strconv.Itoa(n), map[string]string{"ACCEPTURL": "https://shop.example/ok"})
		for name, val := range map[string]string{"PM": pm, "BRAND": brand, "PMLIST": list, "EXCLPMLIST": excl} {
			if val != "" {
				v.Set(name, val)
			}
		}
		sig, err := shasignIn(v)
		if err != nil {
			t.Skip() // not signable (invalid UTF-8): the shop could not send it
		}
		v.Set("SHASIGN", sig)
		w := serveBody(h, "/ncol/test/orderstandard_utf8.asp", v.Encode())
		if w.Code != http.StatusOK {
			t.Fatalf("HTTP %d", w.Code)
		}
		page := w.Body.String()
		m := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
		if m == nil {
			return // an error page: PM or a field the platform refuses
		}
		named := func(l, key string) bool {
			want := map[string]string{"ideal": "iDEAL", "paypal": "PAYPAL", "bcmc": "BCMC", "banktransfer": "Bank transfer"}[key]
			for _, x := range strings.Split(l, ";") {
				if strings.EqualFold(strings.TrimSpace(x), want) {
					return true
				}
			}
			return false
		}
		for _, o := range offeredRE.FindAllStringSubmatch(page, -1) {
			if strings.TrimSpace(strings.ReplaceAll(list, ";", "")) != "" && !named(list, o[1]) {
				t.Fatalf("offers %s, which PMLIST %q does not name", o[1], list)
			}
			if named(excl, o[1]) {
				t.Fatalf("offers %s, which EXCLPMLIST %q names", o[1], excl)
			}
		}
		form := url.Values{"token": {m[1]}, "method": {method}, "action": {action}}
		w = serveBody(h, "/ncol/test/simulator/method", form.Encode())
		switch w.Code {
		case http.StatusOK:
		case http.StatusSeeOther:
			tx, ok := srv.Transaction(v.Get("ORDERID"))
			if !ok || !slices.Contains([]ogone.Status{1, 2, 9, 41}, tx.Status) {
				t.Fatalf("status %d after a method page", tx.Status)
			}
		default:
			t.Fatalf("HTTP %d", w.Code)
		}
	})
}
