package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// record appends the event of a change to the audit log inside tx. The
// write lock of tx (BEGIN IMMEDIATE) keeps the chain in order. before and
// after are marshalled to JSON; nil leaves them empty.
func (s *Store) record(ctx context.Context, tx *sql.Tx, action, entity string, id any, before, after any) error {
	e := &reckon.Event{Actor: reckon.ActorFrom(ctx), Action: action, Entity: entity, EntityID: fmt.Sprint(id)}
	for _, p := range []struct {
		v   any
		dst *string
	}{{before, &e.Before}, {after, &e.After}} {
		if p.v == nil {
			continue
		}
		b, err := json.Marshal(p.v)
		if err != nil {
			return err
		}
		*p.dst = string(b)
	}
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&e.ID, &e.Prev)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	e.ID++
	e.At = storerule.ParseTime(s.now())
	e.Hash = storerule.EventHash(e.Prev, e)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_events (id, at, actor, action, entity, entity_id, before, after, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, storerule.FormatTime(e.At), e.Actor, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.Prev, e.Hash)
	return err
}

// Events implements [reckon.AuditStore].
func (s *Store) Events(ctx context.Context, f reckon.EventFilter) (_ []*reckon.Event, err error) {
	defer wrap(&err, "events")
	q := `SELECT id, at, actor, action, entity, entity_id, before, after, prev, hash FROM audit_events WHERE id > ?`
	args := []any{f.AfterID}
	if !f.Since.IsZero() {
		q += ` AND at >= ?`
		args = append(args, storerule.FormatTime(f.Since))
	}
	if f.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, f.Entity)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scanEvent(row interface{ Scan(...any) error }) (*reckon.Event, error) {
	var e reckon.Event
	var at string
	if err := row.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.Prev, &e.Hash); err != nil {
		return nil, err
	}
	e.At = storerule.ParseTime(at)
	return &e, nil
}

// VerifyAudit implements [reckon.AuditStore]. It reads the log in one
// pass, in id order.
func (s *Store) VerifyAudit(ctx context.Context) (_ *reckon.AuditCheck, err error) {
	defer wrap(&err, "verify audit")
	rows, err := s.query(ctx, `SELECT id, at, actor, action, entity, entity_id, before, after, prev, hash FROM audit_events ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var scanErr error
	c := storerule.VerifyEvents(func(yield func(*reckon.Event) bool) {
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				scanErr = err
				return
			}
			if !yield(e) {
				return
			}
		}
	})
	if scanErr != nil {
		return nil, scanErr
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return &c, nil
}
