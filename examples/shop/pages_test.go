package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
