package main

import (
	"github.com/shopspring/decimal"
)

// currency is the only one the demo sells in.
const currency = "EUR"

// product is an item for sale. Prices are exact decimals, never floats.
type product struct {
	ID          string
	Name        string
	Description string
	Price       decimal.Decimal
}

// catalog is the shop's whole range. A real shop reads it from a database;
// what matters here is that the price comes from the server, never from the
// customer's form.
var catalog = []product{
	{
		ID:          "beans",
		Name:        "Espresso beans, 250 g",
		Description: "Dark roast, chocolate and hazelnut.",
		Price:       decimal.RequireFromString("15.50"),
	},
	{
		ID:          "mug",
		Name:        "Stoneware mug",
		Description: "Holds a double espresso and then some.",
		Price:       decimal.RequireFromString("12.00"),
	},
	{
		ID:          "grinder",
		Name:        "Hand grinder",
		Description: "Ceramic burrs, 40 settings.",
		Price:       decimal.RequireFromString("89.90"),
	},
}

func findProduct(id string) (product, bool) {
	for _, p := range catalog {
		if p.ID == id {
			return p, true
		}
	}
	return product{}, false
}

// maxQuantity bounds one cart line: a typo must not order ten thousand mugs.
const maxQuantity = 20

// cartLine is one product in a cart or an order, with the price it had when
// the customer checked out.
type cartLine struct {
	ProductID string
	Name      string
	Quantity  int
	UnitPrice decimal.Decimal
}

// Total is the line's price.
func (l cartLine) Total() decimal.Decimal {
	return l.UnitPrice.Mul(decimal.NewFromInt(int64(l.Quantity)))
}

// cartLines turns quantities by product into priced lines, in catalog order.
func cartLines(quantities map[string]int) []cartLine {
	var lines []cartLine
	for _, p := range catalog {
		if n := quantities[p.ID]; n > 0 {
			lines = append(lines, cartLine{ProductID: p.ID, Name: p.Name, Quantity: n, UnitPrice: p.Price})
		}
	}
	return lines
}

func linesTotal(lines []cartLine) decimal.Decimal {
	total := decimal.Zero
	for _, l := range lines {
		total = total.Add(l.Total())
	}
	return total
}
