package ogonetest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gogone/ogone/internal/charset"
)

// maxRequestBody bounds what the simulator reads of a request. Real
// requests are a few kilobytes.
const maxRequestBody = 64 << 10

var errMethod = errors.New("method not allowed")

// params is a request's parameters: as received, for the signature, and
// by uppercased name, because the platform ignores the case of names.
type params struct {
	raw url.Values
	up  map[string]string
}

func newParams(v url.Values) params {
	p := params{raw: v, up: make(map[string]string, len(v))}
	for name, values := range v {
		upper := upperASCII(name)
		if _, seen := p.up[upper]; seen || len(values) != 1 {
			// Sent twice, perhaps in two cases: no value is the right
			// one, and map order must not pick one. The signature check
			// refuses such a request anyway.
			p.up[upper] = ""
			continue
		}
		p.up[upper] = values[0]
	}
	return p
}

// upperASCII uppercases ASCII letters only, as the platform does: "ſ"
// (U+017F) and "ı" (U+0131) stay as they are, so a look-alike name never
// reads as a real one. The simulator keeps its own copy on purpose.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

// get returns the value of an uppercased name, or "".
func (p params) get(upperName string) string { return p.up[upperName] }

func (p params) has(upperName string) bool { _, ok := p.up[upperName]; return ok }

// readParams reads a request's parameters: the form body of a POST, the
// query of a GET when allowGET. A body larger than maxRequestBody, a method
// other than those, or a body that is not form-encoded is an error.
func readParams(w http.ResponseWriter, r *http.Request, allowGET bool) (params, error) {
	switch {
	case r.Method == http.MethodPost:
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
		if err != nil {
			return newParams(nil), err
		}
		v, err := url.ParseQuery(string(body))
		return newParams(v), err
	case allowGET && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		v, err := url.ParseQuery(r.URL.RawQuery)
		return newParams(v), err
	}
	return newParams(nil), errMethod
}

// without returns a copy of v without the named parameters (uppercased
// names, matched in any case).
func without(v url.Values, upperNames ...string) url.Values {
	out := make(url.Values, len(v))
	for name, values := range v {
		drop := false
		for _, n := range upperNames {
			if strings.EqualFold(name, n) {
				drop = true
				break
			}
		}
		if !drop {
			out[name] = values
		}
	}
	return out
}

// clientIP is the address the request came from, without its port.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// kv is one parameter of a feedback, in the order it is sent.
type kv struct{ name, value string }

type kvs []kv

func (l *kvs) add(name, value string) { *l = append(*l, kv{name, value}) }

func (l kvs) values() url.Values {
	v := make(url.Values, len(l))
	for _, p := range l {
		v[p.name] = append(v[p.name], p.value)
	}
	return v
}

// encode writes the parameters as a query string in their own order, which
// url.Values.Encode would sort away.
func (l kvs) encode() string {
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.name))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
	}
	return b.String()
}

// paramPlusPairs splits PARAMPLUS ("a=1&b=2") into the parameters the
// platform appends, unsigned, to the feedback. What does not parse is
// dropped.
func paramPlusPairs(paramPlus string) kvs {
	var out kvs
	for _, part := range strings.Split(paramPlus, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		n, err1 := url.QueryUnescape(name)
		v, err2 := url.QueryUnescape(value)
		if err1 != nil || err2 != nil || n == "" {
			continue
		}
		out.add(n, v)
	}
	return out
}

// withQuery appends an encoded query to target, which may have one already.
func withQuery(target, query string) string {
	if query == "" {
		return target
	}
	if strings.Contains(target, "?") {
		if strings.HasSuffix(target, "?") || strings.HasSuffix(target, "&") {
			return target + query
		}
		return target + "&" + query
	}
	return target + "?" + query
}

// ncresponse is a DirectLink reply: one element whose attributes are
// separated by CRLF as the platform writes them, with an optional
// HTML_ANSWER child.
type ncresponse struct {
	attrs      kvs
	htmlAnswer string // base64
	withRoot   bool
}

func (n *ncresponse) add(name, value string) { n.attrs.add(name, value) }

func (n *ncresponse) has(name string) bool {
	for _, a := range n.attrs {
		if strings.EqualFold(a.name, name) {
			return true
		}
	}
	return false
}

// bytes renders the reply. Values are escaped so that any input, however
// odd, gives well-formed XML.
func (n *ncresponse) bytes() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>`)
	if n.withRoot {
		b.WriteString("<root>")
	}
	b.WriteString("<ncresponse")
	for _, a := range n.attrs {
		b.WriteString("\r\n")
		b.WriteString(a.name)
		b.WriteString(`="`)
		_ = xml.EscapeText(&b, []byte(a.value))
		b.WriteByte('"')
	}
	b.WriteString(">\r\n")
	if n.htmlAnswer != "" {
		b.WriteString("<HTML_ANSWER>")
		_ = xml.EscapeText(&b, []byte(n.htmlAnswer))
		b.WriteString("</HTML_ANSWER>\r\n")
	}
	b.WriteString("</ncresponse>")
	if n.withRoot {
		b.WriteString("</root>")
	}
	return b.Bytes()
}

func (s *Server) writeXML(w http.ResponseWriter, n *ncresponse) {
	body := n.bytes()
	if s.set.latin1Replies {
		w.Header().Set("Content-Type", "text/XML; Charset=iso-8859-1")
		// The simulator keeps its own checks, but writing a charset is
		// no check: it writes as the library's one rule does.
		body = charset.AppendLatin1Lossy(nil, string(body))
	} else {
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// isXMLName reports whether s may be written as an attribute name. PARAMPLUS
// content echoed by a query must not break the reply.
func isXMLName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_'
		if i == 0 && !letter {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && c != '.' && c != '-' {
			return false
		}
	}
	return !strings.HasPrefix(strings.ToLower(s), "xml")
}

// ncStatus is the first digit of an NCERROR: 0 fine, 2 uncertain, 3
// refused, 5 invalid data.
func ncStatus(ncError string) string {
	if len(ncError) == 8 {
		return ncError[:1]
	}
	return "0"
}

// parseMinorUnits reads AMOUNT as requests carry it: a positive integer
// of hundredths.
func parseMinorUnits(s string) (int64, bool) {
	if !allDigits(s) || len(s) > 12 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
