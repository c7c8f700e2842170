package migrate_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/migrate"
	_ "modernc.org/sqlite"
)

// sqlTx runs the migrations through database/sql, as package sqlite does.
type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) Exec(ctx context.Context, q string, args ...any) error {
	_, err := t.tx.ExecContext(ctx, q, args...)
	return err
}

func (t sqlTx) Ints(ctx context.Context, q string, args ...any) ([]int, error) {
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func inTx(db *sql.DB) migrate.InTx {
	return func(ctx context.Context, fn func(migrate.Tx) error) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(sqlTx{tx}); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
}

func openDB(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+tb.TempDir()+"/m.db")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func load(tb testing.TB, files map[string]string) []migrate.Migration {
	tb.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	ms, err := migrate.Load(fsys, "migrations/*.sql")
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

// state lists the versions applied and the tables there are.
func state(tb testing.TB, db *sql.DB) string {
	tb.Helper()
	var s []string
	for _, q := range []string{`SELECT group_concat(version || ':' || name, ' ') FROM (SELECT * FROM schema_migrations ORDER BY version)`,
		`SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name)`} {
		var v sql.NullString
		if err := db.QueryRow(q).Scan(&v); err != nil {
			tb.Fatal(err)
		}
		s = append(s, v.String)
	}
	return strings.Join(s, " | ")
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string // versions, or the error's text
	}{
		{"in order of names", []string{"0002_b.sql", "0001_a.sql", "0010_c.sql"}, "1 2 10"},
		{"a gap", []string{"0001_a.sql", "0003_c.sql"}, "1 3"},
		{"none", nil, ""},
		{"no number", []string{"0001_a.sql", "init.sql"}, "migration migrations/init.sql: its name must start with a version number"},
		{"no underscore", []string{"0001.sql"}, "migration migrations/0001.sql: its name must start"},
		{"zero", []string{"0000_a.sql"}, "migration migrations/0000_a.sql: its name must start"},
		{"a number taken twice", []string{"0001_a.sql", "0002_b.sql", "002_c.sql"}, "migration migrations/002_c.sql: version 2 does not follow version 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"migrations/README": &fstest.MapFile{Data: []byte("not a migration")}}
			for _, f := range tt.files {
				fsys["migrations/"+f] = &fstest.MapFile{Data: []byte("-- " + f)}
			}
			ms, err := migrate.Load(fsys, "migrations/*.sql")
			var got []string
			for _, m := range ms {
				if want := "-- " + m.Name[len("migrations/"):]; m.SQL != want {
					t.Errorf("migration %s holds %q, want %q", m.Name, m.SQL, want)
				}
				got = append(got, strconv.Itoa(m.Version))
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.want) || tt.want == "" {
					t.Fatalf("Load: %v, want %q", err, tt.want)
				}
				return
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Fatalf("Load: versions %q, want %q", s, tt.want)
			}
		})
	}
}

