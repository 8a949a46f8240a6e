package ogone

// Internal tests: they reach the parser's raw output and unexported
// helpers.

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// protocolSample is the sample reply of PROTOCOL.md, as written there.
const protocolSample = `<ncresponse orderID="99999" PAYID="1111111" NCSTATUS="0" NCERROR="" NCERRORPLUS=""
 ACCEPTANCE="12345" STATUS="5" ECI="7" amount="125" currency="EUR" PM="CreditCard" BRAND="VISA"/>`

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "directlink", name))
	require.NoError(t, err)
	return b
}

func parseString(s string) (*Response, error) { return ParseResponse(strings.NewReader(s)) }

func TestParseResponseProtocolSample(t *testing.T) {
	r, err := parseString(protocolSample)
	require.NoError(t, err)
	assert.Equal(t, "99999", r.OrderID)
	assert.Equal(t, "1111111", r.PayID)
	assert.Equal(t, "0", r.NCStatus)
	assert.True(t, r.NCError.OK())
	assert.Equal(t, "", r.NCErrorPlus)
	assert.Equal(t, "12345", r.Acceptance)
	assert.Equal(t, StatusAuthorized, r.Status)
	assert.Equal(t, StateAuthorized, r.State())
	assert.Equal(t, ECIECommerce, r.ECI)
	assert.True(t, decimal.RequireFromString("125").Equal(r.Amount), r.Amount.String())
	assert.Equal(t, "EUR", r.Currency)
	assert.Equal(t, "CreditCard", r.PM)
	assert.Equal(t, "VISA", r.Brand)
	assert.Nil(t, r.Extra)
	assert.Nil(t, r.HTMLAnswer)
	assert.False(t, r.ActionRequired())
}

