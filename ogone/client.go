package ogone

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gogone/ogone/shasign"
)

// Config is a merchant's account on the platform. Password, SHAIn and SHAOut
// are Secrets: printing, logging or marshalling a Config never shows them.
type Config struct {
	PSPID     string            // the merchant's account id
	UserID    string            // the API user, for DirectLink
	Password  Secret            // the API user's password
	SHAIn     Secret            // SHA-IN passphrase: signs what the shop sends
	SHAOut    Secret            // SHA-OUT passphrase: signs what the platform sends back
	Algorithm shasign.Algorithm // the account's hash algorithm; shasign.DefaultAlgorithm (SHA-512) when zero
	Env       Environment       // Test (the zero value) or Production
	Platform  Platform          // Ogone when zero; EPDQ, PostFinance, ... or a custom one
	BaseURL   string            // optional: replaces the platform's host, e.g. a simulator's URL

	// PreviousSHAOut and PreviousAlgorithm are the SHA-OUT key the
	// account used before the current one, accepted while the platform
	// changes over (see SHAOutKeys and the README's runbook). Either may
	// be set alone: the other is then the current one's.
	PreviousSHAOut    Secret
	PreviousAlgorithm shasign.Algorithm `json:",omitempty"` // zero when unset: JSON leaves it out
}

// algorithm returns the configured algorithm, SHA-512 when unset, as the
// platform recommends.
func (c Config) algorithm() shasign.Algorithm {
	if c.Algorithm == 0 {
		return shasign.DefaultAlgorithm
	}
	return c.Algorithm
}

// Endpoint returns the URL the configuration uses for purpose.
func (c Config) Endpoint(purpose Purpose) (string, error) {
	return Endpoint(c.Platform, c.Env, c.BaseURL, purpose)
}

// DefaultTimeout bounds a DirectLink call made with the default HTTP
// client. The platform asks merchants to wait 30 s before giving up and
// querying the order instead.
const DefaultTimeout = 30 * time.Second

// Client signs hosted payment page requests and runs DirectLink calls for
// one merchant account. It is safe for concurrent use.
type Client struct {
	cfg       Config
	http      *http.Client
	signIn    *shasign.Signer
	signOut   *shasign.Signer // nil when the Config has no SHA-OUT passphrase
	userAgent string
	logger    *slog.Logger // nil: no logging
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the Client send its DirectLink requests through hc,
// for proxies, custom TLS, tracing or tests. The default is a client of its
// own with DefaultTimeout; http.DefaultClient is never used.
//
// Every call goes through a copy of hc that keeps its Transport, Jar and
// Timeout but never follows a redirect (see ErrRedirect), whatever hc's
// CheckRedirect says. hc itself is never changed, and changes made to it
// later apply to the calls that follow.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http = hc
		}
	}
}

// WithLogger makes the Client log one record per DirectLink call to l; nil
// (the default) logs nothing. See the package documentation for what a
// record holds.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.logger = l } }

// WithUserAgent sets the User-Agent header of DirectLink requests.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// Config returns the client's configuration. Its secrets stay redacted when
// printed.
func (c *Client) Config() Config { return c.cfg }

// NewClient checks cfg (see Config.Validate) and returns a Client for it.
func NewClient(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	in, err := shasign.NewSigner(cfg.algorithm(), cfg.SHAIn.Reveal())
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:       cfg,
		http:      &http.Client{Timeout: DefaultTimeout},
		signIn:    in,
		userAgent: "gogone/ogone",
	}
	if !cfg.SHAOut.IsZero() {
		if c.signOut, err = shasign.NewSigner(cfg.algorithm(), cfg.SHAOut.Reveal()); err != nil {
			return nil, err
		}
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}
