package sqlite

import (
	"context"
	"database/sql"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

var _ reckon.CorrectionStore = (*Store)(nil)

const correctionColumns = `id, list, record_id, person_id, kind, field, text, reporter, contact, status, note, resolved_by, resolved_at, created_at`

func scanCorrection(row interface{ Scan(...any) error }) (*reckon.Correction, error) {
	var c reckon.Correction
	var resolved sql.NullString
	var created string
	if err := row.Scan(&c.ID, &c.Record.List, &c.Record.RecordID, &c.PersonID, &c.Kind, &c.Field, &c.Text, &c.Reporter, &c.Contact,
		&c.Status, &c.Note, &c.ResolvedBy, &resolved, &created); err != nil {
		return nil, err
	}
	c.CreatedAt = storerule.ParseTime(created)
	if resolved.Valid {
		t := storerule.ParseTime(resolved.String)
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
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO corrections (list, record_id, person_id, kind, field, text, reporter, contact, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.Record.List, c.Record.RecordID, c.PersonID, c.Kind, c.Field, c.Text, c.Reporter, c.Contact,
			reckon.CorrectionOpen, now)
		if err != nil {
			return err
		}
		c.ID, _ = res.LastInsertId()
		c.Status, c.Note, c.ResolvedBy, c.ResolvedAt = reckon.CorrectionOpen, "", "", nil
		c.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, tx, "correction.add", "correction", c.ID, nil, c.Audited())
	})
}

// Correction implements [reckon.CorrectionStore].
func (s *Store) Correction(ctx context.Context, id int64) (_ *reckon.Correction, err error) {
	defer wrap(&err, "correction %d", id)
	c, err := scanCorrection(s.queryRow(ctx, `SELECT `+correctionColumns+` FROM corrections WHERE id = ?`, id))
	return c, notFound(err, "report", id)
}

// Corrections implements [reckon.CorrectionStore].
func (s *Store) Corrections(ctx context.Context, f reckon.CorrectionFilter) (_ []*reckon.Correction, err error) {
	defer wrap(&err, "corrections")
	q := `SELECT ` + correctionColumns + ` FROM corrections WHERE id > ?`
	args := []any{f.AfterID}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
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
	var out []*reckon.Correction
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ResolveCorrection implements [reckon.CorrectionStore].
func (s *Store) ResolveCorrection(ctx context.Context, id int64, r *reckon.Resolution) (_ *reckon.Correction, err error) {
	defer wrap(&err, "resolve correction %d", id)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var out *reckon.Correction
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanCorrection(tx.QueryRowContext(ctx, `SELECT `+correctionColumns+` FROM corrections WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "report", id)
		}
		if before.Status != reckon.CorrectionOpen {
			return reckon.Errorf(reckon.ECONFLICT, "report %d was %s already", id, before.Status)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE corrections SET status = ?, note = ?, resolved_by = ?, resolved_at = ? WHERE id = ?`,
			r.Status, r.Note, r.By, now, id); err != nil {
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
