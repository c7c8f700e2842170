package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
)

func newClaimsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "claims",
		Short: "list, show and review the claims in the ledger",
		Long: `claims lists the figure claims extracted from the workspace's documents and
records an analyst's decisions about them. Every decision is kept in the
claim's history with who made it, when and why.`,
	}
	cmd.AddCommand(newClaimsListCmd(e), newClaimsShowCmd(e),
		newClaimsReviewCmd(e, reckon.ActionConfirm), newClaimsReviewCmd(e, reckon.ActionReject), newClaimsReviewCmd(e, reckon.ActionEdit),
		newClaimsAddCmd(e), newClaimsMergeCmd(e))
	return cmd
}

func newClaimsListCmd(e *env) *cobra.Command {
	var measure, status, source, format string
	var f reckon.ClaimFilter
	cmd := &cobra.Command{
		Use:   "list [--measure M] [--status S] [--source NAME]",
		Short: "list claims",
		Example: `  reckon claims list --measure killed --status extracted
  reckon claims list --format csv > claims.csv`,
		Args: cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			ctx := cmd.Context()
			if err := claimFilter(ctx, s, &f, measure, status, source); err != nil {
				return err
			}
			claims, err := s.Claims(ctx, f)
			if err != nil {
				return err
			}
			t := &table{header: []string{"id", "doc", "status", "measure", "qualifier", "low", "high", "span", "attribution", "date"}}
			for _, c := range claims {
				t.add(c.ID, c.DocumentID, c.Status, c.Measure, c.Qualifier, c.Low, c.High, c.Span, c.Attribution, c.Date)
			}
			return write(e.stdout, format, t, claims)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&measure, "measure", "", "only this measure: killed, wounded, missing, captured, deployed, displaced, casualties, other_count")
	fl.StringVar(&status, "status", "", "only this status: extracted, confirmed or rejected")
	fl.StringVar(&source, "source", "", "only claims from documents of this source")
	fl.Int64Var(&f.DocumentID, "document", 0, "only claims from this document")
	fl.IntVar(&f.Limit, "limit", 0, "at most this many claims (default: all)")
	fl.Int64Var(&f.AfterID, "after", 0, "only claims with an id above this (for paging)")
	addFormatFlag(cmd, &format, "table")
	return cmd
}

// claimFilter fills f from the flags' text.
func claimFilter(ctx context.Context, s reckon.Store, f *reckon.ClaimFilter, measure, status, source string) error {
	var err error
	if measure != "" {
		if f.Measure, err = reckon.ParseMeasure(measure); err != nil {
			return err
		}
	}
	if status != "" {
		if f.Status, err = reckon.ParseClaimStatus(status); err != nil {
			return err
		}
	}
	if source != "" {
		src, err := s.SourceByName(ctx, source)
		if err != nil {
			return err
		}
		f.SourceID = src.ID
	}
	return nil
}

func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s id %q: want a positive whole number", what, s)
	}
	return id, nil
}

func newClaimsShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "show a claim with its sentence, its source and its review history",
		Args:  cobra.ExactArgs(1),
		RunE: e.withStoreID("claim", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			ctx := cmd.Context()
			c, err := s.Claim(ctx, id)
			if err != nil {
				return err
			}
			d, err := s.Document(ctx, c.DocumentID)
			if err != nil {
				return err
			}
			src, err := s.Source(ctx, d.SourceID)
			if err != nil {
				return err
			}
			hist, err := s.Reviews(ctx, id)
			if err != nil {
				return err
			}
			if format == "json" {
				return write(e.stdout, format, nil, map[string]any{"claim": c, "document": d, "source": src, "reviews": hist})
			}
			w := e.stdout
			fmt.Fprintf(w, "claim %d  %s  %s %s %s\n", c.ID, c.Status, c.Measure, c.Qualifier, figure.Claim(c))
			fmt.Fprintf(w, "  span:        %q (bytes %d-%d)\n", c.Span, c.Start, c.End)
			if c.Sentence != "" {
				if i := strings.Index(c.Sentence, c.Span); i >= 0 {
					fmt.Fprintf(w, "  sentence:    %s[[%s]]%s\n", c.Sentence[:i], c.Span, c.Sentence[i+len(c.Span):])
				} else {
					fmt.Fprintf(w, "  sentence:    %s\n", c.Sentence)
				}
			}
			fmt.Fprintf(w, "  subject:     %s\n", c.Subject)
			fmt.Fprintf(w, "  attribution: %s\n", orNone(c.Attribution))
			if c.Cites != "" {
				fmt.Fprintf(w, "  citing:      %s\n", c.Cites)
			}
			fmt.Fprintf(w, "  date:        %s", orNone(c.Date))
			if c.On.Parsed() {
				fmt.Fprintf(w, " (%s)", c.On)
			}
			fmt.Fprintln(w)
			fmt.Fprintf(w, "  scope:       %s\n", c.Scope)
			if c.Note != "" {
				fmt.Fprintf(w, "  note:        %s\n", c.Note)
			}
			if c.MergedInto != 0 {
				fmt.Fprintf(w, "  merged into: claim %d (a restatement of it)\n", c.MergedInto)
			}
			if c.Origin == reckon.FromAnalyst {
				fmt.Fprintf(w, "  origin:      added by an analyst\n")
			}
			for _, f := range c.Corrected() {
				fmt.Fprintf(w, "  corrected:   %s (the extractor read %s)\n", f, orNone(c.Original[f]))
			}
			if c.Projected {
				fmt.Fprintf(w, "  projected:   yes (a forecast, plan or hypothetical)\n")
			}
			fmt.Fprintf(w, "  document:    %d %s %s published %s\n", d.ID, d.Title, d.URL, orNone(d.Published.String()))
			fmt.Fprintf(w, "  source:      %s (%s, grade %s)\n", src.Name, src.Kind, orNone(src.Grade.String()))
			fmt.Fprintf(w, "  extractor:   %s\n", c.ExtractorVersion)
			for _, why := range c.Why {
				fmt.Fprintf(w, "    - %s\n", why)
			}
			if len(hist) == 0 {
				fmt.Fprintf(w, "  history:     not reviewed\n")
			}
			for _, r := range hist {
				fmt.Fprintf(w, "  %s  %-7s by %s: %s -> %s", r.At.Format("2006-01-02 15:04"), r.Action, r.By, r.Before, r.After)
				if r.Why != "" {
					fmt.Fprintf(w, " (%s)", r.Why)
				}
				fmt.Fprintln(w)
			}
			return nil
		}),
	}
	addFormatFlag(cmd, &format, "text", "text", "json")
	return cmd
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// editFlags are the fields of a claim an analyst can set, as flags.
type editFlags struct {
	low, high, measure, qualifier, subject, attribution, source, date, note string
	place, period, extent, part                                             string
}

func (f *editFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.low, "low", "", "lower bound, or none")
	fl.StringVar(&f.high, "high", "", "upper bound, or none")
	fl.StringVar(&f.measure, "measure", "", "measure: killed, wounded, missing, captured, deployed, displaced, casualties, other_count")
	fl.StringVar(&f.qualifier, "qualifier", "", "qualifier: exact, at_least, more_than, at_most, up_to, about, range, vague")
	fl.StringVar(&f.subject, "subject", "", "who or what is counted")
	fl.StringVar(&f.attribution, "attribution", "", "who gives the figure, as free text")
	fl.StringVar(&f.source, "attribution-source", "", "who gives the figure, as a source of the ledger (its name)")
	fl.StringVar(&f.date, "date", "", "the date the figure speaks of (YYYY-MM-DD also sets the calendar date), or the words of the text")
	fl.StringVar(&f.place, "place", "", "scope: where the figure counts (\"in Kursk\"); empty for everywhere")
	fl.StringVar(&f.period, "period", "", "scope: the period it counts (\"since January\", \"in one week\")")
	fl.StringVar(&f.extent, "extent", "", "scope: cumulative (a running total), period (a count for the period) or empty (unknown)")
	fl.StringVar(&f.part, "part", "", "scope: the part of the whole it counts (\"one brigade\", \"of the wounded\"); empty for the whole")
	fl.StringVar(&f.note, "note", "", "an analyst's note on the claim")
}

