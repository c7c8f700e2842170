// Package postgres implements [reckon.Store] on a PostgreSQL server, for a
// team that shares one workspace (pgx v5). It behaves as package sqlite
// does, error codes and messages included, and passes the same suite
// (package storetest). The schema migrations are embedded and applied
// when the store is opened, under an advisory lock so that servers that
// start together do not race.
//
// # Schema
//
// Tables and columns are those of the SQLite schema, with native keys
// (bigint identity columns), booleans and floats. Times are text in UTC
// with nine fractional digits ("2025-01-02T03:04:05.123456789Z"): exact
// to the nanosecond as SQLite keeps them, so that copies between the two
// stores are lossless, and of fixed width, so that their text order is
// their time order (cast with ::timestamptz to compute with them). A
// document's text is bytea: its chunks may end inside a UTF-8 sequence.
//
// # Connections
//
// The URL is a libpq connection URL (postgres://user:password@host/db);
// a search_path parameter selects the schema. pool_max_conns sets the
// number of connections (default: 8).
//
// # Tests
//
// The tests need a server: RECKON_TEST_POSTGRES names it with a URL, and
// .ci/postgres.sh starts a throwaway one and sets it. Each test works in
// a schema of its own (package pgtest). Without the variable the tests
// skip, saying so.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/migrate"
	"github.com/reckonhq/reckon/internal/storerule"
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ reckon.Store = (*Store)(nil)

// Store is a workspace on a PostgreSQL server. It is safe for concurrent
// use.
type Store struct {
	pool *pgxpool.Pool

	// Now returns the current time; it is time.Now unless a test sets it.
	Now func() time.Time
}

// DefaultMaxConns is the number of connections a Store opens at most
// when the URL does not set pool_max_conns.
const DefaultMaxConns = 8

// Open connects to the database at the URL and brings its schema up to
// date.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	if u, err := url.Parse(rawURL); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if v := u.Query().Get("pool_max_conns"); v != "" {
			if n, err := strconv.Atoi(v); err != nil || n < 1 {
				return nil, reckon.Errorf(reckon.EINVALID, "pool_max_conns %q: want a positive number", v)
			}
		}
	}
	pcfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		// The error may quote the URL, password included.
		return nil, reckon.Errorf(reckon.EINVALID, "bad PostgreSQL URL: want postgres://user:password@host:port/database")
	}
	if !strings.Contains(rawURL, "pool_max_conns") {
		pcfg.MaxConns = DefaultMaxConns
	}
	cfg := pcfg.ConnConfig
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "reckon"
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", redact(cfg), err)
	}
	s := &Store{pool: pool, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open postgres %s: %w", redact(cfg), err)
	}
	return s, nil
}

// redact names the database without the password.
func redact(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// Close closes the store's connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrateLock is the first key of the advisory lock taken while migrating;
// the second is the schema's, so that schemas migrate independently.
const migrateLock = 0x7265636b // "reck"

// migrate brings the schema up to date with the embedded migrations
// (see package migrate), each in a transaction of its own that first
// takes an advisory lock of the schema, so that servers starting together
// do not race: one applies a migration and the others then skip it.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrate.Load(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	var schema *string
	err = s.withConn(ctx, func(c *pgx.Conn) error { return c.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema) })
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if schema == nil {
		return reckon.Errorf(reckon.EINVALID, "the database has no schema to create tables in (see its search_path)")
	}
	return migrate.Run(ctx, func(ctx context.Context, fn func(migrate.Tx) error) error {
		return s.inTx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '')))`, migrateLock); err != nil {
				return err
			}
			return fn(migrateTx{tx})
		})
	}, ms, s.now())
}

// migrateTx is a transaction as package migrate uses it.
type migrateTx struct{ tx pgx.Tx }

func (t migrateTx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.tx.Exec(ctx, query, args...)
	return err
}

func (t migrateTx) Ints(ctx context.Context, query string, args ...any) ([]int, error) {
	rows, err := t.tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int])
}

// querier is what a connection and a transaction both do.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// withConn runs fn on a connection of the pool.
func (s *Store) withConn(ctx context.Context, fn func(c *pgx.Conn) error) error {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return dbError(err)
	}
	defer c.Release() // a connection left busy or in a transaction is closed
	return dbError(fn(c.Conn()))
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return s.inTxOptions(ctx, pgx.TxOptions{}, fn)
}

func (s *Store) inTxOptions(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	return s.withConn(ctx, func(c *pgx.Conn) error {
		tx, err := c.BeginTx(ctx, opts)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			rollback(ctx, tx)
			return err
		}
		return tx.Commit(ctx)
	})
}

// rollback rolls tx back even when ctx has ended, so that the connection
// can be used again.
func rollback(ctx context.Context, tx pgx.Tx) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	tx.Rollback(ctx)
}

// now returns the current time as the store keeps times (see
// [storerule.FormatTime]).
func (s *Store) now() string { return storerule.FormatTime(s.Now()) }

// pgCode returns the SQLSTATE of err, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// SQLSTATEs the store maps to its own errors.
const (
	codeUnique     = "23505"
	codeForeignKey = "23503"
	codeBadText    = "22021" // character_not_in_repertoire: bad UTF-8, NUL
	codeBadText2   = "22P05" // untranslatable_character
)

func isUnique(err error) bool     { return pgCode(err) == codeUnique }
func isForeignKey(err error) bool { return pgCode(err) == codeForeignKey }

// dbError maps what the server refuses in the data given to it, rather
// than in its own state, to EINVALID: text that is not UTF-8 or that holds
// a NUL byte, which SQLite stores and PostgreSQL does not.
func dbError(err error) error {
	switch pgCode(err) {
	case codeBadText, codeBadText2:
		return reckon.Errorf(reckon.EINVALID, "text that is not valid UTF-8 or holds a NUL byte cannot be stored")
	}
	return err
}

// notFound maps pgx.ErrNoRows to an ENOTFOUND error about what.
func notFound(err error, what string, id any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return reckon.Errorf(reckon.ENOTFOUND, "%s %v not found", what, id)
	}
	return err
}

// scanner is a row to scan.
type scanner interface{ Scan(...any) error }

// collect runs a query and scans each row with scan.
func collect[T any](ctx context.Context, s *Store, scan func(scanner) (T, error), sql string, args ...any) ([]T, error) {
	var out []T
	err := s.withConn(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// params collects the arguments of a query and names their placeholders.
type params []any

// add appends v and returns its placeholder, such as "$3".
func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
}

// wrap, deferred by each method of the store, names the store and the
// operation in a database error (see [storerule.Wrap]).
func wrap(err *error, format string, args ...any) { storerule.Wrap("postgres", err, format, args...) }
