package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/gogone/ogone/internal/charset"
	"github.com/gogone/ogone/internal/signed"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

type verifyFlags struct {
	sigFlags
	prevEnv, prevFile, prevAlg string
}

func (f *verifyFlags) register(fs *flag.FlagSet) {
	f.sigFlags.register(fs, "out", "hash `algorithm`: sha1, sha256 or sha512 (default: follows from the length of SHASIGN)")
	fs.StringVar(&f.prevEnv, "previous-passphrase-env", "", "during a key change: read the previous passphrase from environment variable `NAME`, tried when the current one does not match")
	fs.StringVar(&f.prevFile, "previous-passphrase-file", "", "during a key change: read the previous passphrase from file `PATH`")
	fs.StringVar(&f.prevAlg, "previous-algorithm", "", "during a key change: the previous key's hash `algorithm` (default: the current one; needs --alg)")
}

// previousKey reads the previous key of a key change from the flags: its
// passphrase defaults to the current one (an algorithm change keeps it),
// its algorithm to the current one (a passphrase change keeps it). It
// returns nil when no previous key is given.
func (f *verifyFlags) previousKey(e *env, current shasign.Algorithm, pass string) (*key, error) {
	prevPass, err := previousPassphrase.read(e, f.prevEnv, f.prevFile)
	if err != nil {
		return nil, err
	}
	if prevPass == "" && f.prevAlg == "" {
		return nil, nil
	}
	k := &key{alg: current, pass: prevPass}
	if prevPass == "" {
		k.pass = pass
	}
	if f.prevAlg != "" {
		if f.alg == "" {
			return nil, usagef("--previous-algorithm needs --alg: with two algorithms, the length of SHASIGN cannot say which key is the current one")
		}
		if k.alg, err = parseAlgorithm(f.prevAlg); err != nil {
			return nil, usagef("unknown --previous-algorithm (want sha1, sha256 or sha512)")
		}
	}
	return k, nil
}

// key is a hash algorithm and a passphrase: what the platform signs with.
type key struct {
	alg  shasign.Algorithm
	pass string
}

// Values of verifyOutput.Problem.
const (
	problemNone               = ""
	problemMismatch           = "mismatch"
	problemMissingSignature   = "missing_signature"
	problemAmbiguousParameter = "ambiguous_parameter"
	problemUnencodable        = "unencodable"
	problemTooManyParameters  = "too_many_parameters"
)

// Values of verifyOutput.Key: which key of a key change matched.
const (
	keyCurrent  = "current"
	keyPrevious = "previous"
)

// Values of cause.Result.
const (
	resultMatch      = "match"
	resultNoMatch    = "no_match"
	resultNotChecked = "not_checked"
)

// verifyOutput is the JSON of verify.
type verifyOutput struct {
	Command         string `json:"command"`
	Valid           bool   `json:"valid"`
	Algorithm       string `json:"algorithm"`
	AlgorithmSource string `json:"algorithm_source"`
	Direction       string `json:"direction"`
	Encoding        string `json:"encoding"`
	Problem         string `json:"problem"`
	Parameter       string `json:"parameter,omitempty"`
	Received        string `json:"received"`
	Computed        string `json:"computed,omitempty"`
	// Key and PreviousAlgorithm are set when a previous key is given.
	Key               string   `json:"key,omitempty"`
	PreviousAlgorithm string   `json:"previous_algorithm,omitempty"`
	Unsigned          []string `json:"unsigned"`
	Causes            []cause  `json:"causes"`
	*explanation
}

// cause is one common reason for a mismatch and what checking it found.
type cause struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Result string `json:"result"`
	Detail string `json:"detail,omitempty"`
}

// verification holds one verify run's settings and input.
type verification struct {
	alg      shasign.Algorithm
	dir      shasign.Direction
	enc      shasign.Encoding
	pass     string
	params   []param
	values   url.Values
	received string
}

