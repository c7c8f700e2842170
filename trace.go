package reckon

import (
	"context"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Tracing requests. A family asks after someone (a son sent to a war in
// secret, say): who is sought, in any script, and how to reach the one
// who asks. The request is matched against records and persons by the
// linkage model (package pipeline), and a tracer, never the machine,
// confirms or rejects each candidate. The requester's contact details
// are personal data of the strictest kind: only tracers and admins see
// them (see [WithTraceContacts]), they never enter the audit log, and a
// withdrawal erases them.

// TraceStatus is where a tracing request stands.
type TraceStatus string

// The statuses of a tracing request.
const (
	TraceOpen       TraceStatus = "open"       // submitted, nothing found yet
	TraceCandidates TraceStatus = "candidates" // matching found candidates for a tracer to decide
	TraceConfirmed  TraceStatus = "confirmed"  // a tracer confirmed a candidate
	TraceClosed     TraceStatus = "closed"     // a tracer closed it (answered, or nothing more to do)
	TraceWithdrawn  TraceStatus = "withdrawn"  // the family withdrew it; contact data erased
)

// TraceStatuses lists every TraceStatus.
var TraceStatuses = []TraceStatus{TraceOpen, TraceCandidates, TraceConfirmed, TraceClosed, TraceWithdrawn}

// ParseTraceStatus returns the status named s, or an EINVALID error.
func ParseTraceStatus(s string) (TraceStatus, error) {
	for _, t := range TraceStatuses {
		if string(t) == s {
			return t, nil
		}
	}
	return "", Errorf(EINVALID, "unknown trace status %s (want open, candidates, confirmed, closed or withdrawn)", Quote(s))
}

// Active says whether a request in status t is still matched: open or
// with candidates.
func (t TraceStatus) Active() bool { return t == TraceOpen || t == TraceCandidates }

// Sought describes the person a family is looking for. Every field may
// be empty except Names.
type Sought struct {
	// Names are the person's names as the family writes them, in any
	// script ("김철수", "Ким Чхоль Су", "Kim Chol Su"), full names with the
	// family name first.
	Names      []string `json:"names"`
	FamilyName string   `json:"family_name,omitempty"`
	GivenName  string   `json:"given_name,omitempty"`
	Sex        string   `json:"sex,omitempty"`
	BirthDate  Date     `json:"birth_date,omitzero"` // a year, month or day
	HomeTown   string   `json:"home_town,omitempty"`
	Unit       string   `json:"unit,omitempty"`
	Rank       string   `json:"rank,omitempty"`
	// LastContact is when and where the family last heard from the
	// person, as they put it ("letter from Kursk, 2024-11").
	LastContact string `json:"last_contact,omitempty"`
	// Photos are references to photographs kept elsewhere (a file name,
	// an archive number): reckon does not keep images.
	Photos []string `json:"photos,omitempty"`
	Note   string   `json:"note,omitempty"`
}

// Contact is who asks and how to reach them: never shown beyond the
// roles that handle requests, never written to the audit log, erased on
// withdrawal. The zero Contact is an erased one.
type Contact struct {
	Name     string `json:"name,omitempty"`
	Relation string `json:"relation,omitempty"` // to the person sought: mother, brother …
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Address  string `json:"address,omitempty"`
	Language string `json:"language,omitempty"` // in which to answer
}

// IsZero says whether c holds nothing.
func (c Contact) IsZero() bool { return c == Contact{} }

// TraceRequest is a family's request to find someone.
type TraceRequest struct {
	ID     int64       `json:"id"`
	Status TraceStatus `json:"status"`
	Sought Sought      `json:"sought"`
	// Contact is the requester's; empty for those who may not see it
	// (ContactWithheld is then true) and after a withdrawal.
	Contact         Contact `json:"contact,omitzero"`
	ContactWithheld bool    `json:"contact_withheld,omitempty"`
	// Consent says the requester agreed that reckon keep and use the
	// request to search; a request without it is refused.
	Consent bool `json:"consent"`
	// Reason is why it was last closed, withdrawn or reopened.
	Reason string `json:"reason,omitempty"`
	// WithdrawHash is the hex SHA-256 of the code the requester was given
	// to withdraw the request without a tracer's help ("" for none). It
	// is never shown; a withdrawal clears it.
	WithdrawHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Limits of a tracing request's fields, for a form anyone may submit.
const (
	TraceMaxNames = 10
	TraceMaxField = 200  // bytes of one name, place, unit, contact field …
	TraceMaxNote  = 2000 // bytes of the sought person's note
)

// Validate reports the first invalid field of t as an EINVALID error: a
// request needs at least one name, consent and a way to reach the
// requester (an email address or a phone number); every text is UTF-8
// without control characters and within the limits above.
func (t *TraceRequest) Validate() error {
	s := &t.Sought
	if !t.Consent {
		return Errorf(EINVALID, "trace request: consent is required to keep and search a request")
	}
	var names []string
	for _, n := range s.Names {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 && strings.TrimSpace(s.FamilyName+s.GivenName) == "" {
		return Errorf(EINVALID, "trace request: name the person sought (in any script)")
	}
	if len(s.Names) > TraceMaxNames {
		return Errorf(EINVALID, "trace request: at most %d names", TraceMaxNames)
	}
	if len(s.Photos) > TraceMaxNames {
		return Errorf(EINVALID, "trace request: at most %d photo references", TraceMaxNames)
	}
	check := func(field, v string, max int) error {
		if len(v) > max {
			return Errorf(EINVALID, "trace request: %s is longer than %d bytes", field, max)
		}
		if !utf8.ValidString(v) {
			return Errorf(EINVALID, "trace request: %s is not UTF-8", field)
		}
		for _, c := range v {
			if c < ' ' && c != '\n' && c != '\t' || c == 0x7f {
				return Errorf(EINVALID, "trace request: %s holds a control character", field)
			}
		}
		return nil
	}
	fields := []struct {
		name string
		v    string
		max  int
	}{
		{"family name", s.FamilyName, TraceMaxField}, {"given name", s.GivenName, TraceMaxField},
		{"sex", s.Sex, TraceMaxField}, {"home town", s.HomeTown, TraceMaxField}, {"unit", s.Unit, TraceMaxField},
		{"rank", s.Rank, TraceMaxField}, {"last contact", s.LastContact, TraceMaxField}, {"note", s.Note, TraceMaxNote},
		{"birth date", s.BirthDate.Raw, TraceMaxField},
		{"contact name", t.Contact.Name, TraceMaxField}, {"relation", t.Contact.Relation, TraceMaxField},
		{"email", t.Contact.Email, TraceMaxField}, {"phone", t.Contact.Phone, TraceMaxField},
		{"address", t.Contact.Address, TraceMaxField}, {"language", t.Contact.Language, TraceMaxField},
		{"reason", t.Reason, TraceMaxNote},
	}
	for _, n := range s.Names {
		fields = append(fields, struct {
			name string
			v    string
			max  int
		}{"name", n, TraceMaxField})
	}
	for _, p := range s.Photos {
		fields = append(fields, struct {
			name string
			v    string
			max  int
		}{"photo reference", p, TraceMaxField})
	}
	for _, f := range fields {
		if err := check(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	if t.Status != "" && t.Status != TraceWithdrawn {
		if _, err := ParseTraceStatus(string(t.Status)); err != nil {
			return err
		}
	}
	if t.Status != TraceWithdrawn {
		if strings.TrimSpace(t.Contact.Email) == "" && strings.TrimSpace(t.Contact.Phone) == "" {
			return Errorf(EINVALID, "trace request: give an email address or a phone number, so that a tracer can answer")
		}
		if e := strings.TrimSpace(t.Contact.Email); e != "" {
			if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
				return Errorf(EINVALID, "trace request: email %s is not an address such as name@example.org", Quote(e))
			}
		}
	}
	return nil
}

// Normalize trims the request's texts and drops empty names and photo
// references, as a store keeps them.
func (t *TraceRequest) Normalize() {
	s := &t.Sought
	trim := func(l []string) []string {
		var out []string
		for _, v := range l {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	s.Names, s.Photos = trim(s.Names), trim(s.Photos)
	for _, p := range []*string{&s.FamilyName, &s.GivenName, &s.Sex, &s.HomeTown, &s.Unit, &s.Rank, &s.LastContact, &s.Note,
		&t.Contact.Name, &t.Contact.Relation, &t.Contact.Email, &t.Contact.Phone, &t.Contact.Address, &t.Contact.Language} {
		*p = strings.TrimSpace(*p)
	}
}

// Withheld returns t as those who may not see contact data see it: a
// copy without its contact, marked withheld when there was one.
func (t *TraceRequest) Withheld() *TraceRequest {
	c := *t
	c.Sought.Names, c.Sought.Photos = slices.Clone(t.Sought.Names), slices.Clone(t.Sought.Photos)
	if !t.Contact.IsZero() {
		c.Contact, c.ContactWithheld = Contact{}, true
	}
	return &c
}

// AuditView is what the audit log keeps of a request: everything but the
// contact, which the append-only log must never hold since a withdrawal
// erases it.
func (t *TraceRequest) AuditView() *TraceRequest {
	c := t.Withheld()
	c.ContactWithheld = false
	return c
}

// Record returns the sought person as a record of list "trace", so that
// the linkage model compares it with the workspace's records: the first
// name is the record's name, the others are compared too by the matcher
// (package pipeline).
func (t *TraceRequest) Record() Record {
	s := &t.Sought
	r := Record{List: "trace", RecordID: "request-" + strconv.FormatInt(t.ID, 10), FamilyName: s.FamilyName, GivenName: s.GivenName,
		Sex: s.Sex, BirthDate: s.BirthDate, HomeTown: s.HomeTown, Unit: s.Unit, Rank: s.Rank}
	if len(s.Names) > 0 {
		r.Name = s.Names[0]
	}
	return r
}

// CandidateStatus is a tracer's verdict on a candidate.
type CandidateStatus string

// The statuses of a candidate.
const (
	CandidatePending   CandidateStatus = "pending"
	CandidateConfirmed CandidateStatus = "confirmed"
	CandidateRejected  CandidateStatus = "rejected"
)

// TraceCandidate is a record that matching proposed for a request, with
// the explanation of its score. Only a tracer confirms one.
type TraceCandidate struct {
	RequestID   int64           `json:"request_id"`
	RecordID    int64           `json:"record_id"`
	PersonID    int64           `json:"person_id,omitempty"` // the record's person when matched; 0 before any link run
	Probability float64         `json:"probability"`
	Weight      float64         `json:"weight"`
	Explanation string          `json:"explanation"` // the waterfall, as reckon link explain prints it
	Status      CandidateStatus `json:"status"`
	DecidedBy   string          `json:"decided_by,omitempty"`
	DecidedAt   *time.Time      `json:"decided_at,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	FoundAt     time.Time       `json:"found_at"`
}

// Notice is a message of the outbox: it tells a tracer (never a family)
// that a request has new candidates. Delivery is retried until it
// succeeds or its attempts run out.
type Notice struct {
	ID        int64      `json:"id"`
	RequestID int64      `json:"request_id"`
	Channel   string     `json:"channel"` // "webhook" or "smtp"
	To        string     `json:"to"`      // the tracers' URL or address
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	Attempts  int        `json:"attempts"`
	NextAt    time.Time  `json:"next_at"`           // not before
	SentAt    *time.Time `json:"sent_at,omitempty"` // nil until delivered
	LastError string     `json:"last_error,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// TraceFilter selects tracing requests. The zero filter selects all.
type TraceFilter struct {
	Status  TraceStatus // "": any
	Active  bool        // only open requests and those with candidates
	Limit   int         // 0: no limit
	AfterID int64       // cursor
}

// CandidateFilter selects candidates. The zero filter selects all.
type CandidateFilter struct {
	RequestID int64           // 0: any request
	Status    CandidateStatus // "": any
}

// TraceStore keeps tracing requests, their candidates and the outbox.
// Each change is atomic with its audit event; no event holds a contact.
type TraceStore interface {
	// CreateTraceRequest validates and stores t with status open and
	// sets its ID, Status, CreatedAt and UpdatedAt. An invalid t is
	// EINVALID.
	CreateTraceRequest(ctx context.Context, t *TraceRequest) error
	// TraceRequest returns the request with that ID, or ENOTFOUND.
	TraceRequest(ctx context.Context, id int64) (*TraceRequest, error)
	// TraceRequests returns the requests f selects, by ID.
	TraceRequests(ctx context.Context, f TraceFilter) ([]*TraceRequest, error)
	// SetTraceStatus moves a request to status (closed, or open again)
	// with a reason (required). A withdrawn request stays withdrawn
	// (ECONFLICT); withdrawal is WithdrawTraceRequest.
	SetTraceStatus(ctx context.Context, id int64, status TraceStatus, reason string) error
	// WithdrawTraceRequest marks a request withdrawn and erases its
	// contact in the same transaction; the audit event says that it
	// happened, without the data. Withdrawing twice is ECONFLICT.
	WithdrawTraceRequest(ctx context.Context, id int64, reason string) error
	// AddTraceCandidates stores those of cs not yet proposed for their
	// request (by record), sets their Status pending and FoundAt, moves
	// an open request to candidates, and returns the ones added. A
	// request that is not active is ECONFLICT.
	AddTraceCandidates(ctx context.Context, requestID int64, cs []*TraceCandidate) ([]*TraceCandidate, error)
	// TraceCandidates returns the candidates f selects, best first within
	// each request, requests by ID.
	TraceCandidates(ctx context.Context, f CandidateFilter) ([]*TraceCandidate, error)
	// DecideTraceCandidate confirms or rejects a pending candidate with
	// a reason (required) and sets its DecidedBy (the context's actor)
	// and DecidedAt; a confirmation moves the request to confirmed. An
	// unknown candidate is ENOTFOUND; a decided one is ECONFLICT.
	DecideTraceCandidate(ctx context.Context, requestID, recordID int64, confirm bool, reason string) (*TraceCandidate, error)
	// AddNotice stores n in the outbox and sets its ID, CreatedAt and,
	// when zero, NextAt.
	AddNotice(ctx context.Context, n *Notice) error
	// Notices returns the outbox, oldest first: with pending, only the
	// undelivered notices due at or before due.
	Notices(ctx context.Context, pending bool, due time.Time) ([]*Notice, error)
	// MarkNotice records a delivery attempt of notice id: delivered, or
	// failed with errText and the next attempt not before next.
	MarkNotice(ctx context.Context, id int64, delivered bool, errText string, next time.Time) error
}

type traceKey struct{}

// WithTraceContacts returns a context whose reads through a Redact store
// see tracing requests with their contacts. Give it only to tracers and
// admins.
func WithTraceContacts(ctx context.Context) context.Context {
	return context.WithValue(ctx, traceKey{}, true)
}

// SeesTraceContacts says whether ctx was made by WithTraceContacts.
func SeesTraceContacts(ctx context.Context) bool {
	ok, _ := ctx.Value(traceKey{}).(bool)
	return ok
}

// Tracing requests through the redacting view: the whole of a request
// (who is sought, by whom) is for tracers and admins alone; the public
// may submit one. Reads need a context made by WithTraceContacts.

func traceDenied() error {
	return Errorf(EFORBIDDEN, "tracing requests hold the personal data of families; only tracers see them")
}

func (s redacted) CreateTraceRequest(ctx context.Context, t *TraceRequest) error {
	return s.s.CreateTraceRequest(ctx, t)
}

func (s redacted) TraceRequest(ctx context.Context, id int64) (*TraceRequest, error) {
	if !SeesTraceContacts(ctx) {
		return nil, traceDenied()
	}
	return s.s.TraceRequest(ctx, id)
}

func (s redacted) TraceRequests(ctx context.Context, f TraceFilter) ([]*TraceRequest, error) {
	if !SeesTraceContacts(ctx) {
		return nil, traceDenied()
	}
	return s.s.TraceRequests(ctx, f)
}

func (s redacted) SetTraceStatus(ctx context.Context, id int64, status TraceStatus, reason string) error {
	return s.s.SetTraceStatus(ctx, id, status, reason)
}

func (s redacted) WithdrawTraceRequest(ctx context.Context, id int64, reason string) error {
	return s.s.WithdrawTraceRequest(ctx, id, reason)
}

func (s redacted) AddTraceCandidates(ctx context.Context, requestID int64, cs []*TraceCandidate) ([]*TraceCandidate, error) {
	return s.s.AddTraceCandidates(ctx, requestID, cs)
}

func (s redacted) TraceCandidates(ctx context.Context, f CandidateFilter) ([]*TraceCandidate, error) {
	if !SeesTraceContacts(ctx) {
		return nil, traceDenied()
	}
	return s.s.TraceCandidates(ctx, f)
}

// DecideTraceCandidate passes the decision through; the explanation of
// the candidate it returns shows records' values, and is withheld from a
// context that does not see trace contacts.
func (s redacted) DecideTraceCandidate(ctx context.Context, requestID, recordID int64, confirm bool, reason string) (*TraceCandidate, error) {
	c, err := s.s.DecideTraceCandidate(ctx, requestID, recordID, confirm, reason)
	if c != nil && !SeesTraceContacts(ctx) {
		cc := *c
		cc.Explanation = ""
		c = &cc
	}
	return c, err
}

func (s redacted) AddNotice(ctx context.Context, n *Notice) error { return s.s.AddNotice(ctx, n) }

func (s redacted) Notices(ctx context.Context, pending bool, due time.Time) ([]*Notice, error) {
	if !SeesTraceContacts(ctx) {
		return nil, traceDenied()
	}
	return s.s.Notices(ctx, pending, due)
}

func (s redacted) MarkNotice(ctx context.Context, id int64, delivered bool, errText string, next time.Time) error {
	return s.s.MarkNotice(ctx, id, delivered, errText, next)
}
