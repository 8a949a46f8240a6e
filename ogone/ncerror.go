package ogone

import "strconv"

// NCError is an NCERROR code as the platform sends it, "50001113". Both ""
// and "0" mean no error. The first digit is the family that NCSTATUS
// repeats (Category); the full code says what went wrong (Meaning).
//
// NCError is a code, not a Go error: the library's errors carry it.
type NCError string

// NCERROR codes a shop is likely to meet or to act on. Meaning and
// Retryable also know some codes without a name here, such as the
// card-field errors 50001174 to 50001183.
const (
	NCErrorNone NCError = "0" // no error; "" means the same

	// NCErrorUnknownAcquirerStatus: the acquirer's answer was unclear. The
	// platform settles the transaction later; query it, never resend it.
	NCErrorUnknownAcquirerStatus NCError = "20001001"

	NCErrorPaymentRefused         NCError = "30001001" // refused by the acquirer or issuer, no reason given
	NCErrorDuplicateRequest       NCError = "30001002" // the acquirer saw the same request twice
	NCErrorCardBlacklisted        NCError = "30001012" // the acquirer blacklisted the card
	NCErrorCVCCheckFailed         NCError = "30001090" // the acquirer found the CVC wrong
	NCErrorFraudScoreTooHigh      NCError = "30001180" // the fraud module's score reached its maximum
	NCErrorTemporarilyUnavailable NCError = "30001999" // the payment system or the acquirer is briefly unavailable
	NCErrorRetainCard             NCError = "30041001" // the issuer asks to retain the card
	NCErrorAuthorizationDeclined  NCError = "30051001" // the issuer declined
	NCErrorInvalidAmount          NCError = "30131001" // the acquirer found the amount invalid
	NCErrorInvalidCardNumber      NCError = "30141001" // the issuer knows no such card number
	NCErrorCancelledByCustomer    NCError = "30171001" // the customer cancelled on the payment method's page
	NCErrorCardExpired            NCError = "30331001"
	NCErrorSuspectedFraud         NCError = "30341001"
	NCErrorLostCard               NCError = "30411001"
	NCErrorStolenCard             NCError = "30431001"
	NCErrorInsufficientFunds      NCError = "30511001"
	NCErrorAmountOverCardLimit    NCError = "30611001"
	NCErrorRestrictedCard         NCError = "30621001"
	NCErrorAcquirerUnavailable    NCError = "30911001"
	NCErrorDuplicateTransaction   NCError = "30941001" // the acquirer already has this transaction
	NCErrorInvalidExpiryDate      NCError = "31061001"

	NCError3DSFailed NCError = "40001134" // the customer failed 3-D Secure authentication
	// NCErrorSoftDecline is the issuer's soft decline: it refused a
	// payment made without 3-D Secure and would consider it with one.
	// Send the order again, with a new ORDERID, with ThreeDSecure and the
	// customer's browser data.
	NCErrorSoftDecline NCError = "40001139"

	NCErrorUnknownCardType NCError = "50001001"
	// NCError3DSRequired: the issuer insists on 3-D Secure, which the
	// request did not ask for (FLAG3D).
	NCError3DSRequired      NCError = "50001087"
	NCErrorCVCMissing       NCError = "50001090" // CVC check configured but no CVC given
	NCErrorDataValidation   NCError = "50001111" // a field of the request is invalid; NCERRORPLUS says more
	NCErrorDuplicateOrder   NCError = "50001113" // ORDERID already used; the reply carries the existing PAYID
	NCErrorUnknownPSPID     NCError = "50001118"
	NCErrorWrongAPIPassword NCError = "50001119" // API user's password wrong, or the user is locked after errors
	NCErrorInvalidCurrency  NCError = "50001120"
	// NCErrorCaptureExceedsOrder: the captures would exceed what was
	// authorized.
	NCErrorCaptureExceedsOrder NCError = "50001126"
	// NCErrorWrongOrderStatus: the order's status does not allow the
	// maintenance operation, typically because it was already done (a
	// second capture, a deletion of a deleted authorization). Query the
	// order rather than assume the first attempt failed.
	NCErrorWrongOrderStatus   NCError = "50001127"
	NCErrorRefundExceedsOrder NCError = "50001129" // refunds would exceed what was captured
	NCErrorOrderNotAccessible NCError = "50001130" // the order to maintain could not be found or read
	NCErrorSHAMismatch        NCError = "50001184" // SHASIGN does not match the SHA-IN passphrase and parameters
)

