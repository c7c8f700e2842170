package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

const claimColumns = `id, document_id, measure, subject, qualifier, cue, low, high, stated, span, start, "end", sentence,
	attribution, cites, date, projected, why, extractor_version, status, reviewed_by, reviewed_at, review_note, created_at, version,
	scope_place, scope_period, scope_extent, scope_part, on_date, note, COALESCE(attribution_source_id, 0), origin, original, COALESCE(merged_into, 0)`

func scanClaim(row interface{ Scan(...any) error }) (*reckon.Claim, error) {
	var c reckon.Claim
	var low, high sql.NullInt64
	var stated, why, created, on, original string
	var reviewed sql.NullString
	if err := row.Scan(&c.ID, &c.DocumentID, &c.Measure, &c.Subject, &c.Qualifier, &c.Cue, &low, &high, &stated, &c.Span,
		&c.Start, &c.End, &c.Sentence, &c.Attribution, &c.Cites, &c.Date, &c.Projected, &why, &c.ExtractorVersion,
		&c.Status, &c.ReviewedBy, &reviewed, &c.ReviewNote, &created, &c.Version,
		&c.Scope.Place, &c.Scope.Period, &c.Scope.Extent, &c.Scope.Part, &on, &c.Note, &c.AttributionSourceID, &c.Origin, &original, &c.MergedInto); err != nil {
		return nil, err
	}
	c.On, _ = reckon.ParseDate(on)
	if err := storerule.DecodeJSON("claims.original", original, &c.Original); err != nil {
		return nil, err
	}
	if len(c.Original) == 0 {
		c.Original = nil
	}
	if low.Valid {
		c.Low = &low.Int64
	}
	if high.Valid {
		c.High = &high.Int64
	}
	if err := storerule.DecodeJSON("claims.stated", stated, &c.Stated); err != nil {
		return nil, err
	}
	if err := storerule.DecodeJSON("claims.why", why, &c.Why); err != nil {
		return nil, err
	}
	if reviewed.Valid {
		t := storerule.ParseTime(reviewed.String)
		c.ReviewedAt = &t
	}
	c.CreatedAt = storerule.ParseTime(created)
	return &c, nil
}

// Claim implements [reckon.ClaimStore].
func (s *Store) Claim(ctx context.Context, id int64) (_ *reckon.Claim, err error) {
	defer wrap(&err, "claim %d", id)
	return claimByID(ctx, s.db, id)
}

func claimByID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id int64) (*reckon.Claim, error) {
	c, err := scanClaim(q.QueryRowContext(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = ?`, id))
	return c, notFound(err, "claim", id)
}

// Claims implements [reckon.ClaimStore].
func (s *Store) Claims(ctx context.Context, f reckon.ClaimFilter) (_ []*reckon.Claim, err error) {
	defer wrap(&err, "claims")
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
func (s *Store) ReviewClaim(ctx context.Context, id int64, r *reckon.Review, e *reckon.ClaimEdit) (_ *reckon.Claim, err error) {
	defer wrap(&err, "review claim %d", id)
	if r.By == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "review of claim %d: who reviews it is required", id)
	}
	var out *reckon.Claim
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := claimByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := storerule.CheckVersion(c, r); err != nil {
			return err
		}
		before := storerule.ReviewState(c)
		srcID, err := s.reviewRefs(ctx, tx, c, r, e)
		if err != nil {
			return err
		}
		if err := reckon.ApplyReview(c, r.Action, r.Why, e, srcID); err != nil {
			return err
		}
		c.Version++
		now := s.now()
		original, _ := json.Marshal(c.Original)
		if _, err := tx.ExecContext(ctx, `UPDATE claims SET measure = ?, qualifier = ?, subject = ?, low = ?, high = ?, status = ?,
			reviewed_by = ?, reviewed_at = ?, review_note = ?, version = ?, attribution = ?, attribution_source_id = ?, date = ?, on_date = ?,
			scope_place = ?, scope_period = ?, scope_extent = ?, scope_part = ?, note = ?, original = ?, merged_into = ? WHERE id = ?`,
			c.Measure, c.Qualifier, c.Subject, c.Low, c.High, c.Status, r.By, now, r.Why, c.Version, c.Attribution, nullID(c.AttributionSourceID),
			c.Date, c.On.String(), c.Scope.Place, c.Scope.Period, c.Scope.Extent, c.Scope.Part, c.Note, string(original), nullID(c.MergedInto), id); err != nil {
			return err
		}
		if c.Status == reckon.StatusMerged {
			// What restated c now restates the claim c went into.
			if _, err := tx.ExecContext(ctx, `UPDATE claims SET merged_into = ? WHERE merged_into = ?`, c.MergedInto, id); err != nil {
				return err
			}
		}
		r.ClaimID, r.Before, r.After = id, before, storerule.ReviewState(c)
		res, err := tx.ExecContext(ctx, `INSERT INTO claim_reviews (claim_id, action, by, at, why, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, r.Action, r.By, now, r.Why, r.Before, r.After)
		if err != nil {
			return err
		}
		r.ID, _ = res.LastInsertId()
		r.At = storerule.ParseTime(now)
		if err := s.record(ctx, tx, "claim."+string(r.Action), "claim", id, r.Before, map[string]string{"state": r.After, "by": r.By, "why": r.Why}); err != nil {
			return err
		}
		c.ReviewedBy, c.ReviewedAt, c.ReviewNote = r.By, &r.At, r.Why
		out = c
		return nil
	})
	return out, err
}

