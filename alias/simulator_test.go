package alias_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the whole flow against the platform simulator of
// ogone/ogonetest: a browser (an http.Client that does not follow
// redirects) opens the tokenization page, types a card, and brings the
// signed result back to the shop, which verifies it and charges the alias
// through DirectLink.

const shopURL = "https://shop.example"

func newSimulator(t *testing.T) (*ogonetest.Server, *alias.Client, *ogone.Client) {
	t.Helper()
	srv := ogonetest.NewServer(ogonetest.Account{
		PSPID: testPSPID, UserID: "api-user", Password: ogone.NewSecret("api-Password-1"),
		SHAIn: ogone.NewSecret(testSHAIn), SHAOut: ogone.NewSecret(testSHAOut), Algorithm: shasign.SHA512,
	})
	t.Cleanup(srv.Close)
	aliases, err := alias.NewClient(srv.Config())
	require.NoError(t, err)
	client, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, aliases, client
}

func browserOf(srv *ogonetest.Server) *http.Client {
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// backToShop reads the redirect to the shop and returns the query the shop
// receives at the URL that starts with prefix.
func backToShop(t *testing.T, resp *http.Response, prefix string) url.Values {
	t.Helper()
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, prefix), "redirected to %q, want %q...", loc, prefix)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	return u.Query()
}

func openPage(t *testing.T, b *http.Client, page string) {
	t.Helper()
	resp, err := b.Get(page)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Contains(t, string(body), `name="CARDNO"`, "the page asks for the card")
}

func TestSimulatorFlexCheckoutThenRecurringCharge(t *testing.T) {
	srv, aliases, client := newSimulator(t)
	b := browserOf(srv)
	id, err := alias.NewID("cust42-")
	require.NoError(t, err)

	page, err := aliases.FlexCheckoutURL(alias.FlexCheckoutPage{
		AliasID: id, OrderID: "reg-1", Storage: alias.StoragePermanent, Language: "en_US",
		AcceptURL: shopURL + "/card/saved", ExceptionURL: shopURL + "/card/failed",
		ParamPlus: url.Values{"basket": {"77"}},
	})
	require.NoError(t, err)
	openPage(t, b, page)
	resp, err := b.PostForm(page, url.Values{
		"CARDNO": {ogonetest.CardAccepted}, "ED": {"12/30"}, "CVC": {"123"}, "CN": {"Ada Lovelace"}, "action": {"submit"},
	})
	require.NoError(t, err)
	q := backToShop(t, resp, shopURL+"/card/saved?")
	assert.Equal(t, "77", q.Get("basket"), "PARAMPLUS comes back, unsigned")

	a, err := aliases.Verify(q)
	require.NoError(t, err)
	assert.Equal(t, id, a.ID)
	assert.Equal(t, "reg-1", a.OrderID)
	assert.True(t, a.Permanent())
	assert.Equal(t, "VISA", a.Brand)
	assert.Equal(t, "XXXXXXXXXXXX1111", a.CardNumber)
	assert.Equal(t, "1230", a.Expiry.MMYY())
	assert.Equal(t, "411111", a.BIN)

	// A month later, without the customer.
	reply, err := client.Sale(context.Background(), alias.Charge(a, decimal.RequireFromString("9.99"), "EUR", "sub-1-2"))
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentRequested, reply.Status)
	tx, ok := srv.Transaction("sub-1-2")
	require.True(t, ok)
	assert.Equal(t, id, tx.Alias)
	assert.Equal(t, "9", tx.ECI)
	assert.True(t, tx.Amount.Equal(decimal.RequireFromString("9.99")))

	// And the month after: the alias is still there.
	_, err = client.Sale(context.Background(), alias.Charge(a, decimal.RequireFromString("9.99"), "EUR", "sub-1-3", alias.Recurring()))
	require.NoError(t, err)
	require.Len(t, srv.Aliases(), 1)
	assert.Equal(t, 2, srv.Aliases()[0].Uses)
}

