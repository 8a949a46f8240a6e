package alias

import (
	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
)

// ChargeOption adjusts the order Charge makes.
type ChargeOption func(*chargeSettings)

type chargeSettings struct {
	eci  ogone.ECI
	cof  ogone.CredentialOnFile
	keep *bool
}

// Recurring marks the charge as one of a schedule that the merchant starts
// while the customer is away, such as a subscription's monthly payment:
// ECI 9 (recurring e-commerce) and credential on file MIT / SUBSEQ /
// SCHED. It is Charge's default; say it anyway where it documents the
// intent.
func Recurring() ChargeOption {
	return func(s *chargeSettings) {
		s.eci = ogone.ECIRecurringECommerce
		s.cof = ogone.CredentialOnFile{Initiator: ogone.COFMerchant, Transaction: ogone.COFSubsequent, Schedule: ogone.COFScheduled}
	}
}

// MerchantUnscheduled marks the charge as one the merchant starts at no
// fixed time while the customer is away, such as a top-up when a balance
// runs low or a late fee the customer agreed to: ECI 9 and credential on
// file MIT / SUBSEQ / UNSCHED.
func MerchantUnscheduled() ChargeOption {
	return func(s *chargeSettings) {
		s.eci = ogone.ECIRecurringECommerce
		s.cof = ogone.CredentialOnFile{Initiator: ogone.COFMerchant, Transaction: ogone.COFSubsequent, Schedule: ogone.COFUnscheduled}
	}
}

// CustomerPresent marks the charge as one the customer is making now, at
// the shop's checkout, with a card saved earlier: ECI 7 (e-commerce) and
// credential on file CIT / SUBSEQ / UNSCHED. The customer is there to
// authenticate, so the shop should ask for 3-D Secure: set the order's
// ThreeDSecure, with the customer's browser data in its Browser
// (ogone.BrowserInfoFromRequest), or the order is refused before it is
// sent.
func CustomerPresent() ChargeOption {
	return func(s *chargeSettings) {
		s.eci = ogone.ECIECommerce
		s.cof = ogone.CredentialOnFile{Initiator: ogone.COFCustomer, Transaction: ogone.COFSubsequent, Schedule: ogone.COFUnscheduled}
	}
}

// FirstPayment marks the charge as the customer's first payment with a
// card that FlexCheckout or Alias Gateway has just stored for later:
// ECI 7 and credential on file CIT / FIRST with schedule
// (ogone.COFScheduled for a subscription, ogone.COFUnscheduled for a card
// saved for the next checkouts). Like CustomerPresent it should go with
// 3-D Secure, which usually asks for ogone.ChallengeMandated here.
func FirstPayment(schedule string) ChargeOption {
	return func(s *chargeSettings) {
		s.eci = ogone.ECIECommerce
		s.cof = ogone.CredentialOnFile{Initiator: ogone.COFCustomer, Transaction: ogone.COFFirst, Schedule: schedule}
	}
}

// KeepAfterUse decides ALIASPERSISTEDAFTERUSE: true asks the platform to
// keep the alias stored after this payment; false leaves the parameter out,
// so that an alias stored temporarily is deleted after its first use.
// Without this option Charge keeps the alias exactly when the result said
// it is stored permanently.
func KeepAfterUse(keep bool) ChargeOption {
	return func(s *chargeSettings) { s.keep = &keep }
}

// Charge returns the DirectLink order that charges amount to the card
// stored under a, for ogone.Client.Sale (authorised and captured at once)
// or ogone.Client.Authorize (reserved, captured later):
//
//	reply, err := client.Sale(ctx, alias.Charge(a, amount, "EUR", "sub-1001-02"))
//
// The order names the card by its alias only; no card data is involved,
// and no CVC, which nobody keeps. By default it is a recurring charge that
// the merchant starts (Recurring: ECI 9, credential on file MIT / SUBSEQ /
// SCHED); pass CustomerPresent for a customer paying at the checkout with
// a saved card (ECI 7, CIT / SUBSEQ / UNSCHED), MerchantUnscheduled for a
// charge the merchant starts at no fixed time (ECI 9, MIT / SUBSEQ /
// UNSCHED), or FirstPayment right after the card was stored. The order's
// CredentialOnFile is set accordingly, a new value each time. The acquirer
// agreement says which ECI the shop may use; a wrong ECI or credential on
// file can get the charge declined or shift the liability for fraud to
// the merchant.
//
// ALIASPERSISTEDAFTERUSE=Y is sent when a.Storage is StoragePermanent, so
// that the charge never deletes a card the customer asked to save; see
// KeepAfterUse to decide otherwise.
//
// Charge checks nothing itself: the order is a plain value the shop may
// still change (Description, RemoteAddr, Timeout, ...), and ogone.Client
// validates it before sending, reporting a missing alias (a nil a) as
// ogone.ErrMissingCardOrAlias and a bad amount, currency or order id as
// *ogone.FieldError values.
func Charge(a *Alias, amount decimal.Decimal, currency, orderID string, opts ...ChargeOption) ogone.Order {
	var s chargeSettings
	Recurring()(&s)
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	o := ogone.Order{
		OrderID:  orderID,
		Amount:   amount,
		Currency: currency,
		ECI:      s.eci,
	}
	cof := s.cof
	o.CredentialOnFile = &cof
	if a == nil {
		return o
	}
	o.Alias = a.ID
	o.AliasPersistedAfterUse = a.Storage == StoragePermanent
	if s.keep != nil {
		o.AliasPersistedAfterUse = *s.keep
	}
	return o
}
