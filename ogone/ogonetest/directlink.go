package ogonetest

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// ncText is the NCERRORPLUS the simulator writes for a code when it has
// nothing more precise to say.
var ncText = map[string]string{
	ncRefused:     "payment refused by the financial institution",
	ncUncertain:   "unknown status from the acquirer: query the order later",
	nc3DSFailed:   "authentication failed",
	nc3DSRequired: "this transaction requires authentication (FLAG3D=Y)",
	ncSoftDecline: "soft decline: the issuer asks for 3-D Secure; send the order again with it",
}

func plusFor(code string) string {
	if code == ncOK || code == "" {
		return "!"
	}
	return ncText[code]
}

// checkSignature verifies SHASIGN as the platform does; its refusal texts
// are the platform's.
func (s *Server) checkSignature(v url.Values) *ncErr {
	err := s.signIn.VerifyIn(v)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, shasign.ErrMissingSignature):
		return &ncErr{ncSHA, "unknown order/0/s"}
	}
	return &ncErr{ncSHA, "unknown order/1/s"}
}

// checkAPI authenticates a DirectLink request: the account, its API user
// and the signature.
func (s *Server) checkAPI(p params) *ncErr {
	if p.get("PSPID") == "" {
		return &ncErr{ncPSPID, "no pspid"}
	}
	if p.get("PSPID") != s.acct.PSPID {
		return &ncErr{ncPSPID, "unknown pspid"}
	}
	userOK := subtle.ConstantTimeCompare([]byte(p.get("USERID")), []byte(s.acct.UserID))
	passOK := subtle.ConstantTimeCompare([]byte(p.get("PSWD")), []byte(s.acct.Password.Reveal()))
	if s.acct.UserID == "" || userOK&passOK != 1 {
		return &ncErr{ncCredentials, "invalid user or password"}
	}
	return s.checkSignature(p.raw)
}

func newReply(p params) *ncresponse {
	return &ncresponse{withRoot: strings.EqualFold(p.get("WITHROOT"), "Y")}
}

// refusal fills a reply for a request the platform did not carry out.
func refusal(n *ncresponse, p params, e *ncErr, payID string) {
	if payID == "" {
		payID = "0"
	}
	n.add("orderID", p.get("ORDERID"))
	n.add("PAYID", payID)
	n.add("NCSTATUS", ncStatus(e.code))
	n.add("NCERROR", e.code)
	n.add("NCERRORPLUS", e.plus)
	n.add("ACCEPTANCE", "")
	n.add("STATUS", "0")
	n.add("amount", "")
	n.add("currency", p.get("CURRENCY"))
	n.add("PM", "")
	n.add("BRAND", "")
}

// orderDirect serves orderdirect_utf8.asp: a new order paid by card or by
// alias.
func (s *Server) orderDirect(env string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := readParams(w, r, false)
		rep := newReply(p)
		fail := func(e *ncErr, payID string) {
			refusal(rep, p, e, payID)
			s.writeXML(w, rep)
		}
		req, e := s.directRequest(r, p, err, env)
		if e != nil {
			fail(e, "")
			return
		}
		c, charged, e := s.directCard(p, req)
		if e != nil {
			fail(e, "")
			return
		}
		out := cardOutcome(c.number())
		if req.operation == "RFD" {
			out = refundOutcome(out) // refunds are not authenticated
		}
		if payID, e := s.placeDirect(rep, r, req, c, charged, out); e != nil {
			fail(e, payID)
			return
		}
		if out == outcomeTimeout && !s.sleep(r.Context(), s.set.timeoutDelay) {
			return // the client gave up; the order stands, as on the platform
		}
		s.writeXML(w, rep)
	}
}

// directRequest authenticates a DirectLink order and checks its fields;
// readErr is the error from reading the request.
func (s *Server) directRequest(r *http.Request, p params, readErr error, env string) (*orderRequest, *ncErr) {
	if readErr != nil {
		return nil, &ncErr{ncValidation, "the request could not be read"}
	}
	if e := s.checkAPI(p); e != nil {
		return nil, e
	}
	req, e := parseOrder(p, env, ogone.EndpointOrder, s.acct.defaultOperation())
	if e != nil {
		return nil, e
	}
	req.ip = p.get("REMOTE_ADDR")
	if req.ip == "" {
		req.ip = clientIP(r)
	}
	return req, nil
}

