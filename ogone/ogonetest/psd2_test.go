package ogonetest_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withBrowser adds the browser data of a desktop browser with JavaScript
// to the fields of an order, and returns them.
func withBrowser(f map[string]string) map[string]string {
	for k, v := range map[string]string{
		"BROWSERACCEPTHEADER": "text/html,*/*;q=0.8", "BROWSERUSERAGENT": "Mozilla/5.0 (X11; Linux x86_64)",
		"BROWSERLANGUAGE": "en-GB", "BROWSERCOLORDEPTH": "24", "BROWSERSCREENHEIGHT": "900",
		"BROWSERSCREENWIDTH": "1440", "BROWSERTIMEZONE": "-60", "BROWSERJAVAENABLED": "false",
		"BROWSERJAVASCRIPTENABLED": "true", "ACCEPTURL": "https://shop.example/accept",
	} {
		f[k] = v
	}
	return f
}

func threeDSOrder(id, card string) map[string]string {
	f := withBrowser(orderFields(id))
	f["CARDNO"], f["FLAG3D"] = card, "Y"
	f["HTTP_ACCEPT"], f["HTTP_USER_AGENT"] = "text/html", "Mozilla/5.0"
	return f
}

func TestFrictionlessCard(t *testing.T) {
	srv := newServer(t)
	rep := order(t, srv, threeDSOrder("fl-1", ogonetest.CardFrictionless))
	assert.Equal(t, "9", rep.get("STATUS"), "authorised without a challenge")
	assert.Empty(t, rep.htmlAnswer)
	tx, ok := srv.Transaction("fl-1")
	require.True(t, ok)
	assert.True(t, tx.ThreeDSecure)
	assert.False(t, tx.Challenged)
	assert.Equal(t, ogone.BrowserInfo{AcceptHeader: "text/html,*/*;q=0.8", UserAgent: "Mozilla/5.0 (X11; Linux x86_64)",
		Language: "en-GB", ColorDepth: 24, ScreenHeight: 900, ScreenWidth: 1440, TimeZoneOffset: -60,
		JavaScriptEnabled: true}, tx.Browser)

	// A mandated challenge is one, even for this card.
	f := threeDSOrder("fl-2", ogonetest.CardFrictionless)
	f["MPI.THREEDSREQUESTORCHALLENGEINDICATOR"] = "04"
	rep = order(t, srv, f)
	assert.Equal(t, "46", rep.get("STATUS"))
	assert.NotEmpty(t, rep.htmlAnswer)
	tx, _ = srv.Transaction("fl-2")
	assert.Equal(t, "04", tx.Challenge)
}

func TestChallengeCardAnswers(t *testing.T) {
	for _, tt := range []struct{ action, status, ncerror, landing string }{
		{"authenticate", "9", "0", "/accept"},
		{"fail", "2", "40001134", "/decline"},
	} {
		t.Run(tt.action, func(t *testing.T) {
			srv := newServer(t)
			sh := newShop(t)
			f := threeDSOrder("ch-"+tt.action, ogonetest.Card3DS)
			for k, u := range sh.urls() {
				f[k] = u
			}
			f["MPI.THREEDSREQUESTORCHALLENGEINDICATOR"] = "02" // the issuer decides anyway
			rep := order(t, srv, f)
			require.Equal(t, "46", rep.get("STATUS"))
			html, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rep.htmlAnswer))
			require.NoError(t, err)
			action := regexp.MustCompile(`action="([^"]+)"`).FindStringSubmatch(string(html))
			require.NotNil(t, action)
			token := tokenOf(t, string(html))
			resp, _ := post(t, browser(srv), action[1], url.Values{"token": {token}, "action": {tt.action}})
			q := redirectQuery(t, resp, sh.URL+tt.landing)
			assert.Equal(t, tt.status, q.Get("STATUS"))
			assert.Equal(t, tt.ncerror, q.Get("NCERROR"))
			tx, _ := srv.Transaction("ch-" + tt.action)
			assert.True(t, tx.Challenged)
		})
	}
}

