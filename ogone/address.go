package ogone

import (
	"unicode/utf8"
)

// Address is a billing or shipping address with its contact numbers, for
// the issuer's risk analysis: the more of it 3-D Secure v2 receives, the
// more often the customer is authenticated without a challenge. The same
// type serves PaymentPage and Order, as BillTo (ECOM_BILLTO_*) and ShipTo
// (ECOM_SHIPTO_*). Empty fields are left out; a zero Address sends
// nothing.
//
// Each value must be valid UTF-8 without control characters and at most
// the length given in characters (ErrTooLong otherwise); CountryCode is
// two uppercase letters (ErrInvalidCountry).
type Address struct {
	FirstName    string // _POSTAL_NAME_FIRST: at most 50
	LastName     string // _POSTAL_NAME_LAST: at most 50
	Street1      string // _POSTAL_STREET_LINE1: at most 35
	Street2      string // _POSTAL_STREET_LINE2: at most 35
	Street3      string // _POSTAL_STREET_LINE3: at most 35
	StreetNumber string // _POSTAL_STREET_NUMBER: at most 10
	PostalCode   string // _POSTAL_POSTALCODE: at most 10
	City         string // _POSTAL_CITY: at most 25
	CountryCode  string // _POSTAL_COUNTRYCODE: ISO 3166-1 alpha-2, such as "BE"
	County       string // _POSTAL_COUNTY: state, province or county, at most 25
	Phone        string // _TELECOM_PHONE_NUMBER: at most 20
	Mobile       string // _TELECOM_MOBILE_NUMBER: at most 20
}

// addressField is one field of an Address on the wire: the name after the
// ECOM_BILLTO_ or ECOM_SHIPTO_ prefix and the longest value accepted.
type addressField struct {
	suffix string
	max    int
	value  func(*Address) string
}

// addressFields lists them in the order they are checked.
var addressFields = []addressField{
	{"POSTAL_NAME_FIRST", 50, func(a *Address) string { return a.FirstName }},
	{"POSTAL_NAME_LAST", 50, func(a *Address) string { return a.LastName }},
	{"POSTAL_STREET_LINE1", 35, func(a *Address) string { return a.Street1 }},
	{"POSTAL_STREET_LINE2", 35, func(a *Address) string { return a.Street2 }},
	{"POSTAL_STREET_LINE3", 35, func(a *Address) string { return a.Street3 }},
	{"POSTAL_STREET_NUMBER", 10, func(a *Address) string { return a.StreetNumber }},
	{"POSTAL_POSTALCODE", 10, func(a *Address) string { return a.PostalCode }},
	{"POSTAL_CITY", 25, func(a *Address) string { return a.City }},
	{"POSTAL_COUNTY", 25, func(a *Address) string { return a.County }},
	{"TELECOM_PHONE_NUMBER", 20, func(a *Address) string { return a.Phone }},
	{"TELECOM_MOBILE_NUMBER", 20, func(a *Address) string { return a.Mobile }},
}

// addressPrefixes are the two families an Address is sent as.
const (
	billToPrefix = "ECOM_BILLTO_"
	shipToPrefix = "ECOM_SHIPTO_"
)

// addressNames returns the names of an Address's parameters under prefix.
func addressNames(prefix string) []string {
	names := make([]string, 0, len(addressFields)+1)
	for _, f := range addressFields {
		names = append(names, prefix+f.suffix)
	}
	return append(names, prefix+"POSTAL_COUNTRYCODE")
}

// addAddress appends a's fields under prefix; a nil a sends nothing.
func (b *builder) addAddress(prefix string, a *Address) {
	if a == nil {
		return
	}
	for _, f := range addressFields {
		b.addLimited(prefix+f.suffix, f.value(a), f.max)
	}
	if c := a.CountryCode; c != "" && !validCountry(c) {
		b.fail(prefix+"POSTAL_COUNTRYCODE", ErrInvalidCountry)
	} else {
		b.add(prefix+"POSTAL_COUNTRYCODE", c)
	}
}

// addLimited appends a value of at most max characters.
func (b *builder) addLimited(name, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		b.fail(name, ErrTooLong)
		return
	}
	b.add(name, value)
}

// validCountry reports whether c is written as an ISO 3166-1 alpha-2 code.
func validCountry(c string) bool { return len(c) == 2 && upperLetters(c) }
