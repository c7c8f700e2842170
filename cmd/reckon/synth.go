package main

import (
	"math/rand/v2"
	"os"

	"github.com/spf13/cobra"

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
		Example: "  reckon synth lists --n 3000 --lists 4 --seed 1 --out lists/",
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
	cmd.AddCommand(lists, newCoverageCmd(e))
	return cmd
}