func TestSimulatorFlexCheckoutTemporaryCustomerPresent(t *testing.T) {
	srv, aliases, client := newSimulator(t)
	b := browserOf(srv)
	page, err := aliases.FlexCheckoutURL(alias.FlexCheckoutPage{
		OrderID: "reg-2", Storage: alias.StorageTemporary,
		AcceptURL: shopURL + "/card/saved", ExceptionURL: shopURL + "/card/failed",
	})
	require.NoError(t, err)
	resp, err := b.PostForm(page, url.Values{
		"CARDNO": {ogonetest.CardAcceptedMastercard}, "ED": {"12/30"}, "CVC": {"123"}, "CN": {"Ada"}, "action": {"submit"},
	})
	require.NoError(t, err)
	a, err := aliases.Verify(backToShop(t, resp, shopURL+"/card/saved?"))
	require.NoError(t, err)
	assert.NotEmpty(t, a.ID, "the platform named the alias")
	assert.Equal(t, alias.StorageTemporary, a.Storage)

	order := alias.Charge(a, decimal.RequireFromString("25"), "EUR", "shop-2", alias.CustomerPresent())
	assert.False(t, order.AliasPersistedAfterUse)
	_, err = client.Sale(context.Background(), order)
	require.NoError(t, err)
	tx, _ := srv.Transaction("shop-2")
	assert.Equal(t, "7", tx.ECI)
	assert.Empty(t, srv.Aliases(), "a temporary alias is gone after its first use")
}

func TestSimulatorFlexCheckoutCancelledAndRefused(t *testing.T) {
	srv, aliases, _ := newSimulator(t)
	b := browserOf(srv)
	page, err := aliases.FlexCheckoutURL(alias.FlexCheckoutPage{
		AliasID: "cust42-x", OrderID: "reg-3",
		AcceptURL: shopURL + "/card/saved", ExceptionURL: shopURL + "/card/failed",
	})
	require.NoError(t, err)

	resp, err := b.PostForm(page, url.Values{"action": {"cancel"}})
	require.NoError(t, err)
	_, err = aliases.Verify(backToShop(t, resp, shopURL+"/card/failed?"))
	assert.ErrorIs(t, err, alias.ErrCancelled)

	resp, err = b.PostForm(page, url.Values{
		"CARDNO": {"4111111111111112"}, "ED": {"13/30"}, "CVC": {"123"}, "CN": {"Ada"}, "action": {"submit"},
	})
	require.NoError(t, err)
	_, err = aliases.Verify(backToShop(t, resp, shopURL+"/card/failed?"))
	assert.ErrorIs(t, err, alias.ErrRefused)
	var ae *alias.Error
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "reg-3", ae.OrderID)
	assert.False(t, ae.Inputs.CardNumber.OK())
	assert.False(t, ae.Inputs.Expiry.OK())
	assert.True(t, ae.Inputs.CVC.OK())
	assert.True(t, ae.Inputs.Signed)
	assert.Empty(t, srv.Aliases())
}

func TestSimulatorAliasGateway(t *testing.T) {
	srv, aliases, client := newSimulator(t)
	b := browserOf(srv)
	form, err := aliases.AliasGatewayForm(alias.AliasGatewayPage{
		OrderID: "reg-4", Alias: "cust42-gw", Storage: alias.StoragePermanent,
		AcceptURL: shopURL + "/card/saved", ExceptionURL: shopURL + "/card/failed",
	})
	require.NoError(t, err)

	// The shop's own page posts the signed fields with the card fields.
	v := form.Values()
	v.Set("CARDNO", ogonetest.CardAccepted)
	v.Set("ED", "12/30")
	v.Set("CVC", "123")
	v.Set("CN", "Grace Hopper")
	resp, err := b.PostForm(form.Action, v)
	require.NoError(t, err)
	a, err := aliases.Verify(backToShop(t, resp, shopURL+"/card/saved?"))
	require.NoError(t, err)
	assert.Equal(t, alias.AliasGateway, a.Flavour)
	assert.Equal(t, "cust42-gw", a.ID)
	assert.Equal(t, "Grace Hopper", a.HolderName)
	assert.False(t, a.Inputs.Signed)

	_, err = client.Sale(context.Background(), alias.Charge(a, decimal.RequireFromString("12.50"), "EUR", "sub-4-1", alias.KeepAfterUse(true)))
	require.NoError(t, err)
	tx, _ := srv.Transaction("sub-4-1")
	assert.Equal(t, "cust42-gw", tx.Alias)

	// The auto-submitting page alone reaches the simulator's card form.
	resp, err = b.PostForm(form.Action, form.Values())
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `name="CARDNO"`)
}

