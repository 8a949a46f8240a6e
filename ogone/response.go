package ogone

import (
	"encoding/base64"
	"html/template"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// MaxReplySize bounds what the library reads of a DirectLink reply: 1 MiB,
// far above a real reply (a few hundred bytes, a few kilobytes with a 3-D
// Secure page) and small enough that a broken or hostile server cannot
// exhaust memory.
const MaxReplySize = 1 << 20

// Response is a DirectLink reply: to a new order, a maintenance request or
// a direct query. Fields the reply does not carry stay empty.
//
// It holds no card data beyond the masked number: a card number sent back
// unmasked is masked while parsing, and CVC, ED and PSWD attributes, which
// no reply should carry, are dropped.
type Response struct {
	OrderID  string // ORDERID
	PayID    string // PAYID: the platform's reference for the order; "0" when none was made
	PayIDSub string // PAYIDSUB: the maintenance operation's number on the order

	Status      Status  // STATUS
	NCStatus    string  // NCSTATUS: the first digit of NCERROR
	NCError     NCError // NCERROR: "" or "0" when there was no error
	NCErrorPlus string  // NCERRORPLUS: the platform's explanation; "" for none ("!" on the wire)
	Acceptance  string  // ACCEPTANCE: the acquirer's authorization code

	ECI      ECI             // ECI, as the platform settled it; see Extra["ECI"] if it was not a number
	Amount   decimal.Decimal // AMOUNT, as written (not multiplied by 100); zero when absent
	Currency string          // CURRENCY
	PM       string          // PM, such as "CreditCard"
	Brand    string          // BRAND, such as "VISA"
	CardNo   string          // CARDNO, masked: "XXXXXXXXXXXX1111"
	IP       string          // IP: the customer's address as the platform saw it (queries)
	Alias    string          // ALIAS, when the card was stored or charged through one

	// HTMLAnswer is the decoded HTML_ANSWER of a 3-D Secure order (STATUS
	// 46): a page the shop must show to the customer as it is, which takes
	// them to their bank's authentication. Nil otherwise.
	HTMLAnswer []byte

	// Extra holds every other attribute of the reply, by uppercased name
	// (SCORING, COMPLUS, PARAMPLUS content of a query, ...). Nil when there
	// is none.
	Extra map[string]string
}

// State is Status.State(): what the shop does next.
func (r *Response) State() State { return r.Status.State() }

// ActionRequired reports whether the customer must authenticate before the
// payment goes on: STATUS 46, or an HTML_ANSWER to show. Write HTML() (or
// HTMLAnswer) as the body of the page the customer's browser gets next.
func (r *Response) ActionRequired() bool {
	return r.Status.ActionRequired() || len(r.HTMLAnswer) > 0
}

// HTML returns HTMLAnswer as template.HTML, for a shop's html/template
// page. It is trusted as HTML because it comes from the platform over the
// TLS connection the client made; it is "" when there is none.
func (r *Response) HTML() template.HTML { return template.HTML(r.HTMLAnswer) }

// ParseResponse reads a DirectLink XML reply: one ncresponse element, alone
// or wrapped in a root element (WITHROOT=Y), whose attributes may come in
// any case and order, separated by spaces or CRLF, with an optional
// HTML_ANSWER child holding base64 HTML. A reply declared ISO-8859-1 (or
// latin1 or windows-1252) is read as windows-1252, as browsers do; one
// without a declared encoding is UTF-8 when it is valid UTF-8 and
// windows-1252 otherwise, because the platform often declares its charset
// only in the HTTP header.
//
// It reads at most MaxReplySize bytes. The errors wrap ErrReplyTooLarge,
// ErrNotXML (an HTML page or text), or ErrMalformedReply (truncated or
// broken XML, no ncresponse, no STATUS, an attribute given twice, an
// amount that is not a number); their messages hold positions and names,
// never the reply's content.
//
// ParseResponse only parses: a refusal comes back as a Response like any
// other reply. The Client's methods turn refusals into *Error.
func ParseResponse(r io.Reader) (*Response, error) {
	body, err := readReply(r)
	if err != nil {
		return nil, err
	}
	return parseReply(body)
}

// readReply reads at most MaxReplySize bytes, one more to tell a reply of
// exactly the limit from a larger one.
func readReply(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxReplySize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxReplySize {
		return nil, ErrReplyTooLarge
	}
	return body, nil
}

// replyError wraps ErrMalformedReply or ErrNotXML with where and what,
// never with content from the reply.
type replyError struct {
	kind   error // ErrMalformedReply or ErrNotXML
	offset int   // byte offset in the decoded reply, -1 when it does not apply
	what   string
	cause  error // a sentinel such as ErrInvalidAmount, or nil
}

func (e *replyError) Error() string {
	if e.offset < 0 {
		return e.kind.Error() + ": " + e.what
	}
	return e.kind.Error() + ": " + e.what + " at byte " + strconv.Itoa(e.offset)
}

func (e *replyError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func malformed(offset int, what string) error {
	return &replyError{kind: ErrMalformedReply, offset: offset, what: what}
}

func notXML(what string) error { return &replyError{kind: ErrNotXML, offset: -1, what: what} }

// attribute indexes of the fields a Response has, for duplicate detection.
const (
	attrOrderID = iota
	attrPayID
	attrPayIDSub
	attrStatus
	attrNCStatus
	attrNCError
	attrNCErrorPlus
	attrAcceptance
	attrECI
	attrAmount
	attrCurrency
	attrPM
	attrBrand
	attrCardNo
	attrIP
	attrAlias
	attrDropped // CVC, ED, PSWD: never kept
)

var knownAttributes = map[string]int{
	"ORDERID": attrOrderID, "PAYID": attrPayID, "PAYIDSUB": attrPayIDSub,
	"STATUS": attrStatus, "NCSTATUS": attrNCStatus, "NCERROR": attrNCError,
	"NCERRORPLUS": attrNCErrorPlus, "ACCEPTANCE": attrAcceptance, "ECI": attrECI,
	"AMOUNT": attrAmount, "CURRENCY": attrCurrency, "PM": attrPM, "BRAND": attrBrand,
	"CARDNO": attrCardNo, "IP": attrIP, "ALIAS": attrAlias,
	"CVC": attrDropped, "ED": attrDropped, "PSWD": attrDropped,
}

// parseReply turns the bytes of a reply into a Response.
func parseReply(body []byte) (*Response, error) {
	text, err := decodeReply(body)
	if err != nil {
		return nil, err
	}
	var raw rawReply
	raw.attrs = raw.buf[:0]
	if err := scanReply(text, &raw); err != nil {
		return nil, err
	}
	return raw.response()
}

// rawReply is what scanReply finds: the ncresponse attributes, unescaped,
// and the HTML_ANSWER text.
type rawReply struct {
	attrs   []rawAttr
	buf     [20]rawAttr // backing for attrs: a typical reply has 12 to 16
	html    string      // HTML_ANSWER text, unescaped, base64
	hasHTML bool
	nameAt  int // offset of the ncresponse element, for messages
}

type rawAttr struct {
	name, value string
	offset      int
}

func (raw *rawReply) response() (*Response, error) {
	r := &Response{}
	var seen uint32
	hasStatus := false
	for _, a := range raw.attrs {
		var upper [24]byte
		idx, known := -1, false
		if len(a.name) <= len(upper) {
			for i := 0; i < len(a.name); i++ {
				c := a.name[i]
				if 'a' <= c && c <= 'z' {
					c -= 'a' - 'A'
				}
				upper[i] = c
			}
			idx, known = knownAttributes[string(upper[:len(a.name)])]
		}
		if !known {
			if strings.HasPrefix(strings.ToLower(a.name), "xmlns") {
				continue
			}
			key := strings.ToUpper(a.name)
			if _, dup := r.Extra[key]; dup {
				return nil, malformed(a.offset, "attribute given twice")
			}
			if r.Extra == nil {
				r.Extra = make(map[string]string, 4)
			}
			r.Extra[key] = a.value
			continue
		}
		if idx != attrDropped {
			if seen&(1<<idx) != 0 {
				return nil, malformed(a.offset, "attribute given twice")
			}
			seen |= 1 << idx
		}
		v := a.value
		switch idx {
		case attrOrderID:
			r.OrderID = v
		case attrPayID:
			r.PayID = v
		case attrPayIDSub:
			r.PayIDSub = v
		case attrStatus:
			s, err := ParseStatus(strings.TrimSpace(v))
			if err != nil {
				return nil, malformed(a.offset, "STATUS is not a status code")
			}
			r.Status, hasStatus = s, true
		case attrNCStatus:
			r.NCStatus = v
		case attrNCError:
			r.NCError = NCError(strings.TrimSpace(v))
		case attrNCErrorPlus:
			if v != "!" {
				r.NCErrorPlus = v
			}
		case attrAcceptance:
			r.Acceptance = v
		case attrECI:
			if e, ok := parseECI(v); ok {
				r.ECI = e
			} else if v != "" {
				if r.Extra == nil {
					r.Extra = make(map[string]string, 4)
				}
				r.Extra["ECI"] = v
			}
		case attrAmount:
			if v == "" {
				break
			}
			amount, err := ParseAmount(strings.TrimSpace(v))
			if err != nil {
				return nil, &replyError{kind: ErrMalformedReply, offset: a.offset, what: "AMOUNT: " + strings.TrimPrefix(err.Error(), "ogone: "), cause: err}
			}
			r.Amount = amount
		case attrCurrency:
			r.Currency = v
		case attrPM:
			r.PM = v
		case attrBrand:
			r.Brand = v
		case attrCardNo:
			r.CardNo = maskReplyCardNo(v)
		case attrIP:
			r.IP = v
		case attrAlias:
			r.Alias = v
		}
	}
	if !hasStatus {
		return nil, malformed(raw.nameAt, "ncresponse has no STATUS")
	}
	if raw.hasHTML {
		html, err := decodeBase64(raw.html)
		if err != nil {
			return nil, malformed(-1, "HTML_ANSWER is not base64")
		}
		if len(html) > 0 {
			r.HTMLAnswer = html
		}
	}
	return r, nil
}

// maskReplyCardNo masks a CARDNO that came back with 12 digits or more and
// no masking character: the platform masks card numbers, and a reply that
// does not must not put one into the shop's logs.
func maskReplyCardNo(v string) string {
	digits := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == 'X', c == 'x', c == '*':
			return v
		}
	}
	if digits < 12 {
		return v
	}
	var b strings.Builder
	b.Grow(len(v))
	left := digits
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= '0' && c <= '9' {
			if left > 4 {
				c = 'X'
			}
			left--
		}
		b.WriteByte(c)
	}
	return b.String()
}