// TestParseResponseRecordedReplies checks every field of every recorded
// reply in testdata/directlink.
func TestParseResponseRecordedReplies(t *testing.T) {
	html := readTestdata(t, "order_3ds_answer.html")
	tests := []struct {
		file string
		want Response
	}{
		{"order_authorized.xml", Response{OrderID: "order-1001", PayID: "3041658221", Status: 5, NCStatus: "0", NCError: "0",
			Acceptance: "test123", ECI: 7, Amount: decimal.RequireFromString("125"), Currency: "EUR", PM: "CreditCard", Brand: "VISA"}},
		{"sale_captured.xml", Response{OrderID: "order-1002", PayID: "3041658222", Status: 9, NCStatus: "0", NCError: "0",
			Acceptance: "test123", ECI: 9, Amount: decimal.RequireFromString("15.5"), Currency: "EUR", PM: "CreditCard", Brand: "VISA",
			Alias: "customer-42_card"}},
		{"order_refused.xml", Response{OrderID: "order-1003", PayID: "3041658223", Status: 2, NCStatus: "3", NCError: "30001001",
			NCErrorPlus: "payment refused by the financial institution", ECI: 7, Amount: decimal.RequireFromString("125"),
			Currency: "EUR", PM: "CreditCard", Brand: "VISA"}},
		{"order_uncertain.xml", Response{OrderID: "order-1004", PayID: "3041658224", Status: 92, NCStatus: "2", NCError: "20001001",
			NCErrorPlus: "unknown status from the acquirer: query the order later", ECI: 7, Amount: decimal.RequireFromString("125"),
			Currency: "EUR", PM: "CreditCard", Brand: "VISA"}},
		{"order_duplicate.xml", Response{OrderID: "order-1001", PayID: "3041658221", Status: 0, NCStatus: "5", NCError: "50001113",
			NCErrorPlus: "This order has already been processed", Currency: "EUR"}},
		{"order_invalid.xml", Response{OrderID: "order-1005", PayID: "0", Status: 0, NCStatus: "5", NCError: "50001111",
			NCErrorPlus: "Some of the data entered is incorrect. Please retry.", Currency: "EUR"}},
		{"order_3ds.xml", Response{OrderID: "order-1006", PayID: "3041658226", Status: 46, NCStatus: "0", NCError: "0",
			ECI: 7, Amount: decimal.RequireFromString("125"), Currency: "EUR", PM: "CreditCard", Brand: "VISA", HTMLAnswer: html}},
		{"maintenance_capture.xml", Response{OrderID: "order-1001", PayID: "3041658221", PayIDSub: "1", Status: 91, NCStatus: "0",
			NCError: "0", Amount: decimal.RequireFromString("100"), Currency: "EUR"}},
		{"maintenance_refund.xml", Response{OrderID: "order-1002", PayID: "3041658222", PayIDSub: "2", Status: 81, NCStatus: "0",
			NCError: "0", Amount: decimal.RequireFromString("5.25"), Currency: "EUR"}},
		{"maintenance_duplicate.xml", Response{OrderID: "order-1001", PayID: "3041658221", Status: 0, NCStatus: "5",
			NCError: "50001127", NCErrorPlus: "This order is not authorized"}},
		{"query.xml", Response{OrderID: "order-1001", PayID: "3041658221", PayIDSub: "1", Status: 9, NCStatus: "0", NCError: "0",
			Acceptance: "test123", ECI: 7, Amount: decimal.RequireFromString("125"), Currency: "EUR", PM: "CreditCard", Brand: "VISA",
			CardNo: "XXXXXXXXXXXX1111", IP: "203.0.113.7", Extra: map[string]string{"SCORING": "1", "SCO_CATEGORY": "G"}}},
		{"query_unknown.xml", Response{OrderID: "order-9999", PayID: "0", Status: 88, NCStatus: "5", NCError: "50001130",
			NCErrorPlus: "unknown orderid order-9999 for merchant MyShop"}},
		{"withroot.xml", Response{OrderID: "order-1001", PayID: "3041658221", Status: 5, NCStatus: "0", NCError: "0",
			Acceptance: "test123", ECI: 7, Amount: decimal.RequireFromString("125"), Currency: "EUR", PM: "CreditCard", Brand: "VISA"}},
		{"latin1.xml", Response{OrderID: "commande-1007", PayID: "3041658227", Status: 2, NCStatus: "3", NCError: "30001001",
			NCErrorPlus: "paiement refusé par l'établissement financier", ECI: 7, Amount: decimal.RequireFromString("42.5"),
			Currency: "EUR", PM: "CreditCard", Brand: "VISA", Extra: map[string]string{"CN": "José Müller & Fils"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseResponse(bytes.NewReader(readTestdata(t, tt.file)))
			require.NoError(t, err)
			assertSameResponse(t, &tt.want, got)
		})
	}
}

// assertSameResponse compares two responses, amounts with Equal.
func assertSameResponse(t testing.TB, want, got *Response) {
	t.Helper()
	assert.True(t, want.Amount.Equal(got.Amount), "amount: want %s, got %s", want.Amount, got.Amount)
	w, g := *want, *got
	w.Amount, g.Amount = decimal.Decimal{}, decimal.Decimal{}
	assert.Equal(t, w, g)
}

func TestParseResponse3DSecure(t *testing.T) {
	r, err := ParseResponse(bytes.NewReader(readTestdata(t, "order_3ds.xml")))
	require.NoError(t, err)
	assert.True(t, r.ActionRequired())
	assert.Equal(t, StateActionRequired, r.State())
	assert.Equal(t, string(readTestdata(t, "order_3ds_answer.html")), string(r.HTML()))
	assert.Contains(t, string(r.HTMLAnswer), `action="https://acs.bank.example/3ds/challenge"`)
}

// TestParseResponseTolerance feeds variations the platform (or a proxy)
// may produce; each must read as the same authorized order.
func TestParseResponseTolerance(t *testing.T) {
	const attrs = `orderID="o-1" PAYID="42" STATUS="5" amount="15.5"`
	tests := []struct{ name, reply string }{
		{"one line", `<ncresponse ` + attrs + `/>`},
		{"CRLF separators", "<ncresponse\r\norderID=\"o-1\"\r\nPAYID=\"42\"\r\nSTATUS=\"5\"\r\namount=\"15.5\"/>\r\n"},
		{"tabs and LF", "<ncresponse\torderID=\"o-1\"\n\tPAYID=\"42\"\n\tSTATUS=\"5\"\n\tamount=\"15.5\"\n/>"},
		{"names in other cases", `<ncresponse ORDERID="o-1" payid="42" Status="5" AMOUNT="15.5"/>`},
		{"another order", `<ncresponse amount="15.5" STATUS="5" PAYID="42" orderID="o-1"/>`},
		{"single quotes", `<ncresponse orderID='o-1' PAYID='42' STATUS='5' amount='15.5'/>`},
		{"spaces around =", `<ncresponse orderID = "o-1" PAYID= "42" STATUS ="5" amount="15.5" />`},
		{"no space between attributes", `<ncresponse orderID="o-1"PAYID="42"STATUS="5"amount="15.5"/>`},
		{"element in upper case", `<NCRESPONSE ` + attrs + `></NCRESPONSE>`},
		{"declaration", `<?xml version="1.0"?><ncresponse ` + attrs + `/>`},
		{"declaration ISO-8859-1", `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\r\n" + `<ncresponse ` + attrs + `/>`},
		{"declaration in single quotes", `<?xml version='1.0' encoding='iso-8859-1' standalone='yes'?><ncresponse ` + attrs + `/>`},
		{"declaration windows-1252", `<?xml version="1.0" encoding="windows-1252"?><ncresponse ` + attrs + `/>`},
		{"declaration UTF-8", `<?xml version="1.0" encoding="UTF-8"?><ncresponse ` + attrs + `/>`},
		{"byte order mark", "\xEF\xBB\xBF<?xml version=\"1.0\"?><ncresponse " + attrs + `/>`},
		{"white space first", "\r\n  <ncresponse " + attrs + `/>` + "\r\n\r\n"},
		{"comments", `<!-- reply --><ncresponse ` + attrs + `><!-- inside --></ncresponse><!-- after -->`},
		{"doctype", `<!DOCTYPE ncresponse [<!ELEMENT ncresponse EMPTY>]><ncresponse ` + attrs + `/>`},
		{"WITHROOT", `<?xml version="1.0"?><root><ncresponse ` + attrs + `/></root>`},
		{"WITHROOT other name, spaces", "<ncresponseroot>\r\n<ncresponse " + attrs + "></ncresponse>\r\n</ncresponseroot>"},
		{"WITHROOT with siblings", `<root a="1"><info x="y"><deep/></info><ncresponse ` + attrs + `/><more/></root>`},
		{"unknown child", `<ncresponse ` + attrs + `><SOMETHING a="b">text<x/></SOMETHING></ncresponse>`},
		{"text content", `<ncresponse ` + attrs + `>  some text &amp; more </ncresponse>`},
		{"processing instruction", `<?xml version="1.0"?><?xml-stylesheet href="a.xsl"?><ncresponse ` + attrs + `/>`},
		{"NCERRORPLUS !", `<ncresponse ` + attrs + ` NCERRORPLUS="!" NCERROR="0"/>`},
		{"empty NCERROR", `<ncresponse ` + attrs + ` NCERRORPLUS="" NCERROR=""/>`},
		{"STATUS with spaces", `<ncresponse orderID="o-1" PAYID="42" STATUS=" 5 " amount="15.5"/>`},
		{"amount 15.50", `<ncresponse orderID="o-1" PAYID="42" STATUS="5" amount="15.50"/>`},
		{"xmlns", `<ncresponse xmlns="urn:example" ` + attrs + `/>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseString(tt.reply)
			require.NoError(t, err)
			assert.Equal(t, "o-1", r.OrderID)
			assert.Equal(t, "42", r.PayID)
			assert.Equal(t, StatusAuthorized, r.Status)
			assert.True(t, decimal.RequireFromString("15.5").Equal(r.Amount), r.Amount.String())
			assert.True(t, r.NCError.OK())
			assert.Equal(t, "", r.NCErrorPlus)
			assert.Nil(t, r.Extra)
		})
	}
}