func TestSoftDeclineThenRetryWith3DS(t *testing.T) {
	srv := newServer(t)
	f := orderFields("sd-1")
	f["CARDNO"] = ogonetest.CardSoftDecline
	rep := order(t, srv, f)
	assert.Equal(t, "2", rep.get("STATUS"))
	assert.Equal(t, "40001139", rep.get("NCERROR"))

	rep = order(t, srv, threeDSOrder("sd-1", ogonetest.CardSoftDecline))
	assert.Equal(t, "9", rep.get("STATUS"), "a refused ORDERID may be used again, and 3-D Secure passes")
	tx, _ := srv.Transaction("sd-1")
	assert.False(t, tx.Challenged)
}

// TestThreeDSOrderWithoutBrowserData: each BROWSER* parameter is checked
// by the simulator itself, missing or wrong.
func TestThreeDSOrderWithoutBrowserData(t *testing.T) {
	srv := newServer(t)
	for _, tt := range []struct{ name, value string }{
		{"BROWSERACCEPTHEADER", ""}, {"BROWSERUSERAGENT", ""}, {"BROWSERUSERAGENT", strings.Repeat("a", 2049)},
		{"BROWSERLANGUAGE", ""}, {"BROWSERLANGUAGE", "en-GB-oxendict"},
		{"BROWSERCOLORDEPTH", ""}, {"BROWSERCOLORDEPTH", "30"}, {"BROWSERSCREENHEIGHT", "0"},
		{"BROWSERSCREENWIDTH", "1e3"}, {"BROWSERTIMEZONE", "-841"}, {"BROWSERTIMEZONE", ""},
		{"BROWSERJAVAENABLED", "yes"}, {"BROWSERJAVASCRIPTENABLED", ""},
		{"MPI.THREEDSREQUESTORCHALLENGEINDICATOR", "05"},
	} {
		f := threeDSOrder("nb-1", ogonetest.CardFrictionless)
		if tt.value == "" {
			delete(f, tt.name)
		} else {
			f[tt.name] = tt.value
		}
		rep := order(t, srv, f)
		assert.Equal(t, "0", rep.get("STATUS"), "%s=%q", tt.name, tt.value)
		assert.Equal(t, "50001111", rep.get("NCERROR"), "%s=%q", tt.name, tt.value)
		assert.Contains(t, rep.get("NCERRORPLUS"), tt.name)
	}
	_, ok := srv.Transaction("nb-1")
	assert.False(t, ok, "nothing was recorded")

	// Without JavaScript the screen, colour depth and time zone are not
	// required.
	f := threeDSOrder("nb-2", ogonetest.CardFrictionless)
	for _, name := range []string{"BROWSERCOLORDEPTH", "BROWSERSCREENHEIGHT", "BROWSERSCREENWIDTH", "BROWSERTIMEZONE"} {
		delete(f, name)
	}
	f["BROWSERJAVASCRIPTENABLED"] = "false"
	assert.Equal(t, "9", order(t, srv, f).get("STATUS"))
}