// decodeBase64 decodes the HTML_ANSWER, which the platform may break into
// lines.
func decodeBase64(s string) ([]byte, error) {
	clean := s
	if strings.ContainsAny(s, " \t\r\n") {
		clean = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, s)
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, []byte(clean))
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}

// decodeReply returns the reply as UTF-8 text, following its XML
// declaration's encoding, or guessing windows-1252 when there is none and
// the bytes are not UTF-8.
func decodeReply(body []byte) (string, error) {
	body = trimBOM(body)
	enc, err := declaredEncoding(body)
	if err != nil {
		return "", err
	}
	switch enc {
	case encLatin1:
		return windows1252ToUTF8(body), nil
	case encUTF8:
		if !utf8.Valid(body) {
			return "", malformed(-1, "reply declared UTF-8 is not valid UTF-8")
		}
		return string(body), nil
	}
	if utf8.Valid(body) {
		return string(body), nil
	}
	return windows1252ToUTF8(body), nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

type encoding uint8

const (
	encNone encoding = iota
	encUTF8
	encLatin1
)

// declaredEncoding reads the encoding of an XML declaration at the start of
// body (after white space, for tolerance).
func declaredEncoding(body []byte) (encoding, error) {
	i := 0
	for i < len(body) && isSpace(body[i]) {
		i++
	}
	rest := body[i:]
	if len(rest) < 6 || string(rest[:5]) != "<?xml" || !isSpace(rest[5]) {
		return encNone, nil
	}
	end := strings.Index(string(rest[:min(len(rest), 512)]), "?>")
	if end < 0 {
		return encNone, malformed(i, "XML declaration not closed")
	}
	decl := string(rest[5:end])
	k := strings.Index(decl, "encoding")
	if k < 0 {
		return encNone, nil
	}
	v := strings.TrimLeft(decl[k+len("encoding"):], " \t\r\n")
	if v == "" || v[0] != '=' {
		return encNone, malformed(i, "XML declaration: encoding without value")
	}
	v = strings.TrimLeft(v[1:], " \t\r\n")
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return encNone, malformed(i, "XML declaration: encoding without quotes")
	}
	closing := strings.IndexByte(v[1:], v[0])
	if closing < 0 {
		return encNone, malformed(i, "XML declaration: encoding not closed")
	}
	switch strings.ToLower(v[1 : 1+closing]) {
	case "utf-8", "utf8":
		return encUTF8, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
		"windows-1252", "cp1252", "us-ascii", "ascii":
		return encLatin1, nil
	}
	return encNone, malformed(i, "XML declaration names an unsupported encoding")
}

