package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

var _ reckon.TraceStore = (*Store)(nil)

const traceColumns = `id, status, sought, contact, consent, reason, created_at, updated_at, withdraw_hash`

func dollar(n int) string { return "$" + strconv.Itoa(n) }

func scanTrace(row scanner) (*reckon.TraceRequest, error) {
	var t reckon.TraceRequest
	var status, sought, contact, created, updated string
	if err := row.Scan(&t.ID, &status, &sought, &contact, &t.Consent, &t.Reason, &created, &updated, &t.WithdrawHash); err != nil {
		return nil, err
	}
	t.Status = reckon.TraceStatus(status)
	if err := storerule.DecodeJSON("trace_requests.sought", sought, &t.Sought); err != nil {
		return nil, err
	}
	if contact != "" {
		if err := storerule.DecodeJSON("trace_requests.contact", contact, &t.Contact); err != nil {
			return nil, err
		}
	}
	t.CreatedAt, t.UpdatedAt = storerule.ParseTime(created), storerule.ParseTime(updated)
	return &t, nil
}

func traceNotFound(err error, id int64) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return reckon.Errorf(reckon.ENOTFOUND, "trace request %d not found", id)
	}
	return err
}

// CreateTraceRequest implements [reckon.TraceStore].
func (s *Store) CreateTraceRequest(ctx context.Context, t *reckon.TraceRequest) (err error) {
	defer wrap(&err, "create trace request")
	t.Normalize()
	t.Status = reckon.TraceOpen
	if err := t.Validate(); err != nil {
		return err
	}
	sought, contact, err := storerule.TraceJSON(t)
	if err != nil {
		return err
	}
	now := s.now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO trace_requests (status, sought, contact, consent, reason, created_at, updated_at, withdraw_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, string(t.Status), sought, contact, t.Consent, t.Reason, now, now, t.WithdrawHash).Scan(&t.ID); err != nil {
			return err
		}
		t.CreatedAt = storerule.ParseTime(now)
		t.UpdatedAt = t.CreatedAt
		return s.record(ctx, tx, "trace.create", "trace_request", t.ID, nil, t.AuditView())
	})
}

// TraceRequest implements [reckon.TraceStore].
func (s *Store) TraceRequest(ctx context.Context, id int64) (_ *reckon.TraceRequest, err error) {
	defer wrap(&err, "trace request %d", id)
	var t *reckon.TraceRequest
	err = s.withConn(ctx, func(c *pgx.Conn) (err error) {
		t, err = scanTrace(c.QueryRow(ctx, `SELECT `+traceColumns+` FROM trace_requests WHERE id = $1`, id))
		return err
	})
	return t, traceNotFound(err, id)
}

// TraceRequests implements [reckon.TraceStore].
func (s *Store) TraceRequests(ctx context.Context, f reckon.TraceFilter) (_ []*reckon.TraceRequest, err error) {
	defer wrap(&err, "trace requests")
	q, args := storerule.TraceQuery(traceColumns, f, dollar)
	return collect(ctx, s, scanTrace, q, args...)
}

// traceInTx reads request id inside tx, locking its row.
func traceInTx(ctx context.Context, tx pgx.Tx, id int64) (*reckon.TraceRequest, error) {
	t, err := scanTrace(tx.QueryRow(ctx, `SELECT `+traceColumns+` FROM trace_requests WHERE id = $1 FOR UPDATE`, id))
	return t, traceNotFound(err, id)
}

// SetTraceStatus implements [reckon.TraceStore].
func (s *Store) SetTraceStatus(ctx context.Context, id int64, status reckon.TraceStatus, reason string) (err error) {
	defer wrap(&err, "set trace request %d %s", id, status)
	if err := storerule.CheckTraceStatus(status, reason); err != nil {
		return err
	}
	now := s.now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := traceInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status == reckon.TraceWithdrawn {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d was withdrawn; it cannot be %s", id, status)
		}
		before := t.AuditView()
		if _, err := tx.Exec(ctx, `UPDATE trace_requests SET status = $1, reason = $2, updated_at = $3 WHERE id = $4`, string(status), reason, now, id); err != nil {
			return err
		}
		t.Status, t.Reason, t.UpdatedAt = status, reason, storerule.ParseTime(now)
		return s.record(ctx, tx, "trace.status", "trace_request", id, before, t.AuditView())
	})
}

