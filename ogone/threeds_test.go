package ogone_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gogone/ogone/internal/golden"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testBrowser is a desktop browser with JavaScript, as the shipped script
// reports it.
func testBrowser() *ogone.BrowserInfo {
	return &ogone.BrowserInfo{
		AcceptHeader:      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
		UserAgent:         "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
		Language:          "nl-BE",
		ColorDepth:        24,
		ScreenHeight:      1080,
		ScreenWidth:       1920,
		TimeZoneOffset:    -120,
		JavaEnabled:       false,
		JavaScriptEnabled: true,
	}
}

func testAddress() *ogone.Address {
	return &ogone.Address{
		FirstName: "Zoë", LastName: "D'Hondt", Street1: "Rue de la Loi", StreetNumber: "16",
		Street2: "Bte 3", PostalCode: "1000", City: "Bruxelles", CountryCode: "BE",
		County: "Brussels", Phone: "+3225551234", Mobile: "+32475123456",
	}
}

// psd2Order is a customer paying with 3-D Secure v2 and storing the card
// for a subscription.
func psd2Order(t testing.TB) ogone.Order {
	o := testOrder(t)
	o.Alias = "sub-customer-42"
	o.ECI = ogone.ECIECommerce
	o.ThreeDSecure = &ogone.ThreeDSecure{
		AcceptURL: "https://shop.example/pay/accept",
		Language:  "nl_BE",
		Browser:   testBrowser(),
		Challenge: ogone.ChallengeMandated,
	}
	o.CredentialOnFile = &ogone.CredentialOnFile{
		Initiator: ogone.COFCustomer, Transaction: ogone.COFFirst, Schedule: ogone.COFScheduled,
		RecurringExpiry:    time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC),
		RecurringFrequency: 28,
	}
	o.BillTo = testAddress()
	o.ShipTo = &ogone.Address{FirstName: "Jan", LastName: "Peeters", Street1: "Meir", StreetNumber: "1",
		PostalCode: "2000", City: "Antwerpen", CountryCode: "BE"}
	return o
}

func psd2Page() ogone.PaymentPage {
	p := guidePage()
	p.AliasOperation = ogone.AliasByPSP
	p.AliasUsage = "Your monthly coffee subscription"
	p.CredentialOnFile = &ogone.CredentialOnFile{Initiator: ogone.COFCustomer, Transaction: ogone.COFFirst,
		Schedule: ogone.COFScheduled, RecurringFrequency: 28}
	p.Challenge = ogone.ChallengeMandated
	p.BillTo = testAddress()
	return p
}

// TestOrder3DSecureV2Golden pins the whole signed request of a 3-D Secure
// v2 order that stores a card for a subscription: browser data, challenge
// indicator, credential on file, addresses, and the SHASIGN over them.
func TestOrder3DSecureV2Golden(t *testing.T) {
	s := newStub(t, replay(t, "order_3ds.xml"))
	_, err := dlClient(t, s).Sale(context.Background(), psd2Order(t))
	require.NoError(t, err)
	got := s.last(t)
	assertSignedRequest(t, got, "/ncol/test/orderdirect_utf8.asp")

	names := make([]string, 0, len(got.Form))
	for name := range got.Form {
		names = append(names, name)
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, name := range names {
		b.WriteString(name + "=" + got.Form.Get(name) + "\n")
	}
	golden.Check(t, filepath.Join("testdata", "directlink", "order_3ds2_cof.golden"), b.Bytes())

	// The values a reader checks first, independently of the golden file.
	for name, value := range map[string]string{
		"FLAG3D": "Y", "BROWSERCOLORDEPTH": "24", "BROWSERSCREENHEIGHT": "1080", "BROWSERSCREENWIDTH": "1920",
		"BROWSERTIMEZONE": "-120", "BROWSERJAVAENABLED": "false", "BROWSERJAVASCRIPTENABLED": "true",
		"BROWSERLANGUAGE": "nl-BE", "BROWSERUSERAGENT": testBrowser().UserAgent,
		"BROWSERACCEPTHEADER": testBrowser().AcceptHeader,
		"HTTP_ACCEPT":         testBrowser().AcceptHeader, "HTTP_USER_AGENT": testBrowser().UserAgent,
		"MPI.THREEDSREQUESTORCHALLENGEINDICATOR": "04",
		"COF_INITIATOR":                          "CIT", "COF_TRANSACTION": "FIRST", "COF_SCHEDULE": "SCHED",
		"COF_RECURRING_EXPIRY": "20301231", "COF_RECURRING_FREQUENCY": "28",
		"ECOM_BILLTO_POSTAL_NAME_FIRST": "Zoë", "ECOM_BILLTO_POSTAL_COUNTRYCODE": "BE",
		"ECOM_BILLTO_TELECOM_MOBILE_NUMBER": "+32475123456", "ECOM_SHIPTO_POSTAL_CITY": "Antwerpen",
	} {
		assert.Equal(t, value, got.Form.Get(name), name)
	}
}

func TestOrder3DSecureHeadersOverrideBrowser(t *testing.T) {
	s := newStub(t, replay(t, "order_3ds.xml"))
	o := psd2Order(t)
	o.ThreeDSecure.HTTPAccept, o.ThreeDSecure.HTTPUserAgent = "*/*", "curl/8"
	_, err := dlClient(t, s).Sale(context.Background(), o)
	require.NoError(t, err)
	got := s.last(t)
	assert.Equal(t, "*/*", got.Form.Get("HTTP_ACCEPT"))
	assert.Equal(t, "curl/8", got.Form.Get("HTTP_USER_AGENT"))
	assert.Equal(t, testBrowser().UserAgent, got.Form.Get("BROWSERUSERAGENT"))
}

func TestOrder3DSecureWithoutBrowserIsNotSent(t *testing.T) {
	s := newStub(t, replay(t, "order_3ds.xml"))
	o := psd2Order(t)
	o.ThreeDSecure.Browser = nil
	r, err := dlClient(t, s).Sale(context.Background(), o)
	assert.Nil(t, r)
	require.ErrorIs(t, err, ogone.ErrMissingBrowserInfo)
	require.ErrorIs(t, err, ogone.ErrMissing3DSField)
	var fe *ogone.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "BROWSER*", fe.Field)
	assert.Contains(t, err.Error(), "ThreeDSecure.Browser")
	assert.Zero(t, s.hits.Load(), "nothing reaches the platform")
}

