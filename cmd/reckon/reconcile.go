package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/pipeline"
)

func newReconcileCmd(e *env) *cobra.Command {
	var measure, population, format string
	cmd := &cobra.Command{
		Use:   "reconcile [--measure killed]",
		Short: "put every claim beside the documented minimum and the estimates, and flag contradictions",
		Long: `reconcile shows, for one measure, every claim in time order as an interval with
its source and grade, each source's latest claim, the documented minimum and
the latest estimate by each method, and flags contradictions: a claim whose
upper bound is below the documented minimum, and claims of different sources
whose intervals cannot both be true at the same date.`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			m, err := reckon.ParseMeasure(measure)
			if err != nil {
				return err
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				v, err := pipeline.Reconcile(cmd.Context(), s, m, population)
				if err != nil {
					return err
				}
				if format == "json" {
					return write(e.stdout, "json", nil, v)
				}
				e.printf("%s: %d claims\n\nclaims in time order\n", m, len(v.Claims))
				t := &table{header: []string{"claim", "as of", "source", "grade", "interval", "qualifier", "span"}}
				for _, c := range v.Claims {
					span := c.Span
					if c.Projected {
						span += " (projected)"
					}
					t.add(c.ID, c.Date, c.Source.Name, c.Source.Grade, figure.Interval(c.Interval), c.Qualifier, span)
				}
				t.writeText(e.stdout)
				if len(v.Parts) > 0 {
					e.printf("\nsub-counts (a place, a period or a part of the whole; never compared with it)\n")
					t = &table{header: []string{"claim", "as of", "source", "interval", "counts", "span"}}
					for _, c := range v.Parts {
						t.add(c.ID, c.Date, c.Source.Name, figure.Interval(c.Interval), c.Scope.String(), c.Span)
					}
					t.writeText(e.stdout)
				}
				e.printf("\neach source's latest claim\n")
				t = &table{header: []string{"source", "grade", "as of", "interval", "claim"}}
				for _, c := range v.Latest {
					t.add(c.Source.Name, c.Source.Grade, c.Date, figure.Claim(c.Claim), c.ID)
				}
				t.writeText(e.stdout)
				e.printf("\n")
				if v.Minimum != nil {
					e.printf("documented minimum: %s distinct persons (estimate %d)\n", figure.Count(v.Minimum.Observed), v.Minimum.ID)
				} else {
					e.printf("documented minimum: none yet (reckon link, then reckon estimate)\n")
				}
				for _, x := range v.Estimates {
					e.printf("%-10s %s [%s, %s] %s (estimate %d)\n", x.Method+":", fmtN(x.NHat), fmtN(x.Lower), fmtN(x.Upper), x.Model, x.ID)
				}
				for _, x := range v.StrataSums {
					e.printf("%-10s %s [%s, %s] %s (estimate %d)\n", x.Method+":", fmtN(x.NHat), fmtN(x.Lower), fmtN(x.Upper), x.Model, x.ID)
				}
				if v.Spread != nil {
					e.printf("\n%s\n", v.Spread.Message)
				}
				e.printf("\ncontradictions: %d\n", len(v.Contradictions))
				for _, c := range v.Contradictions {
					ids := []string{"claim " + itoa(c.A)}
					if c.B != 0 {
						ids = append(ids, "claim "+itoa(c.B))
					}
					e.printf("  %s (%s): %s\n", figure.ContradictionLabel(c.Kind), strings.Join(ids, ", "), c.Message)
				}
				return nil
			})
		}),
	}
	cmd.Flags().StringVar(&measure, "measure", "killed", "the measure to reconcile")
	cmd.Flags().StringVar(&population, "population", "", "the population of the estimates (default: any)")
	addFormatFlag(cmd, &format, "table", "table", "json")
	return cmd
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