// reviewRefs checks what a review refers to: the claim a merge goes into
// (of the same document, not itself merged) and the source an
// attribution names, whose ID it returns.
func (s *Store) reviewRefs(ctx context.Context, tx *sql.Tx, c *reckon.Claim, r *reckon.Review, e *reckon.ClaimEdit) (int64, error) {
	if e == nil {
		return 0, nil
	}
	if r.Action == reckon.ActionMerge && e.MergeInto != 0 && e.MergeInto != c.ID {
		into, err := claimByID(ctx, tx, e.MergeInto)
		if err != nil {
			return 0, err
		}
		if err := storerule.CheckMerge(c, into); err != nil {
			return 0, err
		}
	}
	if r.Action == reckon.ActionEdit && e.AttributionSource != nil {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE name = ?`, *e.AttributionSource).Scan(&id)
		if err == sql.ErrNoRows {
			return 0, reckon.Errorf(reckon.ENOTFOUND, "source %s not found: name a source of the ledger (reckon source list) or give the attribution as text", reckon.Quote(*e.AttributionSource))
		}
		return id, err
	}
	return 0, nil
}

// nullID stores an ID of 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AddClaim implements [reckon.ClaimStore].
func (s *Store) AddClaim(ctx context.Context, c *reckon.Claim, r *reckon.Review) (err error) {
	defer wrap(&err, "add claim")
	if r.By == "" {
		return reckon.Errorf(reckon.EINVALID, "adding a claim: who adds it is required")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var size int64
		if err := tx.QueryRowContext(ctx, `SELECT size FROM documents WHERE id = ?`, c.DocumentID).Scan(&size); err != nil {
			return notFound(err, "document", c.DocumentID)
		}
		if err := storerule.CheckAddedClaim(c, size); err != nil {
			return err
		}
		span, err := documentText(ctx, tx, c.DocumentID, int64(c.Start), int64(c.End))
		if err != nil {
			return err
		}
		sent, err := documentText(ctx, tx, c.DocumentID, max(0, int64(c.Start)-storerule.SentenceReach), min(size, int64(c.End)+storerule.SentenceReach))
		if err != nil {
			return err
		}
		if err := storerule.PrepareAddedClaim(c, span, sent, max(0, c.Start-storerule.SentenceReach)); err != nil {
			return err
		}
		now := s.now()
		stated, _ := json.Marshal(c.Stated)
		res, err := tx.ExecContext(ctx, `INSERT INTO claims (document_id, measure, subject, qualifier, cue, low, high, stated, span, start, "end",
			sentence, attribution, cites, date, projected, why, extractor_version, status, created_at, reviewed_by, reviewed_at, review_note, version,
			scope_place, scope_period, scope_extent, scope_part, on_date, note, attribution_source_id, origin)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.DocumentID, c.Measure, c.Subject, c.Qualifier, c.Cue, c.Low, c.High, string(stated), c.Span, c.Start, c.End,
			c.Sentence, c.Attribution, c.Cites, c.Date, c.Projected, c.Status, now, r.By, now, r.Why, c.Version,
			c.Scope.Place, c.Scope.Period, c.Scope.Extent, c.Scope.Part, c.On.String(), c.Note, nullID(c.AttributionSourceID), c.Origin)
		if err != nil {
			return err
		}
		c.ID, _ = res.LastInsertId()
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET claims = claims + 1 WHERE id = ?`, c.DocumentID); err != nil {
			return err
		}
		r.Action, r.ClaimID, r.Before, r.After = reckon.ActionAdd, c.ID, "", storerule.ReviewState(c)
		res, err = tx.ExecContext(ctx, `INSERT INTO claim_reviews (claim_id, action, by, at, why, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, r.Action, r.By, now, r.Why, r.Before, r.After)
		if err != nil {
			return err
		}
		r.ID, _ = res.LastInsertId()
		r.At = storerule.ParseTime(now)
		c.CreatedAt, c.ReviewedBy, c.ReviewedAt, c.ReviewNote = r.At, r.By, &r.At, r.Why
		return s.record(ctx, tx, "claim.add", "claim", c.ID, nil, map[string]string{"state": r.After, "by": r.By, "why": r.Why, "span": c.Span})
	})
}

// Reviews implements [reckon.ClaimStore].
func (s *Store) Reviews(ctx context.Context, claimID int64) (_ []*reckon.Review, err error) {
	defer wrap(&err, "reviews of claim %d", claimID)
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
		r.At = storerule.ParseTime(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}
