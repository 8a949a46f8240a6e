package ogone

import (
	_ "embed"
	"errors"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ChallengeIndicator is the EMV 3-D Secure challenge preference
// (MPI.THREEDSREQUESTORCHALLENGEINDICATOR): whether the shop wants the
// issuer to question the customer. The issuer decides in the end.
type ChallengeIndicator string

// The challenge indicators of EMV 3-D Secure.
const (
	ChallengeNoPreference ChallengeIndicator = "01" // the issuer decides
	ChallengeNotRequested ChallengeIndicator = "02" // the shop asks for a frictionless flow
	ChallengeRequested    ChallengeIndicator = "03" // the shop prefers a challenge
	ChallengeMandated     ChallengeIndicator = "04" // the shop must have one: storing a card for later payments
)

var challengeNames = map[ChallengeIndicator]string{
	ChallengeNoPreference: "no preference",
	ChallengeNotRequested: "no challenge requested",
	ChallengeRequested:    "challenge requested",
	ChallengeMandated:     "challenge mandated",
}

// String gives the value and its meaning, "04 challenge mandated"; an
// unknown value is given as it is.
func (c ChallengeIndicator) String() string {
	if name, ok := challengeNames[c]; ok {
		return string(c) + " " + name
	}
	return string(c)
}

// addChallenge appends MPI.THREEDSREQUESTORCHALLENGEINDICATOR.
func (b *builder) addChallenge(c ChallengeIndicator) {
	if _, ok := challengeNames[c]; c != "" && !ok {
		b.fail(challengeParam, ErrInvalidChallenge)
		return
	}
	b.add(challengeParam, string(c))
}

const challengeParam = "MPI.THREEDSREQUESTORCHALLENGEINDICATOR"

// BrowserInfo is what 3-D Secure v2 must know of the customer's browser
// for a DirectLink order (ThreeDSecure.Browser). The issuer uses it to
// authenticate the customer without a challenge and to lay out the
// challenge page when there is one.
//
// The server sees the headers; only the browser knows the rest. The flow:
//
//  1. The checkout page loads BrowserInfoScript as a file (serve it with
//     BrowserInfoScriptHandler) and puts BrowserInfoFields inside the form
//     that the customer posts to pay.
//  2. The script fills the hidden fields with the screen, colour depth,
//     time zone, Java, JavaScript and language.
//  3. The handler of the posted form calls BrowserInfoFromRequest, which
//     adds the Accept, User-Agent and Accept-Language headers, and puts
//     the result in ThreeDSecure.Browser.
//  4. Client.Order checks it (Validate) and sends it as the BROWSER*
//     parameters.
//
// AcceptHeader, UserAgent and Language are required. With
// JavaScriptEnabled, ColorDepth, ScreenHeight and ScreenWidth are required
// too and BROWSERTIMEZONE is always sent (0 is UTC); without it, as EMV
// 3-D Secure says, the fields only JavaScript can read are left out
// unless set.
type BrowserInfo struct {
	AcceptHeader string // BROWSERACCEPTHEADER: the Accept header, at most 2048 characters
	UserAgent    string // BROWSERUSERAGENT: the User-Agent header, at most 2048 characters
	Language     string // BROWSERLANGUAGE: navigator.language, a BCP 47 tag of 1 to 8 characters

	ColorDepth     int // BROWSERCOLORDEPTH: screen.colorDepth in bits: 1, 4, 8, 15, 16, 24, 32 or 48
	ScreenHeight   int // BROWSERSCREENHEIGHT: screen.height in pixels, 1 to 999999
	ScreenWidth    int // BROWSERSCREENWIDTH: screen.width in pixels, 1 to 999999
	TimeZoneOffset int // BROWSERTIMEZONE: getTimezoneOffset(), minutes from local time to UTC: -120 in Brussels in summer

	JavaEnabled       bool // BROWSERJAVAENABLED: navigator.javaEnabled()
	JavaScriptEnabled bool // BROWSERJAVASCRIPTENABLED
}

// maxBrowserHeader is the longest Accept or User-Agent value EMV 3-D
// Secure carries.
const maxBrowserHeader = 2048

// browserNames are the parameters addBrowser may set.
var browserNames = []string{
	"BROWSERACCEPTHEADER", "BROWSERUSERAGENT", "BROWSERLANGUAGE",
	"BROWSERCOLORDEPTH", "BROWSERSCREENHEIGHT", "BROWSERSCREENWIDTH",
	"BROWSERTIMEZONE", "BROWSERJAVAENABLED", "BROWSERJAVASCRIPTENABLED",
}

// Validate checks bi as EMV 3-D Secure allows it and reports every problem
// at once, joined: each a *FieldError naming the BROWSER* parameter and
// wrapping ErrMissing3DSField, ErrTooLong, ErrInvalidValue,
// ErrInvalidBrowserLanguage, ErrInvalidColorDepth, ErrInvalidScreenSize or
// ErrInvalidTimeZone.
func (bi *BrowserInfo) Validate() error {
	var b builder
	b.addBrowser(bi)
	return errors.Join(b.errs...)
}

// addBrowser checks bi and appends its parameters.
func (b *builder) addBrowser(bi *BrowserInfo) {
	b.requireLimited("BROWSERACCEPTHEADER", bi.AcceptHeader, maxBrowserHeader)
	b.requireLimited("BROWSERUSERAGENT", bi.UserAgent, maxBrowserHeader)
	switch {
	case bi.Language == "":
		b.fail("BROWSERLANGUAGE", ErrMissing3DSField)
	case !validBrowserLanguage(bi.Language):
		b.fail("BROWSERLANGUAGE", ErrInvalidBrowserLanguage)
	default:
		b.add("BROWSERLANGUAGE", bi.Language)
	}
	js := bi.JavaScriptEnabled
	if js || bi.ColorDepth != 0 {
		if !validColorDepth(bi.ColorDepth) {
			b.fail("BROWSERCOLORDEPTH", ErrInvalidColorDepth)
		} else {
			b.add("BROWSERCOLORDEPTH", strconv.Itoa(bi.ColorDepth))
		}
	}
	b.addScreen("BROWSERSCREENHEIGHT", bi.ScreenHeight, js)
	b.addScreen("BROWSERSCREENWIDTH", bi.ScreenWidth, js)
	if js || bi.TimeZoneOffset != 0 {
		if bi.TimeZoneOffset < -840 || bi.TimeZoneOffset > 720 {
			b.fail("BROWSERTIMEZONE", ErrInvalidTimeZone)
		} else {
			b.add("BROWSERTIMEZONE", strconv.Itoa(bi.TimeZoneOffset))
		}
	}
	b.add("BROWSERJAVAENABLED", strconv.FormatBool(bi.JavaEnabled))
	b.add("BROWSERJAVASCRIPTENABLED", strconv.FormatBool(js))
}

func (b *builder) addScreen(name string, px int, required bool) {
	switch {
	case px == 0 && !required:
	case px < 1 || px > 999999:
		b.fail(name, ErrInvalidScreenSize)
	default:
		b.add(name, strconv.Itoa(px))
	}
}

// requireLimited appends a required value of at most max characters.
func (b *builder) requireLimited(name, value string, max int) {
	if value == "" {
		b.fail(name, ErrMissing3DSField)
		return
	}
	b.addLimited(name, value, max)
}

// colorDepths are the colour depths EMV 3-D Secure allows, ascending.
var colorDepths = [...]int{1, 4, 8, 15, 16, 24, 32, 48}

func validColorDepth(d int) bool {
	for _, v := range colorDepths {
		if d == v {
			return true
		}
	}
	return false
}

// validBrowserLanguage accepts 1 to 8 characters of a BCP 47 tag:
// subtags of ASCII letters and digits separated by '-', the first of
// letters only.
func validBrowserLanguage(s string) bool {
	if s == "" || len(s) > 8 {
		return false
	}
	for i, sub := range strings.Split(s, "-") {
		if sub == "" {
			return false
		}
		for j := 0; j < len(sub); j++ {
			c := sub[j] | 0x20 // lower case for letters
			letter := 'a' <= c && c <= 'z'
			digit := '0' <= sub[j] && sub[j] <= '9'
			if !letter && !(digit && i > 0) {
				return false
			}
		}
	}
	return true
}

// The hidden fields of BrowserInfoFields, which BrowserInfoScript fills.
const (
	formJavaScript   = "ogone_browser_javascript"
	formJava         = "ogone_browser_java"
	formLanguage     = "ogone_browser_language"
	formColorDepth   = "ogone_browser_color_depth"
	formScreenHeight = "ogone_browser_screen_height"
	formScreenWidth  = "ogone_browser_screen_width"
	formTimeZone     = "ogone_browser_time_zone"
)

// BrowserInfoFields are the hidden inputs that BrowserInfoScript fills,
// for the form the customer posts to pay: put them inside it, as they are
// (they hold no data of the page). Each is named ogone_browser_*.
const BrowserInfoFields template.HTML = `<input type="hidden" name="` + formJavaScript + `" value="">
<input type="hidden" name="` + formJava + `" value="">
<input type="hidden" name="` + formLanguage + `" value="">
<input type="hidden" name="` + formColorDepth + `" value="">
<input type="hidden" name="` + formScreenHeight + `" value="">
<input type="hidden" name="` + formScreenWidth + `" value="">
<input type="hidden" name="` + formTimeZone + `" value="">
`

// BrowserInfoScript is the JavaScript that fills BrowserInfoFields with
// the browser's screen size, colour depth, time zone offset, language and
// whether Java and JavaScript are enabled. It is meant to be loaded as a
// file (<script src="/ogone-browser.js" defer></script>), so that it runs
// under a Content-Security-Policy of script-src 'self' without inline
// script; BrowserInfoScriptHandler serves it.
//
//go:embed browserinfo.js
var BrowserInfoScript []byte

// BrowserInfoScriptHandler serves BrowserInfoScript as
// text/javascript, cacheable for a day, with X-Content-Type-Options
// nosniff. It answers GET and HEAD only (405 otherwise).
func BrowserInfoScriptHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=86400")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Length", strconv.Itoa(len(BrowserInfoScript)))
		if r.Method == http.MethodGet {
			_, _ = w.Write(BrowserInfoScript)
		}
	})
}

