package reckon

import (
	"slices"
	"strconv"
	"time"
)

// Measure is what a figure counts.
type Measure string

// The measures of the annotation guide (shared/data/claims-dev/GUIDE.md §3).
const (
	Killed     Measure = "killed"
	Wounded    Measure = "wounded"
	Missing    Measure = "missing"
	Captured   Measure = "captured"
	Deployed   Measure = "deployed"
	Displaced  Measure = "displaced"
	Casualties Measure = "casualties" // mixed or undifferentiated counts
	OtherCount Measure = "other_count"
)

// Measures lists every valid Measure.
var Measures = []Measure{Killed, Wounded, Missing, Captured, Deployed, Displaced, Casualties, OtherCount}

// ParseMeasure returns the measure named s, or an EINVALID error.
func ParseMeasure(s string) (Measure, error) {
	for _, m := range Measures {
		if string(m) == s {
			return m, nil
		}
	}
	return "", Errorf(EINVALID, "unknown measure %s (want one of %v)", Quote(s), Measures)
}

// Qualifier says how a figure is hedged; it decides the Interval.
type Qualifier string

// The qualifiers of the annotation guide (§4).
const (
	Exact    Qualifier = "exact"
	AtLeast  Qualifier = "at_least"
	MoreThan Qualifier = "more_than"
	AtMost   Qualifier = "at_most"
	UpTo     Qualifier = "up_to"
	About    Qualifier = "about"
	Range    Qualifier = "range"
	Vague    Qualifier = "vague"
)

// Qualifiers lists every valid Qualifier.
var Qualifiers = []Qualifier{Exact, AtLeast, MoreThan, AtMost, UpTo, About, Range, Vague}

// ParseQualifier returns the qualifier named s, or an EINVALID error.
func ParseQualifier(s string) (Qualifier, error) {
	for _, q := range Qualifiers {
		if string(q) == s {
			return q, nil
		}
	}
	return "", Errorf(EINVALID, "unknown qualifier %s (want one of %v)", Quote(s), Qualifiers)
}

// Interval is a closed integer interval [Low, High] for a true count. A
// nil bound is unbounded on that side. The zero Interval is (-inf, +inf).
type Interval struct {
	Low  *int64 `json:"low"`
	High *int64 `json:"high"`
}

// Closed returns the interval [lo, hi].
func Closed(lo, hi int64) Interval { return Interval{Low: &lo, High: &hi} }

// From returns the interval [lo, +inf).
func From(lo int64) Interval { return Interval{Low: &lo} }

// To returns the interval (-inf, hi].
func To(hi int64) Interval { return Interval{High: &hi} }

// Valid reports whether Low <= High where both are set.
func (iv Interval) Valid() bool {
	return iv.Low == nil || iv.High == nil || *iv.Low <= *iv.High
}

// Equal reports whether iv and o have the same bounds.
func (iv Interval) Equal(o Interval) bool {
	eq := func(a, b *int64) bool {
		if a == nil || b == nil {
			return a == nil && b == nil
		}
		return *a == *b
	}
	return eq(iv.Low, o.Low) && eq(iv.High, o.High)
}

// Contains reports whether n lies in iv.
func (iv Interval) Contains(n int64) bool {
	return (iv.Low == nil || *iv.Low <= n) && (iv.High == nil || n <= *iv.High)
}

// Overlaps reports whether iv and o share at least one integer.
func (iv Interval) Overlaps(o Interval) bool {
	if iv.High != nil && o.Low != nil && *iv.High < *o.Low {
		return false
	}
	if o.High != nil && iv.Low != nil && *o.High < *iv.Low {
		return false
	}
	return true
}

// String formats iv as "[300, 600]", "[301, ∞)" or "(−∞, 600]".
func (iv Interval) String() string {
	s := "("
	if iv.Low != nil {
		s = "[" + strconv.FormatInt(*iv.Low, 10)
	} else {
		s += "−∞"
	}
	s += ", "
	if iv.High != nil {
		s += strconv.FormatInt(*iv.High, 10) + "]"
	} else {
		s += "∞)"
	}
	return s
}

