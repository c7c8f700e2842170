// Package pgtest gives tests a PostgreSQL store of their own on the
// server that RECKON_TEST_POSTGRES names (.ci/postgres.sh starts one):
// each store lives in a new schema, dropped when the test ends.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon/postgres"
)

// EnvVar names the environment variable holding the test server's URL.
const EnvVar = "RECKON_TEST_POSTGRES"

// SkipReason is why tests skip without a server.
const SkipReason = "RECKON_TEST_POSTGRES not set: PostgreSQL store tests need a server; .ci/postgres.sh starts one"

// ServerURL returns the URL of the test server, or skips tb.
func ServerURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvVar)
	if u == "" {
		tb.Skip(SkipReason)
	}
	return u
}

// SchemaURL creates a schema of its own for tb on the test server and
// returns a URL that selects it; the schema is dropped when tb ends.
func SchemaURL(tb testing.TB) string {
	tb.Helper()
	base := ServerURL(tb)
	ctx := context.Background()
	b := make([]byte, 8)
	rand.Read(b)
	schema := "reckon_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to %s: %v", EnvVar, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvVar, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens a store in a new schema, closed when tb ends.
func Open(tb testing.TB) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), SchemaURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
