package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/coverage"
	"github.com/reckonhq/reckon/csvout"
	"github.com/reckonhq/reckon/listcsv"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/scenario"
	"github.com/reckonhq/reckon/synth"
)

func newSynthCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "synth",
		Short: "generate synthetic data with known truth, for tests, benchmarks and demos",
	}
	var opt synth.Options
	var seed uint64
	var out string
	lists := &cobra.Command{
		Use:   "lists --out DIR [--n 3000] [--lists 4] [--seed 1]",
		Short: "write synthetic multi-script record lists with their ground truth",
		Long: `synth lists writes one record CSV per list into DIR, plus truth.csv
(record_id,person_id) and population.txt (the true population size).

The persons are invented Korean soldiers. Each list captures them with
heterogeneous and correlated probabilities, and writes their names in its own
script and romanisation (Hangul, Russian Cyrillic, DPRK and South Korean
romanisations), with typos, missing and partial dates, swapped name orders and
duplicates. The same seed gives the same files.`,
		Example: "  reckon synth lists --n 1000 --lists 4 --seed 1 --out lists/",
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			d, err := synth.Generate(rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), opt)
			if err != nil {
				return err
			}
			if err := d.WriteDir(out); err != nil {
				return err
			}
			n := 0
			for _, l := range d.Lists {
				n += len(l)
			}
			e.printf("wrote %d records in %d lists for a true population of %d to %s\n", n, len(d.Lists), d.N, out)
			return nil
		}),
	}
	f := lists.Flags()
	f.IntVar(&opt.N, "n", 3000, "true population size")
	f.IntVar(&opt.Lists, "lists", 4, "number of lists")
	f.Uint64Var(&seed, "seed", 1, "random seed")
	f.StringVar(&out, "out", "", "output `folder` (required)")
	lists.MarkFlagRequired("out")
	cmd.AddCommand(lists, newCoverageCmd(e), newScenariosCmd(e), newScenarioCmd(e), newReviewSimCmd(e))
	return cmd
}

// findScenarios returns the named scenarios of the catalogue and the large
// ones, in the order named.
func findScenarios(names []string) ([]scenario.Scenario, error) {
	all := append(scenario.Catalogue(), scenario.Large()...)
	var out []scenario.Scenario
	for _, n := range names {
		n = strings.TrimSpace(n)
		i := slices.IndexFunc(all, func(s scenario.Scenario) bool { return s.Name == n })
		if i < 0 {
			return nil, reckon.Errorf(reckon.EINVALID, "no scenario %q (reckon synth scenarios --list names them)", n)
		}
		out = append(out, all[i])
	}
	return out, nil
}

