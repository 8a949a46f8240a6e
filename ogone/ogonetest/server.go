package ogonetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/shasign"
)

// Account is the merchant account the simulator serves: what a merchant
// configures in the platform's back office. Password, SHAIn and SHAOut are
// ogone.Secrets, so printing an Account shows none of them.
type Account struct {
	PSPID     string
	UserID    string       // the API user DirectLink requests must name
	Password  ogone.Secret // the API user's password
	SHAIn     ogone.Secret // checks SHASIGN on every request
	SHAOut    ogone.Secret // signs every feedback
	Algorithm shasign.Algorithm

	// FeedbackParams lists the parameters the platform sends back after a
	// payment, as the back office's "dynamic e-Commerce parameters". Nil
	// means DefaultFeedbackParams. COMPLUS, when the order had one, and
	// SHASIGN always come back.
	FeedbackParams []string

	// DirectFeedbackURL, when set, receives every server-to-server feedback
	// instead of the ACCEPTURL, DECLINEURL, EXCEPTIONURL or CANCELURL the
	// order named.
	DirectFeedbackURL string
	// DisableDirectFeedback turns the server-to-server feedback off; the
	// browser is still redirected with the signed parameters.
	DisableDirectFeedback bool

	// DefaultOperation applies to orders without OPERATION: SAL (the
	// default) or RES.
	DefaultOperation ogone.Operation
}

// feedbackParamNames maps the uppercased names Account.FeedbackParams may
// hold to the spelling the platform uses on the wire, in the order it
// writes them.
var feedbackParamNames = []struct{ upper, wire string }{
	{"ORDERID", "orderID"},
	{"CURRENCY", "currency"},
	{"AMOUNT", "amount"},
	{"PM", "PM"},
	{"ACCEPTANCE", "ACCEPTANCE"},
	{"STATUS", "STATUS"},
	{"CARDNO", "CARDNO"},
	{"ED", "ED"},
	{"CN", "CN"},
	{"TRXDATE", "TRXDATE"},
	{"PAYID", "PAYID"},
	{"NCERROR", "NCERROR"},
	{"BRAND", "BRAND"},
	{"BIN", "BIN"},
	{"ECI", "ECI"},
	{"IP", "IP"},
	{"ALIAS", "ALIAS"},
}

// DefaultFeedbackParams returns the feedback parameters of a freshly set-up
// account: ALIAS, AMOUNT, CARDNO, CN, CURRENCY, IP, NCERROR, ORDERID, PAYID,
// PM, STATUS and TRXDATE. ACCEPTANCE, BIN, BRAND, ECI and ED may be added.
func DefaultFeedbackParams() []string {
	return []string{"ALIAS", "AMOUNT", "CARDNO", "CN", "CURRENCY", "IP", "NCERROR", "ORDERID", "PAYID", "PM", "STATUS", "TRXDATE"}
}

// ErrInvalidAccount is returned by Account.Validate.
var ErrInvalidAccount = errors.New("ogonetest: invalid account")

// Validate reports what makes the account unusable, wrapping
// ErrInvalidAccount. The API user may be left empty: DirectLink requests are
// then all refused, as on an account without one.
func (a Account) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidAccount}, args...)...))
	}
	if a.PSPID == "" {
		bad("PSPID is empty")
	}
	if a.SHAIn.IsZero() {
		bad("SHAIn is empty")
	}
	if a.SHAOut.IsZero() {
		bad("SHAOut is empty")
	}
	if a.Algorithm != 0 && !a.Algorithm.Valid() {
		bad("unknown algorithm %d", uint8(a.Algorithm))
	}
	for _, name := range a.FeedbackParams {
		if _, ok := feedbackWireName(name); !ok {
			bad("unknown feedback parameter %q", truncate(name, 20))
		}
	}
	switch a.DefaultOperation {
	case "", ogone.OperationSale, ogone.OperationAuthorize:
	default:
		bad("DefaultOperation must be SAL or RES")
	}
	if a.DirectFeedbackURL != "" {
		if u, err := url.Parse(a.DirectFeedbackURL); err != nil || u.Scheme == "" || u.Host == "" {
			bad("DirectFeedbackURL must be an absolute URL")
		}
	}
	return errors.Join(errs...)
}

