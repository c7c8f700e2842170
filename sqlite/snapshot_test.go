package sqlite_test

import (
	"testing"

	"github.com/reckonhq/reckon/snapshot/snapshottest"
)

func TestSnapshot(t *testing.T) {
	snapshottest.Run(t, func(tb testing.TB) snapshottest.Store { return MustOpen(tb) })
}
