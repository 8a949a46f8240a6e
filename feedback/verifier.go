package feedback

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"

	"github.com/gogone/ogone/internal/pan"
	"github.com/gogone/ogone/internal/signed"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// MaxBodyBytes bounds the body VerifyRequest reads. Real feedback is a few
// hundred bytes; a body above this is refused with ErrBodyTooLarge.
const MaxBodyBytes = 64 << 10

// MaxParams bounds how many parameters (values, counting repeats) Verify
// reads. Feedback carries a few dozen; anyone holding a genuine feedback URL
// can append unsigned parameters without breaking its signature, so their
// number must be bounded before any work is done on them. Package alias
// applies the same bound.
const MaxParams = signed.MaxParams

// Verifier checks the SHA-OUT signature of transaction feedback and reads
// it into a Feedback. It is safe for concurrent use; make one per account
// and keep it.
type Verifier struct {
	reader signed.Reader
	err    error // an invalid option, reported by NewVerifier
	prev   *key  // WithPreviousKey
}

// key is an algorithm and passphrase given to an option, turned into a
// signer by NewVerifier. The passphrase sits behind a pointer so that fmt
// never reaches it by reflection.
type key struct {
	alg        shasign.Algorithm
	passphrase *string
}

// Option configures a Verifier.
type Option func(*Verifier)

// WithEncoding says how the account's feedback is encoded.
//
// The signature is always checked over the values exactly as received.
// The encoding decides how values become Go strings (CN "Zoë" arrives as
// the byte EB in ISO-8859-1, as C3 AB in UTF-8), and in which charset the
// passphrase is hashed with them: the platform hashes the whole string in
// the account's charset, which matters for a passphrase that is not ASCII.
//
// Without this option a Verifier reads UTF-8, the encoding of the
// platform's _utf8 pages, and reads a feedback in which some signed name
// or value is not valid UTF-8 as ISO-8859-1: PostFinance Card and
// E-finance send their feedback that way even to UTF-8 accounts, to the
// same URL. Unsigned parameters take no part in that guess: anyone can
// append one to a genuine feedback URL. WithEncoding(shasign.ISO88591)
// reads every feedback as ISO-8859-1, for accounts on the older pages.
// WithEncoding(shasign.UTF8) reads UTF-8 only and refuses a signed value
// that is not with ErrInvalidEncoding. Under every setting an unsigned
// value that is not UTF-8 is read as ISO-8859-1 on its own.
//
// By default a feedback whose digest covers the passphrase in ISO-8859-1
// verifies too, and is read as ISO-8859-1; WithEncoding(shasign.UTF8)
// accepts only the passphrase in UTF-8, WithEncoding(shasign.ISO88591)
// only in ISO-8859-1 (NewVerifier then refuses a passphrase ISO-8859-1
// cannot write with shasign.ErrUnencodable).
func WithEncoding(e shasign.Encoding) Option {
	return func(v *Verifier) {
		switch e {
		case shasign.UTF8:
			v.reader.Encoding = signed.UTF8
		case shasign.ISO88591:
			v.reader.Encoding = signed.Latin1
		default:
			v.err = fmt.Errorf("feedback: unknown encoding %d", uint8(e))
		}
	}
}

// WithPreviousKey makes the Verifier also accept feedback signed with the
// account's previous SHA-OUT key, while the platform changes to the new
// one: the customer who paid a minute before the change comes back with
// the old signature, a deferred retry after it carries the new one. The
// previous key is tried only when the current one does not match, and a
// Feedback it verified has PreviousKey set. Drop the option once no
// feedback has used it for longer than the platform retries (a few days).
//
// The algorithm may differ from the current one (a change from SHA-1 to
// SHA-512), the passphrase too (a new passphrase); an invalid algorithm or
// empty passphrase makes NewVerifier fail as for the current key.
func WithPreviousKey(alg shasign.Algorithm, passphrase string) Option {
	return func(v *Verifier) { v.prev = &key{alg: alg, passphrase: &passphrase} }
}

