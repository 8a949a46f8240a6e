package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/gogone/ogone/shasign"
)

// sigFlags are the flags sign and verify share.
type sigFlags struct {
	alg       string
	passEnv   string
	passFile  string
	direction string
	encoding  string
	explain   bool
	json      bool
}

func (f *sigFlags) register(fs *flag.FlagSet, defaultDirection, algHelp string) {
	fs.StringVar(&f.alg, "alg", "", algHelp)
	fs.StringVar(&f.passEnv, "passphrase-env", "", "read the passphrase from environment variable `NAME`")
	fs.StringVar(&f.passFile, "passphrase-file", "", "read the passphrase from file `PATH` (trailing line breaks are dropped)")
	fs.StringVar(&f.direction, "direction", defaultDirection, "in (SHA-IN: requests, every parameter) or out (SHA-OUT: feedback, the SHA-OUT list)")
	fs.StringVar(&f.encoding, "encoding", "utf-8", "bytes values are hashed as: utf-8 (the _utf8 pages) or iso-8859-1 (older pages)")
	fs.BoolVar(&f.explain, "explain", false, "show the string to hash (passphrase as <passphrase>) and the parameters left out")
	fs.BoolVar(&f.json, "json", false, "print JSON (field names are stable; see the package documentation)")
}

// settings reads the flags that sign and verify share: direction,
// encoding and the passphrase (from its variable or file).
func (f *sigFlags) settings(e *env) (shasign.Direction, shasign.Encoding, string, error) {
	dir, err := parseDirection(f.direction)
	if err != nil {
		return 0, 0, "", err
	}
	enc, err := parseEncoding(f.encoding)
	if err != nil {
		return 0, 0, "", err
	}
	pass, err := readPassphrase(e, f.passEnv, f.passFile)
	if err != nil {
		return 0, 0, "", err
	}
	return dir, enc, pass, nil
}

func parseAlgorithm(name string) (shasign.Algorithm, error) {
	a, err := shasign.ParseAlgorithm(name)
	if err != nil {
		return 0, usagef("unknown --alg (want sha1, sha256 or sha512)")
	}
	return a, nil
}

func parseDirection(s string) (shasign.Direction, error) {
	switch strings.ToLower(s) {
	case "in", "sha-in", "shain":
		return shasign.In, nil
	case "out", "sha-out", "shaout":
		return shasign.Out, nil
	}
	return 0, usagef("unknown --direction (want in or out)")
}

func parseEncoding(s string) (shasign.Encoding, error) {
	switch strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(s)) {
	case "utf8":
		return shasign.UTF8, nil
	case "iso88591", "latin1":
		return shasign.ISO88591, nil
	}
	return 0, usagef("unknown --encoding (want utf-8 or iso-8859-1)")
}

// directionName is the direction as the --direction flag and the JSON
// output spell it.
func directionName(d shasign.Direction) string {
	if d == shasign.Out {
		return "out"
	}
	return "in"
}

func directionRule(d shasign.Direction) string {
	if d == shasign.Out {
		return "SHA-OUT: only parameters on the SHA-OUT list, with a value"
	}
	return "SHA-IN: every parameter with a value, except SHASIGN"
}

// skipCode is a SkipReason as the JSON output spells it.
func skipCode(r shasign.SkipReason) string {
	switch r {
	case shasign.SkipEmpty:
		return "empty"
	case shasign.SkipNotSHAOut:
		return "not_sha_out"
	case shasign.SkipSignature:
		return "signature"
	}
	return "other"
}

// jsonField and jsonDropped are the JSON shapes of a signed and of a
// left-out parameter.
type jsonField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type jsonDropped struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
	Why    string `json:"why"`
}

// explanation is what --explain adds: the digest's content, values
// redacted.
type explanation struct {
	StringToHash string        `json:"string_to_hash"`
	Fields       []jsonField   `json:"fields"`
	Dropped      []jsonDropped `json:"dropped"`
}

// explain returns the content of the digest in direction dir, with values
// made safe to print and the passphrase shown as <passphrase>.
func explain(dir shasign.Direction, values url.Values, r redactor) (*explanation, error) {
	c, err := shasign.Canonicalize(dir, values)
	if err != nil {
		return nil, err
	}
	x := &explanation{Fields: []jsonField{}, Dropped: []jsonDropped{}}
	for i, f := range c.Fields {
		shown := r.value(f.Name, f.Value)
		c.Fields[i].Name, c.Fields[i].Value = printable(f.Name), shown
		x.Fields = append(x.Fields, jsonField{Name: c.Fields[i].Name, Value: shown})
	}
	x.StringToHash = c.StringToHash("<passphrase>")
	for _, s := range c.Skipped {
		x.Dropped = append(x.Dropped, jsonDropped{Name: printable(s.Name), Reason: skipCode(s.Reason), Why: s.Reason.String()})
	}
	return x, nil
}

func writeExplanation(w io.Writer, x *explanation) {
	fmt.Fprintln(w, "\nstring to hash (the passphrase is shown as <passphrase>):")
	fmt.Fprintln(w, x.StringToHash)
	fmt.Fprintf(w, "\nsigned, in digest order (%d):\n", len(x.Fields))
	for _, f := range x.Fields {
		fmt.Fprintf(w, "  %s=%s\n", f.Name, f.Value)
	}
	if len(x.Dropped) == 0 {
		return
	}
	width := 0
	for _, d := range x.Dropped {
		width = max(width, len(d.Name))
	}
	fmt.Fprintf(w, "\nleft out (%d):\n", len(x.Dropped))
	for _, d := range x.Dropped {
		fmt.Fprintf(w, "  %-*s  %s\n", width, d.Name, d.Why)
	}
}

// inputError turns a shasign error about the parameters into a message
// that names the parameter but never shows its value.
func inputError(err error) error {
	var pe *shasign.ParameterError
	switch {
	case errors.As(err, &pe) && errors.Is(err, shasign.ErrAmbiguousParameter):
		return usagef("parameter %q appears more than once (names are compared without case)", pe.Name)
	case errors.As(err, &pe) && errors.Is(err, shasign.ErrUnencodable):
		return usagef("the value of %q cannot be written in the chosen encoding", pe.Name)
	case errors.Is(err, shasign.ErrUnencodable):
		return usagef("the passphrase cannot be written in the chosen encoding")
	case errors.Is(err, shasign.ErrTooManyParameters):
		return usagef("too many parameters")
	}
	return usagef("%v", err)
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Values such as ACCEPTURL hold & < >; escaping them would make the
	// output harder to compare with what was sent.
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