func TestOrderWithoutThreeDSecureSendsNoBrowserData(t *testing.T) {
	s := newStub(t, replay(t, "sale_captured.xml"))
	o := testOrder(t)
	o.CredentialOnFile = &ogone.CredentialOnFile{Initiator: ogone.COFCustomer, Transaction: ogone.COFSubsequent}
	_, err := dlClient(t, s).Sale(context.Background(), o)
	require.NoError(t, err)
	for name := range s.last(t).Form {
		assert.False(t, strings.HasPrefix(name, "BROWSER") || name == "FLAG3D" || name == "COF_SCHEDULE", name)
	}
}

func TestBrowserInfoValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*ogone.BrowserInfo)
		field string
		err   error
	}{
		{"no accept header", func(b *ogone.BrowserInfo) { b.AcceptHeader = "" }, "BROWSERACCEPTHEADER", ogone.ErrMissing3DSField},
		{"no user agent", func(b *ogone.BrowserInfo) { b.UserAgent = "" }, "BROWSERUSERAGENT", ogone.ErrMissing3DSField},
		{"user agent of 2049", func(b *ogone.BrowserInfo) { b.UserAgent = strings.Repeat("a", 2049) }, "BROWSERUSERAGENT", ogone.ErrTooLong},
		{"accept header of 2049", func(b *ogone.BrowserInfo) { b.AcceptHeader = strings.Repeat("é", 2049) }, "BROWSERACCEPTHEADER", ogone.ErrTooLong},
		{"control character", func(b *ogone.BrowserInfo) { b.UserAgent = "Mozilla\t5" }, "BROWSERUSERAGENT", ogone.ErrInvalidValue},
		{"no language", func(b *ogone.BrowserInfo) { b.Language = "" }, "BROWSERLANGUAGE", ogone.ErrMissing3DSField},
		{"language of 9", func(b *ogone.BrowserInfo) { b.Language = "zh-Hant-T" }, "BROWSERLANGUAGE", ogone.ErrInvalidBrowserLanguage},
		{"language with _", func(b *ogone.BrowserInfo) { b.Language = "en_US" }, "BROWSERLANGUAGE", ogone.ErrInvalidBrowserLanguage},
		{"language starting with a digit", func(b *ogone.BrowserInfo) { b.Language = "1en" }, "BROWSERLANGUAGE", ogone.ErrInvalidBrowserLanguage},
		{"language with empty subtag", func(b *ogone.BrowserInfo) { b.Language = "en--US" }, "BROWSERLANGUAGE", ogone.ErrInvalidBrowserLanguage},
		{"colour depth 30", func(b *ogone.BrowserInfo) { b.ColorDepth = 30 }, "BROWSERCOLORDEPTH", ogone.ErrInvalidColorDepth},
		{"colour depth 0 with JavaScript", func(b *ogone.BrowserInfo) { b.ColorDepth = 0 }, "BROWSERCOLORDEPTH", ogone.ErrInvalidColorDepth},
		{"colour depth 30 without JavaScript", func(b *ogone.BrowserInfo) { b.JavaScriptEnabled, b.ColorDepth = false, 30 }, "BROWSERCOLORDEPTH", ogone.ErrInvalidColorDepth},
		{"screen height 0", func(b *ogone.BrowserInfo) { b.ScreenHeight = 0 }, "BROWSERSCREENHEIGHT", ogone.ErrInvalidScreenSize},
		{"screen width 1000000", func(b *ogone.BrowserInfo) { b.ScreenWidth = 1000000 }, "BROWSERSCREENWIDTH", ogone.ErrInvalidScreenSize},
		{"negative screen width", func(b *ogone.BrowserInfo) { b.ScreenWidth = -1 }, "BROWSERSCREENWIDTH", ogone.ErrInvalidScreenSize},
		{"time zone -841", func(b *ogone.BrowserInfo) { b.TimeZoneOffset = -841 }, "BROWSERTIMEZONE", ogone.ErrInvalidTimeZone},
		{"time zone 721", func(b *ogone.BrowserInfo) { b.TimeZoneOffset = 721 }, "BROWSERTIMEZONE", ogone.ErrInvalidTimeZone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBrowser()
			tt.edit(b)
			err := b.Validate()
			require.ErrorIs(t, err, tt.err)
			var fe *ogone.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)

			// The same check refuses the order before it is sent.
			s := newStub(t, replay(t, "order_3ds.xml"))
			o := psd2Order(t)
			o.ThreeDSecure.Browser = b
			_, err = dlClient(t, s).Sale(context.Background(), o)
			require.ErrorIs(t, err, tt.err)
			assert.Zero(t, s.hits.Load())
		})
	}
}

