package main

import (
	"os"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
)

func newLinkExplainCmd(e *env) *cobra.Command {
	var config, format string
	var seed uint64
	cmd := &cobra.Command{
		Use:   "explain REC_A REC_B",
		Short: "show, field by field, why two records do or do not match",
		Long: `explain refits the linkage model on the workspace's records (as reckon link
does, with the same seed and settings) and accounts for the match weight of two
records like a waterfall: the prior, then each field's level of agreement, its
m- and u-probabilities (or the frequency of the name, for common names), its
weight in bits and the running total, ending at the match probability.

Records are named list/record_id, or by record_id alone when it is unique.`,
		Example: "  reckon link explain kcna/kcna-00012 captured/captured-00034",
		Args:    cobra.ExactArgs(2),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			var cfg linkage.Config
			if config != "" {
				b, err := os.ReadFile(config)
				if err != nil {
					return err
				}
				if _, err := toml.Decode(string(b), &cfg); err != nil {
					return reckon.Errorf(reckon.EINVALID, "%s: %v", config, err)
				}
			}
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				ptrs, err := s.Records(ctx, reckon.RecordFilter{})
				if err != nil {
					return err
				}
				recs := make([]reckon.Record, len(ptrs))
				for i, r := range ptrs {
					recs[i] = *r
				}
				idx := [2]int{-1, -1}
				for k, name := range args {
					for i, r := range recs {
						if r.Key().String() == name || (!strings.Contains(name, "/") && r.RecordID == name) {
							if idx[k] >= 0 {
								return reckon.Errorf(reckon.EINVALID, "record id %q is in several lists: name it as list/record_id", name)
							}
							idx[k] = i
						}
					}
					if idx[k] < 0 {
						return reckon.Errorf(reckon.ENOTFOUND, "record %s not found", name)
					}
				}
				ds, err := s.Decisions(ctx)
				if err != nil {
					return err
				}
				decisions := make([]linkage.Decision, len(ds))
				for i, d := range ds {
					decisions[i] = linkage.Decision{A: d.A.String(), B: d.B.String(), Same: d.Same}
				}
				res, err := linkage.Link(recs, decisions, cfg, linkage.Options{Rand: linkRand(seed)})
				if err != nil {
					return err
				}
				x := res.Explain(idx[0], idx[1])
				if format == "json" {
					return write(e.stdout, "json", nil, x)
				}
				a, b := recs[idx[0]], recs[idx[1]]
				e.printf("%s  %s\n%s  %s\n\n%s\n", a.Key(), recordLabel(&a), b.Key(), recordLabel(&b), x.String())
				same := res.PersonOf[idx[0]] == res.PersonOf[idx[1]]
				if same {
					e.printf("linked: the same person\n")
				} else if apart := res.Apart(idx[0], idx[1]); len(apart) > 0 {
					e.printf("not linked: kept apart by decisions:\n")
					for _, d := range apart {
						e.printf("  %s ≠ %s (decided not the same person)\n", d.A, d.B)
					}
					if x.Probability >= 0.5 {
						e.printf("the model links them at %.4f: if they are the same person, decide these pairs again with reckon review\n", x.Probability)
					}
				} else {
					e.printf("not linked: different persons\n")
				}
				return nil
			})
		}),
	}
	cmd.Flags().StringVar(&config, "config", "", "linkage settings `file` (TOML), as given to reckon link")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed, as given to reckon link")
	addFormatFlag(cmd, &format, "table", "table", "json")
	return cmd
}

func recordLabel(r *reckon.Record) string {
	parts := []string{r.DisplayName()}
	if !r.BirthDate.IsZero() {
		parts = append(parts, "born "+r.BirthDate.String())
	}
	if !r.DeathDate.IsZero() {
		parts = append(parts, "died "+r.DeathDate.String())
	}
	if r.Unit != "" {
		parts = append(parts, r.Unit)
	}
	return strings.Join(parts, ", ")
}