func runVerify(e *env, args []string) int {
	fs := newFlagSet("verify")
	var f verifyFlags
	f.register(fs)
	v, err := f.verification(e, fs, args)
	if err != nil {
		return fail(e, fs, err)
	}
	out := v.newOutput()
	previous, err := f.previousKey(e, v.alg, v.pass)
	if err != nil {
		return fail(e, fs, err)
	}
	if err := checkKeys(v.enc, &key{v.alg, v.pass}, previous); err != nil {
		return fail(e, fs, inputError(err))
	}
	if previous != nil {
		out.PreviousAlgorithm = previous.alg.String()
	}
	v.explainInto(&out, f.explain)
	if err := v.report(&out, v.verifyKeys(&out, previous)); err != nil {
		return fail(e, fs, inputError(err))
	}
	if f.json {
		writeJSON(e.stdout, out)
	} else {
		writeVerifyText(e, &out)
	}
	if out.Valid {
		return exitOK
	}
	return exitInvalid
}

// verification parses verify's flags and reads its input. Its algorithm
// is zero when --alg is not given.
func (f *verifyFlags) verification(e *env, fs *flag.FlagSet, args []string) (*verification, error) {
	positional, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	var alg shasign.Algorithm
	if f.alg != "" {
		if alg, err = parseAlgorithm(f.alg); err != nil {
			return nil, err
		}
	}
	dir, enc, pass, err := f.settings(e)
	if err != nil {
		return nil, err
	}
	params, err := readParamsIn(e, positional, enc)
	if err != nil {
		return nil, err
	}
	if len(params) == 0 {
		return nil, usagef("no parameters in the input")
	}
	return &verification{alg: alg, dir: dir, enc: enc, pass: pass, params: params,
		values: toValues(params), received: signatureOf(params)}, nil
}

// newOutput starts verify's output. Without --alg it first settles v's
// algorithm from the length of SHASIGN.
func (v *verification) newOutput() verifyOutput {
	out := verifyOutput{
		Command:         "verify",
		AlgorithmSource: "flag",
		Direction:       directionName(v.dir),
		Encoding:        v.enc.String(),
		Received:        v.received,
		Unsigned:        []string{},
		Causes:          []cause{},
	}
	if v.alg == 0 {
		v.alg, out.AlgorithmSource = algorithmForLength(len(v.received))
	}
	out.Algorithm = v.alg.String()
	return out
}

// checkKeys makes a signer for each key given (nil ones are skipped), so
// that a key unusable in enc fails before anything is verified.
func checkKeys(enc shasign.Encoding, keys ...*key) error {
	for _, k := range keys {
		if k == nil {
			continue
		}
		if _, err := shasign.NewSigner(k.alg, k.pass, shasign.WithEncoding(enc)); err != nil {
			return err
		}
	}
	return nil
}

// explainInto lists in out the parameters the SHA-OUT list leaves
// unsigned and, when withExplanation is set, adds the explanation.
func (v *verification) explainInto(out *verifyOutput, withExplanation bool) {
	x, err := explain(v.dir, v.values, redactor{passphrase: ogone.NewSecret(v.pass)})
	if err != nil {
		return
	}
	for _, d := range x.Dropped {
		if d.Reason == "not_sha_out" {
			out.Unsigned = append(out.Unsigned, d.Name)
		}
	}
	if withExplanation {
		out.explanation = x
	}
}

// verifyKeys checks the signature with the current key and, on a
// mismatch, with the previous one; out.Key says which key matched when a
// previous one is given.
func (v *verification) verifyKeys(out *verifyOutput, previous *key) error {
	err := v.verify(v.alg, v.dir, v.enc, v.pass, v.values)
	if previous != nil {
		out.Key = keyCurrent
		if errors.Is(err, shasign.ErrSignatureMismatch) && v.matches(previous.alg, v.dir, v.enc, previous.pass, v.values) {
			err, out.Key = nil, keyPrevious
		}
	}
	return err
}

