package ogone_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
)

// checkRedactedCardModel covers the card model's own types and the results
// that hold them: a feedback whose CARDNO came unmasked, an alias.
func checkRedactedCardModel(t *testing.T) {
	t.Helper()
	e, err := ogone.ParseExpiry(redactExpiry)
	require.NoError(t, err)
	card, err := ogone.NewCard(redactPAN, redactExpiry, redactCVC)
	require.NoError(t, err)
	checkRedacted(t, "ogone.Expiry", e)
	checkRedacted(t, "Card.Expiry", card.Expiry())
	checkRedacted(t, "ogone.MaskedNumber", ogone.MaskNumber(redactPAN))
	checkRedacted(t, "feedback.Feedback", feedback.Feedback{OrderID: "o-1", CardNo: ogone.MaskNumber(redactPAN), ED: e})
	checkRedacted(t, "alias.Alias", alias.Alias{ID: "a-1", CardNumber: "XXXXXXXXXXXX1111", Expiry: e})
}
