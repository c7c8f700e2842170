package postgres_test

import (
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/snapshot/snapshottest"
	"github.com/reckonhq/reckon/storetest"
)

func TestStore(t *testing.T) {
	pgtest.ServerURL(t)
	storetest.Run(t, func(tb testing.TB) reckon.Store { return pgtest.Open(tb) })
}

func TestSnapshot(t *testing.T) {
	pgtest.ServerURL(t)
	snapshottest.Run(t, func(tb testing.TB) snapshottest.Store { return pgtest.Open(tb) })
}