func feedbackWireName(name string) (string, bool) {
	upper := upperASCII(name)
	for _, p := range feedbackParamNames {
		if p.upper == upper {
			return p.wire, true
		}
	}
	return "", false
}

func (a Account) algorithm() shasign.Algorithm {
	if a.Algorithm == 0 {
		return shasign.DefaultAlgorithm
	}
	return a.Algorithm
}

func (a Account) defaultOperation() string {
	if a.DefaultOperation == "" {
		return string(ogone.OperationSale)
	}
	return string(a.DefaultOperation)
}

// Option configures a Server.
type Option func(*settings)

type settings struct {
	clock          func() time.Time
	retryMax       int
	retryInterval  time.Duration
	timeoutDelay   time.Duration
	feedbackClient *http.Client
	latin1Replies  bool
	faults         []Fault
}

// WithClock makes the server read the time from now: TRXDATE, expiry checks
// and the times in snapshots. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now != nil {
			s.clock = now
		}
	}
}

// WithDeferredRetry sets how often a failed server-to-server feedback is
// retried (retries times after the online attempt) and the wait before the
// first retry; each later wait doubles. The default is 3 retries, 1 s apart
// at first. retries 0 turns the deferred feedback off.
func WithDeferredRetry(retries int, interval time.Duration) Option {
	return func(s *settings) {
		s.retryMax = max(0, retries)
		if interval > 0 {
			s.retryInterval = interval
		}
	}
}

// WithTimeoutDelay sets how long a DirectLink order with CardTimeout waits
// before answering, unless the client gives up first. The default, 2
// minutes, outlasts any sensible client timeout.
func WithTimeoutDelay(d time.Duration) Option {
	return func(s *settings) {
		if d >= 0 {
			s.timeoutDelay = d
		}
	}
}

// WithFeedbackClient makes the server send its server-to-server feedback
// through hc. The default is a client of its own with a 10 s timeout.
func WithFeedbackClient(hc *http.Client) Option {
	return func(s *settings) {
		if hc != nil {
			s.feedbackClient = hc
		}
	}
}

// WithISO88591Replies makes DirectLink replies look exactly like the
// platform's: Content-Type "text/XML; Charset=iso-8859-1" and the body
// encoded in ISO-8859-1 (a character outside it becomes '?'). By default
// replies are UTF-8, declared as "text/xml; charset=utf-8".
func WithISO88591Replies() Option { return func(s *settings) { s.latin1Replies = true } }

// WithFault injects f from the start, as Server.InjectFault does.
func WithFault(f Fault) Option { return func(s *settings) { s.faults = append(s.faults, f) } }

// Server is an in-memory simulation of the platform for one merchant
// account. It is safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, "http://127.0.0.1:port", with no
	// trailing slash, once started. It may be set before Start, or before
	// serving Handler elsewhere; when it is empty, absolute URLs the
	// simulator writes (the 3-D Secure form in HTML_ANSWER) use the
	// request's Host.
	URL string
	// Listener is where Start serves. NewUnstartedServer opens one on
	// 127.0.0.1; it may be replaced before Start.
	Listener net.Listener

	acct     Account
	set      settings
	signIn   *shasign.Signer
	signOut  atomic.Pointer[shasign.Signer] // SetSHAOut swaps it while requests run
	feedback []feedbackParam                // the account's feedback parameters, in wire order

	httpSrv   *http.Server
	transport *http.Transport
	handler   http.Handler

	ctx       context.Context // cancelled by Close: stops deferred feedback and sleeping replies
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once

	mu    sync.Mutex
	state state
}

type feedbackParam struct{ upper, wire string }

