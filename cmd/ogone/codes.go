package main

import (
	"fmt"
	"io"

	"github.com/gogone/ogone/ogone"
)

// stateAdvice says what a shop should do with an order in each state. The
// library's State says where the order stands; what to do about it is
// operational advice, so it lives here rather than in the library.
var stateAdvice = map[ogone.State]string{
	ogone.StateUnknown:        "this tool does not know the code: treat the order as neither paid nor final; check it in the back office or with a direct query (querydirect) before acting",
	ogone.StatePending:        "wait: the platform or a third party is still working on it; the feedback, or a direct query (querydirect) later, brings the outcome. Do not ship, do not send the payment again",
	ogone.StateActionRequired: "show the customer the 3-D Secure page: the DirectLink reply's HTML_ANSWER (base64 HTML; 'ogone parse' prints it decoded); the outcome comes back on ACCEPTURL, DECLINEURL or EXCEPTIONURL",
	ogone.StateUncertain:      "do not retry; query the order (querydirect) to learn the outcome. The money may already have moved: sending the operation again could charge or refund twice",
	ogone.StateAuthorized:     "the money is reserved, not captured: capture it (maintenance SAS, or SAL for part) before the authorization expires; it is not paid yet",
	ogone.StateCaptured:       "paid: fulfil the order",
	ogone.StateCancelled:      "no money moves: release the order (stock, customer notice)",
	ogone.StateDeclined:       "not paid: let the customer try again, with another card or payment method; NCERROR says why (40001139 is a soft decline: send it again with 3-D Secure; 40001134 a failed authentication)",
	ogone.StateRefunded:       "the money went (or is going) back to the customer: mark the order refunded",
	ogone.StateError:          "needs a person: the order is invalid or a maintenance operation failed; NCERROR says why, and the back office shows the details",
}

// statusOutput is the JSON of status.
type statusOutput struct {
	Command        string `json:"command,omitempty"` // empty when nested in parse's output
	Code           int    `json:"code"`
	Known          bool   `json:"known"`
	Meaning        string `json:"meaning"`
	State          string `json:"state"`
	Uncertain      bool   `json:"uncertain"`
	ActionRequired bool   `json:"action_required"`
	Paid           bool   `json:"paid"`
	Final          bool   `json:"final"`
	NeedsReview    bool   `json:"needs_review"`
	Advice         string `json:"advice"`
}

func describeStatus(s ogone.Status) statusOutput {
	st := s.State()
	advice := stateAdvice[st]
	if advice == "" {
		advice = stateAdvice[ogone.StateUnknown]
	}
	return statusOutput{
		Command:        "status",
		Code:           int(s),
		Known:          s.Known(),
		Meaning:        s.Meaning(),
		State:          st.String(),
		Uncertain:      s.Uncertain(),
		ActionRequired: s.ActionRequired(),
		Paid:           st.Paid(),
		Final:          st.Final(),
		NeedsReview:    s.NeedsReview(),
		Advice:         advice,
	}
}

func runStatus(e *env, args []string) int {
	fs := newFlagSet("status")
	asJSON := fs.Bool("json", false, "print JSON")
	positional, err := parseFlags(fs, args)
	if err != nil {
		return fail(e, fs, err)
	}
	if len(positional) != 1 {
		return fail(e, fs, usagef("give one STATUS code, e.g. ogone status 92"))
	}
	s, err := ogone.ParseStatus(positional[0])
	if err != nil {
		return fail(e, fs, usagef("not a STATUS code: want 0 to 99, e.g. 9 or 92"))
	}
	out := describeStatus(s)
	if *asJSON {
		writeJSON(e.stdout, out)
		return exitOK
	}
	writeStatusText(e.stdout, out)
	return exitOK
}