// report records in out what the verification's error err says about the
// input: valid, or which problem (with the computed digest and the usual
// causes for a mismatch). It returns err when err is not such a verdict.
func (v *verification) report(out *verifyOutput, err error) error {
	var pe *shasign.ParameterError
	switch {
	case err == nil:
		out.Valid = true
	case errors.Is(err, shasign.ErrMissingSignature):
		out.Problem = problemMissingSignature
	case errors.Is(err, shasign.ErrAmbiguousParameter):
		out.Problem = problemAmbiguousParameter
		if errors.As(err, &pe) {
			out.Parameter = printable(pe.Name)
		}
	case errors.Is(err, shasign.ErrUnencodable):
		out.Problem = problemUnencodable
		if errors.As(err, &pe) {
			out.Parameter = printable(pe.Name)
		}
	case errors.Is(err, shasign.ErrTooManyParameters):
		out.Problem = problemTooManyParameters
	case errors.Is(err, shasign.ErrSignatureMismatch):
		out.Problem = problemMismatch
		out.Key = ""
		out.Computed, _ = v.sign(v.alg, v.dir, v.enc, v.pass, v.values)
		out.Causes = v.causes()
	default:
		return err
	}
	return nil
}

// signatureOf returns the first non-empty SHASIGN (or FlexCheckout's
// SHASIGNATURE.SHASIGN) among params, in any case.
func signatureOf(params []param) string {
	for _, p := range params {
		if shasign.IsSignatureParameter(p.name) && p.value != "" {
			return p.value
		}
	}
	return ""
}

// algorithmForLength picks the algorithm whose hex digest has n characters.
// Each algorithm has its own length, so the signature says which one made
// it; shasign.DefaultAlgorithm (SHA-512) stands in when it does not.
func algorithmForLength(n int) (shasign.Algorithm, string) {
	for _, a := range []shasign.Algorithm{shasign.SHA1, shasign.SHA256, shasign.SHA512} {
		if a.DigestLen() == n {
			return a, "signature_length"
		}
	}
	return shasign.DefaultAlgorithm, "default"
}

func (v *verification) signer(alg shasign.Algorithm, enc shasign.Encoding, pass string) (*shasign.Signer, error) {
	return shasign.NewSigner(alg, pass, shasign.WithEncoding(enc))
}

// verify checks values' SHASIGN with the given settings, in constant time
// (shasign compares that way).
func (v *verification) verify(alg shasign.Algorithm, dir shasign.Direction, enc shasign.Encoding, pass string, values url.Values) error {
	s, err := v.signer(alg, enc, pass)
	if err != nil {
		return err
	}
	if dir == shasign.Out {
		return s.VerifyOut(values)
	}
	return s.VerifyIn(values)
}

func (v *verification) sign(alg shasign.Algorithm, dir shasign.Direction, enc shasign.Encoding, pass string, values url.Values) (string, error) {
	s, err := v.signer(alg, enc, pass)
	if err != nil {
		return "", err
	}
	if dir == shasign.Out {
		return s.SignOut(values)
	}
	return s.SignIn(values)
}

func (v *verification) matches(alg shasign.Algorithm, dir shasign.Direction, enc shasign.Encoding, pass string, values url.Values) bool {
	return v.verify(alg, dir, enc, pass, values) == nil
}

// causes tries the usual reasons for a mismatch, each on its own.
func (v *verification) causes() []cause {
	return []cause{
		v.checkAlgorithm(),
		v.checkNameCase(),
		v.checkDecodedTwice(),
		v.checkEncoding(),
		v.checkDirection(),
		v.checkPassphraseSpace(),
		v.checkOtherPassphrase(),
	}
}

func noMatch(id, label, detail string) cause {
	return cause{ID: id, Label: label, Result: resultNoMatch, Detail: detail}
}

func match(id, label, detail string) cause {
	return cause{ID: id, Label: label, Result: resultMatch, Detail: detail}
}

func (v *verification) checkAlgorithm() cause {
	const id, label = "wrong_algorithm", "wrong algorithm"
	var tried []string
	for _, a := range []shasign.Algorithm{shasign.SHA1, shasign.SHA256, shasign.SHA512} {
		if a == v.alg {
			continue
		}
		tried = append(tried, a.String())
		if v.matches(a, v.dir, v.enc, v.pass, v.values) {
			return match(id, label, fmt.Sprintf("the digest is %s, not %s: use --alg %s, and the same algorithm as the account's setting (Technical information > Global security parameters)",
				a, v.alg, strings.ToLower(strings.ReplaceAll(a.String(), "-", ""))))
		}
	}
	return noMatch(id, label, "tried "+strings.Join(tried, " and "))
}

