// Package report renders the reconciled picture of a measure as a
// self-contained document (HTML with an inline SVG chart, Markdown or
// JSON) in which every number names the claim, record or estimate it
// comes from.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/reconcile"
)

// Report is everything a report shows.
type Report struct {
	Title     string          `json:"title"`
	Generated time.Time       `json:"generated"`
	Version   string          `json:"reckon_version"`
	View      *reconcile.View `json:"reconciliation"`
	// Linkage holds the warnings of the link run the persons come from;
	// nil when none was read.
	Linkage *Linkage `json:"linkage,omitempty"`
}

// Linkage is what a report says about the record linkage its persons come
// from.
type Linkage struct {
	Run int64 `json:"link_run"`
	// Warnings say where the linkage, and so the documented minimum and
	// every estimate, is less trustworthy than it looks. A report may be
	// published: they name no record (pairs kept apart by decisions are
	// told as a count).
	Warnings []string `json:"warnings"`
}

// Write renders r as html, md or json.
func Write(w io.Writer, r *Report, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r) // an open upper bound is null (reckon.Estimate.MarshalJSON)
	case "md":
		return writeMarkdown(w, r)
	case "html":
		return writeHTML(w, r)
	}
	return reckon.Errorf(reckon.EINVALID, "unknown report format %q (want html, md or json)", format)
}

// num writes an estimate's number by the one rounding rule.
func num(v float64) string { return figure.Round(v) }

// claimRange is what the claims of the whole say, for the headline: the
// lowest and the highest claim, each with the words its source used and
// its open ends left open.
func claimRange(v *reconcile.View) string {
	var cs []*reckon.Claim
	for _, c := range v.Claims {
		if !c.Projected {
			cs = append(cs, c.Claim)
		}
	}
	if r := figure.Range(cs); r != "" {
		return r
	}
	return "no figures"
}

// claimText writes a claim's figure with its words.
func claimText(c reconcile.Claim) string { return figure.Claim(c.Claim) }

// linkageText says what an estimate is over the linkage draws, as
// "; over 20 linkage draws 3,137 (95% 2,951 to 3,333)", or "" without
// draws. For the documented minimum it gives the range of distinct
// persons.
func linkageText(e *reckon.Estimate) string {
	l := e.Linkage
	if l == nil {
		return ""
	}
	if e.Method == reckon.MethodMinimum {
		return fmt.Sprintf("; %s to %s over %d linkage draws", num(l.Lower), num(l.Upper), l.Draws)
	}
	return fmt.Sprintf("; over %d linkage draws %s (95%% %s to %s)", l.Draws, num(l.NHat), num(l.Lower), num(l.Upper))
}

