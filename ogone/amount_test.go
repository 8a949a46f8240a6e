package ogone_test

import (
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMinorUnits(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  error
	}{
		{"15", 1500, nil},
		{"15.5", 1550, nil},
		{"15.50", 1550, nil},
		{"15.500", 1550, nil}, // trailing zeros are not precision
		{"15.5000000000000000000", 1550, nil},
		{"0.01", 1, nil},
		{"0.1", 10, nil},
		{"125", 12500, nil},
		{"1e2", 10000, nil},
		{"1.5e1", 1500, nil},
		{"9999999999.99", 999_999_999_999, nil},
		{"1000e-3", 100, nil},
		{"0.001", 0, ogone.ErrAmountPrecision},
		{"15.555", 0, ogone.ErrAmountPrecision},
		{"15.501", 0, ogone.ErrAmountPrecision},
		{"0.005", 0, ogone.ErrAmountPrecision},
		{"1e-3", 0, ogone.ErrAmountPrecision},
		{"1e-10000", 0, ogone.ErrAmountPrecision},
		{"0", 0, ogone.ErrAmountNotPositive},
		{"0.00", 0, ogone.ErrAmountNotPositive},
		{"-1", 0, ogone.ErrAmountNotPositive},
		{"-0.01", 0, ogone.ErrAmountNotPositive},
		{"-15.555", 0, ogone.ErrAmountNotPositive},
		{"10000000000", 0, ogone.ErrAmountTooLarge},
		{"10000000000.00", 0, ogone.ErrAmountTooLarge},
		{"1e10", 0, ogone.ErrAmountTooLarge},
		{"1e10000", 0, ogone.ErrAmountTooLarge},
		{"92233720368547758.07", 0, ogone.ErrAmountTooLarge}, // int64 max in cents
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d := decimal.RequireFromString(tt.in)
			got, err := ogone.MinorUnits(d)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Zero(t, got)
				s, ferr := ogone.FormatMinorUnits(d)
				require.ErrorIs(t, ferr, tt.err)
				assert.Empty(t, s)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			s, err := ogone.FormatMinorUnits(d)
			require.NoError(t, err)
			assert.Equal(t, strconv.FormatInt(tt.want, 10), s)
		})
	}
}

func TestMinorUnitsZeroValue(t *testing.T) {
	_, err := ogone.MinorUnits(decimal.Decimal{})
	require.ErrorIs(t, err, ogone.ErrAmountNotPositive)
}

// TestMinorUnitsHugeExponentsAreCheap guards against expanding an amount
// such as 1e999999999 to all its digits. decimal.NewFromString refuses
// exponents beyond 10000, but arithmetic and decimal.New do not. Expanding
// any of these takes gigabytes, so a regression fails by running out of
// memory or into the test timeout.
func TestMinorUnitsHugeExponentsAreCheap(t *testing.T) {
	tests := []struct {
		d    decimal.Decimal
		want error
	}{
		{decimal.New(1, math.MaxInt32), ogone.ErrAmountTooLarge},
		{decimal.New(1, math.MinInt32), ogone.ErrAmountPrecision},
		{decimal.New(123456789, -2147483000), ogone.ErrAmountPrecision},
		{decimal.New(1, math.MinInt32+2), ogone.ErrAmountPrecision},
		{decimal.New(1, 1<<20).Mul(decimal.New(1, 1<<20)), ogone.ErrAmountTooLarge},
		{decimal.New(-1, math.MaxInt32), ogone.ErrAmountNotPositive},
	}
	for _, tt := range tests {
		_, err := ogone.MinorUnits(tt.d)
		require.ErrorIs(t, err, tt.want)
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"15", "15", nil},
		{"15.5", "15.5", nil},
		{"125.00", "125", nil},
		{"0.01", "0.01", nil},
		{"0", "0", nil},
		{"007", "7", nil},
		{"99999999999999999999", "99999999999999999999", nil},
		{"15.555", "", ogone.ErrAmountPrecision},
		{"0.001", "", ogone.ErrAmountPrecision},
		{"", "", ogone.ErrInvalidAmount},
		{"-15", "", ogone.ErrInvalidAmount},
		{"+15", "", ogone.ErrInvalidAmount},
		{"1e3", "", ogone.ErrInvalidAmount},
		{"15,50", "", ogone.ErrInvalidAmount},
		{" 15", "", ogone.ErrInvalidAmount},
		{"15 ", "", ogone.ErrInvalidAmount},
		{".5", "", ogone.ErrInvalidAmount},
		{"15.", "", ogone.ErrInvalidAmount},
		{"1.2.3", "", ogone.ErrInvalidAmount},
		{"NaN", "", ogone.ErrInvalidAmount},
		{"0x10", "", ogone.ErrInvalidAmount},
		{"１５", "", ogone.ErrInvalidAmount}, // full-width digits
		{"123456789012345678901", "", ogone.ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ogone.ParseAmount(tt.in)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.True(t, decimal.RequireFromString(tt.want).Equal(got), "got %s", got)
		})
	}
}

// Replies carry amounts not multiplied; requests multiplied by 100. The
// round trip must be exact.
func TestParseAmountThenMinorUnits(t *testing.T) {
	for in, want := range map[string]int64{"15": 1500, "15.5": 1550, "125.00": 12500, "0.01": 1} {
		d, err := ogone.ParseAmount(in)
		require.NoError(t, err)
		got, err := ogone.MinorUnits(d)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, seed := range []string{"15", "15.5", "125.00", "0", "0.01", "15.555", "", "-1", "1e3", ".5", "15.", "99999999999999999999", "9999999999.99", "1.2.3", "\x00", "١٥"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ogone.ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ogone.ErrInvalidAmount) && !errors.Is(err, ogone.ErrAmountPrecision) {
				t.Fatalf("ParseAmount(%q): untyped error %v", s, err)
			}
			return
		}
		if d.Sign() < 0 {
			t.Fatalf("ParseAmount(%q) = %s, negative", s, d)
		}
		// What parses converts to cents exactly, unless zero or too large.
		cents, err := ogone.MinorUnits(d)
		switch {
		case errors.Is(err, ogone.ErrAmountNotPositive):
			if !d.IsZero() {
				t.Fatalf("MinorUnits(%s): not positive", d)
			}
		case errors.Is(err, ogone.ErrAmountTooLarge):
			if d.LessThan(decimal.NewFromInt(10_000_000_000)) {
				t.Fatalf("MinorUnits(%s): too large", d)
			}
		case err != nil:
			t.Fatalf("MinorUnits(%s) of a parsed amount: %v", d, err)
		default:
			if !decimal.New(cents, -2).Equal(d) {
				t.Fatalf("MinorUnits(%s) = %d, not exact", d, cents)
			}
			back, err := ogone.ParseAmount(decimal.New(cents, -2).StringFixed(2))
			if err != nil || !back.Equal(d) {
				t.Fatalf("round trip of %s: %s, %v", d, back, err)
			}
		}
	})
}
