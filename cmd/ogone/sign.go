package main

import (
	"flag"
	"fmt"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

type signFlags struct{ sigFlags }

func (f *signFlags) register(fs *flag.FlagSet) {
	f.sigFlags.register(fs, "in", "hash `algorithm`: sha1, sha256 or sha512 (the account's setting; default sha512)")
}

// signOutput is the JSON of sign. The explanation's fields appear only
// with --explain.
type signOutput struct {
	Command   string `json:"command"`
	Algorithm string `json:"algorithm"`
	Direction string `json:"direction"`
	Encoding  string `json:"encoding"`
	Digest    string `json:"digest"`
	*explanation
}

func runSign(e *env, args []string) int {
	fs := newFlagSet("sign")
	var f signFlags
	f.register(fs)
	positional, err := parseFlags(fs, args)
	if err != nil {
		return fail(e, fs, err)
	}
	alg := shasign.DefaultAlgorithm
	if f.alg != "" {
		if alg, err = parseAlgorithm(f.alg); err != nil {
			return fail(e, fs, err)
		}
	}
	dir, enc, pass, err := f.settings(e)
	if err != nil {
		return fail(e, fs, err)
	}

	params, err := readParamsIn(e, positional, enc)
	if err != nil {
		return fail(e, fs, err)
	}
	values := toValues(params)

	r := redactor{passphrase: ogone.NewSecret(pass)}
	x, err := explain(dir, values, r)
	if err != nil {
		return fail(e, fs, inputError(err))
	}
	if len(x.Fields) == 0 {
		return fail(e, fs, usagef("no parameter with a value to sign"))
	}
	signer, err := shasign.NewSigner(alg, pass, shasign.WithEncoding(enc))
	if err != nil {
		return fail(e, fs, inputError(err))
	}
	var digest string
	if dir == shasign.Out {
		digest, err = signer.SignOut(values)
	} else {
		digest, err = signer.SignIn(values)
	}
	if err != nil {
		return fail(e, fs, inputError(err))
	}

	switch {
	case f.json:
		out := signOutput{Command: "sign", Algorithm: alg.String(), Direction: directionName(dir), Encoding: enc.String(), Digest: digest}
		if f.explain {
			out.explanation = x
		}
		writeJSON(e.stdout, out)
	case f.explain:
		w := e.stdout
		fmt.Fprintf(w, "digest     %s\n", digest)
		fmt.Fprintf(w, "algorithm  %s\n", alg)
		fmt.Fprintf(w, "direction  %s\n", directionRule(dir))
		fmt.Fprintf(w, "encoding   %s\n", enc)
		writeExplanation(w, x)
	default:
		fmt.Fprintln(e.stdout, digest)
	}
	return exitOK
}