func TestParseResponseUnescapes(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"plain", "plain"},
		{"a &amp; b", "a & b"},
		{"&lt;b&gt;", "<b>"},
		{"&quot;q&quot; &apos;a&apos;", `"q" 'a'`},
		{"&#65;&#x42;&#x63;", "ABc"},
		{"&#233;t&#xE9;", "été"},
		{"&#x1F600;", "\U0001F600"},
		{"&#0065;", "A"},
		{"line\r\nbreak", "line\nbreak"},
		{"lone\rcr", "lone\ncr"},
		{"ref &#13;&#10; kept", "ref \r\n kept"},
		{"&amp;amp;", "&amp;"},
		{"&#xD800;", "\uFFFD"}, // a surrogate, as encoding/xml reads it
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			r, err := parseString(`<ncresponse STATUS="5" NCERRORPLUS="` + tt.raw + `"/>`)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.NCErrorPlus)
			assertXMLAgrees(t, []byte(`<ncresponse STATUS="5" NCERRORPLUS="`+tt.raw+`"/>`))
		})
	}
}

func TestParseResponseEncodings(t *testing.T) {
	t.Run("declared ISO-8859-1", func(t *testing.T) {
		r, err := parseString("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ncresponse STATUS=\"2\" NCERRORPLUS=\"refus\xE9\"/>")
		require.NoError(t, err)
		assert.Equal(t, "refusé", r.NCErrorPlus)
	})
	t.Run("windows-1252 bytes under the ISO-8859-1 label", func(t *testing.T) {
		r, err := parseString("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ncresponse STATUS=\"5\" COM=\"\x80 5 \x93ok\x94 \x81\"/>")
		require.NoError(t, err)
		assert.Equal(t, "€ 5 “ok” \u0081", r.Extra["COM"])
	})
	t.Run("undeclared, not UTF-8: read as windows-1252", func(t *testing.T) {
		r, err := parseString("<?xml version=\"1.0\"?><ncresponse STATUS=\"5\" CN=\"Fran\xE7ois\"/>")
		require.NoError(t, err)
		assert.Equal(t, "François", r.Extra["CN"])
	})
	t.Run("undeclared UTF-8", func(t *testing.T) {
		r, err := parseString(`<ncresponse STATUS="5" CN="François"/>`)
		require.NoError(t, err)
		assert.Equal(t, "François", r.Extra["CN"])
	})
	t.Run("declared UTF-8 but not", func(t *testing.T) {
		_, err := parseString("<?xml version=\"1.0\" encoding=\"utf-8\"?><ncresponse STATUS=\"5\" CN=\"Fran\xE7ois\"/>")
		assert.ErrorIs(t, err, ErrMalformedReply)
	})
	t.Run("unsupported encoding", func(t *testing.T) {
		_, err := parseString(`<?xml version="1.0" encoding="Shift_JIS"?><ncresponse STATUS="5"/>`)
		assert.ErrorIs(t, err, ErrMalformedReply)
	})
}

