package ogone

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gogone/ogone/shasign"
	"github.com/shopspring/decimal"
)

// URLNone is the value of HomeURL or CatalogURL that hides the
// corresponding button on the payment page.
const URLNone = "NONE"

// AliasOperation is the ALIASOPERATION of a hosted page payment: who names
// the alias the card is stored under.
type AliasOperation string

// The ALIASOPERATION values.
const (
	AliasByMerchant AliasOperation = "BYMERCHANT" // the shop names it, in PaymentPage.Alias
	AliasByPSP      AliasOperation = "BYPSP"      // the platform names it and returns it in ALIAS
)

// PaymentPage is one order to pay on the platform's hosted payment page
// (e-Commerce). Each field names the parameter it becomes; empty fields are
// left out, and the account's back-office settings apply instead.
//
// OrderID, a positive Amount and Currency are required. Every value must be
// valid UTF-8 without control characters: the customer's browser submits
// the form, and browsers rewrite line breaks, so the platform would hash
// other bytes than the ones signed.
type PaymentPage struct {
	OrderID   string          // ORDERID: 1 to 30 characters, unique per order
	Amount    decimal.Decimal // AMOUNT: 15.50 is sent as 1550; at most 2 decimals
	Currency  string          // CURRENCY: ISO 4217, such as "EUR"
	Language  string          // LANGUAGE: such as "en_US"
	Operation Operation       // OPERATION: OperationAuthorize or OperationSale

	CustomerName string // CN: the card holder's name
	Email        string // EMAIL
	OwnerAddress string // OWNERADDRESS: street and number
	OwnerZip     string // OWNERZIP
	OwnerTown    string // OWNERTOWN
	OwnerCountry string // OWNERCTY: ISO 3166-1 alpha-2, such as "BE"
	OwnerPhone   string // OWNERTELNO

	Description string // COM: what the order is, shown to the customer
	Title       string // TITLE: the page's title
	Template    string // TP: a dynamic template's URL or a static template's file name

	// Where the platform sends the customer after the payment, by outcome
	// (ACCEPTURL, DECLINEURL, EXCEPTIONURL, CANCELURL), and the page's
	// links back to the shop (BACKURL, HOMEURL, CATALOGURL). Each is an
	// absolute http or https URL; HomeURL and CatalogURL may also be
	// URLNone.
	AcceptURL, DeclineURL, ExceptionURL, CancelURL string
	BackURL, HomeURL, CatalogURL                   string

	PaymentMethod          PaymentMethod     // PM: such as PMiDEAL; with Brand, skips the choice of method
	Brand                  Brand             // BRAND: such as BrandVISA
	PaymentMethods         PaymentMethodList // PMLIST: the methods to offer (see ListMethods)
	ExcludedPaymentMethods PaymentMethodList // EXCLPMLIST: the methods not to offer

	// ParamPlus (PARAMPLUS) comes back with the feedback, as parameters
	// of their own. They are not signed, so a name the platform signs
	// (see shasign.IsSHAOutParameter) is refused: it would arrive beside
	// the signed one of the same name.
	ParamPlus url.Values
	ComPlus   string // COMPLUS: comes back with the feedback, signed

	Alias          string         // ALIAS: store the card under this alias (1 to 50 of A-Z a-z 0-9 _ -)
	AliasUsage     string         // ALIASUSAGE: why the card is stored, shown to the customer
	AliasOperation AliasOperation // ALIASOPERATION: AliasByMerchant or AliasByPSP

	// CredentialOnFile (the COF_* parameters) says why a card is stored:
	// the customer is on the page, so the initiator must be COFCustomer
	// (ErrCOFCombination otherwise). When the page stores a card (Alias or
	// AliasOperation set) and CredentialOnFile is nil, CIT / FIRST is
	// sent; give COFScheduled for a subscription.
	CredentialOnFile *CredentialOnFile
	// Challenge (MPI.THREEDSREQUESTORCHALLENGEINDICATOR) is the 3-D Secure
	// challenge preference; empty leaves it out. Storing a card for later
	// payments usually asks for ChallengeMandated.
	Challenge ChallengeIndicator
	// BillTo and ShipTo, when not nil, send the billing and shipping
	// address (ECOM_BILLTO_*, ECOM_SHIPTO_*) for 3-D Secure.
	BillTo, ShipTo *Address

	// Extra carries any other parameter of the platform's e-Commerce
	// guide, such as BGCOLOR, LOGO, PMLISTTYPE or WIN3DS. Names may be in
	// any case and are sent in uppercase; empty values are left out. Each
	// name may appear once and must be 1 to 50 characters of A-Z, a-z,
	// 0-9, '_' and '.'. Refused, with ErrReservedField: the names of the
	// typed fields above (use those; COF_*,
	// MPI.THREEDSREQUESTORCHALLENGEINDICATOR and the ECOM_BILLTO_* and
	// ECOM_SHIPTO_* names of Address included), PSPID (it comes from the Config),
	// SHASIGN (the library signs), and PSWD, CARDNO, CVC and ED, which
	// must never pass through a customer's browser.
	Extra url.Values
}

