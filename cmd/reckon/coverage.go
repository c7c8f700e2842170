package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon/coverage"
)

func newCoverageCmd(e *env) *cobra.Command {
	var opt coverage.Options
	var sizes, methods, format string
	cmd := &cobra.Command{
		Use:   "coverage [--sizes 2000,5000] [--seeds 10] [--lists 4]",
		Short: "check the whole chain on synthetic data: how often each method's interval covers the truth",
		Long: `coverage generates synthetic lists of a known number of dead, links them,
estimates the total by each method, and repeats for every size and seed. It
reports how often each method's 95% interval covers the true total, the mean
relative error and width, how far the documented minimum falls below the
truth, and the linkage quality of each run. It takes a while: each run is a
full link and estimate.

--draws K also draws K linkages per run from the match probabilities, as
reckon estimate does, and reports how often each method's interval over
linkage and sampling ("METHOD over linkage") covers the truth, and the
documented minimum's range over the draws the true number of persons on the
lists.

--method all runs every method: loglinear (best BIC, profile interval),
selection (the same allowing for the choice of model) and averaged (the
BIC-weighted average of the models), stepwise, lcmcr, closedp (best BIC), dga,
chao (Chao's lower bound, a floor) and samplecoverage (Chao and Tsay's N̂1),
and uncertainty: the interval over models, from the least lower to the
greatest upper end of the model families' intervals. --heterogeneity,
--dependence, --capture and --lists make harsher scenarios; --true-linkage
measures the estimators alone.`,
		Example: "  reckon synth coverage --sizes 1000,3000 --seeds 20\n  reckon synth coverage --sizes 3000 --seeds 10 --draws 20\n  reckon synth coverage --method all --true-linkage --heterogeneity 2 --seeds 30",
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			for _, s := range strings.Split(sizes, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil || n < 50 {
					return usagef("--sizes %q: want whole numbers of at least 50, comma-separated", sizes)
				}
				opt.Sizes = append(opt.Sizes, n)
			}
			switch methods {
			case "":
			case "all":
				opt.Methods = coverage.Methods
			default:
				opt.Methods = strings.Split(methods, ",")
			}
			if isTerminal(e.stderr) {
				opt.Progress = func(done, total int) { fmt.Fprintf(e.stderr, "\rrun %d of %d", done, total) }
			}
			rep, err := coverage.Evaluate(cmd.Context(), opt)
			if isTerminal(e.stderr) {
				fmt.Fprintln(e.stderr)
			}
			if err != nil {
				return err
			}
			if format == "json" {
				return write(e.stdout, "json", nil, rep)
			}
			t := &table{header: []string{"method", "runs", "covered", "coverage", "mean rel. error", "mean rel. width", "failed"}}
			for _, m := range rep.Methods {
				t.add(m.Method, m.Runs, m.Covered, fmt.Sprintf("%.2f", m.Coverage), fmt.Sprintf("%+.3f", m.MeanRelErr), fmt.Sprintf("%.3f", m.MeanWidth), m.Failed)
			}
			if err := t.writeText(e.stdout); err != nil {
				return err
			}
			e.printf("\ndocumented minimum: mean relative error %+.3f (with perfect linkage %+.3f)\n\n", rep.MinimumRelErr, rep.TrueMinimumRelErr)
			rt := &table{header: []string{"n", "seed", "records", "persons", "captured", "pairwise f1", "cluster f1"}}
			for _, r := range rep.Runs {
				rt.add(r.N, r.Seed, r.Records, r.Persons, r.Captured, fmt.Sprintf("%.3f", r.PairwiseF1), fmt.Sprintf("%.3f", r.ClusterF1))
			}
			return rt.writeText(e.stdout)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&sizes, "sizes", "2000", "true population sizes, comma-separated")
	f.IntVar(&opt.Seeds, "seeds", 10, "runs per size")
	f.IntVar(&opt.Lists, "lists", 4, "lists per run")
	f.StringVar(&methods, "method", "", "comma-separated methods: loglinear, selection, averaged, stepwise, lcmcr, closedp, dga, chao, samplecoverage, uncertainty, or all (default: loglinear, stepwise, lcmcr)")
	setChoices(cmd, "method", true, "loglinear", "selection", "averaged", "stepwise", "lcmcr", "closedp", "dga", "chao", "samplecoverage", "uncertainty", "all")
	f.IntVar(&opt.Selection.Bootstrap, "selection-bootstrap", 200, "BCa replicates of the selection and averaged intervals")
	f.Float64Var(&opt.Synth.Capture, "capture", 0, "typical capture probability of a list (default 0.35; small lists: 0.1)")
	f.IntVar(&opt.Stepwise.Bootstrap, "bootstrap", 200, "BCa replicates of stepwise")
	f.IntVar(&opt.Draws, "draws", 0, "linkages drawn per run from the match probabilities, for the intervals over linkage (0: none)")
	f.BoolVar(&opt.TrueLinkage, "true-linkage", false, "estimate from the true persons, skipping linkage errors")
	f.Float64Var(&opt.Synth.Heterogeneity, "heterogeneity", 0, "sd of the persons' latent log-odds of capture (default 1; negative: none)")
	f.Float64Var(&opt.Synth.Dependence, "dependence", 0, "sd of the log-odds shared by dependent lists (default 1; negative: none)")
	addLCMCRFlags(cmd, &opt.LCMCR)
	addFormatFlag(cmd, &format, "table", "table", "json")
	return cmd
}
