package feedback_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/internal/charset"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// knownErrors are the sentinels Verify may report, wrapped or not.
var knownErrors = []error{
	feedback.ErrMissingSignature, feedback.ErrBadSignature, feedback.ErrAmbiguous,
	feedback.ErrMissingParam, feedback.ErrInvalidAmount, feedback.ErrInvalidStatus,
	feedback.ErrInvalidTrxDate, ogone.ErrInvalidExpiry, feedback.ErrTooManyParams,
}

// FuzzVerify feeds arbitrary query strings to Verify, signed by the
// platform's rules or not. Verify must never panic, must return a Feedback
// or an error (never both), must refuse anything unsigned, and what it
// returns must hold to the package's promises: names uppercased, card
// number masked, no value in an error.
func FuzzVerify(f *testing.F) {
	for _, v := range outVectors(f) {
		q := url.Values{}
		for _, kv := range v.Params {
			q.Add(kv[0], kv[1])
		}
		f.Add(q.Encode(), true)
	}
	f.Add(seedParams().Encode(), true)
	f.Add(seedParams().Encode()+"&amount=1", true)
	f.Add("orderID=1&STATUS=09&amount=1e3&TRXDATE=02/30/26&ED=1399", true)
	f.Add("orderID=1&STATUS=9&CARDNO=4111111111111111&lang=fr&LANG=de", true)
	f.Add("orderID=1&STATUS=9&CN=Zo%EB", true)
	f.Add("orderID=1&STATUS=9&SHASIGN=00", false)
	f.Add("", false)
	v := testVerifier(f)
	f.Fuzz(func(t *testing.T, query string, sign bool) {
		params, _ := url.ParseQuery(query) // keeps what parses, as a lenient server might
		if sign {
			if sig, err := shasign.SignOut(testAlg, testPassphrase, params); err == nil {
				params.Set("SHASIGN", sig)
			}
		}
		fb, err := v.Verify(params)
		if err != nil {
			if fb != nil {
				t.Fatalf("both a Feedback and an error: %v", err)
			}
			checkError(t, err, params)
			return
		}
		if fb == nil {
			t.Fatal("neither a Feedback nor an error")
		}
		if !sign {
			t.Fatalf("unsigned parameters accepted: %q", query)
		}
		checkFeedback(t, fb)
		checkUnsignedSilent(t, v, params, fb)
	})
}

// FuzzVerifyISO88591Passphrase signs arbitrary feedback as an ISO-8859-1
// account with a passphrase that is not ASCII does: every byte received
// is an ISO-8859-1 character, and the whole string, passphrase included,
// is hashed in ISO-8859-1. The default Verifier must never call that a bad
// signature and must read the values as ISO-8859-1; a UTF-8-only Verifier
// must refuse it.
func FuzzVerifyISO88591Passphrase(f *testing.F) {
	f.Add("orderID=1&STATUS=9&CN=Zo%EB")
	f.Add("orderID=1&STATUS=9&CN=Zo%C3%AB&amount=12.5")
	f.Add(seedParams().Encode())
	const passphrase = "sécret-passphrase-16+"
	iso, err := shasign.NewSigner(testAlg, passphrase, shasign.WithEncoding(shasign.ISO88591))
	require.NoError(f, err)
	v, err := feedback.NewVerifier(testAlg, passphrase)
	require.NoError(f, err)
	strict, err := feedback.NewVerifier(testAlg, passphrase, feedback.WithEncoding(shasign.UTF8))
	require.NoError(f, err)
	utf8Signer, err := shasign.NewSigner(testAlg, passphrase)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, query string) {
		params, _ := url.ParseQuery(query)
		params.Del("SHASIGN")
		text := url.Values{}
		for name, values := range params {
			for _, value := range values {
				text.Add(charset.DecodeLatin1(name), charset.DecodeLatin1(value))
			}
		}
		sig, err := iso.SignOut(text)
		if err != nil {
			return
		}
		params.Set("SHASIGN", sig)
		fb, err := v.Verify(params)
		if errors.Is(err, feedback.ErrBadSignature) {
			t.Fatalf("an ISO-8859-1 signature refused: %q", query)
		}
		if err == nil && len(params["CN"]) == 1 && fb.CN != charset.DecodeLatin1(params["CN"][0]) {
			t.Fatalf("CN %q read as %q", params["CN"][0], fb.CN)
		}
		if utf, err := utf8Signer.SignOut(params); err == nil && utf == sig {
			return // nothing signed: no passphrase in the string either
		}
		if _, err := strict.Verify(params); !errors.Is(err, feedback.ErrBadSignature) {
			t.Fatalf("a UTF-8-only Verifier did not refuse an ISO-8859-1 signature: %v", err)
		}
	})
}

