package ogone_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/gogone/ogone/alias"
	"github.com/gogone/ogone/feedback"
	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
)

// The secrets and card data every holder below is built from. The CVC and
// the expiry are short digit strings: they are searched as whole tokens, so
// that an address printed in decimal or hex cannot match them by chance.
const (
	redactPassword = "pw-Zq8vLk2Rt9"
	redactSHAIn    = "in-Pass-Phrase-7Hq3mW"
	redactSHAOut   = "out-Pass-Phrase-4Jx9nB"
	redactPAN      = "4111111111111111"
	redactCVC      = "987"
	redactExpiry   = "07/39"
)

// redactNeedles are what must appear in no output: every secret and its
// hex form (lower and upper case, as %x and %X write a string), the card
// number (and its hex form), and the CVC and expiry as written, as MMYY, as
// a year, and in hex. The short ones are tokens, matched only whole.
var redactPlain, redactTokens = func() (plain []string, tokens []*regexp.Regexp) {
	for _, s := range []string{redactPassword, redactSHAIn, redactSHAOut, redactPAN, redactExpiry} {
		h := hex.EncodeToString([]byte(s))
		plain = append(plain, s, h, strings.ToUpper(h))
	}
	mmyy := redactExpiry[:2] + redactExpiry[3:]
	for _, s := range []string{redactCVC, mmyy, "20" + redactExpiry[3:]} {
		h := hex.EncodeToString([]byte(s))
		for _, n := range []string{s, h, strings.ToUpper(h)} {
			tokens = append(tokens, regexp.MustCompile(`(^|[^0-9A-Za-z])`+n+`($|[^0-9A-Za-z])`))
		}
	}
	return plain, tokens
}()

// leaked returns the needle found in out, or "".
func leaked(out string) string {
	for _, n := range redactPlain {
		if strings.Contains(out, n) {
			return n
		}
	}
	for _, re := range redactTokens {
		if m := re.FindString(out); m != "" {
			return m
		}
	}
	return ""
}

// shapes holds v every way a program holds a value: as an exported and an
// unexported field, through a pointer, in a slice and in a map, both at the
// top and inside an unexported field, where fmt calls no method.
func shapes[T any](v T) map[string]any {
	type exported struct{ V T }
	type unexported struct{ v T }
	type unexportedPtr struct{ p *T }
	type unexportedSlice struct{ s []T }
	type unexportedMap struct{ m map[string]T }
	type nested struct{ inner unexported }
	return map[string]any{
		"value":              v,
		"pointer":            &v,
		"exported field":     exported{v},
		"unexported field":   unexported{v},
		"pointer to holder":  &unexported{v},
		"unexported pointer": unexportedPtr{&v},
		"slice":              []T{v},
		"unexported slice":   unexportedSlice{[]T{v}},
		"map":                map[string]T{"k": v},
		"unexported map":     unexportedMap{map[string]T{"k": v}},
		"nested":             nested{unexported{v}},
	}
}

var redactVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%p", "%9.3f"}

// redactOutputs renders h through fmt (every verb), slog's text and JSON
// handlers, encoding/json and encoding/gob. An encoder that refuses h
// contributes its error message, which must not leak either.
func redactOutputs(h any) map[string]string {
	out := map[string]string{}
	for _, verb := range redactVerbs {
		out["fmt "+verb] = fmt.Sprintf(verb, h)
	}
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("m", "h", h)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("m", "h", h)
	out["slog text"], out["slog json"] = text.String(), js.String()
	b, err := json.Marshal(h)
	out["encoding/json"] = fmt.Sprint(string(b), err)
	var g bytes.Buffer
	err = gob.NewEncoder(&g).Encode(h)
	out["encoding/gob"] = fmt.Sprint(g.String(), err)
	return out
}

func checkRedacted[T any](t *testing.T, name string, v T) {
	t.Helper()
	for shape, h := range shapes(v) {
		for output, s := range redactOutputs(h) {
			if n := leaked(s); n != "" {
				t.Errorf("%s, %s, %s: shows %q:\n%s", name, shape, output, n, s)
			}
		}
	}
}

