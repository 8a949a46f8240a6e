package ogone

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The names each request's Extra refuses, as they were when each request
// kept a hand-written map: deriving them from the field tables changed
// none.
const (
	pageReserved = "ACCEPTURL ALIAS ALIASOPERATION ALIASUSAGE AMOUNT BACKURL BRAND CANCELURL CARDNO CATALOGURL CN COF_INITIATOR COF_RECURRING_EXPIRY COF_RECURRING_FREQUENCY COF_SCHEDULE COF_TRANSACTION COM COMPLUS CURRENCY CVC DECLINEURL ECOM_BILLTO_POSTAL_CITY ECOM_BILLTO_POSTAL_COUNTRYCODE ECOM_BILLTO_POSTAL_COUNTY ECOM_BILLTO_POSTAL_NAME_FIRST ECOM_BILLTO_POSTAL_NAME_LAST ECOM_BILLTO_POSTAL_POSTALCODE ECOM_BILLTO_POSTAL_STREET_LINE1 ECOM_BILLTO_POSTAL_STREET_LINE2 ECOM_BILLTO_POSTAL_STREET_LINE3 ECOM_BILLTO_POSTAL_STREET_NUMBER ECOM_BILLTO_TELECOM_MOBILE_NUMBER ECOM_BILLTO_TELECOM_PHONE_NUMBER ECOM_SHIPTO_POSTAL_CITY ECOM_SHIPTO_POSTAL_COUNTRYCODE ECOM_SHIPTO_POSTAL_COUNTY ECOM_SHIPTO_POSTAL_NAME_FIRST ECOM_SHIPTO_POSTAL_NAME_LAST ECOM_SHIPTO_POSTAL_POSTALCODE ECOM_SHIPTO_POSTAL_STREET_LINE1 ECOM_SHIPTO_POSTAL_STREET_LINE2 ECOM_SHIPTO_POSTAL_STREET_LINE3 ECOM_SHIPTO_POSTAL_STREET_NUMBER ECOM_SHIPTO_TELECOM_MOBILE_NUMBER ECOM_SHIPTO_TELECOM_PHONE_NUMBER ED EMAIL EXCEPTIONURL EXCLPMLIST HOMEURL LANGUAGE MPI.THREEDSREQUESTORCHALLENGEINDICATOR OPERATION ORDERID OWNERADDRESS OWNERCTY OWNERTELNO OWNERTOWN OWNERZIP PARAMPLUS PM PMLIST PSPID PSWD SHASIGN SHASIGNATURE.SHASIGN TITLE TP"

	orderReserved = "ACCEPTURL ALIAS ALIASPERSISTEDAFTERUSE AMOUNT BRAND BROWSERACCEPTHEADER BROWSERCOLORDEPTH BROWSERJAVAENABLED BROWSERJAVASCRIPTENABLED BROWSERLANGUAGE BROWSERSCREENHEIGHT BROWSERSCREENWIDTH BROWSERTIMEZONE BROWSERUSERAGENT CARDNO CN COF_INITIATOR COF_RECURRING_EXPIRY COF_RECURRING_FREQUENCY COF_SCHEDULE COF_TRANSACTION COM CURRENCY CVC DECLINEURL ECI ECOM_BILLTO_POSTAL_CITY ECOM_BILLTO_POSTAL_COUNTRYCODE ECOM_BILLTO_POSTAL_COUNTY ECOM_BILLTO_POSTAL_NAME_FIRST ECOM_BILLTO_POSTAL_NAME_LAST ECOM_BILLTO_POSTAL_POSTALCODE ECOM_BILLTO_POSTAL_STREET_LINE1 ECOM_BILLTO_POSTAL_STREET_LINE2 ECOM_BILLTO_POSTAL_STREET_LINE3 ECOM_BILLTO_POSTAL_STREET_NUMBER ECOM_BILLTO_TELECOM_MOBILE_NUMBER ECOM_BILLTO_TELECOM_PHONE_NUMBER ECOM_SHIPTO_POSTAL_CITY ECOM_SHIPTO_POSTAL_COUNTRYCODE ECOM_SHIPTO_POSTAL_COUNTY ECOM_SHIPTO_POSTAL_NAME_FIRST ECOM_SHIPTO_POSTAL_NAME_LAST ECOM_SHIPTO_POSTAL_POSTALCODE ECOM_SHIPTO_POSTAL_STREET_LINE1 ECOM_SHIPTO_POSTAL_STREET_LINE2 ECOM_SHIPTO_POSTAL_STREET_LINE3 ECOM_SHIPTO_POSTAL_STREET_NUMBER ECOM_SHIPTO_TELECOM_MOBILE_NUMBER ECOM_SHIPTO_TELECOM_PHONE_NUMBER ED EMAIL EXCEPTIONURL FLAG3D GLOBORDERID HTTP_ACCEPT HTTP_USER_AGENT LANGUAGE MPI.THREEDSREQUESTORCHALLENGEINDICATOR OPERATION ORDERID OWNERADDRESS OWNERCTY OWNERTELNO OWNERTOWN OWNERZIP PAYIDSUB PM PSPID PSWD REMOTE_ADDR RTIMEOUT SHASIGN SHASIGNATURE.SHASIGN USERID WIN3DS"

	maintenanceReserved = "AMOUNT CARDNO CVC ED OPERATION ORDERID PAYID PAYIDSUB PSPID PSWD SHASIGN SHASIGNATURE.SHASIGN USERID"
)

