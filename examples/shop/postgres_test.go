package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The PostgreSQL the tests start themselves: Debian's postgresql package,
// initdb in a temporary directory, a loopback port, stopped when the tests
// end (TestMain). Without the package the PostgreSQL tests skip, unless
// OGONE_DB_TEST=require (CI), where they fail.

func TestMain(m *testing.M) {
	code := m.Run()
	pg.stop()
	os.Exit(code)
}

// pgServer is the test binary's one PostgreSQL server; each test gets a
// database of its own on it.
type pgServer struct {
	once  sync.Once
	err   error
	dir   string // temporary directory: data, socket, log
	bin   string
	owner string // the unprivileged user the server runs as, when we are root
	admDB *sql.DB
	port  int
	n     atomic.Int64
}

var pg pgServer

// postgresBin finds the newest /usr/lib/postgresql/*/bin with initdb.
func postgresBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

// postgresDSN returns the URL of a new, empty database on the test server.
func postgresDSN(t testing.TB) string {
	t.Helper()
	pg.once.Do(func() { pg.err = pg.start() })
	if pg.err != nil {
		if os.Getenv("OGONE_DB_TEST") == "require" {
			t.Fatalf("OGONE_DB_TEST=require but PostgreSQL could not be started: %v", pg.err)
		}
		t.Skipf("PostgreSQL not available (install Debian's postgresql package): %v", pg.err)
	}
	name := fmt.Sprintf("shop_%d", pg.n.Add(1))
	_, err := pg.admDB.Exec("CREATE DATABASE " + name)
	require.NoError(t, err)
	return pg.url(name)
}

func (p *pgServer) url(db string) string {
	return "postgres://shop@" + p.addr() + "/" + db + "?sslmode=disable"
}

func (p *pgServer) addr() string { return "127.0.0.1:" + strconv.Itoa(p.port) }

// run runs a PostgreSQL program as the server's owner.
func (p *pgServer) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(p.bin, name), args...)
	if p.owner != "" {
		cmd = exec.Command("runuser", append([]string{"-u", p.owner, "--", filepath.Join(p.bin, name)}, args...)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", name, err, out)
	}
	return nil
}

func (p *pgServer) start() error {
	p.bin = postgresBin()
	if p.bin == "" {
		return fmt.Errorf("no /usr/lib/postgresql/*/bin/initdb")
	}
	parent := ""
	if os.Geteuid() == 0 {
		// The server's user must reach the directory: $TMPDIR may be
		// under /root.
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "shop-postgres-")
	if err != nil {
		return err
	}
	p.dir = dir
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		p.owner = "postgres"
		u, err := user.Lookup(p.owner)
		if err != nil {
			p.owner = "nobody"
			if u, err = user.Lookup(p.owner); err != nil {
				return err
			}
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	p.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	data := filepath.Join(dir, "data")
	if err := p.run("initdb", "-D", data, "-U", "shop", "--auth=trust", "-E", "UTF8", "--no-sync"); err != nil {
		return err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", p.port, dir)
	if err := p.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		return err
	}
	p.admDB, err = sql.Open("pgx", p.url("postgres"))
	if err != nil {
		return err
	}
	return p.admDB.PingContext(context.Background())
}

// stop stops the server, if a test started it, and removes its files.
func (p *pgServer) stop() {
	if p.admDB != nil {
		p.admDB.Close()
	}
	if p.dir == "" {
		return
	}
	if p.err == nil {
		_ = p.run("pg_ctl", "-D", filepath.Join(p.dir, "data"), "-m", "fast", "-w", "stop")
	}
	os.RemoveAll(p.dir)
}

// backends are the databases the contract tests run against.
var backends = []string{"sqlite", "postgres"}

// testDSN returns a fresh database of the kind named.
func testDSN(t testing.TB, kind string) string {
	t.Helper()
	if kind == "postgres" {
		return postgresDSN(t)
	}
	return filepath.Join(t.TempDir(), "shop.db")
}

// openTestDB opens dsn as the shop does, closed at the end of the test.
func openTestDB(t testing.TB, dsn string) (*sql.DB, dialect) {
	t.Helper()
	db, d, err := openDB(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db, d
}

// TestMigrations: instances starting at the same moment on one database
// apply each migration once; starting again changes nothing.
func TestMigrations(t *testing.T) {
	for _, kind := range backends {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			dsn := testDSN(t, kind)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					db, _, err := openDB(context.Background(), dsn)
					if err == nil {
						db.Close()
					}
					errs[i] = err
				}()
			}
			wg.Wait()
			for _, err := range errs {
				require.NoError(t, err)
			}
			db, _ := openTestDB(t, dsn)
			var versions []int
			rows, err := db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
			require.NoError(t, err)
			for rows.Next() {
				var v int
				require.NoError(t, rows.Scan(&v))
				versions = append(versions, v)
			}
			require.NoError(t, rows.Close())
			want := []int{}
			for v := 1; v < len(migrations); v++ {
				want = append(want, v)
			}
			assert.Equal(t, want, versions)
		})
	}
}
