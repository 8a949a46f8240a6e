package ogonetest

import (
	"fmt"
	"strings"
	"time"
)

// Test card numbers. Their outcome is the same on the hosted payment page,
// through DirectLink and when charged through an alias; the package
// documentation has the full table. Every other number that passes the Luhn
// check and starts like a VISA, MasterCard or American Express number is
// accepted.
const (
	// CardAccepted is a VISA card that is always authorised.
	CardAccepted = "4111111111111111"
	// CardAcceptedMastercard is a MasterCard that is always authorised.
	CardAcceptedMastercard = "5399999999999999"
	// CardAmex is an American Express card that is always authorised. Its
	// CVC has 4 digits.
	CardAmex = "378282246310005"
	// CardRefused is a VISA card whose authorisation the acquirer refuses:
	// STATUS 2, NCERROR 30001001.
	CardRefused = "4000000000000002"
	// Card3DS is a VISA card enrolled in 3-D Secure: DirectLink answers
	// STATUS 46 with an HTML_ANSWER, the hosted page adds an
	// authentication step.
	Card3DS = "4000000000003220"
	// CardFrictionless is a VISA card enrolled in 3-D Secure v2 whose
	// issuer authenticates the customer from the browser data alone: a
	// DirectLink order with FLAG3D=Y and valid browser data is authorised
	// at once, without a challenge, unless it asks for one with challenge
	// indicator 04. Without FLAG3D it is authorised too.
	CardFrictionless = "4000000000001091"
	// CardSoftDecline is a VISA card whose issuer soft-declines a payment
	// made without 3-D Secure (STATUS 2, NCERROR 40001139) and authorises
	// it, without a challenge, when it is sent again with FLAG3D=Y and
	// browser data. A merchant-initiated payment (COF_INITIATOR=MIT) is
	// authorised without 3-D Secure.
	CardSoftDecline = "4000000000001273"
	// CardUncertain is a VISA card whose authorisation ends in an unknown
	// state: STATUS 92 (52 for OPERATION=RES). The order settles to 9 (5)
	// at the next direct query or maintenance request that names it.
	CardUncertain = "4000000000000119"
	// CardTimeout is a VISA card whose DirectLink order is recorded as
	// authorised at once but answered only after the server's timeout
	// delay (see WithTimeoutDelay), long after a client gives up.
	CardTimeout = "4000000000000259"
)

// outcome is what the simulated acquirer makes of a card.
type outcome uint8

const (
	outcomeAccept outcome = iota
	outcomeRefuse
	outcome3DS
	outcomeUncertain
	outcomeTimeout
	outcomeFrictionless
	outcomeSoftDecline
)

func cardOutcome(number string) outcome {
	switch number {
	case CardRefused:
		return outcomeRefuse
	case Card3DS:
		return outcome3DS
	case CardUncertain:
		return outcomeUncertain
	case CardTimeout:
		return outcomeTimeout
	case CardFrictionless:
		return outcomeFrictionless
	case CardSoftDecline:
		return outcomeSoftDecline
	}
	return outcomeAccept
}

// refundOutcome is the outcome of a standalone refund: nobody
// authenticates a refund.
func refundOutcome(out outcome) outcome {
	switch out {
	case outcome3DS, outcomeFrictionless, outcomeSoftDecline:
		return outcomeAccept
	}
	return out
}

// card is a payment card as the simulator keeps it. The full number is kept
// only to charge it again through an alias; the CVC is never kept. A card
// prints as its masked number, so no verb and no log line can show more,
// and its data sits behind a pointer to a pointer, so that even fmt
// walking a struct by reflection (where it calls no String method) prints
// an address.
type card struct {
	d **cardData // nil in the zero card
}

type cardData struct {
	number string // digits only
	month  int    // 1 to 12
	year   int    // four digits
	holder string
}

func newCard(d cardData) card {
	p := &d
	return card{d: &p}
}

func (c card) data() cardData {
	if c.d == nil {
		return cardData{}
	}
	return **c.d
}

func (c card) number() string     { return c.data().number }
func (c card) holder() string     { return c.data().holder }
func (c card) masked() string     { return maskPAN(c.number()) }
func (c card) bin() string        { return c.number()[:min(6, len(c.number()))] }
func (c card) brand() string      { return brandOf(c.number()) }
func (c card) expiryMMYY() string { d := c.data(); return fmt.Sprintf("%02d%02d", d.month, d.year%100) }

// withHolder returns c with the holder's name set, leaving c unchanged.
func (c card) withHolder(h string) card {
	d := c.data()
	d.holder = h
	return newCard(d)
}

// String redacts the card to its masked number.
func (c card) String() string { return "card{" + c.masked() + "}" }

// GoString is String, so that %#v does not reach the number field.
func (c card) GoString() string { return c.String() }

// Format prints String for every verb.
func (c card) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// maskPAN keeps the last four digits, as the platform's CARDNO feedback
// does: XXXXXXXXXXXX1111.
func maskPAN(number string) string {
	if len(number) <= 4 {
		return strings.Repeat("X", len(number))
	}
	return strings.Repeat("X", len(number)-4) + number[len(number)-4:]
}