func TestParseResponseKeepsUnknownAttributes(t *testing.T) {
	r, err := parseString(`<ncresponse STATUS="9" scoring="2" SCO_CATEGORY="O" COMPLUS="basket 7" sessionId="a&amp;b"/>`)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"SCORING": "2", "SCO_CATEGORY": "O", "COMPLUS": "basket 7", "SESSIONID": "a&b"}, r.Extra)
}

func TestParseResponseECI(t *testing.T) {
	r, err := parseString(`<ncresponse STATUS="9" ECI="9"/>`)
	require.NoError(t, err)
	assert.Equal(t, ECIRecurringECommerce, r.ECI)
	assert.Nil(t, r.Extra)

	r, err = parseString(`<ncresponse STATUS="9" ECI="web"/>`)
	require.NoError(t, err, "an ECI that is not a number is kept, not fatal")
	assert.Equal(t, ECI(0), r.ECI)
	assert.Equal(t, map[string]string{"ECI": "web"}, r.Extra)
}

// TestParseResponseEmptyStatus: the platform's answer to a direct query
// about an unknown order (a recorded ePDQ reply, PROTOCOL.md) parses, with
// an unknown status and the NCERROR.
func TestParseResponseEmptyStatus(t *testing.T) {
	r, err := parseString(`<?xml version="1.0"?><ncresponse orderID="order-9999" PAYID="" NCSTATUS="5" NCERROR="50001130" NCERRORPLUS="unknown orderid order-9999 for merchant MyShop" STATUS=""/>`)
	require.NoError(t, err)
	assert.Equal(t, StatusNone, r.Status)
	assert.False(t, r.Status.Known())
	assert.Equal(t, StateUnknown, r.State())
	assert.Equal(t, NCErrorOrderNotAccessible, r.NCError)
	assert.Equal(t, "5", r.NCStatus)
	assert.Equal(t, "order-9999", r.OrderID)
	assert.Equal(t, "", r.PayID)
	assert.Equal(t, "unknown orderid order-9999 for merchant MyShop", r.NCErrorPlus)
	round, err := ParseResponse(bytes.NewReader(renderReply(r)))
	require.NoError(t, err)
	assertSameResponse(t, r, round)
}