func TestSimulatorRejectsTamperedRequest(t *testing.T) {
	srv, aliases, _ := newSimulator(t)
	page, err := aliases.FlexCheckoutURL(alias.FlexCheckoutPage{
		OrderID: "reg-5", AcceptURL: shopURL + "/ok", ExceptionURL: shopURL + "/nok",
	})
	require.NoError(t, err)
	resp, err := browserOf(srv).Get(strings.Replace(page, "reg-5", "reg-6", 1))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "unknown order/1/s", "the platform checks SHA-IN")
}

// TestSimulatorFlexCheckoutFirstPaymentThenRenewals: FlexCheckout stores a
// card whose issuer soft-declines payments without 3-D Secure. The first
// payment (CIT / FIRST, with 3-D Secure) and the renewals (MIT) pass; a
// customer-initiated charge without 3-D Secure does not.
func TestSimulatorFlexCheckoutFirstPaymentThenRenewals(t *testing.T) {
	srv, aliases, client := newSimulator(t)
	b := browserOf(srv)
	page, err := aliases.FlexCheckoutURL(alias.FlexCheckoutPage{
		AliasID: "cust7-sub", OrderID: "reg-7", Storage: alias.StoragePermanent,
		AcceptURL: shopURL + "/card/saved", ExceptionURL: shopURL + "/card/failed",
	})
	require.NoError(t, err)
	resp, err := b.PostForm(page, url.Values{
		"CARDNO": {ogonetest.CardSoftDecline}, "ED": {"12/30"}, "CVC": {"123"}, "CN": {"Ada"}, "action": {"submit"},
	})
	require.NoError(t, err)
	a, err := aliases.Verify(backToShop(t, resp, shopURL+"/card/saved?"))
	require.NoError(t, err)
	ctx := context.Background()
	amount := decimal.RequireFromString("9.99")

	first := alias.Charge(a, amount, "EUR", "sub-7-1", alias.FirstPayment(ogone.COFScheduled))
	first.ThreeDSecure = &ogone.ThreeDSecure{AcceptURL: shopURL + "/3ds", Challenge: ogone.ChallengeMandated,
		Browser: &ogone.BrowserInfo{AcceptHeader: "*/*", UserAgent: "Mozilla/5.0", Language: "en"}}
	reply, err := client.Sale(ctx, first)
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentRequested, reply.Status)
	tx, _ := srv.Transaction("sub-7-1")
	assert.Equal(t, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST", Schedule: "SCHED"}, tx.CredentialOnFile)
	assert.Equal(t, "04", tx.Challenge)

	for _, opt := range []alias.ChargeOption{alias.Recurring(), alias.MerchantUnscheduled()} {
		_, err = client.Sale(ctx, alias.Charge(a, amount, "EUR", "sub-7-"+strconv.Itoa(len(srv.Transactions())+1), opt))
		require.NoError(t, err)
	}
	_, err = client.Sale(ctx, alias.Charge(a, amount, "EUR", "sub-7-cit", alias.CustomerPresent()))
	var refusal *ogone.Error
	require.ErrorAs(t, err, &refusal)
	assert.Equal(t, ogone.NCErrorSoftDecline, refusal.NCError)
	assert.True(t, refusal.Retryable(), "with 3-D Secure")
}
