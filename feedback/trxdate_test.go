package feedback_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
)

func TestParseTrxDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // 2006-01-02; "" for an error
	}{
		{"11/23/26", "2026-11-23"},
		{"01/10/11", "2011-01-10"},
		{"02/29/24", "2024-02-29"}, // leap year
		{"12/31/99", "2099-12-31"},
		{"01/01/00", "2000-01-01"},
		{"02/29/25", ""}, // not a leap year
		{"02/30/26", ""},
		{"04/31/26", ""},
		{"00/10/26", ""},
		{"13/10/26", ""},
		{"11/00/26", ""},
		{"11/32/26", ""},
		{"1/10/26", ""},
		{"11/23/2026", ""},
		{"2026-11-23", ""},
		{"11-23-26", ""},
		{"11/23/2a", ""},
		{"+1/23/26", ""},
		{" 11/23/2", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, err := feedback.ParseTrxDate(tc.in)
		if tc.want == "" {
			assert.ErrorIs(t, err, feedback.ErrInvalidTrxDate, tc.in)
			assert.True(t, got.IsZero(), tc.in)
			if tc.in != "" {
				assert.NotContains(t, err.Error(), tc.in)
			}
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got.Format(time.DateOnly), tc.in)
		assert.Equal(t, time.UTC, got.Location())
		assert.Equal(t, tc.in, got.Format("01/02/06"), "round trip")
	}
}