// edit returns the edit the changed flags make to a claim whose scope is
// scope; nil when no flag changed.
func (f *editFlags) edit(cmd *cobra.Command, scope reckon.Scope) (*reckon.ClaimEdit, error) {
	fl := cmd.Flags()
	e := &reckon.ClaimEdit{}
	if fl.Changed("low") {
		v, err := parseBound("low", f.low)
		if err != nil {
			return nil, err
		}
		e.SetLow, e.Low = true, v
	}
	if fl.Changed("high") {
		v, err := parseBound("high", f.high)
		if err != nil {
			return nil, err
		}
		e.SetHigh, e.High = true, v
	}
	if fl.Changed("measure") {
		m, err := reckon.ParseMeasure(f.measure)
		if err != nil {
			return nil, err
		}
		e.Measure = &m
	}
	if fl.Changed("qualifier") {
		q, err := reckon.ParseQualifier(f.qualifier)
		if err != nil {
			return nil, err
		}
		e.Qualifier = &q
	}
	if fl.Changed("attribution") && fl.Changed("attribution-source") {
		return nil, reckon.Errorf(reckon.EINVALID, "give --attribution (free text) or --attribution-source (a source of the ledger), not both")
	}
	str := func(name string, v *string) *string {
		if fl.Changed(name) {
			return v
		}
		return nil
	}
	e.Subject, e.Attribution, e.AttributionSource = str("subject", &f.subject), str("attribution", &f.attribution), str("attribution-source", &f.source)
	e.Date, e.Note = str("date", &f.date), str("note", &f.note)
	if fl.Changed("place") || fl.Changed("period") || fl.Changed("extent") || fl.Changed("part") {
		if fl.Changed("place") {
			scope.Place = f.place
		}
		if fl.Changed("period") {
			scope.Period = f.period
		}
		if fl.Changed("extent") {
			x, err := reckon.ParseExtent(f.extent)
			if err != nil {
				return nil, err
			}
			scope.Extent = x
		}
		if fl.Changed("part") {
			scope.Part = f.part
		}
		e.Scope = &scope
	}
	if e.IsZero() {
		return nil, nil
	}
	return e, nil
}

func newClaimsReviewCmd(e *env, action reckon.ReviewAction) *cobra.Command {
	var why string
	var ef editFlags
	cmd := &cobra.Command{
		Args: cobra.MinimumNArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if action == reckon.ActionEdit {
				if e, err := ef.edit(cmd, reckon.Scope{}); err != nil {
					return err
				} else if e == nil {
					return reckon.Errorf(reckon.EINVALID, "edit changes nothing: give --measure, --subject, --low, --high, --qualifier, --attribution, --attribution-source, --date, --place, --period, --extent, --part or --note")
				}
			}
			ids := make([]int64, len(args))
			for i, a := range args {
				id, err := parseID("claim", a)
				if err != nil {
					return err
				}
				ids[i] = id
			}
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				for _, id := range ids {
					var edit *reckon.ClaimEdit
					if action == reckon.ActionEdit {
						c, err := s.Claim(ctx, id)
						if err != nil {
							return err
						}
						if edit, err = ef.edit(cmd, c.Scope); err != nil {
							return err
						}
					}
					r := &reckon.Review{Action: action, By: e.who(), Why: why}
					c, err := s.ReviewClaim(ctx, id, r, edit)
					if err != nil {
						return err
					}
					e.printf("claim %d: %s -> %s\n", c.ID, r.Before, r.After)
				}
				return nil
			})
		}),
	}
	switch action {
	case reckon.ActionConfirm:
		cmd.Use, cmd.Short = "confirm ID...", "confirm claims as extracted (a merged claim becomes a claim of its own)"
		cmd.Flags().StringVar(&why, "why", "", "a note on the decision")
	case reckon.ActionReject:
		cmd.Use, cmd.Short = "reject ID... --why REASON", "reject claims that are not real figures, with the reason"
		cmd.Flags().StringVar(&why, "why", "", "why the claim is rejected (required)")
		cmd.MarkFlagRequired("why")
	case reckon.ActionEdit:
		cmd.Use, cmd.Short = "edit ID... [--measure M] [--subject S] [--low N] [--high N] [--qualifier Q] [--attribution TEXT | --attribution-source NAME] [--date D] [--place P] [--period P] [--extent E] [--part P] [--note N]",
			"correct any field of claims; the claim becomes confirmed and keeps the extractor's values"
		cmd.Long = `edit corrects the fields of claims that the extractor read wrong. Only the
flags given change anything. The claim becomes confirmed; for each field it
keeps the value the extractor gave it, and its history keeps who changed what,
when and why (--why).`
		cmd.Example = `  reckon claims edit 12 --low 300 --high 600 --why "range, not a lower bound"
  reckon claims edit 12 --high none
  reckon claims edit 7 --attribution-source "National Intelligence Service" --why "the article cites the NIS"
  reckon claims edit 9 --measure captured --date 2025-03-03 --place "in Kursk" --extent cumulative`
		cmd.Flags().StringVar(&why, "why", "", "a note on the correction")
		ef.add(cmd)
	}
	return cmd
}

