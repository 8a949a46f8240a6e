package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite", pure Go
)

// dialect is what differs between the two databases the shop runs on. The
// schema and the queries are the same; only placeholders and the way a
// transaction locks what it reads differ.
type dialect struct {
	name string // "sqlite" or "postgres"
	// forUpdate ends a SELECT that reads a row the transaction will
	// change: SQLite has no row locks, and every transaction there is
	// BEGIN IMMEDIATE (one writer at a time), so it needs none.
	forUpdate string
	// skipLocked ends the SELECT that claims reconciliation work, so that
	// instances never wait for each other's claims.
	skipLocked string
	// lockMigrations serialises instances that start at the same time.
	lockMigrations string
}

var (
	sqliteDialect = dialect{name: "sqlite"}
	// 0x6f676f6e65 is "ogone": the advisory lock's key.
	postgresDialect = dialect{name: "postgres", forUpdate: " FOR UPDATE", skipLocked: " FOR UPDATE SKIP LOCKED",
		lockMigrations: "SELECT pg_advisory_xact_lock(478560776805)"}
)

// q rewrites a query written with ? placeholders for the dialect:
// PostgreSQL numbers them ($1, $2, ...). The shop's queries have no ? in
// literals.
func (d dialect) q(query string) string {
	if d.name != "postgres" {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// errDatabase wraps every failure to reach or use the database, so that the
// handlers can tell "try again later" (503) from the shop's own refusals.
var errDatabase = errors.New("database unavailable")

// dbError marks err as a database failure.
func dbError(err error) error {
	if err == nil || errors.Is(err, errDatabase) {
		return err
	}
	return fmt.Errorf("%w: %w", errDatabase, err)
}

// defaultDataDir is where the shop keeps its SQLite file when -db is not
// given: $XDG_DATA_HOME/ogone-shop, or ~/.local/share/ogone-shop.
func defaultDataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "ogone-shop"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no data directory (set -db): %w", err)
	}
	return filepath.Join(home, ".local", "share", "ogone-shop"), nil
}

// isPostgresURL reports whether -db names a PostgreSQL server rather than
// a SQLite file.
func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// describeDB is what the shop prints about where its data is: the file, or
// the URL without its password.
func describeDB(dsn string) string {
	if !isPostgresURL(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// openDB opens the database dsn names (a SQLite file path or a
// postgres:// URL), checks that it answers within startTimeout and brings
// its schema up to date.
func openDB(ctx context.Context, dsn string) (*sql.DB, dialect, error) {
	var (
		db  *sql.DB
		d   dialect
		err error
	)
	if isPostgresURL(dsn) {
		d = postgresDialect
		db, err = sql.Open("pgx", dsn)
	} else {
		d = sqliteDialect
		if dir := filepath.Dir(dsn); dsn != ":memory:" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, d, fmt.Errorf("database %s: %w", dsn, err)
			}
		}
		db, err = sql.Open("sqlite", sqliteDSN(dsn))
		// One connection: SQLite has one writer anyway, and the shop's
		// requests queue here instead of failing with "database is
		// locked". Other processes on the same file wait busy_timeout.
		db.SetMaxOpenConns(1)
	}
	if err != nil {
		return nil, d, fmt.Errorf("database %s: %w", describeDB(dsn), err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, d, fmt.Errorf("database %s unreachable: %w", describeDB(dsn), dbError(err))
	}
	if err := migrate(pingCtx, db, d); err != nil {
		db.Close()
		return nil, d, fmt.Errorf("database %s: %w", describeDB(dsn), err)
	}
	return db, d, nil
}

// startTimeout bounds how long the shop waits for its database at start.
const startTimeout = 10 * time.Second

// sqliteDSN opens path with a write-ahead log, foreign keys, a wait
// instead of an error when another process writes, and BEGIN IMMEDIATE
// for every transaction: it takes the write lock before it reads, so that
// what it read cannot change before it writes.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	if path == ":memory:" {
		return "file::memory:?" + q.Encode()
	}
	return "file:" + path + "?" + q.Encode()
}