// TestParseResponseMasksCardData: card numbers are masked wherever a reply
// puts them, verification codes, expiry dates and passwords are dropped
// whatever their spelling, and references are kept as they are.
func TestParseResponseMasksCardData(t *testing.T) {
	r, err := parseString(`<ncresponse STATUS="2" NCERROR="30001001"
 NCERRORPLUS="card 4111 1111 1111 1111 refused; also 5555-5555-5555-4444 and 378282246310005"
 CARD.CARDNUMBER="4111111111111111" PAN="5555555555554444" CardNumber="4111-1111-1111-1111" CCNO="4111111111111111"
 CVV="123" cvv2="123" CVC2="123" CARD.CVC="123" Card.Cvv="123" CID="1234"
 EXPDATE="12/30" ExpiryDate="1230" CARD.EXPIRYDATE="1230" ECOM_CARDINFO_EXPDATE_MONTH="12" Expiry="12/30"
 PASSWORD="pw-secret" Aliaſ.PSWD="pw-secret"
 COMPLUS="basket 4111111111111111" SCORING="12" CVCCHECK="OK" NCERRORCVC="0" CARD.BIN="411111"
 orderID="4111111111111111" ALIAS="4111111111111111" PAYID="3041658221" BRAND="VISA 4111111111111111"/>`)
	require.NoError(t, err)
	assert.Equal(t, "card XXXX XXXX XXXX 1111 refused; also XXXX-XXXX-XXXX-4444 and XXXXXXXXXXX0005", r.NCErrorPlus)
	assert.Equal(t, map[string]string{
		"CARD.CARDNUMBER": "XXXXXXXXXXXX1111",
		"PAN":             "XXXXXXXXXXXX4444",
		"CARDNUMBER":      "XXXX-XXXX-XXXX-1111",
		"CCNO":            "XXXXXXXXXXXX1111",
		"COMPLUS":         "basket XXXXXXXXXXXX1111",
		"SCORING":         "12",
		"CVCCHECK":        "OK",
		"NCERRORCVC":      "0",
		"CARD.BIN":        "411111",
	}, r.Extra)
	assert.Equal(t, "VISA XXXXXXXXXXXX1111", r.Brand)
	assert.Equal(t, "4111111111111111", r.OrderID, "references are kept: the shop looks its orders up by them")
	assert.Equal(t, "4111111111111111", r.Alias)

	e := &Error{Op: "order", Status: r.Status, NCError: r.NCError, NCErrorPlus: "raw 4111111111111111 and 4111\x011111 1111 1111"}
	assert.NotContains(t, e.Error(), "4111111111111111")
	assert.NotContains(t, e.Error(), "41111111 1111 1111", "a control character does not hide a card number")
	assert.Contains(t, e.Error(), "XXXXXXXXXXXX1111")
	printed := *r
	printed.OrderID, printed.Alias = "", "" // kept on purpose, checked above
	for _, out := range []string{fmt.Sprintf("%v", &printed), fmt.Sprintf("%+v", &printed), fmt.Sprintf("%#v", &printed)} {
		for _, secret := range []string{"4111111111111111", "5555555555554444", "4111 1111 1111 1111", `"123"`, ":123 ", "1230", "12/30", "pw-secret"} {
			assert.NotContains(t, out, secret)
		}
	}
}

// TestParseResponseHoldsNoCardData: a reply never gives more than a masked
// card number, even if the other side sends one.
func TestParseResponseHoldsNoCardData(t *testing.T) {
	r, err := parseString(`<ncresponse STATUS="9" CARDNO="4111111111111111" CVC="123" ED="12/30" PSWD="secret" cn="A B"/>`)
	require.NoError(t, err)
	assert.Equal(t, "XXXXXXXXXXXX1111", r.CardNo)
	assert.Equal(t, map[string]string{"CN": "A B"}, r.Extra)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, r)
		for _, secret := range []string{"4111111111111111", "123", "12/30", "secret"} {
			assert.NotContains(t, out, secret, verb)
		}
	}

	for cardNo, want := range map[string]string{
		"XXXXXXXXXXXX1111":    "XXXXXXXXXXXX1111",
		"411111XXXXXX1111":    "411111XXXXXX1111", // BIN and last four: masked by the platform
		"4111 1111 1111 1111": "XXXX XXXX XXXX 1111",
		"41111111111":         "41111111111", // too short for a card number
		"**** 1111":           "**** 1111",
	} {
		r, err := parseString(`<ncresponse STATUS="9" CARDNO="` + cardNo + `"/>`)
		require.NoError(t, err)
		assert.Equal(t, want, r.CardNo, cardNo)
	}
}

