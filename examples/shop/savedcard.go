package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
)

// savedCardOrder is the DirectLink order that charges a saved card while
// the customer is at the checkout: credential on file CIT / SUBSEQ /
// UNSCHED (alias.CustomerPresent, ECI 7). The card was stored on the
// payment page because the customer asked for it, so the alias is kept
// after the payment (ALIASPERSISTEDAFTERUSE=Y). The customer is there, so
// the order goes with customerThreeDS.
func savedCardOrder(c savedCard, amount decimal.Decimal, cur, ref string, op ogone.Operation) ogone.Order {
	o := alias.Charge(c.alias(), amount, cur, ref, alias.CustomerPresent(), alias.KeepAfterUse(true))
	o.Operation = op
	return o
}

// customerThreeDS asks for 3-D Secure v2 with the customer's browser data,
// which the shipped script collected on the cart page; the bank's page
// sends the customer back to returnURL.
func customerThreeDS(browser ogone.BrowserInfo, returnURL string) *ogone.ThreeDSecure {
	return &ogone.ThreeDSecure{
		Window:       ogone.Window3DSMain,
		AcceptURL:    returnURL,
		DeclineURL:   returnURL,
		ExceptionURL: returnURL,
		Language:     "en_US",
		Browser:      &browser,
	}
}

// renewalOrder is the DirectLink order of a subscription's renewal, which
// the shop starts without the customer: credential on file MIT / SUBSEQ /
// SCHED (alias.Recurring, ECI 9), no 3-D Secure, since nobody is there to
// authenticate.
func renewalOrder(c savedCard, amount decimal.Decimal, cur, ref string, op ogone.Operation) ogone.Order {
	o := alias.Charge(c.alias(), amount, cur, ref, alias.Recurring(), alias.KeepAfterUse(true))
	o.Operation = op
	return o
}

func (c savedCard) alias() *alias.Alias {
	return &alias.Alias{ID: c.Alias, Brand: c.Brand, CardNumber: c.CardNumber, Storage: alias.StoragePermanent}
}

// checkoutBrowser reads the customer's browser data from the posted
// checkout form (the hidden fields ogone.BrowserInfoScript filled) and the
// request's headers. A client that sends no Accept header is taken to
// accept anything, and one without a language gets the shop's, English:
// 3-D Secure needs both.
func checkoutBrowser(r *http.Request) (ogone.BrowserInfo, error) {
	b, err := ogone.BrowserInfoFromRequest(r)
	if err != nil {
		return b, err
	}
	if b.AcceptHeader == "" {
		b.AcceptHeader = "*/*"
	}
	if b.UserAgent == "" {
		b.UserAgent = "unknown"
	}
	if b.Language == "" {
		b.Language = "en"
	}
	return b, b.Validate()
}

// renewalCard is the saved card a renewal of o is charged to: the one o
// was paid with when the customer still has it, else the customer's
// latest.
func (s *shop) renewalCard(ctx context.Context, o order) (savedCard, bool, error) {
	cards, err := s.store.savedCards(ctx, o.Customer)
	if err != nil {
		return savedCard{}, false, err
	}
	for _, c := range cards {
		if c.CardNumber == o.CardNumber && c.Brand == o.Brand {
			return c, true, nil
		}
	}
	if len(cards) == 0 {
		return savedCard{}, false, nil
	}
	return cards[len(cards)-1], true, nil
}

// renew charges the next period of the subscription that order id paid
// for: a new order with the same lines, charged to the customer's saved
// card as a merchant-initiated payment. It returns the new order's id.
func (s *shop) renew(ctx context.Context, id string) (string, error) {
	o, err := s.store.get(ctx, id)
	if err != nil {
		return "", err
	}
	card, ok, err := s.renewalCard(ctx, o)
	if err != nil {
		return "", err
	}
	if !ok || o.State != statePaid {
		return "", errNotAllowed
	}
	next, err := s.store.create(ctx, o.Customer, o.Lines, false)
	if err != nil {
		return "", err
	}
	if next, err = s.store.startAttempt(ctx, next.ID, "subscription renewal (merchant-initiated)"); err != nil {
		return "", err
	}
	dl := renewalOrder(card, next.Total, next.Currency, next.PaymentRef, s.operation)
	dl.Description = "Coffee Corner renewal of " + o.ID
	ctx, cancel := directLinkContext(ctx)
	defer cancel()
	reply, err := s.client.Order(ctx, dl)
	s.applyOrderReply(ctx, next, card, reply, err)
	var refused *ogone.Error
	switch {
	case errors.Is(err, ogone.ErrOutcomeUnknown):
		return next.ID, errOutcomeUnknown
	case errors.As(err, &refused):
		return next.ID, err
	case err != nil:
		return "", err
	}
	return next.ID, nil
}