func writeMarkdown(w io.Writer, r *Report) error {
	v := r.View
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("# %s\n\n", r.Title)
	p("Generated %s by reckon %s. Every number names its evidence: claim *C*, estimate *E*.\n\n", r.Generated.UTC().Format("2006-01-02 15:04 UTC"), r.Version)
	p("## Headline: %s\n\n", v.Measure)
	if v.Minimum != nil {
		p("- **Documented minimum: %s** distinct persons (E%d)%s. %s\n", num(v.Minimum.NHat), v.Minimum.ID, linkageText(v.Minimum), reconcile.Assumption(reckon.MethodMinimum))
	} else {
		p("- Documented minimum: not computed yet.\n")
	}
	for _, e := range v.Estimates {
		p("- **%s: %s** (95%% %s to %s; model %s; E%d)%s. %s\n", e.Method, num(e.NHat), num(e.Lower), num(e.Upper), e.Model, e.ID, linkageText(e), reconcile.Assumption(e.Method))
		for _, x := range e.Warnings {
			// how much wider the choice of model makes the interval
			if strings.HasPrefix(x, "model selection: ") {
				p("  - %s\n", mdCell(x))
			}
		}
	}
	if s := v.Spread; s != nil {
		p("- %s\n", mdCell(s.Message))
	}
	for _, e := range v.StrataSums {
		p("- Summed over the strata (%s): **%s %s** (95%% %s to %s; E%d), beside the unstratified figure above; the sum lets each stratum have its own capture probabilities and dependence.\n",
			mdCell(e.Model), e.Method, num(e.NHat), num(e.Lower), num(e.Upper), e.ID)
	}
	p("- Claims (%d): %s.\n\n", len(v.Claims), claimRange(v))
	if l := r.Linkage; l != nil && len(l.Warnings) > 0 {
		p("## Warnings of the record linkage (link run %d)\n\n", l.Run)
		for _, x := range l.Warnings {
			p("- %s\n", mdCell(x))
		}
		p("\n")
	}
	p("## Contradictions\n\n")
	if len(v.Contradictions) == 0 {
		p("None flagged.\n\n")
	}
	for _, c := range v.Contradictions {
		ref := fmt.Sprintf("C%d", c.A)
		if c.B != 0 {
			ref += fmt.Sprintf(", C%d", c.B)
		}
		p("- %s (%s): %s\n", figure.ContradictionLabel(c.Kind), ref, mdCell(c.Message))
	}
	p("\n## Each source's latest claim\n\n| source | grade | as of | figure | claim |\n|---|---|---|---|---|\n")
	for _, c := range v.Latest {
		p("| %s | %s | %s | %s | C%d |\n", mdCell(c.Source.Name), mdCell(figure.GradeLabel(c.Source.Grade)), c.Date, mdCell(claimText(c)), c.ID)
	}
	p("\n## Every claim, in time order\n\n| claim | as of | source | figure | qualifier | words | attributed to | review |\n|---|---|---|---|---|---|---|---|\n")
	for _, c := range v.Claims {
		words := c.Span
		if c.Projected {
			words += " (projected)"
		}
		p("| C%d | %s | %s (%s) | %s | %s | %s | %s | %s |\n", c.ID, c.Date, mdCell(c.Source.Name), c.Source.Grade, mdCell(claimText(c)), codeWords(string(c.Qualifier)), mdCell(words), mdCell(c.Attribution), mdCell(reviewText(c.Claim)))
	}
	if len(v.Parts) > 0 {
		p("\n## Sub-counts\n\nThese claims count a part of the whole (a place, a period, a unit); they are shown below the whole and never compared with it.\n\n| claim | as of | source | figure | counts | words | attributed to | review |\n|---|---|---|---|---|---|---|---|\n")
		for _, c := range v.Parts {
			p("| C%d | %s | %s (%s) | %s | %s | %s | %s | %s |\n", c.ID, c.Date, mdCell(c.Source.Name), c.Source.Grade, mdCell(claimText(c)), mdCell(scopeText(c.Claim)), mdCell(c.Span), mdCell(c.Attribution), mdCell(reviewText(c.Claim)))
		}
	}
	p("\n## Estimates and their inputs\n\n")
	all := append(append([]*reckon.Estimate{}, v.Estimates...), v.StrataSums...)
	if v.Minimum != nil {
		all = append([]*reckon.Estimate{v.Minimum}, all...)
	}
	for _, e := range all {
		p("### E%d: %s\n\n%s %s [%s, %s], %s%s. Observed %d. Seed %d, reckon %s, link run %d. Input sha256 `%s`:\n\n```\n%s```\n\n",
			e.ID, e.Method, e.Model, num(e.NHat), num(e.Lower), num(e.Upper), e.Interval, linkageText(e), e.Observed, e.Seed, e.Version, e.LinkRunID, e.InputHash, e.Input)
		for _, x := range e.Warnings {
			p("> warning: %s\n\n", x)
		}
	}
	return nil
}

// reviewText says what analysts did to a claim, for the tables: "added
// by an analyst", "corrected by an analyst: attribution (the extractor
// read “Reports”)", or "" for a claim as the extractor read it.
func reviewText(c *reckon.Claim) string {
	var parts []string
	if c.Origin == reckon.FromAnalyst {
		parts = append(parts, "added by an analyst")
	}
	if fields := c.Corrected(); len(fields) > 0 {
		var fs []string
		for _, f := range fields {
			was := c.Original[f]
			if was == "" {
				was = "nothing"
			} else {
				was = "“" + was + "”"
			}
			fs = append(fs, f+" (the extractor read "+was+")")
		}
		parts = append(parts, "corrected by an analyst: "+strings.Join(fs, ", "))
	}
	return strings.Join(parts, "; ")
}

// scopeText says what part of the whole a sub-count counts.
func scopeText(c *reckon.Claim) string { return c.Scope.String() }

// codeWords writes a code such as at_least as words.
func codeWords(s string) string { return strings.ReplaceAll(s, "_", " ") }

func mdCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}
