package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

var _ reckon.TraceStore = (*Store)(nil)

const traceColumns = `id, status, sought, contact, consent, reason, created_at, updated_at, withdraw_hash`

func scanTrace(row interface{ Scan(...any) error }) (*reckon.TraceRequest, error) {
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
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO trace_requests (status, sought, contact, consent, reason, created_at, updated_at, withdraw_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.Status, sought, contact, t.Consent, t.Reason, now, now, t.WithdrawHash)
		if err != nil {
			return err
		}
		t.ID, _ = res.LastInsertId()
		t.CreatedAt = storerule.ParseTime(now)
		t.UpdatedAt = t.CreatedAt
		return s.record(ctx, tx, "trace.create", "trace_request", t.ID, nil, t.AuditView())
	})
}

// TraceRequest implements [reckon.TraceStore].
func (s *Store) TraceRequest(ctx context.Context, id int64) (_ *reckon.TraceRequest, err error) {
	defer wrap(&err, "trace request %d", id)
	t, err := scanTrace(s.queryRow(ctx, `SELECT `+traceColumns+` FROM trace_requests WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "trace request %d not found", id)
	}
	return t, err
}

// TraceRequests implements [reckon.TraceStore].
func (s *Store) TraceRequests(ctx context.Context, f reckon.TraceFilter) (_ []*reckon.TraceRequest, err error) {
	defer wrap(&err, "trace requests")
	q, args := storerule.TraceQuery(traceColumns, f, func(int) string { return "?" })
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.TraceRequest
	for rows.Next() {
		t, err := scanTrace(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// traceInTx reads request id inside tx, ENOTFOUND if there is none.
func traceInTx(ctx context.Context, tx *sql.Tx, id int64) (*reckon.TraceRequest, error) {
	t, err := scanTrace(tx.QueryRowContext(ctx, `SELECT `+traceColumns+` FROM trace_requests WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "trace request %d not found", id)
	}
	return t, err
}

// SetTraceStatus implements [reckon.TraceStore].
func (s *Store) SetTraceStatus(ctx context.Context, id int64, status reckon.TraceStatus, reason string) (err error) {
	defer wrap(&err, "set trace request %d %s", id, status)
	if err := storerule.CheckTraceStatus(status, reason); err != nil {
		return err
	}
	now := s.now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		t, err := traceInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status == reckon.TraceWithdrawn {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d was withdrawn; it cannot be %s", id, status)
		}
		before := t.AuditView()
		if _, err := tx.ExecContext(ctx, `UPDATE trace_requests SET status = ?, reason = ?, updated_at = ? WHERE id = ?`, status, reason, now, id); err != nil {
			return err
		}
		t.Status, t.Reason, t.UpdatedAt = status, reason, storerule.ParseTime(now)
		return s.record(ctx, tx, "trace.status", "trace_request", id, before, t.AuditView())
	})
}

// WithdrawTraceRequest implements [reckon.TraceStore]: the contact is
// overwritten in the row, SQLite's secure_delete overwrites the freed
// content with zeros, and a checkpoint then copies the write-ahead log
// into the database and truncates it, so that the contact is left in no
// file of the workspace. The checkpoint cannot finish while another
// connection reads an older state; the log is then truncated at a later
// checkpoint (the next withdrawal, or SQLite's own after 1,000 pages).
func (s *Store) WithdrawTraceRequest(ctx context.Context, id int64, reason string) (err error) {
	defer wrap(&err, "withdraw trace request %d", id)
	if len(reason) > reckon.TraceMaxNote {
		return reckon.Errorf(reckon.EINVALID, "reason is longer than %d bytes", reckon.TraceMaxNote)
	}
	now := s.now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
			return err
		}
		t, err := traceInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status == reckon.TraceWithdrawn {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d was withdrawn already", id)
		}
		before := t.AuditView()
		if _, err := tx.ExecContext(ctx, `UPDATE trace_requests SET status = 'withdrawn', contact = '', withdraw_hash = '', reason = ?, updated_at = ? WHERE id = ?`, reason, now, id); err != nil {
			return err
		}
		// Notices not yet sent name the request only, but a withdrawn
		// request is not announced any more.
		if _, err := tx.ExecContext(ctx, `DELETE FROM trace_notices WHERE request_id = ? AND sent_at IS NULL`, id); err != nil {
			return err
		}
		t.Status, t.Reason, t.Contact, t.WithdrawHash, t.UpdatedAt = reckon.TraceWithdrawn, reason, reckon.Contact{}, "", storerule.ParseTime(now)
		after := t.AuditView()
		return s.record(ctx, tx, "trace.withdraw", "trace_request", id, before, storerule.WithdrawnView(after))
	})
	if err != nil {
		return err
	}
	s.writer.Lock()
	defer s.writer.Unlock()
	_, err = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

const candidateColumns = `request_id, record_id, person_id, probability, weight, explanation, status, decided_by, decided_at, reason, found_at`

