package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

const claimColumns = `id, document_id, measure, subject, qualifier, cue, low, high, stated, span, start, "end", sentence,
	attribution, cites, date, projected, why, extractor_version, status, reviewed_by, reviewed_at, review_note, created_at, version,
	scope_place, scope_period, scope_extent, scope_part, on_date, note, COALESCE(attribution_source_id, 0), origin, original, COALESCE(merged_into, 0)`

func scanClaim(row scanner) (*reckon.Claim, error) {
	var c reckon.Claim
	var measure, qualifier, status, stated, why, created, extent, on, origin, original string
	var start, end int64
	var reviewed *string
	if err := row.Scan(&c.ID, &c.DocumentID, &measure, &c.Subject, &qualifier, &c.Cue, &c.Low, &c.High, &stated, &c.Span,
		&start, &end, &c.Sentence, &c.Attribution, &c.Cites, &c.Date, &c.Projected, &why, &c.ExtractorVersion,
		&status, &c.ReviewedBy, &reviewed, &c.ReviewNote, &created, &c.Version,
		&c.Scope.Place, &c.Scope.Period, &extent, &c.Scope.Part, &on, &c.Note, &c.AttributionSourceID, &origin, &original, &c.MergedInto); err != nil {
		return nil, err
	}
	c.Scope.Extent, c.Origin = reckon.Extent(extent), reckon.ClaimOrigin(origin)
	c.On, _ = reckon.ParseDate(on)
	if err := storerule.DecodeJSON("claims.original", original, &c.Original); err != nil {
		return nil, err
	}
	if len(c.Original) == 0 {
		c.Original = nil
	}
	c.Measure, c.Qualifier, c.Status = reckon.Measure(measure), reckon.Qualifier(qualifier), reckon.ClaimStatus(status)
	c.Start, c.End = int(start), int(end)
	if err := storerule.DecodeJSON("claims.stated", stated, &c.Stated); err != nil {
		return nil, err
	}
	if err := storerule.DecodeJSON("claims.why", why, &c.Why); err != nil {
		return nil, err
	}
	if reviewed != nil {
		t := storerule.ParseTime(*reviewed)
		c.ReviewedAt = &t
	}
	c.CreatedAt = storerule.ParseTime(created)
	return &c, nil
}

// Claim implements [reckon.ClaimStore].
func (s *Store) Claim(ctx context.Context, id int64) (_ *reckon.Claim, err error) {
	defer wrap(&err, "claim %d", id)
	var c *reckon.Claim
	err = s.withConn(ctx, func(conn *pgx.Conn) (err error) {
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
func (s *Store) Claims(ctx context.Context, f reckon.ClaimFilter) (_ []*reckon.Claim, err error) {
	defer wrap(&err, "claims")
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
func (s *Store) ReviewClaim(ctx context.Context, id int64, r *reckon.Review, e *reckon.ClaimEdit) (_ *reckon.Claim, err error) {
	defer wrap(&err, "review claim %d", id)
	if r.By == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "review of claim %d: who reviews it is required", id)
	}
	var out *reckon.Claim
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := claimByID(ctx, tx, id, "FOR UPDATE")
		if err != nil {
			return err
		}
		if err := storerule.CheckVersion(c, r); err != nil {
			return err
		}
		before := storerule.ReviewState(c)
		srcID, err := reviewRefs(ctx, tx, c, r, e)
		if err != nil {
			return err
		}
		if err := reckon.ApplyReview(c, r.Action, r.Why, e, srcID); err != nil {
			return err
		}
		c.Version++
		now := s.now()
		original, _ := json.Marshal(c.Original)
		if _, err := tx.Exec(ctx, `UPDATE claims SET measure = $1, qualifier = $2, subject = $3, low = $4, high = $5, status = $6,
			reviewed_by = $7, reviewed_at = $8, review_note = $9, version = $10, attribution = $12, attribution_source_id = $13, date = $14,
			on_date = $15, scope_place = $16, scope_period = $17, scope_extent = $18, scope_part = $19, note = $20, original = $21, merged_into = $22
			WHERE id = $11`,
			string(c.Measure), string(c.Qualifier), c.Subject, c.Low, c.High, string(c.Status), r.By, now, r.Why, c.Version, id,
			c.Attribution, nullID(c.AttributionSourceID), c.Date, c.On.String(), c.Scope.Place, c.Scope.Period, string(c.Scope.Extent), c.Scope.Part,
			c.Note, string(original), nullID(c.MergedInto)); err != nil {
			return err
		}
		if c.Status == reckon.StatusMerged {
			// What restated c now restates the claim c went into.
			if _, err := tx.Exec(ctx, `UPDATE claims SET merged_into = $1 WHERE merged_into = $2`, c.MergedInto, id); err != nil {
				return err
			}
		}
		after := storerule.ReviewState(c)
		var rid int64
		if err := tx.QueryRow(ctx, `INSERT INTO claim_reviews (claim_id, action, by, at, why, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			id, string(r.Action), r.By, now, r.Why, before, after).Scan(&rid); err != nil {
			return err
		}
		r.ID, r.ClaimID, r.Before, r.After, r.At = rid, id, before, after, storerule.ParseTime(now)
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
func reviewRefs(ctx context.Context, tx pgx.Tx, c *reckon.Claim, r *reckon.Review, e *reckon.ClaimEdit) (int64, error) {
	if e == nil {
		return 0, nil
	}
	if r.Action == reckon.ActionMerge && e.MergeInto != 0 && e.MergeInto != c.ID {
		into, err := claimByID(ctx, tx, e.MergeInto, "FOR UPDATE")
		if err != nil {
			return 0, err
		}
		if err := storerule.CheckMerge(c, into); err != nil {
			return 0, err
		}
	}
	if r.Action == reckon.ActionEdit && e.AttributionSource != nil {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM sources WHERE name = $1`, *e.AttributionSource).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, reckon.Errorf(reckon.ENOTFOUND, "source %s not found: name a source of the ledger (reckon source list) or give the attribution as text", reckon.Quote(*e.AttributionSource))
		}
		return id, err
	}
	return 0, nil
}

