package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone/ogonetest"
)

// TestNotices renders every notice: an error is marked as one (class
// "error", role="alert"), news is a status. The table names each key, so
// that a new notice must say which it is.
func TestNotices(t *testing.T) {
	isError := map[string]bool{
		"added": false, "removed": false, "empty": false, "card-forgotten": false,
		"captured": false, "refunded": false, "cancelled": false, "queried": false,
		"reconciled": false, "renewed": false,
		"unknown-card": true, "busy": true, "not-allowed": true, "refused": true,
		"unknown": true, "no-payment": true, "bad-amount": true,
	}
	require.Len(t, notices, len(isError), "every notice is in the table")
	ts := startShop(t)
	b := newBrowser(t)
	noticeTag := regexp.MustCompile(`<p class="([^"]*)" id="notice" role="([^"]*)">`)
	for key, wantError := range isError {
		n, ok := notices[key]
		require.True(t, ok, key)
		assert.Equal(t, wantError, n.Error, key)
		p := b.get(ts.url + "/cart?notice=" + key)
		require.Equal(t, 200, p.Status)
		assert.Equal(t, n.Text, p.text("notice"), key)
		m := noticeTag.FindStringSubmatch(p.Body)
		require.NotNil(t, m, "%s: %s", key, p.Body)
		if wantError {
			assert.Equal(t, []string{"notice error", "alert"}, m[1:], key)
		} else {
			assert.Equal(t, []string{"notice", "status"}, m[1:], key)
		}
	}
	p := b.get(ts.url + "/cart?notice=no-such-key")
	assert.NotContains(t, p.Body, `id="notice"`)

	p = b.get(ts.url + "/orders/SO-NOSUCH")
	assert.Equal(t, 404, p.Status)
	assert.Regexp(t, `<p class="notice error" id="error" role="alert">There is no such order.</p>`, p.Body)
}

// TestAdminCustomer: the admin page names the customer by number, in the
// order they first bought, and never shows the id their orders are filed
// under.
func TestAdminCustomer(t *testing.T) {
	t.Parallel()
	ts := startShop(t)
	first, second := newBrowser(t), newBrowser(t)
	a := orderIDOf(t, ts.buy(t, first, ogonetest.CardAccepted, false))
	b := orderIDOf(t, ts.buy(t, second, ogonetest.CardRefused, false))
	c := orderIDOf(t, ts.buy(t, first, ogonetest.CardAccepted, false))
	admin := newBrowser(t)
	for id, want := range map[string]string{a: "Customer 1", b: "Customer 2", c: "Customer 1"} {
		p := ts.admin(t, admin, id)
		assert.Equal(t, want, p.text("order-customer"), id)
		assert.NotContains(t, p.Body, ts.order(t, id).Customer, id)
	}
}
