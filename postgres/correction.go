package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

var _ reckon.CorrectionStore = (*Store)(nil)

const correctionColumns = `id, list, record_id, person_id, kind, field, text, reporter, contact, status, note, resolved_by, resolved_at, created_at`

func scanCorrection(row scanner) (*reckon.Correction, error) {
	var c reckon.Correction
	var kind, status, created string
	var resolved *string
	if err := row.Scan(&c.ID, &c.Record.List, &c.Record.RecordID, &c.PersonID, &kind, &c.Field, &c.Text, &c.Reporter, &c.Contact,
		&status, &c.Note, &c.ResolvedBy, &resolved, &created); err != nil {
		return nil, err
	}
	c.Kind, c.Status = reckon.CorrectionKind(kind), reckon.CorrectionStatus(status)
	c.CreatedAt = storerule.ParseTime(created)
	if resolved != nil {
		t := storerule.ParseTime(*resolved)
		c.ResolvedAt = &t
	}
	return &c, nil
}

// AddCorrection implements [reckon.CorrectionStore].
func (s *Store) AddCorrection(ctx context.Context, c *reckon.Correction) (err error) {
	defer wrap(&err, "add correction")
	if err := c.Validate(); err != nil {
		return err
	}
	now := s.now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO corrections (list, record_id, person_id, kind, field, text, reporter, contact, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, c.Record.List, c.Record.RecordID, c.PersonID, string(c.Kind), c.Field, c.Text,
			c.Reporter, c.Contact, string(reckon.CorrectionOpen), now).Scan(&c.ID); err != nil {
			return err
		}
		c.Status, c.Note, c.ResolvedBy, c.ResolvedAt = reckon.CorrectionOpen, "", "", nil
		c.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, tx, "correction.add", "correction", c.ID, nil, c.Audited())
	})
}

// Correction implements [reckon.CorrectionStore].
func (s *Store) Correction(ctx context.Context, id int64) (_ *reckon.Correction, err error) {
	defer wrap(&err, "correction %d", id)
	var c *reckon.Correction
	err = s.withConn(ctx, func(conn *pgx.Conn) (err error) {
		c, err = scanCorrection(conn.QueryRow(ctx, `SELECT `+correctionColumns+` FROM corrections WHERE id = $1`, id))
		return err
	})
	return c, notFound(err, "report", id)
}

// Corrections implements [reckon.CorrectionStore].
func (s *Store) Corrections(ctx context.Context, f reckon.CorrectionFilter) (_ []*reckon.Correction, err error) {
	defer wrap(&err, "corrections")
	var p params
	q := `SELECT ` + correctionColumns + ` FROM corrections WHERE id > ` + p.add(f.AfterID)
	if f.Status != "" {
		q += ` AND status = ` + p.add(string(f.Status))
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ` + p.add(f.Limit)
	}
	return collect(ctx, s, scanCorrection, q, p...)
}

// ResolveCorrection implements [reckon.CorrectionStore].
func (s *Store) ResolveCorrection(ctx context.Context, id int64, r *reckon.Resolution) (_ *reckon.Correction, err error) {
	defer wrap(&err, "resolve correction %d", id)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var out *reckon.Correction
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		before, err := scanCorrection(tx.QueryRow(ctx, `SELECT `+correctionColumns+` FROM corrections WHERE id = $1 FOR UPDATE`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return reckon.Errorf(reckon.ENOTFOUND, "report %d not found", id)
		}
		if err != nil {
			return err
		}
		if before.Status != reckon.CorrectionOpen {
			return reckon.Errorf(reckon.ECONFLICT, "report %d was %s already", id, before.Status)
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE corrections SET status = $1, note = $2, resolved_by = $3, resolved_at = $4 WHERE id = $5`,
			string(r.Status), r.Note, r.By, now, id); err != nil {
			return err
		}
		after := *before
		at := storerule.ParseTime(now)
		after.Status, after.Note, after.ResolvedBy, after.ResolvedAt = r.Status, r.Note, r.By, &at
		out = &after
		return s.record(ctx, tx, "correction.resolve", "correction", id, before.Audited(), after.Audited())
	})
	return out, err
}
