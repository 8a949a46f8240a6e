package main

import (
	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
)

// savedCardOrder is the DirectLink order that charges a saved card while
// the customer is at the checkout (ECI 7). The card was stored on the
// payment page because the customer asked for it, so the alias is kept
// after the payment (ALIASPERSISTEDAFTERUSE=Y).
func savedCardOrder(c savedCard, amount decimal.Decimal, cur, ref string, op ogone.Operation) ogone.Order {
	a := &alias.Alias{ID: c.Alias, Brand: c.Brand, CardNumber: c.CardNumber}
	o := alias.Charge(a, amount, cur, ref, alias.CustomerPresent(), alias.KeepAfterUse(true))
	o.Operation = op
	return o
}
