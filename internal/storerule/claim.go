package storerule

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// CheckVersion returns an ECONFLICT error when r names a version of the
// claim other than c's. Its message says what happened: reviews made
// since the version named (and who made the last), or that the claim
// never had that version.
func CheckVersion(c *reckon.Claim, r *reckon.Review) error {
	switch {
	case r.IfVersion == nil || *r.IfVersion == c.Version:
		return nil
	case *r.IfVersion < 0 || *r.IfVersion > c.Version:
		reviews := "no review yet"
		if c.Version > 0 {
			reviews = fmt.Sprintf("after %d %s", c.Version, plural(c.Version, "review", "reviews"))
		}
		return reckon.Errorf(reckon.ECONFLICT, "claim %d has no version %d: it is at version %d (%s); reload it and decide again", c.ID, *r.IfVersion, c.Version, reviews)
	}
	n := c.Version - *r.IfVersion
	by := ""
	if c.ReviewedBy != "" {
		by = ", the last by " + reckon.Quote(c.ReviewedBy)
	}
	return reckon.Errorf(reckon.ECONFLICT, "claim %d was reviewed since you loaded it: %d %s since version %d%s (it is at version %d); reload it and decide again",
		c.ID, n, plural(n, "review", "reviews"), *r.IfVersion, by, c.Version)
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ReviewState is the part of a claim a review can change, as one line,
// kept as the before and after of each review: status, measure,
// qualifier and interval, then the other fields that are set.
func ReviewState(c *reckon.Claim) string {
	s := fmt.Sprintf("%s %s %s %s", c.Status, c.Measure, c.Qualifier, c.Interval)
	add := func(name, v string) {
		if v != "" {
			s += "; " + name + ": " + v
		}
	}
	add("subject", c.Subject)
	add("attribution", c.Attribution)
	add("date", c.Date)
	if !c.Scope.IsZero() {
		add("scope", c.Scope.String())
	}
	add("note", c.Note)
	if c.MergedInto != 0 {
		add("merged into claim", strconv.FormatInt(c.MergedInto, 10))
	}
	return s
}

// SentenceReach is how many bytes either side of an added claim's span a
// store reads to find the sentence around it.
const SentenceReach = 600

// CheckAddedClaim checks a claim an analyst adds to a document of size
// bytes: a known measure and qualifier, a valid interval and a non-empty
// span inside the text.
func CheckAddedClaim(c *reckon.Claim, size int64) error {
	if _, err := reckon.ParseMeasure(string(c.Measure)); err != nil {
		return err
	}
	if _, err := reckon.ParseQualifier(string(c.Qualifier)); err != nil {
		return err
	}
	if !c.Interval.Valid() {
		return reckon.Errorf(reckon.EINVALID, "new claim: low %d > high %d", *c.Low, *c.High)
	}
	if _, err := reckon.ParseExtent(string(c.Scope.Extent)); err != nil {
		return err
	}
	if c.Start < 0 || c.End <= c.Start || int64(c.End) > size {
		return reckon.Errorf(reckon.EINVALID, "new claim: span [%d, %d) is not a range of bytes inside document %d (%d bytes); give --start and --end with start < end <= %d",
			c.Start, c.End, c.DocumentID, size, size)
	}
	return nil
}

// PrepareAddedClaim fills in what a store sets on a claim an analyst
// adds: its span (span, the text at [Start, End)), its sentence (found in
// window, the text from byte windowStart around it), its origin, status
// and version, and On from a Date written as a date. A span that cuts a
// character in two is EINVALID.
func PrepareAddedClaim(c *reckon.Claim, span, window string, windowStart int) error {
	if !utf8.ValidString(span) || span == "" {
		return reckon.Errorf(reckon.EINVALID, "new claim: span [%d, %d) cuts a character in two; move --start or --end to a character boundary", c.Start, c.End)
	}
	c.Span = span
	lo, hi := c.Start-windowStart, c.End-windowStart
	if lo >= 0 && hi <= len(window) && lo <= hi {
		s := strings.LastIndexAny(window[:lo], ".!?\n")
		e := strings.IndexAny(window[hi:], ".!?\n")
		s++
		if e < 0 {
			e = len(window)
		} else {
			e += hi + 1
		}
		if sent := strings.TrimSpace(window[s:e]); utf8.ValidString(sent) {
			c.Sentence = sent
		}
	}
	c.Origin, c.Status, c.Version, c.MergedInto, c.Original = reckon.FromAnalyst, reckon.StatusConfirmed, 1, 0, nil
	c.ExtractorVersion, c.Why, c.Restates = "", nil, nil
	c.On = reckon.Date{}
	if d, err := reckon.ParseDate(c.Date); err == nil {
		c.On = d
	}
	return nil
}

// CheckMerge checks that c can be merged into into: a claim of the same
// document, other than c, that is not itself merged.
func CheckMerge(c, into *reckon.Claim) error {
	switch {
	case into.ID == c.ID:
		return reckon.Errorf(reckon.EINVALID, "claim %d cannot be merged into itself", c.ID)
	case into.DocumentID != c.DocumentID:
		return reckon.Errorf(reckon.EINVALID, "claim %d is in document %d and claim %d in document %d: only restatements in one document are merged", c.ID, c.DocumentID, into.ID, into.DocumentID)
	case into.Status == reckon.StatusMerged:
		return reckon.Errorf(reckon.EINVALID, "claim %d is itself merged into claim %d: merge claim %d into claim %d instead", into.ID, into.MergedInto, c.ID, into.MergedInto)
	}
	return nil
}

// RestatementOf returns the status a store gives a claim of the
// extractor when it adds it, and the claim it is merged into: a claim
// that restates an earlier one of the same text (Restates, found in
// byStart, the IDs of the claims stored so far by their start) is merged
// into it, or into the claim that one is merged into; any other claim is
// extracted. A store keeps byStart as it goes.
func RestatementOf(c *reckon.Claim, byStart map[int]int64) (reckon.ClaimStatus, int64) {
	if c.Restates == nil {
		return reckon.StatusExtracted, 0
	}
	if id, ok := byStart[*c.Restates]; ok {
		return reckon.StatusMerged, id
	}
	return reckon.StatusExtracted, 0
}
