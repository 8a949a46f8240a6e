package ogonetest

import (
	"strconv"
	"time"

	"github.com/gogone/ogone/ogone"
)

// NCERROR codes of 3-D Secure v2 and credential-on-file refusals.
const (
	// ncSoftDecline is the issuer's soft decline of a payment made
	// without 3-D Secure, from the platform's PSD2 troubleshooting page
	// ("I have noticed I have more declined transactions (status 2)",
	// support.legacy.worldline-solutions.com).
	ncSoftDecline = "40001139"
)

// psd2 is what a new order says about 3-D Secure v2 and the stored
// credential, as the simulator read it. The checks are the simulator's
// own, written from the platform's parameter lists rather than taken from
// package ogone, so that a bug in the client's checks fails a test here.
type psd2 struct {
	browser    ogone.BrowserInfo
	hasBrowser bool
	challenge  string // MPI.THREEDSREQUESTORCHALLENGEINDICATOR, "01" to "04" or ""
	cof        ogone.CredentialOnFile
}

func (d psd2) merchantInitiated() bool { return d.cof.Initiator == "MIT" }

// parsePSD2 reads the browser data, the challenge indicator and the
// credential on file of a new order. The hosted page collects the browser
// data itself and ignores BROWSER*; a DirectLink order with FLAG3D=Y must
// carry them. Problems are NCERROR 50001111 with the parameter named in
// NCERRORPLUS: the platform's data validation error. (Which code the
// platform gives for missing browser data is not published; 50001111 is
// its general code for an invalid or missing field.)
func parsePSD2(p params, directLink, flag3D bool) (psd2, *ncErr) {
	var d psd2
	switch c := p.get("MPI.THREEDSREQUESTORCHALLENGEINDICATOR"); c {
	case "", "01", "02", "03", "04":
		d.challenge = c
	default:
		return d, invalid("MPI.THREEDSREQUESTORCHALLENGEINDICATOR")
	}
	if e := parseCOF(p, &d.cof); e != nil {
		return d, e
	}
	if !directLink {
		if d.merchantInitiated() {
			return d, &ncErr{ncValidation, "COF_INITIATOR MIT is not allowed on the payment page: the customer is there"}
		}
		return d, nil
	}
	if flag3D {
		if d.merchantInitiated() {
			return d, &ncErr{ncValidation, "FLAG3D with COF_INITIATOR MIT: nobody is there to authenticate"}
		}
		var e *ncErr
		if d.browser, e = parseBrowser(p); e != nil {
			return d, e
		}
		d.hasBrowser = true
	}
	return d, nil
}

func invalid(name string) *ncErr {
	return &ncErr{ncValidation, name + " missing or invalid"}
}

// parseCOF reads the COF_* parameters and refuses what the card schemes'
// rules forbid.
func parseCOF(p params, c *ogone.CredentialOnFile) *ncErr {
	c.Initiator, c.Transaction, c.Schedule = p.get("COF_INITIATOR"), p.get("COF_TRANSACTION"), p.get("COF_SCHEDULE")
	expiry, frequency := p.get("COF_RECURRING_EXPIRY"), p.get("COF_RECURRING_FREQUENCY")
	if c.Initiator == "" && c.Transaction == "" && c.Schedule == "" && expiry == "" && frequency == "" {
		return nil
	}
	switch {
	case c.Initiator != "CIT" && c.Initiator != "MIT":
		return invalid("COF_INITIATOR")
	case c.Transaction != "FIRST" && c.Transaction != "SUBSEQ":
		return invalid("COF_TRANSACTION")
	case c.Schedule != "" && c.Schedule != "SCHED" && c.Schedule != "UNSCHED":
		return invalid("COF_SCHEDULE")
	case c.Initiator == "MIT" && c.Transaction == "FIRST":
		return &ncErr{ncValidation, "COF_TRANSACTION FIRST must be customer-initiated"}
	case c.Initiator == "MIT" && c.Schedule == "":
		return &ncErr{ncValidation, "COF_SCHEDULE missing for a merchant-initiated payment"}
	case (expiry != "" || frequency != "") && c.Schedule != "SCHED":
		return &ncErr{ncValidation, "COF_RECURRING_* only with COF_SCHEDULE SCHED"}
	}
	if expiry != "" {
		t, err := time.Parse("20060102", expiry)
		if err != nil || len(expiry) != 8 {
			return invalid("COF_RECURRING_EXPIRY")
		}
		c.RecurringExpiry = t
	}
	if frequency != "" {
		if !allDigits(frequency) || len(frequency) > 4 || atoiDigits(frequency) == 0 {
			return invalid("COF_RECURRING_FREQUENCY")
		}
		c.RecurringFrequency = atoiDigits(frequency)
	}
	return nil
}

