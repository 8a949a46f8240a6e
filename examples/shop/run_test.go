package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone/ogonetest"
)

// syncBuffer is a bytes.Buffer that run's goroutines may write while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// clearAccount makes sure run sees no real account in the environment,
// and keeps its default data directory inside the test's.
func clearAccount(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	for _, name := range []string{"OGONE_PSPID", "OGONE_USERID", "OGONE_PASSWORD", "OGONE_SHA_IN", "OGONE_SHA_OUT", "OGONE_ALGORITHM", "OGONE_ENV", "SHOP_ADMIN_PASSWORD"} {
		t.Setenv(name, "")
	}
}

// runDemo starts the program as `go run ./examples/shop` does, with args
// and random ports, and returns the shop's URL, what it printed and a stop
// function that checks it ended cleanly.
func runDemo(t *testing.T, dbFile string, args ...string) (shopURL string, out *syncBuffer, stop func()) {
	t.Helper()
	clearAccount(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	out = &syncBuffer{}
	done := make(chan error, 1)
	args = append([]string{"-addr", "127.0.0.1:0", "-reconcile-every", "50ms", "-db", dbFile}, args...)
	go func() { done <- run(ctx, args, out) }()

	shopLine := regexp.MustCompile(`(?m)^shop: (http://127\.0\.0\.1:\d+)$`)
	require.Eventually(t, func() bool {
		if m := shopLine.FindStringSubmatch(out.String()); m != nil {
			shopURL = m[1]
			return true
		}
		return false
	}, 10*time.Second, 5*time.Millisecond, "run printed no shop URL:\n%s", out)
	return shopURL, out, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("run did not stop")
		}
		assert.NotContains(t, out.String(), "ERROR")
	}
}

// TestRunDemo starts the program as `go run ./examples/shop` does, on
// random ports, and buys something through it: by default checkout is a
// sale, as the README says.
func TestRunDemo(t *testing.T) {
	dbFile := filepath.Join(t.TempDir(), "data", "shop.db")
	shopURL, out, stop := runDemo(t, dbFile)
	assert.Regexp(t, `(?m)^simulator: http://127\.0\.0\.1:\d+ `, out.String())
	assert.Contains(t, out.String(), "data: "+dbFile+" (sqlite)\n", "the shop says where its data is")

	ts := &testShop{url: shopURL}
	b := newBrowser(t)
	end := ts.buy(t, b, ogonetest.CardAccepted, true)
	assert.Equal(t, "paid", end.text("order-state"))
	assert.Contains(t, b.get(shopURL+"/cards").Body, "VISA ending 1111", "the demo account sends BRAND")
	admin := ts.admin(t, b, orderIDOf(t, end))
	assert.NotContains(t, admin.Body, `id="capture"`, "a sale leaves nothing to capture")
	assert.Contains(t, admin.Body, `id="refund"`)
	stop()
}

// TestRunAuthorizeOnly is the README's other promise: with
// -authorize-only, checkout authorises and the admin page captures.
func TestRunAuthorizeOnly(t *testing.T) {
	shopURL, _, stop := runDemo(t, filepath.Join(t.TempDir(), "shop.db"), "-authorize-only")
	ts := &testShop{url: shopURL}
	b := newBrowser(t)
	end := ts.buy(t, b, ogonetest.CardAccepted, false)
	assert.Equal(t, "authorised", end.text("order-state"))
	id := orderIDOf(t, end)
	captured := ts.adminAction(t, b, id, "capture", nil)
	assert.Equal(t, "Capture accepted.", captured.text("notice"))
	assert.Equal(t, "paid", captured.text("order-state"))
	stop()
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"real account needs a public URL", map[string]string{
			"OGONE_PSPID": "shop", "OGONE_USERID": "api", "OGONE_PASSWORD": "pw",
			"OGONE_SHA_IN": "sha-in-passphrase-0001", "OGONE_SHA_OUT": "sha-out-passphrase-0001",
		}, nil, "-public-url"},
		{"bad algorithm", map[string]string{"OGONE_PSPID": "shop", "OGONE_ALGORITHM": "MD5"}, nil, "OGONE_ALGORITHM"},
		{"bad environment", map[string]string{"OGONE_PSPID": "shop", "OGONE_ENV": "staging"}, nil, "OGONE_ENV"},
		{"incomplete account", map[string]string{"OGONE_PSPID": "shop"}, nil, "SHA-IN"},
		{"bad flag", nil, []string{"-nope"}, "flag provided but not defined"},
		{"stray argument", nil, []string{"extra"}, "unexpected argument"},
		{"bad public URL", nil, []string{"-addr", "127.0.0.1:0", "-public-url", "ftp://x"}, "public URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearAccount(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var out syncBuffer
			err := run(context.Background(), tt.args, &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			for _, secret := range []string{"sha-in-passphrase-0001", "sha-out-passphrase-0001"} {
				assert.NotContains(t, err.Error()+out.String(), secret)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	clearAccount(t)
	var out syncBuffer
	require.NoError(t, run(context.Background(), []string{"-h"}, &out))
	assert.Contains(t, out.String(), "-public-url")
	assert.Contains(t, out.String(), "-authorize-only")
}

// TestRunRealAccount starts the shop for an account in the environment:
// no simulator, the public URL as given, and an admin password.
func TestRunRealAccount(t *testing.T) {
	clearAccount(t)
	for k, v := range map[string]string{
		"OGONE_PSPID": "shop", "OGONE_USERID": "api", "OGONE_PASSWORD": "api-password",
		"OGONE_SHA_IN": "sha-in-passphrase-0001", "OGONE_SHA_OUT": "sha-out-passphrase-0001",
		"OGONE_ALGORITHM": "SHA-256", "OGONE_ENV": "test",
	} {
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-public-url", "https://shop.example", "-reconcile-every", "0",
			"-db", filepath.Join(t.TempDir(), "shop.db")}, out)
	}()
	require.Eventually(t, func() bool { return regexp.MustCompile(`(?m)^shop: https://shop\.example$`).MatchString(out.String()) },
		10*time.Second, 5*time.Millisecond, "%s", out)
	assert.Regexp(t, `(?m)^admin: user admin, password \S{16} `, out.String())
	assert.NotContains(t, out.String(), "simulator:")
	cancel()
	require.NoError(t, <-done)
	for _, secret := range []string{"api-password", "sha-in-passphrase-0001", "sha-out-passphrase-0001"} {
		assert.NotContains(t, out.String(), secret)
	}
}
