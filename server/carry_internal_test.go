package server

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestCarryCaps: what browsers not signed in may leave on the server is
// capped in number of files and per file; files signed for, and files
// whose time is over, no longer count (issue 15).
func TestCarryCaps(t *testing.T) {
	var st staging
	t.Cleanup(st.Close)
	now := time.Now()
	var ids []string
	for i := range carryMaxFiles {
		id, err := st.putCarry(strings.NewReader("record_id\nx\n"), "a.csv", carryOwner(string(rune('a'+i))), now)
		if err != nil {
			t.Fatalf("file %d: %v", i+1, err)
		}
		ids = append(ids, id)
	}
	if _, err := st.putCarry(strings.NewReader("x"), "b.csv", carryOwner("z"), now); !errors.Is(err, errCarryFull) {
		t.Fatalf("one file over the cap: %v, want errCarryFull", err)
	}
	// Signed for: the file is the user's, and no longer counts.
	if name := st.rebind(ids[0], carryOwner("a"), "analyst", now); name != "a.csv" {
		t.Fatalf("rebind: %q", name)
	}
	if name := st.rebind(ids[1], carryOwner("not b"), "analyst", now); name != "" {
		t.Fatalf("rebind with another's secret: %q", name)
	}
	if _, err := st.get(ids[0], "analyst", now); err != nil {
		t.Fatalf("the signed-for file: %v", err)
	}
	if _, err := st.putCarry(strings.NewReader("x"), "c.csv", carryOwner("y"), now); err != nil {
		t.Fatalf("after one was signed for: %v", err)
	}
	// Their time over, the files go.
	if _, err := st.putCarry(strings.NewReader("x"), "d.csv", carryOwner("w"), now.Add(carryTTL+time.Second)); err != nil {
		t.Fatalf("after the others' time: %v", err)
	}
	if n, _ := st.carried(); n != 1 {
		t.Errorf("%d files kept for browsers not signed in, want 1", n)
	}
	if _, err := st.putCarry(strings.NewReader(strings.Repeat("x", carryMaxBytes+1)), "e.csv", carryOwner("v"), now); !errors.Is(err, errCarryTooLarge) {
		t.Errorf("a file over the size cap: %v", err)
	}
}
