package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/report"
)

func newReportCmd(e *env) *cobra.Command {
	var measure, population, format, out, title, browser string
	cmd := &cobra.Command{
		Use:   "report [--format html|md|json|pdf] [--out FILE]",
		Short: "write a self-contained report with the evidence for every number",
		Long: `report writes the reconciled picture of one measure: the documented minimum, the
estimates by each method with their intervals and assumptions, a chart of every
claim as an interval over time, contradictions, each source's latest claim,
every claim in its sentence, and every estimate with its input snapshot. Each
number links to the claim or estimate it comes from. The HTML needs nothing
from the network and prints well.

--format pdf prints the HTML report, every detail open, to an A4 PDF with a
headless Chromium, Google Chrome or Microsoft Edge: --browser, else
$RECKON_BROWSER, else the first found.`,
		Example: "  reckon report --format html --out report.html\n  reckon report --format md",
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			m, err := reckon.ParseMeasure(measure)
			if err != nil {
				return err
			}
			if browser == "" {
				browser = e.getenv("RECKON_BROWSER")
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				v, err := pipeline.Reconcile(cmd.Context(), s, m, population)
				if err != nil {
					return err
				}
				if title == "" {
					title = "reckon report: " + string(m)
				}
				r := &report.Report{Title: title, Generated: time.Now(), Version: reckon.Version, View: v}
				run, st, err := latestLinkStats(cmd.Context(), s)
				switch {
				case err != nil && run == nil:
					return err
				case err != nil:
					// The report says it cannot vouch for the linkage.
					r.Linkage = &report.Linkage{Run: run.ID, Warnings: []string{"the diagnostics of this link run cannot be read, so its warnings are unknown: run reckon link again"}}
					fmt.Fprintf(e.stderr, "reckon: warning: %v\n", err)
				case run != nil:
					// A report may be published: no record keys.
					r.Linkage = &report.Linkage{Run: run.ID, Warnings: pipeline.PublicWarnings(st)}
				}
				return writeAtomic(e.stdout, out, func(w io.Writer) error {
					if format == "pdf" {
						return report.WritePDF(cmd.Context(), w, r, report.PDFOptions{Browser: browser})
					}
					return report.Write(w, r, format)
				})
			})
		}),
	}
	f := cmd.Flags()
	f.StringVar(&measure, "measure", "killed", "the measure to report")
	f.StringVar(&population, "population", "", "the population of the estimates (default: any)")
	addFormatFlag(cmd, &format, "html", "html", "md", "json", "pdf")
	f.StringVar(&browser, "browser", "", "for --format pdf, the `path` of Chromium, Google Chrome or Edge (default: $RECKON_BROWSER, else the first found)")
	f.StringVar(&out, "out", "", "write to this `file` (default: standard output), whole or not at all")
	f.StringVar(&title, "title", "", "the report's title")
	return cmd
}