// ClaimStatus is where a claim stands in review.
type ClaimStatus string

// The review statuses. An edited claim is confirmed with its new values;
// the history keeps what it was.
const (
	StatusExtracted ClaimStatus = "extracted"
	StatusConfirmed ClaimStatus = "confirmed"
	StatusRejected  ClaimStatus = "rejected"
	// StatusMerged is a restatement of another claim of the same document
	// (MergedInto): the figure is counted once, as that claim.
	StatusMerged ClaimStatus = "merged"
)

// ClaimStatuses lists every valid ClaimStatus.
var ClaimStatuses = []ClaimStatus{StatusExtracted, StatusConfirmed, StatusRejected, StatusMerged}

// ParseClaimStatus returns the status named s, or an EINVALID error.
func ParseClaimStatus(s string) (ClaimStatus, error) {
	switch ClaimStatus(s) {
	case StatusExtracted, StatusConfirmed, StatusRejected, StatusMerged:
		return ClaimStatus(s), nil
	}
	return "", Errorf(EINVALID, "unknown claim status %s (want extracted, confirmed, rejected or merged)", Quote(s))
}

// Claim is one figure asserted by a text: a count of a measure of a
// subject, as an interval, with the exact span it came from.
//
// Start and End are byte offsets into the UTF-8 text of the document (or
// of the text given to the extractor), so Span == text[Start:End].
type Claim struct {
	ID         int64 `json:"claim_id,omitempty"`
	DocumentID int64 `json:"document_id,omitempty"`

	Measure   Measure   `json:"measure"`
	Subject   string    `json:"subject"`
	Qualifier Qualifier `json:"qualifier"`
	Cue       string    `json:"cue,omitempty"` // the words that set the qualifier
	Interval
	Stated      []float64 `json:"stated,omitempty"` // the numbers written in the span
	Span        string    `json:"span"`
	Start       int       `json:"start"`
	End         int       `json:"end"`
	Sentence    string    `json:"sentence,omitempty"` // the sentence holding the span
	Attribution string    `json:"attribution"`
	Cites       string    `json:"cites,omitempty"`
	Date        string    `json:"date"`
	// On is Date resolved to a calendar date, against the document's
	// publication date for relative dates ("Monday", "as of August 30");
	// zero when Date is empty or cannot be resolved.
	On        Date  `json:"on,omitzero"`
	Projected bool  `json:"projected"`
	Scope     Scope `json:"scope,omitzero"`
	// Restates, in the extractor's output, is the byte offset of an
	// earlier claim of the same text that states the same figure (same
	// measure, interval and subject); nil when the figure is new. A store
	// merges such a claim into that one (MergedInto).
	Restates *int `json:"restates,omitempty"`

	// AttributionSourceID, when set, names the source of the ledger the
	// figure is attributed to (an analyst's choice); Attribution then
	// holds its name.
	AttributionSourceID int64 `json:"attribution_source_id,omitempty"`
	// Note is an analyst's remark on the claim.
	Note string `json:"note,omitempty"`
	// Origin says who made the claim: the extractor, or an analyst who
	// added a figure the extractor missed.
	Origin ClaimOrigin `json:"origin,omitempty"`
	// Original holds, for each field an analyst corrected, the value the
	// extractor gave it, as text; it is written once, at the first
	// correction of that field, and never changed after.
	Original map[string]string `json:"original,omitempty"`
	// MergedInto is the claim this one restates, when merged.
	MergedInto int64 `json:"merged_into,omitempty"`

	// Why lists, in order, the rules that produced this claim, so that an
	// analyst can see how the extractor read the sentence.
	Why []string `json:"why,omitempty"`

	ExtractorVersion string      `json:"extractor_version,omitempty"`
	Status           ClaimStatus `json:"status,omitempty"`
	// Version counts the reviews of the claim; a review may name the
	// version it was made against, so that two analysts editing the same
	// claim get a conflict rather than a silent overwrite.
	Version    int64      `json:"version"`
	ReviewedBy string     `json:"reviewed_by,omitempty"`
	ReviewedAt *time.Time `json:"reviewed_at,omitempty"`
	ReviewNote string     `json:"review_note,omitempty"`
	CreatedAt  time.Time  `json:"created_at,omitzero"`
}

