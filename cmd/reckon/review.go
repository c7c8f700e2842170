package main

import (
	"bufio"
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
)

func newReviewCmd(e *env) *cobra.Command {
	var lo, hi float64
	var limit int
	cmd := &cobra.Command{
		Use:   "review [--limit 50]",
		Short: "decide uncertain pairs of records in the terminal: same person or not",
		Long: `review shows the pairs of records that the linkage model is least sure about,
side by side, one at a time, and asks: the same person? Answer

  y  yes, the same person      n  no, different persons
  s  skip this pair            u  undo the last decision
  q  quit

Decisions are kept with who made them and when, and every later reckon link
respects them. Run reckon link after reviewing to apply them.`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := e.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			return review(ctx, e, s, lo, hi, limit)
		}),
	}
	cmd.Flags().Float64Var(&lo, "min", 0.1, "least match probability of a pair to review")
	cmd.Flags().Float64Var(&hi, "max", 0.9, "greatest match probability of a pair to review")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many pairs")
	return cmd
}

func review(ctx context.Context, e *env, s reckon.Store, lo, hi float64, limit int) error {
	decided := map[[2]reckon.RecordKey]bool{}
	ds, err := s.Decisions(ctx)
	if err != nil {
		return err
	}
	for _, d := range ds {
		decided[[2]reckon.RecordKey{d.A, d.B}] = true
	}
	ms, err := s.Matches(ctx, lo, hi, limit+len(ds))
	if err != nil {
		return err
	}
	recs := map[int64]*reckon.Record{}
	record := func(id int64) (*reckon.Record, error) {
		if r, ok := recs[id]; ok {
			return r, nil
		}
		rs, err := s.Records(ctx, reckon.RecordFilter{AfterID: id - 1, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(rs) == 0 || rs[0].ID != id {
			return nil, reckon.Errorf(reckon.ENOTFOUND, "record %d not found", id)
		}
		recs[id] = rs[0]
		return rs[0], nil
	}
	type pair struct {
		a, b *reckon.Record
		m    reckon.Match
	}
	var queue []pair
	for _, m := range ms {
		a, err := record(m.A)
		if err != nil {
			return err
		}
		b, err := record(m.B)
		if err != nil {
			return err
		}
		k := [2]reckon.RecordKey{a.Key(), b.Key()}
		if b.Key().Less(a.Key()) {
			k = [2]reckon.RecordKey{b.Key(), a.Key()}
		}
		if decided[k] {
			continue
		}
		queue = append(queue, pair{a, b, m})
		if len(queue) == limit {
			break
		}
	}
	if len(queue) == 0 {
		e.printf("nothing to review: no undecided pair has a match probability in [%g, %g] (run reckon link first?)\n", lo, hi)
		return nil
	}
	in := bufio.NewScanner(e.stdin)
	var made []*reckon.Decision
	for i := 0; i < len(queue); i++ {
		p := queue[i]
		e.printf("\npair %d of %d: match probability %.2f, weight %+.1f bits\n", i+1, len(queue), p.m.Probability, p.m.Weight)
		sideBySide(e, p.a, p.b)
		e.printf("same person? [y]es [n]o [s]kip [u]ndo [q]uit: ")
		if !in.Scan() {
			e.printf("\n")
			break
		}
		switch strings.ToLower(strings.TrimSpace(in.Text())) {
		case "y", "yes", "n", "no":
			d := &reckon.Decision{A: p.a.Key(), B: p.b.Key(), Same: strings.HasPrefix(strings.ToLower(in.Text()), "y"), By: e.who()}
			if err := s.AddDecision(ctx, d); err != nil {
				return err
			}
			made = append(made, d)
		case "s", "skip", "":
		case "u", "undo":
			if len(made) == 0 {
				e.printf("nothing to undo\n")
				i--
				continue
			}
			last := made[len(made)-1]
			if err := s.UndoDecision(ctx, last.ID); err != nil {
				return err
			}
			made = made[:len(made)-1]
			e.printf("undid the decision on %s and %s\n", last.A, last.B)
			i -= 2 // show the undone pair again
			if i < -1 {
				i = -1
			}
		case "q", "quit":
			i = len(queue)
		default:
			e.printf("answer y, n, s, u or q\n")
			i--
		}
	}
	e.printf("%d decisions recorded; run reckon link to apply them\n", len(made))
	return nil
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