// ncInfo is what the library knows about one code.
type ncInfo struct {
	meaning string
	retry   bool // see NCError.Retryable
}

// ncErrors gives meanings checked against the platform's published error
// list as public integrations reproduce it: the Barclaycard ePDQ error
// table of a WooCommerce gateway, the error table of the LiteCommerce
// (X-Cart) Ogone DirectLink module, and the NCERROR, NCERRORCN,
// NCERRORCARDNO, NCERRORCVC and NCERRORED tables of an ASP.NET Ogone
// integration. The families (first digit) follow PostFinance's transaction
// status guide. Codes on which these sources disagree are left out.
var ncErrors = map[NCError]ncInfo{
	NCErrorUnknownAcquirerStatus: {"unknown status from the acquirer", false},

	NCErrorPaymentRefused:         {"payment refused by the acquirer", true},
	NCErrorDuplicateRequest:       {"duplicate request", false},
	NCErrorCardBlacklisted:        {"card blacklisted", false},
	NCErrorCVCCheckFailed:         {"CVC check failed at the acquirer", true},
	NCErrorFraudScoreTooHigh:      {"fraud score too high", false},
	NCErrorTemporarilyUnavailable: {"payment system or acquirer temporarily unavailable", true},
	NCErrorRetainCard:             {"retain card", false},
	NCErrorAuthorizationDeclined:  {"authorization declined", true},
	NCErrorInvalidAmount:          {"invalid amount", false},
	NCErrorInvalidCardNumber:      {"invalid card number", true},
	NCErrorCancelledByCustomer:    {"payment cancelled by the customer", true},
	NCErrorCardExpired:            {"card expired", true},
	NCErrorSuspectedFraud:         {"suspected fraud", false},
	NCErrorLostCard:               {"lost card", false},
	NCErrorStolenCard:             {"stolen card", false},
	NCErrorInsufficientFunds:      {"insufficient funds", true},
	"30541001":                    {"card expired", true},
	NCErrorAmountOverCardLimit:    {"amount over the card's limit", true},
	NCErrorRestrictedCard:         {"restricted card", true},
	NCErrorAcquirerUnavailable:    {"acquirer unavailable", true},
	NCErrorDuplicateTransaction:   {"duplicate transaction", false},
	NCErrorInvalidExpiryDate:      {"invalid expiry date", true},

	NCError3DSFailed:   {"authentication failed", true},
	"40001135":         {"authentication temporarily unavailable", true},
	"40001137":         {"refused by the issuer: authorisation asked without 3-D Secure", true},
	NCErrorSoftDecline: {"soft decline: the issuer wants 3-D Secure; retry with it", true},

	NCErrorUnknownCardType:     {"unknown card type", true},
	"50001054":                 {"card number incorrect or of no accepted brand", true},
	NCError3DSRequired:         {"transaction requires authentication", false},
	NCErrorCVCMissing:          {"CVC missing", true},
	NCErrorDataValidation:      {"data validation error", false},
	NCErrorDuplicateOrder:      {"order already processed", false},
	NCErrorUnknownPSPID:        {"PSPID not found or incorrect", false},
	NCErrorWrongAPIPassword:    {"API password incorrect or disabled", false},
	NCErrorInvalidCurrency:     {"invalid currency", false},
	"50001121":                 {"too many decimals for the currency", false},
	"50001122":                 {"currency not accepted by the merchant", false},
	NCErrorCaptureExceedsOrder: {"captures exceed the order", false},
	NCErrorWrongOrderStatus:    {"order status does not allow the operation", false},
	NCErrorRefundExceedsOrder:  {"refunds exceed the order", false},
	NCErrorOrderNotAccessible:  {"original order not accessible", false},
	"50001134":                 {"authentication failed", true},
	"50001174":                 {"cardholder name too long", true},
	"50001176":                 {"card number too long", true},
	"50001177":                 {"card number not numeric", true},
	"50001178":                 {"card number empty", true},
	"50001179":                 {"CVC too long", true},
	"50001180":                 {"CVC not numeric", true},
	"50001181":                 {"expiry date not numeric", true},
	"50001182":                 {"invalid expiry month", true},
	"50001183":                 {"expiry date in the past", true},
	NCErrorSHAMismatch:         {"SHA-IN signature mismatch", false},
	"50001186":                 {"operation not permitted: an alias exists for this order", false},
	"50001187":                 {"operation not permitted: the alias already exists", false},
	"55555555":                 {"general error", false},
}

