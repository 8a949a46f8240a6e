package alias

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/signed"
	"github.com/gogone/ogone/ogone"
)

// The fields of a result, as indexes into resultNames.
const (
	fID = iota
	fOrderID
	fStatus
	fNCError
	fNCCardNo
	fNCCN
	fNCCVC
	fNCED
	fStorage
	fBrand
	fCardNo
	fHolder
	fExpiry
	fBIN
	nFields
)

// resultNames are the parameter names of one flavour's result, as the
// platform's guides spell them (for errors); they are matched as the
// signer matches names, by their ASCII uppercase.
type resultNames [nFields]string

var (
	flexNames = resultNames{
		fID: "Alias.AliasId", fOrderID: "Alias.OrderId", fStatus: "Alias.Status", fNCError: "Alias.NCError",
		fNCCardNo: "Alias.NCErrorCardNo", fNCCN: "Alias.NCErrorCN", fNCCVC: "Alias.NCErrorCVC", fNCED: "Alias.NCErrorED",
		fStorage: "Alias.StorePermanently", fBrand: "Card.Brand", fCardNo: "Card.CardNumber",
		fHolder: "Card.CardHolderName", fExpiry: "Card.ExpiryDate", fBIN: "Card.Bin",
	}
	gatewayNames = resultNames{
		fID: "ALIAS", fOrderID: "ORDERID", fStatus: "STATUS", fNCError: "NCERROR",
		fNCCardNo: "NCERRORCARDNO", fNCCN: "NCERRORCN", fNCCVC: "NCERRORCVC", fNCED: "NCERRORED",
		fBrand: "BRAND", fCardNo: "CARDNO", fHolder: "CN", fExpiry: "ED", fBIN: "BIN",
	}
	flexUpper, gatewayUpper = flexNames.upper(), gatewayNames.upper()
)

func (n resultNames) upper() resultNames {
	for i := range n {
		n[i] = signed.UpperASCII(n[i])
	}
	return n
}

// index returns the field of an uppercased name, or -1.
func (n *resultNames) index(upper []byte) int {
	for i, name := range n {
		if name != "" && name == string(upper) {
			return i
		}
	}
	return -1
}

// Verify checks the SHA-OUT signature of a registration result, as the
// platform sends it to ACCEPTURL or EXCEPTIONURL (r.URL.Query() of that
// request), and reads it. FlexCheckout results (Alias.AliasId, Card.Brand,
// ..., SHASign) and Alias Gateway results (ALIAS, STATUS, ..., SHASIGN) are
// told apart by their signed names, which may arrive in any case.
//
// It returns the Alias when the card was stored (StatusOK or
// StatusUpdated). Otherwise the error is:
//   - errors.Is ErrUnverified, with the shasign cause, when the signature
//     is missing or wrong, or the result has more than 1,000 parameters
//     (the bound of feedback.MaxParams): nothing may be used, not even the
//     order id;
//   - an *Error (errors.Is ErrRefused or ErrCancelled) for a verified
//     result that stored no card;
//   - an *ogone.FieldError naming a malformed parameter (or an unsigned
//     one given twice), or ErrNotAliasResult.
//
// The signature is checked with the current SHA-OUT key, then with the
// Config's previous one (ogone.Config.PreviousSHAOut), which sets
// Alias.PreviousKey.
//
// A valid signature proves that the platform wrote the result, not that
// this customer is the one bringing it: the result travels in a URL, stays
// valid forever, and whoever saw it (browser history, a shared link, a
// Referer header) can bring it again. Before attaching a.ID to an account,
// check that a.OrderID is the registration this customer's session
// started, and accept each OrderID once.
//
// Only signed parameters are trusted: every field of Alias and Error comes
// from a parameter the signature covered, matched by its ASCII uppercase
// as the signer matches it ("Aliaſ.StorePermanently", with U+017F, is
// not Alias.StorePermanently), with one marked exception: Alias Gateway's
// per-field codes (NCERRORCARDNO and the like) arrive unsigned, and are
// read into InputErrors with Signed false. Everything else unsigned
// (PARAMPLUS content, look-alike names) is in Alias.Unsigned.
func (c *Client) Verify(params url.Values) (*Alias, error) {
	if !c.ready() {
		return nil, ErrNoClient
	}
	var flex, gateway [nFields]string
	var isFlex, isGateway bool
	res, err := c.reader.Read(params, func(name []byte, value string) {
		if bytes.HasPrefix(name, []byte("ALIAS.")) || bytes.HasPrefix(name, []byte("CARD.")) {
			isFlex = true
			if i := flexUpper.index(name); i >= 0 {
				flex[i] = value
			}
			return
		}
		if string(name) == "ALIAS" || string(name) == "STATUS" {
			isGateway = true
		}
		if i := gatewayUpper.index(name); i >= 0 {
			gateway[i] = value
		}
	}, func() {
		flex, gateway, isFlex, isGateway = [nFields]string{}, [nFields]string{}, false, false
	})
	if err != nil {
		var fe *ogone.FieldError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, fmt.Errorf("%w: %w", ErrUnverified, err)
	}
	switch {
	case isFlex && !isGateway:
		return parse(FlexCheckout, &flexNames, flex, res)
	case isGateway && !isFlex:
		// Alias Gateway's per-field codes are outside SHA-OUT.
		for _, i := range []int{fNCCardNo, fNCCN, fNCCVC, fNCED} {
			gateway[i] = res.Unsigned.Get(gatewayUpper[i])
		}
		return parse(AliasGateway, &gatewayNames, gateway, res)
	}
	// The platform never sends a mix: which half would be the result?
	return nil, ErrNotAliasResult
}