// directCard is the card a DirectLink order pays with: the one stored
// under its ALIAS when it has no CARDNO (charged then names the alias),
// else the one it carries. A card with no holder takes the order's CN.
func (s *Server) directCard(p params, req *orderRequest) (c card, charged string, e *ncErr) {
	if p.get("CARDNO") == "" && req.alias != "" {
		charged = req.alias
		c, e = s.aliasCard(req.alias)
	} else {
		c, e = s.requestCard(p, req.eci)
	}
	if e != nil {
		return card{}, "", e
	}
	if c.holder() == "" {
		c = c.withHolder(req.holder)
	}
	return c, charged, nil
}

// aliasCard is the card stored under the alias id, unless it has expired.
func (s *Server) aliasCard(id string) (card, *ncErr) {
	var c card
	s.mu.Lock()
	a, ok := s.state.aliases[id]
	if ok {
		c = a.card
	}
	s.mu.Unlock()
	if !ok {
		return card{}, &ncErr{ncValidation, "unknown alias"}
	}
	if c.expired(s.now()) {
		return card{}, &ncErr{problemExpiryPast.code, problemExpiryPast.text}
	}
	return c, nil
}

// requestCard is the card a DirectLink request carries, checked. A
// recurring payment (ECI 9) has no CVC: nobody is there to type it.
func (s *Server) requestCard(p params, eci string) (card, *ncErr) {
	in := cardInput{number: p.get("CARDNO"), expiry: p.get("ED"), cvc: p.get("CVC"), holder: p.get("CN")}
	c, probs := in.validate(s.now(), eci != "9" && eci != "2")
	if !probs.ok() {
		q := probs.first()
		return card{}, &ncErr{q.code, q.text}
	}
	return c, nil
}

// placeDirect records a DirectLink order with the outcome its card
// decides and fills its reply, or refuses a duplicate ORDERID with the
// PAYID of the earlier order.
func (s *Server) placeDirect(rep *ncresponse, r *http.Request, req *orderRequest, c card, charged string, out outcome) (payID string, e *ncErr) {
	status, nc := directOutcome(out, req)
	s.mu.Lock()
	defer s.mu.Unlock()
	if dup := s.duplicateLocked(req.orderID); dup != nil {
		return dup.payIDString(), &ncErr{ncDuplicate, "this order has already been processed"}
	}
	t := s.newTxnLocked(req, c, status, nc)
	switch {
	case charged != "":
		t.alias = charged
		s.useAliasLocked(charged)
	case req.alias != "" && status != ogone.StatusAuthorizationRefused:
		s.storeAliasLocked(req.alias, c, req.aliasTemporary)
		t.alias = req.alias
		s.useAliasLocked(req.alias)
	}
	if out == outcomeUncertain {
		t.settleTo = authorisedStatus(req.operation)
	}
	orderReply(rep, t)
	if status == ogone.StatusWaitingAuthentication {
		token := s.newSessionLocked(&session{kind: sessionThreeDS, req: req, payID: t.payID})
		rep.htmlAnswer = htmlAnswer(s.baseURL(r), req.env, token)
	}
	return "", nil
}

func orderReply(n *ncresponse, t *txn) {
	n.add("orderID", t.orderID)
	n.add("PAYID", t.payIDString())
	n.add("NCSTATUS", ncStatus(t.ncError))
	n.add("NCERROR", t.ncError)
	n.add("NCERRORPLUS", plusFor(t.ncError))
	n.add("ACCEPTANCE", acceptance(t.status))
	n.add("STATUS", strconv.Itoa(int(t.status)))
	n.add("ECI", t.eci)
	n.add("amount", formatAmount(t.amount))
	n.add("currency", t.currency)
	n.add("PM", "CreditCard")
	n.add("BRAND", t.card.brand())
	if t.alias != "" {
		n.add("ALIAS", t.alias)
	}
}

