package alias

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"

	"github.com/gogone/ogone/internal/signed"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// Client builds signed tokenization requests and verifies their results
// for one merchant account. It needs the PSPID and both passphrases, not
// the API user: charging an alias goes through ogone.Client. It is safe for
// concurrent use and holds no secret in a printable field.
type Client struct {
	pspid      string
	flexURL    string
	gatewayURL string
	signIn     *shasign.Signer
	reader     signed.Reader // the SHA-OUT keys, current then previous
	ok         bool          // set by NewClient; a zero Client refuses to work
}

// NewClient checks cfg (ogone.Config.Validate, plus a SHA-OUT passphrase)
// and returns a Client for it. The URLs come from cfg.Endpoint, so BaseURL
// can point at a simulator. Results are verified with cfg's SHA-OUT keys
// (ogone.Config.SHAOutKeys): the current one, then the previous one when
// cfg sets PreviousSHAOut or PreviousAlgorithm. Each key verifies results
// hashed in UTF-8 and, when its passphrase is not ASCII, results hashed in
// ISO-8859-1 (the platform then writes the passphrase in ISO-8859-1 too);
// values are read as received either way.
func NewClient(cfg ogone.Config) (*Client, error) {
	cur, prev, err := cfg.SHAOutKeys()
	if err != nil {
		return nil, err
	}
	flex, err := cfg.Endpoint(ogone.EndpointFlexCheckout)
	if err != nil {
		return nil, err
	}
	gateway, err := cfg.Endpoint(ogone.EndpointAliasGateway)
	if err != nil {
		return nil, err
	}
	in, err := shasign.NewSigner(cur.Algorithm, cfg.SHAIn.Reveal())
	if err != nil {
		return nil, err
	}
	c := &Client{pspid: cfg.PSPID, flexURL: flex, gatewayURL: gateway, signIn: in, ok: true}
	for _, k := range []*ogone.SHAKey{&cur, prev} {
		if k == nil {
			continue
		}
		if err := c.reader.AddKey(k.Algorithm, k.Passphrase.Reveal()); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// A Client keeps its signers in unexported fields, and fmt prints those by
// reflection, without the methods that redact a Signer: a bad verb such as
// %s on a Client would print the passphrases. So the Client describes
// itself, with value receivers so that a Client printed by value is
// covered too.

// String describes the client by its account and endpoints, without
// secrets.
func (c Client) String() string {
	return "alias.Client{PSPID: " + c.pspid + ", FlexCheckout: " + c.flexURL +
		", AliasGateway: " + c.gatewayURL + ", passphrases: [REDACTED]}"
}

// GoString is String, so that %#v does not print the signers.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue keeps the passphrases out of structured logs.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("pspid", c.pspid), slog.String("passphrases", redacted))
}

func (c *Client) ready() bool { return c != nil && c.ok }

// DefaultPaymentMethod is the CARD.PAYMENTMETHOD a FlexCheckoutPage sends
// when its PaymentMethod is empty.
const DefaultPaymentMethod = "CreditCard"

// FlexCheckoutPage is a request for the platform's hosted tokenization page
// (FlexCheckout). Each field names the parameter it becomes; empty
// optional fields are left out.
type FlexCheckoutPage struct {
	// AliasID (ALIAS.ALIASID) is the id to store the card under, such as
	// one from NewID. Empty: the platform names the alias and returns it.
	// Reusing an id replaces the card stored under it (StatusUpdated).
	AliasID string
	// OrderID (ALIAS.ORDERID) is required: the shop's reference for this
	// registration, returned in the result so that the shop finds the
	// customer's session again. 1 to 30 characters.
	OrderID string
	// Storage (ALIAS.STOREPERMANENTLY, Y or N) says whether the card stays
	// for later charges; StorageUnspecified leaves the parameter out.
	// Ask for StoragePermanent only when the customer agreed to save the
	// card.
	Storage Storage
	// PaymentMethod (CARD.PAYMENTMETHOD), DefaultPaymentMethod when empty.
	PaymentMethod string
	// Brand (CARD.BRAND), such as "VISA", skips the choice of brand.
	Brand string
	// Language (LAYOUT.LANGUAGE), such as "en_US".
	Language string
	// TemplateName (LAYOUT.TEMPLATENAME) is the file name of a template
	// uploaded to the platform's back office.
	TemplateName string
	// AcceptURL and ExceptionURL (PARAMETERS.ACCEPTURL,
	// PARAMETERS.EXCEPTIONURL) are required absolute http or https URLs:
	// where the platform sends the customer with the result, stored or
	// not (refused, cancelled).
	AcceptURL, ExceptionURL string
	// ParamPlus (PARAMETERS.PARAMPLUS) comes back beside the result,
	// unsigned. Names of result parameters (ALIAS.*, CARD.*, the SHA-OUT
	// list, NCERRORCARDNO and the like) are refused, since they would
	// arrive beside the real ones.
	ParamPlus url.Values
}

// FlexCheckoutURL checks p and returns the signed URL of the hosted
// tokenization page, for a redirect (http.Redirect with 303) or an iframe's
// src. The parameters travel in the query string, signed with SHA-IN as
// SHASIGNATURE.SHASIGN over every dotted name.
//
// Nothing is signed unless every field is valid. The error then reports
// every invalid field at once, joined: each one an *ogone.FieldError that
// names the parameter (never its value) and wraps a sentinel such as
// ogone.ErrInvalidOrderID, ogone.ErrInvalidURL, ogone.ErrMissingField or
// an *IDError.
func (c *Client) FlexCheckoutURL(p FlexCheckoutPage) (string, error) {
	if !c.ready() {
		return "", ErrNoClient
	}
	b := builder{fields: make([]ogone.FormField, 0, len(flexTable)+1)}
	b.add("ACCOUNT.PSPID", c.pspid)
	build(&b, flexTable, &p)
	if err := b.err(); err != nil {
		return "", err
	}
	sig, err := signFields(c.signIn, b.fields)
	if err != nil {
		return "", err
	}
	values := b.values()
	values.Set("SHASIGNATURE.SHASIGN", sig)
	return c.flexURL + "?" + values.Encode(), nil
}

// AliasGatewayPage is a request for the legacy Alias Gateway
// (alias_gateway_utf8.asp). Each field names the parameter it becomes;
// empty optional fields are left out.
type AliasGatewayPage struct {
	// OrderID (ORDERID) is required: the shop's reference, returned in the
	// result. 1 to 30 characters.
	OrderID string
	// AcceptURL and ExceptionURL (ACCEPTURL, EXCEPTIONURL) are required
	// absolute http or https URLs.
	AcceptURL, ExceptionURL string
	// Alias (ALIAS) is the id to store the card under, such as one from
	// NewID. Empty: the platform names the alias and returns it.
	Alias string
	// Storage (ALIASPERSISTEDAFTERUSE, Y or N): StorageTemporary has the
	// platform delete the alias after its first use.
	Storage Storage
	// Brand (BRAND), such as "VISA".
	Brand string
	// ParamPlus (PARAMPLUS) comes back beside the result, unsigned; names
	// of result parameters are refused.
	ParamPlus url.Values
}

// AliasGatewayForm checks p and returns the signed form for the Alias
// Gateway: Action is the gateway's URL, Fields the hidden fields in signing
// order with SHASIGN last, and the form's HTML, WriteHTML and ServeHTTP
// render a page that posts it at once (values escaped by html/template).
//
// The gateway stores the card fields CARDNO, CN, ED and CVC that arrive in
// the same POST; they are not signed, because the shop never sees them. A
// shop that collects the card on its own page renders Fields as hidden
// inputs of a form that also has inputs of those four names, so that the
// card goes from the customer's browser to the platform and never through
// the shop's server. That is what the platform expects. The
// auto-submitting page (HTML, WriteHTML, ServeHTTP) posts the signed fields
// alone, which suits a gateway that shows a card form of its own, as the
// simulator in ogone/ogonetest does.
//
// Errors are reported as FlexCheckoutURL reports them.
func (c *Client) AliasGatewayForm(p AliasGatewayPage) (*ogone.Form, error) {
	if !c.ready() {
		return nil, ErrNoClient
	}
	b := builder{fields: make([]ogone.FormField, 0, len(gatewayTable)+2)}
	b.add("PSPID", c.pspid)
	build(&b, gatewayTable, &p)
	if err := b.err(); err != nil {
		return nil, err
	}
	fields := b.fields
	slices.SortFunc(fields, func(a, b ogone.FormField) int { return shasign.Compare(a.Name, b.Name) })
	sig, err := signFields(c.signIn, fields)
	if err != nil {
		return nil, err
	}
	fields = append(fields, ogone.FormField{Name: "SHASIGN", Value: sig})
	return &ogone.Form{Action: c.gatewayURL, Fields: fields}, nil
}

// param is one row of a request's field table: a parameter and how add
// checks and appends it from a request of type P.
type param[P any] struct {
	name string
	add  func(b *builder, name string, p *P)
}

// flexTable is the field table of a FlexCheckoutPage, in the order its
// fields are checked.
var flexTable = []param[FlexCheckoutPage]{
	{"ALIAS.ALIASID", func(b *builder, n string, p *FlexCheckoutPage) { b.id(n, p.AliasID) }},
	{"ALIAS.ORDERID", func(b *builder, n string, p *FlexCheckoutPage) { b.orderID(n, p.OrderID) }},
	{"ALIAS.STOREPERMANENTLY", func(b *builder, n string, p *FlexCheckoutPage) { b.storage(n, p.Storage) }},
	{"CARD.PAYMENTMETHOD", func(b *builder, n string, p *FlexCheckoutPage) {
		b.add(n, cmp.Or(p.PaymentMethod, DefaultPaymentMethod))
	}},
	{"CARD.BRAND", func(b *builder, n string, p *FlexCheckoutPage) { b.add(n, p.Brand) }},
	{"LAYOUT.LANGUAGE", func(b *builder, n string, p *FlexCheckoutPage) { b.language(n, p.Language) }},
	{"LAYOUT.TEMPLATENAME", func(b *builder, n string, p *FlexCheckoutPage) { b.add(n, p.TemplateName) }},
	{"PARAMETERS.ACCEPTURL", func(b *builder, n string, p *FlexCheckoutPage) { b.url(n, p.AcceptURL) }},
	{"PARAMETERS.EXCEPTIONURL", func(b *builder, n string, p *FlexCheckoutPage) { b.url(n, p.ExceptionURL) }},
	{"PARAMETERS.PARAMPLUS", func(b *builder, n string, p *FlexCheckoutPage) { b.paramPlus(n, p.ParamPlus) }},
}

// gatewayTable is the field table of an AliasGatewayPage, in the order
// its fields are checked.
var gatewayTable = []param[AliasGatewayPage]{
	{"ORDERID", func(b *builder, n string, p *AliasGatewayPage) { b.orderID(n, p.OrderID) }},
	{"ACCEPTURL", func(b *builder, n string, p *AliasGatewayPage) { b.url(n, p.AcceptURL) }},
	{"EXCEPTIONURL", func(b *builder, n string, p *AliasGatewayPage) { b.url(n, p.ExceptionURL) }},
	{"ALIAS", func(b *builder, n string, p *AliasGatewayPage) { b.id(n, p.Alias) }},
	{"ALIASPERSISTEDAFTERUSE", func(b *builder, n string, p *AliasGatewayPage) { b.storage(n, p.Storage) }},
	{"BRAND", func(b *builder, n string, p *AliasGatewayPage) { b.add(n, p.Brand) }},
	{"PARAMPLUS", func(b *builder, n string, p *AliasGatewayPage) { b.paramPlus(n, p.ParamPlus) }},
}

// build checks p and appends its parameters, row by row.
func build[P any](b *builder, table []param[P], p *P) {
	for _, row := range table {
		row.add(b, row.name, p)
	}
}

// signFields returns the SHA-IN digest of fields (shasign's
// SignInFields), fastest when they are in digest order.
func signFields(s *shasign.Signer, fields []ogone.FormField) (string, error) {
	var buf [16]shasign.Field // a request's fields, without allocating
	list := buf[:0]
	for _, f := range fields {
		list = append(list, shasign.Field(f))
	}
	return s.SignInFields(list)
}

// builder collects the fields of a request and what is wrong with them.
type builder struct {
	fields []ogone.FormField
	errs   []error
}

func (b *builder) fail(name string, err error) {
	b.errs = append(b.errs, &ogone.FieldError{Field: name, Err: err})
}

func (b *builder) err() error { return errors.Join(b.errs...) }

// add appends a non-empty value that can travel in a URL or a form and come
// back byte for byte.
func (b *builder) add(name, value string) {
	if value == "" {
		return
	}
	if !validValue(value) {
		b.fail(name, ogone.ErrInvalidValue)
		return
	}
	b.fields = append(b.fields, ogone.FormField{Name: name, Value: value})
}

func (b *builder) id(name, id string) {
	if id == "" {
		return
	}
	if err := ValidateID(id); err != nil {
		b.fail(name, err)
		return
	}
	b.add(name, id)
}

func (b *builder) orderID(name, id string) {
	if id == "" {
		b.fail(name, ogone.ErrMissingField)
		return
	}
	if ogone.ValidateOrderID(id) != nil {
		b.fail(name, ogone.ErrInvalidOrderID)
		return
	}
	b.add(name, id)
}

func (b *builder) language(name, lang string) {
	if lang != "" && ogone.ValidateLanguage(lang) != nil {
		b.fail(name, ogone.ErrInvalidLanguage)
		return
	}
	b.add(name, lang)
}

func (b *builder) url(name, raw string) {
	if raw == "" {
		b.fail(name, ogone.ErrMissingField)
		return
	}
	if err := ogone.ValidateURL(name, raw); err != nil {
		b.errs = append(b.errs, err)
		return
	}
	b.add(name, raw)
}

func (b *builder) storage(name string, s Storage) {
	if !s.valid() {
		b.fail(name, ErrInvalidStorage)
		return
	}
	b.add(name, s.yn())
}

// unsignedResultNames are result parameters outside SHA-OUT. PARAMPLUS
// content of the same name would arrive beside them.
var unsignedResultNames = map[string]bool{
	"NCERRORCARDNO": true, "NCERRORCN": true, "NCERRORCVC": true, "NCERRORED": true,
}

// paramPlus refuses names that would come back beside a signed result
// parameter of the same name, or twice: the shop would read one value and
// the signature cover another.
func (b *builder) paramPlus(name string, pp url.Values) {
	if len(pp) == 0 {
		return
	}
	for n, values := range pp {
		upper := strings.ToUpper(n)
		switch {
		case n == "" || shasign.IsSHAOutParameter(n) || unsignedResultNames[upper] ||
			upper == "SHASIGN" || strings.HasPrefix(upper, "SHASIGNATURE."):
			b.fail(name, ogone.ErrReservedField)
			return
		case len(values) > 1:
			b.fail(name, ogone.ErrRepeatedField)
			return
		}
	}
	b.add(name, pp.Encode())
}

// values returns the fields as url.Values, for the query string.
func (b *builder) values() url.Values {
	v := make(url.Values, len(b.fields)+1)
	for _, f := range b.fields {
		v[f.Name] = []string{f.Value}
	}
	return v
}

// validValue reports whether s is valid UTF-8 without C0 control characters
// or DEL (ogone.ValidateValue): browsers rewrite line breaks and NUL, and
// the platform would hash other bytes than the shop signed.
func validValue(s string) bool { return ogone.ValidateValue(s) == nil }