// checkUnsignedSilent adds unsigned parameters (bytes that are not UTF-8,
// look-alike names) to an accepted feedback: its signed reading must not
// change.
func checkUnsignedSilent(t *testing.T, v *feedback.Verifier, params url.Values, fb *feedback.Feedback) {
	t.Helper()
	more := url.Values{}
	for k, vs := range params {
		more[k] = vs
	}
	for _, name := range []string{"ZZ_FUZZ_X", "ORDERſD", "\u212AFUZZ"} {
		if _, taken := more[name]; taken {
			return
		}
		more[name] = []string{"\xff\xfe"}
	}
	fb2, err := v.Verify(more)
	if err != nil {
		if errors.Is(err, feedback.ErrAmbiguous) || errors.Is(err, feedback.ErrTooManyParams) {
			return // a spelling of an unsigned name already there, or the bound
		}
		t.Fatalf("unsigned additions refused a genuine feedback: %v", err)
	}
	fb2.Unsigned, fb.Unsigned = nil, nil
	if !reflect.DeepEqual(fb, fb2) {
		t.Fatalf("unsigned additions changed the feedback:\n%+v\n%+v", fb, fb2)
	}
}

func checkError(t *testing.T, err error, params url.Values) {
	t.Helper()
	known := false
	for _, e := range knownErrors {
		known = known || errors.Is(err, e)
	}
	if !known {
		t.Fatalf("error matches no sentinel: %v", err)
	}
	msg := err.Error()
	for name, values := range params {
		for _, value := range values {
			// Short values and values that are also names or words of
			// the messages may appear by coincidence.
			if len(value) < 8 || strings.Contains(strings.ToUpper(name), strings.ToUpper(value)) ||
				containsName(params, value) || strings.Contains(messageTexts, value) {
				continue
			}
			if strings.Contains(msg, value) {
				t.Fatalf("error shows the value of %q: %v", name, err)
			}
		}
	}
}

var messageTexts = func() string {
	var b strings.Builder
	for _, e := range knownErrors {
		b.WriteString(e.Error())
	}
	return b.String() + `feedback: parameter "": malformed amount ogone: invalid amount characters more than 2 decimals invalid status code: want 0 to 99, written without sign, space or leading zero`
}()

func containsName(params url.Values, value string) bool {
	for name := range params {
		if strings.Contains(strings.ToUpper(name), strings.ToUpper(value)) || strings.Contains(value, name) {
			return true
		}
	}
	return false
}

func checkFeedback(t *testing.T, fb *feedback.Feedback) {
	t.Helper()
	if fb.OrderID == "" {
		t.Fatal("accepted without ORDERID")
	}
	if fb.Status < 0 || fb.Status > 99 {
		t.Fatalf("status %d", fb.Status)
	}
	if fb.Amount.Sign() < 0 || fb.Amount.Exponent() < -2 {
		t.Fatalf("amount %s", fb.Amount)
	}
	checkMasked(t, fb.CardNo.String())
	if s := fmt.Sprintf("%v%+v%#v", fb.ED, fb.ED, fb.ED); !fb.ED.IsZero() && strings.ContainsAny(s, "0123456789") {
		t.Fatalf("expiry printed: %s", s)
	}
	for _, m := range []url.Values{fb.Signed, fb.Unsigned} {
		for name, values := range m {
			if strings.ContainsAny(name, "abcdefghijklmnopqrstuvwxyz") {
				t.Fatalf("name %q not uppercased", name)
			}
			if len(values) != 1 {
				t.Fatalf("%q has %d values", name, len(values))
			}
			if !utf8.ValidString(name) || !utf8.ValidString(values[0]) {
				t.Fatalf("%q: not decoded to UTF-8", name)
			}
		}
	}
	for _, typed := range []string{"ORDERID", "STATUS", "AMOUNT", "CARDNO", "ED", "TRXDATE", "SHASIGN"} {
		if _, ok := fb.Signed[typed]; ok {
			t.Fatalf("%s in Signed", typed)
		}
	}
	if _, ok := fb.Unsigned["SHASIGN"]; ok {
		t.Fatal("SHASIGN in Unsigned")
	}
}

