package feedback

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/pan"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// MaxBodyBytes bounds the body VerifyRequest reads. Real feedback is a few
// hundred bytes; a body above this is refused with ErrBodyTooLarge.
const MaxBodyBytes = 64 << 10

// MaxParams bounds how many parameters (values, counting repeats) Verify
// reads. Feedback carries a few dozen; anyone holding a genuine feedback URL
// can append unsigned parameters without breaking its signature, so their
// number must be bounded before any work is done on them.
const MaxParams = 1000

// encodingMode says how values are read once their signature checks out.
type encodingMode uint8

const (
	encodingAuto   encodingMode = iota // UTF-8, or ISO-8859-1 when a value is not UTF-8
	encodingUTF8                       // UTF-8 only
	encodingLatin1                     // ISO-8859-1 always
)

// Verifier checks the SHA-OUT signature of transaction feedback and reads
// it into a Feedback. It is safe for concurrent use; make one per account
// and keep it.
type Verifier struct {
	signer *shasign.Signer
	mode   encodingMode
	err    error // an invalid option, reported by NewVerifier
}

// Option configures a Verifier.
type Option func(*Verifier)

// WithEncoding says how the account's feedback is encoded.
//
// The signature is always checked over the bytes exactly as received, so
// the encoding never decides whether a feedback is genuine; it decides how
// values become Go strings (CN "Zoë" arrives as the byte EB in ISO-8859-1,
// as C3 AB in UTF-8).
//
// Without this option a Verifier reads UTF-8, the encoding of the
// platform's _utf8 pages, and reads a feedback in which some value is not
// valid UTF-8 as ISO-8859-1: PostFinance Card and E-finance send their
// feedback that way even to UTF-8 accounts, to the same URL.
// WithEncoding(shasign.ISO88591) reads every feedback as ISO-8859-1, for
// accounts on the older pages. WithEncoding(shasign.UTF8) reads UTF-8 only
// and refuses anything else with ErrInvalidEncoding.
func WithEncoding(e shasign.Encoding) Option {
	return func(v *Verifier) {
		switch e {
		case shasign.UTF8:
			v.mode = encodingUTF8
		case shasign.ISO88591:
			v.mode = encodingLatin1
		default:
			v.err = fmt.Errorf("feedback: unknown encoding %d", uint8(e))
		}
	}
}

// NewVerifier returns a Verifier for the account's SHA-OUT passphrase and
// hash algorithm (the back office's "Global security parameters"). An
// invalid algorithm gives shasign.ErrUnknownAlgorithm and an empty
// passphrase shasign.ErrEmptyPassphrase: a Verifier never accepts feedback
// it cannot check.
func NewVerifier(alg shasign.Algorithm, shaOutPassphrase string, opts ...Option) (*Verifier, error) {
	v := &Verifier{}
	for _, o := range opts {
		o(v)
	}
	if v.err != nil {
		return nil, v.err
	}
	// The signer always hashes the bytes as received; see WithEncoding.
	s, err := shasign.NewSigner(alg, shaOutPassphrase)
	if err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	v.signer = s
	return v, nil
}

// String describes the verifier without its passphrase. Like GoString,
// Format and LogValue it has a value receiver, so a Verifier printed by
// value is covered too.
func (v Verifier) String() string {
	alg := "none"
	if v.signer != nil {
		alg = v.signer.Algorithm().String()
	}
	return "feedback.Verifier{" + alg + ", encoding: " + v.mode.String() + ", passphrase: [REDACTED]}"
}

// GoString is String.
func (v Verifier) GoString() string { return v.String() }

// Format prints String for every verb.
func (v Verifier) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(v.String())) }

// LogValue keeps the passphrase out of structured logs.
func (v Verifier) LogValue() slog.Value { return slog.StringValue(v.String()) }

func (m encodingMode) String() string {
	switch m {
	case encodingUTF8:
		return "UTF-8"
	case encodingLatin1:
		return "ISO-8859-1"
	}
	return "UTF-8 or ISO-8859-1"
}

