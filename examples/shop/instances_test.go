package main

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
)

// signedFeedback is a feedback the simulator's account could have sent.
func signedFeedback(t testing.TB, ref, status, payID string) url.Values {
	t.Helper()
	return signFeedback(t, url.Values{"orderID": {ref}, "amount": {"15.5"}, "currency": {"EUR"}, "STATUS": {status}, "PAYID": {payID}})
}

// signFeedback adds the SHA-OUT signature of the test account to v.
func signFeedback(t testing.TB, v url.Values) url.Values {
	t.Helper()
	sig, err := shasign.SignOut(shasign.SHA512, testAccount.SHAOut.Reveal(), v)
	require.NoError(t, err)
	v.Set("SHASIGN", sig)
	return v
}

// deliver sends a feedback as the platform does (POST) or as the
// customer's browser does (GET), without following redirects, and returns
// the status code.
func deliver(t testing.TB, shopURL string, v url.Values, browser bool) int {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var resp *http.Response
	var err error
	if browser {
		req, _ := http.NewRequest(http.MethodGet, shopURL+returnPath+"?"+v.Encode(), nil)
		req.Header.Set("Accept", "text/html")
		resp, err = c.Do(req)
	} else {
		resp, err = c.PostForm(shopURL+returnPath, v)
	}
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// appliedNotes lists the history entries that changed the order.
func appliedNotes(o order) []string {
	var out []string
	for _, h := range o.History {
		if h.Applied && h.Source != "shop" {
			out = append(out, h.Note)
		}
	}
	return out
}

// TestInstancesShareOnePostgres: two shop instances on one PostgreSQL and
// one simulator. The simulator's server-to-server feedback goes to one,
// the customer's browser to the other; then 100 feedbacks at once,
// repeated and reordered, to both. The order ends in the right state and
// its history holds each real transition once.
func TestInstancesShareOnePostgres(t *testing.T) {
	t.Parallel()
	dsn := postgresDSN(t)
	var toA atomic.Value
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		toA.Load().(http.Handler).ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	acct := testAccount
	acct.DirectFeedbackURL = front.URL + returnPath
	sim := ogonetest.NewServer(acct)
	t.Cleanup(sim.Close)
	dbA, d := openTestDB(t, dsn)
	dbB, _ := openTestDB(t, dsn)
	a := serveShop(t, sim, withDB(dbA, d))
	b := serveShop(t, sim, withDB(dbB, d))
	toA.Store(a.shop.Handler())

	// The customer shops on B; the platform's feedback reaches A.
	br := newBrowser(t)
	end := b.buy(t, br, ogonetest.CardAccepted, true)
	assert.Equal(t, "paid", end.text("order-state"))
	id := orderIDOf(t, end)
	txn, ok := sim.Transaction(id)
	require.True(t, ok)
	require.NotEmpty(t, txn.Feedback)
	assert.True(t, txn.Feedback[0].OK(), "A acknowledged the server-to-server feedback")
	o := a.order(t, id)
	assert.Equal(t, []string{"awaiting payment → paid"}, appliedNotes(o), "applied once, by whichever came first")
	cards, err := a.shop.store.savedCards(context.Background(), o.Customer)
	require.NoError(t, err)
	assert.Len(t, cards, 1, "the card saved through one instance is seen by the other")

	// A second order, and 100 deliveries at once about it: authorised,
	// capture processing, captured, each several times, to both.
	br2 := newBrowser(t)
	b.addToCart(t, br2, "beans")
	b.checkout(t, br2, false)
	o = b.latest(t)
	statuses := []string{"91", "5", "9", "51"}
	var wg sync.WaitGroup
	codes := make([]int, 100)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := signedFeedback(t, o.PaymentRef, statuses[i%len(statuses)], "4000000001")
			if i%2 == 0 {
				codes[i] = deliver(t, a.url, v, false)
			} else {
				codes[i] = deliver(t, b.url, v, true)
			}
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if i%2 == 0 {
			assert.Equal(t, http.StatusOK, code, "delivery %d (server to server)", i)
		} else {
			assert.Equal(t, http.StatusSeeOther, code, "delivery %d (browser)", i)
		}
	}
	got := a.order(t, o.ID)
	assert.Equal(t, statePaid, got.State)
	assert.True(t, got.Captured.Equal(got.Total))
	assert.Equal(t, "4000000001", got.PayID)
	notes := appliedNotes(got)
	seen := map[string]bool{}
	for _, n := range notes {
		assert.False(t, seen[n], "transition %q recorded twice: %v", n, notes)
		seen[n] = true
	}
	assert.Contains(t, notes[len(notes)-1], "→ paid", "%v", notes)
	assert.Equal(t, 100-len(got.History)+1, got.Repeats, "every delivery is either in the history or counted: %+v", got.History)
}

