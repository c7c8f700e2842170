package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
)

func newEstimateCmd(e *env) *cobra.Command {
	var opt pipeline.EstimateOptions
	var measure, methods, sensitivity, config, format string
	var linkSeed uint64
	cmd := &cobra.Command{
		Use:   "estimate [--measure killed] [--population NAME] [--strata ATTR] [--method loglinear,stepwise,lcmcr,closedp,chao,dga] [--draws 20]",
		Short: "estimate the total from the persons' lists: documented minimum and multiple systems estimates",
		Long: `estimate counts the distinct persons (the documented minimum) and estimates how
many no list saw from how the lists overlap (multiple systems estimation):
the best log-linear model by BIC with a profile-likelihood interval, stepwise
selection with BCa bootstrap intervals, and the Bayesian latent-class model
LCMCR; on request (--method) also the best of Rcapture's closedp.t models
(closedp: heterogeneity and behavioural models) and Chao's lower bound with
the sample-coverage estimate beside it (chao), for when no model fits. Each
estimate is stored with its exact input (the capture histories),
method, settings, seed and reckon version, so it can be reproduced.

Linkage is uncertain too: estimate relinks the records in memory (with
--config, the settings the persons were linked with), draws --draws linkages
from the match probabilities (decisions always hold), runs every method on
every draw and stores, beside each figure, an interval over linkage and
sampling uncertainty: Rubin's rules for log-linear, stepwise, closedp and
chao, the pooled posterior for LCMCR, and for the documented minimum the
range of distinct persons over the draws. It warns when the draws move a total by more than 5%,
with the number of undecided pairs to review. --draws 0 skips the draws.

--strata estimates separately for each value of a person attribute: unit,
rank, death_place, home_town, sex, birth_year, death_year, death_month or any
extra column of the lists. It also sums each method's estimates over the strata
(stratum ATTR=(all, summed)), with an interval from --strata-draws draws per
stratum (the posterior's for lcmcr and dga; for the others a bootstrap of
each stratum, see reckon estimate show), and estimates the whole population
unstratified, printed beside the sum.

--format json prints the estimates stored, each with method (minimum for the
documented minimum), n_hat, lower, upper and linkage {draws, n_hat, lower,
upper} (null upper: no finite bound).`,
		Example: "  reckon estimate\n  reckon estimate --draws 50 --format json\n  reckon estimate --strata death_month --method loglinear",
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			var err error
			if opt.Measure, err = reckon.ParseMeasure(measure); err != nil {
				return err
			}
			if opt.Methods, err = reckon.ParseMethods(methods); err != nil {
				return err
			}
			for _, t := range strings.Split(sensitivity, ",") {
				if t = strings.TrimSpace(t); t == "" {
					continue
				}
				v, err := strconv.ParseFloat(t, 64)
				if err != nil || v <= 0 || v >= 1 {
					return usagef("--link-sensitivity %q: want probabilities between 0 and 1, comma-separated", sensitivity)
				}
				opt.Sensitivity = append(opt.Sensitivity, v)
			}
			if opt.LinkageDraws == 0 {
				opt.LinkageDraws = -1 // --draws 0: none
			}
			if config != "" {
				lc, _, err := readLinkConfig(config)
				if err != nil {
					return err
				}
				opt.Link = lc.Config
			}
			// Relink with the random pairs reckon link drew.
			opt.LinkRand = func() *rand.Rand { return linkRand(linkSeed) }
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				es, err := pipeline.Estimate(ctx, s, opt)
				if err != nil {
					return err
				}
				if err := writeEstimates(e, es, format); err != nil {
					return err
				}
				if format == "json" {
					return nil // the machine contract: the stored estimates only
				}
				if err := printStrataSums(e, es); err != nil {
					return err
				}
				// Every estimate stands on the linkage: say where it is weak.
				return printLinkWarnings(ctx, e, s, e.stdout)
			})
		}),
	}
	f := cmd.Flags()
	f.StringVar(&measure, "measure", "killed", "what the lists count")
	f.StringVar(&opt.Population, "population", "", "a name for who is counted (default: all persons)")
	f.StringVar(&opt.Strata, "strata", "", "estimate by this person `attribute`")
	f.IntVar(&opt.StrataDraws, "strata-draws", pipeline.DefaultStrataDraws, "draws per stratum behind the interval of the sum over strata (negative: no sum)")
	f.StringVar(&methods, "method", "", "comma-separated methods: loglinear, stepwise, lcmcr, closedp, chao, dga (default: loglinear, stepwise, lcmcr, dga)")
	f.Uint64Var(&opt.Seed, "seed", 1, "seed for the bootstrap and the Gibbs chains")
	f.IntVar(&opt.LinkageDraws, "draws", pipeline.DefaultLinkageDraws, "linkages to draw from the match probabilities for the interval over linkage (0: none)")
	f.Uint64Var(&linkSeed, "link-seed", 1, "the --seed reckon link ran with, for the draws")
	f.StringVar(&config, "config", "", "linkage settings `file` (TOML) the persons were linked with, for the draws")
	f.StringVar(&sensitivity, "link-sensitivity", "", "relink at these match thresholds (e.g. 0.2,0.5,0.8) and report how the minimum and estimate move")
	setChoices(cmd, "method", true, estimateMethods...)
	addLCMCRFlags(cmd, &opt.LCMCR)
	addDGAFlags(cmd, &opt.DGA)
	addFormatFlag(cmd, &format, "table")
	cmd.AddCommand(newEstimateListCmd(e), newEstimateShowCmd(e))
	return cmd
}