func scanCandidate(row interface{ Scan(...any) error }) (*reckon.TraceCandidate, error) {
	var c reckon.TraceCandidate
	var status, found string
	var decided sql.NullString
	if err := row.Scan(&c.RequestID, &c.RecordID, &c.PersonID, &c.Probability, &c.Weight, &c.Explanation, &status, &c.DecidedBy, &decided, &c.Reason, &found); err != nil {
		return nil, err
	}
	c.Status = reckon.CandidateStatus(status)
	if decided.Valid {
		t := storerule.ParseTime(decided.String)
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
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		t, err := traceInTx(ctx, tx, requestID)
		if err != nil {
			return err
		}
		if !t.Status.Active() {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d is %s: it is not matched any more", requestID, t.Status)
		}
		for _, c := range cs {
			res, err := tx.ExecContext(ctx, `INSERT INTO trace_candidates (request_id, record_id, person_id, probability, weight, explanation, status, found_at)
				VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (request_id, record_id) DO NOTHING`,
				requestID, c.RecordID, c.PersonID, c.Probability, c.Weight, c.Explanation, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				c.RequestID, c.Status, c.FoundAt = requestID, reckon.CandidatePending, storerule.ParseTime(now)
				c.DecidedBy, c.DecidedAt, c.Reason = "", nil, ""
				added = append(added, c)
			}
		}
		if len(added) == 0 {
			return nil
		}
		if t.Status == reckon.TraceOpen {
			if _, err := tx.ExecContext(ctx, `UPDATE trace_requests SET status = 'candidates', updated_at = ? WHERE id = ?`, now, requestID); err != nil {
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
	q, args := storerule.CandidateQuery(candidateColumns, f, func(int) string { return "?" })
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.TraceCandidate
	for rows.Next() {
		c, err := scanCandidate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DecideTraceCandidate implements [reckon.TraceStore].
func (s *Store) DecideTraceCandidate(ctx context.Context, requestID, recordID int64, confirm bool, reason string) (_ *reckon.TraceCandidate, err error) {
	defer wrap(&err, "decide candidate record %d of trace request %d", recordID, requestID)
	if err := storerule.CheckReason(reason); err != nil {
		return nil, err
	}
	now := s.now()
	var c *reckon.TraceCandidate
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		t, err := traceInTx(ctx, tx, requestID)
		if err != nil {
			return err
		}
		if t.Status == reckon.TraceWithdrawn || t.Status == reckon.TraceClosed {
			return reckon.Errorf(reckon.ECONFLICT, "trace request %d is %s: reopen it first", requestID, t.Status)
		}
		c, err = scanCandidate(tx.QueryRowContext(ctx, `SELECT `+candidateColumns+` FROM trace_candidates WHERE request_id = ? AND record_id = ?`, requestID, recordID))
		if err == sql.ErrNoRows {
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
		if _, err := tx.ExecContext(ctx, `UPDATE trace_candidates SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE request_id = ? AND record_id = ?`,
			c.Status, c.DecidedBy, now, reason, requestID, recordID); err != nil {
			return err
		}
		if confirm {
			if _, err := tx.ExecContext(ctx, `UPDATE trace_requests SET status = 'confirmed', updated_at = ? WHERE id = ?`, now, requestID); err != nil {
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

func scanNotice(row interface{ Scan(...any) error }) (*reckon.Notice, error) {
	var n reckon.Notice
	var next, created string
	var sent sql.NullString
	if err := row.Scan(&n.ID, &n.RequestID, &n.Channel, &n.To, &n.Subject, &n.Body, &n.Attempts, &next, &sent, &n.LastError, &created); err != nil {
		return nil, err
	}
	n.NextAt, n.CreatedAt = storerule.ParseTime(next), storerule.ParseTime(created)
	if sent.Valid {
		t := storerule.ParseTime(sent.String)
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
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO trace_notices (request_id, channel, recipient, subject, body, next_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, n.RequestID, n.Channel, n.To, n.Subject, n.Body, next, now)
		if isForeignKey(err) {
			return reckon.Errorf(reckon.ENOTFOUND, "trace request %d not found", n.RequestID)
		}
		if err != nil {
			return err
		}
		n.ID, _ = res.LastInsertId()
		n.CreatedAt, n.NextAt = storerule.ParseTime(now), storerule.ParseTime(next)
		return s.record(ctx, tx, "notice.add", "trace_notice", n.ID, nil, n)
	})
}

// Notices implements [reckon.TraceStore].
func (s *Store) Notices(ctx context.Context, pending bool, due time.Time) (_ []*reckon.Notice, err error) {
	defer wrap(&err, "notices")
	q, args := `SELECT `+noticeColumns+` FROM trace_notices`, []any{}
	if pending {
		q += ` WHERE sent_at IS NULL AND next_at <= ?`
		args = append(args, storerule.FormatTime(due))
	}
	rows, err := s.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// MarkNotice implements [reckon.TraceStore].
func (s *Store) MarkNotice(ctx context.Context, id int64, delivered bool, errText string, next time.Time) (err error) {
	defer wrap(&err, "mark notice %d", id)
	now := s.now()
	errText = storerule.Clip(errText, 500)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var sent sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT sent_at FROM trace_notices WHERE id = ?`, id).Scan(&sent)
		if err == sql.ErrNoRows {
			return reckon.Errorf(reckon.ENOTFOUND, "notice %d not found", id)
		}
		if err != nil {
			return err
		}
		if sent.Valid {
			return reckon.Errorf(reckon.ECONFLICT, "notice %d was delivered already", id)
		}
		if delivered {
			_, err = tx.ExecContext(ctx, `UPDATE trace_notices SET attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`, now, id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE trace_notices SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?`, storerule.FormatTime(next), errText, id)
		}
		if err != nil {
			return err
		}
		after := map[string]any{"delivered": delivered, "error": errText}
		return s.record(ctx, tx, "notice.attempt", "trace_notice", id, nil, after)
	})
}
