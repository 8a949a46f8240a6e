package ogonetest_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// aliasGatewayFields are the hidden, signed fields of a shop's Alias
// Gateway form.
func aliasGatewayFields(sh *shop, orderID, alias string) url.Values {
	v := url.Values{
		"PSPID":        {pspid},
		"ORDERID":      {orderID},
		"ACCEPTURL":    {sh.URL + "/alias/ok"},
		"EXCEPTIONURL": {sh.URL + "/alias/nok"},
		"PARAMPLUS":    {"step=card"},
	}
	if alias != "" {
		v.Set("ALIAS", alias)
	}
	return v
}

// withCard adds what the customer types to a signed form: the card
// fields are not part of the signature.
func withCard(v url.Values, number, ed, cvc, cn string) url.Values {
	out := url.Values{}
	for k, val := range v {
		out[k] = val
	}
	out.Set("CARDNO", number)
	out.Set("ED", ed)
	out.Set("CVC", cvc)
	out.Set("CN", cn)
	return out
}

func TestAliasGateway(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	page := srv.URL + "/ncol/test/alias_gateway_utf8.asp"

	t.Run("the shop's form posts card and signed fields", func(t *testing.T) {
		v := withCard(signed(t, aliasGatewayFields(sh, "ag-1", "wallet-1")), ogonetest.CardAccepted, expiry, "123", "Ada Lovelace")
		resp, _ := post(t, browser(srv), page, v)
		q := redirectQuery(t, resp, sh.URL+"/alias/ok?")
		want := url.Values{
			"ALIAS": {"wallet-1"}, "ORDERID": {"ag-1"}, "STATUS": {"0"}, "NCERROR": {"0"},
			"NCERRORCARDNO": {"0"}, "NCERRORCN": {"0"}, "NCERRORCVC": {"0"}, "NCERRORED": {"0"},
			"BRAND": {"VISA"}, "CARDNO": {"XXXXXXXXXXXX1111"}, "CN": {"Ada Lovelace"}, "ED": {expiryED},
			"step": {"card"},
		}
		q.Del("SHASIGN")
		assert.Equal(t, want, q)
		aliases := srv.Aliases()
		require.Len(t, aliases, 1)
		assert.Equal(t, "wallet-1", aliases[0].ID)
		assert.False(t, aliases[0].Temporary)
		assert.Empty(t, srv.Transactions(), "registering a card is not a payment")
	})
	t.Run("the same alias again is an update", func(t *testing.T) {
		v := withCard(signed(t, aliasGatewayFields(sh, "ag-2", "wallet-1")), ogonetest.CardAcceptedMastercard, expiry, "123", "Ada Lovelace")
		resp, _ := post(t, browser(srv), page, v)
		q := redirectQuery(t, resp, sh.URL+"/alias/ok?")
		assert.Equal(t, "2", q.Get("STATUS"))
		assert.Equal(t, "MasterCard", srv.Aliases()[0].Brand)
	})
	t.Run("no alias: the platform names one", func(t *testing.T) {
		v := withCard(signed(t, aliasGatewayFields(sh, "ag-3", "")), ogonetest.CardAccepted, expiry, "123", "Ada Lovelace")
		resp, _ := post(t, browser(srv), page, v)
		q := redirectQuery(t, resp, sh.URL+"/alias/ok?")
		assert.Equal(t, "SIM1000000001", q.Get("ALIAS"))
	})
	t.Run("invalid card data goes to EXCEPTIONURL", func(t *testing.T) {
		v := withCard(signed(t, aliasGatewayFields(sh, "ag-4", "wallet-bad")), "4111111111111112", "13/30", "1", "")
		resp, _ := post(t, browser(srv), page, v)
		q := redirectQuery(t, resp, sh.URL+"/alias/nok?")
		assert.Equal(t, "1", q.Get("STATUS"))
		assert.Equal(t, "50001111", q.Get("NCERROR"))
		assert.Equal(t, "50001054", q.Get("NCERRORCARDNO"))
		assert.Equal(t, "50001182", q.Get("NCERRORED"))
		assert.Equal(t, "50001066", q.Get("NCERRORCVC"))
		assert.Equal(t, "60001057", q.Get("NCERRORCN"))
		assert.Equal(t, "", q.Get("CARDNO"), "nothing of an invalid number comes back")
		for _, a := range srv.Aliases() {
			assert.NotEqual(t, "wallet-bad", a.ID)
		}
	})
	t.Run("the simulator's own form", func(t *testing.T) {
		v := signed(t, aliasGatewayFields(sh, "ag-5", "wallet-5"))
		resp, form := get(t, browser(srv), page+"?"+v.Encode())
		require.Equal(t, http.StatusOK, resp.StatusCode)
		hidden := url.Values{}
		for _, m := range regexp.MustCompile(`type="hidden" name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(form, -1) {
			hidden.Add(m[1], html.UnescapeString(m[2]))
		}
		assert.Equal(t, v, hidden, "the form carries the signed fields as they came")
		resp, _ = post(t, browser(srv), page, withCard(hidden, ogonetest.CardAccepted, expiry, "123", "Ada"))
		redirectQuery(t, resp, sh.URL+"/alias/ok?")
	})
	for _, tt := range []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"bad signature", func(v url.Values) { v.Set("ORDERID", "other") }, "unknown order/1/s"},
		{"no signature", func(v url.Values) { v.Del("SHASIGN") }, "unknown order/0/s"},
		{"wrong PSPID", func(v url.Values) { v.Set("PSPID", "x") }, "50001118"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := withCard(signed(t, aliasGatewayFields(sh, "ag-6", "w6")), ogonetest.CardAccepted, expiry, "123", "Ada")
			tt.edit(v)
			resp, body := post(t, browser(srv), page, v)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, body, tt.want)
		})
	}
	t.Run("mandatory fields", func(t *testing.T) {
		for _, f := range []string{"ORDERID", "ACCEPTURL", "EXCEPTIONURL"} {
			v := aliasGatewayFields(sh, "ag-7", "w7")
			v.Del(f)
			_, body := post(t, browser(srv), page, withCard(signed(t, v), ogonetest.CardAccepted, expiry, "123", "Ada"))
			assert.Contains(t, body, "50001111", f)
		}
	})
}

func TestAliasGatewayThenPayment(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	page := srv.URL + "/ncol/test/alias_gateway_utf8.asp"
	v := aliasGatewayFields(sh, "agp-1", "once")
	v.Set("ALIASPERSISTEDAFTERUSE", "N")
	resp, _ := post(t, browser(srv), page, withCard(signed(t, v), ogonetest.CardAccepted, expiry, "123", "Ada Lovelace"))
	redirectQuery(t, resp, sh.URL+"/alias/ok?")
	require.Len(t, srv.Aliases(), 1)
	assert.True(t, srv.Aliases()[0].Temporary)

	rep := order(t, srv, map[string]string{"ORDERID": "agp-1", "AMOUNT": "4200", "CURRENCY": "EUR", "ALIAS": "once"})
	assert.Equal(t, "9", rep.get("STATUS"))
	assert.Equal(t, "once", rep.get("ALIAS"))
	tx, _ := srv.Transaction("agp-1")
	assert.Equal(t, "Ada Lovelace", tx.CardHolder)
	assert.Empty(t, srv.Aliases(), "a temporary alias is gone after its first use")
}

func flexFields(sh *shop, orderID, aliasID string) url.Values {
	v := url.Values{
		"ACCOUNT.PSPID":           {pspid},
		"ALIAS.ORDERID":           {orderID},
		"CARD.PAYMENTMETHOD":      {"CreditCard"},
		"CARD.BRAND":              {"VISA"},
		"LAYOUT.LANGUAGE":         {"en_US"},
		"LAYOUT.TEMPLATENAME":     {"shop.html"},
		"PARAMETERS.ACCEPTURL":    {sh.URL + "/flex/ok"},
		"PARAMETERS.EXCEPTIONURL": {sh.URL + "/flex/nok"},
		"PARAMETERS.PARAMPLUS":    {"basket=9"},
	}
	if aliasID != "" {
		v.Set("ALIAS.ALIASID", aliasID)
	}
	return v
}

// flexSigned signs FlexCheckout parameters: the signature travels as
// SHASIGNATURE.SHASIGN.
func flexSigned(t *testing.T, v url.Values) url.Values {
	t.Helper()
	sig, err := shasign.SignIn(shasign.SHA512, shaIn, v)
	require.NoError(t, err)
	v.Set("SHASIGNATURE.SHASIGN", sig)
	return v
}

func TestFlexCheckout(t *testing.T) {
	srv := newServer(t)
	sh := newShop(t)
	open := func(t *testing.T, v url.Values) string {
		t.Helper()
		u := srv.URL + "/Tokenization/HostedPage?" + v.Encode()
		resp, form := get(t, browser(srv), u)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Contains(t, form, `name="CARDNO"`)
		return u
	}
	submit := func(t *testing.T, u string, form url.Values) *http.Response {
		t.Helper()
		resp, _ := post(t, browser(srv), u, form)
		return resp
	}
	card := url.Values{"CARDNO": {ogonetest.CardAccepted}, "ED": {expiry}, "CVC": {"123"}, "CN": {"Ada Lovelace"}, "action": {"submit"}}

	t.Run("card stored", func(t *testing.T) {
		u := open(t, flexSigned(t, flexFields(sh, "fc-1", "flex-1")))
		q := redirectQuery(t, submit(t, u, card), sh.URL+"/flex/ok?")
		want := url.Values{
			"Alias.AliasId": {"flex-1"}, "Alias.OrderId": {"fc-1"}, "Alias.Status": {"0"}, "Alias.NCError": {"0"},
			"Alias.NCErrorCardNo": {"0"}, "Alias.NCErrorCN": {"0"}, "Alias.NCErrorCVC": {"0"}, "Alias.NCErrorED": {"0"},
			"Alias.StorePermanently": {"Y"}, "Card.Brand": {"VISA"}, "Card.CardNumber": {"XXXXXXXXXXXX1111"},
			"Card.CardHolderName": {"Ada Lovelace"}, "Card.ExpiryDate": {expiryED}, "Card.Bin": {"411111"},
			"basket": {"9"},
		}
		sig := q.Get("SHASign")
		require.NotEmpty(t, sig)
		q.Del("SHASign")
		assert.Equal(t, want, q)

		// Every ALIAS.* and CARD.* result is signed: change one and the
		// signature no longer holds.
		q.Set("SHASign", sig)
		q.Set("Card.Bin", "999999")
		assert.ErrorIs(t, shasign.VerifyOut(shasign.SHA512, shaOut, q), shasign.ErrSignatureMismatch)
		assert.Len(t, srv.Aliases(), 1)
	})
	t.Run("updated", func(t *testing.T) {
		u := open(t, flexSigned(t, flexFields(sh, "fc-2", "flex-1")))
		q := redirectQuery(t, submit(t, u, card), sh.URL+"/flex/ok?")
		assert.Equal(t, "2", q.Get("Alias.Status"))
	})
	t.Run("generated alias, not kept", func(t *testing.T) {
		v := flexFields(sh, "fc-3", "")
		v.Set("ALIAS.STOREPERMANENTLY", "N")
		u := open(t, flexSigned(t, v))
		q := redirectQuery(t, submit(t, u, card), sh.URL+"/flex/ok?")
		id := q.Get("Alias.AliasId")
		assert.Equal(t, "SIM1000000001", id)
		assert.Equal(t, "N", q.Get("Alias.StorePermanently"))
		rep := order(t, srv, map[string]string{"ORDERID": "fc-3", "AMOUNT": "100", "CURRENCY": "EUR", "ALIAS": id})
		assert.Equal(t, "9", rep.get("STATUS"))
		assert.Equal(t, "unknown alias", order(t, srv, map[string]string{"ORDERID": "fc-3b", "AMOUNT": "100", "CURRENCY": "EUR", "ALIAS": id}).get("NCERRORPLUS"))
	})
	t.Run("cancelled", func(t *testing.T) {
		u := open(t, flexSigned(t, flexFields(sh, "fc-4", "flex-4")))
		q := redirectQuery(t, submit(t, u, url.Values{"action": {"cancel"}}), sh.URL+"/flex/nok?")
		assert.Equal(t, "3", q.Get("Alias.Status"))
		assert.Equal(t, "", q.Get("Card.ExpiryDate"))
	})
	t.Run("invalid card", func(t *testing.T) {
		u := open(t, flexSigned(t, flexFields(sh, "fc-5", "flex-5")))
		bad := url.Values{"CARDNO": {"4111"}, "ED": {"01/20"}, "CVC": {"123"}, "CN": {"Ada"}}
		q := redirectQuery(t, submit(t, u, bad), sh.URL+"/flex/nok?")
		assert.Equal(t, "1", q.Get("Alias.Status"))
		assert.Equal(t, "50001054", q.Get("Alias.NCErrorCardNo"))
		assert.Equal(t, "50001183", q.Get("Alias.NCErrorED"))
		assert.Equal(t, "0", q.Get("Alias.NCErrorCVC"))
	})
	for _, tt := range []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"bad signature", func(v url.Values) { v.Set("ALIAS.ORDERID", "x") }, "unknown order/1/s"},
		{"no signature", func(v url.Values) { v.Del("SHASIGNATURE.SHASIGN") }, "unknown order/0/s"},
		{"wrong PSPID", func(v url.Values) { v.Set("ACCOUNT.PSPID", "x") }, "50001118"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := flexSigned(t, flexFields(sh, "fc-6", "flex-6"))
			tt.edit(v)
			_, body := get(t, browser(srv), srv.URL+"/Tokenization/HostedPage?"+v.Encode())
			assert.Contains(t, body, tt.want)
			_, body = post(t, browser(srv), srv.URL+"/Tokenization/HostedPage?"+v.Encode(), card)
			assert.Contains(t, body, tt.want, "the submission is checked too")
		})
	}
	t.Run("mandatory fields", func(t *testing.T) {
		for _, f := range []string{"ALIAS.ORDERID", "CARD.PAYMENTMETHOD", "PARAMETERS.ACCEPTURL", "PARAMETERS.EXCEPTIONURL"} {
			v := flexFields(sh, "fc-7", "flex-7")
			v.Del(f)
			_, body := get(t, browser(srv), srv.URL+"/Tokenization/HostedPage?"+flexSigned(t, v).Encode())
			assert.Contains(t, body, f+" is mandatory")
		}
	})
}