// wellFormed reports whether e looks like a code at all: ASCII digits, at
// most 10 of them (the platform's codes have 8; older lists pad some to
// 10). Anything else is treated as garbage and never echoed.
func (e NCError) wellFormed() bool {
	if e == "" || len(e) > 10 {
		return false
	}
	for i := 0; i < len(e); i++ {
		if !isDigit(e[i]) {
			return false
		}
	}
	return true
}

// OK reports whether the code means no error: "" or "0".
func (e NCError) OK() bool { return e == "" || e == NCErrorNone }

// Category gives the code's family, from its first digit. NCOther covers
// families outside NCSTATUS's 0, 2, 3 and 5 (1 communication, 4
// authentication and technical, 6 direct debit) and malformed codes.
func (e NCError) Category() NCCategory {
	switch {
	case e.OK():
		return NCOK
	case !e.wellFormed():
		return NCOther
	}
	switch e[0] {
	case '2':
		return NCTechnical
	case '3':
		return NCRefused
	case '5':
		return NCInvalidData
	}
	return NCOther
}

// Meaning describes the code in a few words. For a code missing from the
// library's table it describes the family instead, so that a new code
// still reads sensibly.
func (e NCError) Meaning() string {
	if e.OK() {
		return "no error"
	}
	if info, ok := ncErrors[e]; ok {
		return info.meaning
	}
	if !e.wellFormed() {
		return "malformed NCERROR"
	}
	return e.Category().meaning()
}

// Retryable reports whether the customer may try to pay again and expect
// a different answer: with another card, after correcting what they typed,
// or later. It is false when only the merchant can fix the cause (account
// set-up, signature, request data), when the order already exists, when
// the card is reported lost, stolen or fraudulent (inviting retries there
// helps card testing), and when the outcome is uncertain: then the first
// attempt may have been charged, so query the order before anything else.
// Codes missing from the table follow their family: only refusals (3...)
// are retryable.
func (e NCError) Retryable() bool {
	if info, ok := ncErrors[e]; ok {
		return info.retry
	}
	return e.Category() == NCRefused
}

// Uncertain reports whether the code is of the technical family (2...),
// where the platform does not know whether the money moved. Query the
// order (direct query) instead of sending the operation again.
func (e NCError) Uncertain() bool { return e.Category() == NCTechnical }

// String gives the code and its meaning, "50001113 order already
// processed". A value that is not a code is shown as "malformed NCERROR",
// without the value: it came from outside and may be anything.
func (e NCError) String() string {
	switch {
	case e == "":
		return "no error"
	case !e.wellFormed():
		return "malformed NCERROR"
	}
	return string(e) + " " + e.Meaning()
}

// NCCategory is the family of an NCERROR code, the digit the platform also
// sends as NCSTATUS. The zero value is NCOther, so that an unset category
// never reads as success.
type NCCategory uint8

// NCERROR families.
const (
	// NCOther is a family outside NCSTATUS's 0, 2, 3 and 5, or a malformed
	// code.
	NCOther NCCategory = iota
	// NCOK means no error (NCSTATUS 0).
	NCOK
	// NCTechnical is a technical problem whose outcome is uncertain
	// (2..., NCSTATUS 2; STATUS 52 or 92 go with it): query, never retry.
	NCTechnical
	// NCRefused is a refusal by the acquirer, the issuer or the fraud
	// checks (3..., NCSTATUS 3; STATUS 2 or 93 go with it).
	NCRefused
	// NCInvalidData is invalid or missing data in the request (5...,
	// NCSTATUS 5; STATUS 0 goes with it), mostly the merchant's to fix.
	NCInvalidData
)

var ncCategoryNames = [...]string{
	NCOther:       "other",
	NCOK:          "ok",
	NCTechnical:   "technical",
	NCRefused:     "refused",
	NCInvalidData: "invalid_data",
}

// String gives the family's lowercase name, "refused"; a value outside the
// constants gives "NCCategory(9)".
func (c NCCategory) String() string {
	if int(c) < len(ncCategoryNames) {
		return ncCategoryNames[c]
	}
	return "NCCategory(" + strconv.Itoa(int(c)) + ")"
}

// meaning is what Meaning says of a code that the table lacks.
func (c NCCategory) meaning() string {
	switch c {
	case NCOK:
		return "no error"
	case NCTechnical:
		return "technical problem, outcome uncertain"
	case NCRefused:
		return "refused"
	case NCInvalidData:
		return "invalid data"
	}
	return "unrecognized error"
}