// checkNameCase hashes the names as they arrived instead of uppercased,
// in the platform's order and in their own order. The platform always
// uppercases; a match means the digest came from code that does not.
func (v *verification) checkNameCase() cause {
	const id, label = "names_not_uppercased", "names not uppercased"
	c, err := shasign.Canonicalize(v.dir, v.values)
	if err != nil {
		return noMatch(id, label, "the parameters cannot be canonicalized")
	}
	original := make(map[string]string, len(v.params))
	for _, p := range v.params {
		original[signed.UpperASCII(p.name)] = p.name
	}
	fields := make([]shasign.Field, 0, len(c.Fields))
	var mixed []string
	for _, f := range c.Fields {
		name, ok := original[f.Name]
		if !ok {
			name = f.Name
		}
		if name != f.Name {
			mixed = append(mixed, name)
		}
		fields = append(fields, shasign.Field{Name: name, Value: f.Value})
	}
	if len(mixed) == 0 {
		return noMatch(id, label, "every signed name is already uppercase")
	}
	sorted := slices.Clone(fields)
	slices.SortStableFunc(sorted, func(a, b shasign.Field) int { return strings.Compare(a.Name, b.Name) })
	for _, fs := range [][]shasign.Field{fields, sorted} {
		asReceived := shasign.Canonical{Fields: fs}
		if asReceived.Verify(v.alg, v.enc, v.pass, v.received) == nil {
			return match(id, label, "the digest covers "+strings.Join(mixed, ", ")+" as they arrived, not uppercased: whoever signed did not follow the platform's rule; uppercase every name before sorting and hashing (shasign does)")
		}
	}
	return noMatch(id, label, "tried "+strings.Join(mixed, ", ")+" as received")
}

// checkDecodedTwice decodes every value once more. A match means the text
// given here was percent-encoded twice on its way (a redirect, a proxy or
// a log encoded it again) while the platform signed the plain values.
func (v *verification) checkDecodedTwice() cause {
	const id, label = "decoded_twice", "values URL-decoded twice"
	values := make(url.Values, len(v.values))
	var changed []string
	for name, vs := range v.values {
		out := make([]string, len(vs))
		for i, s := range vs {
			out[i] = s
			if shasign.IsSignatureParameter(name) {
				continue
			}
			if d, err := url.QueryUnescape(s); err == nil && d != s {
				out[i] = d
				changed = append(changed, name)
			}
		}
		values[name] = out
	}
	if len(changed) == 0 {
		return noMatch(id, label, "no value changes when decoded again")
	}
	if v.matches(v.alg, v.dir, v.enc, v.pass, values) {
		sort.Strings(changed)
		return match(id, label, "the digest covers "+strings.Join(changed, ", ")+" decoded twice: the text was URL-encoded twice on its way here (a redirect, proxy or log encoded it again); decode it once more before verifying, and check what re-encodes it")
	}
	return noMatch(id, label, "")
}

// checkEncoding tries the other encoding, and values that arrived as
// ISO-8859-1 bytes read as UTF-8 text.
func (v *verification) checkEncoding() cause {
	const id, label = "encoding", "ISO-8859-1 vs UTF-8"
	ascii := true
	for _, vs := range v.values {
		for _, s := range vs {
			for i := 0; i < len(s); i++ {
				ascii = ascii && s[i] < utf8.RuneSelf
			}
		}
	}
	if ascii {
		return noMatch(id, label, "every value is ASCII, so both encodings hash the same bytes")
	}
	other := shasign.ISO88591
	if v.enc == shasign.ISO88591 {
		other = shasign.UTF8
	}
	if v.matches(v.alg, v.dir, other, v.pass, v.values) {
		if other == shasign.ISO88591 {
			return match(id, label, "the digest covers ISO-8859-1 bytes: the account uses the older (non _utf8) pages, or the payment method sends ISO-8859-1 feedback (PostFinance Card and E-finance do); verify with --encoding iso-8859-1 (shasign.WithEncoding(shasign.ISO88591))")
		}
		return match(id, label, "the digest covers UTF-8 bytes: the account uses the _utf8 pages; verify with --encoding utf-8 (shasign's default)")
	}
	// Bytes that are not UTF-8 are ISO-8859-1 characters that arrived
	// undecoded; read them as text and hash that text's UTF-8 form.
	values := make(url.Values, len(v.values))
	converted := false
	for name, vs := range v.values {
		out := make([]string, len(vs))
		for i, s := range vs {
			out[i] = s
			if !utf8.ValidString(s) {
				out[i] = charset.DecodeLatin1(s)
				converted = true
			}
		}
		values[name] = out
	}
	if converted && v.matches(v.alg, v.dir, shasign.UTF8, v.pass, values) {
		return match(id, label, "the values arrived as ISO-8859-1 bytes but the digest covers their UTF-8 form: decode the body as ISO-8859-1 before verifying")
	}
	return noMatch(id, label, "tried "+other.String())
}

