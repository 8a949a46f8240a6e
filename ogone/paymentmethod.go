package ogone

import "strings"

// PaymentMethod is a PM value: the kind of payment ("CreditCard",
// "iDEAL"). The constants are the spellings the platform uses; any other
// PM converts too, PaymentMethod("giropay").
type PaymentMethod string

// Brand is a BRAND value: within a PaymentMethod, which scheme or bank
// ("VISA", "BCMC"). Any other BRAND converts too, Brand("Maestro").
type Brand string

// PM values of the methods merchants use most. The spellings are those
// public integrations send and receive: the PM and BRAND table of a Magento
// Barclaycard ePDQ module, the BRAND list of a WordPress Ingenico gateway,
// and the method table of a PrestaShop Ingenico module.
const (
	PMCreditCard   PaymentMethod = "CreditCard"    // every card brand, Bancontact included
	PMiDEAL        PaymentMethod = "iDEAL"         // Dutch online banking
	PMPayPal       PaymentMethod = "PAYPAL"        // PayPal Express Checkout
	PMBankTransfer PaymentMethod = "Bank transfer" // the customer wires the money later
)

// BRAND values of the methods merchants use most.
const (
	BrandVISA         Brand = "VISA"
	BrandMasterCard   Brand = "MasterCard"
	BrandAmex         Brand = "American Express"
	BrandBancontact   Brand = "BCMC" // Bancontact (formerly Bancontact/Mister Cash)
	BrandiDEAL        Brand = "iDEAL"
	BrandPayPal       Brand = "PAYPAL"
	BrandBankTransfer Brand = "Bank transfer"
)

// Method is a PM and BRAND pair, as a hosted page request names the
// method to use and as feedback reports the one used.
type Method struct {
	PM    PaymentMethod
	Brand Brand
}

// The methods the library knows, beyond the card brands. The statuses are
// those of a sale (OPERATION=SAL); an authorisation (RES) gives 5 where a
// sale gives 9, except for iDEAL and bank transfers, which are always sales.
var (
	// MethodIDEAL: the customer pays in their bank's site and comes back;
	// STATUS 9 at once, or 2 if the bank refuses.
	MethodIDEAL = Method{PMiDEAL, BrandiDEAL}
	// MethodPayPal: the customer approves in PayPal and comes back; STATUS
	// 9 (5 for RES), or 2 if PayPal refuses.
	MethodPayPal = Method{PMPayPal, BrandPayPal}
	// MethodBancontact: the Belgian debit card, paid on the hosted page
	// like a card; STATUS 9 (5 for RES), or 2.
	MethodBancontact = Method{PMCreditCard, BrandBancontact}
	// MethodBankTransfer: the platform shows the customer where to wire
	// the money; STATUS 41 (waiting for the client's payment) at once, then
	// a later feedback with 9 when the money arrives.
	MethodBankTransfer = Method{PMBankTransfer, BrandBankTransfer}
)

// WaitsForCustomer reports whether the method's payment is complete only
// later, when the customer acts outside the page: the order stays in
// STATUS 41 until then, and a second feedback brings the final status.
// That is PMBankTransfer and its per-country forms ("Bank transfer BE").
func (m Method) WaitsForCustomer() bool {
	const prefix = string(PMBankTransfer) + " "
	pm := string(m.PM)
	return m.PM.Is(PMBankTransfer) || len(pm) > len(prefix) && equalFoldASCII(pm[:len(prefix)], prefix)
}

// Is reports whether pm and other name the same method, in any ASCII
// case ("PAYPAL", "PayPal"). Other Unicode case folds do not count: "ſ"
// (U+017F) is not an "s" here, as it is not for the platform's names.
func (pm PaymentMethod) Is(other PaymentMethod) bool {
	return equalFoldASCII(string(pm), string(other))
}

// Is reports whether b and other name the same brand, in any ASCII case,
// as PaymentMethod.Is does.
func (b Brand) Is(other Brand) bool { return equalFoldASCII(string(b), string(other)) }

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// listName is how PMLIST and EXCLPMLIST name the method: by brand for a
// card (the platform lists card brands there), by PM otherwise.
func (m Method) listName() string {
	if m.PM == PMCreditCard && m.Brand != "" {
		return string(m.Brand)
	}
	return string(m.PM)
}

// PaymentMethodList is a PMLIST or EXCLPMLIST value: PMs and card brands
// separated by ';', such as "VISA;iDEAL".
type PaymentMethodList string

// ListMethods writes a PaymentMethodList of ms: a card method by its
// brand, any other by its PM, in the order given, each once.
func ListMethods(ms ...Method) PaymentMethodList {
	var names []string
	for _, m := range ms {
		if n := m.listName(); n != "" && !containsFoldASCII(names, n) {
			names = append(names, n)
		}
	}
	return PaymentMethodList(strings.Join(names, ";"))
}

func containsFoldASCII(list []string, s string) bool {
	for _, x := range list {
		if equalFoldASCII(x, s) {
			return true
		}
	}
	return false
}