func newClaimsAddCmd(e *env) *cobra.Command {
	var why, span string
	var start, end, after int
	var ef editFlags
	cmd := &cobra.Command{
		Use:   "add DOCUMENT (--span TEXT | --start BYTE --end BYTE) --measure M --qualifier Q [--low N] [--high N] [flags]",
		Short: "record a figure the extractor missed, with its span in a document",
		Long: `add records a claim an analyst found in a document that the extractor
missed. The figure's span is given by its text (--span, the first occurrence
at or after byte --after) or by its byte offsets (--start, --end). The claim
is confirmed at once, marked as added by an analyst, and its history and the
audit log keep who added it and why.`,
		Example: `  reckon claims add 1 --span "43 bodies" --measure killed --qualifier at_least --low 43 --high none \
      --attribution-source "Yonhap" --why "missed: the bodies recovered so far"`,
		Args: cobra.ExactArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			doc, err := parseID("document", args[0])
			if err != nil {
				return err
			}
			fl := cmd.Flags()
			if fl.Changed("span") == (fl.Changed("start") || fl.Changed("end")) {
				return reckon.Errorf(reckon.EINVALID, "give the figure's span as --span TEXT or as --start BYTE --end BYTE")
			}
			if !fl.Changed("measure") || !fl.Changed("qualifier") {
				return reckon.Errorf(reckon.EINVALID, "a new claim needs --measure and --qualifier")
			}
			if !fl.Changed("low") && !fl.Changed("high") {
				return reckon.Errorf(reckon.EINVALID, "a new claim needs its interval: --low and/or --high (none for an open end)")
			}
			ed, err := ef.edit(cmd, reckon.Scope{})
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				if fl.Changed("span") {
					d, err := s.Document(ctx, doc)
					if err != nil {
						return err
					}
					text, err := s.DocumentText(ctx, doc, int64(after), d.Size)
					if err != nil {
						return err
					}
					i := strings.Index(text, span)
					if i < 0 || span == "" {
						return reckon.Errorf(reckon.ENOTFOUND, "document %d has no %s after byte %d: give the words exactly as the text has them, or --start and --end", doc, reckon.Quote(span), after)
					}
					start, end = after+i, after+i+len(span)
				}
				c, err := newClaim(ctx, s, doc, start, end, ed)
				if err != nil {
					return err
				}
				r := &reckon.Review{By: e.who(), Why: why}
				if err := s.AddClaim(ctx, c, r); err != nil {
					return err
				}
				e.printf("claim %d added to document %d: %s\n", c.ID, doc, r.After)
				return nil
			})
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&span, "span", "", "the figure's words, exactly as in the text")
	fl.IntVar(&after, "after", 0, "with --span: look from this byte of the text on")
	fl.IntVar(&start, "start", 0, "the byte where the span starts")
	fl.IntVar(&end, "end", 0, "the byte after the span's last")
	fl.StringVar(&why, "why", "", "why the claim is added")
	ef.add(cmd)
	return cmd
}

// newClaim builds a claim of document doc at bytes [start, end) from an
// edit of its fields; an attribution to a source is resolved here.
func newClaim(ctx context.Context, s reckon.Store, doc int64, start, end int, ed *reckon.ClaimEdit) (*reckon.Claim, error) {
	c := &reckon.Claim{DocumentID: doc, Start: start, End: end}
	var srcID int64
	if ed != nil && ed.AttributionSource != nil {
		src, err := s.SourceByName(ctx, *ed.AttributionSource)
		if err != nil {
			return nil, err
		}
		srcID = src.ID
	}
	c.Origin = reckon.FromAnalyst // nothing of the extractor's to keep
	if err := reckon.ApplyReview(c, reckon.ActionEdit, "", ed, srcID); err != nil {
		return nil, err
	}
	return c, nil
}

func newClaimsMergeCmd(e *env) *cobra.Command {
	var why string
	var into int64
	cmd := &cobra.Command{
		Use:   "merge ID... --into KEEP",
		Short: "merge restatements of a figure in one document into one claim",
		Long: `merge marks claims as restatements of claim KEEP of the same document (a
summary and the body of an article giving the same figure), so the figure is
counted once. Confirming a merged claim makes it a claim of its own again.`,
		Example: `  reckon claims merge 3 --into 1 --why "the body restates the headline"`,
		Args:    cobra.MinimumNArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ids := make([]int64, len(args))
			for i, a := range args {
				id, err := parseID("claim", a)
				if err != nil {
					return err
				}
				ids[i] = id
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				for _, id := range ids {
					r := &reckon.Review{Action: reckon.ActionMerge, By: e.who(), Why: why}
					c, err := s.ReviewClaim(ctx, id, r, &reckon.ClaimEdit{MergeInto: into})
					if err != nil {
						return err
					}
					e.printf("claim %d: %s -> %s\n", c.ID, r.Before, r.After)
				}
				return nil
			})
		}),
	}
	cmd.Flags().Int64Var(&into, "into", 0, "the claim the others restate (required)")
	cmd.Flags().StringVar(&why, "why", "", "a note on the merge")
	cmd.MarkFlagRequired("into")
	return cmd
}