// parse reads the values of a verified result.
func parse(flavour Flavour, n *resultNames, v [nFields]string, res signed.Result) (*Alias, error) {
	r := reader{names: n, values: v}
	a := &Alias{Flavour: flavour, PreviousKey: res.PreviousKey, Unsigned: res.Unsigned}

	status, err := parseStatus(v[fStatus], flavour)
	if err != nil {
		if v[fStatus] == "" {
			err = ogone.ErrMissingField
		}
		r.fail(fStatus, err)
	}
	a.Status = status
	a.ID = r.id(fID)
	a.OrderID = r.orderID(fOrderID)
	a.NCError = r.ncError(fNCError)
	a.Inputs = InputErrors{
		CardNumber: r.ncError(fNCCardNo),
		HolderName: r.ncError(fNCCN),
		CVC:        r.ncError(fNCCVC),
		Expiry:     r.ncError(fNCED),
		Signed:     flavour == FlexCheckout,
	}
	if n[fStorage] != "" {
		switch v[fStorage] {
		case "":
		case "Y", "y":
			a.Storage = StoragePermanent
		case "N", "n":
			a.Storage = StorageTemporary
		default:
			r.fail(fStorage, ErrInvalidStorage)
		}
	}
	a.Brand = r.text(fBrand, 64)
	a.CardNumber = r.maskedCardNumber(fCardNo)
	a.HolderName = r.text(fHolder, 256)
	if v[fExpiry] != "" {
		e, err := ogone.ParseExpiry(v[fExpiry])
		if err != nil {
			r.fail(fExpiry, err)
		}
		a.Expiry = e
	}
	a.BIN = r.bin(fBIN)

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
		return nil, &ogone.FieldError{Field: n[fID], Err: ogone.ErrMissingField}
	}
	return a, nil
}

// reader reads the fields of one flavour and collects what is wrong.
type reader struct {
	names  *resultNames
	values [nFields]string
	errs   []error
}

func (r *reader) fail(f int, err error) {
	r.errs = append(r.errs, &ogone.FieldError{Field: r.names[f], Err: err})
}

func (r *reader) id(name int) string {
	v := r.values[name]
	if v == "" {
		return ""
	}
	if err := ValidateID(v); err != nil {
		r.fail(name, err)
		return ""
	}
	return v
}

func (r *reader) orderID(name int) string {
	v := r.values[name]
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

func (r *reader) ncError(name int) ogone.NCError {
	v := r.values[name]
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
func (r *reader) text(name int, max int) string {
	v := r.values[name]
	if len(v) > max || !validValue(v) {
		r.fail(name, ogone.ErrInvalidValue)
		return ""
	}
	return v
}

func (r *reader) maskedCardNumber(name int) string {
	v := r.values[name]
	if v == "" {
		return ""
	}
	if !isMasked(v) {
		r.fail(name, ErrUnmaskedCardNumber)
		return ""
	}
	return v
}

func (r *reader) bin(name int) string {
	v := r.values[name]
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