// checkDirection signs with the other direction's rule. For feedback, a
// match means names outside the SHA-OUT list are signed; for a request,
// that only the SHA-OUT list is.
func (v *verification) checkDirection() cause {
	c, err := shasign.Canonicalize(shasign.Out, v.values)
	var outside []string
	if err == nil {
		for _, s := range c.Skipped {
			if s.Reason == shasign.SkipNotSHAOut {
				outside = append(outside, s.Name)
			}
		}
	}
	if v.dir == shasign.Out {
		const id, label = "outside_sha_out", "parameters outside the SHA-OUT list signed"
		if len(outside) == 0 {
			return noMatch(id, label, "every parameter is on the SHA-OUT list")
		}
		if v.matches(v.alg, shasign.In, v.enc, v.pass, v.values) {
			return match(id, label, "the digest also covers "+strings.Join(outside, ", ")+", which the SHA-OUT list leaves out: the sender signed every parameter (SHA-IN rules, as a shop's own code might), or the platform now signs these names and shasign.SHAOutParameters lacks them")
		}
		return noMatch(id, label, "tried every parameter")
	}
	const id, label = "only_sha_out", "only SHA-OUT parameters signed"
	if len(outside) == 0 {
		return noMatch(id, label, "every parameter is on the SHA-OUT list, so both rules sign the same")
	}
	if v.matches(v.alg, shasign.Out, v.enc, v.pass, v.values) {
		return match(id, label, "the digest covers only the parameters on the SHA-OUT list: this is feedback from the platform; verify it with --direction out and the SHA-OUT passphrase")
	}
	return noMatch(id, label, "tried the SHA-OUT list")
}

func (v *verification) checkPassphraseSpace() cause {
	const id, label = "passphrase_whitespace", "whitespace around the passphrase"
	trimmed := strings.TrimSpace(v.pass)
	if trimmed == v.pass || trimmed == "" {
		return noMatch(id, label, "the passphrase has no surrounding whitespace")
	}
	if v.matches(v.alg, v.dir, v.enc, trimmed, v.values) {
		return match(id, label, "the digest matches the passphrase without its leading or trailing whitespace: remove it from the variable or file")
	}
	return noMatch(id, label, "tried the passphrase trimmed")
}

func (v *verification) checkOtherPassphrase() cause {
	if v.dir == shasign.Out {
		return cause{ID: "sha_in_passphrase", Label: "SHA-IN passphrase used instead of SHA-OUT", Result: resultNotChecked,
			Detail: "needs the SHA-IN passphrase: run verify again with it; a match means the two passphrases are swapped in the back office or in the shop's configuration"}
	}
	return cause{ID: "sha_out_passphrase", Label: "SHA-OUT passphrase used instead of SHA-IN", Result: resultNotChecked,
		Detail: "needs the SHA-OUT passphrase: run verify again with it; a match means the two passphrases are swapped in the back office or in the shop's configuration"}
}

func writeVerifyText(e *env, out *verifyOutput) {
	w := e.stdout
	writeVerdict(w, out)
	writeVerifySettings(w, out)
	if out.Problem == problemMismatch {
		writeMismatch(w, out)
	}
	if out.explanation != nil {
		writeExplanation(w, out.explanation)
	}
}

