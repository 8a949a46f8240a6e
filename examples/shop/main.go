// Command shop is a small web shop that takes payments through the Ogone
// platform with this module's packages: the hosted payment page, the
// feedback on the return URL, saved cards paid through DirectLink, and an
// admin page that captures and refunds.
//
// With no settings it starts an in-memory platform simulator
// (ogone/ogonetest) beside the shop, so that everything works offline:
//
//	go run ./examples/shop
//
// With OGONE_PSPID, OGONE_USERID, OGONE_PASSWORD, OGONE_SHA_IN,
// OGONE_SHA_OUT, OGONE_ALGORITHM (SHA-512 when empty) and OGONE_ENV (test
// when empty) set, it talks to the real platform instead (while the SHA-OUT
// key changes, OGONE_PREVIOUS_SHA_OUT and OGONE_PREVIOUS_ALGORITHM give the
// previous one, as the README's runbook says); then the platform
// must reach the shop for its feedback, so -public-url is required, and the
// admin page asks for the password in SHOP_ADMIN_PASSWORD (or one the shop
// draws and prints).
//
// Orders, their history and saved cards are kept in a SQLite file in a data
// directory the shop prints at start, or with -db postgres://... in a
// PostgreSQL database that several instances share (see README.md). A
// database that cannot be reached at start ends the shop with exit status
// 69.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gogone/ogone/ogone"
	"github.com/gogone/ogone/ogone/ogonetest"
	"github.com/gogone/ogone/shasign"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "shop:", err)
		os.Exit(exitCode(err))
	}
}

// exitUnavailable is the exit status when the database cannot be reached
// (EX_UNAVAILABLE in sysexits.h), so that a supervisor can tell it from a
// mistake in the settings (1).
const exitUnavailable = 69

func exitCode(err error) int {
	if errors.Is(err, errDatabase) {
		return exitUnavailable
	}
	return 1
}

// run starts the shop (and, without an account in the environment, the
// simulator), prints where to find them and serves until ctx ends.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	set, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	cfg, realAccount, err := configFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	db, dialect, err := openData(ctx, set.dsn, stdout)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(stdout, nil))
	opts := []option{withLogger(logger), withDB(db, dialect)}
	if set.authorizeOnly {
		opts = append(opts, withAuthorizeOnly())
	}
	if realAccount {
		admin, err := realAccountOption(cfg.Env, set.publicURL, stdout)
		if err != nil {
			return err
		}
		opts = append(opts, admin)
	} else {
		sim, err := startSimulator(set.simAddr)
		if err != nil {
			return err
		}
		defer sim.Close()
		cfg = sim.Config()
		opts = append(opts, withSimulator(sim.URL), withHTTPClient(sim.Client()))
		fmt.Fprintf(stdout, "simulator: %s (demo mode: no real payment; test card %s)\n", sim.URL, ogonetest.CardAccepted)
	}
	return listenAndServe(ctx, set, cfg, opts, logger, stdout)
}

// settings are run's command-line flags.
type settings struct {
	addr, publicURL, simAddr, dsn string
	authorizeOnly                 bool
	reconcileEvery                time.Duration
}

// parseFlags reads run's arguments; with -h it prints the usage on stdout
// and returns flag.ErrHelp.
func parseFlags(args []string, stdout io.Writer) (settings, error) {
	var set settings
	fs := flag.NewFlagSet("shop", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.StringVar(&set.addr, "addr", "127.0.0.1:8080", "`address` the shop listens on")
	fs.StringVar(&set.publicURL, "public-url", "", "`URL` customers and the platform reach the shop at (required with a real account; default http://<addr>)")
	fs.StringVar(&set.simAddr, "simulator-addr", "127.0.0.1:0", "`address` the simulator listens on (demo mode only)")
	fs.BoolVar(&set.authorizeOnly, "authorize-only", false, "authorise at checkout; capture from the admin page")
	fs.DurationVar(&set.reconcileEvery, "reconcile-every", time.Minute, "how often to ask the platform about pending and uncertain orders (0: never)")
	fs.StringVar(&set.dsn, "db", "", "where orders are kept: a SQLite `file`, or a postgres:// URL shared by several instances (default shop.db in $XDG_DATA_HOME/ogone-shop or ~/.local/share/ogone-shop)")
	if err := fs.Parse(args); err != nil {
		return set, err
	}
	if fs.NArg() > 0 {
		return set, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return set, nil
}

// openData opens the database at dsn (shop.db in the default data
// directory when empty) and prints where it is.
func openData(ctx context.Context, dsn string, stdout io.Writer) (*sql.DB, dialect, error) {
	if dsn == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return nil, dialect{}, err
		}
		dsn = filepath.Join(dir, "shop.db")
	}
	db, d, err := openDB(ctx, dsn)
	if err != nil {
		return nil, d, err
	}
	fmt.Fprintf(stdout, "data: %s (%s)\n", describeDB(dsn), d.name)
	return db, d, nil
}