func TestRun(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	ms := load(t, map[string]string{
		"migrations/0001_a.sql": `CREATE TABLE a (x integer); INSERT INTO a VALUES (1);`,
		"migrations/0003_c.sql": `CREATE TABLE c (x integer);`,
	})
	if err := migrate.Run(ctx, inTx(db), ms, "t1"); err != nil {
		t.Fatal(err)
	}
	if got, want := state(t, db), "1:0001_a.sql 3:0003_c.sql | a c"; got != want {
		t.Fatalf("after the first run: %q, want %q", got, want)
	}

	// Again: nothing changes (0001 would insert a second row).
	if err := migrate.Run(ctx, inTx(db), ms, "t2"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM a`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("a ran twice: %d rows, %v", n, err)
	}

	// A branch merged later brings 0002, below what the database has
	// seen: it is applied, and only it.
	ms = load(t, map[string]string{
		"migrations/0001_a.sql": `CREATE TABLE a (x integer); INSERT INTO a VALUES (1);`,
		"migrations/0002_b.sql": `CREATE TABLE b (x integer);`,
		"migrations/0003_c.sql": `CREATE TABLE c (x integer);`,
	})
	if err := migrate.Run(ctx, inTx(db), ms, "t3"); err != nil {
		t.Fatal(err)
	}
	if got, want := state(t, db), "1:0001_a.sql 2:0002_b.sql 3:0003_c.sql | a b c"; got != want {
		t.Fatalf("after the gap was filled: %q, want %q", got, want)
	}
	var at string
	if err := db.QueryRow(`SELECT applied_at FROM schema_migrations WHERE version = 2`).Scan(&at); err != nil || at != "t3" {
		t.Fatalf("0002 applied at %q (%v), want t3", at, err)
	}
}

// TestRunFails: a migration that fails leaves nothing of itself, keeps
// those before it, names its file, and is tried again on the next run.
func TestRunFails(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	files := map[string]string{
		"migrations/0001_a.sql": `CREATE TABLE a (x integer);`,
		"migrations/0002_b.sql": `CREATE TABLE b (x integer); INSERT INTO nowhere VALUES (1);`,
		"migrations/0003_c.sql": `CREATE TABLE c (x integer);`,
	}
	err := migrate.Run(ctx, inTx(db), load(t, files), "t1")
	if err == nil || !strings.HasPrefix(err.Error(), "migration migrations/0002_b.sql: ") || !strings.Contains(err.Error(), "nowhere") {
		t.Fatalf("Run = %v, want an error naming migrations/0002_b.sql and its cause", err)
	}
	if got, want := state(t, db), "1:0001_a.sql | a"; got != want {
		t.Fatalf("after the failure: %q, want %q (0002 rolled back, 0003 not run)", got, want)
	}
	files["migrations/0002_b.sql"] = `CREATE TABLE b (x integer);`
	if err := migrate.Run(ctx, inTx(db), load(t, files), "t2"); err != nil {
		t.Fatal(err)
	}
	if got, want := state(t, db), "1:0001_a.sql 2:0002_b.sql 3:0003_c.sql | a b c"; got != want {
		t.Fatalf("after the fix: %q, want %q", got, want)
	}
}

// TestRunNewer: a database that has seen a version this binary does not
// know is refused, and left alone.
func TestRunNewer(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	ms := load(t, map[string]string{"migrations/0001_a.sql": `CREATE TABLE a (x integer);`})
	if err := migrate.Run(ctx, inTx(db), ms, "t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (7, '0007_future.sql', 't0')`); err != nil {
		t.Fatal(err)
	}
	ms = load(t, map[string]string{"migrations/0001_a.sql": `CREATE TABLE a (x integer);`, "migrations/0002_b.sql": `CREATE TABLE b (x integer);`})
	err := migrate.Run(ctx, inTx(db), ms, "t2")
	if reckon.ErrorCode(err) != reckon.EINVALID || !strings.Contains(err.Error(), "version 7 is newer than this reckon knows (2)") {
		t.Fatalf("Run on a newer database = %v", err)
	}
	if got, want := state(t, db), "1:0001_a.sql 7:0007_future.sql | a"; got != want {
		t.Fatalf("the newer database changed: %q, want %q", got, want)
	}
}

// TestRunRace: a migration that another process applies between Run's
// look at the database and its turn is skipped, not run twice.
func TestRunRace(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	ms := load(t, map[string]string{
		"migrations/0001_a.sql": `CREATE TABLE a (x integer);`,
		"migrations/0002_b.sql": `CREATE TABLE b (x integer);`,
	})
	calls := 0
	racing := func(ctx context.Context, fn func(migrate.Tx) error) error {
		calls++
		if calls == 2 { // after Run has read what was applied: the other process
			if err := migrate.Run(ctx, inTx(db), ms, "other"); err != nil {
				return err
			}
		}
		return inTx(db)(ctx, fn)
	}
	if err := migrate.Run(ctx, racing, ms, "mine"); err != nil {
		t.Fatalf("Run beside another process: %v", err)
	}
	if got, want := state(t, db), "1:0001_a.sql 2:0002_b.sql | a b"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}