func newScenariosCmd(e *env) *cobra.Command {
	var opt coverage.ScenarioOptions
	var large, list, byList bool
	var draws int
	var only, methods, format string
	cmd := &cobra.Command{
		Use:   "scenarios [--large] [--only NAME,...] [--format text|json]",
		Short: "measure linkage and estimation on the catalogue of generated scenarios",
		Long: `scenarios generates each scenario of the catalogue (about 3,000 persons each,
its parameters varied widely: noise ×0.5 to ×3, three to six lists, name-only
press lists, lists without dates, concentrated names, malformed dates …),
links its records with the default configuration, and prints one line per
scenario: records; pairwise precision, recall and F1; B-cubed F1; blocking
recall (share of true pairs among the candidate pairs); expected calibration
error of the match probabilities (ECE); "exp/true", the true pairs the
probabilities expect among the candidate pairs over those there are
(calibration in the large: below 1, draws link too little and totals come
out high); the documented minimum against the
persons actually observed; each method's estimate and whether its 95%
interval covers the true N; and linkage time and peak heap. "Shared names" is
the share of observed persons whose true full name another observed person
bears too: how much names alone cannot tell apart. A summary
follows, against the bars of issue 10: pairwise F1 ≥ 0.92 (≥ 0.85 from
100,000 records), coverage, documented minimum within 3% of the observed
persons where lists carry dates, mean ECE.

--large runs the large scenarios instead (about 415,000 and 1,000,000
records: minutes and gigabytes each).`,
		Example: "  reckon synth scenarios --only baseline,noise-3 --method loglinear\n  reckon synth scenarios --large --only large-415k --format json",
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if list {
				t := &table{header: []string{"name", "n", "lists", "description"}}
				for _, s := range append(scenario.Catalogue(), scenario.Large()...) {
					d, err := s.WithDefaults()
					if err != nil {
						return err
					}
					t.add(s.Name, d.N, d.Lists, s.Description)
				}
				return t.writeText(e.stdout)
			}
			if only != "" {
				ss, err := findScenarios(strings.Split(only, ","))
				if err != nil {
					return err
				}
				opt.Scenarios = ss
			} else if large {
				opt.Scenarios = scenario.Large()
			}
			if cmd.Flags().Changed("method") {
				opt.Methods = []string{}
				for _, m := range strings.Split(methods, ",") {
					if m = strings.TrimSpace(m); m != "" {
						opt.Methods = append(opt.Methods, m)
					}
				}
			}
			if draws > 0 {
				opt.Estimate = coverage.DrawsEstimate(draws, opt.Methods, opt.LCMCR, opt.Stepwise)
			}
			if isTerminal(e.stderr) {
				opt.Progress = func(done, total int, name string) {
					fmt.Fprintf(e.stderr, "\rscenario %d of %d: %-24s", done+1, total, name)
				}
			}
			rs, err := coverage.Scenarios(cmd.Context(), opt)
			if isTerminal(e.stderr) {
				fmt.Fprintln(e.stderr)
			}
			if err != nil {
				return err
			}
			sum := coverage.Summarize(rs)
			if format == "json" {
				return write(e.stdout, "json", nil, struct {
					Scenarios []coverage.ScenarioResult
					Summary   coverage.ScenarioSummary
				}{rs, sum})
			}
			return writeScenarios(e, rs, sum, byList)
		}),
	}
	f := cmd.Flags()
	f.BoolVar(&large, "large", false, "run the large scenarios (415k and 1M records) instead of the catalogue")
	f.BoolVar(&list, "list", false, "list the scenarios and stop")
	f.BoolVar(&byList, "by-list", false, "also print, per scenario and pair of lists, the share of true pairs blocked and linked")
	f.StringVar(&only, "only", "", "comma-separated scenario names to run (from the catalogue or the large ones)")
	f.Uint64Var(&opt.Seed, "seed", 1, "generator seed")
	f.StringVar(&methods, "method", "loglinear,stepwise,lcmcr", "comma-separated methods: loglinear, stepwise, lcmcr; empty: none")
	setChoices(cmd, "method", true, string(reckon.MethodLogLinear), string(reckon.MethodStepwise), string(reckon.MethodLCMCR))
	f.IntVar(&opt.Stepwise.Bootstrap, "bootstrap", 200, "BCa replicates of stepwise")
	f.IntVar(&draws, "draws", 0, "also estimate over this many linkages drawn from the match probabilities, as reckon estimate does (the combined interval); 0: none")
	addLCMCRFlags(cmd, &opt.LCMCR)
	addFormatFlag(cmd, &format, "text", "text", "json")
	return cmd
}