// migrations are the schema's versions, applied in order, each in its own
// transaction, and recorded in schema_migrations. Never edit one that has
// shipped: add the next.
//
// Money is in integer minor units (cents; the shop sells in EUR), times
// are Unix nanoseconds in UTC, booleans are BOOLEAN (0/1 in SQLite).
var migrations = []string{
	1: `
CREATE TABLE orders (
	id               TEXT PRIMARY KEY,
	customer         TEXT NOT NULL,
	lines            TEXT NOT NULL, -- JSON; prices as decimal strings
	total_minor      BIGINT NOT NULL,
	currency         TEXT NOT NULL,
	save_card        BOOLEAN NOT NULL,
	state            INTEGER NOT NULL,
	payment_ref      TEXT NOT NULL,
	refs             INTEGER NOT NULL,
	attempts         INTEGER NOT NULL,
	pay_id           TEXT NOT NULL,
	method           TEXT NOT NULL,
	authorized_minor BIGINT NOT NULL,
	captured_minor   BIGINT NOT NULL,
	refunded_minor   BIGINT NOT NULL,
	card_number      TEXT NOT NULL, -- masked
	brand            TEXT NOT NULL,
	nc_error         TEXT NOT NULL,
	repeats          BIGINT NOT NULL, -- reports that arrived again
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL,
	busy_until       BIGINT NOT NULL, -- a maintenance call is on its way
	claimed_by       TEXT NOT NULL,   -- reconciliation: who asks the platform
	claimed_until    BIGINT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer, created_at);
CREATE INDEX orders_undecided ON orders (state, updated_at);
CREATE TABLE payment_refs (
	ref      TEXT PRIMARY KEY, -- ORDERID sent to the platform
	order_id TEXT NOT NULL REFERENCES orders (id)
);
CREATE TABLE history (
	order_id TEXT NOT NULL REFERENCES orders (id),
	seq      INTEGER NOT NULL,
	at       BIGINT NOT NULL,
	source   TEXT NOT NULL,
	status   TEXT NOT NULL,
	note     TEXT NOT NULL,
	applied  BOOLEAN NOT NULL,
	PRIMARY KEY (order_id, seq)
);
CREATE TABLE arrivals (
	order_id   TEXT NOT NULL REFERENCES orders (id),
	pay_id     TEXT NOT NULL,
	pay_id_sub TEXT NOT NULL,
	status     TEXT NOT NULL,
	kind       TEXT NOT NULL, -- feedback, DirectLink reply, query
	first_at   BIGINT NOT NULL,
	count      BIGINT NOT NULL,
	PRIMARY KEY (order_id, pay_id, pay_id_sub, status, kind)
);
CREATE TABLE saved_cards (
	customer    TEXT NOT NULL,
	alias       TEXT NOT NULL,
	card_number TEXT NOT NULL, -- masked
	brand       TEXT NOT NULL,
	saved_at    BIGINT NOT NULL,
	PRIMARY KEY (customer, alias)
);`,
}

// migrate applies the migrations the database has not seen yet.
func migrate(ctx context.Context, db *sql.DB, d dialect) error {
	for v := 1; v < len(migrations); v++ {
		if err := migrateTo(ctx, db, d, v); err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
	}
	return nil
}

func migrateTo(ctx context.Context, db *sql.DB, d dialect, v int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	if d.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, d.lockMigrations); err != nil {
			return dbError(err)
		}
	}
	// Inside the lock: PostgreSQL's CREATE TABLE IF NOT EXISTS is not
	// safe against another instance doing the same at the same moment.
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return dbError(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, d.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), v).Scan(&n); err != nil {
		return dbError(err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), v, time.Now().UnixNano()); err != nil {
		return dbError(err)
	}
	return dbError(tx.Commit())
}
