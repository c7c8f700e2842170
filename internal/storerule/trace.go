package storerule

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// TraceJSON returns the sought person and the contact of t as the stores
// keep them: JSON texts, the contact "" when it is empty (erased).
func TraceJSON(t *reckon.TraceRequest) (sought, contact string, err error) {
	b, err := json.Marshal(t.Sought)
	if err != nil {
		return "", "", err
	}
	if t.Contact.IsZero() {
		return string(b), "", nil
	}
	c, err := json.Marshal(t.Contact)
	if err != nil {
		return "", "", err
	}
	return string(b), string(c), nil
}

// TraceQuery returns the query of the requests f selects, with the
// columns cols, and its arguments; ph(n) writes the n-th placeholder.
func TraceQuery(cols string, f reckon.TraceFilter, ph func(n int) string) (string, []any) {
	args := []any{f.AfterID}
	q := `SELECT ` + cols + ` FROM trace_requests WHERE id > ` + ph(1)
	if f.Status != "" {
		args = append(args, string(f.Status))
		q += ` AND status = ` + ph(len(args))
	}
	if f.Active {
		q += ` AND status IN ('open', 'candidates')`
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += ` LIMIT ` + ph(len(args))
	}
	return q, args
}

// CandidateQuery returns the query of the candidates f selects, best
// first within each request.
func CandidateQuery(cols string, f reckon.CandidateFilter, ph func(n int) string) (string, []any) {
	var args []any
	q := `SELECT ` + cols + ` FROM trace_candidates WHERE 1 = 1`
	if f.RequestID != 0 {
		args = append(args, f.RequestID)
		q += ` AND request_id = ` + ph(len(args))
	}
	if f.Status != "" {
		args = append(args, string(f.Status))
		q += ` AND status = ` + ph(len(args))
	}
	return q + ` ORDER BY request_id, probability DESC, record_id`, args
}

// CheckTraceStatus checks a change of a request's status by a tracer:
// to closed or back to open, with a reason.
func CheckTraceStatus(status reckon.TraceStatus, reason string) error {
	if status != reckon.TraceClosed && status != reckon.TraceOpen {
		return reckon.Errorf(reckon.EINVALID, "a request can be closed or reopened (status closed or open), not set to %s", reckon.Quote(string(status)))
	}
	return CheckReason(reason)
}

// CheckReason checks the reason of a tracer's decision: required, UTF-8,
// at most reckon.TraceMaxNote bytes.
func CheckReason(reason string) error {
	switch {
	case reason == "":
		return reckon.Errorf(reckon.EINVALID, "give a reason")
	case len(reason) > reckon.TraceMaxNote:
		return reckon.Errorf(reckon.EINVALID, "the reason is longer than %d bytes", reckon.TraceMaxNote)
	case !utf8.ValidString(reason):
		return reckon.Errorf(reckon.EINVALID, "the reason is not UTF-8")
	}
	return nil
}

// CheckCandidates checks candidates before they are stored.
func CheckCandidates(cs []*reckon.TraceCandidate) error {
	for _, c := range cs {
		if c.RecordID <= 0 {
			return reckon.Errorf(reckon.EINVALID, "candidate without a record")
		}
		if math.IsNaN(c.Probability) || c.Probability < 0 || c.Probability > 1 || math.IsNaN(c.Weight) || math.IsInf(c.Weight, 0) {
			return reckon.Errorf(reckon.EINVALID, "candidate record %d: probability %v or weight %v out of range", c.RecordID, c.Probability, c.Weight)
		}
	}
	return nil
}

// CheckNotice checks a notice before it is stored.
func CheckNotice(n *reckon.Notice) error {
	if n.Channel != "webhook" && n.Channel != "smtp" {
		return reckon.Errorf(reckon.EINVALID, "notice channel %s: want webhook or smtp", reckon.Quote(n.Channel))
	}
	if n.To == "" || n.Subject == "" {
		return reckon.Errorf(reckon.EINVALID, "a notice needs a recipient and a subject")
	}
	return nil
}

// Clip returns s cut to at most n bytes on a character boundary.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// WithdrawnView is the audit log's after of a withdrawal: the request
// without contact, and a note that the contact was erased.
func WithdrawnView(t *reckon.TraceRequest) map[string]any {
	return map[string]any{"request": t, "contact_erased": true}
}

// CandidatesView is the audit log's after of added candidates.
func CandidatesView(cs []*reckon.TraceCandidate) []map[string]any {
	out := make([]map[string]any, len(cs))
	for i, c := range cs {
		out[i] = map[string]any{"record_id": c.RecordID, "person_id": c.PersonID, "probability": c.Probability}
	}
	return out
}

// CandidateID is the entity id of a candidate in the audit log.
func CandidateID(requestID, recordID int64) string {
	return strconv.FormatInt(requestID, 10) + "/" + strconv.FormatInt(recordID, 10)
}
