package reckon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Event is one change to a workspace, kept forever in an append-only log.
// Each event's Hash covers its content and the previous event's hash, so
// that editing or deleting any event breaks the chain from there on.
type Event struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`            // who made the change
	Action   string    `json:"action"`           // "claim.review", "records.import", …
	Entity   string    `json:"entity"`           // "claim", "import", …
	EntityID string    `json:"entity_id"`        // the entity's id
	Before   string    `json:"before,omitempty"` // JSON of the state before, "" for a creation
	After    string    `json:"after,omitempty"`  // JSON of the state after
	Prev     string    `json:"prev"`             // the previous event's Hash, "" for the first
	Hash     string    `json:"hash"`
}

// EventHash returns the hash an event must carry: hex SHA-256 over its
// fields and prev, in a fixed order with lengths, so that no two different
// events hash alike by shifting text between fields.
func EventHash(prev string, e *Event) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor,
		e.Action, e.Entity, e.EntityID, e.Before, e.After} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// EventFilter selects events. The zero filter selects all, oldest first.
type EventFilter struct {
	Since   time.Time // zero: from the start
	Entity  string    // "": any
	Limit   int       // 0: no limit
	AfterID int64     // cursor
}

// AuditCheck is the outcome of verifying the audit log.
type AuditCheck struct {
	Events int    `json:"events"`
	Head   string `json:"head"` // the last event's hash: keep it elsewhere to detect a truncated log
	// BadID is the first event whose hash, predecessor or id does not
	// check; 0 when the log is intact. Problem says what is wrong.
	BadID   int64  `json:"bad_id,omitempty"`
	Problem string `json:"problem,omitempty"`
}

// VerifyEvents checks a log read in id order: ids count up from 1 without
// gaps, each event names its predecessor's hash, and each hash is right.
// It stops at the first problem.
func VerifyEvents(events func(yield func(*Event) bool)) AuditCheck {
	var c AuditCheck
	prev := ""
	var want int64 = 1
	for e := range events {
		switch {
		case e.ID != want:
			c.BadID, c.Problem = e.ID, "event "+strconv.FormatInt(want, 10)+" is missing (deleted?)"
		case e.Prev != prev:
			c.BadID, c.Problem = e.ID, "it does not name the previous event's hash"
		case EventHash(prev, e) != e.Hash:
			c.BadID, c.Problem = e.ID, "its content does not match its hash (edited?)"
		}
		if c.BadID != 0 {
			return c
		}
		c.Events++
		prev, c.Head = e.Hash, e.Hash
		want++
	}
	return c
}

type actorKey struct{}

// WithActor returns a context that attributes the changes made with it
// to actor in the audit log.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor of ctx, or "system" when none is set.
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "system"
}