func writeScenarios(e *env, rs []coverage.ScenarioResult, sum coverage.ScenarioSummary, byList bool) error {
	var methods []string
	for _, r := range rs {
		for m := range r.Estimates {
			if !slices.Contains(methods, m) {
				methods = append(methods, m)
			}
		}
	}
	slices.Sort(methods)
	header := []string{"scenario", "records", "shared names", "p", "r", "f1", "b3 f1", "blocking", "ece", "exp/true", "minimum", "observed", "min err"}
	for _, m := range methods {
		header = append(header, m)
	}
	header = append(header, "N", "link s", "peak MiB")
	t := &table{header: header}
	for _, r := range rs {
		if r.Err != "" {
			t.add(r.Name, r.Records, "error: "+r.Err)
			continue
		}
		row := []any{r.Name, r.Records, fmt.Sprintf("%.0f%%", 100*r.SharedNames), fmt.Sprintf("%.3f", r.Pairwise.Precision), fmt.Sprintf("%.3f", r.Pairwise.Recall),
			fmt.Sprintf("%.3f", r.Pairwise.F1), fmt.Sprintf("%.3f", r.BCubed.F1), fmt.Sprintf("%.3f", r.BlockingRecall),
			fmt.Sprintf("%.3f", r.ECE), fmt.Sprintf("%.2f", r.ExpectedMatches/max(float64(r.CandidateMatches), 1)), r.Persons, r.Observed, fmt.Sprintf("%+.1f%%", 100*r.MinimumError)}
		for _, m := range methods {
			iv, ok := r.Estimates[m]
			switch {
			case !ok:
				row = append(row, "")
			case iv.Err != "":
				row = append(row, "failed")
			default:
				mark := "✗"
				if iv.Covers(r.N) {
					mark = "✓"
				}
				row = append(row, fmt.Sprintf("%s %s [%s–%s]", mark, fmtN(iv.NHat), fmtN(iv.Lower), fmtN(iv.Upper)))
			}
		}
		row = append(row, r.N, fmt.Sprintf("%.1f", r.LinkTime.Seconds()), fmt.Sprintf("%.0f", float64(r.LinkPeakBytes)/(1<<20)))
		t.add(row...)
	}
	if err := t.writeText(e.stdout); err != nil {
		return err
	}
	if byList {
		lt := &table{header: []string{"scenario", "lists", "true pairs", "blocked", "linked"}}
		for _, r := range rs {
			for _, lp := range r.ByListPair {
				lt.add(r.Name, lp.A+"–"+lp.B, lp.TruePairs, fmt.Sprintf("%.3f", lp.Blocked), fmt.Sprintf("%.3f", lp.Linked))
			}
		}
		e.printf("\n")
		if err := lt.writeText(e.stdout); err != nil {
			return err
		}
	}
	ok := sum.Scenarios - sum.Failed
	e.printf("\n%d scenarios (%d failed): pairwise F1 at its bar (0.92; 0.85 from 100,000 records) in %d of %d; mean F1 %.3f, mean blocking recall %.3f, mean ECE %.3f, mean exp/true %.2f\n",
		sum.Scenarios, sum.Failed, sum.F1Met, ok, sum.MeanF1, sum.MeanBlocking, sum.MeanECE, sum.MeanExpectedRatio)
	e.printf("documented minimum within 3%% of the observed persons in %d of %d scenarios with dates\n", sum.MinimumMet, sum.Dated)
	for _, m := range methods {
		target := "the true N"
		if m == "minimum over linkage" {
			target = "the persons observed"
		}
		e.printf("%s: 95%% interval covers %s in %d of %d (%.0f%%)\n", m, target, sum.Covered[m], ok, 100*sum.Coverage[m])
	}
	return nil
}

func newScenarioCmd(e *env) *cobra.Command {
	var seed uint64
	var out string
	cmd := &cobra.Command{
		Use:   "scenario NAME --out DIR [--seed 1]",
		Short: "write one generated scenario's lists as record CSVs, with its truth",
		Long: `scenario writes the lists of the named scenario (see reckon synth scenarios
--list) into DIR: one record CSV per list (LIST.csv), truth.csv
(record_id,list,person_id, record ids unique across lists) and
population.txt (the true N and the persons observed on any list), so that
reckon link, reckon link eval and reckon import can be tried end to end.
Dates that the source wrote malformed are written as they are; a value no
date can hold ("late 2024") is in the column death_date_as_written or
birth_date_as_written.`,
		Example: "  reckon synth scenario noise-3 --seed 2 --out scenario/\n  reckon link scenario/[!t]*.csv > pred.csv && reckon link eval --truth scenario/truth.csv pred.csv",
		Args:    cobra.ExactArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ss, err := findScenarios(args)
			if err != nil {
				return err
			}
			d, err := scenario.Generate(ss[0], seed)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			if err := writeScenarioDir(out, d); err != nil {
				return err
			}
			e.printf("wrote %d records in %d lists (%d persons observed of a true %d) to %s\n", len(d.Records), len(d.Names), d.Observed, d.N, out)
			return nil
		}),
	}
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed")
	cmd.Flags().StringVar(&out, "out", "", "output `folder` (required)")
	cmd.MarkFlagRequired("out")
	return cmd
}

// writeScenarioDir writes the lists of d into dir, each file written
// beside its place and renamed into it.
func writeScenarioDir(dir string, d *scenario.Lists) error {
	byList := map[string][]*reckon.Record{}
	attrs := map[string][]string{}
	for i := range d.Records {
		r := &d.Records[i]
		byList[r.List] = append(byList[r.List], r)
		for a := range r.Attributes {
			if !slices.Contains(attrs[r.List], a) {
				attrs[r.List] = append(attrs[r.List], a)
			}
		}
	}
	for _, name := range d.Names {
		as := attrs[name]
		slices.Sort(as)
		if err := writeFileAtomic(filepath.Join(dir, name+".csv"), func(w io.Writer) error {
			return listcsv.Write(w, byList[name], as...)
		}); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(filepath.Join(dir, "truth.csv"), func(w io.Writer) error {
		cw := csvout.NewWriter(w, csvout.Raw) // read back by link evaluations
		cw.Write([]string{"record_id", "list", "person_id"})
		for _, r := range d.Records {
			cw.Write([]string{r.RecordID, r.List, d.Truth[r.List+"/"+r.RecordID]})
		}
		cw.Flush()
		return cw.Error()
	}); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, "population.txt"), func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "%d\nobserved %d\n", d.N, d.Observed)
		return err
	})
}