func TestParseResponseErrors(t *testing.T) {
	big := strings.Repeat(" ", MaxReplySize) + `<ncresponse STATUS="5"/>`
	tests := []struct {
		name, reply string
		want        error
	}{
		{"empty", "", ErrNotXML},
		{"white space", " \r\n ", ErrNotXML},
		{"text", "Service Unavailable", ErrNotXML},
		{"JSON", `{"status": 5}`, ErrNotXML},
		{"HTML error page", string(readTestdata(t, "error_page.html")), ErrNotXML},
		{"HTML without doctype", "<html><body><h1>502 Bad Gateway</h1></body></html>", ErrNotXML},
		{"HTML truncated", "<HTML><BODY>Error", ErrNotXML},
		{"doctype html", "<!doctype html><title>x</title>", ErrNotXML},
		{"truncated", string(readTestdata(t, "truncated.xml")), ErrMalformedReply},
		{"truncated in the name", `<ncresp`, ErrMalformedReply},
		{"truncated after the start tag", `<ncresponse STATUS="5">`, ErrMalformedReply},
		{"truncated end tag", `<ncresponse STATUS="5"></ncrespo`, ErrMalformedReply},
		{"WITHROOT not closed", `<root><ncresponse STATUS="5"/>`, ErrMalformedReply},
		{"wrong end tag", `<ncresponse STATUS="5"></other>`, ErrMalformedReply},
		{"end tag in another case", `<ncresponse STATUS="5"></NCRESPONSE>`, ErrMalformedReply},
		{"no ncresponse", `<?xml version="1.0"?><error code="1"/>`, ErrMalformedReply},
		{"ncresponse too deep", `<a><b><ncresponse STATUS="5"/></b></a>`, ErrMalformedReply},
		{"two ncresponse", `<root><ncresponse STATUS="5"/><ncresponse STATUS="9"/></root>`, ErrMalformedReply},
		{"content after", `<ncresponse STATUS="5"/><ncresponse STATUS="9"/>`, ErrMalformedReply},
		{"text after", `<ncresponse STATUS="5"/>junk`, ErrMalformedReply},
		{"no STATUS", `<ncresponse orderID="1" PAYID="2"/>`, ErrMalformedReply},
		{"empty STATUS", `<ncresponse STATUS=""/>`, ErrMalformedReply},
		{"STATUS not a number", `<ncresponse STATUS="five"/>`, ErrMalformedReply},
		{"STATUS too large", `<ncresponse STATUS="100"/>`, ErrMalformedReply},
		{"STATUS twice", `<ncresponse STATUS="5" status="9"/>`, ErrMalformedReply},
		{"AMOUNT twice", `<ncresponse STATUS="5" amount="1" AMOUNT="2"/>`, ErrMalformedReply},
		{"unknown attribute twice", `<ncresponse STATUS="5" x="1" X="2"/>`, ErrMalformedReply},
		{"amount with comma", `<ncresponse STATUS="5" amount="1,25"/>`, ErrInvalidAmount},
		{"amount with three decimals", `<ncresponse STATUS="5" amount="1.255"/>`, ErrMalformedReply},
		{"amount negative", `<ncresponse STATUS="5" amount="-1"/>`, ErrMalformedReply},
		{"unquoted value", `<ncresponse STATUS=5/>`, ErrMalformedReply},
		{"attribute without value", `<ncresponse STATUS/>`, ErrMalformedReply},
		{"< in value", `<ncresponse STATUS="5" COM="a<b"/>`, ErrMalformedReply},
		{"unknown entity", `<ncresponse STATUS="5" COM="&nbsp;"/>`, ErrMalformedReply},
		{"entity without ;", `<ncresponse STATUS="5" COM="a &amp b"/>`, ErrMalformedReply},
		{"bare &", `<ncresponse STATUS="5" COM="a & b"/>`, ErrMalformedReply},
		{"empty char ref", `<ncresponse STATUS="5" COM="&#;"/>`, ErrMalformedReply},
		{"char ref X", `<ncresponse STATUS="5" COM="&#X41;"/>`, ErrMalformedReply},
		{"char ref NUL", `<ncresponse STATUS="5" COM="&#0;"/>`, ErrMalformedReply},
		{"char ref too large", `<ncresponse STATUS="5" COM="&#x110000;"/>`, ErrMalformedReply},
		{"char ref huge", `<ncresponse STATUS="5" COM="&#99999999999999999999;"/>`, ErrMalformedReply},
		{"control character", "<ncresponse STATUS=\"5\" COM=\"a\x01b\"/>", ErrMalformedReply},
		{"U+FFFF", "<ncresponse STATUS=\"5\" COM=\"a\uFFFFb\"/>", ErrMalformedReply},
		{"stray /", `<ncresponse STATUS="5" / >`, ErrMalformedReply},
		{"comment not closed", `<!-- <ncresponse STATUS="5"/>`, ErrMalformedReply},
		{"declaration: encoding without value", `<?xml encoding?><ncresponse STATUS="5"/>`, ErrMalformedReply},
		{"declaration: encoding without quotes", `<?xml version="1.0" encoding=latin1?><ncresponse STATUS="5"/>`, ErrMalformedReply},
		{"no STATUS", `<ncresponse orderID="o-1" NCERROR="50001130"/>`, ErrMalformedReply},
		{"empty STATUS without NCERROR", `<ncresponse orderID="o-1" STATUS="" NCERROR=""/>`, ErrMalformedReply},
		{"empty STATUS with NCERROR 0", `<ncresponse orderID="o-1" STATUS=" " NCERROR="0"/>`, ErrMalformedReply},
		{"declaration not closed", `<?xml version="1.0" <ncresponse STATUS="5"/>`, ErrMalformedReply},
		{"HTML_ANSWER not base64", `<ncresponse STATUS="46"><HTML_ANSWER>not base64!</HTML_ANSWER></ncresponse>`, ErrMalformedReply},
		{"two HTML_ANSWER", `<ncresponse STATUS="46"><HTML_ANSWER>PGI+</HTML_ANSWER><HTML_ANSWER>PGI+</HTML_ANSWER></ncresponse>`, ErrMalformedReply},
		{"element in HTML_ANSWER", `<ncresponse STATUS="46"><HTML_ANSWER>PGI+<b/></HTML_ANSWER></ncresponse>`, ErrMalformedReply},
		{"HTML_ANSWER not closed", `<ncresponse STATUS="46"><HTML_ANSWER>PGI+`, ErrMalformedReply},
		{"nested too deep", `<ncresponse STATUS="5">` + strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100) + `</ncresponse>`, ErrMalformedReply},
		{"too large", big, ErrReplyTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseString(tt.reply)
			assert.Nil(t, r)
			require.ErrorIs(t, err, tt.want)
			if !errors.Is(tt.want, ErrReplyTooLarge) && tt.reply != "" {
				// Messages hold positions and names, never content.
				assert.NotContains(t, err.Error(), "five")
				assert.NotContains(t, err.Error(), "Unavailable")
			}
		})
	}
}