// writeVerdict writes verify's first line: valid, or what is wrong.
func writeVerdict(w io.Writer, out *verifyOutput) {
	switch out.Problem {
	case problemNone:
		if out.Key == keyPrevious {
			fmt.Fprintln(w, "valid: SHASIGN matches the previous key")
		} else {
			fmt.Fprintln(w, "valid: SHASIGN matches")
		}
	case problemMismatch:
		fmt.Fprintln(w, "invalid: SHASIGN does not match")
	case problemMissingSignature:
		if out.Direction == "out" {
			fmt.Fprintln(w, "invalid: no SHASIGN parameter (is a SHA-OUT passphrase set under Technical information > Transaction feedback?)")
		} else {
			fmt.Fprintln(w, "invalid: no SHASIGN parameter (the platform answers such a request with \"unknown order/0/s\")")
		}
	case problemAmbiguousParameter:
		fmt.Fprintf(w, "invalid: parameter %q appears more than once (names are compared without case): reject the input, the signed value and the value the shop reads could differ\n", out.Parameter)
	case problemUnencodable:
		fmt.Fprintf(w, "invalid: the value of %q cannot be written in %s, so it cannot have been signed in that encoding\n", out.Parameter, out.Encoding)
	case problemTooManyParameters:
		fmt.Fprintln(w, "invalid: far more parameters than the platform ever sends")
	}
}

// writeVerifySettings writes the settings verify used: algorithm,
// direction, encoding, which key of a key change, and the unsigned names.
func writeVerifySettings(w io.Writer, out *verifyOutput) {
	algorithm := out.Algorithm
	switch out.AlgorithmSource {
	case "signature_length":
		algorithm += " (from the length of SHASIGN)"
	case "default":
		algorithm += " (default: give --alg)"
	}
	fmt.Fprintf(w, "algorithm  %s\n", algorithm)
	dir := shasign.In
	if out.Direction == "out" {
		dir = shasign.Out
	}
	fmt.Fprintf(w, "direction  %s\n", directionRule(dir))
	fmt.Fprintf(w, "encoding   %s\n", out.Encoding)
	switch {
	case out.Key == keyCurrent:
		fmt.Fprintf(w, "key        current (the previous %s key was not needed)\n", out.PreviousAlgorithm)
	case out.Key == keyPrevious:
		fmt.Fprintf(w, "key        previous (%s): signed before the key change; keep accepting the previous key until no feedback signed with it can arrive\n", out.PreviousAlgorithm)
	case out.PreviousAlgorithm != "" && out.Problem == problemMismatch:
		fmt.Fprintf(w, "previous   the previous %s key does not match either; the causes below are for the current key\n", out.PreviousAlgorithm)
	}
	if len(out.Unsigned) > 0 {
		fmt.Fprintf(w, "unsigned   %s (not on the SHA-OUT list: do not trust these values)\n", strings.Join(out.Unsigned, ", "))
	}
}

// writeMismatch writes the received and computed digests of a mismatch
// and the table of common causes.
func writeMismatch(w io.Writer, out *verifyOutput) {
	fmt.Fprintf(w, "received   %s\n", out.Received)
	fmt.Fprintf(w, "computed   %s\n", out.Computed)
	if alg, _ := shasign.ParseAlgorithm(out.Algorithm); len(out.Received) != alg.DigestLen() {
		fmt.Fprintf(w, "           (SHASIGN has %d characters; a %s digest has %d)\n", len(out.Received), out.Algorithm, alg.DigestLen())
	}
	fmt.Fprintln(w, "\ncommon causes:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	matched := false
	for _, c := range out.Causes {
		matched = matched || c.Result == resultMatch
		fmt.Fprintf(tw, "  %s\t%s\n", c.Label, c.summary())
	}
	_ = tw.Flush()
	if !matched {
		fmt.Fprintln(w, "\nNo common cause matched: check the passphrase (the SHA-OUT one for feedback, SHA-IN for requests)\nand that the parameters are exactly as the platform sent them.")
	}
}

// summary is c's result as the causes table shows it.
func (c cause) summary() string {
	switch c.Result {
	case resultMatch:
		return "MATCH: " + c.Detail
	case resultNoMatch:
		if c.Detail != "" {
			return "checked: no match (" + c.Detail + ")"
		}
		return "checked: no match"
	}
	return "not checked: " + c.Detail
}
