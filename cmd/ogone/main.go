package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gogone/ogone/internal/pan"
)

// Exit codes, part of the command's contract with scripts.
const (
	exitOK      = 0 // valid signature, or the command did what was asked
	exitInvalid = 1 // the signature does not verify
	exitUsage   = 2 // bad flags or arguments, or input that cannot be processed
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// env is what a subcommand may touch of the outside world. Tests pass their
// own, so the command runs in-process without a real environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

// commands lists the subcommands in the order help shows them.
var commands []command

func init() {
	// Assigned in init because the help command refers back to the list.
	commands = []command{
		{"sign", "compute a SHA-IN (or SHA-OUT) digest, and show what it covers", runSign},
		{"verify", "check the SHASIGN of a feedback URL or body, and diagnose a mismatch", runVerify},
		{"status", "explain a STATUS code and what the shop should do", runStatus},
		{"ncerror", "explain an NCERROR code and what the shop should do", runNCError},
		{"parse", "pretty-print a DirectLink XML reply read from stdin", runParse},
		{"help", "show this help, or a subcommand's", runHelp},
	}
}

// run is the whole command. main only wires it to the process, so tests can
// call it with their own arguments, input, output and environment.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		writeUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(e, args[1:])
		}
	}
	// Echo the word only when it looks like a command: a mistyped line
	// might start with a passphrase or a card number.
	if isWord(name) {
		fmt.Fprintf(stderr, "ogone: unknown command %q\n", name)
	} else {
		fmt.Fprintln(stderr, "ogone: unknown command")
	}
	fmt.Fprintln(stderr, "Run 'ogone help' for usage.")
	return exitUsage
}

func isWord(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-') {
			return false
		}
	}
	return true
}

const usageText = `ogone debugs Ogone / Ingenico ePayments / ePDQ / PostFinance integrations.

Usage:

	ogone <command> [flags] [arguments]

Commands:
%s
Passphrases are read from an environment variable (--passphrase-env NAME)
or a file (--passphrase-file PATH); there is no flag that takes one on the
command line, where shell history would keep it. Output never shows a
passphrase, a card number (XXXXXXXXXXXX1111), a CVC, an expiry date or PSWD.

Exit status: 0 valid or done, 1 invalid signature, 2 usage error.
Run 'ogone help <command>' for a command's flags and examples.
`

func writeUsage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands {
		fmt.Fprintf(&b, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, usageText, b.String())
}

// helpTexts holds each subcommand's usage, printed above its flags.
var helpTexts = map[string]string{
	"sign": `Usage: ogone sign [flags] [URL | QUERY | KEY=VALUE ...]

Prints the digest of the parameters, read as verify reads them: one
argument is a URL or a query string (URL-decoded once, as a web server
does); several arguments are literal KEY=VALUE pairs (no URL decoding); no
argument, or "-", reads a URL, query string or form body from stdin (a=1&b=2,
one pair per line also works). Quote URLs: the shell treats & specially.

Examples:
	OGONE_SHA_IN=... ogone sign --alg sha512 --passphrase-env OGONE_SHA_IN \
		PSPID=MyPSPID ORDERID=1234 AMOUNT=1500 CURRENCY=EUR --explain
	ogone sign --alg sha1 --passphrase-file ~/.ogone-sha-in < body.txt
	ogone sign --passphrase-env OGONE_SHA_IN 'orderID=1234&amount=1500&currency=EUR'
`,
	"verify": `Usage: ogone verify [flags] [URL | QUERY | KEY=VALUE ...]

Checks SHASIGN against the parameters. One argument is a URL or a query
string (URL-decoded once, as a web server does); several arguments are
literal KEY=VALUE pairs; no argument, or "-", reads a URL, query string or
form body from stdin. Quote URLs: the shell treats & specially.

When the signature does not match, it tries the usual causes (wrong
algorithm, names not uppercased, values URL-decoded twice, ISO-8859-1
instead of UTF-8, parameters outside the SHA-OUT list signed, whitespace
around the passphrase) and says which one matches.

Without --alg the algorithm follows from the length of SHASIGN.

During a key change (a new SHA-OUT passphrase, or SHA-1 to SHA-512), give
the previous key too: --previous-passphrase-env or --previous-passphrase-file
(default: the current passphrase) and --previous-algorithm (default: the
current algorithm; give --alg with it). The previous key is tried only when
the current one does not match, and the output says which one matched.

Example:
	ogone verify --passphrase-env OGONE_SHA_OUT \
		'https://shop.example/return?orderID=12&STATUS=9&...&SHASIGN=...'
`,
	"status": `Usage: ogone status [--json] CODE

Explains a STATUS code (5, 9, 92, ...): its meaning, the order state it
maps to, and what the shop should do.
`,
	"ncerror": `Usage: ogone ncerror [--json] CODE
       ogone ncerror [--json] --list

Explains an NCERROR code (50001113, ...): its meaning, its category and
family, whether sending the request again can help, and what the shop
should do. --list lists every code the tool knows, with its family.
`,
	"parse": `Usage: ogone parse [--json] < reply.xml

Pretty-prints a DirectLink XML reply (orderdirect, maintenancedirect,
querydirect) and explains its STATUS and NCERROR. Card numbers are masked.
`,
	"help": `Usage: ogone help [command]
`,
}

