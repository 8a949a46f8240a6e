package shasign_test

import (
	"net/url"
	"slices"

	"github.com/gogone/ogone/shasign"
)

// fieldsOf returns params as a list of fields, sorted by name the way a
// builder's table would list them (alphabetically, not in digest order)
// or, with digestOrder, in digest order.
func fieldsOf(params url.Values, digestOrder bool) []shasign.Field {
	fields := make([]shasign.Field, 0, len(params))
	for name, values := range params {
		fields = append(fields, shasign.Field{Name: name, Value: values[0]})
	}
	slices.SortFunc(fields, func(a, b shasign.Field) int {
		if digestOrder {
			return shasign.Compare(a.Name, b.Name)
		}
		return -shasign.Compare(a.Name, b.Name) // the worst order for the sort
	})
	return fields
}