// checkMasked fails unless s shows at most four digits and nothing else
// but X, spaces and dashes (ogone.MaskNumber's rule), or is four
// characters or fewer besides spaces and dashes, which MaskNumber keeps.
func checkMasked(t *testing.T, s string) {
	t.Helper()
	// internal/pan's rule: at most the last four digits survive; every
	// other character but spaces and dashes is X. A value of four
	// characters or fewer holds no card number and stays as it is.
	chars := 0
	for _, r := range s {
		if r != ' ' && r != '-' {
			chars++
		}
	}
	if chars <= 4 {
		return
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r != 'X' && r != ' ' && r != '-':
			t.Fatalf("not masked: %q", s)
		}
	}
	if digits > 4 {
		t.Fatalf("%d digits survive the mask: %q", digits, s)
	}
}

// FuzzVerifyRequest sends arbitrary requests to VerifyRequest: it must not
// panic, and an error must come with a nil Feedback.
func FuzzVerifyRequest(f *testing.F) {
	body := signed(f, seedParams()).Encode()
	f.Add("POST", "", "application/x-www-form-urlencoded", body)
	f.Add("GET", body, "", "")
	f.Add("POST", "STATUS=9", "application/x-www-form-urlencoded; charset=x", body)
	f.Add("PUT", "", "", body)
	f.Add("POST", "", "multipart/form-data", "--x")
	f.Add("POST", "a=%zz", "", "b=%zz")
	v := testVerifier(f)
	f.Fuzz(func(t *testing.T, method, query, contentType, body string) {
		r, err := http.NewRequest(method, returnURL, strings.NewReader(body))
		if err != nil {
			return // not a method net/http would hand to a handler
		}
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", contentType)
		fb, err := v.VerifyRequest(r)
		if (fb == nil) == (err == nil) {
			t.Fatalf("Feedback %v with error %v", fb, err)
		}
		// The handler never panics either, and always answers.
		w := httptest.NewRecorder()
		r2, _ := http.NewRequest(method, returnURL, strings.NewReader(body))
		r2.URL.RawQuery = query
		r2.Header.Set("Content-Type", contentType)
		feedback.Handler(v, func(ctx context.Context, f *feedback.Feedback) error { return nil }).ServeHTTP(w, r2)
		if w.Code == 0 {
			t.Fatal("no answer")
		}
	})
}

// FuzzParseTrxDate: what parses is a real date that formats back to its
// input; what does not gives the bare sentinel, which holds no value.
func FuzzParseTrxDate(f *testing.F) {
	for _, s := range []string{"11/23/26", "02/29/24", "02/29/25", "02/30/26", "00/01/26", "12/31/99", "1/2/26", "11-23-26", "MM/DD/YY", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := feedback.ParseTrxDate(s)
		if err != nil {
			if err != feedback.ErrInvalidTrxDate || !d.IsZero() {
				t.Fatalf("ParseTrxDate(%q) = %v, %v", s, d, err)
			}
			return
		}
		if got := d.Format("01/02/06"); got != s {
			t.Fatalf("ParseTrxDate(%q) formats back as %q", s, got)
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Location().String() != "UTC" || d.Year() < 2000 || d.Year() > 2099 {
			t.Fatalf("ParseTrxDate(%q) = %v", s, d)
		}
	})
}
