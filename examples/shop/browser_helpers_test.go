package main

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// This file is a tiny stand-in for a browser: an http.Client with a cookie
// jar, and a form scraper good enough for the HTML html/template writes
// (the shop's, the simulator's and the library's). It is not a general
// HTML parser; the standard library has none and the tests need none.

var (
	formRe   = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRe  = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	buttonRe = regexp.MustCompile(`(?is)<button\b([^>]*)>`)
	attrRe   = regexp.MustCompile(`(?is)([a-z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
	idTextRe = `(?is)<[a-z0-9]+\b[^>]*\bid="%s"[^>]*>(.*?)</`
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return out
}

// form is a form as a browser would submit it.
type form struct {
	ID, Action, Method string
	Fields             url.Values // inputs with a name: their value as written
	Buttons            []map[string]string
}

func parseForms(body string) []form {
	var out []form
	for _, m := range formRe.FindAllStringSubmatch(body, -1) {
		a := attrs(m[1])
		f := form{ID: a["id"], Action: a["action"], Method: strings.ToUpper(a["method"]), Fields: url.Values{}}
		if f.Method == "" {
			f.Method = http.MethodGet
		}
		for _, in := range inputRe.FindAllStringSubmatch(m[2], -1) {
			ia := attrs(in[1])
			if ia["name"] == "" {
				continue
			}
			switch strings.ToLower(ia["type"]) {
			case "checkbox", "radio":
				if _, checked := ia["checked"]; !checked && !strings.Contains(strings.ToLower(in[1]), " checked") {
					continue
				}
			case "submit":
				f.Buttons = append(f.Buttons, ia)
				continue
			}
			f.Fields.Add(ia["name"], ia["value"])
		}
		for _, b := range buttonRe.FindAllStringSubmatch(m[2], -1) {
			f.Buttons = append(f.Buttons, attrs(b[1]))
		}
		out = append(out, f)
	}
	return out
}

// page is a response as a browser shows it.
type page struct {
	URL    *url.URL
	Status int
	Body   string
}

// text returns the text of the element with the given id, tags removed.
func (p *page) text(id string) string {
	m := regexp.MustCompile(strings.Replace(idTextRe, "%s", regexp.QuoteMeta(id), 1)).FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], "")))
}

// form returns the first form whose id, action or button id contains key.
func (p *page) form(t testing.TB, key string) form {
	t.Helper()
	for _, f := range parseForms(p.Body) {
		if f.ID == key || strings.Contains(f.Action, key) {
			return f
		}
		for _, b := range f.Buttons {
			if b["id"] == key {
				return f
			}
		}
	}
	t.Fatalf("no form %q on %s (HTTP %d):\n%s", key, p.URL, p.Status, p.Body)
	return form{}
}

// browser is an HTTP client with cookies that follows redirects.
type browser struct {
	t testing.TB
	c *http.Client
}

func newBrowser(t testing.TB) *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &browser{t: t, c: &http.Client{Jar: jar}}
}

func (b *browser) do(req *http.Request) *page {
	b.t.Helper()
	// What a browser sends; the return URL tells the customer's browser
	// from the platform's server-to-server request by it. Go's client
	// copies these headers onto the requests of redirects it follows.
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	req.Header.Set("User-Agent", "shop-test-browser/1.0")
	resp, err := b.c.Do(req)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	require.NoError(b.t, err)
	return &page{URL: resp.Request.URL, Status: resp.StatusCode, Body: string(body)}
}

func (b *browser) get(rawURL string) *page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	require.NoError(b.t, err)
	return b.do(req)
}

// submit fills the form (fields override or add inputs), presses the
// button with the given id (if any) and returns the page the browser ends
// on.
func (b *browser) submit(from *page, f form, fields map[string]string, button string) *page {
	b.t.Helper()
	v := url.Values{}
	for k, vs := range f.Fields {
		v[k] = append([]string(nil), vs...)
	}
	for k, val := range fields {
		v.Set(k, val)
	}
	if button != "" {
		found := false
		for _, btn := range f.Buttons {
			if btn["id"] == button {
				found = true
				if btn["name"] != "" {
					v.Set(btn["name"], btn["value"])
				}
			}
		}
		require.True(b.t, found, "no button %q in form %s", button, f.Action)
	}
	action, err := from.URL.Parse(f.Action)
	require.NoError(b.t, err)
	var req *http.Request
	if f.Method == http.MethodPost {
		req, err = http.NewRequest(http.MethodPost, action.String(), strings.NewReader(v.Encode()))
		require.NoError(b.t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// What a browser sends with a form of the same origin.
		req.Header.Set("Origin", from.URL.Scheme+"://"+from.URL.Host)
	} else {
		action.RawQuery = v.Encode()
		req, err = http.NewRequest(http.MethodGet, action.String(), nil)
		require.NoError(b.t, err)
	}
	return b.do(req)
}