// nullID stores an ID of 0 as NULL.
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// AddClaim implements [reckon.ClaimStore].
func (s *Store) AddClaim(ctx context.Context, c *reckon.Claim, r *reckon.Review) (err error) {
	defer wrap(&err, "add claim")
	if r.By == "" {
		return reckon.Errorf(reckon.EINVALID, "adding a claim: who adds it is required")
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var size int64
		if err := tx.QueryRow(ctx, `SELECT size FROM documents WHERE id = $1 FOR UPDATE`, c.DocumentID).Scan(&size); err != nil {
			return notFound(err, "document", c.DocumentID)
		}
		if err := storerule.CheckAddedClaim(c, size); err != nil {
			return err
		}
		span, err := documentText(ctx, tx, c.DocumentID, int64(c.Start), int64(c.End))
		if err != nil {
			return err
		}
		from := max(0, int64(c.Start)-storerule.SentenceReach)
		sent, err := documentText(ctx, tx, c.DocumentID, from, min(size, int64(c.End)+storerule.SentenceReach))
		if err != nil {
			return err
		}
		if err := storerule.PrepareAddedClaim(c, span, sent, int(from)); err != nil {
			return err
		}
		now := s.now()
		stated, _ := json.Marshal(c.Stated)
		if c.Stated == nil {
			stated = []byte("[]")
		}
		if err := tx.QueryRow(ctx, `INSERT INTO claims (document_id, measure, subject, qualifier, cue, low, high, stated, span, start, "end",
			sentence, attribution, cites, date, projected, why, extractor_version, status, created_at, reviewed_by, reviewed_at, review_note, version,
			scope_place, scope_period, scope_extent, scope_part, on_date, note, attribution_source_id, origin)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, '[]', '', $17, $18, $19, $18, $20, $21,
			$22, $23, $24, $25, $26, $27, $28, $29) RETURNING id`,
			c.DocumentID, string(c.Measure), c.Subject, string(c.Qualifier), c.Cue, c.Low, c.High, string(stated), c.Span, int64(c.Start), int64(c.End),
			c.Sentence, c.Attribution, c.Cites, c.Date, c.Projected, string(c.Status), now, r.By, r.Why, c.Version,
			c.Scope.Place, c.Scope.Period, string(c.Scope.Extent), c.Scope.Part, c.On.String(), c.Note, nullID(c.AttributionSourceID), string(c.Origin)).Scan(&c.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE documents SET claims = claims + 1 WHERE id = $1`, c.DocumentID); err != nil {
			return err
		}
		r.Action, r.ClaimID, r.Before, r.After = reckon.ActionAdd, c.ID, "", storerule.ReviewState(c)
		if err := tx.QueryRow(ctx, `INSERT INTO claim_reviews (claim_id, action, by, at, why, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.ID, string(r.Action), r.By, now, r.Why, r.Before, r.After).Scan(&r.ID); err != nil {
			return err
		}
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
	return collect(ctx, s, func(row scanner) (*reckon.Review, error) {
		var r reckon.Review
		var action, at string
		if err := row.Scan(&r.ID, &r.ClaimID, &action, &r.By, &at, &r.Why, &r.Before, &r.After); err != nil {
			return nil, err
		}
		r.Action, r.At = reckon.ReviewAction(action), storerule.ParseTime(at)
		return &r, nil
	}, `SELECT id, claim_id, action, by, at, why, before, after FROM claim_reviews WHERE claim_id = $1 ORDER BY id`, claimID)
}
