package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
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
		newClaimsReviewCmd(e, reckon.ActionConfirm), newClaimsReviewCmd(e, reckon.ActionReject), newClaimsReviewCmd(e, reckon.ActionEdit))
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
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := e.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
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
		return 0, reckon.Errorf(reckon.EINVALID, "%s id %q: want a positive whole number", what, s)
	}
	return id, nil
}

func newClaimsShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "show a claim with its sentence, its source and its review history",
		Args:  cobra.ExactArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			id, err := parseID("claim", args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := e.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
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
			fmt.Fprintf(w, "claim %d  %s  %s %s %s\n", c.ID, c.Status, c.Measure, c.Qualifier, c.Interval)
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
			fmt.Fprintf(w, "  date:        %s\n", orNone(c.Date))
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

func newClaimsReviewCmd(e *env, action reckon.ReviewAction) *cobra.Command {
	var why, low, high, measure, qualifier, subject string
	cmd := &cobra.Command{
		Args: cobra.MinimumNArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			var edit *reckon.ClaimEdit
			if action == reckon.ActionEdit {
				edit = &reckon.ClaimEdit{}
				fl := cmd.Flags()
				if fl.Changed("low") {
					v, err := parseBound("low", low)
					if err != nil {
						return err
					}
					edit.SetLow, edit.Low = true, v
				}
				if fl.Changed("high") {
					v, err := parseBound("high", high)
					if err != nil {
						return err
					}
					edit.SetHigh, edit.High = true, v
				}
				if fl.Changed("measure") {
					m, err := reckon.ParseMeasure(measure)
					if err != nil {
						return err
					}
					edit.Measure = &m
				}
				if fl.Changed("qualifier") {
					q, err := reckon.ParseQualifier(qualifier)
					if err != nil {
						return err
					}
					edit.Qualifier = &q
				}
				if fl.Changed("subject") {
					edit.Subject = &subject
				}
				if *edit == (reckon.ClaimEdit{}) {
					return reckon.Errorf(reckon.EINVALID, "edit changes nothing: give --low, --high, --measure, --qualifier or --subject")
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
			s, err := e.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			for _, id := range ids {
				r := &reckon.Review{Action: action, By: e.who(), Why: why}
				c, err := s.ReviewClaim(ctx, id, r, edit)
				if err != nil {
					return err
				}
				e.printf("claim %d: %s -> %s\n", c.ID, r.Before, r.After)
			}
			return nil
		}),
	}
	switch action {
	case reckon.ActionConfirm:
		cmd.Use, cmd.Short = "confirm ID...", "confirm claims as extracted"
		cmd.Flags().StringVar(&why, "why", "", "a note on the decision")
	case reckon.ActionReject:
		cmd.Use, cmd.Short = "reject ID... --why REASON", "reject claims that are not real figures, with the reason"
		cmd.Flags().StringVar(&why, "why", "", "why the claim is rejected (required)")
		cmd.MarkFlagRequired("why")
	case reckon.ActionEdit:
		cmd.Use, cmd.Short = "edit ID... [--low N] [--high N] [--measure M] [--qualifier Q]", "correct claims; the claim becomes confirmed and its history keeps the old values"
		cmd.Example = "  reckon claims edit 12 --low 300 --high 600 --why \"range, not a lower bound\"\n  reckon claims edit 12 --high none"
		fl := cmd.Flags()
		fl.StringVar(&why, "why", "", "a note on the correction")
		fl.StringVar(&low, "low", "", "new lower bound, or none")
		fl.StringVar(&high, "high", "", "new upper bound, or none")
		fl.StringVar(&measure, "measure", "", "new measure")
		fl.StringVar(&qualifier, "qualifier", "", "new qualifier")
		fl.StringVar(&subject, "subject", "", "new subject")
	}
	return cmd
}