// realAccountOption checks what a real account needs and gives the admin
// page its password: SHOP_ADMIN_PASSWORD, or one drawn and printed.
func realAccountOption(env ogone.Environment, publicURL string, stdout io.Writer) (option, error) {
	if publicURL == "" {
		return nil, errors.New("with a real account the platform must reach the shop: set -public-url (e.g. https://shop.example.com)")
	}
	password := os.Getenv("SHOP_ADMIN_PASSWORD")
	if password == "" {
		password = randomToken()[:16]
		fmt.Fprintf(stdout, "admin: user admin, password %s (set SHOP_ADMIN_PASSWORD to choose one)\n", password)
	}
	if env == ogone.Production {
		fmt.Fprintln(stdout, "warning: OGONE_ENV=prod: payments move real money")
	}
	return withAdminPassword(password), nil
}

// listenAndServe listens on set.addr and serves there the shop that cfg
// and opts make until ctx ends.
func listenAndServe(ctx context.Context, set settings, cfg ogone.Config, opts []option, logger *slog.Logger, stdout io.Writer) error {
	ln, err := net.Listen("tcp", set.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	publicURL := set.publicURL
	if publicURL == "" {
		publicURL = "http://" + reachable(ln.Addr())
	}
	s, err := newShop(cfg, append(opts, withPublicURL(publicURL))...)
	if err != nil {
		return err
	}
	return serve(ctx, s, ln, logger, set.reconcileEvery, stdout)
}

// serve serves s on ln, reconciling orders every reconcileEvery (0:
// never), until ctx ends; then it shuts the server down.
func serve(ctx context.Context, s *shop, ln net.Listener, logger *slog.Logger, reconcileEvery time.Duration, stdout io.Writer) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// DirectLink calls wait up to ogone.DefaultTimeout for the platform.
		WriteTimeout: ogone.DefaultTimeout + 15*time.Second,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "shop: %s\n", s.public)

	if reconcileEvery > 0 {
		go s.reconcileLoop(ctx, reconcileEvery)
	}
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// reachable turns a listener's address into one a browser can open: a
// wildcard host becomes the loopback address.
func reachable(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// configFromEnv reads the merchant account from OGONE_* variables. It
// reports false when OGONE_PSPID is not set: then the shop runs on the
// simulator.
func configFromEnv(getenv func(string) string) (ogone.Config, bool, error) {
	pspid := strings.TrimSpace(getenv("OGONE_PSPID"))
	if pspid == "" {
		return ogone.Config{}, false, nil
	}
	cfg := ogone.Config{
		PSPID:    pspid,
		UserID:   strings.TrimSpace(getenv("OGONE_USERID")),
		Password: ogone.NewSecret(getenv("OGONE_PASSWORD")),
		SHAIn:    ogone.NewSecret(getenv("OGONE_SHA_IN")),
		SHAOut:   ogone.NewSecret(getenv("OGONE_SHA_OUT")),
	}
	var err error
	if alg := getenv("OGONE_ALGORITHM"); alg != "" {
		if cfg.Algorithm, err = shasign.ParseAlgorithm(alg); err != nil {
			return cfg, true, fmt.Errorf("OGONE_ALGORITHM: %w", err)
		}
	}
	cfg.PreviousSHAOut = ogone.NewSecret(getenv("OGONE_PREVIOUS_SHA_OUT"))
	if alg := getenv("OGONE_PREVIOUS_ALGORITHM"); alg != "" {
		if cfg.PreviousAlgorithm, err = shasign.ParseAlgorithm(alg); err != nil {
			return cfg, true, fmt.Errorf("OGONE_PREVIOUS_ALGORITHM: %w", err)
		}
	}
	if cfg.Env, err = ogone.ParseEnvironment(getenv("OGONE_ENV")); err != nil {
		return cfg, true, fmt.Errorf("OGONE_ENV: %w", err)
	}
	if err := cfg.ValidateDirectLink(); err != nil {
		return cfg, true, err
	}
	return cfg, true, nil
}

// startSimulator starts the platform simulator with a fresh demo account on
// addr.
func startSimulator(addr string) (*ogonetest.Server, error) {
	sim := ogonetest.NewUnstartedServer(ogonetest.Account{
		PSPID:    "demo-shop",
		UserID:   "demo-api",
		Password: ogone.NewSecret(randomToken()),
		// Fresh passphrases each run: 32 characters, within the
		// platform's 16 to 32.
		SHAIn:  ogone.NewSecret(randomToken()),
		SHAOut: ogone.NewSecret(randomToken()),
		// The usual feedback parameters, plus the card's brand for the
		// saved-card labels.
		FeedbackParams: append(ogonetest.DefaultFeedbackParams(), "BRAND"),
	})
	if addr != "127.0.0.1:0" {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			sim.Close()
			return nil, fmt.Errorf("simulator: %w", err)
		}
		_ = sim.Listener.Close()
		sim.Listener = ln
	}
	sim.Start()
	return sim, nil
}
