package ogonetest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gogone/ogone/ogone"
)

// NCERROR codes the simulator answers with. The numbers are the platform's
// (from its published error list); which one the platform picks in a given
// situation is documented for some and inferred for others (see the package
// documentation).
const (
	ncOK              = "0"
	ncRefused         = "30001001" // payment refused by the financial institution
	ncUncertain       = "20001001" // unknown status from the acquirer; check later
	nc3DSFailed       = "40001134" // authentication failed
	ncUnknownBrand    = "50001001"
	ncAmountNotNumber = "50001006"
	nc3DSRequired     = "50001087" // this transaction requires authentication
	ncValidation      = "50001111" // data validation error
	ncDuplicate       = "50001113" // this order has already been processed
	ncPSPID           = "50001118" // PSPID not found or incorrect
	ncCredentials     = "50001119" // password incorrect or disabled
	ncCurrency        = "50001120" // invalid currency
	ncCaptureOverflow = "50001126" // overflow in data capture requests
	ncWrongStatus     = "50001127" // incorrect original order status
	ncRefundOverflow  = "50001129" // overflow in refund requests
	ncUnknownOrder    = "50001130" // original order access error
	ncSHA             = "50001184" // SHA-IN mismatch
)

// ncErr is a refusal: the NCERROR code and the NCERRORPLUS text.
type ncErr struct{ code, plus string }

// orderRequest is a new order as the hosted page or DirectLink received it,
// checked and immutable.
type orderRequest struct {
	env       string // "test" or "prod"
	endpoint  ogone.Purpose
	orderID   string
	amount    int64
	currency  string
	operation string
	holder    string
	urls      resultURLs
	paramPlus string
	comPlus   string
	com       string
	eci       string
	ip        string
	flag3D    bool
	psd2      psd2

	alias          string // ALIAS: the alias to store the card under, or to charge
	aliasByPSP     bool   // ALIASOPERATION=BYPSP: the platform names the alias
	aliasTemporary bool   // ALIASPERSISTEDAFTERUSE=N
	aliasUsage     string
}

// parseOrder checks the fields every new order has, in the order the
// platform reports their problems.
func parseOrder(p params, env string, endpoint ogone.Purpose, defaultOp string) (*orderRequest, *ncErr) {
	req := readOrder(p, env, endpoint)
	if e := checkOrderID(req.orderID); e != nil {
		return nil, e
	}
	var e *ncErr
	if req.amount, e = parseOrderAmount(p.get("AMOUNT")); e != nil {
		return nil, e
	}
	if e := checkCurrency(req.currency); e != nil {
		return nil, e
	}
	if req.operation, e = parseOrderOperation(p.get("OPERATION"), endpoint, defaultOp); e != nil {
		return nil, e
	}
	if req.aliasByPSP, e = parseAliasOperation(p.get("ALIASOPERATION"), req.alias); e != nil {
		return nil, e
	}
	if req.psd2, e = parsePSD2(p, endpoint == ogone.EndpointOrder, req.flag3D); e != nil {
		return nil, e
	}
	if req.eci, e = parseECI(req.eci); e != nil {
		return nil, e
	}
	return req, nil
}

// readOrder copies the fields of a new order that need no checking, or
// that parseOrder checks later.
func readOrder(p params, env string, endpoint ogone.Purpose) *orderRequest {
	return &orderRequest{
		env:            env,
		endpoint:       endpoint,
		orderID:        p.get("ORDERID"),
		currency:       p.get("CURRENCY"),
		holder:         p.get("CN"),
		paramPlus:      p.get("PARAMPLUS"),
		comPlus:        p.get("COMPLUS"),
		com:            p.get("COM"),
		eci:            p.get("ECI"),
		flag3D:         strings.EqualFold(p.get("FLAG3D"), "Y"),
		alias:          p.get("ALIAS"),
		aliasTemporary: strings.EqualFold(p.get("ALIASPERSISTEDAFTERUSE"), "N"),
		aliasUsage:     p.get("ALIASUSAGE"),
		urls: resultURLs{
			accept:    p.get("ACCEPTURL"),
			decline:   p.get("DECLINEURL"),
			exception: p.get("EXCEPTIONURL"),
			cancel:    p.get("CANCELURL"),
		},
	}
}

