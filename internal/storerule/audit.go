package storerule

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/reckonhq/reckon"
)

// EventHash returns the hash an event must carry: hex SHA-256 over its
// fields and prev, in a fixed order with lengths, so that no two different
// events hash alike by shifting text between fields.
func EventHash(prev string, e *reckon.Event) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor,
		e.Action, e.Entity, e.EntityID, e.Before, e.After} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// VerifyEvents checks a log read in id order: ids count up from 1 without
// gaps, each event names its predecessor's hash, and each hash is right.
// It stops at the first problem.
func VerifyEvents(events func(yield func(*reckon.Event) bool)) reckon.AuditCheck {
	var c reckon.AuditCheck
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