func redactConfig() ogone.Config {
	return ogone.Config{
		PSPID: "shop", UserID: "api",
		Password: ogone.NewSecret(redactPassword),
		SHAIn:    ogone.NewSecret(redactSHAIn),
		SHAOut:   ogone.NewSecret(redactSHAOut),
	}
}

// TestNothingPrintsSecretsOrCardData holds every type that keeps a secret
// or card data in every shape, renders it through every printer and
// encoder, and searches the output for the secrets and the card data.
func TestNothingPrintsSecretsOrCardData(t *testing.T) {
	cfg := redactConfig()
	card, err := ogone.NewCard(redactPAN, redactExpiry, redactCVC)
	require.NoError(t, err)
	order := ogone.Order{OrderID: "o-1", Amount: decimal.RequireFromString("1.50"), Currency: "EUR", Card: card}

	client, err := ogone.NewClient(cfg)
	require.NoError(t, err)
	aliases, err := alias.NewClient(cfg)
	require.NoError(t, err)
	verifier, err := feedback.NewVerifier(shasign.SHA512, redactSHAOut)
	require.NoError(t, err)
	signer, err := shasign.NewSigner(shasign.SHA512, redactSHAIn)
	require.NoError(t, err)

	acct := ogonetest.Account{
		PSPID: "shop", UserID: "api", Algorithm: shasign.SHA512,
		Password: ogone.NewSecret(redactPassword),
		SHAIn:    ogone.NewSecret(redactSHAIn),
		SHAOut:   ogone.NewSecret(redactSHAOut),
	}
	srv := ogonetest.NewServer(acct)
	defer srv.Close()
	// The simulator keeps the card of a payment, and of an alias, in its
	// state: pay once with the card and store it.
	simClient, err := ogone.NewClient(srv.Config())
	require.NoError(t, err)
	stored := order
	stored.Alias = "redact-alias"
	_, err = simClient.Sale(context.Background(), stored)
	require.NoError(t, err)

	checkRedacted(t, "ogone.Secret", ogone.NewSecret(redactSHAIn))
	checkRedacted(t, "ogone.Config", cfg)
	checkRedacted(t, "ogone.Card", *card)
	checkRedacted(t, "*ogone.Card", card)
	checkRedacted(t, "ogone.Order", order)
	checkRedacted(t, "*ogone.Client", client)
	checkRedacted(t, "ogone.Client", *client)
	checkRedacted(t, "*alias.Client", aliases)
	checkRedacted(t, "alias.Client", *aliases)
	checkRedacted(t, "*feedback.Verifier", verifier)
	checkRedacted(t, "feedback.Verifier", *verifier)
	checkRedacted(t, "*shasign.Signer", signer)
	checkRedacted(t, "shasign.Signer", *signer)
	checkRedacted(t, "ogonetest.Account", acct)
	checkRedacted(t, "*ogonetest.Server", srv)
	checkRedacted(t, "[]ogonetest.Transaction", srv.Transactions())
	checkRedacted(t, "[]ogonetest.Alias", srv.Aliases())
	checkRedactedCardModel(t)
}

// TestRedactionTestCanFail keeps the search honest: the same outputs of a
// holder that does print the data must be caught.
func TestRedactionTestCanFail(t *testing.T) {
	type leaky struct{ pan, cvc, ed, pass string }
	mmyy := redactExpiry[:2] + redactExpiry[3:]
	for _, v := range []any{
		leaky{redactPAN, "", "", ""}, leaky{"", redactCVC, "", ""}, leaky{"", "", mmyy, ""},
		leaky{"", "", redactExpiry, ""}, leaky{"", "", "", redactSHAOut},
	} {
		for _, verb := range []string{"%v", "%s", "%x", "%X", "%d", "%t"} {
			if s := fmt.Sprintf(verb, struct{ h any }{v}); leaked(s) == "" {
				t.Errorf("%s of %#v: no needle found in %s", verb, v, s)
			}
		}
	}
	for _, verb := range []string{"%v", "%s", "%d"} {
		if s := fmt.Sprintf(verb, struct{ h any }{struct{ m, y int }{7, 2039}}); leaked(s) == "" {
			t.Errorf("%s: the year as a number not found in %s", verb, s)
		}
	}
}