// NewVerifier returns a Verifier for the account's SHA-OUT passphrase and
// hash algorithm (the back office's "Global security parameters"). An
// invalid algorithm gives shasign.ErrUnknownAlgorithm and an empty
// passphrase shasign.ErrEmptyPassphrase: a Verifier never accepts feedback
// it cannot check. Most shops build it from their Config with
// NewVerifierFromConfig instead.
func NewVerifier(alg shasign.Algorithm, shaOutPassphrase string, opts ...Option) (*Verifier, error) {
	v := &Verifier{reader: signed.Reader{Encoding: signed.Auto, InvalidEncoding: ErrInvalidEncoding}}
	for _, o := range opts {
		o(v)
	}
	if v.err != nil {
		return nil, v.err
	}
	// The signers always hash the bytes as received; see WithEncoding.
	if err := v.reader.AddKey(alg, shaOutPassphrase); err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	if v.prev != nil {
		if err := v.reader.AddKey(v.prev.alg, *v.prev.passphrase); err != nil {
			return nil, fmt.Errorf("feedback: previous key: %w", err)
		}
		v.prev = nil
	}
	return v, nil
}

// NewVerifierFromConfig returns a Verifier for cfg's SHA-OUT key:
// cfg.SHAOut with cfg.Algorithm (shasign.DefaultAlgorithm when zero), and
// the previous key when cfg sets PreviousSHAOut or PreviousAlgorithm (see
// ogone.Config). cfg must pass Validate and have a SHA-OUT passphrase
// (ogone.ErrMissingSHAOut). opts may add WithEncoding; a WithPreviousKey
// among them replaces the Config's previous key.
func NewVerifierFromConfig(cfg ogone.Config, opts ...Option) (*Verifier, error) {
	cur, prev, err := cfg.SHAOutKeys()
	if err != nil {
		return nil, err
	}
	if prev != nil {
		opts = append([]Option{WithPreviousKey(prev.Algorithm, prev.Passphrase.Reveal())}, opts...)
	}
	return NewVerifier(cur.Algorithm, cur.Passphrase.Reveal(), opts...)
}

// String describes the verifier without its passphrase. Like GoString,
// Format and LogValue it has a value receiver, so a Verifier printed by
// value is covered too.
func (v Verifier) String() string {
	alg, prev := "none", ""
	if algs := v.reader.Algorithms(); len(algs) > 0 {
		alg = algs[0].String()
		if len(algs) > 1 {
			prev = ", previous key: " + algs[1].String()
		}
	}
	return "feedback.Verifier{" + alg + ", encoding: " + encodingName(v.reader.Encoding) + prev + ", passphrase: [REDACTED]}"
}

// GoString is String.
func (v Verifier) GoString() string { return v.String() }

// Format prints String for every verb.
func (v Verifier) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(v.String())) }

// LogValue keeps the passphrase out of structured logs.
func (v Verifier) LogValue() slog.Value { return slog.StringValue(v.String()) }

func encodingName(e signed.Encoding) string {
	switch e {
	case signed.UTF8:
		return "UTF-8"
	case signed.Latin1:
		return "ISO-8859-1"
	}
	return "UTF-8 or ISO-8859-1"
}

// Verify checks the SHA-OUT signature of feedback parameters, as
// url.ParseQuery gives them (r.URL.Query() on the return URL), and reads
// them into a Feedback. Names are matched as the signer matches them:
// ASCII letters in any case, nothing else folded.
//
// More than MaxParams parameters give ErrTooManyParams. Then the signature
// is checked (ErrMissingSignature, ErrBadSignature, ErrAmbiguous) with the
// current key, then with the previous one (WithPreviousKey), before any
// field is read, so a changed value is reported as ErrBadSignature, never
// as a malformed field. Then ORDERID and STATUS must be present, and
// AMOUNT, STATUS, TRXDATE and ED must read as the platform writes them.
// A problem with one parameter is a *ParamError naming it (joined when
// several fields fail); errors.As also finds it as an *ogone.FieldError.
// On any error the Feedback is nil: nothing is returned half read.
//
// Every typed field comes from a parameter the matching digest covered.
// A disputed SHA-OUT name (shasign.DisputedSHAOutParameters) that the
// matching reading left out lands in Unsigned.
func (v *Verifier) Verify(params url.Values) (*Feedback, error) {
	if v == nil || len(v.reader.Keys) == 0 {
		return nil, fmt.Errorf("feedback: Verifier not made by NewVerifier: %w", shasign.ErrEmptyPassphrase)
	}
	var r fieldReader
	res, err := v.reader.Read(params, r.read, r.reset)
	if err != nil {
		return nil, readError(err)
	}
	f := r.feedback()
	f.Unsigned = redactUnsigned(res.Unsigned)
	f.PreviousKey = res.PreviousKey
	if err := r.parse(); err != nil {
		return nil, err
	}
	return f, nil
}

