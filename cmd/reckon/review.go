package main

import (
	"bufio"
	"context"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
)

func newReviewCmd(e *env) *cobra.Command {
	var lo, hi float64
	var limit int
	var config, estimator string
	var seed uint64
	var relink bool
	cmd := &cobra.Command{
		Use:   "review [--limit 50]",
		Short: "decide uncertain pairs of records in the terminal: same person or not",
		Long: `review shows the pairs of records that the linkage model is unsure about,
side by side, one at a time, and asks: the same person? Answer

  y  yes, the same person      n  no, different persons
  s  skip this pair            u  undo the last decision
  q  quit

The pairs come in the order of how much a decision is expected to move the
total: for each pair, the probability that the answer changes whether the two
records are one person, times the change that this would make to the
documented minimum and to a fast estimate of the total (--estimator:
independence, the log-linear model of independent lists, or loglinear, the
hierarchical log-linear model best by BIC) computed on the capture histories
of the persons as they are now. Each pair shows that expected change.

review links the workspace in memory first (with --config and --seed as given
to reckon link). After each answer the persons, the capture histories, the
minimum, the estimate and the order of the queue are updated in memory
without linking again: a "same" joins two persons, a "not same" splits one in
two. The model's probabilities are not refitted; decisions are kept with who
made them and when, and reckon link applies them all (--relink runs it when
you quit).`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			est, err := pipeline.ParseReviewEstimator(estimator)
			if err != nil {
				return err
			}
			lc, cfgText, err := readLinkConfig(config)
			if err != nil {
				return err
			}
			cfg := lc.Config
			linkCfg := cfg
			if !(lo >= 0 && hi <= 1 && lo <= hi) {
				return usagef("--min %g and --max %g: want 0 <= min <= max <= 1", lo, hi)
			}
			// linkage reads a zero bound as its default.
			cfg.ReviewLow, cfg.ReviewHigh, cfg.ReviewLimit = max(lo, 1e-12), hi, -1
			return e.useStore(cmd, func(s reckon.Store) error {
				opts := linkage.Options{Rand: linkRand(seed)}
				made, err := review(ctx, e, s, cfg, opts, pipeline.ReviewOptions{Estimator: est}, limit)
				if err != nil || !relink || made == 0 {
					return err
				}
				start := time.Now()
				run, res, err := pipeline.Link(ctx, s, linkCfg, cfgText, linkage.Options{Rand: linkRand(seed)})
				if err != nil {
					return err
				}
				e.printf("linked %d records into %d persons in %s: %d decisions applied\n", run.Records, run.Persons, time.Since(start).Round(time.Millisecond), res.Stats.Decisions)
				warnLink(e, res)
				return nil
			})
		}),
	}
	cmd.Flags().Float64Var(&lo, "min", 0.1, "least match probability of a pair to review")
	cmd.Flags().Float64Var(&hi, "max", 0.9, "greatest match probability of a pair to review")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many pairs")
	cmd.Flags().StringVar(&config, "config", "", "linkage settings `file` (TOML), as for reckon link")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the linkage, as for reckon link")
	cmd.Flags().BoolVar(&relink, "relink", false, "link the workspace again when you quit, applying the decisions, as reckon link does")
	cmd.Flags().StringVar(&estimator, "estimator", "independence", "estimate whose expected change orders the pairs: independence or loglinear")
	return cmd
}