// Verify checks the SHA-OUT signature of feedback parameters, as
// url.ParseQuery gives them (r.URL.Query() on the return URL), and reads
// them into a Feedback. Names are matched in any case.
//
// More than MaxParams parameters give ErrTooManyParams. Then the signature
// is checked (ErrMissingSignature, ErrBadSignature, ErrAmbiguous) before
// any field is read, so a changed value is reported as ErrBadSignature,
// never as a malformed field. Then ORDERID and STATUS must be present, and
// AMOUNT, STATUS, TRXDATE and ED must read as the platform writes them.
// A problem with one parameter is a *ParamError naming it (joined when
// several fields fail). On any error the Feedback is nil: nothing is
// returned half read.
func (v *Verifier) Verify(params url.Values) (*Feedback, error) {
	if v == nil || v.signer == nil {
		return nil, fmt.Errorf("feedback: Verifier not made by NewVerifier: %w", shasign.ErrEmptyPassphrase)
	}
	n := 0
	for _, values := range params {
		n += max(len(values), 1)
	}
	if n > MaxParams {
		return nil, fmt.Errorf("feedback: %d parameters: %w", n, ErrTooManyParams)
	}
	if err := v.signer.VerifyOut(params); err != nil {
		var pe *shasign.ParameterError
		if errors.As(err, &pe) {
			// Also a *ParamError, like every parameter problem here.
			return nil, paramError(upperASCII(pe.Name), err)
		}
		return nil, fmt.Errorf("feedback: %w", err)
	}
	// Canonicalize applies the signer's own rules, so what it lists as
	// covered is exactly what the signature covered.
	c, err := shasign.Canonicalize(shasign.Out, params)
	if err != nil { // cannot happen after VerifyOut accepted params
		return nil, fmt.Errorf("feedback: %w", err)
	}
	latin1, err := v.latin1(params)
	if err != nil {
		return nil, err
	}
	decode := func(s string) string { return s }
	if latin1 {
		decode = latin1ToUTF8
	}

	f := &Feedback{Signed: url.Values{}, Unsigned: url.Values{}}
	var raw struct{ status, amount, trxDate, ed string }
	for _, field := range c.Fields {
		value := decode(field.Value)
		switch field.Name {
		case "ORDERID":
			f.OrderID = value
		case "PAYID":
			f.PayID = value
		case "PAYIDSUB":
			f.PayIDSub = value
		case "STATUS":
			raw.status = value
		case "NCERROR":
			f.NCError = ogone.NCError(value)
		case "AMOUNT":
			raw.amount = value
		case "CURRENCY":
			f.Currency = value
		case "PM":
			f.PM = value
		case "BRAND":
			f.Brand = value
		case "CARDNO":
			f.CardNo = ogone.MaskNumber(value)
		case "CN":
			f.CN = value
		case "ALIAS":
			f.Alias = value
		case "IP":
			f.IP = value
		case "TRXDATE":
			raw.trxDate = value
		case "ED":
			raw.ed = value
		case "ECI":
			if eci, ok := parseECI(value); ok {
				f.ECI = eci
			} else {
				// Informational only: kept, like ogone.Response keeps it
				// in Extra, rather than refusing the payment's feedback.
				f.Signed[field.Name] = []string{value}
			}
		case "ACCEPTANCE":
			f.Acceptance = value
		default:
			name := decode(field.Name)
			f.Signed[name] = []string{redact(name, value)}
		}
	}
	for _, s := range c.Skipped {
		if s.Reason != shasign.SkipNotSHAOut {
			continue // the signature, or an empty signed parameter
		}
		values := params[s.Name]
		name := decode(upperASCII(s.Name))
		// The signature settled which signed value counts; for unsigned
		// ones nothing does, so two of them are refused as well.
		if _, dup := f.Unsigned[name]; dup || len(values) > 1 {
			return nil, paramError(name, ErrAmbiguous)
		}
		value := ""
		if len(values) == 1 {
			value = decode(values[0])
		}
		f.Unsigned[name] = []string{redact(name, value)}
	}

	var errs []error
	if f.OrderID == "" {
		errs = append(errs, paramError("ORDERID", ErrMissingParam))
	}
	if raw.status == "" {
		errs = append(errs, paramError("STATUS", ErrMissingParam))
	} else if f.Status, err = ogone.ParseStatus(raw.status); err != nil {
		errs = append(errs, paramError("STATUS", fmt.Errorf("%w: %w", ErrInvalidStatus, ogone.ErrInvalidStatus)))
	}
	if raw.amount != "" {
		if f.Amount, err = ogone.ParseAmount(raw.amount); err != nil {
			errs = append(errs, paramError("AMOUNT", fmt.Errorf("%w: %w", ErrInvalidAmount, err)))
		}
	}
	if raw.trxDate != "" {
		if f.TrxDate, err = ParseTrxDate(raw.trxDate); err != nil {
			errs = append(errs, paramError("TRXDATE", err))
		}
	}
	if raw.ed != "" {
		if f.ED, err = ogone.ParseExpiry(raw.ed); err != nil {
			errs = append(errs, paramError("ED", err))
		}
	}
	if len(errs) > 0 {
		if len(errs) == 1 {
			return nil, errs[0]
		}
		return nil, errors.Join(errs...)
	}
	return f, nil
}

