package main

import (
	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/ogone"
)

// savedCardOrder is the DirectLink order that charges a saved card while
// the customer is at the checkout (ECI 7).
func savedCardOrder(aliasID string, amount decimal.Decimal, cur, ref string, op ogone.Operation) ogone.Order {
	return ogone.Order{OrderID: ref, Amount: amount, Currency: cur, Operation: op, Alias: aliasID, ECI: ogone.ECIECommerce}
}