// review asks about the pairs of the queue and returns how many
// decisions were recorded.
func review(ctx context.Context, e *env, s reckon.Store, cfg linkage.Config, opts linkage.Options, ropt pipeline.ReviewOptions, limit int) (int, error) {
	runs, err := s.LinkRuns(ctx)
	if err != nil {
		return 0, err
	}
	if len(runs) == 0 {
		e.printf("nothing to review: the workspace has not been linked (run reckon link first)\n")
		return 0, nil
	}
	rv, recs, res, err := pipeline.WorkspaceReview(ctx, s, cfg, opts, ropt)
	if err != nil {
		return 0, err
	}
	warnLink(e, res)
	for _, c := range res.Stats.Conflicts {
		e.printf("conflict: %s\n", c)
	}
	total := min(limit, len(rv.Queue()))
	if total == 0 {
		e.printf("nothing to review: no undecided pair has a match probability in [%g, %g]\n", cfg.ReviewLow, cfg.ReviewHigh)
		return 0, nil
	}
	minimum, estimate := rv.Minimum(), rv.Estimate()
	e.printf("%d pairs to review, by the expected change of the total; now: documented minimum %d, %s estimate %s\n",
		len(rv.Queue()), minimum, rv.Estimator(), formatN(estimate))
	in := bufio.NewScanner(e.stdin)
	type made struct {
		d    *reckon.Decision
		a, b int
	}
	var done []made
	skipped := map[[2]int]bool{}
	var again *pipeline.ReviewItem // an undone pair, shown next
	for shown := 0; shown < total; shown++ {
		var it pipeline.ReviewItem
		found := false
		if again != nil {
			it, found, again = *again, true, nil
		} else {
			for _, x := range rv.Queue() {
				if !skipped[[2]int{x.A, x.B}] {
					it, found = x, true
					break
				}
			}
		}
		if !found {
			break
		}
		a, b := recs[it.A], recs[it.B]
		state := "apart now"
		if rv.Linked(it.A, it.B) {
			state = "one person now"
		}
		e.printf("\npair %d of %d: match probability %.2f, weight %+.1f bits, %s\n", shown+1, total, it.Probability, it.Weight, state)
		e.printf("%s\n", it)
		sideBySide(e, a, b)
		e.printf("same person? [y]es [n]o [s]kip [u]ndo [q]uit: ")
		if !in.Scan() {
			e.printf("\n")
			break
		}
		switch strings.ToLower(strings.TrimSpace(in.Text())) {
		case "y", "yes", "n", "no":
			same := strings.HasPrefix(strings.ToLower(strings.TrimSpace(in.Text())), "y")
			d := &reckon.Decision{A: a.Key(), B: b.Key(), Same: same, By: e.who()}
			if err := s.AddDecision(ctx, d); err != nil {
				return 0, err
			}
			done = append(done, made{d, it.A, it.B})
			changed, err := rv.Decide(it.A, it.B, same)
			if err != nil {
				return 0, err
			}
			if changed {
				e.printf("now: documented minimum %d, %s estimate %s\n", rv.Minimum(), rv.Estimator(), formatN(rv.Estimate()))
			}
		case "s", "skip", "":
			skipped[[2]int{it.A, it.B}] = true
		case "u", "undo":
			if len(done) == 0 {
				e.printf("nothing to undo\n")
				shown--
				again = &it
				continue
			}
			last := done[len(done)-1]
			if err := s.UndoDecision(ctx, last.d.ID); err != nil {
				return 0, err
			}
			done = done[:len(done)-1]
			e.printf("undid the decision on %s and %s\n", last.d.A, last.d.B)
			// The queue has no undo: build it again from the linkage
			// and replay the decisions still in force.
			if rv, err = pipeline.NewReview(res, plain(recs), ropt); err != nil {
				return 0, err
			}
			for _, m := range done {
				if _, err := rv.Decide(m.a, m.b, m.d.Same); err != nil {
					return 0, err
				}
			}
			for _, x := range rv.Queue() {
				if x.A == last.a && x.B == last.b {
					again = &x
					break
				}
			}
			shown -= 2 // show the undone pair again
			if shown < -1 {
				shown = -1
			}
		case "q", "quit":
			shown = total
		default:
			e.printf("answer y, n, s, u or q\n")
			shown--
			again = &it
		}
	}
	if rv.Minimum() != minimum || len(done) > 0 {
		e.printf("in memory, with these decisions: documented minimum %d (was %d), %s estimate %s (was %s)\n",
			rv.Minimum(), minimum, rv.Estimator(), formatN(rv.Estimate()), formatN(estimate))
	}
	e.printf("%d decisions recorded; run reckon link to apply them\n", len(done))
	return len(done), nil
}

// formatN writes an estimate of a total, or says there is none.
func formatN(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "none (the lists share too few persons)"
	}
	return figure.Round(v)
}

// plain copies records out of their pointers.
func plain(ptrs []*reckon.Record) []reckon.Record {
	out := make([]reckon.Record, len(ptrs))
	for i, r := range ptrs {
		out[i] = *r
	}
	return out
}

// sideBySide prints two records field by field.
func sideBySide(e *env, a, b *reckon.Record) {
	t := &table{header: []string{"", a.Key().String(), b.Key().String()}, asIs: true}
	row := func(name, x, y string) {
		if x != "" || y != "" {
			mark := ""
			if x != y && x != "" && y != "" {
				mark = " ≠"
			}
			t.add(name+mark, x, y)
		}
	}
	row("name", a.Name, b.Name)
	row("family name", a.FamilyName, b.FamilyName)
	row("given name", a.GivenName, b.GivenName)
	row("sex", a.Sex, b.Sex)
	row("born", a.BirthDate.String(), b.BirthDate.String())
	row("died", a.DeathDate.String(), b.DeathDate.String())
	row("place of death", a.DeathPlace, b.DeathPlace)
	row("unit", a.Unit, b.Unit)
	row("rank", a.Rank, b.Rank)
	row("home town", a.HomeTown, b.HomeTown)
	t.writeText(e.stdout)

}