// extraRequests build each request kind with one Extra parameter.
var extraRequests = map[string]func(url.Values) error{
	"page": func(x url.Values) error {
		p := PaymentPage{OrderID: "1", Amount: decimal.NewFromInt(1), Currency: "EUR", Extra: x}
		_, err := p.fields("P")
		return err
	},
	"order": func(x url.Values) error {
		o := Order{OrderID: "1", Amount: decimal.NewFromInt(1), Currency: "EUR", Operation: OperationSale, Alias: "A", Extra: x}
		_, err := o.fields()
		return err
	},
	"maintenance": func(x url.Values) error {
		m := Maintenance{PayID: "1", Operation: OperationRenew, Extra: x}
		_, err := m.fields()
		return err
	},
}

func TestExtraReservedNames(t *testing.T) {
	want := map[string]string{"page": pageReserved, "order": orderReserved, "maintenance": maintenanceReserved}
	candidates := strings.Fields(pageReserved + " " + orderReserved + " " + maintenanceReserved +
		" BGCOLOR COMPLUS PARAMPLUS USERID ECOM_BILLTO_X WIN3DS LOGO")
	slices.Sort(candidates)
	candidates = slices.Compact(candidates)
	for kind, build := range extraRequests {
		var refused []string
		for _, name := range candidates {
			for _, spelled := range []string{name, strings.ToLower(name)} {
				err := build(url.Values{spelled: {"x"}})
				if spelled == name && errors.Is(err, ErrReservedField) {
					refused = append(refused, name)
				}
				if err != nil && !errors.Is(err, ErrReservedField) {
					t.Errorf("%s: Extra %s: %v", kind, spelled, err)
				}
			}
		}
		assert.Equal(t, want[kind], strings.Join(refused, " "), kind)
	}
}