// latin1 decides whether the values are ISO-8859-1 (see WithEncoding).
func (v *Verifier) latin1(params url.Values) (bool, error) {
	if v.mode == encodingLatin1 {
		return true, nil
	}
	for name, values := range params {
		ok := utf8.ValidString(name)
		for _, s := range values {
			ok = ok && utf8.ValidString(s)
		}
		if !ok {
			if v.mode == encodingUTF8 {
				return false, paramError(upperASCII(name), ErrInvalidEncoding)
			}
			return true, nil
		}
	}
	return false, nil
}

// latin1ToUTF8 reads s as ISO-8859-1, where every byte is the character of
// the same number.
func latin1ToUTF8(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s)+(len(s)-i))
	copy(b, s[:i])
	for ; i < len(s); i++ {
		b = utf8.AppendRune(b, rune(s[i]))
	}
	return string(b)
}

// redact hides what a shop must not store or print even when the platform
// sends it: a card number is masked, an expiry date or verification code
// replaced. The typed fields (CARDNO, ED) never reach here.
func redact(upperName, value string) string {
	switch upperName {
	case "CARDNO", "CARD.CARDNUMBER":
		return pan.Mask(value)
	case "ED", "CARD.EXPIRYDATE", "CVC", "CARD.CVC", "CVV", "PSWD":
		if value == "" {
			return ""
		}
		return redacted
	}
	return value
}

// VerifyRequest reads the feedback parameters of a request to the return
// URL and verifies them as Verify does.
//
// The platform redirects the customer's browser with a GET, and makes its
// server-to-server request with a GET or a POST (the account's setting).
// For a GET the parameters are the query string. For a POST they are the
// application/x-www-form-urlencoded body (at most MaxBodyBytes), plus the
// query string when it carries other names, as when the shop's URL has a
// query of its own; a name in both is refused with ErrAmbiguous. If
// something already parsed the form (r.ParseForm), r.PostForm is used as
// the body. Any other method gives ErrMethodNotAllowed.
func (v *Verifier) VerifyRequest(r *http.Request) (*Feedback, error) {
	params, err := requestParams(r)
	if err != nil {
		return nil, err
	}
	return v.Verify(params)
}

func requestParams(r *http.Request) (url.Values, error) {
	if r == nil || r.URL == nil {
		return nil, ErrMalformedRequest
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, ErrMethodNotAllowed
	}
	// ParseQuery's errors quote the offending bytes, so they stay out.
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("%w: query string is not URL-encoded", ErrMalformedRequest)
	}
	if r.Method == http.MethodGet {
		return query, nil
	}
	body, err := formBody(r)
	if err != nil {
		return nil, err
	}
	if len(query) == 0 {
		return body, nil
	}
	inBody := make(map[string]bool, len(body))
	for name := range body {
		inBody[upperASCII(name)] = true
	}
	for name, values := range query {
		if inBody[upperASCII(name)] {
			return nil, paramError(upperASCII(name), ErrAmbiguous)
		}
		body[name] = values
	}
	return body, nil
}

// formBody reads a POST's form body, bounded by MaxBodyBytes.
func formBody(r *http.Request) (url.Values, error) {
	if r.PostForm != nil {
		// Copied: the caller's form must not gain the query's names.
		body := make(url.Values, len(r.PostForm))
		for k, v := range r.PostForm {
			body[k] = v
		}
		return body, nil
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/x-www-form-urlencoded" {
			return nil, ErrUnsupportedContentType
		}
	}
	if r.Body == nil || r.Body == http.NoBody {
		return url.Values{}, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge) || len(b) > MaxBodyBytes:
		return nil, ErrBodyTooLarge
	case err != nil:
		return nil, fmt.Errorf("%w: reading body: %w", ErrMalformedRequest, err)
	}
	body, err := url.ParseQuery(string(b))
	if err != nil {
		return nil, fmt.Errorf("%w: body is not URL-encoded", ErrMalformedRequest)
	}
	return body, nil
}

// parseECI reads ECI as the platform writes it, one or two digits.
func parseECI(s string) (ogone.ECI, bool) {
	if len(s) == 0 || len(s) > 2 || !digits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return ogone.ECI(n), true
}