// ParseBrowserForm reads the hidden fields of BrowserInfoFields from a
// posted form. Without ogone_browser_javascript=true (the browser ran no
// JavaScript) it returns a BrowserInfo with JavaScriptEnabled false and
// reads nothing else. Otherwise every field must be there once and hold
// what the script writes, except the language, which may be empty (then
// BrowserInfoFromRequest takes Accept-Language's): a colour depth that EMV 3-D Secure does not
// know, such as the 30 bits of some screens, becomes the next smaller
// allowed one (24); a language longer than 8 characters loses its last
// subtags ("zh-Hant-TW" becomes "zh-Hant").
//
// AcceptHeader and UserAgent stay empty: they come from the request's
// headers (see BrowserInfoFromRequest). Errors are *FieldError values
// naming the BROWSER* parameter, joined, and never hold the values.
func ParseBrowserForm(form url.Values) (BrowserInfo, error) {
	switch js := form[formJavaScript]; {
	case len(js) > 1:
		return BrowserInfo{}, &FieldError{Field: "BROWSERJAVASCRIPTENABLED", Err: ErrRepeatedField}
	case len(js) == 0 || js[0] != "true":
		return BrowserInfo{}, nil
	}
	f := browserForm{values: form}
	bi := BrowserInfo{JavaScriptEnabled: true}
	bi.JavaEnabled = f.java()
	bi.Language = f.language()
	bi.ColorDepth = f.colorDepth()
	bi.ScreenHeight = f.screen(formScreenHeight, "BROWSERSCREENHEIGHT")
	bi.ScreenWidth = f.screen(formScreenWidth, "BROWSERSCREENWIDTH")
	bi.TimeZoneOffset = f.timeZone()
	if len(f.b.errs) > 0 {
		return BrowserInfo{}, errors.Join(f.b.errs...)
	}
	return bi, nil
}

