package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/reckonhq/reckon"
)

const claimColumns = `id, document_id, measure, subject, qualifier, cue, low, high, stated, span, start, "end", sentence,
	attribution, cites, date, projected, why, extractor_version, status, reviewed_by, reviewed_at, review_note, created_at, version`

func scanClaim(row interface{ Scan(...any) error }) (*reckon.Claim, error) {
	var c reckon.Claim
	var low, high sql.NullInt64
	var stated, why, created string
	var reviewed sql.NullString
	if err := row.Scan(&c.ID, &c.DocumentID, &c.Measure, &c.Subject, &c.Qualifier, &c.Cue, &low, &high, &stated, &c.Span,
		&c.Start, &c.End, &c.Sentence, &c.Attribution, &c.Cites, &c.Date, &c.Projected, &why, &c.ExtractorVersion,
		&c.Status, &c.ReviewedBy, &reviewed, &c.ReviewNote, &created, &c.Version); err != nil {
		return nil, err
	}
	if low.Valid {
		c.Low = &low.Int64
	}
	if high.Valid {
		c.High = &high.Int64
	}
	json.Unmarshal([]byte(stated), &c.Stated)
	json.Unmarshal([]byte(why), &c.Why)
	if reviewed.Valid {
		t := parseTime(reviewed.String)
		c.ReviewedAt = &t
	}
	c.CreatedAt = parseTime(created)
	return &c, nil
}

// Claim implements [reckon.ClaimStore].
func (s *Store) Claim(ctx context.Context, id int64) (*reckon.Claim, error) {
	return claimByID(ctx, s.db, id)
}

func claimByID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id int64) (*reckon.Claim, error) {
	c, err := scanClaim(q.QueryRowContext(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = ?`, id))
	return c, notFound(err, "claim", id)
}

// Claims implements [reckon.ClaimStore].
func (s *Store) Claims(ctx context.Context, f reckon.ClaimFilter) ([]*reckon.Claim, error) {
	q := `SELECT ` + claimColumns + ` FROM claims WHERE id > ?`
	args := []any{f.AfterID}
	if f.Measure != "" {
		q += ` AND measure = ?`
		args = append(args, f.Measure)
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	if f.DocumentID != 0 {
		q += ` AND document_id = ?`
		args = append(args, f.DocumentID)
	}
	if f.SourceID != 0 {
		q += ` AND document_id IN (SELECT id FROM documents WHERE source_id = ?)`
		args = append(args, f.SourceID)
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
	var out []*reckon.Claim
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ReviewClaim implements [reckon.ClaimStore].
func (s *Store) ReviewClaim(ctx context.Context, id int64, r *reckon.Review, e *reckon.ClaimEdit) (*reckon.Claim, error) {
	if r.By == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "review of claim %d: who reviews it is required", id)
	}
	var out *reckon.Claim
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := claimByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := reckon.CheckVersion(c, r); err != nil {
			return err
		}
		before := reviewState(c)
		if err := reckon.ApplyReview(c, r.Action, r.Why, e); err != nil {
			return err
		}
		c.Version++
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE claims SET measure = ?, qualifier = ?, subject = ?, low = ?, high = ?, status = ?,
			reviewed_by = ?, reviewed_at = ?, review_note = ?, version = ? WHERE id = ?`,
			c.Measure, c.Qualifier, c.Subject, c.Low, c.High, c.Status, r.By, now, r.Why, c.Version, id); err != nil {
			return err
		}
		r.ClaimID, r.Before, r.After = id, before, reviewState(c)
		res, err := tx.ExecContext(ctx, `INSERT INTO claim_reviews (claim_id, action, by, at, why, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, r.Action, r.By, now, r.Why, r.Before, r.After)
		if err != nil {
			return err
		}
		r.ID, _ = res.LastInsertId()
		r.At = parseTime(now)
		if err := s.record(ctx, tx, "claim."+string(r.Action), "claim", id, r.Before, map[string]string{"state": r.After, "by": r.By, "why": r.Why}); err != nil {
			return err
		}
		c.ReviewedBy, c.ReviewedAt, c.ReviewNote = r.By, &r.At, r.Why
		out = c
		return nil
	})
	return out, err
}

// reviewState is the part of a claim a review can change, as one line.
func reviewState(c *reckon.Claim) string {
	return fmt.Sprintf("%s %s %s %s", c.Status, c.Measure, c.Qualifier, c.Interval)
}

// Reviews implements [reckon.ClaimStore].
func (s *Store) Reviews(ctx context.Context, claimID int64) ([]*reckon.Review, error) {
	if _, err := s.Claim(ctx, claimID); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT id, claim_id, action, by, at, why, before, after FROM claim_reviews WHERE claim_id = ? ORDER BY id`, claimID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Review
	for rows.Next() {
		var r reckon.Review
		var at string
		if err := rows.Scan(&r.ID, &r.ClaimID, &r.Action, &r.By, &at, &r.Why, &r.Before, &r.After); err != nil {
			return nil, err
		}
		r.At = parseTime(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}