// TestRestart: orders, their history and saved cards are there after the
// shop is stopped and started again on the same database.
func TestRestart(t *testing.T) {
	for _, kind := range backends {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			dsn := testDSN(t, kind)
			sim := ogonetest.NewServer(testAccount)
			t.Cleanup(sim.Close)

			db, d, err := openDB(context.Background(), dsn)
			require.NoError(t, err)
			first := serveShop(t, sim, withDB(db, d))
			end := first.buy(t, newBrowser(t), ogonetest.CardAccepted, true)
			id := orderIDOf(t, end)
			before := first.order(t, id)
			require.NoError(t, db.Close())

			second := serveShop(t, sim, withDB(openTestDB(t, dsn)))
			after := second.order(t, id)
			assert.Equal(t, before, after)
			assert.Equal(t, statePaid, after.State)
			assert.NotEmpty(t, after.History)
			cards, err := second.shop.store.savedCards(context.Background(), after.Customer)
			require.NoError(t, err)
			require.Len(t, cards, 1)
			assert.Equal(t, "card ending 1111", cards[0].Label())
		})
	}
}

// TestDatabaseGone: when the database goes away, a feedback is answered
// 503 (the platform sends it again) and the customer gets a 503 page;
// once it is back, the next delivery is applied. Nothing is lost.
func TestDatabaseGone(t *testing.T) {
	for _, kind := range backends {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			dsn := testDSN(t, kind)
			sim := ogonetest.NewServer(testAccount)
			t.Cleanup(sim.Close)
			db, d := openTestDB(t, dsn)
			ts := serveShop(t, sim, withDB(db, d))
			br := newBrowser(t)
			ts.addToCart(t, br, "beans")
			ts.checkout(t, br, false)
			o := ts.latest(t)
			v := signedFeedback(t, o.PaymentRef, "9", "5000000001")

			restore := takeDatabaseAway(t, kind, db, dsn)
			assert.Equal(t, http.StatusServiceUnavailable, deliver(t, ts.url, v, false), "the platform tries again later")
			assert.Equal(t, http.StatusServiceUnavailable, deliver(t, ts.url, v, true), "the customer is asked to come back")
			assert.Equal(t, http.StatusServiceUnavailable, br.get(ts.url+"/orders").Status)

			restore()
			assert.Equal(t, http.StatusOK, deliver(t, ts.url, v, false))
			got := ts.order(t, o.ID)
			assert.Equal(t, statePaid, got.State, "the retried report was applied")
			assert.Equal(t, []string{"awaiting payment → paid"}, appliedNotes(got))
		})
	}
}

// takeDatabaseAway makes the shop's database unusable and returns what
// brings it back: SQLite's file becomes unreadable to the shop's connection
// (it is closed and reopened on a directory), PostgreSQL refuses
// connections to the database and drops the open ones.
func takeDatabaseAway(t *testing.T, kind string, db *sql.DB, dsn string) (restore func()) {
	t.Helper()
	if kind == "postgres" {
		name := dsn[strings.LastIndex(dsn, "/")+1 : strings.Index(dsn, "?")]
		_, err := pg.admDB.Exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false")
		require.NoError(t, err)
		_, err = pg.admDB.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
		require.NoError(t, err)
		return func() {
			_, err := pg.admDB.Exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true")
			require.NoError(t, err)
		}
	}
	// SQLite: hide the file; the one connection is dropped and cannot be
	// reopened.
	require.NoError(t, os.Rename(dsn, dsn+".away"))
	require.NoError(t, os.Mkdir(dsn, 0o700))
	db.SetMaxIdleConns(0) // close the open connection
	db.SetMaxIdleConns(2)
	return func() {
		require.NoError(t, os.Remove(dsn))
		require.NoError(t, os.Rename(dsn+".away", dsn))
	}
}

// TestUnreachableDatabaseAtStart: the program ends with a clear message and
// exit status 69 when its database cannot be reached, 1 for a database it
// cannot use.
func TestUnreachableDatabaseAtStart(t *testing.T) {
	if os.Getenv("SHOP_TEST_MAIN") == "1" {
		os.Args = append([]string{"shop"}, strings.Fields(os.Getenv("SHOP_TEST_ARGS"))...)
		main()
		return
	}
	tests := []struct {
		name string
		args string
		code int
		want string
	}{
		{"nothing listens", "-db postgres://shop:hunter2@127.0.0.1:1/shop?connect_timeout=2", exitUnavailable,
			"shop: database postgres://shop:xxxxx@127.0.0.1:1/shop?connect_timeout=2 unreachable: database unavailable"},
		{"not a database", "-db " + os.DevNull, exitUnavailable, "shop: database " + os.DevNull},
		{"directory cannot be made", "-db " + os.DevNull + "/x/shop.db", 1, "shop: database " + os.DevNull + "/x/shop.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestUnreachableDatabaseAtStart$")
			cmd.Env = append(os.Environ(), "SHOP_TEST_MAIN=1", "SHOP_TEST_ARGS="+tt.args+" -addr 127.0.0.1:0")
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "%s", out)
			assert.Equal(t, tt.code, exit.ExitCode(), "%s", out)
			assert.Contains(t, string(out), tt.want)
			assert.NotContains(t, string(out), "hunter2")
			assert.NotContains(t, string(out), "shop: http", "the shop did not start")
		})
	}
}