func writeStatusText(w io.Writer, out statusOutput) {
	fmt.Fprintf(w, "STATUS %d: %s\n", out.Code, out.Meaning)
	fmt.Fprintf(w, "state            %s (paid: %s, final: %s)\n", out.State, yesNo(out.Paid), yesNo(out.Final))
	fmt.Fprintf(w, "uncertain        %s\n", yesNo(out.Uncertain))
	fmt.Fprintf(w, "action required  %s\n", yesNo(out.ActionRequired))
	if out.NeedsReview {
		fmt.Fprintln(w, "review           the platform's status lists disagree on this code: confirm the transaction in the back office before relying on it")
	}
	fmt.Fprintf(w, "what to do       %s\n", out.Advice)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ncErrorAdvice is advice for codes whose remedy is more precise than
// their family's.
var ncErrorAdvice = map[ogone.NCError]string{
	ogone.NCErrorDuplicateOrder:       "the ORDERID was used before: the reply carries the existing order's PAYID; query that order (querydirect) instead of paying again, and give a new payment a new ORDERID",
	ogone.NCErrorWrongOrderStatus:     "the order's status does not allow this maintenance, often because it was already done (a second capture, a deletion twice): query the order before assuming the first attempt failed",
	ogone.NCErrorSHAMismatch:          "the SHA-IN signature does not match: run 'ogone sign --explain' on the same parameters and compare with what the shop hashes (algorithm, SHA-IN passphrase, uppercased names, empty values left out)",
	ogone.NCError3DSRequired:          "the issuer wants 3-D Secure: send the request with FLAG3D=Y and the browser fields, or use the hosted payment page",
	ogone.NCErrorSoftDecline:          "soft decline: the issuer refused the payment without 3-D Secure and will consider it with one. Send it again with a new ORDERID, FLAG3D=Y and the customer's BROWSER* data (ThreeDSecure.Browser); a merchant-initiated charge needs COF_INITIATOR=MIT instead",
	ogone.NCError3DSFailed:            "the customer did not pass 3-D Secure: not paid; let them try again or pay another way",
	"40001135":                        "3-D Secure was unavailable: not paid; try again later with 3-D Secure",
	"40001137":                        "the issuer refused an authorisation asked without 3-D Secure: send it again with FLAG3D=Y and the browser data",
	ogone.NCErrorWrongAPIPassword:     "check the API user's USERID and PSWD; repeated wrong passwords lock the user, which the back office unlocks",
	ogone.NCErrorUnknownPSPID:         "check PSPID, and that the request goes to the right platform and environment (test or prod)",
	ogone.NCErrorDataValidation:       "a field of the request is invalid; NCERRORPLUS names it. Fix the request: sending it again unchanged fails again",
	ogone.NCErrorDuplicateRequest:     "the acquirer saw the same request twice: query the order (querydirect), the first attempt may have gone through",
	ogone.NCErrorDuplicateTransaction: "the acquirer already has this transaction: query the order (querydirect), the first attempt may have gone through",
	ogone.NCErrorOrderNotAccessible:   "the order to maintain cannot be read: check PAYID (or ORDERID) and that the API user may see it",
}

// categoryAdvice is the advice for a family when no code-specific one exists.
func categoryAdvice(c ogone.NCCategory, retryable bool) string {
	switch c {
	case ogone.NCOK:
		return "nothing: no error"
	case ogone.NCTechnical:
		return "do not retry; query the order (querydirect) to learn the outcome: the money may already have moved"
	case ogone.NCRefused:
		if retryable {
			return "not paid: the customer may try again (another card, corrected details, or later)"
		}
		return "not paid: do not invite a retry with this card; offer another payment method"
	case ogone.NCInvalidData:
		return "the request is wrong and only the merchant can fix it (NCERRORPLUS often names the field); sending it again unchanged fails again"
	}
	return "check the transaction in the back office"
}

// ncStatusDigit is the NCSTATUS the platform sends with a family.
func ncStatusDigit(c ogone.NCCategory) string {
	switch c {
	case ogone.NCOK:
		return "0"
	case ogone.NCTechnical:
		return "2"
	case ogone.NCRefused:
		return "3"
	case ogone.NCInvalidData:
		return "5"
	}
	return ""
}

// ncErrorOutput is the JSON of ncerror.
type ncErrorOutput struct {
	Command   string `json:"command,omitempty"` // empty when nested in parse's output
	Code      string `json:"code"`
	OK        bool   `json:"ok"`
	Meaning   string `json:"meaning"`
	Category  string `json:"category"`
	Family    string `json:"family"`
	NCStatus  string `json:"ncstatus"`
	Retryable bool   `json:"retryable"`
	Uncertain bool   `json:"uncertain"`
	Advice    string `json:"advice"`
}

// familyAdvice is the advice for the families whose remedy differs from
// their category's.
var familyAdvice = map[ogone.NCFamily]string{
	ogone.NCFamilyConfiguration: "the merchant account's set-up refuses this: check it in the back office (credentials, passphrases, payment methods, currencies) or ask the platform's support; sending it again unchanged fails again",
	ogone.NCFamilyFraud:         "a fraud rule stopped the payment (the merchant's lists and limits, or the platform's screening): do not invite a retry; review the rule in the back office if the customer is genuine",
}

// familyName is the family describeNCError reports: "none" for no error.
func familyName(code ogone.NCError) string {
	if code.OK() {
		return "none"
	}
	return code.Family().String()
}

func describeNCError(code ogone.NCError) ncErrorOutput {
	advice, ok := ncErrorAdvice[code]
	if !ok {
		advice, ok = familyAdvice[code.Family()]
	}
	if !ok {
		advice = categoryAdvice(code.Category(), code.Retryable())
	}
	return ncErrorOutput{
		Command:   "ncerror",
		Code:      string(code),
		OK:        code.OK(),
		Meaning:   code.Meaning(),
		Category:  code.Category().String(),
		Family:    familyName(code),
		NCStatus:  ncStatusDigit(code.Category()),
		Retryable: code.Retryable(),
		Uncertain: code.Uncertain(),
		Advice:    advice,
	}
}

func runNCError(e *env, args []string) int {
	fs := newFlagSet("ncerror")
	asJSON := fs.Bool("json", false, "print JSON")
	list := fs.Bool("list", false, "list every code the tool knows")
	positional, err := parseFlags(fs, args)
	if err != nil {
		return fail(e, fs, err)
	}
	if *list {
		if len(positional) != 0 {
			return fail(e, fs, usagef("give --list or one NCERROR code, not both"))
		}
		listNCErrors(e, *asJSON)
		return exitOK
	}
	if len(positional) != 1 {
		return fail(e, fs, usagef("give one NCERROR code, e.g. ogone ncerror 50001113, or --list"))
	}
	arg := positional[0]
	if arg == "" || len(arg) > 10 || !allDigits(arg) {
		return fail(e, fs, usagef("not an NCERROR code: want its digits, e.g. 50001113"))
	}
	out := describeNCError(ogone.NCError(arg))
	if *asJSON {
		writeJSON(e.stdout, out)
		return exitOK
	}
	w := e.stdout
	fmt.Fprintf(w, "NCERROR %s: %s\n", out.Code, out.Meaning)
	category := out.Category
	if out.NCStatus != "" {
		category += " (NCSTATUS " + out.NCStatus + ")"
	}
	fmt.Fprintf(w, "category    %s\n", category)
	fmt.Fprintf(w, "family      %s\n", out.Family)
	if !out.OK {
		fmt.Fprintf(w, "retryable   %s\n", retryText(out))
	}
	fmt.Fprintf(w, "what to do  %s\n", out.Advice)
	return exitOK
}

// listNCErrors prints every code the library explains: one line each,
// or a JSON array of the objects ncerror --json prints.
func listNCErrors(e *env, asJSON bool) {
	codes := ogone.KnownNCErrors()
	if asJSON {
		out := make([]ncErrorOutput, len(codes))
		for i, c := range codes {
			out[i] = describeNCError(c)
			out[i].Command = ""
		}
		writeJSON(e.stdout, out)
		return
	}
	for _, c := range codes {
		fmt.Fprintf(e.stdout, "%s  %-13s  %s\n", string(c), c.Family(), c.Meaning())
	}
}

func retryText(out ncErrorOutput) string {
	switch {
	case out.Uncertain:
		return "no: the outcome is uncertain, query first"
	case out.Retryable:
		return "yes: the customer may try again"
	}
	return "no: trying again will not change the answer"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
