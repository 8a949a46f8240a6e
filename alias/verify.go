package alias

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// Errors of Verify, for errors.Is. Problems with one parameter travel in an
// *ogone.FieldError that names it (never its value) and wraps one of these,
// ogone.ErrMissingField, ogone.ErrInvalidValue, ogone.ErrInvalidOrderID,
// ErrInvalidStatus, ErrInvalidStorage, ErrInvalidExpiry or an *IDError.
var (
	// ErrUnverified wraps every signature failure (with the shasign
	// sentinel: ErrMissingSignature, ErrSignatureMismatch,
	// ErrAmbiguousParameter, ...): the parameters did not come from the
	// platform, or were changed on the way. Nothing of them may be used.
	ErrUnverified = errors.New("alias: result not signed by the platform")
	// ErrNotAliasResult means parameters that are neither a FlexCheckout
	// nor an Alias Gateway result, or hold names of both.
	ErrNotAliasResult = errors.New("alias: parameters are not an Alias Gateway or FlexCheckout result")
	// ErrInvalidNCError means an NCERROR code that is not 1 to 10 digits.
	ErrInvalidNCError = errors.New("alias: NCERROR code must be digits")
	// ErrUnmaskedCardNumber means a card number that does not look masked
	// (more than the first six and last four digits visible). It is
	// refused rather than kept, so that no full card number reaches the
	// shop's database; the value never appears in the error.
	ErrUnmaskedCardNumber = errors.New("alias: card number is not masked")
	// ErrInvalidBIN means a BIN that is not 6 to 8 digits.
	ErrInvalidBIN = errors.New("alias: BIN must be 6 to 8 digits")
)

// resultNames are the parameter names of one flavour's result, as the
// platform's guides spell them; lookups ignore case.
type resultNames struct {
	id, orderID, status, ncError                     string
	ncCardNo, ncCN, ncCVC, ncED                      string
	storage, brand, cardNo, holder, expiry, bin, sig string
}

var (
	flexNames = resultNames{
		id: "Alias.AliasId", orderID: "Alias.OrderId", status: "Alias.Status", ncError: "Alias.NCError",
		ncCardNo: "Alias.NCErrorCardNo", ncCN: "Alias.NCErrorCN", ncCVC: "Alias.NCErrorCVC", ncED: "Alias.NCErrorED",
		storage: "Alias.StorePermanently", brand: "Card.Brand", cardNo: "Card.CardNumber",
		holder: "Card.CardHolderName", expiry: "Card.ExpiryDate", bin: "Card.Bin", sig: "SHASign",
	}
	gatewayNames = resultNames{
		id: "ALIAS", orderID: "ORDERID", status: "STATUS", ncError: "NCERROR",
		ncCardNo: "NCERRORCARDNO", ncCN: "NCERRORCN", ncCVC: "NCERRORCVC", ncED: "NCERRORED",
		brand: "BRAND", cardNo: "CARDNO", holder: "CN", expiry: "ED", bin: "BIN", sig: "SHASIGN",
	}
)

// Verify checks the SHA-OUT signature of a registration result, as the
// platform sends it to ACCEPTURL or EXCEPTIONURL (r.URL.Query() of that
// request), and reads it. FlexCheckout results (Alias.AliasId, Card.Brand,
// ..., SHASign) and Alias Gateway results (ALIAS, STATUS, ..., SHASIGN) are
// told apart by their names, which may arrive in any case.
//
// It returns the Alias when the card was stored (StatusOK or
// StatusUpdated). Otherwise the error is:
//   - errors.Is ErrUnverified, with the shasign cause, when the signature
//     is missing or wrong: nothing may be used, not even the order id;
//   - an *Error (errors.Is ErrRefused or ErrCancelled) for a verified
//     result that stored no card;
//   - an *ogone.FieldError naming a malformed parameter, or
//     ErrNotAliasResult.
//
// A valid signature proves that the platform wrote the result, not that
// this customer is the one bringing it: the result travels in a URL, stays
// valid forever, and whoever saw it (browser history, a shared link, a
// Referer header) can bring it again. Before attaching a.ID to an account,
// check that a.OrderID is the registration this customer's session
// started, and accept each OrderID once.
//
// Only signed parameters are trusted. PARAMPLUS content and Alias
// Gateway's per-field codes (NCERRORCARDNO and the like) arrive unsigned;
// the latter are read into InputErrors with Signed false.
func (c *Client) Verify(params url.Values) (*Alias, error) {
	if !c.ready() {
		return nil, ErrNoClient
	}
	if err := c.signOut.VerifyOut(params); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnverified, err)
	}
	return parse(params)
}

