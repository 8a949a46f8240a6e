package ogone

import "strconv"

// NCError is an NCERROR code as the platform sends it, "50001113". Both ""
// and "0" mean no error. The first digit is the family that NCSTATUS
// repeats (Category); the full code says what went wrong (Meaning).
//
// NCError is a code, not a Go error: the library's errors carry it.
type NCError string

// NCERROR codes a shop is likely to meet or to act on. Meaning, Family
// and Retryable know every code of KnownNCErrors, named here or not.
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

// ncEntry is what the library knows about one code (ncerror_table.go).
type ncEntry struct {
	code    NCError
	family  NCFamily
	retry   bool // see NCError.Retryable
	meaning string
}

// ncErrors indexes ncTable by code.
var ncErrors = func() map[NCError]*ncEntry {
	m := make(map[NCError]*ncEntry, len(ncTable))
	for i := range ncTable {
		m[ncTable[i].code] = &ncTable[i]
	}
	return m
}()

// KnownNCErrors returns every code the library explains, in numeric
// order: about 440 codes of the platform's published list. Any other
// well-formed code still has a Category, a Family and a Meaning, from its
// first digit.
func KnownNCErrors() []NCError {
	out := make([]NCError, len(ncTable))
	for i := range ncTable {
		out[i] = ncTable[i].code
	}
	return out
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

// Family says what kind of problem the code reports, which tells who can
// fix it: see NCFamily. A code missing from the table gets the family its
// first digit suggests (2 technical, 3 refused, 5 invalid data), or
// NCFamilyUnknown.
func (e NCError) Family() NCFamily {
	if info, ok := ncErrors[e]; ok {
		return info.family
	}
	switch e.Category() {
	case NCTechnical:
		return NCFamilyTechnical
	case NCRefused:
		return NCFamilyRefused
	case NCInvalidData:
		return NCFamilyInvalidData
	}
	return NCFamilyUnknown
}

// NCFamily is what kind of problem an NCERROR code reports. It is finer
// than NCCategory, which only repeats the first digit: a refusal (3...)
// may come from the merchant's fraud rules, invalid data (5...) may be the
// account's set-up.
type NCFamily uint8

// NCERROR families. The zero value is NCFamilyUnknown.
const (
	// NCFamilyUnknown is a code the library cannot place: malformed, or
	// unknown with a first digit outside 2, 3 and 5. Also "no error".
	NCFamilyUnknown NCFamily = iota
	// NCFamilyTechnical is a technical problem at the platform, the
	// acquirer or the bank. With a 2... code the outcome is uncertain:
	// query the order; otherwise trying later may work.
	NCFamilyTechnical
	// NCFamilyRefused is a refusal by the issuer, the acquirer or the
	// customer's bank, or the customer giving up on the method's page.
	NCFamilyRefused
	// NCFamilyInvalidData is data the shop sent (or the customer typed)
	// that the platform cannot accept: the request must change.
	NCFamilyInvalidData
	// NCFamilyConfiguration is the merchant account's set-up: the
	// credentials, the signature passphrase, the methods, currencies and
	// acquirers the account may use. Only the merchant can fix it, in the
	// back office or with the platform's support.
	NCFamilyConfiguration
	// NCFamilyFraud is a fraud rule: the merchant's blacklists, country
	// and usage limits, the platform's scoring or screening partners.
	NCFamilyFraud
)

var ncFamilyNames = [...]string{
	NCFamilyUnknown:       "unknown",
	NCFamilyTechnical:     "technical",
	NCFamilyRefused:       "refused",
	NCFamilyInvalidData:   "invalid_data",
	NCFamilyConfiguration: "configuration",
	NCFamilyFraud:         "fraud",
}

// String gives the family's lowercase name, "fraud"; a value outside the
// constants gives "NCFamily(9)".
func (f NCFamily) String() string {
	if int(f) < len(ncFamilyNames) {
		return ncFamilyNames[f]
	}
	return "NCFamily(" + strconv.Itoa(int(f)) + ")"
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
