package reckon

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// A Correction is a report from a reader of the public roll that a
// person's page is wrong (a name misspelt, a wrong unit or date), or a
// family's request that the person be withheld from the public. It never
// changes a record: it waits in an internal queue until an analyst
// accepts it (and makes the change through the ordinary means), rejects
// it with a reason, or withholds the person (the embargo of
// [RecordStore.ProtectRecord], with its own audit events).
//
// The reporter's name and contact are personal data of the strictest
// kind: only those who may see personal data read them, and the audit
// log never holds them (see [Correction.Audited]).
type Correction struct {
	ID int64 `json:"id"`
	// Record names the person reported on by the key of one of its
	// public records: the key of the public roll's stable address.
	Record RecordKey `json:"record"`
	// PersonID is the person Record belonged to when the report came;
	// relinking may move it since.
	PersonID int64          `json:"person_id"`
	Kind     CorrectionKind `json:"kind"`
	// Field is the field said to be wrong ("" when the report is not
	// about one field).
	Field string `json:"field,omitempty"`
	// Text is what the reader says is wrong and what is right.
	Text string `json:"text"`
	// Reporter and Contact are who reports and how to reach them; both
	// may be "".
	Reporter string           `json:"reporter,omitempty"`
	Contact  string           `json:"contact,omitempty"`
	Status   CorrectionStatus `json:"status"`
	// Note is the analyst's note on an accepted or withheld report, or
	// the reason for a rejected one.
	Note       string     `json:"note,omitempty"`
	ResolvedBy string     `json:"resolved_by,omitempty"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// CorrectionKind says what a report asks.
type CorrectionKind string

// The kinds of report.
const (
	CorrectionFix      CorrectionKind = "correction" // a value is wrong or missing
	CorrectionWithhold CorrectionKind = "withhold"   // the family asks that the person be withheld
)

// CorrectionStatus is where a report stands in the queue.
type CorrectionStatus string

// The statuses of a report. Only an open report can be resolved, once.
const (
	CorrectionOpen     CorrectionStatus = "open"
	CorrectionAccepted CorrectionStatus = "accepted"
	CorrectionRejected CorrectionStatus = "rejected"
	CorrectionWithheld CorrectionStatus = "withheld" // the person's records were embargoed
)

// ParseCorrectionKind reads a kind; "" is CorrectionFix.
func ParseCorrectionKind(s string) (CorrectionKind, error) {
	switch k := CorrectionKind(s); k {
	case "":
		return CorrectionFix, nil
	case CorrectionFix, CorrectionWithhold:
		return k, nil
	}
	return "", Errorf(EINVALID, "report kind %s: want correction or withhold", Quote(s))
}

// ParseCorrectionStatus reads a status.
func ParseCorrectionStatus(s string) (CorrectionStatus, error) {
	switch st := CorrectionStatus(s); st {
	case CorrectionOpen, CorrectionAccepted, CorrectionRejected, CorrectionWithheld:
		return st, nil
	}
	return "", Errorf(EINVALID, "report status %s: want open, accepted, rejected or withheld", Quote(s))
}

// Limits of a report, in bytes, so that the queue cannot be flooded with
// long text.
const (
	MaxCorrectionText    = 4000
	MaxCorrectionField   = 64
	MaxCorrectionContact = 200
	MaxCorrectionNote    = 2000
)

// Validate returns an EINVALID error for a report a store must refuse:
// without a record key or text, of an unknown kind, over a limit, not
// valid UTF-8 or holding control characters other than line breaks and
// tabs in its text.
func (c *Correction) Validate() error {
	if c.Record.List == "" || c.Record.RecordID == "" {
		return Errorf(EINVALID, "report: the person's record is required")
	}
	if _, err := ParseCorrectionKind(string(c.Kind)); err != nil || c.Kind == "" {
		return Errorf(EINVALID, "report kind %s: want correction or withhold", Quote(string(c.Kind)))
	}
	if strings.TrimSpace(c.Text) == "" {
		return Errorf(EINVALID, "report: say what is wrong (the text is empty)")
	}
	for _, f := range []struct {
		name, v string
		max     int
		lines   bool
	}{
		{"text", c.Text, MaxCorrectionText, true},
		{"field", c.Field, MaxCorrectionField, false},
		{"reporter", c.Reporter, MaxCorrectionContact, false},
		{"contact", c.Contact, MaxCorrectionContact, false},
	} {
		if len(f.v) > f.max {
			return Errorf(EINVALID, "report: the %s is longer than %d bytes", f.name, f.max)
		}
		if err := checkText(f.name, f.v, f.lines); err != nil {
			return err
		}
	}
	if c.Field != "" && !slices.Contains(RecordFields, c.Field) {
		return Errorf(EINVALID, "field %s: want one of %s, or none", Quote(c.Field), strings.Join(RecordFields, ", "))
	}
	return nil
}

// checkText refuses invalid UTF-8 and control characters (line breaks and
// tabs only where lines is set).
func checkText(name, v string, lines bool) error {
	if !utf8.ValidString(v) {
		return Errorf(EINVALID, "report: the %s is not valid UTF-8", name)
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			if lines && (r == '\n' || r == '\r' || r == '\t') {
				continue
			}
			return Errorf(EINVALID, "report: the %s holds a control character", name)
		}
	}
	return nil
}

// Audited returns c as the audit log keeps it: without the reporter's
// name and contact, which the log (kept forever, and copied into
// checkpoints) must not hold; HasContact says whether there was one.
func (c *Correction) Audited() any {
	a := *c
	a.Reporter, a.Contact = "", ""
	return struct {
		Correction
		HasContact bool `json:"has_contact"`
	}{a, c.Contact != "" || c.Reporter != ""}
}

// Resolution is an analyst's decision on an open report.
type Resolution struct {
	Status CorrectionStatus // accepted, rejected or withheld
	By     string           // who decides; required
	Note   string           // required when accepting (what was done) and rejecting (the reason)
}

// Validate returns an EINVALID error for a resolution a store must refuse.
func (r *Resolution) Validate() error {
	switch r.Status {
	case CorrectionAccepted, CorrectionRejected, CorrectionWithheld:
	default:
		return Errorf(EINVALID, "resolution %s: want accepted, rejected or withheld", Quote(string(r.Status)))
	}
	if r.By == "" {
		return Errorf(EINVALID, "resolution: who decides is required")
	}
	if r.Status == CorrectionRejected && strings.TrimSpace(r.Note) == "" {
		return Errorf(EINVALID, "resolution: a rejection needs its reason (note)")
	}
	if r.Status == CorrectionAccepted && strings.TrimSpace(r.Note) == "" {
		return Errorf(EINVALID, "resolution: an acceptance needs a note saying what was done or will be")
	}
	if len(r.Note) > MaxCorrectionNote {
		return Errorf(EINVALID, "resolution: the note is longer than %d bytes", MaxCorrectionNote)
	}
	return checkText("note", r.Note, true)
}

// CorrectionFilter selects reports. The zero filter selects all.
type CorrectionFilter struct {
	Status  CorrectionStatus // "": any
	Limit   int              // 0: no limit
	AfterID int64            // cursor: only reports with a larger ID
}

// CorrectionStore keeps the reports of the public roll's readers.
type CorrectionStore interface {
	// AddCorrection stores c as an open report and sets its ID, Status
	// and CreatedAt, with its audit event (without the reporter's name
	// and contact, see [Correction.Audited]) in one transaction. An
	// invalid c is EINVALID. It changes no record.
	AddCorrection(ctx context.Context, c *Correction) error
	// Correction returns the report with the given ID, or ENOTFOUND.
	Correction(ctx context.Context, id int64) (*Correction, error)
	// Corrections returns the reports f selects, by ID.
	Corrections(ctx context.Context, f CorrectionFilter) ([]*Correction, error)
	// ResolveCorrection closes the open report id with r and returns it
	// as it now is, with its audit event in one transaction. An unknown
	// id is ENOTFOUND, a report resolved already ECONFLICT, an invalid r
	// EINVALID. It changes no record: withholding a person is
	// [RecordStore.ProtectRecord]'s, which the caller does first.
	ResolveCorrection(ctx context.Context, id int64, r *Resolution) (*Correction, error)
}
