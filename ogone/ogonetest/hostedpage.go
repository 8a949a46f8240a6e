package ogonetest

import (
	"net/http"
	"net/url"

	"github.com/gogone/ogone/ogone"
)

// sessionKind says which page of a hosted flow a session token opens.
type sessionKind uint8

const (
	sessionPayment sessionKind = iota + 1 // the payment form of orderstandard_utf8.asp
	sessionThreeDS                        // the 3-D Secure page
)

// session is a customer's way through the simulator's pages. Its token is
// random, so pages cannot be reached by guessing.
type session struct {
	kind  sessionKind
	req   *orderRequest
	payID int64 // the order waiting for 3-D Secure
	offer methodOffer
	seq   uint64
}

// maxSessions bounds the sessions customers abandon, for a simulator that
// runs for days behind a demo shop.
const maxSessions = 10_000

func (s *Server) newSessionLocked(sess *session) string {
	if len(s.state.sessions) >= maxSessions {
		oldest, seq := "", ^uint64(0)
		for tok, old := range s.state.sessions {
			if old.seq < seq {
				oldest, seq = tok, old.seq
			}
		}
		delete(s.state.sessions, oldest)
	}
	s.state.sessionSeq++
	sess.seq = s.state.sessionSeq
	token := newToken()
	s.state.sessions[token] = sess
	return token
}

// hostedPage serves orderstandard_utf8.asp: it checks the shop's signed
// order and shows the payment form.
func (s *Server) hostedPage(env string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := readParams(w, r, true)
		if err != nil {
			errorPage(w, ncValidation, "the request could not be read")
			return
		}
		if pspid := p.get("PSPID"); pspid == "" || pspid != s.acct.PSPID {
			errorPage(w, ncPSPID, "PSPID not found or incorrect")
			return
		}
		if e := s.checkSignature(p.raw); e != nil {
			errorPage(w, e.code, e.plus)
			return
		}
		req, e := parseOrder(p, env, ogone.EndpointHostedPage, s.acct.defaultOperation())
		if e != nil {
			errorPage(w, e.code, e.plus)
			return
		}
		req.ip = clientIP(r)
		s.mu.Lock()
		dup := s.duplicateLocked(req.orderID)
		token := ""
		if dup == nil {
			token = s.newSessionLocked(&session{kind: sessionPayment, req: req, offer: offerFrom(p)})
		}
		s.mu.Unlock()
		if dup != nil {
			errorPage(w, ncDuplicate, "this order has already been processed")
			return
		}
		s.renderPayment(w, token, req, offerFrom(p))
	}
}

func renderPay(w http.ResponseWriter, pspid, token string, req *orderRequest, problem string, methods []methodChoice) {
	render(w, "pay", struct {
		Action, MethodAction, Token, PSPID, OrderID, Amount, Currency, CN, Com, AliasUsage, Error string
		Cards                                                                                     []testCard
		Methods                                                                                   []methodChoice
	}{
		Action:       "/ncol/" + req.env + "/simulator/pay",
		MethodAction: "/ncol/" + req.env + "/simulator/method",
		Methods:      methods,
		Token:        token,
		PSPID:        pspid,
		OrderID:      req.orderID,
		Amount:       fromMinor(req.amount).StringFixed(2),
		Currency:     req.currency,
		CN:           req.holder,
		Com:          req.com,
		AliasUsage:   req.aliasUsage,
		Error:        problem,
		Cards:        testCards,
	})
}

// paySubmit takes the payment form: it pays, cancels or asks for 3-D
// Secure, then sends the customer back to the shop.
func (s *Server) paySubmit(w http.ResponseWriter, r *http.Request) {
	p, token, sess, ok := s.paymentSession(w, r)
	if !ok {
		return
	}
	req := sess.req
	var (
		c      card
		status ogone.Status
		nc     = ncOK
		out    outcome
	)
	if p.get("ACTION") == "cancel" {
		c, status = c.withHolder(req.holder), ogone.StatusCancelledByCustomer
	} else {
		in := cardInput{number: p.get("CARDNO"), expiry: p.get("ED"), cvc: p.get("CVC"), holder: p.get("CN")}
		var probs cardProblems
		if c, probs = in.validate(s.now(), true); !probs.ok() {
			renderPay(w, s.acct.PSPID, token, req, probs.first().text, sess.offer.choices())
			return
		}
		if c.holder() == "" {
			c = c.withHolder(req.holder)
		}
		// The hosted page waits for the acquirer itself, so CardTimeout
		// is simply accepted here.
		switch out = cardOutcome(c.number()); {
		case out == outcomeRefuse:
			status, nc = ogone.StatusAuthorizationRefused, ncRefused
		case out == outcomeUncertain:
			status, nc = uncertainStatus(req.operation), ncUncertain
		case hostedOutcome(out, req):
			status = ogone.StatusWaitingAuthentication
		default:
			status = authorisedStatus(req.operation)
		}
	}

	s.mu.Lock()
	if e := s.takeSessionLocked(token, req.orderID); e != nil {
		s.mu.Unlock()
		errorPage(w, e.code, e.plus)
		return
	}
	t := s.newTxnLocked(req, c, status, nc)
	if out == outcomeUncertain && status != ogone.StatusCancelledByCustomer {
		t.settleTo = authorisedStatus(req.operation)
	}
	if status == ogone.StatusWaitingAuthentication {
		token3 := s.newSessionLocked(&session{kind: sessionThreeDS, req: req, payID: t.payID})
		s.mu.Unlock()
		http.Redirect(w, r, "/ncol/"+req.env+"/simulator/3ds?token="+url.QueryEscape(token3), http.StatusSeeOther)
		return
	}
	s.aliasAfterPaymentLocked(t, req)
	s.mu.Unlock()
	s.finish(w, r, t, ogone.EndpointHostedPage)
}