// parseBrowser reads the BROWSER* parameters as EMV 3-D Secure allows
// them.
func parseBrowser(p params) (ogone.BrowserInfo, *ncErr) {
	var b ogone.BrowserInfo
	b.AcceptHeader, b.UserAgent, b.Language = p.get("BROWSERACCEPTHEADER"), p.get("BROWSERUSERAGENT"), p.get("BROWSERLANGUAGE")
	for name, v := range map[string]string{"BROWSERACCEPTHEADER": b.AcceptHeader, "BROWSERUSERAGENT": b.UserAgent} {
		if v == "" || len([]rune(v)) > 2048 {
			return b, invalid(name)
		}
	}
	if n := len(b.Language); n == 0 || n > 8 {
		return b, invalid("BROWSERLANGUAGE")
	}
	var ok bool
	if b.JavaScriptEnabled, ok = parseBool(p.get("BROWSERJAVASCRIPTENABLED")); !ok {
		return b, invalid("BROWSERJAVASCRIPTENABLED")
	}
	if b.JavaEnabled, ok = parseBool(p.get("BROWSERJAVAENABLED")); !ok {
		return b, invalid("BROWSERJAVAENABLED")
	}
	if !b.JavaScriptEnabled {
		return b, nil
	}
	switch d := p.get("BROWSERCOLORDEPTH"); d {
	case "1", "4", "8", "15", "16", "24", "32", "48":
		b.ColorDepth = atoiDigits(d)
	default:
		return b, invalid("BROWSERCOLORDEPTH")
	}
	for _, f := range []struct {
		name string
		to   *int
	}{{"BROWSERSCREENHEIGHT", &b.ScreenHeight}, {"BROWSERSCREENWIDTH", &b.ScreenWidth}} {
		v := p.get(f.name)
		if !allDigits(v) || len(v) > 6 || atoiDigits(v) == 0 {
			return b, invalid(f.name)
		}
		*f.to = atoiDigits(v)
	}
	tz, err := strconv.Atoi(p.get("BROWSERTIMEZONE"))
	if err != nil || tz < -840 || tz > 720 {
		return b, invalid("BROWSERTIMEZONE")
	}
	b.TimeZoneOffset = tz
	return b, nil
}

func parseBool(s string) (bool, bool) {
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// directOutcome decides a DirectLink order's status and NCERROR from the
// card and what the order says about 3-D Secure and the stored
// credential. A merchant-initiated payment is exempt from strong customer
// authentication, so the cards that insist on it let it through.
func directOutcome(out outcome, req *orderRequest) (ogone.Status, string) {
	mit := req.psd2.merchantInitiated()
	switch out {
	case outcomeRefuse:
		return ogone.StatusAuthorizationRefused, ncRefused
	case outcomeUncertain:
		return uncertainStatus(req.operation), ncUncertain
	case outcome3DS:
		switch {
		case req.flag3D:
			return ogone.StatusWaitingAuthentication, ncOK
		case !mit:
			return ogone.StatusAuthorizationRefused, nc3DSRequired
		}
	case outcomeFrictionless:
		if req.flag3D && req.psd2.challenge == "04" {
			return ogone.StatusWaitingAuthentication, ncOK
		}
	case outcomeSoftDecline:
		if !req.flag3D && !mit {
			return ogone.StatusAuthorizationRefused, ncSoftDecline
		}
	}
	return authorisedStatus(req.operation), ncOK
}

// hostedOutcome is directOutcome for the hosted payment page, which runs
// 3-D Secure itself: it reports whether the customer must see the
// authentication page.
func hostedOutcome(out outcome, req *orderRequest) (challenge bool) {
	switch out {
	case outcome3DS:
		return true
	case outcomeFrictionless:
		return req.psd2.challenge == "04"
	}
	return false
}
