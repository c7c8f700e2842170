package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/csvout"
	"github.com/reckonhq/reckon/listcsv"
)

func newExportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "export the workspace's tables as CSV or JSON",
		Long: `export writes the workspace's tables as CSV or JSON.

CSV is made safe to open in a spreadsheet: a value that would start a
formula (its first character = + - @, a tab or a carriage return) gets a
single quote before it, as the server's downloads do; plain numbers such as
-5 are left alone. --raw writes every value as it is, for programs, and for
a record CSV to import again exactly.`,
	}
	cmd.AddCommand(newExportClaimsCmd(e), newExportRecordsCmd(e), newExportEstimatesCmd(e))
	return cmd
}

// exportClaim is a claim with the provenance a reader of an export needs.
type exportClaim struct {
	*reckon.Claim
	Source      string `json:"source"`
	SourceKind  string `json:"source_kind"`
	SourceGrade string `json:"source_grade"`
	DocTitle    string `json:"document_title"`
	DocURL      string `json:"document_url"`
	Published   string `json:"published"`
}

var exportClaimHeader = []string{"claim_id", "document_id", "source", "source_kind", "source_grade", "published", "document_url", "document_title",
	"measure", "subject", "qualifier", "cue", "low", "high", "span", "start", "end", "attribution", "cites", "date", "projected",
	"status", "reviewed_by", "reviewed_at", "review_note", "extractor_version", "sentence",
	"on", "scope_place", "scope_period", "scope_extent", "scope_part", "note", "origin", "corrected", "merged_into"}

func newExportClaimsCmd(e *env) *cobra.Command {
	var format, out, measure, status, source string
	var raw bool
	cmd := &cobra.Command{
		Use:   "claims [--format csv|json] [--out FILE] [--raw]",
		Short: "export every claim with its source, document and review status",
		Long: `export claims writes every claim with its provenance: the source with its kind
and grade, the document's title, address and date, the exact span and byte
offsets, the sentence, and the review status. With --out the file is written
whole or not at all.`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if format != "csv" && format != "json" {
				return reckon.Errorf(reckon.EINVALID, "unknown format %q (want csv or json)", format)
			}
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				var f reckon.ClaimFilter
				if err := claimFilter(ctx, s, &f, measure, status, source); err != nil {
					return err
				}
				claims, err := s.Claims(ctx, f)
				if err != nil {
					return err
				}
				docs := map[int64]*reckon.Document{}
				srcs := map[int64]*reckon.Source{}
				rows := make([]exportClaim, 0, len(claims))
				for _, c := range claims {
					d, ok := docs[c.DocumentID]
					if !ok {
						if d, err = s.Document(ctx, c.DocumentID); err != nil {
							return err
						}
						docs[c.DocumentID] = d
					}
					src, ok := srcs[d.SourceID]
					if !ok {
						if src, err = s.Source(ctx, d.SourceID); err != nil {
							return err
						}
						srcs[d.SourceID] = src
					}
					rows = append(rows, exportClaim{c, src.Name, string(src.Kind), src.Grade.String(), d.Title, d.URL, d.Published.String()})
				}
				return writeAtomic(e.stdout, out, func(w io.Writer) error {
					if format == "json" {
						enc := json.NewEncoder(w)
						enc.SetIndent("", "  ")
						enc.SetEscapeHTML(false)
						return enc.Encode(rows)
					}
					cw := csvout.NewWriter(w, csvMode(raw))
					cw.Write(exportClaimHeader)
					for _, r := range rows {
						c := r.Claim
						reviewed := ""
						if c.ReviewedAt != nil {
							reviewed = c.ReviewedAt.Format("2006-01-02T15:04:05Z07:00")
						}
						cw.Write([]string{fmt.Sprint(c.ID), fmt.Sprint(c.DocumentID), r.Source, r.SourceKind, r.SourceGrade, r.Published, r.DocURL, r.DocTitle,
							string(c.Measure), c.Subject, string(c.Qualifier), c.Cue, bound(c.Low), bound(c.High), c.Span,
							strconv.Itoa(c.Start), strconv.Itoa(c.End), c.Attribution, c.Cites, c.Date, strconv.FormatBool(c.Projected),
							string(c.Status), c.ReviewedBy, reviewed, c.ReviewNote, c.ExtractorVersion, c.Sentence,
							c.On.String(), c.Scope.Place, c.Scope.Period, string(c.Scope.Extent), c.Scope.Part, c.Note, origin(c),
							strings.Join(c.Corrected(), " "), mergedInto(c)})
					}
					cw.Flush()
					return cw.Error()
				})
			})
		}),
	}
	fl := cmd.Flags()
	addFormatFlag(cmd, &format, "csv", "csv", "json")
	fl.StringVar(&out, "out", "", "write to this `file` (default: standard output)")
	fl.StringVar(&measure, "measure", "", "only this measure")
	fl.StringVar(&status, "status", "", "only this status: extracted, confirmed, rejected or merged")
	fl.StringVar(&source, "source", "", "only claims of this source")
	addRawFlag(cmd, &raw)
	return cmd
}

