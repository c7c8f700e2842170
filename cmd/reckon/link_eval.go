package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
)

func newLinkEvalCmd(e *env) *cobra.Command {
	var truth, format string
	cmd := &cobra.Command{
		Use:   "eval --truth TRUTH.csv PRED.csv",
		Short: "score a linkage against the truth: pairwise, cluster and B-cubed precision, recall and F1",
		Long: `eval compares a predicted clustering (a CSV with record_id and person_id columns,
such as reckon link writes) with the truth (the same columns, such as
reckon synth lists writes in truth.csv). Pairwise scores count pairs of
records put in one person; cluster scores count persons found exactly;
B-cubed scores average over records.`,
		Example: "  reckon link lists/[!t]*.csv > pred.csv && reckon link eval --truth lists/truth.csv pred.csv",
		Args:    cobra.ExactArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			t, err := readClustering(truth)
			if err != nil {
				return err
			}
			p, err := readClustering(args[0])
			if err != nil {
				return err
			}
			ev := linkage.Evaluate(t, p)
			if format == "json" {
				return write(e.stdout, "json", nil, ev)
			}
			tb := &table{header: []string{"score", "precision", "recall", "f1"}}
			for _, s := range []struct {
				name string
				s    linkage.Scores
			}{{"pairwise", ev.Pairwise}, {"cluster", ev.Cluster}, {"b-cubed", ev.BCubed}} {
				tb.add(s.name, fmt.Sprintf("%.4f", s.s.Precision), fmt.Sprintf("%.4f", s.s.Recall), fmt.Sprintf("%.4f", s.s.F1))
			}
			if err := tb.writeText(e.stdout); err != nil {
				return err
			}
			e.printf("%d records; %d true persons, %d predicted; %d true pairs, %d predicted, %d right\n",
				ev.Records, ev.TruePersons, ev.PredictedPersons, ev.TruePairs, ev.PredictedPairs, ev.GoodPairs)
			return nil
		}),
	}
	cmd.Flags().StringVar(&truth, "truth", "", "the true clustering (CSV with record_id,person_id) (required)")
	cmd.MarkFlagRequired("truth")
	addFormatFlag(cmd, &format, "table", "table", "json")
	return cmd
}

// readClustering reads record_id → person_id from a CSV with those columns.
func readClustering(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s line 1: %w", name, err)
	}
	rid, pid := -1, -1
	for i, h := range head {
		switch h {
		case "record_id":
			rid = i
		case "person_id":
			pid = i
		}
	}
	if rid < 0 || pid < 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "%s line 1: want record_id and person_id columns", name)
	}
	out := map[string]string{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(row) <= max(rid, pid) {
			return nil, reckon.Errorf(reckon.EINVALID, "%s line %d: too few fields", name, line)
		}
		if _, dup := out[row[rid]]; dup {
			return nil, reckon.Errorf(reckon.EINVALID, "%s line %d field record_id: %s repeats", name, line, reckon.Quote(row[rid]))
		}
		out[row[rid]] = row[pid]
	}
}
