package ogone

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

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