// WithdrawTraceRequest implements [reckon.TraceStore]. The old version
// of the row stays in the table's pages until vacuum reclaims them; the
// store runs no VACUUM inside a transaction, so an operator who must
// scrub the files runs VACUUM on trace_requests (reckon's snapshots
// and queries never see the old version).
func (s *Store) WithdrawTraceRequest(ctx context.Context, id int64, reason string) (err error) {
	defer wrap(&err, "withdraw trace request %d", id)
	if len(reason) > reckon.TraceMaxNote {
		return reckon.Errorf(reckon.EINVALID, "reason is longer than %d bytes", reckon.TraceMaxNote)
	}
	now := s.now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := traceInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status == reckon.TraceWithdrawn {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d was withdrawn already", id)
		}
		before := t.AuditView()
		if _, err := tx.Exec(ctx, `UPDATE trace_requests SET status = 'withdrawn', contact = '', withdraw_hash = '', reason = $1, updated_at = $2 WHERE id = $3`, reason, now, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM trace_notices WHERE request_id = $1 AND sent_at IS NULL`, id); err != nil {
			return err
		}
		t.Status, t.Reason, t.Contact, t.WithdrawHash, t.UpdatedAt = reckon.TraceWithdrawn, reason, reckon.Contact{}, "", storerule.ParseTime(now)
		return s.record(ctx, tx, "trace.withdraw", "trace_request", id, before, storerule.WithdrawnView(t.AuditView()))
	})
}

const candidateColumns = `request_id, record_id, person_id, probability, weight, explanation, status, decided_by, decided_at, reason, found_at`

func scanCandidate(row scanner) (*reckon.TraceCandidate, error) {
	var c reckon.TraceCandidate
	var status, found string
	var decided *string
	if err := row.Scan(&c.RequestID, &c.RecordID, &c.PersonID, &c.Probability, &c.Weight, &c.Explanation, &status, &c.DecidedBy, &decided, &c.Reason, &found); err != nil {
		return nil, err
	}
	c.Status = reckon.CandidateStatus(status)
	if decided != nil {
		t := storerule.ParseTime(*decided)
		c.DecidedAt = &t
	}
	c.FoundAt = storerule.ParseTime(found)
	return &c, nil
}

// AddTraceCandidates implements [reckon.TraceStore].
func (s *Store) AddTraceCandidates(ctx context.Context, requestID int64, cs []*reckon.TraceCandidate) (_ []*reckon.TraceCandidate, err error) {
	defer wrap(&err, "add candidates of trace request %d", requestID)
	if err := storerule.CheckCandidates(cs); err != nil {
		return nil, err
	}
	now := s.now()
	var added []*reckon.TraceCandidate
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		added = added[:0]
		t, err := traceInTx(ctx, tx, requestID)
		if err != nil {
			return err
		}
		if !t.Status.Active() {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d is %s: it is not matched any more", requestID, t.Status)
		}
		for _, c := range cs {
			tag, err := tx.Exec(ctx, `INSERT INTO trace_candidates (request_id, record_id, person_id, probability, weight, explanation, status, found_at)
				VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) ON CONFLICT (request_id, record_id) DO NOTHING`,
				requestID, c.RecordID, c.PersonID, c.Probability, c.Weight, c.Explanation, now)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 1 {
				c.RequestID, c.Status, c.FoundAt = requestID, reckon.CandidatePending, storerule.ParseTime(now)
				c.DecidedBy, c.DecidedAt, c.Reason = "", nil, ""
				added = append(added, c)
			}
		}
		if len(added) == 0 {
			return nil
		}
		if t.Status == reckon.TraceOpen {
			if _, err := tx.Exec(ctx, `UPDATE trace_requests SET status = 'candidates', updated_at = $1 WHERE id = $2`, now, requestID); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, "trace.candidates", "trace_request", requestID, nil, storerule.CandidatesView(added))
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// TraceCandidates implements [reckon.TraceStore].
func (s *Store) TraceCandidates(ctx context.Context, f reckon.CandidateFilter) (_ []*reckon.TraceCandidate, err error) {
	defer wrap(&err, "trace candidates")
	q, args := storerule.CandidateQuery(candidateColumns, f, dollar)
	return collect(ctx, s, scanCandidate, q, args...)
}

// DecideTraceCandidate implements [reckon.TraceStore].
func (s *Store) DecideTraceCandidate(ctx context.Context, requestID, recordID int64, confirm bool, reason string) (_ *reckon.TraceCandidate, err error) {
	defer wrap(&err, "decide candidate record %d of trace request %d", recordID, requestID)
	if err := storerule.CheckReason(reason); err != nil {
		return nil, err
	}
	now := s.now()
	var c *reckon.TraceCandidate
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := traceInTx(ctx, tx, requestID)
		if err != nil {
			return err
		}
		if t.Status == reckon.TraceWithdrawn || t.Status == reckon.TraceClosed {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d is %s: reopen it first", requestID, t.Status)
		}
		c, err = scanCandidate(tx.QueryRow(ctx, `SELECT `+candidateColumns+` FROM trace_candidates WHERE request_id = $1 AND record_id = $2`, requestID, recordID))
		if errors.Is(err, pgx.ErrNoRows) {
			return reckon.Errorf(reckon.ENOTFOUND, "record %d is not a candidate of trace request %d", recordID, requestID)
		}
		if err != nil {
			return err
		}
		if c.Status != reckon.CandidatePending {
			return reckon.Errorf(reckon.ECONFLICT, "candidate record %d of trace request %d was %s already", recordID, requestID, c.Status)
		}
		before := *c
		c.Status = reckon.CandidateRejected
		if confirm {
			c.Status = reckon.CandidateConfirmed
		}
		c.DecidedBy, c.Reason = reckon.ActorFrom(ctx), reason
		at := storerule.ParseTime(now)
		c.DecidedAt = &at
		if _, err := tx.Exec(ctx, `UPDATE trace_candidates SET status = $1, decided_by = $2, decided_at = $3, reason = $4 WHERE request_id = $5 AND record_id = $6`,
			string(c.Status), c.DecidedBy, now, reason, requestID, recordID); err != nil {
			return err
		}
		if confirm {
			if _, err := tx.Exec(ctx, `UPDATE trace_requests SET status = 'confirmed', updated_at = $1 WHERE id = $2`, now, requestID); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, "trace.decide", "trace_candidate", storerule.CandidateID(requestID, recordID), &before, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

const noticeColumns = `id, request_id, channel, recipient, subject, body, attempts, next_at, sent_at, last_error, created_at`

func scanNotice(row scanner) (*reckon.Notice, error) {
	var n reckon.Notice
	var next, created string
	var sent *string
	if err := row.Scan(&n.ID, &n.RequestID, &n.Channel, &n.To, &n.Subject, &n.Body, &n.Attempts, &next, &sent, &n.LastError, &created); err != nil {
		return nil, err
	}
	n.NextAt, n.CreatedAt = storerule.ParseTime(next), storerule.ParseTime(created)
	if sent != nil {
		t := storerule.ParseTime(*sent)
		n.SentAt = &t
	}
	return &n, nil
}

// AddNotice implements [reckon.TraceStore].
func (s *Store) AddNotice(ctx context.Context, n *reckon.Notice) (err error) {
	defer wrap(&err, "add notice of trace request %d", n.RequestID)
	if err := storerule.CheckNotice(n); err != nil {
		return err
	}
	now := s.now()
	next := now
	if !n.NextAt.IsZero() {
		next = storerule.FormatTime(n.NextAt)
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO trace_notices (request_id, channel, recipient, subject, body, next_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, n.RequestID, n.Channel, n.To, n.Subject, n.Body, next, now).Scan(&n.ID); err != nil {
			return err
		}
		n.CreatedAt, n.NextAt = storerule.ParseTime(now), storerule.ParseTime(next)
		return s.record(ctx, tx, "notice.add", "trace_notice", n.ID, nil, n)
	})
	if isForeignKey(err) {
		return reckon.Errorf(reckon.ENOTFOUND, "trace request %d not found", n.RequestID)
	}
	return err
}

// Notices implements [reckon.TraceStore].
func (s *Store) Notices(ctx context.Context, pending bool, due time.Time) (_ []*reckon.Notice, err error) {
	defer wrap(&err, "notices")
	q, args := `SELECT `+noticeColumns+` FROM trace_notices`, []any{}
	if pending {
		q += ` WHERE sent_at IS NULL AND next_at <= $1`
		args = append(args, storerule.FormatTime(due))
	}
	return collect(ctx, s, scanNotice, q+` ORDER BY id`, args...)
}

// MarkNotice implements [reckon.TraceStore].
func (s *Store) MarkNotice(ctx context.Context, id int64, delivered bool, errText string, next time.Time) (err error) {
	defer wrap(&err, "mark notice %d", id)
	now := s.now()
	errText = storerule.Clip(errText, 500)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var sent *string
		err := tx.QueryRow(ctx, `SELECT sent_at FROM trace_notices WHERE id = $1 FOR UPDATE`, id).Scan(&sent)
		if errors.Is(err, pgx.ErrNoRows) {
			return reckon.Errorf(reckon.ENOTFOUND, "notice %d not found", id)
		}
		if err != nil {
			return err
		}
		if sent != nil {
			return reckon.Errorf(reckon.ECONFLICT, "notice %d was delivered already", id)
		}
		if delivered {
			_, err = tx.Exec(ctx, `UPDATE trace_notices SET attempts = attempts + 1, sent_at = $1, last_error = '' WHERE id = $2`, now, id)
		} else {
			_, err = tx.Exec(ctx, `UPDATE trace_notices SET attempts = attempts + 1, next_at = $1, last_error = $2 WHERE id = $3`, storerule.FormatTime(next), errText, id)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, "notice.attempt", "trace_notice", id, nil, map[string]any{"delivered": delivered, "error": errText})
	})
}