// brandOf names the brand as the platform writes BRAND, or "" when the
// simulator does not know it.
func brandOf(number string) string {
	switch {
	case strings.HasPrefix(number, "4"):
		return "VISA"
	case len(number) >= 2 && number[0] == '5' && number[1] >= '1' && number[1] <= '5':
		return "MasterCard"
	case len(number) >= 4 && number[:4] >= "2221" && number[:4] <= "2720":
		return "MasterCard"
	case strings.HasPrefix(number, "34"), strings.HasPrefix(number, "37"):
		return "American Express"
	}
	return ""
}

// cardProblem is what is wrong with one card field, as an NCERROR code and
// words a customer understands. The zero value means no problem.
type cardProblem struct {
	code string
	text string
}

func (p cardProblem) ok() bool { return p.code == "" }

// Card field problems, with the platform's codes for them.
var (
	problemNumberEmpty    = cardProblem{"50001178", "card number is missing"}
	problemNumberNotDigit = cardProblem{"50001177", "card number must contain digits only"}
	problemNumberTooLong  = cardProblem{"50001176", "card number is too long"}
	problemNumberInvalid  = cardProblem{"50001054", "card number is not valid"}
	problemUnknownBrand   = cardProblem{"50001001", "card type is not accepted"}
	problemExpiryFormat   = cardProblem{"50001181", "expiry date must be written MM/YY"}
	problemExpiryMonth    = cardProblem{"50001182", "expiry month must be 01 to 12"}
	problemExpiryPast     = cardProblem{"50001183", "card has expired"}
	problemCVCMissing     = cardProblem{"50001090", "CVC is missing"}
	problemCVCFormat      = cardProblem{"50001066", "CVC must be 3 digits (4 for American Express)"}
	problemHolderTooLong  = cardProblem{"50001174", "card holder name is too long"}
	problemHolderMissing  = cardProblem{"60001057", "card holder name is missing"}
)

// cleanPAN removes the spaces and dashes people type inside card numbers.
func cleanPAN(s string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
}

func checkPAN(number string) cardProblem {
	switch {
	case number == "":
		return problemNumberEmpty
	case !allDigits(number):
		return problemNumberNotDigit
	case len(number) > 19:
		return problemNumberTooLong
	case len(number) < 12 || !luhnValid(number):
		return problemNumberInvalid
	case brandOf(number) == "":
		return problemUnknownBrand
	}
	return cardProblem{}
}

// parseExpiry reads MM/YY, MMYY or MM/YYYY and checks that the card is
// still valid at now: a card is valid through the last day of its month.
func parseExpiry(s string, now time.Time) (month, year int, p cardProblem) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	var mm, yy string
	switch {
	case len(s) == 4 && allDigits(s):
		mm, yy = s[:2], s[2:]
	case len(s) == 5 && s[2] == '/':
		mm, yy = s[:2], s[3:]
	case len(s) == 7 && s[2] == '/':
		mm, yy = s[:2], s[3:]
	default:
		return 0, 0, problemExpiryFormat
	}
	if !allDigits(mm) || !allDigits(yy) {
		return 0, 0, problemExpiryFormat
	}
	month = atoiDigits(mm)
	year = atoiDigits(yy)
	if len(yy) == 2 {
		year += 2000
	}
	if month < 1 || month > 12 {
		return 0, 0, problemExpiryMonth
	}
	nowY, nowM, _ := now.Date()
	if year < nowY || (year == nowY && month < int(nowM)) {
		return 0, 0, problemExpiryPast
	}
	return month, year, cardProblem{}
}

func checkCVC(cvc, number string) cardProblem {
	want := 3
	if brandOf(number) == "American Express" {
		want = 4
	}
	switch {
	case cvc == "":
		return problemCVCMissing
	case !allDigits(cvc) || len(cvc) != want:
		return problemCVCFormat
	}
	return cardProblem{}
}

// cardInput is what a customer (or a DirectLink request) gives for a card.
type cardInput struct {
	number, expiry, cvc, holder string
}

// cardProblems reports every field's problem at once, the way Alias Gateway
// returns NCERRORCARDNO, NCERRORED, NCERRORCVC and NCERRORCN side by side.
type cardProblems struct {
	number, expiry, cvc, holder cardProblem
}

func (p cardProblems) ok() bool {
	return p.number.ok() && p.expiry.ok() && p.cvc.ok() && p.holder.ok()
}

// first returns the first problem in the order the platform checks fields.
func (p cardProblems) first() cardProblem {
	for _, q := range []cardProblem{p.number, p.expiry, p.cvc, p.holder} {
		if !q.ok() {
			return q
		}
	}
	return cardProblem{}
}

// validate checks a card as typed. requireCVC is false when an alias is
// charged, because the platform never stores a CVC.
func (in cardInput) validate(now time.Time, requireCVC bool) (card, cardProblems) {
	var p cardProblems
	c := cardData{number: cleanPAN(in.number), holder: strings.TrimSpace(in.holder)}
	p.number = checkPAN(c.number)
	c.month, c.year, p.expiry = parseExpiry(in.expiry, now)
	if requireCVC || in.cvc != "" {
		p.cvc = checkCVC(strings.TrimSpace(in.cvc), c.number)
	}
	if len([]rune(c.holder)) > 35 {
		p.holder = problemHolderTooLong
	}
	return newCard(c), p
}

func luhnValid(number string) bool {
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		d := int(number[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoiDigits converts a short string of digits already checked by
// allDigits.
func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// expired reports whether the card's validity ended before now's month.
func (c card) expired(now time.Time) bool {
	y, m, _ := now.Date()
	d := c.data()
	return d.year < y || (d.year == y && d.month < int(m))
}