func runHelp(e *env, args []string) int {
	if len(args) == 0 {
		writeUsage(e.stdout)
		return exitOK
	}
	if _, ok := helpTexts[args[0]]; !ok || len(args) > 1 {
		fmt.Fprintln(e.stderr, "ogone help: no such command")
		fmt.Fprintln(e.stderr, "Run 'ogone help' for usage.")
		return exitUsage
	}
	fs := newFlagSet(args[0])
	for _, c := range flagSetups {
		if c.name == args[0] {
			c.setup(fs)
		}
	}
	writeCommandUsage(e.stdout, fs)
	return exitOK
}

// flagSetups lets help list a subcommand's flags without running it.
var flagSetups = []struct {
	name  string
	setup func(*flag.FlagSet)
}{
	{"sign", func(fs *flag.FlagSet) { new(signFlags).register(fs) }},
	{"verify", func(fs *flag.FlagSet) { new(verifyFlags).register(fs) }},
	{"status", func(fs *flag.FlagSet) { fs.Bool("json", false, "print JSON") }},
	{"ncerror", func(fs *flag.FlagSet) {
		fs.Bool("json", false, "print JSON")
		fs.Bool("list", false, "list every code the tool knows")
	}},
	{"parse", func(fs *flag.FlagSet) { fs.Bool("json", false, "print JSON") }},
}

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("ogone "+name, flag.ContinueOnError)
	// The flag package would print its own error and usage; ours say less
	// (never a value) and go to the right stream.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

func writeCommandUsage(w io.Writer, fs *flag.FlagSet) {
	name := strings.TrimPrefix(fs.Name(), "ogone ")
	fmt.Fprint(w, helpTexts[name])
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if !hasFlags {
		return
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// errHelp reports that the user asked for a subcommand's help.
var errHelp = errors.New("help requested")

// usageError is a mistake in how the command was called. Its message never
// holds a value the user typed, which might be a secret.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// parseFlags parses a subcommand's arguments, letting flags and positional
// arguments mix (ogone sign A=1 --alg sha1 B=2). A "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := rejectPassphraseFlag(args); err != nil {
		return nil, err
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, flagError(err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// rejectPassphraseFlag refuses --passphrase with a reason. The flag does not
// exist on purpose: a secret on the command line stays in shell history and
// shows in process lists.
func rejectPassphraseFlag(args []string) error {
	for _, a := range args {
		if a == "--" {
			return nil
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		switch name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); name {
		case "passphrase":
			return usagef("there is no --passphrase flag: a passphrase on the command line ends up in shell history; use --passphrase-env NAME or --passphrase-file PATH")
		case "previous-passphrase":
			return usagef("there is no --previous-passphrase flag: a passphrase on the command line ends up in shell history; use --previous-passphrase-env NAME or --previous-passphrase-file PATH")
		}
	}
	return nil
}

// flagError rewrites the flag package's errors so that they name the flag
// but never repeat its value.
func flagError(err error) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "invalid value"), strings.HasPrefix(msg, "invalid boolean value"):
		if i := strings.LastIndex(msg, " for flag "); i >= 0 {
			name, _, _ := strings.Cut(msg[i+len(" for flag "):], ":")
			return usagef("invalid value for flag %s", name)
		}
		if i := strings.LastIndex(msg, " for -"); i >= 0 {
			name, _, _ := strings.Cut(msg[i+len(" for "):], ":")
			return usagef("invalid value for flag %s", name)
		}
		return usagef("invalid flag value")
	}
	return usagef("%s", pan.MaskInText(msg))
}

// fail prints err for subcommand name and returns the exit code it calls
// for: help on request, usage errors otherwise.
func fail(e *env, fs *flag.FlagSet, err error) int {
	if errors.Is(err, errHelp) {
		writeCommandUsage(e.stdout, fs)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), pan.MaskInText(err.Error()))
	fmt.Fprintf(e.stderr, "Run 'ogone help %s' for usage.\n", strings.TrimPrefix(fs.Name(), "ogone "))
	return exitUsage
}
