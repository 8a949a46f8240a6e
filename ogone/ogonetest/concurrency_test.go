package ogonetest_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentUse drives every kind of call at once; run it with -race.
func TestConcurrentUse(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	const workers = 16
	var wg sync.WaitGroup
	errs := make(chan error, workers*4)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			id := fmt.Sprintf("cc-%d", w)
			f := orderFields(id)
			f["OPERATION"], f["ALIAS"] = "RES", "alias-"+id
			if rep := order(t, srv, f); rep.get("STATUS") != "5" {
				errs <- fmt.Errorf("%s: status %s", id, rep.get("STATUS"))
				return
			}
			if rep := maintain(t, srv, map[string]string{"ORDERID": id, "OPERATION": "SAS"}); rep.get("STATUS") != "91" {
				errs <- fmt.Errorf("%s: capture %s", id, rep.get("NCERROR"))
			}
			// Everyone races for the same ORDERID: exactly one wins.
			order(t, srv, orderFields("contested"))
			resp, _ := pay(t, srv, openPayment(t, srv, hostedFields("hp-"+id, sh.urls())), ogonetest.CardAccepted)
			redirectQuery(t, resp, sh.URL+"/accept")
			_ = srv.Transactions()
			_ = srv.Aliases()
			query(t, srv, map[string]string{"ORDERID": id})
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	txs := srv.Transactions()
	require.Len(t, txs, 2*workers+1)
	seen := map[string]bool{}
	contested := 0
	for _, tx := range txs {
		assert.False(t, seen[tx.PAYID], "PAYID %s twice", tx.PAYID)
		seen[tx.PAYID] = true
		if tx.OrderID == "contested" {
			contested++
		}
	}
	assert.Equal(t, 1, contested)
	assert.Len(t, srv.Aliases(), workers)
	assert.Len(t, sh.feedbacks(), workers)
}

// TestSnapshotsAreCopies checks that changing a snapshot changes nothing
// in the server.
func TestSnapshotsAreCopies(t *testing.T) {
	srv := newServer(t)
	f := orderFields("copy-1")
	f["OPERATION"] = "RES"
	order(t, srv, f)
	maintain(t, srv, map[string]string{"ORDERID": "copy-1", "OPERATION": "SAL", "AMOUNT": "100"})
	tx, _ := srv.Transaction("copy-1")
	tx.History[0].Status = 0
	tx.History = append(tx.History, ogonetest.HistoryEntry{})
	tx.Status = 0
	again, _ := srv.Transaction("copy-1")
	assert.Len(t, again.History, 2)
	assert.EqualValues(t, 5, again.History[0].Status)
	assert.EqualValues(t, 9, again.Status)
}
