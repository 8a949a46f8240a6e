package alias

import (
	"github.com/gogone/ogone/ogone"
	"github.com/shopspring/decimal"
)

// ChargeOption adjusts the order Charge makes.
type ChargeOption func(*chargeSettings)

type chargeSettings struct {
	eci  ogone.ECI
	keep *bool
}

// Recurring marks the charge as started by the merchant while the customer
// is away, such as a subscription's monthly payment (ECI 9, recurring
// e-commerce: a later payment of a customer who first paid online). It is
// Charge's default; say it anyway where it documents the intent.
func Recurring() ChargeOption {
	return func(s *chargeSettings) { s.eci = ogone.ECIRecurringECommerce }
}

// CustomerPresent marks the charge as one the customer is making now, at
// the shop's checkout, with a card saved earlier (ECI 7, e-commerce).
func CustomerPresent() ChargeOption {
	return func(s *chargeSettings) { s.eci = ogone.ECIECommerce }
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
// the merchant starts (ECI 9, Recurring); pass CustomerPresent for a
// customer paying at the checkout with a saved card (ECI 7). The acquirer
// agreement says which the shop may use; a wrong ECI can get the charge
// declined or shift the liability for fraud to the merchant.
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
	s := chargeSettings{eci: ogone.ECIRecurringECommerce}
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