func checkOrderID(orderID string) *ncErr {
	switch {
	case orderID == "":
		return &ncErr{ncValidation, "no orderid"}
	case ogone.ValidateOrderID(orderID) != nil:
		return &ncErr{ncValidation, "invalid orderid"}
	}
	return nil
}

// parseOrderAmount reads a new order's AMOUNT, which it must have.
func parseOrderAmount(amount string) (int64, *ncErr) {
	if amount == "" {
		return 0, &ncErr{ncValidation, "no amount"}
	}
	return parseAmount(amount)
}

// parseAmount reads a non-empty AMOUNT: a positive number of cents.
func parseAmount(amount string) (int64, *ncErr) {
	n, ok := parseMinorUnits(amount)
	switch {
	case !ok:
		return 0, &ncErr{ncAmountNotNumber, "amount is not a number of cents"}
	case n <= 0:
		return 0, &ncErr{ncValidation, "amount must be positive"}
	}
	return n, nil
}

func checkCurrency(currency string) *ncErr {
	switch {
	case currency == "":
		return &ncErr{ncValidation, "no currency"}
	case ogone.ValidateCurrency(currency) != nil:
		return &ncErr{ncCurrency, "invalid currency"}
	}
	return nil
}

// parseOrderOperation reads a new order's OPERATION: RES or SAL, RFD on
// DirectLink only, defaultOp when empty.
func parseOrderOperation(op string, endpoint ogone.Purpose, defaultOp string) (string, *ncErr) {
	switch op = strings.ToUpper(op); op {
	case "":
		return defaultOp, nil
	case "RES", "SAL":
	case "RFD":
		if endpoint != ogone.EndpointOrder {
			return "", &ncErr{ncValidation, "invalid operation"}
		}
	default:
		return "", &ncErr{ncValidation, "invalid operation"}
	}
	return op, nil
}

// parseAliasOperation reads ALIASOPERATION and checks the ALIAS beside
// it; it reports whether the platform names the alias.
func parseAliasOperation(aliasOp, alias string) (byPSP bool, e *ncErr) {
	switch strings.ToUpper(aliasOp) {
	case "", "BYMERCHANT":
	case "BYPSP":
		byPSP = alias == ""
	default:
		return false, &ncErr{ncValidation, "invalid aliasoperation"}
	}
	if alias != "" && !validAliasID(alias) {
		return false, &ncErr{ncValidation, "invalid alias"}
	}
	return byPSP, nil
}

// parseECI reads ECI: up to two digits, 7 (e-commerce) when empty.
func parseECI(eci string) (string, *ncErr) {
	if eci == "" {
		return "7", nil
	}
	if !allDigits(eci) || len(eci) > 2 {
		return "", &ncErr{ncValidation, "invalid eci"}
	}
	return eci, nil
}

