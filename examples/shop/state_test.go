package main

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
)

// allStates in the order of the matrix below.
var allStates = []orderState{
	stateAwaitingPayment, statePending, stateActionRequired, stateUncertain, stateDeclined,
	stateCancelled, stateFailed, stateAuthorized, statePaid, stateRefunded,
}

// TestTransitionMatrix spells out every pair: row = the order's state,
// column = what the platform reports, x = the order moves, . = ignored.
func TestTransitionMatrix(t *testing.T) {
	const matrix = `
	              aw pe ac un de ca fa au pa re
	awaiting      .  x  x  x  x  x  x  x  x  x
	pending       .  .  x  x  x  x  x  x  x  x
	action        .  x  .  x  x  x  x  x  x  x
	uncertain     .  x  x  .  x  x  x  x  x  x
	declined      .  x  x  x  .  x  x  x  x  .
	cancelled     .  x  x  x  x  .  x  x  x  .
	failed        .  x  x  x  x  x  .  x  x  .
	authorised    .  .  .  .  x  x  .  .  x  .
	paid          .  .  .  .  .  x  .  .  .  x
	refunded      .  .  .  .  .  .  .  .  .  .
	`
	rows := strings.Split(strings.TrimSpace(matrix), "\n")[1:]
	require.Len(t, rows, len(allStates))
	for i, row := range rows {
		cells := strings.Fields(row)[1:]
		require.Len(t, cells, len(allStates), "row %d", i)
		from := allStates[i]
		for j, cell := range cells {
			to := allStates[j]
			got, changed := transition(from, to)
			if cell == "x" {
				assert.True(t, changed, "%s -> %s should move", from, to)
				assert.Equal(t, to, got, "%s -> %s", from, to)
			} else {
				assert.False(t, changed, "%s -> %s should be ignored", from, to)
				assert.Equal(t, from, got, "%s -> %s keeps the state", from, to)
			}
		}
	}
}

// TestTransitionStories replays sequences of reports as they arrive in
// practice: duplicated, late and out of order.
func TestTransitionStories(t *testing.T) {
	tests := []struct {
		name    string
		reports []orderState
		want    orderState
	}{
		{"feedback twice", []orderState{statePaid, statePaid}, statePaid},
		{"late pending after capture", []orderState{statePaid, statePending}, statePaid},
		{"late uncertain after capture", []orderState{statePaid, stateUncertain}, statePaid},
		{"uncertain settled by query", []orderState{stateUncertain, statePaid}, statePaid},
		{"3-D Secure then authorised", []orderState{stateActionRequired, stateAuthorized}, stateAuthorized},
		{"3-D Secure failed", []orderState{stateActionRequired, stateDeclined}, stateDeclined},
		{"declined then paid on a retry", []orderState{stateDeclined, statePaid}, statePaid},
		{"authorise, capture, refund", []orderState{stateAuthorized, statePaid, stateRefunded}, stateRefunded},
		{"refund is final", []orderState{statePaid, stateRefunded, statePaid, statePending}, stateRefunded},
		{"authorised never goes back to pending", []orderState{stateAuthorized, statePending, stateUncertain}, stateAuthorized},
		{"declined after capture is ignored", []orderState{statePaid, stateDeclined}, statePaid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := stateAwaitingPayment
			for _, r := range tt.reports {
				s, _ = transition(s, r)
			}
			assert.Equal(t, tt.want, s)
		})
	}
}

func TestStateLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range allStates {
		label := s.String()
		assert.NotEqual(t, "unknown", label)
		assert.False(t, seen[label], "label %q used twice", label)
		seen[label] = true
		assert.NotEmpty(t, s.Class())
	}
	assert.Equal(t, "paid", statePaid.String(), "the browser test reads this label")
	assert.Equal(t, "unknown", orderState(200).String())
}