// origin names who made a claim, for exports: extractor or analyst.
func origin(c *reckon.Claim) string {
	if c.Origin == "" {
		return string(reckon.FromExtractor)
	}
	return string(c.Origin)
}

// mergedInto is the claim c restates, or "".
func mergedInto(c *reckon.Claim) string {
	if c.MergedInto == 0 {
		return ""
	}
	return strconv.FormatInt(c.MergedInto, 10)
}

// writeAtomic runs fn on stdout, or on a temporary file beside out that is
// renamed to out only when fn succeeds, so out is whole or untouched.
func writeAtomic(stdout io.Writer, out string, fn func(io.Writer) error) error {
	if out == "" || out == "-" {
		return fn(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := fn(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

func newExportRecordsCmd(e *env) *cobra.Command {
	var format, out, list string
	var public, rawCSV bool
	cmd := &cobra.Command{
		Use:   "records [--format csv|json] [--out FILE] [--public] [--raw]",
		Short: "export every record, as the record CSV that import reads, with its person",
		Long: `export records writes every record as the record CSV that import reads, with
the person each belongs to. The sensitive and embargoed columns say which
fields are personal data and which records are under embargo.

With --public the export is fit to publish: the values of sensitive fields
are left out (the sensitive column still names them) and embargoed records
are left out entirely, as the public pages and API show them.

Values that would start a spreadsheet formula are quoted (see reckon export
--help); to import the file again exactly, export it with --raw.`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return e.useStore(cmd, func(raw reckon.Store) error {
				var s reckon.Store = raw
				if public {
					s = reckon.Redact(raw)
				}
				recs, err := s.Records(ctx, reckon.RecordFilter{List: list})
				if err != nil {
					return err
				}
				person := map[int64]int64{}
				ps, err := s.Persons(ctx, reckon.PersonFilter{})
				if err != nil {
					return err
				}
				for _, p := range ps {
					for _, r := range p.Records {
						person[r.ID] = p.ID
					}
				}
				attrs := attributeColumns(recs)
				return writeAtomic(e.stdout, out, func(w io.Writer) error {
					switch format {
					case "json":
						type row struct {
							*reckon.Record
							PersonID int64 `json:"person_id,omitempty"`
						}
						rows := make([]row, len(recs))
						for i, r := range recs {
							rows[i] = row{r, person[r.ID]}
						}
						return write(w, "json", nil, rows)
					case "csv":
						cw := csvout.NewWriter(w, csvMode(rawCSV))
						header := append(append(append([]string(nil), listcsv.Columns...), "person_id"), attrs...)
						protect := slices.ContainsFunc(recs, func(r *reckon.Record) bool { return r.Embargoed || len(r.Sensitive) > 0 })
						if protect {
							header = append(header, "sensitive", "embargoed")
						}
						cw.Write(header)
						for _, r := range recs {
							pid := ""
							if p, ok := person[r.ID]; ok {
								pid = strconv.FormatInt(p, 10)
							}
							row := []string{r.RecordID, r.List, r.FamilyName, r.GivenName, r.Name, r.Sex, r.BirthDate.String(),
								r.DeathDate.String(), r.DeathPlace, r.Unit, r.Rank, r.HomeTown, r.SourceURL, pid}
							for _, a := range attrs {
								row = append(row, r.Attributes[a])
							}
							if protect {
								row = append(row, strings.Join(r.Sensitive, ";"), strconv.FormatBool(r.Embargoed))
							}
							cw.Write(row)
						}
						cw.Flush()
						return cw.Error()
					}
					return reckon.Errorf(reckon.EINVALID, "unknown format %q (want csv or json)", format)
				})
			})
		}),
	}
	addFormatFlag(cmd, &format, "csv", "csv", "json")
	cmd.Flags().StringVar(&out, "out", "", "write to this `file` (default: standard output)")
	cmd.Flags().StringVar(&list, "list", "", "only this list")
	cmd.Flags().BoolVar(&public, "public", false, "leave out sensitive values and embargoed records, to publish")
	addRawFlag(cmd, &rawCSV)
	return cmd
}

// attributeColumns lists the attribute names of recs, sorted.
func attributeColumns(recs []*reckon.Record) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range recs {
		for k := range r.Attributes {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func newExportEstimatesCmd(e *env) *cobra.Command {
	var format, out string
	var raw bool
	cmd := &cobra.Command{
		Use:   "estimates [--format csv|json] [--out FILE] [--raw]",
		Short: "export every stored estimate with its input snapshot, settings and seed",
		Args:  cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			es, err := s.Estimates(cmd.Context(), reckon.EstimateFilter{})
			if err != nil {
				return err
			}
			return writeAtomic(e.stdout, out, func(w io.Writer) error {
				switch format {
				case "json":
					return write(w, "json", nil, es) // an open upper bound is null
				case "csv":
					cw := csvout.NewWriter(w, csvMode(raw))
					cw.Write([]string{"id", "measure", "population", "stratum", "method", "model", "observed", "n_hat", "lower", "upper",
						"interval", "lists", "input_hash", "settings", "seed", "version", "link_run_id", "warnings", "created_at", "input"})
					for _, x := range es {
						up := ""
						if !math.IsInf(x.Upper, 1) {
							up = strconv.FormatFloat(x.Upper, 'f', -1, 64)
						}
						cw.Write([]string{strconv.FormatInt(x.ID, 10), string(x.Measure), x.Population, x.Stratum, string(x.Method), x.Model,
							strconv.FormatInt(x.Observed, 10), strconv.FormatFloat(x.NHat, 'f', -1, 64), strconv.FormatFloat(x.Lower, 'f', -1, 64), up,
							x.Interval, strings.Join(x.Lists, " "), x.InputHash, x.Settings, strconv.FormatUint(x.Seed, 10), x.Version,
							strconv.FormatInt(x.LinkRunID, 10), strings.Join(x.Warnings, "; "), x.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), x.Input})
					}
					cw.Flush()
					return cw.Error()
				}
				return reckon.Errorf(reckon.EINVALID, "unknown format %q (want csv or json)", format)
			})
		}),
	}
	addFormatFlag(cmd, &format, "csv", "csv", "json")
	cmd.Flags().StringVar(&out, "out", "", "write to this `file` (default: standard output)")
	addRawFlag(cmd, &raw)
	return cmd
}

// addRawFlag adds --raw, which turns off the quoting of formulas in CSV.
func addRawFlag(cmd *cobra.Command, raw *bool) {
	cmd.Flags().BoolVar(raw, "raw", false, "CSV: write values that would start a spreadsheet formula as they are, unquoted (for programs, or to import again)")
}

// csvMode is the csvout mode of --raw.
func csvMode(raw bool) csvout.Mode {
	if raw {
		return csvout.Raw
	}
	return csvout.Escape
}
