package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/storetest"
)

// TestAuditCheckpoint: a log cut, emptied or re-chained behind the
// store's back no longer extends a checkpoint made before (issue 11,
// item 12).
func TestAuditCheckpoint(t *testing.T) {
	pgtest.ServerURL(t)
	storetest.RunCheckpoint(t, func(tb testing.TB) (reckon.Store, storetest.Tamper) {
		ctx := context.Background()
		url := pgtest.SchemaURL(tb)
		s, err := postgres.Open(ctx, url)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { conn.Close(ctx) })
		exec := func(tb testing.TB, q string) {
			tb.Helper()
			if _, err := conn.Exec(ctx, q); err != nil {
				tb.Fatalf("%s: %v", q, err)
			}
		}
		exec(tb, `DROP TRIGGER audit_events_no_change ON audit_events`)
		exec(tb, `DROP TRIGGER audit_events_no_truncate ON audit_events`)
		return s, exec
	})
}
