package ogone

import (
	"errors"
	"fmt"
)

// Operation is the OPERATION code of a request: what the platform is asked
// to do with the money.
type Operation string

// New order operations (hosted page and DirectLink).
const (
	OperationAuthorize        Operation = "RES" // authorise only; capture later
	OperationSale             Operation = "SAL" // authorise and capture at once (also: partial capture in maintenance)
	OperationStandaloneRefund Operation = "RFD" // refund without an earlier payment (also: partial refund in maintenance)
)

// Maintenance operations on an existing payment.
const (
	OperationRenew           Operation = "REN" // renew an authorisation
	OperationDeleteAuth      Operation = "DEL" // cancel the authorisation, keep the order open
	OperationDeleteAuthClose Operation = "DES" // cancel the authorisation and close the order
	OperationPartialCapture  Operation = "SAL" // capture part, keep the order open
	OperationFinalCapture    Operation = "SAS" // capture the rest (or all) and close
	OperationPartialRefund   Operation = "RFD" // refund part, keep the order open
	OperationFinalRefund     Operation = "RFS" // refund the rest (or all) and close
)

// FieldError reports which request field is invalid, without its value:
// values may be card data or personal data.
type FieldError struct {
	Field string // the platform's parameter name, e.g. "ORDERID"
	Err   error  // a sentinel such as ErrInvalidOrderID, for errors.Is
}

func (e *FieldError) Error() string { return fmt.Sprintf("ogone: %s: %v", e.Field, e.Err) }

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Field validation errors, for errors.Is.
var (
	ErrInvalidOrderID  = errors.New("order reference must be 1 to 30 characters without control characters")
	ErrInvalidCurrency = errors.New("currency must be three uppercase letters (ISO 4217)")
	ErrMissingField    = errors.New("required field is empty")
)

// MaxOrderIDLength is the longest ORDERID the platform accepts.
const MaxOrderIDLength = 30

// ValidateOrderID checks an ORDERID: 1 to 30 characters, none of them a
// control character.
func ValidateOrderID(id string) error {
	if id == "" || len([]rune(id)) > MaxOrderIDLength {
		return &FieldError{Field: "ORDERID", Err: ErrInvalidOrderID}
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7F {
			return &FieldError{Field: "ORDERID", Err: ErrInvalidOrderID}
		}
	}
	return nil
}

// ValidateCurrency checks a CURRENCY: three uppercase ASCII letters.
func ValidateCurrency(code string) error {
	if len(code) != 3 {
		return &FieldError{Field: "CURRENCY", Err: ErrInvalidCurrency}
	}
	for i := 0; i < 3; i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return &FieldError{Field: "CURRENCY", Err: ErrInvalidCurrency}
		}
	}
	return nil
}