// htmlAnswer is the base64 HTML a shop shows its customer to start 3-D
// Secure: a form that posts itself to the simulator's authentication page.
func htmlAnswer(base, env, token string) string {
	var b bytes.Buffer
	data := struct{ Action, Token string }{base + "/ncol/" + env + "/simulator/3ds", token}
	if err := pages.ExecuteTemplate(&b, "htmlanswer", data); err != nil {
		return ""
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// findOrderLocked finds the order a maintenance or query request names:
// by PAYID when given (as the platform prefers), else by ORDERID.
func (s *Server) findOrderLocked(p params) (*txn, *ncErr) {
	if payID := p.get("PAYID"); payID != "" {
		n, err := strconv.ParseInt(payID, 10, 64)
		if t, ok := s.state.byPAYID[n]; err == nil && ok {
			return t, nil
		}
		return nil, &ncErr{ncUnknownOrder, "unknown payid " + truncate(payID, 20)}
	}
	orderID := p.get("ORDERID")
	if orderID == "" {
		return nil, &ncErr{ncValidation, "no payid or orderid"}
	}
	if t, ok := s.state.byOrderID[orderID]; ok {
		return t, nil
	}
	return nil, &ncErr{ncUnknownOrder, "unknown orderid " + truncate(orderID, 30) + " for merchant " + s.acct.PSPID}
}

// maintenance serves maintenancedirect.asp: renew, cancel, capture and
// refund an order.
func (s *Server) maintenance(w http.ResponseWriter, r *http.Request) {
	p, err := readParams(w, r, false)
	rep := newReply(p)
	op, amount, e := s.maintenanceRequest(p, err)
	if e != nil {
		maintenanceRefusal(rep, p, e, nil)
		s.writeXML(w, rep)
		return
	}
	s.mu.Lock()
	t, e := s.findOrderLocked(p)
	if e == nil {
		s.settleLocked(t)
		e = s.applyLocked(t, op, amount)
	}
	if e != nil {
		maintenanceRefusal(rep, p, e, t)
	} else {
		maintenanceReply(rep, t)
	}
	s.mu.Unlock()
	s.writeXML(w, rep)
}

// maintenanceRequest authenticates a maintenance request and reads its
// OPERATION and AMOUNT (0: all that is left); readErr is the error from
// reading the request.
func (s *Server) maintenanceRequest(p params, readErr error) (op string, amount int64, e *ncErr) {
	if readErr != nil {
		return "", 0, &ncErr{ncValidation, "the request could not be read"}
	}
	if e := s.checkAPI(p); e != nil {
		return "", 0, e
	}
	switch op = strings.ToUpper(p.get("OPERATION")); op {
	case "":
		return "", 0, &ncErr{ncValidation, "no operation"}
	case "REN", "DEL", "DES", "SAL", "SAS", "RFD", "RFS":
	default:
		return "", 0, &ncErr{ncValidation, "invalid operation"}
	}
	if a := p.get("AMOUNT"); a != "" {
		if amount, e = parseAmount(a); e != nil {
			return "", 0, e
		}
	}
	return op, amount, nil
}

// maintenanceRefusal fills the reply to a maintenance request the platform
// refused; t is the order it named, nil when none was found.
func maintenanceRefusal(rep *ncresponse, p params, e *ncErr, t *txn) {
	orderID, payID := p.get("ORDERID"), "0"
	if t != nil {
		orderID, payID = t.orderID, t.payIDString()
	}
	rep.add("orderID", orderID)
	rep.add("PAYID", payID)
	rep.add("PAYIDSUB", "")
	rep.add("NCSTATUS", ncStatus(e.code))
	rep.add("NCERROR", e.code)
	rep.add("NCERRORPLUS", e.plus)
	rep.add("ACCEPTANCE", "")
	rep.add("STATUS", "0")
	rep.add("amount", "")
	rep.add("currency", "")
}

// maintenanceReply fills the reply to a maintenance operation carried out
// on t: its last history entry.
func maintenanceReply(rep *ncresponse, t *txn) {
	h := t.history[len(t.history)-1]
	rep.add("orderID", t.orderID)
	rep.add("PAYID", t.payIDString())
	rep.add("PAYIDSUB", strconv.Itoa(h.PAYIDSUB))
	rep.add("NCSTATUS", "0")
	rep.add("NCERROR", ncOK)
	rep.add("NCERRORPLUS", "!")
	rep.add("ACCEPTANCE", "")
	rep.add("STATUS", strconv.Itoa(int(h.Reply)))
	rep.add("amount", h.Amount.String())
	rep.add("currency", t.currency)
}

// applyLocked carries out a maintenance operation, or says why the
// platform would refuse it. Replies carry the platform's intermediate
// status (91, 61, 81); the order settles at once to the final one (9, 6,
// 8).
func (s *Server) applyLocked(t *txn, op string, amount int64) *ncErr {
	wrongStatus := &ncErr{ncWrongStatus, "operation not allowed in status " + strconv.Itoa(int(t.status))}
	var reply, settled ogone.Status
	switch op {
	case "REN":
		if t.status != ogone.StatusAuthorized {
			return wrongStatus
		}
		amount, reply, settled = t.authorized, ogone.StatusAuthorized, ogone.StatusAuthorized
	case "DEL", "DES":
		if t.status != ogone.StatusAuthorized || t.captured > 0 {
			return wrongStatus
		}
		amount, reply, settled = t.authorized, ogone.StatusAuthorizationDeletionWaiting, ogone.StatusAuthorizedAndCancelled
		t.authorized, t.captureClosed = 0, true
	case "SAL", "SAS":
		left := t.authorized - t.captured
		if (t.status != ogone.StatusAuthorized && t.status != ogone.StatusPaymentRequested) || t.captureClosed || left <= 0 {
			return wrongStatus
		}
		if amount == 0 {
			amount = left
		}
		if amount > left {
			return &ncErr{ncCaptureOverflow, "amount exceeds what is left of the authorisation"}
		}
		t.captured += amount
		t.captureClosed = op == "SAS" || t.captured == t.authorized
		reply, settled = ogone.StatusPaymentProcessing, ogone.StatusPaymentRequested
	case "RFD", "RFS":
		left := t.captured - t.refunded
		if (t.status != ogone.StatusPaymentRequested && t.status != ogone.StatusRefund) || t.refundClosed || left <= 0 {
			return wrongStatus
		}
		if amount == 0 {
			amount = left
		}
		if amount > left {
			return &ncErr{ncRefundOverflow, "amount exceeds what is left to refund"}
		}
		t.refunded += amount
		t.refundClosed = op == "RFS" || t.refunded == t.captured
		reply, settled = ogone.StatusRefundPending, ogone.StatusRefund
	}
	t.status, t.ncError = settled, ncOK
	t.history = append(t.history, HistoryEntry{
		PAYIDSUB:  len(t.history),
		Operation: ogone.Operation(op),
		Amount:    fromMinor(amount),
		Status:    settled,
		Reply:     reply,
		NCError:   ncOK,
		Time:      s.now(),
	})
	return nil
}

// query serves querydirect_utf8.asp and querydirect.asp: an order's status,
// or one of its operations' with PAYIDSUB.
func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	p, err := readParams(w, r, false)
	rep := newReply(p)
	fail := func(e *ncErr) {
		rep.add("orderID", p.get("ORDERID"))
		rep.add("PAYID", or(p.get("PAYID"), "0"))
		rep.add("PAYIDSUB", "")
		rep.add("NCSTATUS", ncStatus(e.code))
		rep.add("NCERROR", e.code)
		rep.add("NCERRORPLUS", e.plus)
		rep.add("ACCEPTANCE", "")
		rep.add("STATUS", strconv.Itoa(int(ogone.StatusQueryFailed)))
	}
	if err != nil {
		fail(&ncErr{ncValidation, "the request could not be read"})
		s.writeXML(w, rep)
		return
	}
	if e := s.checkAPI(p); e != nil {
		fail(e)
		s.writeXML(w, rep)
		return
	}
	s.mu.Lock()
	t, e := s.findOrderLocked(p)
	var h HistoryEntry
	if e == nil {
		s.settleLocked(t)
		h = t.history[len(t.history)-1]
		if sub := p.get("PAYIDSUB"); sub != "" {
			n, err := strconv.Atoi(sub)
			if err != nil || n < 0 || n >= len(t.history) {
				e = &ncErr{ncUnknownOrder, "unknown payidsub " + truncate(sub, 10)}
			} else {
				h = t.history[n]
			}
		}
	}
	if e != nil {
		fail(e)
	} else {
		rep.add("orderID", t.orderID)
		rep.add("PAYID", t.payIDString())
		rep.add("PAYIDSUB", strconv.Itoa(h.PAYIDSUB))
		rep.add("NCSTATUS", ncStatus(string(h.NCError)))
		rep.add("NCERROR", string(h.NCError))
		rep.add("NCERRORPLUS", plusFor(string(h.NCError)))
		rep.add("ACCEPTANCE", acceptance(h.Status))
		rep.add("STATUS", strconv.Itoa(int(h.Status)))
		rep.add("ECI", t.eci)
		rep.add("amount", h.Amount.String())
		rep.add("currency", t.currency)
		rep.add("PM", "CreditCard")
		rep.add("BRAND", t.card.brand())
		rep.add("CARDNO", t.card.masked())
		rep.add("IP", t.ip)
		if t.alias != "" {
			rep.add("ALIAS", t.alias)
		}
		if t.comPlus != "" {
			rep.add("COMPLUS", t.comPlus)
		}
		// PARAMPLUS content comes back as attributes of its own; a name
		// XML cannot carry, or one the reply already has, is left out.
		for _, kv := range paramPlusPairs(t.paramPlus) {
			if isXMLName(kv.name) && !rep.has(kv.name) {
				rep.add(kv.name, kv.value)
			}
		}
	}
	s.mu.Unlock()
	s.writeXML(w, rep)
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
