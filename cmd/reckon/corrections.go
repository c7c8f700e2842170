package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

func newCorrectionsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "corrections",
		Short: "the public roll's queue of corrections: list, show, add and resolve reports",
		Long: `Readers of the public roll report that a person's page is wrong (a name
misspelt, a wrong unit or date), and families ask that a person be withheld.
Each report waits in this queue until an analyst accepts it (and makes the
change through the ordinary means: claims, records, decisions), rejects it
with a reason, or withholds the person: every record of the person, as linked
now, is embargoed, and the public page answers as for an unknown person.

The reporter's name and contact are shown by corrections show only; the audit
log never holds them. The same queue is at /corrections on reckon serve.`,
	}
	cmd.AddCommand(newCorrectionsListCmd(e), newCorrectionsShowCmd(e), newCorrectionsAddCmd(e), newCorrectionsResolveCmd(e))
	return cmd
}

func newCorrectionsListCmd(e *env) *cobra.Command {
	var status, format string
	cmd := &cobra.Command{
		Use:     "list [--status STATUS]",
		Short:   "list reports (without the reporters' names and contacts; see corrections show)",
		Example: "  reckon corrections list --status open\n  reckon corrections list --format json",
		Args:    cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, _ []string) error {
			var f reckon.CorrectionFilter
			if status != "" {
				st, err := reckon.ParseCorrectionStatus(status)
				if err != nil {
					return usagef("--status: %v", err)
				}
				f.Status = st
			}
			cs, err := s.Corrections(cmd.Context(), f)
			if err != nil {
				return err
			}
			tb := &table{header: []string{"id", "status", "kind", "record", "person", "field", "reported", "text"}}
			out := make([]any, len(cs))
			for i, c := range cs {
				tb.add(c.ID, c.Status, c.Kind, c.Record.String(), c.PersonID, c.Field, c.CreatedAt.Format("2006-01-02 15:04"), oneLine(c.Text, 60))
				out[i] = c.Audited()
			}
			return write(e.stdout, format, tb, out)
		}),
	}
	cmd.Flags().StringVar(&status, "status", "", "only reports in this `status`: open, accepted, rejected, withheld")
	setChoices(cmd, "status", false, string(reckon.CorrectionOpen), string(reckon.CorrectionAccepted), string(reckon.CorrectionRejected), string(reckon.CorrectionWithheld))
	addFormatFlag(cmd, &format, "table")
	return cmd
}

func newCorrectionsShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "show a report with its reporter and contact",
		Example: "  reckon corrections show 1",
		Args:    cobra.ExactArgs(1),
		RunE: e.withStoreID("report", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			c, err := s.Correction(cmd.Context(), id)
			if err != nil {
				return err
			}
			tb := &table{header: []string{"field", "value"}}
			tb.add("id", c.ID)
			tb.add("status", c.Status)
			tb.add("kind", c.Kind)
			tb.add("record", c.Record.String())
			tb.add("person", c.PersonID)
			tb.add("field", c.Field)
			tb.add("text", c.Text)
			tb.add("reporter", c.Reporter)
			tb.add("contact", c.Contact)
			tb.add("reported", c.CreatedAt.Format("2006-01-02 15:04"))
			if c.ResolvedAt != nil {
				tb.add("resolved", c.ResolvedAt.Format("2006-01-02 15:04")+" by "+c.ResolvedBy)
				tb.add("note", c.Note)
			}
			return write(e.stdout, format, tb, c)
		}),
	}
	addFormatFlag(cmd, &format, "table", "table", "json")
	return cmd
}

