package ogone

// The scanner is compared with encoding/xml attribute by attribute, which
// needs its raw output.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --- encoding/xml as the reference -------------------------------------

// cp1252Reader is the CharsetReader the reference decoder needs for
// replies declared ISO-8859-1: stdlib only, so written by hand.
func cp1252Reader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii":
	default:
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	return &cp1252ToUTF8{r: bufio.NewReader(input)}, nil
}

// refWindows1252High is the reference's own table of the bytes 0x80 to
// 0x9F, written as the characters (the five bytes windows-1252 leaves
// undefined keep their C1 control, as the WHATWG encoding standard says),
// so that it does not share internal/charset's table.
var refWindows1252High = []rune("€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ")

type cp1252ToUTF8 struct {
	r       *bufio.Reader
	pending []byte
}

func (c *cp1252ToUTF8) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(c.pending) > 0 {
			k := copy(p[n:], c.pending)
			c.pending = c.pending[k:]
			n += k
			continue
		}
		b, err := c.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		r := rune(b)
		if b >= 0x80 && b < 0xA0 {
			r = refWindows1252High[b-0x80]
		}
		c.pending = utf8.AppendRune(c.pending[:0], r)
	}
	return n, nil
}

type refReply struct {
	attrs   []rawAttr // offsets zero
	html    string
	hasHTML bool
}

// referenceScan reads a reply with encoding/xml, in strict mode, and
// reports ok only for documents of the shape scanReply promises to read
// the same way: a prolog of declaration, comments and processing
// instructions, then ncresponse alone or inside one root element, then
// only comments and processing instructions. Namespaced names and DTD
// directives are left out of the comparison.
func referenceScan(data []byte) (ref refReply, ok bool) {
	if !utf8.Valid(data) && !bytes.Contains(data, []byte("encoding")) {
		return ref, false
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = cp1252Reader
	depth, ncDepth, rootDone := 0, 0, false
	inHTML, first := false, true
	var html strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return ref, rootDone && ncDepth == -1
		}
		if err != nil {
			return ref, false
		}
		isFirst := first
		first = false
		switch tok := tok.(type) {
		case xml.ProcInst:
			if tok.Target == "xml" && (!isFirst || !xmlDecl.Match(tok.Inst)) {
				return ref, false
			}
		case xml.Comment:
		case xml.Directive:
			return ref, false
		case xml.CharData:
			if inHTML {
				html.Write(tok)
			} else if (depth == 0 || rootDone) && strings.Trim(string(tok), " \t\r\n") != "" {
				return ref, false
			}
		case xml.StartElement:
			if tok.Name.Space != "" || rootDone {
				return ref, false
			}
			for _, a := range tok.Attr {
				if a.Name.Space != "" {
					return ref, false
				}
			}
			depth++
			switch {
			case inHTML:
				return ref, false // scanReply refuses elements inside HTML_ANSWER
			case ncDepth > 0 && depth == ncDepth+1 && strings.EqualFold(tok.Name.Local, "HTML_ANSWER"):
				if ref.hasHTML {
					return ref, false
				}
				inHTML, ref.hasHTML = true, true
			case ncDepth == 0 && depth <= 2 && strings.EqualFold(tok.Name.Local, "ncresponse"):
				ncDepth = depth
				for _, a := range tok.Attr {
					ref.attrs = append(ref.attrs, rawAttr{name: a.Name.Local, value: a.Value})
				}
			case ncDepth != 0 && depth == 2 && strings.EqualFold(tok.Name.Local, "ncresponse"):
				return ref, false // a second one
			case depth == 1 && strings.EqualFold(tok.Name.Local, "html"):
				return ref, false
			}
		case xml.EndElement:
			if inHTML && depth == ncDepth+1 {
				inHTML = false
			}
			if depth == ncDepth {
				ncDepth = -1
			}
			depth--
			if depth == 0 {
				rootDone = true
			}
		}
		if ref.hasHTML {
			ref.html = html.String()
		}
	}
}

