package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
)

func newMSECmd(e *env) *cobra.Command {
	var opt mse.Options
	var seed uint64
	var format string
	cmd := &cobra.Command{
		Use:   "mse FILE.csv [--method loglinear|stepwise|lcmcr|closedp|chao|dga|all] [--format json|table]",
		Short: "estimate a population's size from capture histories, without a workspace",
		Long: `mse reads capture histories (one 0/1 column per list, then count: how many were
seen by exactly those lists) and estimates how many no list saw, by
multiple systems estimation:

  loglinear  every hierarchical Poisson log-linear model up to the maximum
             order (3 for 4 lists, 2 for more), and Rcapture's heterogeneity
             models, ranked by AIC and BIC, with profile-likelihood intervals;
             from 7 lists on, too many to fit them all, a greedy search that
             says it is not exhaustive; and BCa bootstrap intervals that
             allow for the choice of model by BIC (Silverman, Chan and
             Vincent 2024), for the best model alone and for the
             BIC-weighted average of all models
  stepwise   stepwise selection of two-list interactions with checks that
             the estimate exists (Chan, Silverman and Vincent 2021), with a
             BCa bootstrap interval
  lcmcr      the Bayesian latent-class model of Manrique-Vallier (2016),
             several Gibbs chains in parallel, with R-hat and effective
             sample size
  closedp    Rcapture's closedp.t models on 2 to 30 lists: M0, Mt, Mh and
             Mth (Chao, Poisson2, Darroch, Gamma3.5 heterogeneity), Mb, Mbh,
             with AIC, BIC and profile-likelihood intervals
  chao       lower bounds that need no model, for when none fits: Chao's
             lower bound and Chao and Tsay's sample-coverage estimator, on
             any number of lists
  dga        Bayesian model averaging over the decomposable graphical
             models of the lists (Madigan and York 1997; the dga package's
             priors): every graph for up to 5 lists, sampled by MC3 beyond
             (an approximation, said so), with the most probable graphs

all runs every method that can run on the table and says why any cannot.

The methods answer differently because they assume differently; read them
side by side. The same seed gives the same answer. --format json prints one
JSON object, the machine contract.`,
		Example: `  reckon mse mse/testdata/kosovo.csv --method all --format json
  reckon mse mse/testdata/korea_3lists.csv --method lcmcr --seed 7 --samples 2000`,
		Args: cobra.ExactArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "table" {
				return reckon.Errorf(reckon.EINVALID, "unknown format %q (want json or table)", format)
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			t, err := mse.ReadCSV(bufio.NewReader(f))
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			opt.Stepwise.Seed, opt.LCMCR.Seed, opt.LowerBound.Seed, opt.DGA.Seed, opt.Selection.Seed = seed, seed, seed, seed, seed
			res, err := mse.Estimate(t, opt)
			if err != nil {
				return err
			}
			if format == "json" {
				return write(e.stdout, "json", nil, res)
			}
			return writeMSETable(e, res)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&opt.Method, "method", "all", "loglinear, stepwise, lcmcr, closedp, chao, dga or all")
	f.Uint64Var(&seed, "seed", 1, "seed of the bootstrap, the Gibbs chains and dga's MC3")
	f.IntVar(&opt.LogLinear.MaxOrder, "max-order", 0, "highest interaction order of log-linear models (default 3 for up to 4 lists, 2 for more)")
	f.IntVar(&opt.Stepwise.Bootstrap, "bootstrap", 0, "BCa bootstrap replicates of stepwise (default 1,000; negative: none)")
	f.IntVar(&opt.Selection.Bootstrap, "selection-bootstrap", 0, "bootstrap replicates of the log-linear interval allowing for model selection (default 1,000; negative: none)")
	f.IntVar(&opt.Models, "models", 0, "log-linear models listed, best by BIC first (default: all up to 1,024, else 100)")
	setChoices(cmd, "method", false, append(estimateMethods, "all")...)
	addLCMCRFlags(cmd, &opt.LCMCR)
	addDGAFlags(cmd, &opt.DGA)
	addFormatFlag(cmd, &format, "table", "table", "json")
	return cmd
}

func fp(p *float64) string {
	if p == nil {
		return "–"
	}
	return fmtN(*p)
}

func fdec(p *float64) string {
	if p == nil {
		return "–"
	}
	return fmt.Sprintf("%.3f", *p)
}

func writeMSETable(e *env, r *mse.Result) error {
	e.printf("%d observed on %d lists: %s\n\n", r.Observed, len(r.Lists), strings.Join(r.Lists, ", "))
	t := &table{header: []string{"method", "model", "estimate", "95% lower", "95% upper", "interval"}}
	if ll := r.LogLinear; ll != nil {
		for _, b := range []struct {
			name string
			m    *mse.ModelJSON
		}{{"log-linear, best BIC", ll.BestBIC}, {"log-linear, best AIC", ll.BestAIC}} {
			if b.m != nil {
				up := fp(b.m.Upper)
				if b.m.UpperGT {
					up = "> " + up
				}
				t.add(b.name, b.m.Name, fp(b.m.NHat), fp(b.m.Lower), up, "profile likelihood")
			}
		}
	}
	if ms := r.ModelSelection; ms != nil && ms.NHat != nil {
		t.add("log-linear, allowing for selection", fmt.Sprintf("BIC over %d models", ms.Models), fp(ms.NHat), fp(ms.Lower), fp(ms.Upper),
			fmt.Sprintf("BCa, selection redone in %d replicates", ms.Bootstrap))
		t.add("log-linear, best model alone", ms.Best, fp(ms.NHat), fp(ms.FixedLower), fp(ms.FixedUpper), "BCa, model taken as known")
		t.add("log-linear, BIC-averaged", fmt.Sprintf("%d models", ms.Models), fp(ms.Averaged), fp(ms.AveragedLower), fp(ms.AveragedUpper), "BCa, weights redone in each replicate")
	}
	if s := r.Stepwise; s != nil {
		t.add("stepwise", strings.Join(s.Terms, " "), fp(s.NHat), fp(s.Lower), fp(s.Upper), s.Interval)
	}
	if l := r.LCMCR; l != nil {
		t.add("lcmcr", "latent classes", fmtN(l.Median), fmtN(l.Lower), fmtN(l.Upper), fmt.Sprintf("posterior, R-hat %s, ESS %s", fdec(l.RHat), fp(l.ESS)))
	}
	if c := r.Closedp; c != nil {
		for _, b := range []struct {
			name string
			m    *mse.ClosedpModelJSON
		}{{"closedp, best BIC", c.BestBIC}, {"closedp, best AIC", c.BestAIC}} {
			if b.m != nil {
				lo, up, how := fp(b.m.Lower), fp(b.m.Upper), "profile likelihood"
				if b.m.UpperGT {
					up = "> " + up
				}
				if b.m.Lower == nil {
					how = "none (behavioural model)"
				}
				t.add(b.name, b.m.Name, fp(b.m.NHat), lo, up, how)
			}
		}
	}
	if c := r.Chao; c != nil {
		lb := c.LowerBound
		t.add("chao", "lower bound (Chao 1987)", fmtN(lb.NHat), fmtN(lb.Lower), fmtN(lb.Upper), "log-transformed; a lower bound")
		sc := c.SampleCoverage
		if sc.N1 != nil {
			t.add("chao", "sample coverage N1 (Chao and Tsay 1998)", fp(sc.N1), fp(sc.Lower), fp(sc.Upper), fmt.Sprintf("bootstrap, log-transformed; coverage %s", fdec(sc.Coverage)))
		}
	}
	if d := r.DGA; d != nil {
		top := "–"
		if len(d.Graphs) > 0 {
			top = fmt.Sprintf("%s %.3f", d.Graphs[0].Name, d.Graphs[0].Weight)
		}
		how := fmt.Sprintf("posterior over all %d decomposable graphs", d.GraphsTotal)
		if !d.Exhaustive {
			how = fmt.Sprintf("posterior over %d decomposable graphs MC3 visited (approximate)", d.GraphsTotal)
		}
		t.add("dga", top, fmtN(d.Median), fmtN(d.Lower), fmtN(d.Upper), how)
	}
	if err := t.writeText(e.stdout); err != nil {
		return err
	}
	for _, m := range reckon.Methods[1:] {
		if why, ok := r.Skipped[string(m)]; ok {
			e.printf("not run: %s: %s\n", m, why)
		}
	}
	if ll := r.LogLinear; ll != nil && len(ll.Models) > 0 {
		e.printf("\nlog-linear models, best by BIC (%d of %d):\n", min(len(ll.Models), 10), ll.ModelsTotal)
		mt := &table{header: []string{"model", "estimate", "lower", "upper", "aic", "bic", "df", "usable"}}
		for _, m := range ll.Models[:min(len(ll.Models), 10)] {
			mt.add(m.Name, fp(m.NHat), fp(m.Lower), fp(m.Upper), fmt.Sprintf("%.2f", m.AIC), fmt.Sprintf("%.2f", m.BIC), m.DF, m.Usable)
		}
		mt.writeText(e.stdout)
	}
	if d := r.DGA; d != nil && len(d.Graphs) > 0 {
		e.printf("\ndga: most probable decomposable graphs (%d of %d):\n", min(len(d.Graphs), 5), d.GraphsTotal)
		gt := &table{header: []string{"graph", "cliques", "probability"}}
		for _, g := range d.Graphs[:min(len(d.Graphs), 5)] {
			gt.add(g.Name, strings.Join(g.Cliques, " "), fmt.Sprintf("%.3f", g.Weight))
		}
		gt.writeText(e.stdout)
	}
	for _, w := range r.Warnings {
		e.printf("warning: %s\n", w)
	}
	if c := r.Chao; c != nil {
		for _, w := range c.Warnings {
			e.printf("warning (chao): %s\n", w)
		}
	}
	if d := r.DGA; d != nil {
		for _, w := range d.Warnings {
			e.printf("warning (dga): %s\n", w)
		}
	}
	if l := r.LCMCR; l != nil {
		for _, w := range l.Warnings {
			e.printf("warning (lcmcr): %s\n", w)
		}
	}
	return nil
}
