// Package migrate brings a store's schema up to date: it applies, in
// order and each in a transaction of its own, the SQL migrations a
// database has not seen yet, and records each in the table
// schema_migrations. Both stores (sqlite and postgres) use it with their
// own embedded migrations; each supplies only how to run a transaction.
// (It is not the command `reckon migrate`, which copies a workspace from
// one store to another.)
//
// A migration is a file named NNNN_what.sql; its number is its version.
// Versions increase with the file names, and a number may be missing:
// branches number their migrations apart, so a database may have seen 1,
// 2 and 4 and meet 3 later, when the branches are merged, and then 3 is
// applied. A database that has seen a version newer than any migration
// this binary knows was written by a newer reckon, and is an error rather
// than something to guess about.
package migrate

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
)

// Migration is one migration file.
type Migration struct {
	Version int    // the number its name starts with
	Name    string // the file's path in its file system, such as "migrations/0003_persons.sql"
	SQL     string // its statements
}

// Load reads the migrations in fsys whose paths match pattern (such as
// "migrations/*.sql"), in order of their names. A name that does not
// start with a number followed by "_", or whose number is not greater
// than the one before, is an error naming the file.
func Load(fsys fs.FS, pattern string) ([]Migration, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, fmt.Errorf("migrations %s: %w", pattern, err)
	}
	slices.Sort(names)
	var out []Migration
	last := 0
	for _, name := range names {
		prefix, _, ok := strings.Cut(path.Base(name), "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: its name must start with a version number and \"_\", such as 0001_claims.sql", name)
		}
		if v <= last {
			return nil, fmt.Errorf("migration %s: version %d does not follow version %d of the file before it; give it a number of its own", name, v, last)
		}
		last = v
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", name, err)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	return out, nil
}

// Tx is a transaction of the database being migrated. Its queries write
// their placeholders $1, $2, …, which PostgreSQL and SQLite both read.
type Tx interface {
	// Exec runs statements.
	Exec(ctx context.Context, query string, args ...any) error
	// Ints runs a query whose rows each hold one integer.
	Ints(ctx context.Context, query string, args ...any) ([]int, error)
}

// InTx runs fn in a transaction, committing it when fn returns nil and
// rolling it back otherwise. A store that other processes may migrate at
// the same time takes a lock in each transaction before calling fn.
type InTx func(ctx context.Context, fn func(Tx) error) error

// Run applies the migrations ms (as Load returns them) that the database
// has not seen, each in a transaction of its own that also records it,
// with appliedAt as the time it was applied. A migration that fails is
// rolled back, with what was before it kept, and its error names its
// file. A migration that another process applied since Run looked is
// skipped. Running again after success changes nothing.
func Run(ctx context.Context, inTx InTx, ms []Migration, appliedAt string) error {
	var applied []int
	err := inTx(ctx, func(tx Tx) error {
		if err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`); err != nil {
			return err
		}
		var err error
		applied, err = tx.Ints(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	last := 0
	if len(ms) > 0 {
		last = ms[len(ms)-1].Version
	}
	if n := len(applied); n > 0 && applied[n-1] > last {
		return reckon.Errorf(reckon.EINVALID, "database schema version %d is newer than this reckon knows (%d): upgrade reckon", applied[n-1], last)
	}
	for _, m := range ms {
		if _, seen := slices.BinarySearch(applied, m.Version); seen {
			continue
		}
		err := inTx(ctx, func(tx Tx) error {
			again, err := tx.Ints(ctx, `SELECT version FROM schema_migrations WHERE version = $1`, m.Version)
			if err != nil || len(again) > 0 {
				return err // applied by another process since
			}
			if err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			return tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, path.Base(m.Name), appliedAt)
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}