// xmlDecl is the XMLDecl production of XML 1.0 (section 2.8), after
// "<?xml": version, then optional encoding and standalone. encoding/xml
// reads any declaration and ignores an encoding it cannot parse, so that
// `<?xml encoding?>` is read as UTF-8; ParseResponse refuses a
// declaration whose encoding has no value, since it cannot know what the
// sender meant (ErrMalformedReply, and for a payment an unknown outcome,
// which Reconcile settles). A declaration that is not well-formed is
// therefore outside the shape the two are compared on.
var xmlDecl = regexp.MustCompile(`^[ \t\r\n]*version[ \t\r\n]*=[ \t\r\n]*("1\.[0-9]+"|'1\.[0-9]+')` +
	`([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*("[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?` +
	`([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*("(yes|no)"|'(yes|no)'))?[ \t\r\n]*$`)

// assertXMLAgrees checks that scanReply reads data exactly as encoding/xml
// does, when encoding/xml finds a reply of the supported shape in it.
func assertXMLAgrees(t testing.TB, data []byte) {
	t.Helper()
	ref, ok := referenceScan(data)
	if !ok {
		return
	}
	text, err := decodeReply(data)
	require.NoError(t, err, "encoding/xml reads %q", data)
	var raw rawReply
	raw.attrs = raw.buf[:0]
	require.NoError(t, scanReply(text, &raw), "encoding/xml reads %q", data)
	got := make([]rawAttr, len(raw.attrs))
	for i, a := range raw.attrs {
		got[i] = rawAttr{name: a.name, value: a.value}
	}
	if len(ref.attrs) == 0 {
		ref.attrs = []rawAttr{}
	}
	assert.Equal(t, ref.attrs, got, "attributes of %q", data)
	assert.Equal(t, ref.hasHTML, raw.hasHTML, "HTML_ANSWER of %q", data)
	assert.Equal(t, ref.html, raw.html, "HTML_ANSWER of %q", data)
}

func TestScanAgreesWithEncodingXML(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "directlink", "*.xml"))
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		_, ok := referenceScan(data)
		if filepath.Base(f) != "truncated.xml" {
			assert.True(t, ok, "encoding/xml should read %s", f)
		}
		assertXMLAgrees(t, data)
	}
	assertXMLAgrees(t, []byte(protocolSample))
}

// FuzzScanAgreesWithEncodingXML: on every input that encoding/xml reads as
// a reply, the hand-written scanner finds the same attributes, values and
// HTML_ANSWER.
func FuzzScanAgreesWithEncodingXML(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		assertXMLAgrees(t, data)
	})
}

// FuzzAttributeValueAgreesWithEncodingXML puts raw fuzzed text inside an
// attribute value and an HTML_ANSWER, where entity and line-break handling
// matter most.
func FuzzAttributeValueAgreesWithEncodingXML(f *testing.F) {
	for _, s := range []string{"", "plain", "a &amp; b", "&#65;&#x42;", "&#xD800;", "\r\n\r", "&lt;&gt;&quot;&apos;", "&#0;", "é", "]]>", "&#1114111;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		assertXMLAgrees(t, []byte(`<?xml version="1.0"?><ncresponse STATUS="5" COM="`+value+`" X='`+value+`'><HTML_ANSWER>`+value+`</HTML_ANSWER></ncresponse>`))
	})
}

// FuzzReplyShapeAgreesWithEncodingXML assembles replies from fuzzed parts
// (prolog, wrapper element, attribute name and value, content), so that
// the comparison reaches shapes random bytes seldom form.
func FuzzReplyShapeAgreesWithEncodingXML(f *testing.F) {
	f.Add(`<?xml version="1.0"?>`, "", "NCERROR", "0", "")
	f.Add(`<?xml version="1.0" encoding="ISO-8859-1"?><!-- c -->`, "root", "COM", "caf\xe9", "<HTML_ANSWER>PGI+</HTML_ANSWER>")
	f.Add("\r\n<?pi x?>", "ncresponseroot", "a:b", "&amp;", "<x y='1'><z/></x>text<![CDATA[c]]>")
	f.Add("", "html", "xmlns", "urn:x", "<HTML_ANSWER><![CDATA[PGI+]]>&#x41;</HTML_ANSWER>")
	f.Fuzz(func(t *testing.T, prolog, wrapper, name, value, inner string) {
		var b strings.Builder
		b.WriteString(prolog)
		if wrapper != "" {
			b.WriteString("<" + wrapper + ">")
		}
		b.WriteString("<ncresponse\r\nSTATUS=\"5\"\r\n" + name + "=\"" + value + "\">" + inner + "</ncresponse>")
		if wrapper != "" {
			b.WriteString("</" + wrapper + ">")
		}
		assertXMLAgrees(t, []byte(b.String()))
	})
}