// TestTablesReserveWhatTheyBuild builds requests that set every field,
// valid and invalid, and checks that every parameter a table sent or
// reported is one its Extra refuses: a row that forgot a name of its
// family would let Extra send that parameter a second time.
func TestTablesReserveWhatTheyBuild(t *testing.T) {
	addr := &Address{FirstName: "A", LastName: "B", Street1: "1", Street2: "2", Street3: "3", StreetNumber: "4",
		PostalCode: "5", City: "C", CountryCode: "BE", County: "D", Phone: "6", Mobile: "7"}
	badAddr := &Address{FirstName: strings.Repeat("x", 51), CountryCode: "be", Phone: "\n"}
	cof := &CredentialOnFile{Initiator: COFCustomer, Transaction: COFFirst, Schedule: COFScheduled,
		RecurringExpiry: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), RecurringFrequency: 28}
	badCOF := &CredentialOnFile{Initiator: "X", Transaction: "Y", Schedule: "Z", RecurringExpiry: time.Date(20000, 1, 1, 0, 0, 0, 0, time.UTC), RecurringFrequency: -1}
	browser := &BrowserInfo{AcceptHeader: "a", UserAgent: "u", Language: "en", ColorDepth: 24, ScreenHeight: 1, ScreenWidth: 1,
		TimeZoneOffset: 60, JavaEnabled: true, JavaScriptEnabled: true}
	badBrowser := &BrowserInfo{Language: "??", ColorDepth: 3, ScreenHeight: -1, ScreenWidth: -1, TimeZoneOffset: 9999, JavaScriptEnabled: true}
	card, err := NewCard("4111111111111111", "12/2030", "123")
	require.NoError(t, err)
	full := func(bad bool) (PaymentPage, Order) {
		v := func(good, wrong string) string {
			if bad {
				return wrong
			}
			return good
		}
		a, c, br := addr, cof, browser
		if bad {
			a, c, br = badAddr, badCOF, badBrowser
		}
		page := PaymentPage{OrderID: v("1", ""), Amount: decimal.RequireFromString(v("1", "0.001")), Currency: v("EUR", "eur"),
			Language: v("en_US", "en"), Operation: Operation(v("SAL", "XXX")), CustomerName: v("n", "\x00"), Email: "e", OwnerAddress: "a",
			OwnerZip: "z", OwnerTown: "t", OwnerCountry: v("BE", "be"), OwnerPhone: "p", Description: "d", Title: "t", Template: "t",
			AcceptURL: v("https://a/", "a"), DeclineURL: v("https://a/", "a"), ExceptionURL: v("https://a/", "a"), CancelURL: v("https://a/", "a"),
			BackURL: v("https://a/", "a"), HomeURL: v(URLNone, "a"), CatalogURL: v("https://a/", "a"), PaymentMethod: "CreditCard", Brand: "VISA",
			PaymentMethods: "VISA", ExcludedPaymentMethods: "AMEX", ParamPlus: url.Values{v("a", "STATUS"): {"1"}}, ComPlus: "c",
			Alias: v("A", "?"), AliasUsage: "u", AliasOperation: AliasOperation(v("BYPSP", "X")), CredentialOnFile: c,
			Challenge: ChallengeIndicator(v("04", "99")), BillTo: a, ShipTo: a}
		order := Order{OrderID: v("1", ""), Amount: decimal.RequireFromString(v("1", "0.001")), Currency: v("EUR", "eur"),
			Operation: Operation(v("SAL", "XXX")), Card: card, Alias: v("A", "?"), AliasPersistedAfterUse: true, ECI: ECI(len(v("1234567", "1234567890"))),
			CustomerName: "n", Email: "e", OwnerAddress: "a", OwnerZip: "z", OwnerTown: "t", OwnerCountry: v("BE", "be"), OwnerPhone: "p",
			Description: "d", PaymentMethod: "CreditCard", Brand: "VISA", RemoteAddr: v("1.2.3.4", "x"), Timeout: time.Duration(len(v("123456789012345678901234567890", "1"))) * time.Second,
			GlobalOrderID: "g", BillTo: a, ShipTo: a, CredentialOnFile: c,
			ThreeDSecure: &ThreeDSecure{HTTPAccept: "a", HTTPUserAgent: "u", Window: Window3DS(v("POPUP", "X")), AcceptURL: v("https://a/", ""),
				DeclineURL: v("https://a/", "a"), ExceptionURL: v("https://a/", "a"), Language: v("en_US", "e"), Browser: br, Challenge: ChallengeIndicator(v("04", "99"))}}
		return page, order
	}
	for _, bad := range []bool{false, true} {
		page, order := full(bad)
		pageFields, pageErr := page.fields("P")
		orderFields, orderErr := order.fields()
		maint := Maintenance{PayID: "1", Operation: OperationPartialCapture, Amount: decimal.NewFromInt(1)}
		query := Query{PayID: "1", PayIDSub: "2"}
		if bad {
			maint = Maintenance{PayID: "x", OrderID: "y", Operation: "X"}
			query = Query{OrderID: "1", PayIDSub: "x"}
		}
		maintFields, maintErr := maint.fields()
		queryFields, queryErr := query.fields()
		if !bad {
			require.NoError(t, errors.Join(pageErr, orderErr, maintErr, queryErr))
		}
		for _, c := range []struct {
			kind     string
			fields   []FormField
			err      error
			reserved map[string]bool
		}{
			{"page", pageFields, pageErr, pageTable.reserved},
			{"order", orderFields, orderErr, orderTable.reserved},
			{"maintenance", maintFields, maintErr, maintenanceTable.reserved},
			{"query", queryFields, queryErr, queryTable.reserved},
		} {
			names := map[string]bool{}
			for _, f := range c.fields {
				names[f.Name] = true
			}
			for _, e := range joined(c.err) {
				var fe *FieldError
				require.ErrorAs(t, e, &fe)
				names[fe.Field] = true
			}
			if bad {
				assert.NotEmpty(t, joined(c.err), c.kind)
			} else {
				assert.Len(t, names, len(c.fields), "%s sends each name once", c.kind)
			}
			for name := range names {
				if name != "BROWSER*" && name != "PSPID" {
					assert.True(t, c.reserved[name], "%s (bad %v): %s sent or reported but not reserved", c.kind, bad, name)
				}
			}
		}
	}
}

func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err != nil {
		return []error{err}
	}
	return nil
}