func TestCredentialOnFileChecks(t *testing.T) {
	srv := newServer(t)
	for i, tt := range []struct {
		cof  map[string]string
		plus string // "" when accepted
	}{
		{map[string]string{"COF_INITIATOR": "CIT", "COF_TRANSACTION": "FIRST"}, ""},
		{map[string]string{"COF_INITIATOR": "MIT", "COF_TRANSACTION": "SUBSEQ", "COF_SCHEDULE": "SCHED", "COF_RECURRING_EXPIRY": "20301231", "COF_RECURRING_FREQUENCY": "28"}, ""},
		{map[string]string{"COF_INITIATOR": "MIT", "COF_TRANSACTION": "FIRST", "COF_SCHEDULE": "SCHED"}, "FIRST"},
		{map[string]string{"COF_INITIATOR": "MIT", "COF_TRANSACTION": "SUBSEQ"}, "COF_SCHEDULE"},
		{map[string]string{"COF_TRANSACTION": "SUBSEQ"}, "COF_INITIATOR"},
		{map[string]string{"COF_INITIATOR": "cit", "COF_TRANSACTION": "SUBSEQ"}, "COF_INITIATOR"},
		{map[string]string{"COF_INITIATOR": "CIT", "COF_TRANSACTION": "NEXT"}, "COF_TRANSACTION"},
		{map[string]string{"COF_INITIATOR": "CIT", "COF_TRANSACTION": "FIRST", "COF_SCHEDULE": "WEEKLY"}, "COF_SCHEDULE"},
		{map[string]string{"COF_INITIATOR": "CIT", "COF_TRANSACTION": "FIRST", "COF_SCHEDULE": "UNSCHED", "COF_RECURRING_FREQUENCY": "28"}, "COF_RECURRING"},
		{map[string]string{"COF_INITIATOR": "CIT", "COF_TRANSACTION": "FIRST", "COF_SCHEDULE": "SCHED", "COF_RECURRING_EXPIRY": "2030-12-31"}, "COF_RECURRING_EXPIRY"},
		{map[string]string{"COF_INITIATOR": "CIT", "COF_TRANSACTION": "FIRST", "COF_SCHEDULE": "SCHED", "COF_RECURRING_FREQUENCY": "10000"}, "COF_RECURRING_FREQUENCY"},
	} {
		f := orderFields("cof-" + string(rune('a'+i)))
		for k, v := range tt.cof {
			f[k] = v
		}
		rep := order(t, srv, f)
		if tt.plus == "" {
			assert.Equal(t, "9", rep.get("STATUS"), "%v", tt.cof)
			tx, _ := srv.Transaction(f["ORDERID"])
			assert.Equal(t, tt.cof["COF_INITIATOR"], tx.CredentialOnFile.Initiator)
			continue
		}
		assert.Equal(t, "50001111", rep.get("NCERROR"), "%v", tt.cof)
		assert.Contains(t, rep.get("NCERRORPLUS"), tt.plus, "%v", tt.cof)
	}

	// Nobody authenticates a merchant-initiated payment.
	f := threeDSOrder("cof-3ds", ogonetest.CardFrictionless)
	f["COF_INITIATOR"], f["COF_TRANSACTION"], f["COF_SCHEDULE"] = "MIT", "SUBSEQ", "SCHED"
	assert.Equal(t, "50001111", order(t, srv, f).get("NCERROR"))
}

// TestMerchantInitiatedChargesOnAnAlias: a card whose issuer insists on
// 3-D Secure lets a stored-card charge through without it only when the
// COF fields say the merchant started it.
func TestMerchantInitiatedChargesOnAnAlias(t *testing.T) {
	srv := newServer(t)
	for _, card := range []string{ogonetest.Card3DS, ogonetest.CardSoftDecline} {
		id := "alias-" + card[12:]
		f := threeDSOrder("store-"+card[12:], card)
		f["ALIAS"], f["COF_INITIATOR"], f["COF_TRANSACTION"], f["COF_SCHEDULE"] = id, "CIT", "FIRST", "SCHED"
		order(t, srv, f) // stores the card

		charge := func(orderID string, cof ...string) reply {
			f := map[string]string{"ORDERID": orderID, "AMOUNT": "990", "CURRENCY": "EUR", "ALIAS": id, "ECI": "9"}
			if len(cof) == 3 {
				f["COF_INITIATOR"], f["COF_TRANSACTION"], f["COF_SCHEDULE"] = cof[0], cof[1], cof[2]
			}
			return order(t, srv, f)
		}
		rep := charge("mit-"+card[12:], "MIT", "SUBSEQ", "SCHED")
		assert.Equal(t, "9", rep.get("STATUS"), card)
		rep = charge("unsched-"+card[12:], "MIT", "SUBSEQ", "UNSCHED")
		assert.Equal(t, "9", rep.get("STATUS"), card)
		rep = charge("nocof-" + card[12:])
		assert.Equal(t, "2", rep.get("STATUS"), card)
		rep = charge("cit-"+card[12:], "CIT", "SUBSEQ", "UNSCHED")
		assert.Equal(t, "2", rep.get("STATUS"), "a customer's payment needs 3-D Secure: %s", card)
	}
}