// browserForm reads the hidden fields of BrowserInfoFields from a posted
// form. Each field that is missing, repeated or wrong adds a *FieldError
// naming its BROWSER* parameter to b.errs, and reads as zero.
type browserForm struct {
	values url.Values
	b      builder // for its errors only
}

// required gives the value of the field name, which must be there once and
// not be empty; param names it in errors.
func (f *browserForm) required(name, param string) string {
	v := f.values[name]
	if len(v) > 1 {
		f.b.fail(param, ErrRepeatedField)
		return ""
	}
	if len(v) == 0 || v[0] == "" {
		f.b.fail(param, ErrMissing3DSField)
		return ""
	}
	return v[0]
}

// java reads navigator.javaEnabled(): "true" or "false".
func (f *browserForm) java() bool {
	v := f.required(formJava, "BROWSERJAVAENABLED")
	if v != "" && v != "true" && v != "false" {
		f.b.fail("BROWSERJAVAENABLED", ErrInvalidValue)
	}
	return v == "true"
}

// language reads navigator.language, which may be absent or empty; one
// longer than 8 characters loses its last subtags.
func (f *browserForm) language() string {
	v := f.values[formLanguage]
	switch {
	case len(v) > 1:
		f.b.fail("BROWSERLANGUAGE", ErrRepeatedField)
	case len(v) == 1 && v[0] != "":
		if tag := shortenLanguage(v[0]); validBrowserLanguage(tag) {
			return tag
		}
		f.b.fail("BROWSERLANGUAGE", ErrInvalidBrowserLanguage)
	}
	return ""
}

