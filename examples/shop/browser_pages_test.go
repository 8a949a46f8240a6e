package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/ogone/ogonetest"
)

// The page checks read what Chromium laid out (positions, computed styles,
// texts) with one script per page and compare numbers and strings: each
// fails when the page looks wrong, with no screenshot to judge by eye.

// productCard is a product card as laid out.
type productCard struct {
	ID string
	// TitleGap is the distance from the inside of the card's top (below
	// its border and padding) to the top of its title, in CSS pixels.
	TitleGap float64
	Padding  float64 // the card's top padding, for the message
}

const readProductCards = `[...document.querySelectorAll(".product")].map(card => {
	const cs = getComputedStyle(card), title = card.querySelector("h2");
	return {
		ID: card.id,
		TitleGap: title.getBoundingClientRect().top - card.getBoundingClientRect().top
			- parseFloat(cs.borderTopWidth) - parseFloat(cs.paddingTop),
		Padding: parseFloat(cs.paddingTop),
	};
})`

// idCell is the order id cell of a row of the admin table, as laid out.
type idCell struct {
	ID         string
	Lines      int     // line boxes the id's link takes
	Height     float64 // of the link
	LineHeight float64 // of the cell's text
}

const readIDCells = `[...document.querySelectorAll("#admin-orders td.id a")].map(a => ({
	ID: a.textContent.trim(),
	Lines: a.getClientRects().length,
	Height: a.getBoundingClientRect().height,
	LineHeight: parseFloat(getComputedStyle(a.parentElement).lineHeight),
}))`

// readOverflow measures by how many pixels the element sel sticks out to
// the right of the page's content box.
func readOverflow(sel string) string {
	return `(() => { const b = document.body, cs = getComputedStyle(b);
	return document.querySelector("` + sel + `").getBoundingClientRect().right
		- (b.getBoundingClientRect().right - parseFloat(cs.paddingRight)); })()`
}

// noticeView is a notice (or the error page's message) as shown.
type noticeView struct {
	Text, Class, Role, Background, Color string
}

// readNotice reads the element with the given id, or null.
func readNotice(id string) string {
	return `(() => { const n = document.getElementById("` + id + `"); if (!n) return null;
	const cs = getComputedStyle(n);
	return {Text: n.textContent.trim(), Class: n.className, Role: n.getAttribute("role") || "",
		Background: cs.backgroundColor, Color: cs.color}; })()`
}

// checkPages visits every page of the shop in Chromium, with a declined
// order of its own, and checks what the customer and the admin see.
func checkPages(t *testing.T, ctx context.Context, ts *testShop) {
	declined := buyInChromium(t, ctx, ts, ogonetest.CardRefused)
	id := strings.TrimPrefix(declined.Location, ts.url+"/orders/")
	require.True(t, strings.HasPrefix(id, "SO-"), declined.Location)

	t.Run("declined order", func(t *testing.T) {
		assert.Equal(t, "declined", declined.State)
		assert.Regexp(t, `^Declined: `, declined.Payment)
		assert.NotContains(t, declined.Text, "Paid with")
	})

	t.Run("products", func(t *testing.T) {
		var cards []productCard
		require.NoError(t, chromedp.Run(ctx, goTo(ts.url+"/", ".product"), chromedp.Evaluate(readProductCards, &cards)))
		require.Len(t, cards, len(catalog))
		for _, c := range cards {
			// The title starts where the card's padding ends: no empty
			// band (a heading's own top margin) above it.
			assert.InDelta(t, 0, c.TitleGap, 2, "%s: %.1fpx between the card's padding (%.0fpx) and its title", c.ID, c.TitleGap, c.Padding)
		}
	})

	t.Run("notices", func(t *testing.T) {
		var ok, bad, page *noticeView
		require.NoError(t, chromedp.Run(ctx,
			goTo(ts.url+"/cart?notice=added", "#notice"), chromedp.Evaluate(readNotice("notice"), &ok),
			goTo(ts.url+"/cart?notice=unknown-card", "#notice"), chromedp.Evaluate(readNotice("notice"), &bad),
			goTo(ts.url+"/orders/SO-NOSUCHORDER", "#error"), chromedp.Evaluate(readNotice("error"), &page),
		))
		require.NotNil(t, ok)
		require.NotNil(t, bad)
		require.NotNil(t, page)
		assert.Equal(t, "Added to your cart.", ok.Text)
		assert.Equal(t, "status", ok.Role)
		assert.Equal(t, "That card is not one of your saved cards.", bad.Text)
		assert.Equal(t, "alert", bad.Role)
		assert.NotEqual(t, ok.Background, bad.Background, "an error does not look like news")
		assert.NotEqual(t, ok.Color, bad.Color, "an error does not look like news")
		assert.Equal(t, "There is no such order.", page.Text)
		assert.Equal(t, "alert", page.Role)
		assert.Equal(t, bad.Background, page.Background, "the error page's message looks like the other errors")
	})

	t.Run("my orders", func(t *testing.T) {
		var text string
		require.NoError(t, chromedp.Run(ctx, goTo(ts.url+"/orders", "#my-orders"),
			chromedp.Evaluate(`document.querySelector("#my-orders").innerText`, &text)))
		assert.Contains(t, text, id)
		assert.Contains(t, text, "declined")
	})

	t.Run("admin orders", func(t *testing.T) {
		var cells []idCell
		var overflow float64
		require.NoError(t, chromedp.Run(ctx, goTo(ts.url+"/admin", "#admin-orders"),
			chromedp.Evaluate(readIDCells, &cells), chromedp.Evaluate(readOverflow("#admin-orders"), &overflow)))
		assert.LessOrEqual(t, overflow, 0.5, "the table sticks out of the page by %.1fpx", overflow)
		require.NotEmpty(t, cells)
		found := false
		for _, c := range cells {
			found = found || c.ID == id
			assert.Equal(t, 1, c.Lines, "%s wraps", c.ID)
			assert.Less(t, c.Height, 1.5*c.LineHeight, "%s: %.1fpx high, lines are %.1fpx", c.ID, c.Height, c.LineHeight)
		}
		assert.True(t, found, "the declined order is listed")
	})

	t.Run("admin order", func(t *testing.T) {
		var customer, text string
		require.NoError(t, chromedp.Run(ctx, goTo(ts.url+"/admin/orders/"+id, "#order-customer"),
			chromedp.Evaluate(`document.querySelector("#order-customer").textContent.trim()`, &customer),
			chromedp.Evaluate(`document.body.innerText`, &text)))
		assert.Regexp(t, `^Customer [1-9][0-9]*$`, customer)
		assert.NotContains(t, text, ts.order(t, id).Customer, "the id orders are filed under is not for the admin's eyes")
	})

	t.Run("saved cards", func(t *testing.T) {
		var text string
		require.NoError(t, chromedp.Run(ctx, goTo(ts.url+"/cards", "#no-cards"),
			chromedp.Evaluate(`document.querySelector("#no-cards").textContent`, &text)))
		assert.Contains(t, text, "No saved card")
	})
}