// state is everything the simulator remembers, guarded by Server.mu.
type state struct {
	nextPAYID   int64
	nextAlias   int64
	txns        []*txn // in creation order
	byPAYID     map[int64]*txn
	byOrderID   map[string]*txn // the latest order with that ORDERID
	aliases     map[string]*alias
	sessions    map[string]*session
	sessionSeq  uint64
	faults      []*activeFault
	nextFaultID int
	deferred    int         // deferred feedback deliveries still running
	feedback    feedbackLog // every server-to-server feedback built (feedbackctl.go)
	closed      bool        // set by Close: start no more goroutines
}

// firstPAYID makes PAYIDs look like the platform's and start at the same
// value in every test.
const firstPAYID = 3000000001

// NewServer starts a simulator for acct on a loopback port. It panics if
// acct is invalid (see Account.Validate) or no port can be opened, as
// httptest.NewServer does: both are mistakes in the test, not conditions to
// handle. Close it when done.
func NewServer(acct Account, opts ...Option) *Server {
	s := NewUnstartedServer(acct, opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a simulator that is not serving yet: call
// Start, or mount Handler on a server of your own. Close it when done.
func NewUnstartedServer(acct Account, opts ...Option) *Server {
	if err := acct.Validate(); err != nil {
		panic("ogonetest: " + err.Error())
	}
	acct.FeedbackParams = slices.Clone(acct.FeedbackParams)
	s := &Server{acct: acct}
	s.set = settings{
		clock:         time.Now,
		retryMax:      3,
		retryInterval: time.Second,
		timeoutDelay:  2 * time.Minute,
	}
	for _, o := range opts {
		o(&s.set)
	}
	if s.set.feedbackClient == nil {
		s.set.feedbackClient = &http.Client{Timeout: 10 * time.Second}
	}
	var err error
	if s.signIn, err = shasign.NewSigner(acct.algorithm(), acct.SHAIn.Reveal()); err != nil {
		panic("ogonetest: SHA-IN: " + err.Error())
	}
	if err := s.SetSHAOut(acct.algorithm(), acct.SHAOut); err != nil {
		panic("ogonetest: SHA-OUT: " + err.Error())
	}
	s.feedback = feedbackParamsOf(acct.FeedbackParams)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.state = state{
		nextPAYID: firstPAYID,
		nextAlias: 1,
		byPAYID:   map[int64]*txn{},
		byOrderID: map[string]*txn{},
		aliases:   map[string]*alias{},
		sessions:  map[string]*session{},
	}
	for _, f := range s.set.faults {
		s.InjectFault(f)
	}
	s.handler = http.HandlerFunc(s.route)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		if l, err = net.Listen("tcp6", "[::1]:0"); err != nil {
			panic("ogonetest: cannot listen on a loopback port: " + err.Error())
		}
	}
	s.Listener = l
	return s
}

func feedbackParamsOf(names []string) []feedbackParam {
	if names == nil {
		names = DefaultFeedbackParams()
	}
	want := map[string]bool{}
	for _, n := range names {
		want[strings.ToUpper(n)] = true
	}
	var out []feedbackParam
	for _, p := range feedbackParamNames {
		if want[p.upper] {
			out = append(out, feedbackParam(p))
		}
	}
	return out
}

// Start serves on s.Listener and sets s.URL, unless URL was set already
// (a public name in front of the listener). A listener on every interface
// (0.0.0.0, [::]) gives a URL on localhost, which a browser can open. It
// panics if the server was started already.
func (s *Server) Start() {
	if s.httpSrv != nil {
		panic("ogonetest: server already started")
	}
	if s.URL == "" {
		addr := s.Listener.Addr().String()
		if host, port, err := net.SplitHostPort(addr); err == nil {
			if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
				addr = net.JoinHostPort("localhost", port)
			}
		}
		s.URL = "http://" + addr
	}
	s.httpSrv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	s.transport = http.DefaultTransport.(*http.Transport).Clone()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.httpSrv.Serve(s.Listener)
	}()
}