// colorDepth reads screen.colorDepth, rounded down to a depth EMV 3-D
// Secure allows.
func (f *browserForm) colorDepth() int {
	v := f.required(formColorDepth, "BROWSERCOLORDEPTH")
	if v == "" {
		return 0
	}
	d := allowedColorDepth(formInt(v, 3))
	if d == 0 {
		f.b.fail("BROWSERCOLORDEPTH", ErrInvalidColorDepth)
	}
	return d
}

// screen reads a screen height or width: 1 to 6 digits, not 0.
func (f *browserForm) screen(name, param string) int {
	v := f.required(name, param)
	if v == "" {
		return 0
	}
	px := formInt(v, 6)
	if px < 1 {
		f.b.fail(param, ErrInvalidScreenSize)
		return 0
	}
	return px
}

// timeZone reads getTimezoneOffset(): up to 3 digits, with an optional
// minus sign, from -840 to 720.
func (f *browserForm) timeZone() int {
	v := f.required(formTimeZone, "BROWSERTIMEZONE")
	if v == "" {
		return 0
	}
	digits, neg := strings.CutPrefix(v, "-")
	n := formInt(digits, 3)
	if n >= 0 && neg {
		n = -n
	} else if n < 0 {
		n = math.MinInt
	}
	if n < -840 || n > 720 {
		f.b.fail("BROWSERTIMEZONE", ErrInvalidTimeZone)
		return 0
	}
	return n
}

// formInt reads 1 to max ASCII digits; anything else gives -1.
func formInt(s string, max int) int {
	if s == "" || len(s) > max || !allDigits(s) {
		return -1
	}
	n, _ := strconv.Atoi(s)
	return n
}

// allowedColorDepth rounds a colour depth down to one EMV 3-D Secure
// allows, or gives 0 for none.
func allowedColorDepth(d int) int {
	best := 0
	for _, v := range colorDepths {
		if v <= d {
			best = v
		}
	}
	return best
}

// shortenLanguage drops the last subtags of a tag longer than 8 bytes.
func shortenLanguage(tag string) string {
	for len(tag) > 8 {
		i := strings.LastIndexByte(tag, '-')
		if i < 0 {
			return tag
		}
		tag = tag[:i]
	}
	return tag
}

// BrowserInfoFromRequest reads the browser data of the request that
// posted the checkout form: ParseBrowserForm on its form (r.ParseForm is
// called, with its limits), plus the Accept and User-Agent headers and,
// when the script gave no language, the first language of
// Accept-Language. Header values are made fit to send: invalid UTF-8
// becomes U+FFFD, control characters (a header may hold tabs) become
// spaces, and values are cut to 2048 characters, as 3-D Secure servers
// cut them.
func BrowserInfoFromRequest(r *http.Request) (BrowserInfo, error) {
	if err := r.ParseForm(); err != nil {
		return BrowserInfo{}, err
	}
	bi, err := ParseBrowserForm(r.PostForm)
	if err != nil {
		return BrowserInfo{}, err
	}
	bi.AcceptHeader = headerValue(r.Header.Get("Accept"))
	bi.UserAgent = headerValue(r.Header.Get("User-Agent"))
	if bi.Language == "" {
		bi.Language = acceptLanguage(r.Header.Get("Accept-Language"))
	}
	return bi, nil
}

// headerValue makes a header value fit for a BROWSER* parameter.
func headerValue(v string) string {
	v = strings.ToValidUTF8(v, "\uFFFD")
	v = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return ' '
		}
		return r
	}, v)
	if utf8.RuneCountInString(v) > maxBrowserHeader {
		n := 0
		for i := range v {
			if n == maxBrowserHeader {
				return v[:i]
			}
			n++
		}
	}
	return v
}

// acceptLanguage returns the first language of an Accept-Language header
// that is a valid browser language once shortened, or "".
func acceptLanguage(h string) string {
	first, _, _ := strings.Cut(h, ",")
	tag, _, _ := strings.Cut(first, ";")
	tag = shortenLanguage(strings.TrimSpace(tag))
	if !validBrowserLanguage(tag) {
		return ""
	}
	return tag
}