func writeFileAtomic(path string, fill func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	bw := bufio.NewWriter(f)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func newReviewSimCmd(e *env) *cobra.Command {
	var opt coverage.ReviewSimOptions
	var only, orders, estimator, format string
	var steps bool
	cmd := &cobra.Command{
		Use:   "review-sim [--only NAME,...] [--batch 25] [--max 1000] [--draws 20] [--method lcmcr] [--format text|json]",
		Short: "measure how many review decisions bring the total to the truth, by review order",
		Long: `review-sim measures what reviewing buys on generated scenarios whose truth is
known. For each scenario (default: baseline, gentle, lists-3, noise-2,
press-heavy and name-only) it links the records with the default
configuration, then lets a simulated reviewer who answers from the truth
(same person or not) decide the pairs of the review band, --batch at a time,
relinking with all decisions so far after each batch as reckon link does.
Before the first decision and after each batch it estimates the total with
--method: the estimate on the linkage, and the combined 95% interval over
--draws linkages drawn from the match probabilities, as reckon estimate
reports it. A run stops when the combined interval covers the true N and the
estimate is within 5% of it, after --max decisions, or when no pair is left
in the review band.

It compares review orders, each from the same first linkage:
  impact     the review queue of reckon review: the pair whose decision is
             expected to move the total most first (--estimator)
  random     pairs of the review band at random: no order at all
  uncertain  the pairs whose match probability is closest to 0.5 first

Per scenario and order it prints the decisions after which the combined
interval first covered N, the estimate first came within 5%, and both held
("not reached within N" if they did not), the decisions that said otherwise
than the linkage ("changed"), the documented minimum and the pairwise F1 of
the linkage before and after, the estimate and combined interval before and
after (✓: the interval covers N), and the time taken; --steps adds
one line per batch: decisions, documented minimum, estimate, combined
interval, covers, within 5%. Each batch relinks and runs the method on every
draw: with LCMCR and 20 draws, several seconds per batch.`,
		Example: "  reckon synth review-sim --only baseline,lists-3 --method loglinear\n  reckon synth review-sim --only gentle --batch 50 --max 500 --steps",
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			names := []string{"baseline", "gentle", "lists-3", "noise-2", "press-heavy", "name-only"}
			if only != "" {
				names = strings.Split(only, ",")
			}
			ss, err := findScenarios(names)
			if err != nil {
				return err
			}
			opt.Orders = nil
			for _, o := range strings.Split(orders, ",") {
				if o = strings.TrimSpace(o); o != "" {
					opt.Orders = append(opt.Orders, o)
				}
			}
			if len(opt.Orders) == 0 {
				return usagef("--orders is empty: name impact, random or uncertain")
			}
			if opt.Estimator, err = pipeline.ParseReviewEstimator(estimator); err != nil {
				return err
			}
			if opt.Batch < 1 || opt.MaxDecisions < 1 || opt.Draws < 1 {
				return usagef("--batch %d, --max %d, --draws %d: each must be at least 1", opt.Batch, opt.MaxDecisions, opt.Draws)
			}
			var rs []*coverage.ReviewSimResult
			for _, s := range ss {
				if isTerminal(e.stderr) {
					name := s.Name
					opt.Progress = func(order string, decisions int) {
						fmt.Fprintf(e.stderr, "\r%-20s %-9s %5d decisions", name, order, decisions)
					}
				}
				r, err := coverage.ReviewSimulation(cmd.Context(), s, opt)
				if isTerminal(e.stderr) {
					fmt.Fprintln(e.stderr)
				}
				if err != nil {
					return err
				}
				rs = append(rs, r)
			}
			if format == "json" {
				return write(e.stdout, "json", nil, rs)
			}
			return writeReviewSim(e, rs, steps)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&only, "only", "", "comma-separated scenario names (default baseline,gentle,lists-3,noise-2,press-heavy,name-only)")
	f.Uint64Var(&opt.Seed, "seed", 1, "generator and linkage seed")
	f.IntVar(&opt.Batch, "batch", 25, "decisions between two relinks")
	f.IntVar(&opt.MaxDecisions, "max", 1000, "at most this many decisions per scenario and order")
	f.IntVar(&opt.Draws, "draws", pipeline.DefaultLinkageDraws, "linkages drawn for the combined interval")
	f.StringVar(&opt.Method, "method", "lcmcr", "estimation method: lcmcr, stepwise or loglinear")
	f.StringVar(&orders, "orders", "impact,random", "comma-separated review orders: impact, random, uncertain")
	f.StringVar(&estimator, "estimator", "independence", "estimate whose expected change orders the impact queue: independence or loglinear")
	f.BoolVar(&steps, "steps", false, "also print the state after each batch")
	setChoices(cmd, "method", false, string(reckon.MethodLCMCR), string(reckon.MethodStepwise), string(reckon.MethodLogLinear))
	setChoices(cmd, "orders", true, "impact", "random", "uncertain")
	setChoices(cmd, "estimator", false, "independence", "loglinear")
	f.IntVar(&opt.Stepwise.Bootstrap, "bootstrap", 200, "BCa replicates of stepwise")
	addLCMCRFlags(cmd, &opt.LCMCR)
	addFormatFlag(cmd, &format, "text", "text", "json")
	return cmd
}

// writeReviewSim prints per scenario and order the decisions to reach
// each goal, and with steps the state after each batch.
func writeReviewSim(e *env, rs []*coverage.ReviewSimResult, steps bool) error {
	reached := func(d int, run coverage.ReviewRun) string {
		if d >= 0 {
			return fmt.Sprint(d)
		}
		if run.Stop == "queue empty" {
			return fmt.Sprintf("not reached (band empty after %d)", run.Decisions)
		}
		return fmt.Sprintf("not reached within %d", run.Decisions)
	}
	t := &table{header: []string{"scenario", "N", "observed", "method", "band", "order", "to cover", "to 5%", "to both", "decisions", "same", "changed", "minimum", "f1", "start", "end", "time"}}
	for _, r := range rs {
		for _, run := range r.Runs {
			first, last := run.Steps[0], run.Steps[len(run.Steps)-1]
			t.add(r.Scenario, r.N, r.Observed, r.Method, r.Band, run.Order, reached(run.ToCover, run), reached(run.ToWithin, run), reached(run.ToBoth, run),
				run.Decisions, run.Same, last.Changed, fmt.Sprintf("%d→%d", first.Minimum, last.Minimum),
				fmt.Sprintf("%.3f→%.3f", first.PairwiseF1, last.PairwiseF1), fmtStep(first), fmtStep(last), run.Time.Round(100*time.Millisecond))
		}
	}
	if err := t.writeText(e.stdout); err != nil {
		return err
	}
	if !steps {
		return nil
	}
	st := &table{header: []string{"scenario", "order", "decisions", "changed", "band", "minimum", "minimum range", "f1", "estimate", "combined", "covers", "within 5%", "time"}}
	yes := map[bool]string{true: "yes", false: "no"}
	for _, r := range rs {
		for _, run := range r.Runs {
			for _, s := range run.Steps {
				st.add(r.Scenario, run.Order, s.Decisions, s.Changed, s.Band, s.Minimum, fmtInterval(s.MinimumRange), fmt.Sprintf("%.3f", s.PairwiseF1),
					fmtInterval(s.Estimate), fmtInterval(s.Combined), yes[s.Covers], yes[s.Within], s.Time.Round(100*time.Millisecond))
			}
		}
	}
	e.printf("\n")
	return st.writeText(e.stdout)
}

// fmtStep shows a step's estimate and combined interval, marked ✓ when
// the interval covers the truth.
func fmtStep(s coverage.ReviewStep) string {
	mark := "✗"
	if s.Covers {
		mark = "✓"
	}
	return fmt.Sprintf("%s %s %s", mark, fmtN(s.Estimate.NHat), fmtInterval(s.Combined))
}

func fmtInterval(iv coverage.Interval) string {
	if iv.Err != "" {
		return "failed"
	}
	return fmt.Sprintf("%s [%s–%s]", fmtN(iv.NHat), fmtN(iv.Lower), fmtN(iv.Upper))
}