// parse reads verified parameters.
func parse(params url.Values) (*Alias, error) {
	flavour, err := detect(params)
	if err != nil {
		return nil, err
	}
	n := &gatewayNames
	if flavour == FlexCheckout {
		n = &flexNames
	}
	r := reader{params: params}
	a := &Alias{Flavour: flavour}

	statusText, _ := r.get(n.status)
	status, err := parseStatus(statusText, flavour)
	if err != nil {
		if statusText == "" {
			err = ogone.ErrMissingField
		}
		r.fail(n.status, err)
	}
	a.Status = status
	a.ID = r.id(n.id)
	a.OrderID = r.orderID(n.orderID)
	a.NCError = r.ncError(n.ncError)
	a.Inputs = InputErrors{
		CardNumber: r.ncError(n.ncCardNo),
		HolderName: r.ncError(n.ncCN),
		CVC:        r.ncError(n.ncCVC),
		Expiry:     r.ncError(n.ncED),
		Signed:     flavour == FlexCheckout,
	}
	if n.storage != "" {
		switch v, _ := r.get(n.storage); v {
		case "":
		case "Y", "y":
			a.Storage = StoragePermanent
		case "N", "n":
			a.Storage = StorageTemporary
		default:
			r.fail(n.storage, ErrInvalidStorage)
		}
	}
	a.Brand = r.text(n.brand, 64)
	a.CardNumber = r.maskedCardNumber(n.cardNo)
	a.HolderName = r.text(n.holder, 256)
	if v, _ := r.get(n.expiry); v != "" {
		e, err := ogone.ParseExpiry(v)
		if err != nil {
			r.fail(n.expiry, err)
		}
		a.Expiry = e
	}
	a.BIN = r.bin(n.bin)

	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	if !a.Status.Stored() {
		return nil, &Error{
			Flavour: flavour, Status: a.Status, NCError: a.NCError, Inputs: a.Inputs,
			OrderID: a.OrderID, AliasID: a.ID,
		}
	}
	if a.ID == "" {
		return nil, &ogone.FieldError{Field: n.id, Err: ogone.ErrMissingField}
	}
	return a, nil
}

// detect tells the flavours apart: FlexCheckout's names are dotted
// (ALIAS.*, CARD.*), Alias Gateway's are plain. A mix is refused: the
// platform never sends one, so which half would be the result?
func detect(params url.Values) (Flavour, error) {
	var flex, gateway bool
	for name := range params {
		switch {
		case hasFoldPrefix(name, "ALIAS.") || hasFoldPrefix(name, "CARD."):
			flex = true
		case strings.EqualFold(name, "ALIAS") || strings.EqualFold(name, "STATUS"):
			gateway = true
		}
	}
	switch {
	case flex && !gateway:
		return FlexCheckout, nil
	case gateway && !flex:
		return AliasGateway, nil
	}
	return 0, ErrNotAliasResult
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// reader looks parameters up in any case and collects what is wrong.
type reader struct {
	params url.Values
	errs   []error
}

func (r *reader) fail(name string, err error) {
	r.errs = append(r.errs, &ogone.FieldError{Field: name, Err: err})
}

// get returns the one value of name, in any case. A name given twice, or
// under two spellings, is an error: the signature check refuses that for
// signed names, and an unsigned one must not be ambiguous either.
func (r *reader) get(name string) (string, bool) {
	value, found := "", false
	for k, vs := range r.params {
		if !strings.EqualFold(k, name) {
			continue
		}
		if found || len(vs) > 1 {
			r.fail(name, shasign.ErrAmbiguousParameter)
			return "", false
		}
		found = true
		if len(vs) == 1 {
			value = vs[0]
		}
	}
	return value, found
}

func (r *reader) id(name string) string {
	v, _ := r.get(name)
	if v == "" {
		return ""
	}
	if err := ValidateID(v); err != nil {
		r.fail(name, err)
		return ""
	}
	return v
}

func (r *reader) orderID(name string) string {
	v, _ := r.get(name)
	switch {
	case v == "":
		r.fail(name, ogone.ErrMissingField)
		return ""
	case ogone.ValidateOrderID(v) != nil:
		r.fail(name, ogone.ErrInvalidOrderID)
		return ""
	}
	return v
}

func (r *reader) ncError(name string) ogone.NCError {
	v, _ := r.get(name)
	if v == "" {
		return ""
	}
	if len(v) > 10 || !allDigits(v) {
		r.fail(name, ErrInvalidNCError)
		return ""
	}
	return ogone.NCError(v)
}

// text reads a free-text value that the Alias prints or stores: valid
// UTF-8 without control characters, at most max bytes.
func (r *reader) text(name string, max int) string {
	v, _ := r.get(name)
	if len(v) > max || !validValue(v) {
		r.fail(name, ogone.ErrInvalidValue)
		return ""
	}
	return v
}

func (r *reader) maskedCardNumber(name string) string {
	v, _ := r.get(name)
	if v == "" {
		return ""
	}
	if !isMasked(v) {
		r.fail(name, ErrUnmaskedCardNumber)
		return ""
	}
	return v
}

func (r *reader) bin(name string) string {
	v, _ := r.get(name)
	if v == "" {
		return ""
	}
	if len(v) < 6 || len(v) > 8 || !allDigits(v) {
		r.fail(name, ErrInvalidBIN)
		return ""
	}
	return v
}

// isMasked reports whether a card number shows at most the first six and
// the last four digits, the most card rules allow to display, with the
// rest replaced by X or '*'. Spaces and dashes between groups are allowed.
func isMasked(s string) bool {
	if len(s) > 32 || !utf8.ValidString(s) {
		return false
	}
	digits, masked := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == 'X' || c == 'x' || c == '*':
			masked++
		case c == ' ' || c == '-':
		default:
			return false
		}
	}
	return masked > 0 && digits <= 10
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