func TestBrowserInfoLimitsAccepted(t *testing.T) {
	for _, edit := range []func(*ogone.BrowserInfo){
		func(b *ogone.BrowserInfo) { b.UserAgent = strings.Repeat("é", 2048) },
		func(b *ogone.BrowserInfo) { b.TimeZoneOffset = -840 },
		func(b *ogone.BrowserInfo) { b.TimeZoneOffset = 720 },
		func(b *ogone.BrowserInfo) { b.ScreenWidth, b.ScreenHeight = 1, 999999 },
		func(b *ogone.BrowserInfo) { b.Language = "en" },
		func(b *ogone.BrowserInfo) { b.Language = "zh-Hant" },
		func(b *ogone.BrowserInfo) { b.Language = "es-419" },
		func(b *ogone.BrowserInfo) { b.ColorDepth = 48 },
		func(b *ogone.BrowserInfo) { b.ColorDepth = 1 },
	} {
		b := testBrowser()
		edit(b)
		assert.NoError(t, b.Validate())
	}
}

// TestBrowserInfoWithoutJavaScript: EMV 3-D Secure requires the screen,
// colour depth and time zone only from browsers that run JavaScript.
func TestBrowserInfoWithoutJavaScript(t *testing.T) {
	s := newStub(t, replay(t, "order_3ds.xml"))
	o := psd2Order(t)
	o.ThreeDSecure.Browser = &ogone.BrowserInfo{AcceptHeader: "text/html", UserAgent: "Lynx/2.9", Language: "en"}
	_, err := dlClient(t, s).Sale(context.Background(), o)
	require.NoError(t, err)
	got := s.last(t).Form
	assert.Equal(t, "false", got.Get("BROWSERJAVASCRIPTENABLED"))
	assert.Equal(t, "false", got.Get("BROWSERJAVAENABLED"))
	for _, name := range []string{"BROWSERCOLORDEPTH", "BROWSERSCREENHEIGHT", "BROWSERSCREENWIDTH", "BROWSERTIMEZONE"} {
		assert.NotContains(t, got, name)
	}
}

func TestChallengeIndicator(t *testing.T) {
	assert.Equal(t, "01 no preference", ogone.ChallengeNoPreference.String())
	assert.Equal(t, "04 challenge mandated", ogone.ChallengeMandated.String())
	assert.Equal(t, "05", ogone.ChallengeIndicator("05").String())

	s := newStub(t, replay(t, "order_3ds.xml"))
	for _, c := range []ogone.ChallengeIndicator{"05", "1", "00", "4"} {
		o := psd2Order(t)
		o.ThreeDSecure.Challenge = c
		_, err := dlClient(t, s).Sale(context.Background(), o)
		require.ErrorIs(t, err, ogone.ErrInvalidChallenge, "%q", c)
		_, err = hostedClient(t, shasign.SHA512).HostedPaymentPage(func() ogone.PaymentPage { p := psd2Page(); p.Challenge = c; return p }())
		require.ErrorIs(t, err, ogone.ErrInvalidChallenge, "%q", c)
	}
	assert.Zero(t, s.hits.Load())
}

