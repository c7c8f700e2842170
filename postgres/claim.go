package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon"
)

const claimColumns = `id, document_id, measure, subject, qualifier, cue, low, high, stated, span, start, "end", sentence,
	attribution, cites, date, projected, why, extractor_version, status, reviewed_by, reviewed_at, review_note, created_at, version`

func scanClaim(row scanner) (*reckon.Claim, error) {
	var c reckon.Claim
	var measure, qualifier, status, stated, why, created string
	var start, end int64
	var reviewed *string
	if err := row.Scan(&c.ID, &c.DocumentID, &measure, &c.Subject, &qualifier, &c.Cue, &c.Low, &c.High, &stated, &c.Span,
		&start, &end, &c.Sentence, &c.Attribution, &c.Cites, &c.Date, &c.Projected, &why, &c.ExtractorVersion,
		&status, &c.ReviewedBy, &reviewed, &c.ReviewNote, &created, &c.Version); err != nil {
		return nil, err
	}
	c.Measure, c.Qualifier, c.Status = reckon.Measure(measure), reckon.Qualifier(qualifier), reckon.ClaimStatus(status)
	c.Start, c.End = int(start), int(end)
	json.Unmarshal([]byte(stated), &c.Stated)
	json.Unmarshal([]byte(why), &c.Why)
	if reviewed != nil {
		t := parseTime(*reviewed)
		c.ReviewedAt = &t
	}
	c.CreatedAt = parseTime(created)
	return &c, nil
}

// Claim implements [reckon.ClaimStore].
func (s *Store) Claim(ctx context.Context, id int64) (*reckon.Claim, error) {
	var c *reckon.Claim
	err := s.withConn(ctx, func(conn *pgx.Conn) (err error) {
		c, err = claimByID(ctx, conn, id, "")
		return err
	})
	return c, err
}

// claimByID reads a claim; lock is "" or a locking clause such as
// "FOR UPDATE".
func claimByID(ctx context.Context, q querier, id int64, lock string) (*reckon.Claim, error) {
	c, err := scanClaim(q.QueryRow(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = $1 `+lock, id))
	return c, notFound(err, "claim", id)
}

// Claims implements [reckon.ClaimStore].
func (s *Store) Claims(ctx context.Context, f reckon.ClaimFilter) ([]*reckon.Claim, error) {
	var args params
	q := `SELECT ` + claimColumns + ` FROM claims WHERE id > ` + args.add(f.AfterID)
	if f.Measure != "" {
		q += ` AND measure = ` + args.add(string(f.Measure))
	}
	if f.Status != "" {
		q += ` AND status = ` + args.add(string(f.Status))
	}
	if f.DocumentID != 0 {
		q += ` AND document_id = ` + args.add(f.DocumentID)
	}
	if f.SourceID != 0 {
		q += ` AND document_id IN (SELECT id FROM documents WHERE source_id = ` + args.add(f.SourceID) + `)`
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ` + args.add(f.Limit)
	}
	return collect(ctx, s, scanClaim, q, args...)
}

// ReviewClaim implements [reckon.ClaimStore]. The claim is locked while
// the review is applied, so that two analysts reviewing it at once see
// each other's change in their review's "before".
func (s *Store) ReviewClaim(ctx context.Context, id int64, r *reckon.Review, e *reckon.ClaimEdit) (*reckon.Claim, error) {
	if r.By == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "review of claim %d: who reviews it is required", id)
	}
	var out *reckon.Claim
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := claimByID(ctx, tx, id, "FOR UPDATE")
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
		if _, err := tx.Exec(ctx, `UPDATE claims SET measure = $1, qualifier = $2, subject = $3, low = $4, high = $5, status = $6,
			reviewed_by = $7, reviewed_at = $8, review_note = $9, version = $10 WHERE id = $11`,
			string(c.Measure), string(c.Qualifier), c.Subject, c.Low, c.High, string(c.Status), r.By, now, r.Why, c.Version, id); err != nil {
			return err
		}
		after := reviewState(c)
		var rid int64
		if err := tx.QueryRow(ctx, `INSERT INTO claim_reviews (claim_id, action, by, at, why, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			id, string(r.Action), r.By, now, r.Why, before, after).Scan(&rid); err != nil {
			return err
		}
		r.ID, r.ClaimID, r.Before, r.After, r.At = rid, id, before, after, parseTime(now)
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
	return collect(ctx, s, func(row scanner) (*reckon.Review, error) {
		var r reckon.Review
		var action, at string
		if err := row.Scan(&r.ID, &r.ClaimID, &action, &r.By, &at, &r.Why, &r.Before, &r.After); err != nil {
			return nil, err
		}
		r.Action, r.At = reckon.ReviewAction(action), parseTime(at)
		return &r, nil
	}, `SELECT id, claim_id, action, by, at, why, before, after FROM claim_reviews WHERE claim_id = $1 ORDER BY id`, claimID)
}