func TestParseResponseExactlyMaxReplySize(t *testing.T) {
	reply := `<ncresponse STATUS="5"/>`
	reply += strings.Repeat(" ", MaxReplySize-len(reply))
	require.Len(t, reply, MaxReplySize)
	r, err := parseString(reply)
	require.NoError(t, err)
	assert.Equal(t, StatusAuthorized, r.Status)
}

// failingReader fails after giving some bytes.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	f.n--
	p[0] = '<'
	return 1, nil
}

func TestParseResponseReadError(t *testing.T) {
	_, err := ParseResponse(&failingReader{n: 3})
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestParseResponseHTMLAnswer(t *testing.T) {
	page := []byte(`<form action="https://acs.example/x?a=1&b=2"><input name="PaReq" value="abc"></form>`)
	b64 := base64.StdEncoding.EncodeToString(page)
	var escaped bytes.Buffer
	require.NoError(t, xml.EscapeText(&escaped, []byte(b64[:20]+"\r\n"+b64[20:])))
	tests := map[string]string{
		"plain":                     b64,
		"broken into lines":         b64[:10] + "\r\n" + b64[10:30] + "\n" + b64[30:],
		"escaped as the simulator":  escaped.String(),
		"CDATA":                     "<![CDATA[" + b64 + "]]>",
		"CDATA and text":            b64[:8] + "<![CDATA[" + b64[8:40] + "]]>" + b64[40:],
		"comment inside":            b64[:8] + "<!-- x -->" + b64[8:],
		"lower-case element":        b64, // see below
		"white space around base64": "\r\n  " + b64 + "  \r\n",
	}
	for name, inner := range tests {
		t.Run(name, func(t *testing.T) {
			element := "HTML_ANSWER"
			if name == "lower-case element" {
				element = "html_answer"
			}
			reply := "<ncresponse\r\nSTATUS=\"46\">\r\n<" + element + ">" + inner + "</" + element + ">\r\n</ncresponse>"
			r, err := parseString(reply)
			require.NoError(t, err)
			assert.Equal(t, string(page), string(r.HTMLAnswer))
			assert.True(t, r.ActionRequired())
			assertXMLAgrees(t, []byte(reply))
		})
	}

	r, err := parseString(`<ncresponse STATUS="46"><HTML_ANSWER></HTML_ANSWER></ncresponse>`)
	require.NoError(t, err)
	assert.Nil(t, r.HTMLAnswer, "an empty HTML_ANSWER is no page")
	assert.True(t, r.ActionRequired(), "STATUS 46 requires action even so")

	r, err = parseString(`<ncresponse STATUS="5"><HTML_ANSWER>PGI+</HTML_ANSWER></ncresponse>`)
	require.NoError(t, err)
	assert.True(t, r.ActionRequired(), "a page to show requires action whatever the status")
}

func fuzzSeeds(f *testing.F) [][]byte {
	seeds := [][]byte{
		[]byte(protocolSample),
		[]byte(`<root><ncresponse STATUS="5"/></root>`),
		[]byte(`<ncresponse STATUS="46"><HTML_ANSWER>PGI+</HTML_ANSWER></ncresponse>`),
		[]byte(`<ncresponse STATUS="5" a='&#x41;' b="&amp;&lt;"><x><y/></x><![CDATA[z]]></ncresponse>`),
		[]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ncresponse STATUS=\"2\" NCERRORPLUS=\"refus\xE9 \x80\"/>"),
		[]byte("<!-- c --><?pi x?><ncresponse\r\nSTATUS=\"5\"\r\n/>\r\n"),
		[]byte(`<html><body>error</body></html>`),
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "directlink", "*"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			seeds = append(seeds, data)
		}
	}
	return seeds
}

