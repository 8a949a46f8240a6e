package main

import (
	"errors"
	"io"
	"net/url"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/charset"
	"github.com/gogone/ogone/shasign"
)

// Bounds on what the command reads. Real feedback and replies are a few
// KiB; a passphrase is at most 32 characters on the platform.
const (
	maxInputBytes      = 1 << 20
	maxPassphraseBytes = 4 << 10
)

// param is one parameter, in the order and case it arrived.
type param struct {
	name, value string
}

// readParamsIn is readParams for sign and verify, which hash in enc. With
// --encoding iso-8859-1, names and values that are not UTF-8 are read as
// ISO-8859-1 (charset.DecodeLatin1): such bytes are what the platform sent
// (%EB in an ISO-8859-1 feedback URL), and the ISO-8859-1 signer writes
// them back byte for byte; UTF-8 stays text.
func readParamsIn(e *env, positional []string, enc shasign.Encoding) ([]param, error) {
	ps, err := readParams(e, positional)
	if err != nil || enc != shasign.ISO88591 {
		return ps, err
	}
	for i := range ps {
		if !utf8.ValidString(ps[i].name) {
			ps[i].name = charset.DecodeLatin1(ps[i].name)
		}
		if !utf8.ValidString(ps[i].value) {
			ps[i].value = charset.DecodeLatin1(ps[i].value)
		}
	}
	return ps, nil
}

func toValues(ps []param) url.Values {
	v := make(url.Values, len(ps))
	for _, p := range ps {
		v[p.name] = append(v[p.name], p.value)
	}
	return v
}

// passphraseSource names the flags a passphrase is read from: flag is
// "passphrase" (--passphrase-env, --passphrase-file) or
// "previous-passphrase"; what names it in messages.
type passphraseSource struct {
	flag, what string
}

var (
	currentPassphrase  = passphraseSource{"passphrase", "passphrase"}
	previousPassphrase = passphraseSource{"previous-passphrase", "previous passphrase"}
)

// readPassphrase returns the passphrase from the environment variable
// envName or from file. Exactly one of them must be given.
func readPassphrase(e *env, envName, file string) (string, error) {
	p, err := currentPassphrase.read(e, envName, file)
	if err == nil && p == "" {
		err = usagef("missing passphrase: use --passphrase-env NAME or --passphrase-file PATH")
	}
	return p, err
}

// read returns the passphrase from the environment variable envName or
// from file, "" when neither is given.
func (src passphraseSource) read(e *env, envName, file string) (string, error) {
	switch {
	case envName != "" && file != "":
		return "", usagef("give --%s-env or --%s-file, not both", src.flag, src.flag)
	case envName != "":
		p := e.getenv(envName)
		if p == "" {
			return "", usagef("environment variable %s is not set or empty (it should hold the %s)", envName, src.what)
		}
		return p, nil
	case file != "":
		f, err := os.Open(file)
		if err != nil {
			return "", usagef("%s file: %v", src.what, unwrapPathError(err))
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxPassphraseBytes+1))
		if err != nil {
			return "", usagef("%s file: %v", src.what, unwrapPathError(err))
		}
		if len(b) > maxPassphraseBytes {
			return "", usagef("%s file %s is larger than %d bytes; is it the right file?", src.what, file, maxPassphraseBytes)
		}
		// Editors end files with a newline that is not part of the secret.
		p := strings.TrimRight(string(b), "\r\n")
		if p == "" {
			return "", usagef("%s file %s is empty", src.what, file)
		}
		return p, nil
	}
	return "", nil
}

// unwrapPathError keeps the operation and the path but drops nothing else:
// os errors never contain file contents.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return errors.New(pe.Path + ": " + pe.Err.Error())
	}
	return err
}

// readStdin returns stdin as text, refusing a terminal (the user forgot the
// parameters) and anything beyond maxInputBytes.
func readStdin(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return "", usagef("no parameters: give them as arguments or pipe them on stdin")
		}
	}
	b, err := io.ReadAll(io.LimitReader(e.stdin, maxInputBytes+1))
	if err != nil {
		return "", usagef("reading stdin: %v", err)
	}
	if len(b) > maxInputBytes {
		return "", usagef("stdin is larger than %d bytes", maxInputBytes)
	}
	return string(b), nil
}

// readParams reads the parameters sign and verify work on, from their
// positional arguments: none, or "-", reads stdin; one argument is a URL or
// a query string; several are literal KEY=VALUE pairs. Both commands read
// the same forms, so what verify accepts, sign can sign.
func readParams(e *env, positional []string) ([]param, error) {
	switch {
	case len(positional) == 0 || len(positional) == 1 && positional[0] == "-":
		text, err := readStdin(e)
		if err != nil {
			return nil, err
		}
		return parseText(text)
	case len(positional) == 1:
		return parseText(positional[0])
	}
	return parsePairs(positional)
}

// parsePairs reads KEY=VALUE arguments literally: the shell already did the
// quoting, so nothing is URL-decoded. The error names the position, never
// the text, which may be a secret typed in the wrong place.
func parsePairs(args []string) ([]param, error) {
	ps := make([]param, 0, len(args))
	for i, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok || name == "" {
			return nil, usagef("argument %d is not KEY=VALUE", i+1)
		}
		ps = append(ps, param{name: name, value: value})
	}
	return ps, nil
}

// parseText reads parameters the way they travel: a URL (its query string),
// a query string with or without its "?", or a form-encoded body. Pairs are
// separated by "&" or by line breaks, and URL-decoded once, as a web server
// decodes them before a shop's code sees them.
func parseText(text string) ([]param, error) {
	text = strings.TrimSpace(text)
	switch {
	case hasPrefixFold(text, "http://"), hasPrefixFold(text, "https://"):
		u, err := url.Parse(text)
		if err != nil {
			return nil, usagef("input is not a valid URL")
		}
		text = u.RawQuery
	default:
		// "shop.example/return?orderID=1": a URL without its scheme. A "?"
		// after the first "=" is part of a value, such as an ACCEPTURL.
		if q := strings.IndexByte(text, '?'); q >= 0 && !strings.ContainsAny(text[:q], "=&") {
			text = text[q+1:]
		}
	}
	var ps []param
	n := 0
	for _, line := range strings.Split(text, "\n") {
		for _, pair := range strings.Split(strings.TrimRight(line, "\r"), "&") {
			n++
			if pair == "" {
				continue
			}
			rawName, rawValue, _ := strings.Cut(pair, "=")
			name, err1 := url.QueryUnescape(rawName)
			value, err2 := url.QueryUnescape(rawValue)
			if err1 != nil || err2 != nil {
				return nil, usagef("pair %d of the input has an invalid %%-escape", n)
			}
			if name == "" {
				return nil, usagef("pair %d of the input has no name", n)
			}
			ps = append(ps, param{name: name, value: value})
		}
	}
	return ps, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