func newCorrectionsAddCmd(e *env) *cobra.Command {
	var kind, field, text, reporter, contact string
	cmd := &cobra.Command{
		Use:   "add LIST/RECORD_ID --text TEXT [--kind correction|withhold] [flags]",
		Short: "queue a report received by other means (a letter, a call) on the person of a record",
		Long: `add queues a report on the person a record belongs to, as the public roll's
form does for readers: for a report that came by letter, by phone or in person.
The record must be linked into a person (reckon link).`,
		Example: `  reckon corrections add kcna/kcna-00002 --field birth_date --text "born 12 March 2001, not 2002" --reporter "his sister" --contact "+82 10 0000 0003"
  reckon corrections add kcna/kcna-00003 --kind withhold --text "the family asks that he not be named"`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			ctx := cmd.Context()
			list, id, ok := strings.Cut(args[0], "/")
			if !ok || list == "" || id == "" {
				return usagef("%q: want LIST/RECORD_ID", args[0])
			}
			k, err := reckon.ParseCorrectionKind(kind)
			if err != nil {
				return usagef("--kind: %v", err)
			}
			if field != "" && !slices.Contains(reckon.RecordFields, field) {
				return usagef("--field %s: want one of %s", reckon.Quote(field), strings.Join(reckon.RecordFields, ", "))
			}
			rec, err := findRecord(ctx, s, reckon.RecordKey{List: list, RecordID: id})
			if err != nil {
				return err
			}
			p, err := s.PersonOfRecord(ctx, rec.ID)
			if err != nil {
				if reckon.ErrorCode(err) == reckon.ENOTFOUND {
					return reckon.Errorf(reckon.EINVALID, "record %s is in no person yet: run reckon link first", rec.Key())
				}
				return err
			}
			c := &reckon.Correction{Record: rec.Key(), PersonID: p.ID, Kind: k, Field: field, Text: strings.TrimSpace(text),
				Reporter: strings.TrimSpace(reporter), Contact: strings.TrimSpace(contact)}
			if err := c.Validate(); err != nil {
				return err
			}
			if err := s.AddCorrection(ctx, c); err != nil {
				return err
			}
			e.printf("report %d queued on person %d (%s)\n", c.ID, c.PersonID, c.Kind)
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&kind, "kind", "", "correction (a value is wrong or missing; the default) or withhold (the family asks that the person be withheld)")
	f.StringVar(&field, "field", "", "the record `field` said to be wrong, if one")
	f.StringVar(&text, "text", "", "what is wrong and what is right (required)")
	f.StringVar(&reporter, "reporter", "", "who reports (`name`; personal data, never in the audit log)")
	f.StringVar(&contact, "contact", "", "how to reach the reporter (personal data, never in the audit log)")
	setChoices(cmd, "kind", false, string(reckon.CorrectionFix), string(reckon.CorrectionWithhold))
	cmd.MarkFlagRequired("text")
	return cmd
}

func newCorrectionsResolveCmd(e *env) *cobra.Command {
	var accept, reject, withhold bool
	var note string
	cmd := &cobra.Command{
		Use:   "resolve ID (--accept | --reject | --withhold) --note TEXT",
		Short: "accept, reject or withhold on a report; once",
		Long: `resolve closes an open report. --accept says the change was made (or will be)
through the ordinary means, and --note says what; --reject needs the reason in
--note; --withhold embargoes every record of the report's person, as linked
now (each an audit event, sensitive fields kept), and lists them in the note.`,
		Example: `  reckon corrections resolve 1 --accept --note "birth date corrected in the kcna import"
  reckon corrections resolve 2 --withhold --note "letter from the family, 2026-03-02"`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStoreID("report", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			r := reckon.Resolution{By: reckon.ActorFrom(cmd.Context()), Note: note}
			n := 0
			for _, c := range []struct {
				set bool
				st  reckon.CorrectionStatus
			}{{accept, reckon.CorrectionAccepted}, {reject, reckon.CorrectionRejected}, {withhold, reckon.CorrectionWithheld}} {
				if c.set {
					r.Status = c.st
					n++
				}
			}
			if n != 1 {
				return usagef("say one of --accept, --reject or --withhold")
			}
			c, keys, err := pipeline.ResolveCorrection(cmd.Context(), s, id, r)
			if err != nil {
				return err
			}
			e.printf("report %d: %s\n", c.ID, c.Status)
			if len(keys) > 0 {
				e.printf("embargoed: %s\n", strings.Join(keys, ", "))
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.BoolVar(&accept, "accept", false, "the report is right; the change is made through the ordinary means")
	f.BoolVar(&reject, "reject", false, "the report is wrong (give the reason in --note)")
	f.BoolVar(&withhold, "withhold", false, "embargo every record of the report's person")
	f.StringVar(&note, "note", "", "what was done, or why not (required to accept or reject)")
	return cmd
}

// oneLine is s on one line, cut to about n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
