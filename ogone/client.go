package ogone

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gogone/ogone/shasign"
)

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
	for _, o := range opts {
		o(c)
	}
	return c, nil
}