// paymentSession reads a form posted from a payment page and finds its
// payment session; when either fails it shows the error page and reports
// false.
func (s *Server) paymentSession(w http.ResponseWriter, r *http.Request) (params, string, *session, bool) {
	p, err := readParams(w, r, false)
	if err != nil {
		errorPage(w, ncValidation, "the request could not be read")
		return p, "", nil, false
	}
	token := p.get("TOKEN")
	s.mu.Lock()
	sess, ok := s.state.sessions[token]
	s.mu.Unlock()
	if !ok || sess.kind != sessionPayment {
		errorPage(w, "", "this payment session is unknown, expired or already completed")
		return p, token, nil, false
	}
	return p, token, sess, true
}

// takeSessionLocked ends the payment session token so that its order can
// be recorded, or says why it cannot: the session ended already (a second
// submit), or the ORDERID was used meanwhile.
func (s *Server) takeSessionLocked(token, orderID string) *ncErr {
	if _, still := s.state.sessions[token]; !still {
		return &ncErr{"", "this payment session is already completed"}
	}
	delete(s.state.sessions, token)
	if s.duplicateLocked(orderID) != nil {
		return &ncErr{ncDuplicate, "this order has already been processed"}
	}
	return nil
}

// aliasAfterPaymentLocked stores the card of a hosted page payment under
// the order's ALIAS (or one the platform names, with ALIASOPERATION=BYPSP)
// once the payment went through.
func (s *Server) aliasAfterPaymentLocked(t *txn, req *orderRequest) {
	switch t.status {
	case ogone.StatusAuthorized, ogone.StatusPaymentRequested, ogone.StatusAuthorizationUnknown, ogone.StatusPaymentUncertain:
	default:
		return
	}
	id := req.alias
	if id == "" && req.aliasByPSP {
		id = s.newAliasIDLocked()
	}
	if id == "" {
		return
	}
	s.storeAliasLocked(id, t.card, req.aliasTemporary)
	t.alias = id
	if req.aliasTemporary {
		s.useAliasLocked(id) // this payment was its one use
	}
}

// threeDS serves the simulated 3-D Secure page, reached from the hosted
// payment page or from a DirectLink HTML_ANSWER. Posting "authenticate"
// authorises the order, "fail" refuses it; either way the customer goes
// back to the shop with signed feedback.
func (s *Server) threeDS(w http.ResponseWriter, r *http.Request) {
	p, err := readParams(w, r, true)
	if err != nil {
		errorPage(w, ncValidation, "the request could not be read")
		return
	}
	token := p.get("TOKEN")
	action := p.get("ACTION")
	s.mu.Lock()
	sess, ok := s.state.sessions[token]
	var t *txn
	if ok && sess.kind == sessionThreeDS {
		t = s.state.byPAYID[sess.payID]
	}
	if t == nil || t.status != ogone.StatusWaitingAuthentication {
		s.mu.Unlock()
		errorPage(w, "", "this authentication is unknown or already completed")
		return
	}
	t.challenged = true
	if r.Method != http.MethodPost || (action != "authenticate" && action != "fail") {
		data := struct{ Action, Token, OrderID, Amount, Currency, CardNumber string }{
			"/ncol/" + t.env + "/simulator/3ds", token, t.orderID,
			fromMinor(t.amount).StringFixed(2), t.currency, t.card.masked(),
		}
		s.mu.Unlock()
		render(w, "3ds", data)
		return
	}
	delete(s.state.sessions, token)
	if action == "authenticate" {
		s.setStatusLocked(t, authorisedStatus(t.operation), ncOK)
	} else {
		s.setStatusLocked(t, ogone.StatusAuthorizationRefused, nc3DSFailed)
	}
	if sess.req.endpoint == ogone.EndpointHostedPage {
		s.aliasAfterPaymentLocked(t, sess.req)
	}
	s.mu.Unlock()
	s.finish(w, r, t, sess.req.endpoint)
}

// resultPage is where the customer lands when the shop gave no URL for an
// outcome: it lists the feedback.
func (s *Server) resultPage(w http.ResponseWriter, r *http.Request) {
	data := struct {
		Title  string
		Params []nameValue
	}{Title: "Payment result"}
	for _, p := range paramPlusPairs(r.URL.RawQuery) {
		data.Params = append(data.Params, nameValue{p.name, p.value})
		if p.name == "STATUS" {
			data.Title = "Payment result: status " + p.value
		}
	}
	render(w, "result", data)
}