// cp1252High maps the bytes 0x80 to 0x9F of windows-1252, where it differs
// from ISO-8859-1. Bytes it leaves undefined keep their ISO-8859-1 (C1
// control) meaning, as the WHATWG encoding standard says.
var cp1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// windows1252ToUTF8 decodes windows-1252, which the platform's
// "ISO-8859-1" replies are in practice (and what browsers read that label
// as).
func windows1252ToUTF8(b []byte) string {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b)+2*n)
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xA0:
			out = utf8.AppendRune(out, cp1252High[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return string(out)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// maxDepth bounds the nesting of elements the scanner skips over.
const maxDepth = 64

// scanner walks a reply. It understands what a DirectLink reply can hold
// (declaration, comments, processing instructions, a DOCTYPE, elements,
// attributes, text, CDATA, character and the five predefined entity
// references) and nothing more. encoding/xml would do, at about twenty
// times the allocations: see FuzzScanAgreesWithEncodingXML for how the two
// are kept in agreement.
type scanner struct {
	s   string
	pos int
}

func (sc *scanner) skipSpace() {
	for sc.pos < len(sc.s) && isSpace(sc.s[sc.pos]) {
		sc.pos++
	}
}

func (sc *scanner) hasPrefix(p string) bool { return strings.HasPrefix(sc.s[sc.pos:], p) }

// skipPast moves past the next occurrence of end, or fails.
func (sc *scanner) skipPast(end, what string) error {
	k := strings.Index(sc.s[sc.pos:], end)
	if k < 0 {
		return malformed(sc.pos, what+" not closed")
	}
	sc.pos += k + len(end)
	return nil
}

// skipMisc skips white space, comments and processing instructions (the
// declaration among them), and DOCTYPE declarations when doctype is true.
// It stops at anything else.
func (sc *scanner) skipMisc(doctype bool) error {
	for {
		sc.skipSpace()
		switch {
		case sc.hasPrefix("<!--"):
			if err := sc.skipPast("-->", "comment"); err != nil {
				return err
			}
		case sc.hasPrefix("<?"):
			if err := sc.skipPast("?>", "processing instruction"); err != nil {
				return err
			}
		case doctype && hasPrefixFold(sc.s[sc.pos:], "<!DOCTYPE"):
			if hasPrefixFold(strings.TrimLeft(sc.s[sc.pos+len("<!DOCTYPE"):], " \t\r\n"), "html") {
				return notXML("an HTML document")
			}
			if err := sc.skipDirective(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

// skipDirective skips a declaration such as <!DOCTYPE ...>, internal
// subset, quoted strings and comments included.
func (sc *scanner) skipDirective() error {
	start := sc.pos
	depth := 0
	var quote byte
	for i := sc.pos + 2; i < len(sc.s); i++ {
		c := sc.s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<' && strings.HasPrefix(sc.s[i:], "<!--"):
			k := strings.Index(sc.s[i+4:], "-->")
			if k < 0 {
				return malformed(i, "comment not closed")
			}
			i += 4 + k + 2
		case c == '<':
			depth++
		case c == '>':
			if depth == 0 {
				sc.pos = i + 1
				return nil
			}
			depth--
		}
	}
	return malformed(start, "declaration not closed")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isNameByte(c byte, first bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':', c >= 0x80:
		return true
	case '0' <= c && c <= '9', c == '.', c == '-':
		return !first
	}
	return false
}

// name reads an element or attribute name.
func (sc *scanner) name() (string, bool) {
	start := sc.pos
	for sc.pos < len(sc.s) && isNameByte(sc.s[sc.pos], sc.pos == start) {
		sc.pos++
	}
	return sc.s[start:sc.pos], sc.pos > start
}

// startTag reads the rest of a start tag after its name: the attributes,
// given to attr when it is not nil, up to '>' or '/>'.
func (sc *scanner) startTag(attr func(name, value string, offset int) error) (selfClosing bool, err error) {
	for {
		sc.skipSpace()
		if sc.pos >= len(sc.s) {
			return false, malformed(sc.pos, "start tag not closed")
		}
		switch sc.s[sc.pos] {
		case '>':
			sc.pos++
			return false, nil
		case '/':
			if !sc.hasPrefix("/>") {
				return false, malformed(sc.pos, "stray '/' in start tag")
			}
			sc.pos += 2
			return true, nil
		}
		offset := sc.pos
		name, ok := sc.name()
		if !ok {
			return false, malformed(sc.pos, "invalid attribute name")
		}
		sc.skipSpace()
		if sc.pos >= len(sc.s) || sc.s[sc.pos] != '=' {
			return false, malformed(sc.pos, "attribute without value")
		}
		sc.pos++
		sc.skipSpace()
		if sc.pos >= len(sc.s) || (sc.s[sc.pos] != '"' && sc.s[sc.pos] != '\'') {
			return false, malformed(sc.pos, "attribute value without quotes")
		}
		quote := sc.s[sc.pos]
		sc.pos++
		end := strings.IndexByte(sc.s[sc.pos:], quote)
		if end < 0 {
			return false, malformed(offset, "attribute value not closed")
		}
		raw := sc.s[sc.pos : sc.pos+end]
		if strings.IndexByte(raw, '<') >= 0 {
			return false, malformed(offset, "'<' in attribute value")
		}
		if !validXMLText(raw) {
			return false, malformed(offset, "character XML does not allow in attribute value")
		}
		sc.pos += end + 1
		if attr == nil {
			continue
		}
		value, ok := unescape(raw)
		if !ok {
			return false, malformed(offset, "invalid entity or character reference in attribute value")
		}
		if err := attr(name, value, offset); err != nil {
			return false, err
		}
	}
}

// endTag reads an end tag's name and '>', after "</".
func (sc *scanner) endTag(want string) error {
	at := sc.pos
	name, _ := sc.name()
	sc.skipSpace()
	if name != want || sc.pos >= len(sc.s) || sc.s[sc.pos] != '>' {
		if sc.pos >= len(sc.s) {
			return malformed(at, "truncated end tag")
		}
		return malformed(at, "end tag does not match its start tag")
	}
	sc.pos++
	return nil
}

// content walks an element's content up to and including its end tag.
// child is called after the '<' and name of each child element and must
// consume it (startTag and content); text, CDATA, comments and processing
// instructions are skipped unless text is not nil, which then receives the
// raw character data and CDATA.
func (sc *scanner) content(name string, depth int, child func(name string, offset int) error, text func(raw string, cdata bool) error) error {
	for {
		k := strings.IndexByte(sc.s[sc.pos:], '<')
		if k < 0 {
			return malformed(len(sc.s), "element "+strconv.Quote(truncate(name, 20))+" not closed")
		}
		if k > 0 && text != nil {
			if err := text(sc.s[sc.pos:sc.pos+k], false); err != nil {
				return err
			}
		}
		sc.pos += k
		switch {
		case sc.hasPrefix("</"):
			sc.pos += 2
			return sc.endTag(name)
		case sc.hasPrefix("<!--"):
			if err := sc.skipPast("-->", "comment"); err != nil {
				return err
			}
		case sc.hasPrefix("<![CDATA["):
			start := sc.pos + len("<![CDATA[")
			if err := sc.skipPast("]]>", "CDATA section"); err != nil {
				return err
			}
			if text != nil {
				if err := text(sc.s[start:sc.pos-3], true); err != nil {
					return err
				}
			}
		case sc.hasPrefix("<?"):
			if err := sc.skipPast("?>", "processing instruction"); err != nil {
				return err
			}
		case sc.hasPrefix("<!"):
			if err := sc.skipDirective(); err != nil {
				return err
			}
		default:
			at := sc.pos
			sc.pos++
			childName, ok := sc.name()
			if !ok {
				return malformed(at, "invalid element name")
			}
			if depth+1 > maxDepth {
				return malformed(at, "elements nested too deep")
			}
			var err error
			if child != nil {
				err = child(childName, at)
			} else {
				err = sc.skipElement(childName, depth+1)
			}
			if err != nil {
				return err
			}
		}
	}
}

// skipElement consumes an element whose name was just read.
func (sc *scanner) skipElement(name string, depth int) error {
	selfClosing, err := sc.startTag(nil)
	if err != nil || selfClosing {
		return err
	}
	return sc.content(name, depth, nil, nil)
}

// scanReply finds the ncresponse element of a reply, at the top or inside
// one root element, and collects its attributes and HTML_ANSWER.
func scanReply(s string, raw *rawReply) error {
	sc := scanner{s: s}
	if err := sc.skipMisc(true); err != nil {
		return err
	}
	if sc.pos >= len(sc.s) {
		return notXML("empty reply")
	}
	if sc.s[sc.pos] != '<' {
		return notXML("reply does not start with an element")
	}
	at := sc.pos
	sc.pos++
	root, ok := sc.name()
	if !ok {
		if sc.hasPrefix("!") {
			return malformed(at, "unexpected declaration")
		}
		return malformed(at, "invalid element name")
	}
	found := false
	switch {
	case strings.EqualFold(root, "ncresponse"):
		if err := sc.ncresponse(root, at, raw); err != nil {
			return err
		}
		found = true
	case strings.EqualFold(root, "html"):
		return notXML("an HTML document")
	default:
		selfClosing, err := sc.startTag(nil)
		if err != nil {
			return err
		}
		if !selfClosing {
			err = sc.content(root, 1, func(name string, offset int) error {
				if !strings.EqualFold(name, "ncresponse") {
					return sc.skipElement(name, 2)
				}
				if found {
					return malformed(offset, "more than one ncresponse")
				}
				found = true
				return sc.ncresponse(name, offset, raw)
			}, nil)
			if err != nil {
				return err
			}
		}
	}
	if !found {
		return malformed(at, "no ncresponse element")
	}
	if err := sc.skipMisc(false); err != nil {
		return err
	}
	if sc.pos < len(sc.s) {
		return malformed(sc.pos, "content after the reply")
	}
	return nil
}

// ncresponse reads the ncresponse element whose name was just read.
func (sc *scanner) ncresponse(name string, offset int, raw *rawReply) error {
	raw.nameAt = offset
	selfClosing, err := sc.startTag(func(name, value string, offset int) error {
		raw.attrs = append(raw.attrs, rawAttr{name: name, value: value, offset: offset})
		return nil
	})
	if err != nil || selfClosing {
		return err
	}
	return sc.content(name, 1, func(child string, offset int) error {
		if !strings.EqualFold(child, "HTML_ANSWER") {
			return sc.skipElement(child, 2)
		}
		if raw.hasHTML {
			return malformed(offset, "more than one HTML_ANSWER")
		}
		raw.hasHTML = true
		selfClosing, err := sc.startTag(nil)
		if err != nil || selfClosing {
			return err
		}
		var parts []string
		err = sc.content(child, 2, func(string, int) error {
			return malformed(offset, "element inside HTML_ANSWER")
		}, func(text string, cdata bool) error {
			if !validXMLText(text) {
				return malformed(offset, "character XML does not allow in HTML_ANSWER")
			}
			if !cdata {
				var ok bool
				if text, ok = unescape(text); !ok {
					return malformed(offset, "invalid entity or character reference in HTML_ANSWER")
				}
			}
			parts = append(parts, text)
			return nil
		})
		if len(parts) == 1 {
			raw.html = parts[0]
		} else {
			raw.html = strings.Join(parts, "")
		}
		return err
	}, nil)
}

// unescape replaces the five predefined entities and character references,
// and turns CRLF and lone CR into LF, as an XML parser must (and
// encoding/xml does). It reports false for an unknown entity, a malformed
// reference, or a reference to a character XML does not allow.
func unescape(s string) (string, bool) {
	if strings.IndexByte(s, '&') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\r':
			b = append(b, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		case '&':
		default:
			b = append(b, c)
			continue
		}
		end := strings.IndexByte(s[i:], ';')
		if end < 2 {
			return "", false
		}
		ref := s[i+1 : i+end]
		i += end
		switch ref {
		case "amp":
			b = append(b, '&')
		case "lt":
			b = append(b, '<')
		case "gt":
			b = append(b, '>')
		case "quot":
			b = append(b, '"')
		case "apos":
			b = append(b, '\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				return "", false
			}
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b), true
}

// charRef decodes the inside of &#NN; or &#xNN;.
func charRef(ref string) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if digits == "" || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || n > utf8.MaxRune {
		return 0, false
	}
	r := rune(n)
	if !utf8.ValidRune(r) {
		// A surrogate: written out it becomes U+FFFD, as encoding/xml
		// makes it.
		r = utf8.RuneError
	}
	return r, isXMLChar(r)
}

// validXMLText reports whether s, valid UTF-8, holds only characters XML
// allows: no C0 control but tab, LF and CR, and neither U+FFFE nor U+FFFF.
func validXMLText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF):
			return false
		}
	}
	return true
}

// isXMLChar reports whether r is a character XML 1.0 allows.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