// TestCredentialOnFileCombinations is the table of the card schemes'
// credential-on-file rules as the library applies them.
func TestCredentialOnFileCombinations(t *testing.T) {
	expiry := time.Date(2031, 1, 31, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		cof   ogone.CredentialOnFile
		field string // "" when allowed
		err   error
	}{
		{"CIT FIRST", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST"}, "", nil},
		{"CIT FIRST SCHED with expiry and frequency", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST", Schedule: "SCHED", RecurringExpiry: expiry, RecurringFrequency: 30}, "", nil},
		{"CIT FIRST UNSCHED", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST", Schedule: "UNSCHED"}, "", nil},
		{"CIT SUBSEQ", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "SUBSEQ"}, "", nil},
		{"CIT SUBSEQ UNSCHED", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "SUBSEQ", Schedule: "UNSCHED"}, "", nil},
		{"MIT SUBSEQ SCHED", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED"}, "", nil},
		{"MIT SUBSEQ SCHED frequency 9999", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED", RecurringFrequency: 9999}, "", nil},
		{"MIT SUBSEQ UNSCHED", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "UNSCHED"}, "", nil},

		{"MIT FIRST", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "FIRST", Schedule: "SCHED"}, "COF_TRANSACTION", ogone.ErrCOFCombination},
		{"MIT without schedule", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ"}, "COF_SCHEDULE", ogone.ErrCOFCombination},
		{"expiry on UNSCHED", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "UNSCHED", RecurringExpiry: expiry}, "COF_RECURRING_EXPIRY", ogone.ErrCOFCombination},
		{"frequency without schedule", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "SUBSEQ", RecurringFrequency: 30}, "COF_RECURRING_FREQUENCY", ogone.ErrCOFCombination},
		{"no initiator", ogone.CredentialOnFile{Transaction: "FIRST"}, "COF_INITIATOR", ogone.ErrInvalidCOF},
		{"lower-case initiator", ogone.CredentialOnFile{Initiator: "cit", Transaction: "FIRST"}, "COF_INITIATOR", ogone.ErrInvalidCOF},
		{"no transaction", ogone.CredentialOnFile{Initiator: "CIT"}, "COF_TRANSACTION", ogone.ErrInvalidCOF},
		{"unknown transaction", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "LAST"}, "COF_TRANSACTION", ogone.ErrInvalidCOF},
		{"unknown schedule", ogone.CredentialOnFile{Initiator: "CIT", Transaction: "FIRST", Schedule: "MONTHLY"}, "COF_SCHEDULE", ogone.ErrInvalidCOF},
		{"frequency 0 days is none", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED", RecurringFrequency: 0}, "", nil},
		{"frequency 10000", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED", RecurringFrequency: 10000}, "COF_RECURRING_FREQUENCY", ogone.ErrInvalidCOF},
		{"negative frequency", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED", RecurringFrequency: -28}, "COF_RECURRING_FREQUENCY", ogone.ErrInvalidCOF},
		{"expiry in year 10000", ogone.CredentialOnFile{Initiator: "MIT", Transaction: "SUBSEQ", Schedule: "SCHED", RecurringExpiry: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "COF_RECURRING_EXPIRY", ogone.ErrInvalidCOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cof.Validate()
			s := newStub(t, replay(t, "sale_captured.xml"))
			o := testOrder(t)
			cof := tt.cof
			o.CredentialOnFile = &cof
			_, sendErr := dlClient(t, s).Sale(context.Background(), o)
			if tt.err == nil {
				require.NoError(t, err)
				require.NoError(t, sendErr)
				got := s.last(t).Form
				assert.Equal(t, tt.cof.Initiator, got.Get("COF_INITIATOR"))
				assert.Equal(t, tt.cof.Transaction, got.Get("COF_TRANSACTION"))
				assert.Equal(t, tt.cof.Schedule, got.Get("COF_SCHEDULE"))
				return
			}
			for _, e := range []error{err, sendErr} {
				require.ErrorIs(t, e, tt.err)
				var fe *ogone.FieldError
				require.ErrorAs(t, e, &fe)
				assert.Equal(t, tt.field, fe.Field)
			}
			assert.Zero(t, s.hits.Load())
		})
	}
}

func TestMerchantInitiatedOrderCannotAskFor3DSecure(t *testing.T) {
	s := newStub(t, replay(t, "order_3ds.xml"))
	o := psd2Order(t)
	o.CredentialOnFile = &ogone.CredentialOnFile{Initiator: ogone.COFMerchant, Transaction: ogone.COFSubsequent, Schedule: ogone.COFScheduled}
	_, err := dlClient(t, s).Sale(context.Background(), o)
	require.ErrorIs(t, err, ogone.ErrCOFCombination)
	var fe *ogone.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "FLAG3D", fe.Field)
	assert.Zero(t, s.hits.Load())
}

func TestHostedPageCredentialOnFile(t *testing.T) {
	c := hostedClient(t, shasign.SHA512)

	// A page that stores a card says so by itself.
	p := guidePage()
	p.AliasOperation = ogone.AliasByPSP
	form, err := c.HostedPaymentPage(p)
	require.NoError(t, err)
	assert.Equal(t, "CIT", form.Get("COF_INITIATOR"))
	assert.Equal(t, "FIRST", form.Get("COF_TRANSACTION"))
	assert.Empty(t, form.Get("COF_SCHEDULE"))

	// A page that stores nothing sends nothing of it.
	form, err = c.HostedPaymentPage(guidePage())
	require.NoError(t, err)
	for _, f := range form.Fields {
		assert.False(t, strings.HasPrefix(f.Name, "COF_") || strings.HasPrefix(f.Name, "MPI."), f.Name)
	}

	// The customer is on the page: a merchant-initiated payment cannot be.
	p = psd2Page()
	p.CredentialOnFile = &ogone.CredentialOnFile{Initiator: ogone.COFMerchant, Transaction: ogone.COFSubsequent, Schedule: ogone.COFScheduled}
	_, err = c.HostedPaymentPage(p)
	require.ErrorIs(t, err, ogone.ErrCOFCombination)

	p = psd2Page()
	p.CredentialOnFile.Transaction = ""
	_, err = c.HostedPaymentPage(p)
	require.ErrorIs(t, err, ogone.ErrInvalidCOF)

	form, err = c.HostedPaymentPage(psd2Page())
	require.NoError(t, err)
	assert.Equal(t, "SCHED", form.Get("COF_SCHEDULE"))
	assert.Equal(t, "28", form.Get("COF_RECURRING_FREQUENCY"))
	assert.Equal(t, "04", form.Get("MPI.THREEDSREQUESTORCHALLENGEINDICATOR"))
	assert.Equal(t, "Bruxelles", form.Get("ECOM_BILLTO_POSTAL_CITY"))
}

func TestAddressLimits(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*ogone.Address)
		field string
		err   error
	}{
		{"first name of 51", func(a *ogone.Address) { a.FirstName = strings.Repeat("ë", 51) }, "POSTAL_NAME_FIRST", ogone.ErrTooLong},
		{"last name of 51", func(a *ogone.Address) { a.LastName = strings.Repeat("x", 51) }, "POSTAL_NAME_LAST", ogone.ErrTooLong},
		{"street of 36", func(a *ogone.Address) { a.Street1 = strings.Repeat("x", 36) }, "POSTAL_STREET_LINE1", ogone.ErrTooLong},
		{"line 2 of 36", func(a *ogone.Address) { a.Street2 = strings.Repeat("x", 36) }, "POSTAL_STREET_LINE2", ogone.ErrTooLong},
		{"line 3 of 36", func(a *ogone.Address) { a.Street3 = strings.Repeat("x", 36) }, "POSTAL_STREET_LINE3", ogone.ErrTooLong},
		{"number of 11", func(a *ogone.Address) { a.StreetNumber = strings.Repeat("1", 11) }, "POSTAL_STREET_NUMBER", ogone.ErrTooLong},
		{"postal code of 11", func(a *ogone.Address) { a.PostalCode = strings.Repeat("1", 11) }, "POSTAL_POSTALCODE", ogone.ErrTooLong},
		{"city of 26", func(a *ogone.Address) { a.City = strings.Repeat("x", 26) }, "POSTAL_CITY", ogone.ErrTooLong},
		{"county of 26", func(a *ogone.Address) { a.County = strings.Repeat("x", 26) }, "POSTAL_COUNTY", ogone.ErrTooLong},
		{"phone of 21", func(a *ogone.Address) { a.Phone = strings.Repeat("1", 21) }, "TELECOM_PHONE_NUMBER", ogone.ErrTooLong},
		{"mobile of 21", func(a *ogone.Address) { a.Mobile = strings.Repeat("1", 21) }, "TELECOM_MOBILE_NUMBER", ogone.ErrTooLong},
		{"country name", func(a *ogone.Address) { a.CountryCode = "Belgium" }, "POSTAL_COUNTRYCODE", ogone.ErrInvalidCountry},
		{"lower-case country", func(a *ogone.Address) { a.CountryCode = "be" }, "POSTAL_COUNTRYCODE", ogone.ErrInvalidCountry},
		{"line break", func(a *ogone.Address) { a.Street1 = "Rue\r\nX" }, "POSTAL_STREET_LINE1", ogone.ErrInvalidValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, prefix := range []string{"ECOM_BILLTO_", "ECOM_SHIPTO_"} {
				a := testAddress()
				tt.edit(a)
				o := testOrder(t)
				p := guidePage()
				if prefix == "ECOM_BILLTO_" {
					o.BillTo, p.BillTo = a, a
				} else {
					o.ShipTo, p.ShipTo = a, a
				}
				s := newStub(t, replay(t, "sale_captured.xml"))
				_, dlErr := dlClient(t, s).Sale(context.Background(), o)
				_, pageErr := hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
				for _, err := range []error{dlErr, pageErr} {
					require.ErrorIs(t, err, tt.err)
					var fe *ogone.FieldError
					require.ErrorAs(t, err, &fe)
					assert.Equal(t, prefix+tt.field, fe.Field)
				}
				assert.Zero(t, s.hits.Load())
			}
		})
	}
	// At the limits, in characters rather than bytes.
	a := &ogone.Address{FirstName: strings.Repeat("ë", 50), City: strings.Repeat("x", 25), StreetNumber: "1234567890"}
	p := guidePage()
	p.ShipTo = a
	form, err := hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
	require.NoError(t, err)
	assert.Equal(t, a.FirstName, form.Get("ECOM_SHIPTO_POSTAL_NAME_FIRST"))
}

