package storerule

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
)

// TestEventHash: the hash is what reckon.Event's documentation says, so
// that an auditor can recompute it without reckon.
func TestEventHash(t *testing.T) {
	e := &reckon.Event{ID: 2, At: time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600)), Actor: "ana",
		Action: "claim.review", Entity: "claim", EntityID: "7", Before: "a", After: "bc"}
	text := "3:abc1:228:2026-01-02T02:04:05.0000006Z3:ana12:claim.review5:claim1:71:a2:bc"
	sum := sha256.Sum256([]byte(text))
	if got, want := EventHash("abc", e), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("EventHash = %s, want %s, the SHA-256 of %q", got, want, text)
	}
	// Text moved from one field to the next changes the hash.
	f := *e
	f.Before, f.After = "ab", "c"
	if EventHash("abc", &f) == EventHash("abc", e) {
		t.Fatal("moving text between fields kept the hash")
	}
}

func TestVerifyEvents(t *testing.T) {
	chain := func() []*reckon.Event {
		var out []*reckon.Event
		prev := ""
		for i := int64(1); i <= 3; i++ {
			e := &reckon.Event{ID: i, At: time.Unix(i, 0), Actor: "ana", Action: "source.create", Entity: "source", EntityID: "1", Prev: prev}
			e.Hash = EventHash(prev, e)
			prev = e.Hash
			out = append(out, e)
		}
		return out
	}
	tests := []struct {
		name    string
		change  func([]*reckon.Event) []*reckon.Event
		events  int
		badID   int64
		problem string
	}{
		{"intact", func(es []*reckon.Event) []*reckon.Event { return es }, 3, 0, ""},
		{"empty", func([]*reckon.Event) []*reckon.Event { return nil }, 0, 0, ""},
		{"edited", func(es []*reckon.Event) []*reckon.Event { es[1].Actor = "ben"; return es }, 1, 2, "its content does not match its hash (edited?)"},
		{"deleted", func(es []*reckon.Event) []*reckon.Event { return slices.Delete(es, 1, 2) }, 1, 3, "event 2 is missing (deleted?)"},
		{"relinked", func(es []*reckon.Event) []*reckon.Event { es[2].Prev = es[0].Hash; return es }, 2, 3, "it does not name the previous event's hash"},
	}
	for _, tt := range tests {
		es := tt.change(chain())
		c := VerifyEvents(slices.Values(es))
		if c.Events != tt.events || c.BadID != tt.badID || c.Problem != tt.problem {
			t.Errorf("%s: %+v, want %d events, bad %d %q", tt.name, c, tt.events, tt.badID, tt.problem)
		}
		if tt.badID == 0 && len(es) > 0 && c.Head != es[len(es)-1].Hash {
			t.Errorf("%s: head %s, want the last hash", tt.name, c.Head)
		}
	}
}