// TestAliasChargeOptionsOnTheSimulator runs the library's alias.Charge
// options against the simulator's own checks.
func TestAliasChargeOptionsOnTheSimulator(t *testing.T) {
	srv := newServer(t)
	client, err := ogone.NewClient(srv.Config(), ogone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	ctx := context.Background()
	card, err := ogone.NewCard(ogonetest.Card3DS, expiry, "123")
	require.NoError(t, err)
	_, err = client.Sale(ctx, ogone.Order{OrderID: "first-1", Amount: decimal.RequireFromString("1"), Currency: "EUR",
		Card: card, Alias: "cust-1", AliasPersistedAfterUse: true,
		CredentialOnFile: &ogone.CredentialOnFile{Initiator: ogone.COFCustomer, Transaction: ogone.COFFirst, Schedule: ogone.COFScheduled},
		ThreeDSecure: &ogone.ThreeDSecure{AcceptURL: "https://shop.example/a", Browser: &ogone.BrowserInfo{
			AcceptHeader: "*/*", UserAgent: "Mozilla/5.0", Language: "en", ColorDepth: 24, ScreenHeight: 800,
			ScreenWidth: 1280, JavaScriptEnabled: true}}})
	require.NoError(t, err)

	a := &alias.Alias{ID: "cust-1", Storage: alias.StoragePermanent}
	r, err := client.Sale(ctx, alias.Charge(a, decimal.RequireFromString("9.99"), "EUR", "renew-1", alias.Recurring()))
	require.NoError(t, err)
	assert.Equal(t, ogone.StatusPaymentRequested, r.Status)
	tx, _ := srv.Transaction("renew-1")
	assert.Equal(t, ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED"}, tx.CredentialOnFile)
	assert.False(t, tx.ThreeDSecure)

	_, err = client.Sale(ctx, alias.Charge(a, decimal.RequireFromString("2"), "EUR", "topup-1", alias.MerchantUnscheduled()))
	require.NoError(t, err)

	// The customer paying again must authenticate: refused without it.
	_, err = client.Sale(ctx, alias.Charge(a, decimal.RequireFromString("3"), "EUR", "again-1", alias.CustomerPresent()))
	var refusal *ogone.Error
	require.ErrorAs(t, err, &refusal)
	assert.Equal(t, ogone.NCError3DSRequired, refusal.NCError)
	o := alias.Charge(a, decimal.RequireFromString("3"), "EUR", "again-2", alias.CustomerPresent())
	o.ThreeDSecure = &ogone.ThreeDSecure{AcceptURL: "https://shop.example/a", Browser: &ogone.BrowserInfo{
		AcceptHeader: "*/*", UserAgent: "Mozilla/5.0", Language: "en"}}
	r, err = client.Sale(ctx, o)
	require.NoError(t, err)
	assert.True(t, r.ActionRequired())
	tx, _ = srv.Transaction("again-2")
	assert.Equal(t, "CIT", tx.CredentialOnFile.Initiator)
	assert.Equal(t, "Mozilla/5.0", tx.Browser.UserAgent)
}

func TestHostedPagePSD2(t *testing.T) {
	srv := newServer(t)
	client, err := ogone.NewClient(srv.Config())
	require.NoError(t, err)
	form, err := client.HostedPaymentPage(ogone.PaymentPage{OrderID: "hp-psd2", Amount: decimal.RequireFromString("5"),
		Currency: "EUR", AliasOperation: ogone.AliasByPSP, Challenge: ogone.ChallengeMandated})
	require.NoError(t, err)
	v := form.Values()
	v.Del("SHASIGN")
	resp, _ := pay(t, srv, openPayment(t, srv, v), ogonetest.CardFrictionless)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Location"), "/simulator/3ds", "04 asks for the challenge")
	tx, _ := srv.Transaction("hp-psd2")
	assert.Equal(t, ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST"}, tx.CredentialOnFile)
	assert.Equal(t, "04", tx.Challenge)

	// A merchant-initiated payment on the payment page is refused.
	v.Set("ORDERID", "hp-mit")
	v.Set("COF_INITIATOR", "MIT")
	v.Set("COF_SCHEDULE", "SCHED")
	_, page := post(t, browser(srv), srv.URL+"/ncol/test/orderstandard_utf8.asp", signed(t, v))
	assert.Contains(t, page, "50001111")

	// Without a challenge asked for, the same card pays at once.
	v = hostedFields("hp-fl", nil)
	resp, _ = pay(t, srv, openPayment(t, srv, v), ogonetest.CardFrictionless)
	redirectQuery(t, resp, "/ncol/test/simulator/result")
	tx, _ = srv.Transaction("hp-fl")
	assert.False(t, tx.Challenged)
}