// FormField is one hidden field of a Form.
type FormField struct {
	Name  string // the parameter name, in uppercase
	Value string
}

// Form is a signed payment request that the customer's browser posts to the
// platform's hosted payment page.
type Form struct {
	// Action is the URL the form posts to.
	Action string
	// Fields are the parameters in the order they are signed (the
	// platform's order: by name, '_' first), SHASIGN last.
	Fields []FormField
}

// Get returns the value of the named field, in any case, or "".
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	for _, fd := range f.Fields {
		if strings.EqualFold(fd.Name, name) {
			return fd.Value
		}
	}
	return ""
}

// Values returns the fields as url.Values, SHASIGN included, for a shop
// that builds its own form or posts them itself.
func (f *Form) Values() url.Values {
	if f == nil {
		return url.Values{}
	}
	v := make(url.Values, len(f.Fields))
	for _, fd := range f.Fields {
		v.Add(fd.Name, fd.Value)
	}
	return v
}

// formScript submits the form as soon as the browser reads it.
const formScript = `document.getElementById("ogone-payment-form").submit();`

// FormScriptHash is the Content-Security-Policy source expression
// ('sha256-...') of the one inline script in Form.HTML. A page that puts
// it in its script-src runs that script without allowing 'unsafe-inline'.
var FormScriptHash = func() string {
	sum := sha256.Sum256([]byte(formScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// formTemplate is the form alone, for embedding in a shop's own page. Its
// values go through html/template's escaping, so a customer's name cannot
// close the attribute or the element. The script submits the form at
// once; without JavaScript the customer presses the button.
var formTemplate = template.Must(template.New("form").Parse(`<form id="ogone-payment-form" method="post" action="{{.Action}}" accept-charset="UTF-8">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button type="submit">Continue to payment</button></noscript>
</form>
<script>` + formScript + `</script>
`))

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Redirecting to the payment page</title>
</head>
<body>
{{.}}</body>
</html>
`))

// HTML returns the form as an HTML fragment that submits itself: a <form>
// of hidden inputs posting to Action in UTF-8, a <noscript> button for
// browsers without JavaScript, and an inline script that submits it. Every
// value is escaped by html/template, and the result is a template.HTML so
// that a shop's own html/template page embeds it as it is. It cannot fail:
// all its input is strings.
//
// The button reads "Continue to payment". A page whose
// Content-Security-Policy forbids inline scripts must allow this one (add
// FormScriptHash to its script-src), or the customer sees nothing.
func (f *Form) HTML() template.HTML {
	if f == nil {
		return ""
	}
	var b bytes.Buffer
	// Executing a parsed template on a bytes.Buffer with string fields has
	// no way to fail.
	_ = formTemplate.Execute(&b, f)
	return template.HTML(b.String())
}

// WriteHTML writes a complete HTML page holding HTML(): what a shop sends
// to the customer's browser to take it to the payment page. It returns the
// writer's error.
func (f *Form) WriteHTML(w io.Writer) error {
	return pageTemplate.Execute(w, f.HTML())
}

// ServeHTTP answers with the page of WriteHTML, marked not to be cached
// (it holds the customer's order and personal data) and with a
// Content-Security-Policy that lets only the form's own script run.
func (f *Form) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src "+FormScriptHash+"; base-uri 'none'")
	_ = f.WriteHTML(w) // the connection is the only thing that can fail
}

// HostedPaymentPage checks p and returns the signed form that takes the
// customer to the platform's payment page (orderstandard_utf8.asp of the
// configured platform and environment). It needs only the PSPID and the
// SHA-IN passphrase, not the API user.
//
// Nothing is signed unless every field is valid. The error then reports
// every invalid field at once, joined: each one a *FieldError naming the
// parameter (never its value) and wrapping a sentinel such as
// ErrInvalidOrderID, ErrInvalidCurrency, ErrAmountPrecision,
// ErrAmountNotPositive, ErrInvalidURL or ErrReservedField.
func (c *Client) HostedPaymentPage(p PaymentPage) (*Form, error) {
	if c == nil || c.signIn == nil {
		return nil, ErrNoClient
	}
	action, err := c.cfg.Endpoint(EndpointHostedPage)
	if err != nil {
		return nil, err
	}
	fields, err := p.fields(c.cfg.PSPID)
	if err != nil {
		return nil, err
	}
	// In digest order, the form reads as the platform hashes it and the
	// signer hashes the fields as they are.
	slices.SortFunc(fields, func(a, b FormField) int { return shasign.Compare(a.Name, b.Name) })
	sig, err := signFields(c.signIn, fields)
	if err != nil {
		return nil, err
	}
	fields = append(fields, FormField{Name: "SHASIGN", Value: sig})
	return &Form{Action: action, Fields: fields}, nil
}

// signFields returns the SHA-IN digest of fields (shasign's
// SignInFields), fastest when they are in digest order.
func signFields(s *shasign.Signer, fields []FormField) (string, error) {
	var buf [64]shasign.Field // a request's fields, without allocating
	list := buf[:0]
	for _, f := range fields {
		list = append(list, shasign.Field(f))
	}
	return s.SignInFields(list)
}

// builder collects the fields of a request and the problems with them.
type builder struct {
	fields []FormField
	errs   []error
}

func (b *builder) fail(field string, err error) {
	b.errs = append(b.errs, &FieldError{Field: field, Err: err})
}

// add appends a non-empty value that is safe to put in a form.
func (b *builder) add(name, value string) {
	if value == "" {
		return
	}
	if !validValue(value) {
		b.fail(name, ErrInvalidValue)
		return
	}
	b.fields = append(b.fields, FormField{Name: name, Value: value})
}

// addErr appends value when check found nothing wrong with it.
func (b *builder) addErr(name, value string, err error) {
	if err != nil {
		b.errs = append(b.errs, err)
		return
	}
	b.add(name, value)
}

// addURL appends a URL parameter; none also accepts URLNone.
func (b *builder) addURL(name, value string, none bool) {
	if value == "" {
		return
	}
	if none && value == URLNone {
		b.add(name, value)
		return
	}
	b.addErr(name, value, ValidateURL(name, value))
}

// pageForbidden are the names a PaymentPage's Extra may never carry
// besides its table's: the library sets them, or they are secrets and card
// data that must not reach a browser.
var pageForbidden = []string{"PSPID", "SHASIGN", "SHASIGNATURE.SHASIGN", "PSWD", "CARDNO", "CVC", "ED"}

// pageTable is the field table of a PaymentPage, in the order its fields
// are checked.
var pageTable = newTable(pageForbidden,
	[]param[PaymentPage]{
		checked("ORDERID", func(p *PaymentPage) string { return p.OrderID }, ValidateOrderID),
		amount(func(p *PaymentPage) decimal.Decimal { return p.Amount }),
		checked("CURRENCY", func(p *PaymentPage) string { return p.Currency }, ValidateCurrency),
		optional("LANGUAGE", func(p *PaymentPage) string { return p.Language }, ValidateLanguage),
		checked("OPERATION", func(p *PaymentPage) string { return string(p.Operation) },
			oneOf(ErrInvalidOperation, "", string(OperationAuthorize), string(OperationSale))),
	},
	ownerParams(func(p *PaymentPage) owner {
		return owner{p.CustomerName, p.Email, p.OwnerAddress, p.OwnerZip, p.OwnerTown, p.OwnerCountry, p.OwnerPhone}
	}),
	[]param[PaymentPage]{
		text("COM", func(p *PaymentPage) string { return p.Description }),
		text("TITLE", func(p *PaymentPage) string { return p.Title }),
		text("TP", func(p *PaymentPage) string { return p.Template }),

		link("ACCEPTURL", func(p *PaymentPage) string { return p.AcceptURL }, false),
		link("DECLINEURL", func(p *PaymentPage) string { return p.DeclineURL }, false),
		link("EXCEPTIONURL", func(p *PaymentPage) string { return p.ExceptionURL }, false),
		link("CANCELURL", func(p *PaymentPage) string { return p.CancelURL }, false),
		link("BACKURL", func(p *PaymentPage) string { return p.BackURL }, false),
		link("HOMEURL", func(p *PaymentPage) string { return p.HomeURL }, true),
		link("CATALOGURL", func(p *PaymentPage) string { return p.CatalogURL }, true),

		text("PM", func(p *PaymentPage) string { return string(p.PaymentMethod) }),
		text("BRAND", func(p *PaymentPage) string { return string(p.Brand) }),
		text("PMLIST", func(p *PaymentPage) string { return string(p.PaymentMethods) }),
		text("EXCLPMLIST", func(p *PaymentPage) string { return string(p.ExcludedPaymentMethods) }),

		{names: []string{"PARAMPLUS"}, value: func(p *PaymentPage) (string, error) { return encodeParamPlus(p.ParamPlus) }},
		text("COMPLUS", func(p *PaymentPage) string { return p.ComPlus }),

		optional("ALIAS", func(p *PaymentPage) string { return p.Alias }, ValidateAlias),
		text("ALIASUSAGE", func(p *PaymentPage) string { return p.AliasUsage }),
		checked("ALIASOPERATION", func(p *PaymentPage) string { return string(p.AliasOperation) },
			oneOf(ErrInvalidOperation, "", string(AliasByMerchant), string(AliasByPSP))),

		family(cofNames, (*builder).addPageCOF),
		family([]string{challengeParam}, func(b *builder, p *PaymentPage) { b.addChallenge(p.Challenge) }),
		family(addressNames(billToPrefix), func(b *builder, p *PaymentPage) { b.addAddress(billToPrefix, p.BillTo) }),
		family(addressNames(shipToPrefix), func(b *builder, p *PaymentPage) { b.addAddress(shipToPrefix, p.ShipTo) }),
	},
)

// maxExtraName bounds an extra parameter's name; the platform's are short.
const maxExtraName = 50

// fields checks p and returns its parameters, unordered, without SHASIGN.
func (p *PaymentPage) fields(pspid string) ([]FormField, error) {
	b := builder{fields: make([]FormField, 0, 16+len(p.Extra)+1)}
	b.add("PSPID", pspid)
	return pageTable.fields(&b, p, p.Extra)
}

// addPageCOF appends the credential-on-file parameters of a hosted page:
// CIT / FIRST when it stores a card without saying why.
func (b *builder) addPageCOF(p *PaymentPage) {
	stores := p.Alias != "" || p.AliasOperation != ""
	cof := p.CredentialOnFile
	if cof == nil && stores {
		cof = &CredentialOnFile{Initiator: COFCustomer, Transaction: COFFirst}
	}
	switch {
	case cof == nil:
	case cof.Initiator == COFMerchant:
		b.fail("COF_INITIATOR", ErrCOFCombination)
	default:
		b.addCOF(cof)
	}
}

// owner is the customer data that the hosted page and DirectLink orders
// both send.
type owner struct {
	name, email, address, zip, town, country, phone string
}

// addExtra appends the Extra parameters, uppercased, in name order so that
// the errors come in the same order every time. reserved reports the
// uppercased names the request sets itself or must never carry; the hosted
// page and DirectLink each pass their own.
func (b *builder) addExtra(extra url.Values, reserved func(upper string) bool) {
	if len(extra) == 0 {
		return
	}
	names := make([]string, 0, len(extra))
	for name := range extra {
		names = append(names, name)
	}
	slices.Sort(names)
	seen := make(map[string]bool, len(names))
	for _, name := range names {
		upper := strings.ToUpper(name)
		switch {
		case !validExtraName(name):
			// Quoted: the name may hold anything, control characters too.
			b.fail(strconv.QuoteToASCII(truncate(name, maxExtraName)), ErrReservedField)
			continue
		case reserved(upper):
			b.fail(upper, ErrReservedField)
			continue
		case seen[upper] || len(extra[name]) > 1:
			b.fail(upper, ErrRepeatedField)
			continue
		}
		seen[upper] = true
		if len(extra[name]) == 1 {
			b.add(upper, extra[name][0])
		}
	}
}

func validExtraName(name string) bool {
	if name == "" || len(name) > maxExtraName {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}

// encodeParamPlus returns the PARAMPLUS value of pp, refusing names that
// would come back beside a signed feedback parameter, or twice.
func encodeParamPlus(pp url.Values) (string, error) {
	if err := checkParamPlus(pp); err != nil || len(pp) == 0 {
		return "", err
	}
	return pp.Encode(), nil
}

func checkParamPlus(pp url.Values) error {
	repeated := false
	for name, values := range pp {
		if name == "" || shasign.IsSHAOutParameter(name) || strings.EqualFold(name, "SHASIGN") {
			return ErrReservedField
		}
		repeated = repeated || len(values) > 1
	}
	if repeated {
		return ErrRepeatedField
	}
	return nil
}
