package reckon

import (
	"context"
	"time"
)

// Event is one change to a workspace, kept forever in an append-only log.
// Each event's Hash covers its content and the previous event's hash, so
// that editing or deleting any event breaks the chain from there on: it
// is the hex SHA-256 of Prev, ID, At (in UTC as time.RFC3339Nano writes it),
// Actor, Action, Entity, EntityID, Before and After, each written as its
// length in bytes, ":" and itself, so that no two different events hash
// alike by shifting text between fields.
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