// fieldReader takes the signed values of one feedback as the reader hands
// them over. Its Feedback is made on the first signed value, so a forged
// feedback costs no allocation here. The values that must be parsed wait
// in the string fields until the signature has matched (parse).
type fieldReader struct {
	f                           *Feedback
	status, amount, trxDate, ed string
}

// reset drops what a first reading kept, before the values are read again
// as ISO-8859-1.
func (r *fieldReader) reset() { *r = fieldReader{} }

// feedback returns the Feedback being read, made if no signed value came.
func (r *fieldReader) feedback() *Feedback {
	if r.f == nil {
		r.f = &Feedback{Signed: url.Values{}}
	}
	return r.f
}

// read keeps one signed value under its uppercased name: the values to
// parse for later, the others in the Feedback at once.
func (r *fieldReader) read(upper []byte, value string) {
	f := r.feedback()
	switch string(upper) {
	case "STATUS":
		r.status = value
	case "AMOUNT":
		r.amount = value
	case "TRXDATE":
		r.trxDate = value
	case "ED":
		r.ed = value
	default:
		f.setSigned(upper, value)
	}
}

// setSigned puts a signed value that needs no parsing in its field, or
// in Signed, redacted, when it has none.
func (f *Feedback) setSigned(upper []byte, value string) {
	switch string(upper) {
	case "ORDERID":
		f.OrderID = value
	case "PAYID":
		f.PayID = value
	case "PAYIDSUB":
		f.PayIDSub = value
	case "NCERROR":
		f.NCError = ogone.NCError(value)
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
	case "ECI":
		f.setECI(value)
	case "ACCEPTANCE":
		f.Acceptance = value
	default:
		name := string(upper)
		f.Signed[name] = []string{redact(name, value)}
	}
}

// setECI reads ECI into its field. A value the platform would not write
// is informational only: kept in Signed, like ogone.Response keeps it in
// Extra, rather than refusing the payment's feedback.
func (f *Feedback) setECI(value string) {
	if eci, ok := parseECI(value); ok {
		f.ECI = eci
	} else {
		f.Signed["ECI"] = []string{value}
	}
}

// redactUnsigned redacts the unsigned parameters in place, as Signed is,
// and returns them (an empty set for none).
func redactUnsigned(unsigned url.Values) url.Values {
	if unsigned == nil {
		return url.Values{}
	}
	for name, values := range unsigned {
		values[0] = redact(name, values[0])
	}
	return unsigned
}

// parse checks that ORDERID and STATUS came, and reads the kept STATUS,
// AMOUNT, TRXDATE and ED into the Feedback. Every field is tried: the
// error names each parameter that failed (joined when several did).
func (r *fieldReader) parse() error {
	f := r.f
	var errs []error
	var err error
	if f.OrderID == "" {
		errs = append(errs, paramError("ORDERID", ErrMissingParam))
	}
	if r.status == "" {
		errs = append(errs, paramError("STATUS", ErrMissingParam))
	} else if f.Status, err = ogone.ParseStatus(r.status); err != nil {
		errs = append(errs, paramError("STATUS", ErrInvalidStatus))
	}
	if r.amount != "" {
		if f.Amount, err = ogone.ParseAmount(r.amount); err != nil {
			errs = append(errs, paramError("AMOUNT", fmt.Errorf("%w: %w", ErrInvalidAmount, err)))
		}
	}
	if r.trxDate != "" {
		if f.TrxDate, err = ParseTrxDate(r.trxDate); err != nil {
			errs = append(errs, paramError("TRXDATE", err))
		}
	}
	if r.ed != "" {
		if f.ED, err = ogone.ParseExpiry(r.ed); err != nil {
			errs = append(errs, paramError("ED", err))
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// readError gives the reader's errors this package's shape: a
// *ParamError for a named parameter, the shasign sentinel otherwise.
func readError(err error) error {
	var fe *ogone.FieldError
	if errors.As(err, &fe) {
		return paramError(fe.Field, fe.Err)
	}
	var pe *shasign.ParameterError
	if errors.As(err, &pe) {
		return paramError(signed.UpperASCII(pe.Name), err)
	}
	return fmt.Errorf("feedback: %w", err)
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
		inBody[signed.UpperASCII(name)] = true
	}
	for name, values := range query {
		if inBody[signed.UpperASCII(name)] {
			return nil, paramError(signed.UpperASCII(name), ErrAmbiguous)
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