// ClaimOrigin says who made a claim.
type ClaimOrigin string

// The origins of claims.
const (
	FromExtractor ClaimOrigin = "extractor"
	FromAnalyst   ClaimOrigin = "analyst"
)

// Corrected returns the fields of c an analyst corrected, sorted.
func (c *Claim) Corrected() []string {
	out := make([]string, 0, len(c.Original))
	for k := range c.Original {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ReviewAction is what an analyst did to a claim.
type ReviewAction string

// The review actions.
const (
	ActionConfirm ReviewAction = "confirm"
	ActionReject  ReviewAction = "reject"
	ActionEdit    ReviewAction = "edit"
	// ActionMerge marks a claim as a restatement of another claim of the
	// same document (ClaimEdit.MergeInto).
	ActionMerge ReviewAction = "merge"
	// ActionAdd is the review that records a claim an analyst added.
	ActionAdd ReviewAction = "add"
)

// ClaimEdit holds the fields an edit changes; nil fields stay as they are.
// SetLow/SetHigh with a nil Low/High make that side unbounded.
type ClaimEdit struct {
	Measure   *Measure
	Qualifier *Qualifier
	Subject   *string
	SetLow    bool
	Low       *int64
	SetHigh   bool
	High      *int64
	// Attribution is free text; AttributionSource names a source of the
	// ledger instead (its name becomes the attribution). A store resolves
	// AttributionSource to the source's ID; an unknown name is ENOTFOUND.
	Attribution       *string
	AttributionSource *string
	// Date is the time expression the figure is dated by; when it is a
	// date (YYYY, YYYY-MM or YYYY-MM-DD) it also sets Claim.On, and an
	// empty Date clears both.
	Date  *string
	Scope *Scope
	Note  *string
	// MergeInto, for ActionMerge, is the claim of the same document this
	// one restates.
	MergeInto int64
}

// IsZero reports whether e changes nothing.
func (e *ClaimEdit) IsZero() bool {
	return e == nil || e.Measure == nil && e.Qualifier == nil && e.Subject == nil && !e.SetLow && !e.SetHigh &&
		e.Attribution == nil && e.AttributionSource == nil && e.Date == nil && e.Scope == nil && e.Note == nil && e.MergeInto == 0
}

// Review is one decision about a claim, kept forever in its history.
type Review struct {
	// IfVersion, when set, is the claim version the reviewer saw: a claim
	// reviewed since is an ECONFLICT error and nothing changes.
	IfVersion *int64 `json:"-"`

	ID      int64        `json:"id"`
	ClaimID int64        `json:"claim_id"`
	Action  ReviewAction `json:"action"`
	By      string       `json:"by"`
	At      time.Time    `json:"at"`
	Why     string       `json:"why,omitempty"`
	Before  string       `json:"before"` // the claim's interval/measure/qualifier/status before
	After   string       `json:"after"`
}

// ApplyReview applies a review action to c in memory, so that every store
// applies the same rules: confirm and edit make it confirmed (and a
// merged claim a claim of its own again), reject needs a reason, merge
// needs the claim it restates, an edit must leave a valid interval. Each
// field an edit changes keeps the extractor's value in c.Original. An
// edit naming AttributionSource must have it resolved by the store first
// (srcID, the source's ID; 0 otherwise).
func ApplyReview(c *Claim, a ReviewAction, why string, e *ClaimEdit, srcID int64) error {
	switch a {
	case ActionConfirm:
		c.Status, c.MergedInto = StatusConfirmed, 0
	case ActionReject:
		if why == "" {
			return Errorf(EINVALID, "rejecting claim %d needs a reason (--why)", c.ID)
		}
		c.Status = StatusRejected
	case ActionMerge:
		switch {
		case e == nil || e.MergeInto == 0:
			return Errorf(EINVALID, "merging claim %d needs the claim it restates (--into)", c.ID)
		case e.MergeInto == c.ID:
			return Errorf(EINVALID, "claim %d cannot be merged into itself", c.ID)
		}
		c.Status, c.MergedInto = StatusMerged, e.MergeInto
	case ActionEdit:
		if e.IsZero() {
			return Errorf(EINVALID, "edit of claim %d changes nothing", c.ID)
		}
		if err := applyEdit(c, e, srcID); err != nil {
			return err
		}
		c.Status, c.MergedInto = StatusConfirmed, 0
	default:
		return Errorf(EINVALID, "unknown review action %s", Quote(string(a)))
	}
	return nil
}

// applyEdit sets the fields e changes, keeping the extractor's values.
func applyEdit(c *Claim, e *ClaimEdit, srcID int64) error {
	keep := func(field, was, now string) {
		if was == now || c.Origin == FromAnalyst {
			return
		}
		if orig, ok := c.Original[field]; ok {
			if orig == now {
				delete(c.Original, field) // back to what the extractor read
			}
			return
		}
		if c.Original == nil {
			c.Original = map[string]string{}
		}
		c.Original[field] = was
	}
	if e.Measure != nil {
		if _, err := ParseMeasure(string(*e.Measure)); err != nil {
			return err
		}
		keep("measure", string(c.Measure), string(*e.Measure))
		c.Measure = *e.Measure
	}
	if e.Qualifier != nil {
		if _, err := ParseQualifier(string(*e.Qualifier)); err != nil {
			return err
		}
		keep("qualifier", string(c.Qualifier), string(*e.Qualifier))
		c.Qualifier = *e.Qualifier
	}
	if e.Subject != nil {
		keep("subject", c.Subject, *e.Subject)
		c.Subject = *e.Subject
	}
	if e.SetLow {
		keep("low", boundText(c.Low), boundText(e.Low))
		c.Low = e.Low
	}
	if e.SetHigh {
		keep("high", boundText(c.High), boundText(e.High))
		c.High = e.High
	}
	if !c.Interval.Valid() {
		return Errorf(EINVALID, "edit of claim %d: low %d > high %d", c.ID, *c.Low, *c.High)
	}
	switch {
	case e.AttributionSource != nil:
		if srcID == 0 {
			return Errorf(ENOTFOUND, "edit of claim %d: source %s not found", c.ID, Quote(*e.AttributionSource))
		}
		keep("attribution", c.Attribution, *e.AttributionSource)
		c.Attribution, c.AttributionSourceID = *e.AttributionSource, srcID
	case e.Attribution != nil:
		keep("attribution", c.Attribution, *e.Attribution)
		c.Attribution, c.AttributionSourceID = *e.Attribution, 0
	}
	if e.Date != nil {
		keep("date", c.Date, *e.Date)
		c.Date = *e.Date
		c.On = Date{}
		if d, err := ParseDate(*e.Date); err == nil {
			c.On = d
		}
	}
	if e.Scope != nil {
		if _, err := ParseExtent(string(e.Scope.Extent)); err != nil {
			return err
		}
		keep("scope", c.Scope.String(), e.Scope.String())
		c.Scope = *e.Scope
	}
	if e.Note != nil {
		keep("note", c.Note, *e.Note)
		c.Note = *e.Note
	}
	return nil
}

func boundText(b *int64) string {
	if b == nil {
		return "none"
	}
	return strconv.FormatInt(*b, 10)
}

// Validate returns an error of code invalid for a claim a store must
// refuse: an unknown measure, qualifier or extent of its scope, a low
// bound above the high, or a span that does not start at or after byte 0
// and end at or after its start. Whether the span lies inside its
// document's text is for the store to check.
func (c *Claim) Validate() error {
	if _, err := ParseMeasure(string(c.Measure)); err != nil {
		return err
	}
	if _, err := ParseQualifier(string(c.Qualifier)); err != nil {
		return err
	}
	if _, err := ParseExtent(string(c.Scope.Extent)); err != nil {
		return err
	}
	if !c.Interval.Valid() {
		return Errorf(EINVALID, "claim %q: low %d > high %d", c.Span, *c.Low, *c.High)
	}
	if c.Start < 0 || c.Start > c.End {
		return Errorf(EINVALID, "claim %q: span [%d, %d) outside the text", c.Span, c.Start, c.End)
	}
	return nil
}