// renderReply writes r back as a reply, for round trips.
func renderReply(r *Response) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><ncresponse`)
	attr := func(name, value string) {
		b.WriteString("\r\n" + name + `="`)
		_ = xml.EscapeText(&b, []byte(value))
		b.WriteByte('"')
	}
	attr("orderID", r.OrderID)
	attr("PAYID", r.PayID)
	attr("PAYIDSUB", r.PayIDSub)
	if r.Status == StatusNone {
		attr("STATUS", "")
	} else {
		attr("STATUS", strconv.Itoa(int(r.Status)))
	}
	attr("NCSTATUS", r.NCStatus)
	attr("NCERROR", string(r.NCError))
	attr("NCERRORPLUS", r.NCErrorPlus)
	attr("ACCEPTANCE", r.Acceptance)
	if r.ECI != 0 {
		attr("ECI", strconv.Itoa(int(r.ECI)))
	}
	if !r.Amount.IsZero() {
		attr("amount", r.Amount.String())
	}
	attr("currency", r.Currency)
	attr("PM", r.PM)
	attr("BRAND", r.Brand)
	attr("CARDNO", r.CardNo)
	attr("IP", r.IP)
	attr("ALIAS", r.Alias)
	for name, value := range r.Extra {
		attr(name, value)
	}
	b.WriteString(">")
	if r.HTMLAnswer != nil {
		b.WriteString("<HTML_ANSWER>" + base64.StdEncoding.EncodeToString(r.HTMLAnswer) + "</HTML_ANSWER>")
	}
	b.WriteString("</ncresponse>")
	return b.Bytes()
}

// FuzzParseResponse: ParseResponse never panics, is deterministic, and a
// Response it returns survives being written back and parsed again.
func FuzzParseResponse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseResponse(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, r)
			require.True(t, errors.Is(err, ErrMalformedReply) || errors.Is(err, ErrNotXML) || errors.Is(err, ErrReplyTooLarge),
				"unexpected error kind: %v", err)
			return
		}
		again, err := ParseResponse(bytes.NewReader(data))
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(r, again), "parsing twice gave different results")

		round, err := ParseResponse(bytes.NewReader(renderReply(r)))
		require.NoError(t, err, "re-parsing %q", renderReply(r))
		assertSameResponse(t, r, round)
	})
}

func BenchmarkParseResponse(b *testing.B) {
	for _, bc := range []struct{ name, reply string }{
		{"protocol sample", protocolSample},
		{"order_authorized.xml", string(readTestdata(b, "order_authorized.xml"))},
		{"query.xml", string(readTestdata(b, "query.xml"))},
		{"order_3ds.xml", string(readTestdata(b, "order_3ds.xml"))},
		{"latin1.xml", string(readTestdata(b, "latin1.xml"))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.reply)))
			rd := strings.NewReader(bc.reply)
			for i := 0; i < b.N; i++ {
				rd.Reset(bc.reply)
				if _, err := ParseResponse(rd); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseResponseEncodingXML measures what encoding/xml costs for
// the same sample, the reason for the hand-written scanner.
func BenchmarkParseResponseEncodingXML(b *testing.B) {
	b.ReportAllocs()
	data := []byte(protocolSample)
	for i := 0; i < b.N; i++ {
		if _, ok := referenceScan(data); !ok {
			b.Fatal("encoding/xml did not read the sample")
		}
	}
}
