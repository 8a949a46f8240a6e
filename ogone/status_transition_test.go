package ogone_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone"
)

// TestSupersedesMatrix spells out every pair: row = the state reported
// last, column = the state of the report that arrives, x = news.
func TestSupersedesMatrix(t *testing.T) {
	const matrix = `
	                 unk pen act unc aut cap can dec ref err
	unknown          .   x   x   x   x   x   x   x   x   x
	pending          .   .   x   x   x   x   x   x   x   x
	action_required  .   x   .   x   x   x   x   x   x   x
	uncertain        .   x   x   .   x   x   x   x   x   x
	authorized       .   .   .   .   .   x   x   x   x   .
	captured         .   .   .   .   .   .   x   .   x   .
	cancelled        .   x   x   x   x   x   .   x   .   x
	declined         .   x   x   x   x   x   x   .   .   x
	refunded         .   .   .   .   .   .   .   .   .   .
	error            .   x   x   x   x   x   x   x   .   .
	`
	rows := strings.Split(strings.TrimSpace(matrix), "\n")[1:]
	require.Len(t, rows, 10)
	for i, row := range rows {
		f := strings.Fields(row)
		prev := ogone.State(i)
		require.Equal(t, prev.String(), f[0], "rows follow the constants' order")
		for j, cell := range f[1:] {
			s := ogone.State(j)
			assert.Equal(t, cell == "x", s.Supersedes(prev), "%s after %s", s, prev)
		}
	}
	beyond := ogone.State(10)
	assert.False(t, beyond.Supersedes(ogone.StateUnknown), "a state outside the constants is never news")
	assert.False(t, ogone.StatePending.Supersedes(beyond))
}

// TestSupersedesStories replays reports as they arrive in practice and
// keeps the last one that was news.
func TestSupersedesStories(t *testing.T) {
	tests := []struct {
		name    string
		reports []ogone.Status
		want    ogone.State
	}{
		{"feedback twice", []ogone.Status{9, 9}, ogone.StateCaptured},
		{"capture processing arrives after the capture", []ogone.Status{5, 9, 91}, ogone.StateCaptured},
		{"authorisation waiting arrives late", []ogone.Status{5, 51}, ogone.StateAuthorized},
		{"uncertain settled", []ogone.Status{92, 9}, ogone.StateCaptured},
		{"refused on the page, then paid", []ogone.Status{2, 9}, ogone.StateCaptured},
		{"capture refused", []ogone.Status{5, 93}, ogone.StateDeclined},
		{"refund is final", []ogone.Status{9, 8, 9, 91}, ogone.StateRefunded},
		{"payment deleted", []ogone.Status{9, 7}, ogone.StateCancelled},
		{"unknown code changes nothing", []ogone.Status{5, 77}, ogone.StateAuthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			last := ogone.StateUnknown
			for _, st := range tt.reports {
				if s := st.State(); s.Supersedes(last) {
					last = s
				}
			}
			assert.Equal(t, tt.want, last)
		})
	}
}

func ExampleState_Supersedes() {
	last := ogone.StatusPaymentRequested.State()  // 9: captured
	late := ogone.StatusPaymentProcessing.State() // 91, delivered late
	fmt.Println(late.Supersedes(last))
	fmt.Println(ogone.StatusRefund.State().Supersedes(last))
	// Output:
	// false
	// true
}