// TestStateOf checks that every platform state lands on a shop state and
// that the order of the platform's codes cannot make an order "paid"
// unless the platform said captured.
func TestStateOf(t *testing.T) {
	tests := []struct {
		in    ogone.State
		want  orderState
		known bool
	}{
		{ogone.StateUnknown, stateAwaitingPayment, false},
		{ogone.StatePending, statePending, true},
		{ogone.StateActionRequired, stateActionRequired, true},
		{ogone.StateUncertain, stateUncertain, true},
		{ogone.StateAuthorized, stateAuthorized, true},
		{ogone.StateCaptured, statePaid, true},
		{ogone.StateCancelled, stateCancelled, true},
		{ogone.StateDeclined, stateDeclined, true},
		{ogone.StateRefunded, stateRefunded, true},
		{ogone.StateError, stateFailed, true},
		{ogone.State(200), stateAwaitingPayment, false},
	}
	for _, tt := range tests {
		got, known := stateOf(tt.in)
		assert.Equal(t, tt.want, got, "%v", tt.in)
		assert.Equal(t, tt.known, known, "%v", tt.in)
	}
	for code := 0; code < 100; code++ {
		st := ogone.Status(code)
		got, _ := stateOf(st.State())
		if got == statePaid {
			assert.Equal(t, ogone.StateCaptured, st.State(), "status %d", code)
		}
	}
}

// TestOrderPayment reads the order page's payment line in every state, with
// and without a card: only money that moved says "paid with", and a refusal
// names the card that was refused.
func TestOrderPayment(t *testing.T) {
	const visa, refused = "VISA XXXXXXXXXXXX1111", "VISA XXXXXXXXXXXX0002"
	tests := []struct {
		state    orderState
		card     string // brand and masked number, "" when the platform named none
		refunded bool
		want     string
	}{
		{stateAwaitingPayment, "", false, "Awaiting payment"},
		{statePending, visa, false, "Payment pending: VISA XXXXXXXXXXXX1111, the platform is processing it"},
		{statePending, "", false, "Payment pending"},
		{stateActionRequired, visa, false, "Awaiting your bank's confirmation (3-D Secure) for VISA XXXXXXXXXXXX1111"},
		{stateActionRequired, "", false, "Awaiting your bank's confirmation (3-D Secure)"},
		{stateUncertain, visa, false, "Payment uncertain: we are asking the platform"},
		{stateDeclined, refused, false, "Declined: VISA XXXXXXXXXXXX0002 was refused by the bank"},
		{stateDeclined, "", false, "Declined: the payment was refused"},
		{stateCancelled, visa, false, "Cancelled: no money was taken"},
		{stateFailed, visa, false, "Failed: the payment could not be processed"},
		{stateAuthorized, visa, false, "Authorised on VISA XXXXXXXXXXXX1111: charged when we ship"},
		{stateAuthorized, "", false, "Authorised: charged when we ship"},
		{statePaid, visa, false, "Paid with VISA XXXXXXXXXXXX1111"},
		{statePaid, "", false, "Paid"},
		{statePaid, visa, true, "Paid with VISA XXXXXXXXXXXX1111, partly refunded"},
		{stateRefunded, visa, true, "Refunded to VISA XXXXXXXXXXXX1111"},
		{stateRefunded, "", true, "Refunded"},
		{orderState(200), visa, false, ""},
	}
	covered := map[orderState]bool{}
	for _, tt := range tests {
		t.Run(tt.state.String()+"/"+tt.card, func(t *testing.T) {
			o := order{State: tt.state, Currency: "EUR"}
			if brand, number, ok := strings.Cut(tt.card, " "); ok {
				o.Brand, o.CardNumber = brand, number
			}
			if tt.refunded {
				o.Captured, o.Refunded = decimal.RequireFromString("10"), decimal.RequireFromString("4")
			}
			got := o.Payment()
			assert.Equal(t, tt.want, got)
			if tt.state != statePaid && tt.state != stateRefunded {
				assert.NotContains(t, strings.ToLower(got), "paid with", "money did not move")
			}
		})
		covered[tt.state] = true
	}
	for _, s := range allStates {
		assert.True(t, covered[s], "no case for %s", s)
	}
}
