package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/gogone/ogone/ogone"
)

// parseOutput is the JSON of parse. Amount is a string so that it stays an
// exact decimal; it is as the reply writes it, not multiplied by 100.
type parseOutput struct {
	Command         string            `json:"command"`
	OrderID         string            `json:"orderid"`
	PayID           string            `json:"payid"`
	PayIDSub        string            `json:"payidsub"`
	Status          statusOutput      `json:"status"`
	NCStatus        string            `json:"ncstatus"`
	NCError         ncErrorOutput     `json:"ncerror"`
	NCErrorPlus     string            `json:"ncerrorplus"`
	Acceptance      string            `json:"acceptance"`
	ECI             int               `json:"eci"`
	Amount          string            `json:"amount"`
	Currency        string            `json:"currency"`
	PM              string            `json:"pm"`
	Brand           string            `json:"brand"`
	CardNo          string            `json:"cardno"`
	IP              string            `json:"ip"`
	Alias           string            `json:"alias"`
	HTMLAnswerBytes int               `json:"html_answer_bytes"`
	ChallengePage   []string          `json:"challenge_page,omitempty"`
	Extra           map[string]string `json:"extra"`
	Advice          []string          `json:"advice"`
}

func runParse(e *env, args []string) int {
	fs := newFlagSet("parse")
	asJSON := fs.Bool("json", false, "print JSON")
	positional, err := parseFlags(fs, args)
	if err != nil {
		return fail(e, fs, err)
	}
	var in io.Reader
	switch {
	case len(positional) == 0 || len(positional) == 1 && positional[0] == "-":
		if f, ok := e.stdin.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				return fail(e, fs, usagef("no reply: pipe it on stdin (ogone parse < reply.xml) or give its file"))
			}
		}
		in = e.stdin
	case len(positional) == 1:
		f, err := os.Open(positional[0])
		if err != nil {
			return fail(e, fs, usagef("%v", unwrapPathError(err)))
		}
		defer f.Close()
		in = f
	default:
		return fail(e, fs, usagef("give at most one reply file"))
	}

	// ParseResponse bounds what it reads (ogone.MaxReplySize) and its
	// errors hold positions and names, never the reply's content.
	r, err := ogone.ParseResponse(in)
	if err != nil {
		return fail(e, fs, usagef("%v", err))
	}
	out := describeResponse(r)
	if *asJSON {
		writeJSON(e.stdout, out)
	} else {
		writeResponseText(e.stdout, &out)
	}
	return exitOK
}

func describeResponse(r *ogone.Response) parseOutput {
	var red redactor
	status := describeStatus(r.Status)
	status.Command = ""
	nc := describeNCError(r.NCError)
	nc.Command = ""
	out := parseOutput{
		Command:         "parse",
		OrderID:         red.value("ORDERID", r.OrderID),
		PayID:           red.value("PAYID", r.PayID),
		PayIDSub:        red.value("PAYIDSUB", r.PayIDSub),
		Status:          status,
		NCStatus:        red.value("NCSTATUS", r.NCStatus),
		NCError:         nc,
		NCErrorPlus:     red.value("NCERRORPLUS", r.NCErrorPlus),
		Acceptance:      red.value("ACCEPTANCE", r.Acceptance),
		ECI:             int(r.ECI),
		Currency:        red.value("CURRENCY", r.Currency),
		PM:              red.value("PM", r.PM),
		Brand:           red.value("BRAND", r.Brand),
		CardNo:          red.value("CARDNO", r.CardNo),
		IP:              red.value("IP", r.IP),
		Alias:           red.value("ALIAS", r.Alias),
		HTMLAnswerBytes: len(r.HTMLAnswer),
		ChallengePage:   challengePage(&red, r.HTMLAnswer),
		Extra:           map[string]string{},
		Advice:          []string{status.Advice},
	}
	if !r.Amount.IsZero() {
		out.Amount = r.Amount.String()
	}
	for name, value := range r.Extra {
		out.Extra[printable(name)] = red.value(name, value)
	}
	if !r.NCError.OK() {
		out.Advice = append(out.Advice, "NCERROR "+nc.Code+": "+nc.Advice)
	}
	if len(r.HTMLAnswer) > 0 && !r.Status.ActionRequired() {
		out.Advice = append(out.Advice, "the reply carries an HTML_ANSWER: show it to the customer as it is")
	}
	return out
}

func writeResponseText(w io.Writer, out *parseOutput) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name, value string) {
		if value != "" {
			fmt.Fprintf(tw, "%s\t%s\n", name, value)
		}
	}
	row("STATUS", fmt.Sprintf("%d %s (state: %s)", out.Status.Code, out.Status.Meaning, out.Status.State))
	ncerror := "0 no error"
	if !out.NCError.OK {
		ncerror = fmt.Sprintf("%s %s (%s)", out.NCError.Code, out.NCError.Meaning, out.NCError.Category)
	}
	row("NCERROR", ncerror)
	row("NCSTATUS", out.NCStatus)
	row("NCERRORPLUS", out.NCErrorPlus)
	row("ORDERID", out.OrderID)
	row("PAYID", out.PayID)
	row("PAYIDSUB", out.PayIDSub)
	row("ACCEPTANCE", out.Acceptance)
	if out.Amount != "" {
		row("AMOUNT", strings.TrimSpace(out.Amount+" "+out.Currency)+" (as written: not multiplied by 100)")
	} else {
		row("CURRENCY", out.Currency)
	}
	row("PM", out.PM)
	row("BRAND", out.Brand)
	row("CARDNO", out.CardNo)
	if out.ECI != 0 {
		row("ECI", ogone.ECI(out.ECI).String())
	}
	row("IP", out.IP)
	row("ALIAS", out.Alias)
	if out.HTMLAnswerBytes > 0 {
		row("HTML_ANSWER", fmt.Sprintf("%d bytes of HTML (the 3-D Secure page: show it to the customer as it is)", out.HTMLAnswerBytes))
	}
	names := make([]string, 0, len(out.Extra))
	for name := range out.Extra {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		row(name, out.Extra[name])
	}
	_ = tw.Flush()
	if len(out.ChallengePage) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "challenge page (HTML_ANSWER decoded, card numbers masked, control characters escaped):")
		for _, line := range out.ChallengePage {
			fmt.Fprintln(w, "  | "+line)
		}
	}
	fmt.Fprintln(w)
	for i, a := range out.Advice {
		label := "what to do"
		if i > 0 {
			label = "          "
		}
		fmt.Fprintf(w, "%s  %s\n", label, a)
	}
}

// challengePage returns the decoded HTML_ANSWER line by line, as the
// redactor lets it be printed: card numbers masked, control characters
// and bytes that are not UTF-8 escaped, so that a hostile page cannot
// drive the terminal. It is nil without an HTML_ANSWER.
func challengePage(red *redactor, html []byte) []string {
	if len(html) == 0 {
		return nil
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(html), "\r\n", "\n"), "\n"), "\n")
	for i, line := range lines {
		lines[i] = red.value("HTML_ANSWER", line)
	}
	return lines
}
