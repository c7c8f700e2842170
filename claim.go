package reckon

import (
	"fmt"
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
)

// ParseClaimStatus returns the status named s, or an EINVALID error.
func ParseClaimStatus(s string) (ClaimStatus, error) {
	switch ClaimStatus(s) {
	case StatusExtracted, StatusConfirmed, StatusRejected:
		return ClaimStatus(s), nil
	}
	return "", Errorf(EINVALID, "unknown claim status %s (want extracted, confirmed or rejected)", Quote(s))
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
	Projected   bool      `json:"projected"`

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

// ReviewAction is what an analyst did to a claim.
type ReviewAction string

// The review actions.
const (
	ActionConfirm ReviewAction = "confirm"
	ActionReject  ReviewAction = "reject"
	ActionEdit    ReviewAction = "edit"
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

// CheckVersion returns an ECONFLICT error when r names a version of the
// claim other than c's. Its message says what happened: reviews made
// since the version named (and who made the last), or that the claim
// never had that version.
func CheckVersion(c *Claim, r *Review) error {
	switch {
	case r.IfVersion == nil || *r.IfVersion == c.Version:
		return nil
	case *r.IfVersion < 0 || *r.IfVersion > c.Version:
		reviews := "no review yet"
		if c.Version > 0 {
			reviews = fmt.Sprintf("after %d %s", c.Version, plural(c.Version, "review", "reviews"))
		}
		return Errorf(ECONFLICT, "claim %d has no version %d: it is at version %d (%s); reload it and decide again", c.ID, *r.IfVersion, c.Version, reviews)
	}
	n := c.Version - *r.IfVersion
	by := ""
	if c.ReviewedBy != "" {
		by = ", the last by " + Quote(c.ReviewedBy)
	}
	return Errorf(ECONFLICT, "claim %d was reviewed since you loaded it: %d %s since version %d%s (it is at version %d); reload it and decide again",
		c.ID, n, plural(n, "review", "reviews"), *r.IfVersion, by, c.Version)
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ApplyReview applies a review action to c in memory, so that every store
// applies the same rules: confirm and edit make it confirmed, reject needs
// a reason, an edit must leave a valid interval.
func ApplyReview(c *Claim, a ReviewAction, why string, e *ClaimEdit) error {
	switch a {
	case ActionConfirm:
		c.Status = StatusConfirmed
	case ActionReject:
		if why == "" {
			return Errorf(EINVALID, "rejecting claim %d needs a reason (--why)", c.ID)
		}
		c.Status = StatusRejected
	case ActionEdit:
		if e == nil {
			return Errorf(EINVALID, "edit of claim %d changes nothing", c.ID)
		}
		if e.Measure != nil {
			if _, err := ParseMeasure(string(*e.Measure)); err != nil {
				return err
			}
			c.Measure = *e.Measure
		}
		if e.Qualifier != nil {
			if _, err := ParseQualifier(string(*e.Qualifier)); err != nil {
				return err
			}
			c.Qualifier = *e.Qualifier
		}
		if e.Subject != nil {
			c.Subject = *e.Subject
		}
		if e.SetLow {
			c.Low = e.Low
		}
		if e.SetHigh {
			c.High = e.High
		}
		if !c.Interval.Valid() {
			return Errorf(EINVALID, "edit of claim %d: low %d > high %d", c.ID, *c.Low, *c.High)
		}
		c.Status = StatusConfirmed
	default:
		return Errorf(EINVALID, "unknown review action %s", Quote(string(a)))
	}
	return nil
}