func TestExtraCannotSetPSD2Fields(t *testing.T) {
	for _, name := range []string{"browserColorDepth", "BROWSERUSERAGENT", "COF_INITIATOR", "cof_schedule",
		"Mpi.threeDSRequestorChallengeIndicator", "ECOM_BILLTO_POSTAL_CITY", "ecom_shipto_postal_countrycode"} {
		o := testOrder(t)
		o.Extra = url.Values{name: {"x"}}
		s := newStub(t, replay(t, "sale_captured.xml"))
		_, err := dlClient(t, s).Sale(context.Background(), o)
		require.ErrorIs(t, err, ogone.ErrReservedField, name)
		if strings.HasPrefix(strings.ToUpper(name), "BROWSER") {
			continue // the hosted page collects the browser data itself
		}
		p := guidePage()
		p.Extra = url.Values{name: {"x"}}
		_, err = hostedClient(t, shasign.SHA512).HostedPaymentPage(p)
		require.ErrorIs(t, err, ogone.ErrReservedField, name)
	}
}

// scriptForm is what BrowserInfoScript posts for a desktop browser.
func scriptForm() url.Values {
	return url.Values{
		"ogone_browser_javascript":    {"true"},
		"ogone_browser_java":          {"false"},
		"ogone_browser_language":      {"nl-BE"},
		"ogone_browser_color_depth":   {"24"},
		"ogone_browser_screen_height": {"1080"},
		"ogone_browser_screen_width":  {"1920"},
		"ogone_browser_time_zone":     {"-120"},
	}
}

