package ogone

import (
	"encoding/base64"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/gogone/ogone/internal/pan"
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
// It holds no card data beyond masked numbers, whatever the reply carries:
//
//   - CARDNO, and any other attribute named as a card number (CARD.CARDNUMBER,
//     PAN, ...), is masked when it holds 12 digits or more: every digit but
//     the last four becomes X. The platform's own masks ("XXXXXXXXXXXX1111",
//     "411111XXXXXX1111") are kept as they are.
//   - Verification codes, expiry dates and passwords (CVC, CVV, CVV2,
//     CARD.CVC, ED, EXPDATE, CARD.EXPIRYDATE, PSWD, ...: any attribute with
//     such a name part between dots, underscores or hyphens) are dropped.
//   - In every other value, NCERRORPLUS included, card numbers written in
//     the text (12 to 19 digits passing the Luhn check, in one piece or in
//     groups joined by single spaces or hyphens) are masked the same way.
//     The references ORDERID, PAYID, PAYIDSUB and ALIAS are kept exactly as
//     sent: the shop looks its orders up by them.
type Response struct {
	OrderID  string // ORDERID
	PayID    string // PAYID: the platform's reference for the order; "0" when none was made
	PayIDSub string // PAYIDSUB: the maintenance operation's number on the order

	Status      Status  // STATUS; StatusNone when the reply's STATUS is empty
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

// StatusNone is the Status of a reply whose STATUS is empty. The platform
// answers so, with NCERROR 50001130, a direct query about an order it does
// not know; ParseResponse accepts an empty STATUS only with an NCERROR. It
// is no code of the platform's: Known is false, State is StateUnknown, and
// MarshalText refuses it (store the NCERROR instead).
const StatusNone Status = -1

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
// broken XML, no ncresponse, no STATUS attribute, an empty STATUS without
// an NCERROR, an attribute given twice, an amount that is not a number);
// their messages hold positions and names, never the reply's content.
//
// A reply with an empty STATUS and an NCERROR, the platform's answer to a
// direct query about an unknown order, gives a Response with StatusNone
// and the NCERROR. Card data in the reply is masked or dropped (see
// Response).
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

// response turns the attributes and the HTML_ANSWER into a Response,
// masking and dropping card data as Response says. It fails on a known
// attribute given twice and on a reply that says nothing of the request's
// outcome.
func (raw *rawReply) response() (*Response, error) {
	r := &Response{}
	var seen uint32 // one bit per known attribute index met
	for _, a := range raw.attrs {
		idx, known := knownAttribute(a.name)
		var err error
		switch {
		case !known:
			err = r.addExtra(a)
		case idx == attrDropped:
			// CVC, ED, PSWD: never kept, and never a duplicate.
		case seen&(1<<idx) != 0:
			err = malformed(a.offset, "attribute given twice")
		default:
			seen |= 1 << idx
			err = r.setKnown(idx, a)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := raw.checkOutcome(r, seen); err != nil {
		return nil, err
	}
	html, err := raw.htmlAnswer()
	if err != nil {
		return nil, err
	}
	r.HTMLAnswer = html
	return r, nil
}

// knownAttribute looks an attribute name up, in any ASCII case, in
// knownAttributes. It uppercases into a stack buffer, so that the lookup
// does not allocate; a name longer than any known one is unknown.
func knownAttribute(name string) (idx int, known bool) {
	var upper [24]byte
	if len(name) > len(upper) {
		return -1, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper[i] = c
	}
	idx, known = knownAttributes[string(upper[:len(name)])]
	return idx, known
}

// addExtra keeps an attribute the Response has no field for in Extra,
// under its uppercased name, as extraValue allows. Namespace declarations
// are skipped; a name given twice is an error.
func (r *Response) addExtra(a rawAttr) error {
	if strings.HasPrefix(strings.ToLower(a.name), "xmlns") {
		return nil
	}
	key := strings.ToUpper(a.name)
	value, keep := extraValue(key, a.value)
	if !keep {
		return nil
	}
	if _, dup := r.Extra[key]; dup {
		return malformed(a.offset, "attribute given twice")
	}
	if r.Extra == nil {
		r.Extra = make(map[string]string, 4)
	}
	r.Extra[key] = value
	return nil
}

// setKnown stores the attribute with index idx in its field: the values
// the Response parses here, the text ones through setText.
func (r *Response) setKnown(idx int, a rawAttr) error {
	switch idx {
	case attrStatus:
		return r.setStatus(a)
	case attrAmount:
		return r.setAmount(a)
	case attrECI:
		r.setECI(a.value)
	case attrNCError:
		r.NCError = NCError(strings.TrimSpace(a.value))
	default:
		r.setText(idx, a.value)
	}
	return nil
}

// setStatus parses STATUS; an empty one is StatusNone.
func (r *Response) setStatus(a rawAttr) error {
	v := strings.TrimSpace(a.value)
	if v == "" {
		r.Status = StatusNone
		return nil
	}
	s, err := ParseStatus(v)
	if err != nil {
		return malformed(a.offset, "STATUS is not a status code")
	}
	r.Status = s
	return nil
}

// setAmount parses AMOUNT, which may be absent (empty).
func (r *Response) setAmount(a rawAttr) error {
	if a.value == "" {
		return nil
	}
	amount, err := ParseAmount(strings.TrimSpace(a.value))
	if err != nil {
		return &replyError{kind: ErrMalformedReply, offset: a.offset, what: "AMOUNT: " + errorText(err), cause: err}
	}
	r.Amount = amount
	return nil
}

// setECI parses ECI; a value that is not one goes to Extra["ECI"], with
// the card numbers it holds masked.
func (r *Response) setECI(v string) {
	if e, ok := parseECI(v); ok {
		r.ECI = e
		return
	}
	if v == "" {
		return
	}
	if r.Extra == nil {
		r.Extra = make(map[string]string, 4)
	}
	r.Extra["ECI"] = pan.MaskInText(v)
}

// setText stores a text attribute: the references exactly as sent, the
// card number masked, and every other value with the card numbers it holds
// masked. An NCERRORPLUS of "!" means none.
func (r *Response) setText(idx int, v string) {
	switch idx {
	case attrOrderID:
		r.OrderID = v
	case attrPayID:
		r.PayID = v
	case attrPayIDSub:
		r.PayIDSub = v
	case attrAlias:
		r.Alias = v
	case attrCardNo:
		r.CardNo = maskCardNumber(v)
	case attrNCErrorPlus:
		if v != "!" {
			r.NCErrorPlus = pan.MaskInText(v)
		}
	case attrNCStatus:
		r.NCStatus = pan.MaskInText(v)
	case attrAcceptance:
		r.Acceptance = pan.MaskInText(v)
	case attrCurrency:
		r.Currency = pan.MaskInText(v)
	case attrPM:
		r.PM = pan.MaskInText(v)
	case attrBrand:
		r.Brand = pan.MaskInText(v)
	case attrIP:
		r.IP = pan.MaskInText(v)
	}
}

// checkOutcome fails when the reply says nothing of what became of the
// request: no STATUS, or an empty one without an NCERROR. seen has the bit
// of every known attribute the reply carried.
func (raw *rawReply) checkOutcome(r *Response, seen uint32) error {
	if seen&(1<<attrStatus) == 0 {
		return malformed(raw.nameAt, "ncresponse has no STATUS")
	}
	if r.Status == StatusNone && r.NCError.OK() {
		return malformed(raw.nameAt, "empty STATUS without NCERROR")
	}
	return nil
}

// htmlAnswer decodes the HTML_ANSWER; it is nil when there is none or it
// is empty.
func (raw *rawReply) htmlAnswer() ([]byte, error) {
	if !raw.hasHTML {
		return nil, nil
	}
	html, err := decodeBase64(raw.html)
	if err != nil {
		return nil, malformed(-1, "HTML_ANSWER is not base64")
	}
	if len(html) == 0 {
		return nil, nil
	}
	return html, nil
}

// maskCardNumber masks a card-number attribute holding 12 digits or more,
// as many as the shortest card number: all but the last four become X.
// The platform masks card numbers itself ("XXXXXXXXXXXX1111", or
// "411111XXXXXX1111" with the BIN, 10 digits), and a reply that does not
// must not put one into the shop's logs.
func maskCardNumber(v string) string {
	digits := 0
	for i := 0; i < len(v); i++ {
		if isDigit(v[i]) {
			digits++
		}
	}
	if digits < pan.MinDigits {
		return pan.MaskInText(v)
	}
	return pan.Mask(v)
}

// extraValue decides what Extra keeps of the attribute named key
// (uppercased): nothing for a verification code, an expiry date or a
// password (keep false); a card number masked; any other value with the
// card numbers it holds masked.
func extraValue(key, v string) (value string, keep bool) {
	switch nameKind(key) {
	case kindDropped:
		return "", false
	case kindCardNumber:
		return maskCardNumber(v), true
	}
	return pan.MaskInText(v), true
}

const (
	kindOther = iota
	kindCardNumber
	kindDropped
)

// sensitiveWords are the parts of attribute names (split at '.', '_' and
// '-') that say what an attribute holds: card verification codes, expiry
// dates and passwords, which are dropped, and card numbers, which are
// masked. FlexCheckout writes CARD.CVC and CARD.EXPIRYDATE; the hosted
// page ECOM_CARDINFO_EXPDATE_MONTH; other platforms CVV2 or PAN.
var sensitiveWords = map[string]int{
	"CVC": kindDropped, "CVC2": kindDropped, "CVV": kindDropped, "CVV2": kindDropped,
	"CID": kindDropped, "CSC": kindDropped, "CVN": kindDropped, "CVD": kindDropped, "CAV2": kindDropped,
	"ED": kindDropped, "EXPDATE": kindDropped, "EXPIRYDATE": kindDropped, "EXPIRY": kindDropped,
	"EXPIRATIONDATE": kindDropped, "EXPIRATION": kindDropped,
	"PSWD": kindDropped, "PWD": kindDropped, "PASSWORD": kindDropped, "PASSPHRASE": kindDropped,
	"CARDNO": kindCardNumber, "CARDNUMBER": kindCardNumber, "PAN": kindCardNumber,
	"CCNO": kindCardNumber, "CCNUMBER": kindCardNumber,
}

// nameKind classifies an uppercased attribute name by its parts; a
// dropped part wins over a card-number part.
func nameKind(key string) int {
	kind := kindOther
	for len(key) > 0 {
		end := strings.IndexAny(key, "._-")
		part := key
		if end >= 0 {
			part, key = key[:end], key[end+1:]
		} else {
			key = ""
		}
		if k := sensitiveWords[part]; k > kind {
			kind = k
		}
	}
	return kind
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