func addLCMCRFlags(cmd *cobra.Command, o *mse.LCMCROptions) {
	f := cmd.Flags()
	f.IntVar(&o.Burnin, "burnin", 0, "LCMCR burn-in iterations per chain (default 10,000)")
	f.IntVar(&o.Samples, "samples", 0, "LCMCR draws kept per chain (default 1,000)")
	f.IntVar(&o.Thin, "thin", 0, "LCMCR iterations per kept draw (default 100)")
	f.IntVar(&o.Chains, "chains", 0, "LCMCR chains, run in parallel (default 4)")
}

func addDGAFlags(cmd *cobra.Command, o *mse.DGAOptions) {
	f := cmd.Flags()
	f.Float64Var(&o.Delta, "dga-delta", 0, "dga hyper-Dirichlet prior mass per cell (default 2^-lists)")
	f.Int64Var(&o.MaxMissing, "dga-max-missing", 0, "dga's largest unobserved count (default 20 x observed)")
	f.IntVar(&o.Iterations, "dga-iterations", 0, "dga MC3 steps beyond 5 lists (default 10,000)")
}

// fmtN writes an estimate by the one rounding rule of package figure.
func fmtN(v float64) string { return figure.Round(v) }

func writeEstimates(e *env, es []*reckon.Estimate, format string) error {
	t := &table{header: []string{"id", "measure", "stratum", "method", "model", "observed", "estimate", "lower", "upper",
		"over linkage", "draws", "warnings"}}
	for _, x := range es {
		t.add(x.ID, x.Measure, x.Stratum, x.Method, x.Model, x.Observed, fmtN(x.NHat), fmtN(x.Lower), fmtN(x.Upper),
			fmtLinkage(x), linkageDraws(x), strings.Join(x.Warnings, "; "))
	}
	return write(e.stdout, format, t, es)
}

// fmtLinkage shows an estimate's interval over linkage draws, "N̂ [L, U]",
// or "-" without one.
func fmtLinkage(x *reckon.Estimate) string {
	l := x.Linkage
	if l == nil {
		return "-"
	}
	return fmt.Sprintf("%s [%s, %s]", fmtN(l.NHat), fmtN(l.Lower), fmtN(l.Upper))
}

func linkageDraws(x *reckon.Estimate) string {
	if x.Linkage == nil {
		return "-"
	}
	return strconv.Itoa(x.Linkage.Draws)
}

func newEstimateListCmd(e *env) *cobra.Command {
	var f reckon.EstimateFilter
	var measure, method, format string
	cmd := &cobra.Command{
		Use:   "list [--measure M] [--method M]",
		Short: "list stored estimates, newest first",
		Args:  cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if measure != "" {
				m, err := reckon.ParseMeasure(measure)
				if err != nil {
					return err
				}
				f.Measure = m
			}
			if method != "" {
				m, err := reckon.ParseMethod(method)
				if err != nil {
					return err
				}
				f.Method = m
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				es, err := s.Estimates(cmd.Context(), f)
				if err != nil {
					return err
				}
				return writeEstimates(e, es, format)
			})
		}),
	}
	cmd.Flags().StringVar(&measure, "measure", "", "only this measure")
	cmd.Flags().StringVar(&method, "method", "", "only this method: minimum, loglinear, stepwise, lcmcr, closedp, chao, dga")
	setChoices(cmd, "method", false, methodNames(reckon.Methods)...)
	cmd.Flags().StringVar(&f.Population, "population", "", "only this population")
	addFormatFlag(cmd, &format, "table")
	return cmd
}

func newEstimateShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "show a stored estimate with its input snapshot, settings and how to reproduce it",
		Args:  cobra.ExactArgs(1),
		RunE: e.withStoreID("estimate", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			x, err := s.Estimate(cmd.Context(), id)
			if err != nil {
				return err
			}
			if format == "json" {
				return write(e.stdout, "json", nil, x)
			}
			e.printf("estimate %d: %s, %s", x.ID, x.Measure, x.Population)
			if x.Stratum != "" {
				e.printf(" (%s)", x.Stratum)
			}
			e.printf("\n  method:    %s %s\n  estimate:  %s  [%s, %s]  %s\n  observed:  %d distinct persons\n",
				x.Method, x.Model, fmtN(x.NHat), fmtN(x.Lower), fmtN(x.Upper), x.Interval, x.Observed)
			if l := x.Linkage; l != nil {
				e.printf("  linkage:   %s  over %d linkage draws (linkage and sampling uncertainty)\n", fmtLinkage(x), l.Draws)
			}
			e.printf("  settings:  %s (seed %d)\n  computed:  %s by reckon %s from link run %d\n", x.Settings, x.Seed, x.CreatedAt.Format("2006-01-02 15:04"), x.Version, x.LinkRunID)
			for _, w := range x.Warnings {
				e.printf("  warning:   %s\n", w)
			}
			e.printf("  input (sha256 %s):\n", x.InputHash)
			for _, line := range strings.Split(strings.TrimSpace(x.Input), "\n") {
				e.printf("    %s\n", line)
			}
			recipe, err := pipeline.Recipe(x)
			if err != nil {
				return err
			}
			if recipe != "" {
				e.printf("  reproduce: save the input as input.csv and run\n    %s\n", recipe)
			}
			return nil
		}),
	}
	addFormatFlag(cmd, &format, "text", "text", "json")
	return cmd
}
