package alias

import (
	"errors"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// The package's sentinel errors, for errors.Is, by category. Every message
// starts with "alias: ", or with the name of the package that owns the
// sentinel when it is another package's (shasign, ogone): those are the
// same values, not copies.
//
// Problems with one parameter of a result travel in an *ogone.FieldError
// that names it (never its value) and wraps one of these,
// ogone.ErrMissingField, ogone.ErrInvalidValue, ogone.ErrInvalidOrderID,
// ogone.ErrInvalidExpiry or an *IDError.
var (
	// Configuration: what NewClient and a Client's methods return.

	// ErrMissingSHAOut means the Config has no SHA-OUT passphrase. Without
	// it a registration result cannot be verified, and an unverified
	// result is anyone's word that a card was stored. It is
	// ogone.ErrMissingSHAOut.
	ErrMissingSHAOut = ogone.ErrMissingSHAOut
	// ErrNoClient means a method was called on a nil Client or one not
	// made by NewClient. It is ogone.ErrNoClient.
	ErrNoClient = ogone.ErrNoClient

	// Signature: what Verify refuses before reading anything.

	// ErrUnverified wraps every signature failure (with the shasign
	// sentinel: ErrMissingSignature, ErrSignatureMismatch,
	// ErrAmbiguousParameter, ...): the parameters did not come from the
	// platform, or were changed on the way. Nothing of them may be used.
	ErrUnverified = errors.New("alias: result not signed by the platform")
	// ErrBadSignature and ErrMissingSignature are the shasign sentinels
	// that ErrUnverified comes with, under the names package feedback
	// gives them: errors.Is(err, alias.ErrBadSignature) and
	// errors.Is(err, feedback.ErrBadSignature) agree.
	ErrBadSignature     = shasign.ErrSignatureMismatch
	ErrMissingSignature = shasign.ErrMissingSignature
	// ErrNotAliasResult means parameters that are neither a FlexCheckout
	// nor an Alias Gateway result, or hold names of both.
	ErrNotAliasResult = errors.New("alias: parameters are not an Alias Gateway or FlexCheckout result")

	// Result fields: signed parameters that do not read as the platform
	// writes them, inside an *ogone.FieldError naming the parameter.

	// ErrInvalidStatus means a registration status other than 0, 1, 2 and
	// 3 (or 3 from Alias Gateway). An unknown status is refused rather than
	// kept: the shop could not tell whether a card was stored. It is
	// ogone.ErrInvalidStatus; the message says which statuses a
	// registration has.
	ErrInvalidStatus = ogone.ErrInvalidStatus
	// ErrInvalidNCError means an NCERROR code that is not 1 to 10 digits.
	ErrInvalidNCError = errors.New("alias: NCERROR code must be digits")
	// ErrUnmaskedCardNumber means a card number that does not look masked
	// (more than the first six and last four digits visible). It is
	// refused rather than kept, so that no full card number reaches the
	// shop's database; the value never appears in the error.
	ErrUnmaskedCardNumber = errors.New("alias: card number is not masked")
	// ErrInvalidBIN means a BIN that is not 6 to 8 digits.
	ErrInvalidBIN = errors.New("alias: BIN must be 6 to 8 digits")
	// ErrInvalidStorage means a Storage outside its constants on a
	// request, or a store-permanently flag other than Y and N in a result.
	ErrInvalidStorage = errors.New("alias: storage must be permanent (Y), temporary (N) or unspecified")
	// ErrInvalidID is the sentinel of every *IDError: an alias id must be
	// 1 to 50 characters of A-Z, a-z, 0-9, '_' and '-'. It is
	// ogone.ErrInvalidAlias, what the hosted page reports for its ALIAS.
	ErrInvalidID = ogone.ErrInvalidAlias

	// Outcome: what an *Error, a verified result that stored no card,
	// matches.

	// ErrRefused: the platform refused the card data (status 1, NOK) and
	// stored nothing. The customer may correct the card and try again.
	ErrRefused = errors.New("alias: card refused")
	// ErrCancelled: the customer left FlexCheckout without saving a card
	// (status 3).
	ErrCancelled = errors.New("alias: cancelled by the customer")
)

// errRegistrationStatus is ErrInvalidStatus in the words of a card
// registration, whose statuses are not a payment's.
var errRegistrationStatus error = registrationStatusError{}

type registrationStatusError struct{}

func (registrationStatusError) Error() string {
	return "alias: invalid registration status: want 0, 1, 2 or 3 (3 from FlexCheckout only)"
}

func (registrationStatusError) Unwrap() error { return ErrInvalidStatus }