func TestParseBrowserForm(t *testing.T) {
	b, err := ogone.ParseBrowserForm(scriptForm())
	require.NoError(t, err)
	want := *testBrowser()
	want.AcceptHeader, want.UserAgent = "", ""
	assert.Equal(t, want, b)

	tests := []struct {
		name string
		edit func(url.Values)
		want func(*ogone.BrowserInfo) // nil when refused
		err  error
	}{
		{"30-bit colour becomes 24", func(v url.Values) { v.Set("ogone_browser_color_depth", "30") }, func(b *ogone.BrowserInfo) { b.ColorDepth = 24 }, nil},
		{"64-bit colour becomes 48", func(v url.Values) { v.Set("ogone_browser_color_depth", "64") }, func(b *ogone.BrowserInfo) { b.ColorDepth = 48 }, nil},
		{"long language shortened", func(v url.Values) { v.Set("ogone_browser_language", "zh-Hant-TW") }, func(b *ogone.BrowserInfo) { b.Language = "zh-Hant" }, nil},
		{"time zone -1", func(v url.Values) { v.Set("ogone_browser_time_zone", "-1") }, func(b *ogone.BrowserInfo) { b.TimeZoneOffset = -1 }, nil},
		{"time zone 0", func(v url.Values) { v.Set("ogone_browser_time_zone", "0") }, func(b *ogone.BrowserInfo) { b.TimeZoneOffset = 0 }, nil},
		{"time zone 720", func(v url.Values) { v.Set("ogone_browser_time_zone", "720") }, func(b *ogone.BrowserInfo) { b.TimeZoneOffset = 720 }, nil},
		{"java enabled", func(v url.Values) { v.Set("ogone_browser_java", "true") }, func(b *ogone.BrowserInfo) { b.JavaEnabled = true }, nil},
		{"no language", func(v url.Values) { v.Set("ogone_browser_language", "") }, func(b *ogone.BrowserInfo) { b.Language = "" }, nil},
		{"language twice", func(v url.Values) { v.Add("ogone_browser_language", "en") }, nil, ogone.ErrRepeatedField},
		{"no JavaScript", func(v url.Values) { v.Set("ogone_browser_javascript", "") },
			func(b *ogone.BrowserInfo) { *b = ogone.BrowserInfo{} }, nil},
		{"JavaScript field missing", func(v url.Values) { v.Del("ogone_browser_javascript") },
			func(b *ogone.BrowserInfo) { *b = ogone.BrowserInfo{} }, nil},

		{"JavaScript twice", func(v url.Values) { v.Add("ogone_browser_javascript", "true") }, nil, ogone.ErrRepeatedField},
		{"width twice", func(v url.Values) { v.Add("ogone_browser_screen_width", "1") }, nil, ogone.ErrRepeatedField},
		{"width missing", func(v url.Values) { v.Del("ogone_browser_screen_width") }, nil, ogone.ErrMissing3DSField},
		{"width with sign", func(v url.Values) { v.Set("ogone_browser_screen_width", "+1920") }, nil, ogone.ErrInvalidScreenSize},
		{"width 0", func(v url.Values) { v.Set("ogone_browser_screen_width", "0") }, nil, ogone.ErrInvalidScreenSize},
		{"height of 7 digits", func(v url.Values) { v.Set("ogone_browser_screen_height", "1000000") }, nil, ogone.ErrInvalidScreenSize},
		{"Arabic-Indic digits", func(v url.Values) { v.Set("ogone_browser_screen_height", "١٠٨٠") }, nil, ogone.ErrInvalidScreenSize},
		{"colour depth 0", func(v url.Values) { v.Set("ogone_browser_color_depth", "0") }, nil, ogone.ErrInvalidColorDepth},
		{"colour depth text", func(v url.Values) { v.Set("ogone_browser_color_depth", "deep") }, nil, ogone.ErrInvalidColorDepth},
		{"time zone 841 minutes east", func(v url.Values) { v.Set("ogone_browser_time_zone", "-841") }, nil, ogone.ErrInvalidTimeZone},
		{"time zone --1", func(v url.Values) { v.Set("ogone_browser_time_zone", "--1") }, nil, ogone.ErrInvalidTimeZone},
		{"time zone -", func(v url.Values) { v.Set("ogone_browser_time_zone", "-") }, nil, ogone.ErrInvalidTimeZone},
		{"java yes", func(v url.Values) { v.Set("ogone_browser_java", "yes") }, nil, ogone.ErrInvalidValue},
		{"language with ſ", func(v url.Values) { v.Set("ogone_browser_language", "ſv") }, nil, ogone.ErrInvalidBrowserLanguage},
		{"language with _", func(v url.Values) { v.Set("ogone_browser_language", "en_US") }, nil, ogone.ErrInvalidBrowserLanguage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := scriptForm()
			tt.edit(v)
			got, err := ogone.ParseBrowserForm(v)
			if tt.want == nil {
				require.ErrorIs(t, err, tt.err)
				var fe *ogone.FieldError
				require.ErrorAs(t, err, &fe)
				assert.True(t, strings.HasPrefix(fe.Field, "BROWSER"), fe.Field)
				assert.Equal(t, ogone.BrowserInfo{}, got, "nothing half-read")
				return
			}
			require.NoError(t, err)
			w := want
			tt.want(&w)
			assert.Equal(t, w, got)
		})
	}
}

