package ogonetest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Alias result statuses, as Alias Gateway (STATUS) and FlexCheckout
// (Alias.Status) report them.
const (
	aliasOK        = 0
	aliasNOK       = 1
	aliasUpdated   = 2
	aliasCancelled = 3 // FlexCheckout only
)

// aliasCardFields are the fields the customer types into an Alias Gateway
// form. The shop cannot sign them, so SHA-IN leaves them out.
var aliasCardFields = []string{"CARDNO", "CN", "CVC", "ED"}

// aliasResult is the outcome of a card registration.
type aliasResult struct {
	id      string
	status  int
	ncError string
	probs   cardProblems
	card    card
}

// register checks the card a customer typed and stores it under id (or a
// new alias when id is empty).
func (s *Server) register(id string, in cardInput, temporary bool) aliasResult {
	c, probs := in.validate(s.now(), true)
	if probs.holder.ok() && c.holder() == "" {
		probs.holder = problemHolderMissing
	}
	res := aliasResult{id: id, card: c, probs: probs, ncError: ncOK}
	if !probs.ok() {
		res.status, res.ncError = aliasNOK, ncValidation
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if res.id == "" {
		res.id = s.newAliasIDLocked()
	}
	res.status = aliasOK
	if s.storeAliasLocked(res.id, c, temporary) {
		res.status = aliasUpdated
	}
	return res
}

// maskedNumber is what the result shows of the card number: the masked
// number once it is a valid one, nothing of a number that is not.
func (a aliasResult) maskedNumber() string {
	if a.card.number() != "" && a.probs.number.ok() {
		return a.card.masked()
	}
	return ""
}

func (a aliasResult) expiry() string {
	if a.card.data().month != 0 && a.probs.expiry.ok() {
		return a.card.expiryMMYY()
	}
	return ""
}

func (a aliasResult) brand() string {
	if a.card.number() != "" && a.probs.number.ok() {
		return a.card.brand()
	}
	return ""
}

func (a aliasResult) bin() string {
	if a.card.number() != "" && a.probs.number.ok() {
		return a.card.bin()
	}
	return ""
}

func codeOf(p cardProblem) string { return or(p.code, ncOK) }

// signedRedirect signs the result with SHA-OUT, appends the PARAMPLUS
// content unsigned and sends the browser to target.
func (s *Server) signedRedirect(w http.ResponseWriter, r *http.Request, target string, l kvs, paramPlus, sigName string) {
	sig, err := s.signOut.Load().SignOut(l.values())
	if err != nil {
		sig = "" // the values come from this server and a verified request
	}
	l = append(l, paramPlusPairs(paramPlus)...)
	l.add(sigName, sig)
	http.Redirect(w, r, withQuery(target, l.encode()), http.StatusSeeOther)
}

// aliasGateway serves alias_gateway_utf8.asp. The platform expects the
// shop's own form to post the card fields together with its signed hidden
// fields; the simulator does that, and also shows a form of its own when
// the request carries no card fields, so that a plain redirect works too.
func (s *Server) aliasGateway(w http.ResponseWriter, r *http.Request) {
	p, err := readParams(w, r, true)
	if err != nil {
		errorPage(w, ncValidation, "the request could not be read")
		return
	}
	if pspid := p.get("PSPID"); pspid == "" || pspid != s.acct.PSPID {
		errorPage(w, ncPSPID, "PSPID not found or incorrect")
		return
	}
	signed := without(p.raw, aliasCardFields...)
	if e := s.checkSignature(signed); e != nil {
		errorPage(w, e.code, e.plus)
		return
	}
	orderID, accept, exception := p.get("ORDERID"), p.get("ACCEPTURL"), p.get("EXCEPTIONURL")
	switch {
	case orderID == "":
		errorPage(w, ncValidation, "no orderid")
		return
	case accept == "" || exception == "":
		errorPage(w, ncValidation, "ACCEPTURL and EXCEPTIONURL are mandatory")
		return
	case p.get("ALIAS") != "" && !validAliasID(p.get("ALIAS")):
		errorPage(w, ncValidation, "invalid alias")
		return
	}
	if !p.has("CARDNO") {
		var hidden []nameValue
		for name, values := range signed {
			if len(values) == 1 {
				hidden = append(hidden, nameValue{name, values[0]})
			}
		}
		slices.SortFunc(hidden, func(a, b nameValue) int { return strings.Compare(a.Name, b.Name) })
		render(w, "alias", struct {
			Action, OrderID string
			Hidden          []nameValue
			Cancel          bool
			Cards           []testCard
		}{r.URL.Path, orderID, hidden, false, testCards})
		return
	}
	in := cardInput{number: p.get("CARDNO"), expiry: p.get("ED"), cvc: p.get("CVC"), holder: p.get("CN")}
	res := s.register(p.get("ALIAS"), in, strings.EqualFold(p.get("ALIASPERSISTEDAFTERUSE"), "N"))
	var l kvs
	l.add("ALIAS", res.id)
	l.add("ORDERID", orderID)
	l.add("STATUS", strconv.Itoa(res.status))
	l.add("NCERROR", res.ncError)
	l.add("NCERRORCARDNO", codeOf(res.probs.number))
	l.add("NCERRORCN", codeOf(res.probs.holder))
	l.add("NCERRORCVC", codeOf(res.probs.cvc))
	l.add("NCERRORED", codeOf(res.probs.expiry))
	l.add("BRAND", res.brand())
	l.add("CARDNO", res.maskedNumber())
	l.add("CN", res.card.holder())
	l.add("ED", res.expiry())
	target := accept
	if res.status == aliasNOK {
		target = exception
	}
	s.signedRedirect(w, r, target, l, p.get("PARAMPLUS"), "SHASIGN")
}

// flexCheckout serves /Tokenization/HostedPage: a GET with the shop's
// signed ACCOUNT.*, ALIAS.*, CARD.*, LAYOUT.* and PARAMETERS.* query shows
// the card form; the form posts back to the same URL.
func (s *Server) flexCheckout(w http.ResponseWriter, r *http.Request) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		errorPage(w, ncValidation, "the request could not be read")
		return
	}
	p := newParams(q)
	if pspid := p.get("ACCOUNT.PSPID"); pspid == "" || pspid != s.acct.PSPID {
		errorPage(w, ncPSPID, "PSPID not found or incorrect")
		return
	}
	if e := s.checkSignature(q); e != nil {
		errorPage(w, e.code, e.plus)
		return
	}
	for _, name := range []string{"ALIAS.ORDERID", "CARD.PAYMENTMETHOD", "PARAMETERS.ACCEPTURL", "PARAMETERS.EXCEPTIONURL"} {
		if p.get(name) == "" {
			errorPage(w, ncValidation, name+" is mandatory")
			return
		}
	}
	id := p.get("ALIAS.ALIASID")
	if id != "" && !validAliasID(id) {
		errorPage(w, ncValidation, "invalid ALIAS.ALIASID")
		return
	}
	if r.Method != http.MethodPost {
		render(w, "alias", struct {
			Action, OrderID string
			Hidden          []nameValue
			Cancel          bool
			Cards           []testCard
		}{r.URL.Path + "?" + r.URL.RawQuery, p.get("ALIAS.ORDERID"), nil, true, testCards})
		return
	}
	form, err := readParams(w, r, false)
	if err != nil {
		errorPage(w, ncValidation, "the request could not be read")
		return
	}
	permanent := !strings.EqualFold(p.get("ALIAS.STOREPERMANENTLY"), "N")
	var res aliasResult
	if form.get("ACTION") == "cancel" {
		res = aliasResult{id: id, status: aliasCancelled, ncError: ncOK}
	} else {
		in := cardInput{number: form.get("CARDNO"), expiry: form.get("ED"), cvc: form.get("CVC"), holder: form.get("CN")}
		res = s.register(id, in, !permanent)
	}
	var l kvs
	l.add("Alias.AliasId", res.id)
	l.add("Alias.OrderId", p.get("ALIAS.ORDERID"))
	l.add("Alias.Status", strconv.Itoa(res.status))
	l.add("Alias.NCError", res.ncError)
	l.add("Alias.NCErrorCardNo", codeOf(res.probs.number))
	l.add("Alias.NCErrorCN", codeOf(res.probs.holder))
	l.add("Alias.NCErrorCVC", codeOf(res.probs.cvc))
	l.add("Alias.NCErrorED", codeOf(res.probs.expiry))
	l.add("Alias.StorePermanently", map[bool]string{true: "Y", false: "N"}[permanent])
	l.add("Card.Brand", res.brand())
	l.add("Card.CardNumber", res.maskedNumber())
	l.add("Card.CardHolderName", res.card.holder())
	l.add("Card.ExpiryDate", res.expiry())
	l.add("Card.Bin", res.bin())
	target := p.get("PARAMETERS.ACCEPTURL")
	if res.status == aliasNOK || res.status == aliasCancelled {
		target = p.get("PARAMETERS.EXCEPTIONURL")
	}
	s.signedRedirect(w, r, target, l, p.get("PARAMETERS.PARAMPLUS"), "SHASign")
}