// validAliasID accepts what the platform accepts as an alias: 1 to 50
// characters of [A-Za-z0-9_-].
func validAliasID(id string) bool {
	if id == "" || len(id) > 50 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// authorisedStatus is the status of an accepted order: 5 for RES, 9 for
// SAL, 8 for a standalone refund.
func authorisedStatus(operation string) ogone.Status {
	switch operation {
	case "RES":
		return ogone.StatusAuthorized
	case "RFD":
		return ogone.StatusRefund
	}
	return ogone.StatusPaymentRequested
}

// uncertainStatus is the status of an order whose authorisation ended in an
// unknown state: 52 for RES, 92 otherwise.
func uncertainStatus(operation string) ogone.Status {
	if operation == "RES" {
		return ogone.StatusAuthorizationUnknown
	}
	return ogone.StatusPaymentUncertain
}

// retryable reports whether a new order may reuse the ORDERID of an earlier
// one in this status: a refused, cancelled or invalid order leaves it free.
func retryable(status ogone.Status) bool {
	switch status {
	case ogone.StatusInvalid, ogone.StatusCancelledByCustomer, ogone.StatusAuthorizationRefused, ogone.StatusPaymentRefused:
		return true
	}
	return false
}

// duplicateLocked returns the earlier order that makes orderID a duplicate.
func (s *Server) duplicateLocked(orderID string) *txn {
	if t, ok := s.state.byOrderID[orderID]; ok && !retryable(t.status) {
		return t
	}
	return nil
}

// newTxnLocked records a new order in status.
func (s *Server) newTxnLocked(req *orderRequest, c card, status ogone.Status, ncError string) *txn {
	now := s.now()
	t := &txn{
		payID:     s.state.nextPAYID,
		env:       req.env,
		orderID:   req.orderID,
		endpoint:  req.endpoint,
		operation: req.operation,
		amount:    req.amount,
		currency:  req.currency,
		card:      c,
		eci:       req.eci,
		ip:        req.ip,
		psd2:      req.psd2,
		flag3D:    req.flag3D,
		comPlus:   req.comPlus,
		paramPlus: req.paramPlus,
		urls:      req.urls,
		created:   now,
	}
	s.state.nextPAYID++
	t.history = []HistoryEntry{{
		PAYIDSUB:  0,
		Operation: ogone.Operation(req.operation),
		Amount:    fromMinor(req.amount),
		Time:      now,
	}}
	s.setStatusLocked(t, status, ncError)
	s.state.txns = append(s.state.txns, t)
	s.state.byPAYID[t.payID] = t
	s.state.byOrderID[t.orderID] = t
	return t
}

// setStatusLocked gives the order (PAYIDSUB 0) its status and the amounts
// that follow from it.
func (s *Server) setStatusLocked(t *txn, status ogone.Status, ncError string) {
	t.status, t.ncError = status, ncError
	h := &t.history[0]
	h.Status, h.Reply, h.NCError = status, status, ogone.NCError(ncError)
	t.authorized, t.captured, t.refunded = 0, 0, 0
	t.captureClosed, t.refundClosed = false, false
	switch status {
	case ogone.StatusAuthorized:
		t.authorized = t.amount
	case ogone.StatusPaymentRequested:
		t.authorized, t.captured, t.captureClosed = t.amount, t.amount, true
	case ogone.StatusRefund:
		t.refunded, t.refundClosed = t.amount, true
	}
}

// settleLocked gives an uncertain order the status the acquirer finally
// reports. The platform learns it some time after the reply; the simulator
// learns it when the order is next asked about.
func (s *Server) settleLocked(t *txn) {
	if t.settleTo == 0 {
		return
	}
	to := t.settleTo
	t.settleTo = 0
	s.setStatusLocked(t, to, ncOK)
	t.history[0].Reply = uncertainStatus(t.operation)
}

// storeAliasLocked stores c under id, reporting whether the alias existed.
func (s *Server) storeAliasLocked(id string, c card, temporary bool) (updated bool) {
	now := s.now()
	if a, ok := s.state.aliases[id]; ok {
		a.card, a.temporary, a.updated = c, temporary, now
		return true
	}
	s.state.aliases[id] = &alias{id: id, card: c, temporary: temporary, created: now, updated: now}
	return false
}

// newAliasIDLocked names an alias the platform generates.
func (s *Server) newAliasIDLocked() string {
	for {
		id := "SIM" + strconv.FormatInt(1_000_000_000+s.state.nextAlias, 10)
		s.state.nextAlias++
		if _, taken := s.state.aliases[id]; !taken {
			return id
		}
	}
}

// useAliasLocked counts an order charged through an alias and deletes a
// temporary one.
func (s *Server) useAliasLocked(id string) {
	a, ok := s.state.aliases[id]
	if !ok {
		return
	}
	a.uses++
	if a.temporary {
		delete(s.state.aliases, id)
	}
}

// acceptance is the acquirer's authorisation code, as the test platform
// writes it.
func acceptance(status ogone.Status) string {
	if status == ogone.StatusAuthorized || status == ogone.StatusPaymentRequested {
		return "test123"
	}
	return ""
}

// forStatus picks the URL the customer returns to after an order in status.
func (u resultURLs) forStatus(status ogone.Status) string {
	switch status {
	case ogone.StatusAuthorized, ogone.StatusPaymentRequested, ogone.StatusWaitingAuthentication, ogone.StatusWaitingClientPayment:
		return u.accept
	case ogone.StatusAuthorizationRefused, ogone.StatusPaymentRefused:
		return u.decline
	case ogone.StatusCancelledByCustomer:
		return u.cancel
	}
	return u.exception // uncertain (52, 92) and anything unexpected
}

// feedbackLocked builds the feedback of an order: the account's
// parameters in the platform's order and spelling, COMPLUS, and PARAMPLUS
// content (unsigned). Sign it with feedback.sign.
func (s *Server) feedbackLocked(t *txn) feedbackMsg {
	var l kvs
	for _, p := range s.feedback {
		l.add(p.wire, feedbackValue(t, p.upper))
	}
	if t.comPlus != "" {
		l.add("COMPLUS", t.comPlus)
	}
	return feedbackMsg{signed: l, extra: paramPlusPairs(t.paramPlus)}
}

// feedbackMsg is a feedback before its signature: the platform signs each
// request when it sends it, with the SHA-OUT key it holds at that moment.
type feedbackMsg struct {
	signed kvs // the parameters the digest is computed over
	extra  kvs // PARAMPLUS content, appended unsigned
}

// signFeedback returns the feedback's parameters with the SHASIGN of the account's
// current SHA-OUT key. SHA-OUT covers only names on the platform's list,
// so signing before PARAMPLUS is appended gives the digest the platform
// gives.
func (s *Server) signFeedback(m feedbackMsg) kvs {
	sig, err := s.signOut.Load().SignOut(m.signed.values())
	if err != nil {
		sig = "" // values come from a verified request; this cannot happen
	}
	l := append(append(kvs(nil), m.signed...), m.extra...)
	l.add("SHASIGN", sig)
	return l
}

func feedbackValue(t *txn, upper string) string {
	switch upper {
	case "ORDERID":
		return t.orderID
	case "CURRENCY":
		return t.currency
	case "AMOUNT":
		return formatAmount(t.amount)
	case "PM":
		return t.pm()
	case "ACCEPTANCE":
		return acceptance(t.status)
	case "STATUS":
		return strconv.Itoa(int(t.status))
	case "CARDNO":
		return t.card.masked()
	case "ED":
		if t.card.number() == "" {
			return ""
		}
		return t.card.expiryMMYY()
	case "CN":
		return t.card.holder()
	case "TRXDATE":
		return t.created.Format("01/02/06")
	case "PAYID":
		return t.payIDString()
	case "NCERROR":
		return t.ncError
	case "BRAND":
		return t.brandName()
	case "BIN":
		return t.card.bin()
	case "ECI":
		return t.eci
	case "IP":
		return t.ip
	case "ALIAS":
		return t.alias
	}
	return ""
}

// finish ends a hosted flow: it sends the server-to-server feedback and
// redirects the customer's browser to the URL for the order's outcome, or
// to the simulator's result page when the shop gave none.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, t *txn, endpoint ogone.Purpose) {
	s.mu.Lock()
	msg := s.feedbackLocked(t)
	status := t.status
	target := t.urls.forStatus(status)
	env := t.env
	s.mu.Unlock()
	fb := s.signFeedback(msg)
	s.sendFeedback(endpoint, t, status, target, msg, fb)
	if target == "" {
		target = "/ncol/" + env + "/simulator/result"
	}
	http.Redirect(w, r, withQuery(target, fb.encode()), http.StatusSeeOther)
}
