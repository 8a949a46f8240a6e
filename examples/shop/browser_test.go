package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
)

// chromiumPath finds a Chromium binary: $CHROMIUM_PATH, then Debian's
// usual places, then $PATH. It returns "" when there is none.
func chromiumPath() string {
	candidates := []string{os.Getenv("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// browserTimeout bounds each browser test.
const browserTimeout = 60 * time.Second

// newChromium starts a headless Chromium with a fresh profile and returns
// the context of a tab in it, bounded by browserTimeout.
func newChromium(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("no Chromium binary found (looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser and chromium on $PATH); install Debian's chromium package to run the browser test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancelAlloc) // kills Chromium and waits for it, before the profile is removed
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(format string, args ...any) {
		// cdproto v0.0.0-20250403 predates some enum values of newer
		// Chromium releases ("Loopback" address spaces); events it cannot
		// decode are ones the test never waits for.
		if !strings.Contains(format, "could not unmarshal event") {
			t.Logf(format, args...)
		}
	}))
	t.Cleanup(func() {
		// The first tab owns the browser: Cancel closes Chromium politely
		// and waits, so that no helper process still writes to the
		// profile when the test removes it.
		if err := chromedp.Cancel(tabCtx); err != nil {
			t.Logf("closing Chromium: %v", err)
		}
		cancelTab()
	})
	return tabCtx
}

// buyInChromium adds the beans to the cart, checks out, types card on the
// simulator's payment page and returns the order page's state label and
// URL.
func buyInChromium(t *testing.T, ctx context.Context, ts *testShop, card string) (state, location string) {
	t.Helper()
	start := time.Now()
	require.NoError(t, chromedp.Run(ctx)) // starts Chromium
	t.Logf("chromium started in %v", time.Since(start))
	start = time.Now()
	defer func() { t.Logf("purchase took %v", time.Since(start)) }()
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.url+"/"),
		chromedp.Click("#add-beans", chromedp.ByQuery),
		chromedp.WaitVisible("#checkout", chromedp.ByQuery),
		chromedp.Click("#checkout", chromedp.ByQuery),
		// The shop's page submits the signed form by itself; the next
		// page is the simulator's.
		chromedp.WaitVisible("#CARDNO", chromedp.ByQuery),
		chromedp.SendKeys("#CARDNO", card, chromedp.ByQuery),
		chromedp.SendKeys("#ED", expiry(), chromedp.ByQuery),
		chromedp.SendKeys("#CVC", "123", chromedp.ByQuery),
		chromedp.Click("#pay", chromedp.ByQuery),
		chromedp.WaitVisible("#order-state", chromedp.ByQuery),
		chromedp.Text("#order-state", &state, chromedp.ByQuery),
		chromedp.Location(&location),
	)
	require.NoError(t, err)
	return strings.TrimSpace(state), location
}

func TestBrowserPaid(t *testing.T) {
	t.Parallel()
	ctx := newChromium(t)
	ts := startShop(t)
	state, location := buyInChromium(t, ctx, ts, ogonetest.CardAccepted)
	assert.Equal(t, "paid", state)
	require.True(t, strings.HasPrefix(location, ts.url+"/orders/SO-"), location)
	id := strings.TrimPrefix(location, ts.url+"/orders/")
	txn, ok := ts.sim.Transaction(id)
	require.True(t, ok)
	assert.Equal(t, ogone.StatusPaymentRequested, txn.Status)
}

func TestBrowserDeclined(t *testing.T) {
	t.Parallel()
	ctx := newChromium(t)
	ts := startShop(t)
	state, location := buyInChromium(t, ctx, ts, ogonetest.CardRefused)
	assert.Equal(t, "declined", state)
	id := strings.TrimPrefix(location, ts.url+"/orders/")
	txn, ok := ts.sim.Transaction(id)
	require.True(t, ok)
	assert.Equal(t, ogone.StatusAuthorizationRefused, txn.Status)
}