func TestBrowserInfoFromRequest(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/checkout", strings.NewReader(scriptForm().Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", testBrowser().AcceptHeader)
	r.Header.Set("User-Agent", testBrowser().UserAgent)
	r.Header.Set("Accept-Language", "fr-BE,fr;q=0.9")
	b, err := ogone.BrowserInfoFromRequest(r)
	require.NoError(t, err)
	assert.Equal(t, *testBrowser(), b, "the script's language wins over Accept-Language")
	require.NoError(t, b.Validate())

	// A browser that gave the script no language.
	v := scriptForm()
	v.Set("ogone_browser_language", "")
	r = httptest.NewRequest(http.MethodPost, "/checkout", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept-Language", "fr-BE,fr;q=0.9")
	b, err = ogone.BrowserInfoFromRequest(r)
	require.NoError(t, err)
	assert.Equal(t, "fr-BE", b.Language)

	// Without JavaScript: the headers only, the language from
	// Accept-Language, and still a valid BrowserInfo.
	r = httptest.NewRequest(http.MethodPost, "/checkout", strings.NewReader("ogone_browser_javascript="))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "text/html")
	r.Header.Set("User-Agent", "Lynx/2.9\tlibwww \xff"+strings.Repeat("x", 3000))
	r.Header.Set("Accept-Language", "  de-CH-1996 ; q=1, de")
	b, err = ogone.BrowserInfoFromRequest(r)
	require.NoError(t, err)
	assert.False(t, b.JavaScriptEnabled)
	assert.Equal(t, "de-CH", b.Language)
	assert.True(t, strings.HasPrefix(b.UserAgent, "Lynx/2.9 libwww \uFFFDxx"), "tab and bad byte replaced")
	assert.Len(t, []rune(b.UserAgent), 2048)
	require.NoError(t, b.Validate())

	// A bad form is an error, a bad Accept-Language is no language.
	r = httptest.NewRequest(http.MethodPost, "/checkout", strings.NewReader("ogone_browser_javascript=true"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, err = ogone.BrowserInfoFromRequest(r)
	require.ErrorIs(t, err, ogone.ErrMissing3DSField)
	r = httptest.NewRequest(http.MethodGet, "/checkout", nil)
	r.Header.Set("Accept-Language", "*")
	b, err = ogone.BrowserInfoFromRequest(r)
	require.NoError(t, err)
	assert.Empty(t, b.Language)
	require.ErrorIs(t, b.Validate(), ogone.ErrMissing3DSField)
}

func TestBrowserInfoScript(t *testing.T) {
	h := ogone.BrowserInfoScriptHandler()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/ogone-browser.js", nil))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "text/javascript; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
	assert.Equal(t, ogone.BrowserInfoScript, w.Body.Bytes())

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodHead, "/ogone-browser.js", nil))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Body.Bytes())

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/ogone-browser.js", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)

	// The script fills exactly the fields that BrowserInfoFields declares
	// and ParseBrowserForm reads.
	for name := range scriptForm() {
		assert.Contains(t, string(ogone.BrowserInfoScript), name+":")
		assert.Contains(t, string(ogone.BrowserInfoFields), `name="`+name+`"`)
	}
	assert.Equal(t, len(scriptForm()), strings.Count(string(ogone.BrowserInfoFields), "<input"))
	assert.Equal(t, len(scriptForm()), strings.Count(string(ogone.BrowserInfoScript), "ogone_browser_"))
}

