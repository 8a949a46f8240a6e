package ogone

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// maxIntegerDigits bounds AMOUNT: 9,999,999,999.99 (999999999999 on the
// wire) is far above any real payment and well inside int64.
const maxIntegerDigits = 10

// MinorUnits converts an amount to what the platform's AMOUNT field carries
// on requests: the amount times 100, exactly ("15.5" becomes 1550). More
// than two decimals, zero, a negative amount or one of 10,000,000,000 or
// more is an error, never a rounding.
func MinorUnits(amount decimal.Decimal) (int64, error) {
	if amount.Sign() <= 0 {
		return 0, ErrAmountNotPositive
	}
	// Decide from the digit count and the exponent before any arithmetic
	// that rescales: an amount parsed from "1e999999999" would otherwise
	// be expanded to a billion digits.
	digits, exp := int64(amount.NumDigits()), int64(amount.Exponent())
	if exp < -2 {
		// Exact cents need the coefficient to end in -exp-2 zeros, which
		// a coefficient of fewer digits cannot.
		if -exp-2 >= digits {
			return 0, ErrAmountPrecision
		}
		if cents := amount.Shift(2); !cents.Equal(cents.Truncate(0)) {
			return 0, ErrAmountPrecision
		}
	}
	// The coefficient has no leading zeros, so digits+exp is the number
	// of digits before the decimal point.
	if digits+exp > maxIntegerDigits {
		return 0, ErrAmountTooLarge
	}
	return amount.Shift(2).IntPart(), nil
}

// FormatMinorUnits writes an amount as the AMOUNT field of a request:
// "1550" for 15.50.
func FormatMinorUnits(amount decimal.Decimal) (string, error) {
	n, err := MinorUnits(amount)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(n, 10), nil
}

// ParseAmount reads an amount as replies and feedback carry it: not
// multiplied, with a dot ("15", "15.5", "125.00"). Exponents, signs, spaces
// and more than two decimals are refused: the platform never sends them, so
// they mean something is wrong.
func ParseAmount(s string) (decimal.Decimal, error) {
	if s == "" || len(s) > 20 {
		return decimal.Decimal{}, fmt.Errorf("%w: %d characters", ErrInvalidAmount, len(s))
	}
	dot := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && i > 0 && i < len(s)-1:
			dot = i
		default:
			return decimal.Decimal{}, ErrInvalidAmount
		}
	}
	if dot >= 0 && len(s)-dot-1 > 2 {
		return decimal.Decimal{}, ErrAmountPrecision
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, ErrInvalidAmount
	}
	return d, nil
}
