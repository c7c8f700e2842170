package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// auditLock is the key of the transaction-scoped advisory lock that puts
// appends to the audit chain in one order.
const auditLock = 0x72_65_63_6b_61_75 // "reckau"

// record appends the event of a change to the audit log inside tx.
func (s *Store) record(ctx context.Context, tx pgx.Tx, action, entity string, id any, before, after any) error {
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
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(auditLock)); err != nil {
		return err
	}
	err := tx.QueryRow(ctx, `SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&e.ID, &e.Prev)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	e.ID++
	e.At = storerule.ParseTime(s.now())
	e.Hash = storerule.EventHash(e.Prev, e)
	_, err = tx.Exec(ctx, `INSERT INTO audit_events (id, at, actor, action, entity, entity_id, before, after, prev, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, e.ID, storerule.FormatTime(e.At), e.Actor, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.Prev, e.Hash)
	return err
}

const eventColumns = `id, at, actor, action, entity, entity_id, before, after, prev, hash`

func scanEvent(row scanner) (*reckon.Event, error) {
	var e reckon.Event
	var at string
	if err := row.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.Prev, &e.Hash); err != nil {
		return nil, err
	}
	e.At = storerule.ParseTime(at)
	return &e, nil
}

// Events implements [reckon.AuditStore].
func (s *Store) Events(ctx context.Context, f reckon.EventFilter) (_ []*reckon.Event, err error) {
	defer wrap(&err, "events")
	q := `SELECT ` + eventColumns + ` FROM audit_events WHERE id > $1`
	args := []any{f.AfterID}
	if !f.Since.IsZero() {
		args = append(args, storerule.FormatTime(f.Since))
		q += fmt.Sprintf(` AND at >= $%d`, len(args))
	}
	if f.Entity != "" {
		args = append(args, f.Entity)
		q += fmt.Sprintf(` AND entity = $%d`, len(args))
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	return collect(ctx, s, scanEvent, q, args...)
}

// VerifyAudit implements [reckon.AuditStore].
func (s *Store) VerifyAudit(ctx context.Context) (_ *reckon.AuditCheck, err error) {
	defer wrap(&err, "verify audit")
	var c reckon.AuditCheck
	err = s.withConn(ctx, func(conn *pgx.Conn) error {
		rows, err := conn.Query(ctx, `SELECT `+eventColumns+` FROM audit_events ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var scanErr error
		c = storerule.VerifyEvents(func(yield func(*reckon.Event) bool) {
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
			return scanErr
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}