func FuzzParseBrowserForm(f *testing.F) {
	f.Add(scriptForm().Encode())
	f.Add("ogone_browser_javascript=true&ogone_browser_time_zone=-0&ogone_browser_color_depth=999")
	f.Add("ogone_browser_javascript=true&ogone_browser_javascript=true")
	f.Add("ogone_browser_javascript=true&ogone_browser_language=%C5%BFv-%00&ogone_browser_screen_width=-5")
	f.Fuzz(func(t *testing.T, query string) {
		v, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		b, err := ogone.ParseBrowserForm(v)
		if err != nil {
			var fe *ogone.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if b != (ogone.BrowserInfo{}) {
				t.Fatalf("refused form half-read: %+v", b)
			}
			return
		}
		if !b.JavaScriptEnabled {
			if b != (ogone.BrowserInfo{}) {
				t.Fatalf("without JavaScript nothing is read: %+v", b)
			}
			return
		}
		// Whatever it accepts, with the headers added, is a valid
		// BrowserInfo that an order sends as it is.
		b.AcceptHeader, b.UserAgent = "*/*", "fuzz"
		if b.Language == "" {
			b.Language = "en" // what BrowserInfoFromRequest takes from Accept-Language
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("accepted %q but Validate says %v", query, err)
		}
	})
}

func ExampleParseBrowserForm() {
	// What BrowserInfoScript put in the hidden fields of a phone's form.
	form := url.Values{
		"ogone_browser_javascript":    {"true"},
		"ogone_browser_java":          {"false"},
		"ogone_browser_language":      {"fr-BE"},
		"ogone_browser_color_depth":   {"30"},
		"ogone_browser_screen_height": {"844"},
		"ogone_browser_screen_width":  {"390"},
		"ogone_browser_time_zone":     {"-60"},
	}
	b, err := ogone.ParseBrowserForm(form)
	if err != nil {
		panic(err)
	}
	fmt.Println(b.ScreenWidth, b.ScreenHeight, b.ColorDepth, b.TimeZoneOffset, b.Language)
	// Output: 390 844 24 -60 fr-BE
}

// ExampleCredentialOnFile_Validate shows the rule that trips most
// integrations: the first payment with a card is the customer's.
func ExampleCredentialOnFile_Validate() {
	cof := ogone.CredentialOnFile{Initiator: ogone.COFMerchant, Transaction: ogone.COFFirst, Schedule: ogone.COFScheduled}
	fmt.Println(cof.Validate())
	// Output: ogone: COF_TRANSACTION: combination forbidden by the credential-on-file rules
}

// BenchmarkOrderRoundTrip3DSecureV2 is BenchmarkOrderRoundTrip with browser
// data, challenge indicator, credential on file and two addresses: compare
// the two from one run to see what the PSD2 fields cost.
func BenchmarkOrderRoundTrip3DSecureV2(b *testing.B) {
	s := newStub(b, replay(b, "order_authorized.xml"))
	c := dlClient(b, s)
	o := psd2Order(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Authorize(ctx, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseBrowserForm(b *testing.B) {
	v := scriptForm()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ogone.ParseBrowserForm(v); err != nil {
			b.Fatal(err)
		}
	}
}