// Close stops serving, interrupts replies that are still waiting (timeouts,
// delays) and deferred feedback, and waits for them to end. It may be
// called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.state.closed = true
		s.mu.Unlock()
		s.cancel()
		if s.httpSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = s.httpSrv.Shutdown(ctx)
			cancel()
			_ = s.httpSrv.Close()
			s.transport.CloseIdleConnections()
		} else {
			_ = s.Listener.Close()
		}
		s.wg.Wait()
	})
}

// Client returns an HTTP client for the server, with a transport of its
// own (never http.DefaultTransport's connections) that Close releases. Pass
// it to ogone.WithHTTPClient. It panics before Start.
func (s *Server) Client() *http.Client {
	if s.transport == nil {
		panic("ogonetest: Client called before Start")
	}
	return &http.Client{Transport: s.transport}
}

// Handler returns the simulator's HTTP handler, for mounting at the root
// of a server of your own (the platform's paths start with /ncol/ and
// /Tokenization/).
func (s *Server) Handler() http.Handler { return s.handler }

// SetSHAOut changes the account's SHA-OUT key while the simulator runs, as
// a merchant does in the back office: every feedback and alias result
// signed from then on uses alg and secret, including the deferred retries
// of feedback that was first sent before the change; redirects already
// sent to browsers keep the signature they were given. It refuses an
// invalid algorithm or an empty secret and then changes nothing.
//
// On the platform the hash algorithm is one setting for SHA-IN and
// SHA-OUT; here SetSHAOut changes SHA-OUT only, and the account's SHA-IN
// keeps its algorithm. Config keeps describing the account as created.
func (s *Server) SetSHAOut(alg shasign.Algorithm, secret ogone.Secret) error {
	signer, err := shasign.NewSigner(alg, secret.Reveal())
	if err != nil {
		return err
	}
	s.signOut.Store(signer)
	return nil
}

// Config returns a configuration of the ogone package for the simulated
// account: the test environment, BaseURL s.URL.
func (s *Server) Config() ogone.Config {
	return ogone.Config{
		PSPID:     s.acct.PSPID,
		UserID:    s.acct.UserID,
		Password:  s.acct.Password,
		SHAIn:     s.acct.SHAIn,
		SHAOut:    s.acct.SHAOut,
		Algorithm: s.acct.algorithm(),
		Env:       ogone.Test,
		BaseURL:   s.URL,
	}
}

// Transactions returns a copy of every payment, in the order they were
// created.
func (s *Server) Transactions() []Transaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Transaction, 0, len(s.state.txns))
	for _, t := range s.state.txns {
		out = append(out, t.snapshot())
	}
	return out
}

// Transaction returns a copy of the latest payment with orderID.
func (s *Server) Transaction(orderID string) (Transaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.state.byOrderID[orderID]
	if !ok {
		return Transaction{}, false
	}
	return t.snapshot(), true
}

// Aliases returns a copy of every stored alias, ordered by ID.
func (s *Server) Aliases() []Alias {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Alias, 0, len(s.state.aliases))
	for _, a := range s.state.aliases {
		out = append(out, a.snapshot())
	}
	slices.SortFunc(out, func(a, b Alias) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// WaitIdle waits until no deferred feedback is left to send, or ctx ends.
func (s *Server) WaitIdle(ctx context.Context) error {
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for {
		s.mu.Lock()
		n := s.state.deferred
		s.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (s *Server) now() time.Time { return s.set.clock() }

// baseURL is the root the simulator's absolute links start with.
func (s *Server) baseURL(r *http.Request) string {
	if s.URL != "" {
		return strings.TrimSuffix(s.URL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// newToken returns an unguessable identifier for a page session: the pages
// a browser goes through must not be reachable by guessing a counter.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // documented never to fail on the platforms Go supports
	return hex.EncodeToString(b[:])
}

// sleep waits d, or less if the request or the server ends first. It
// reports whether the full delay passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.ctx.Done():
		return false
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
