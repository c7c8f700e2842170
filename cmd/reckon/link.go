package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/csvout"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/listcsv"
	"github.com/reckonhq/reckon/pipeline"
)

func newLinkCmd(e *env) *cobra.Command {
	var config string
	var seed uint64
	var progress, strict bool
	var dialect dialectFlags
	cmd := &cobra.Command{
		Use:   "link [--config link.toml] [--strict] [CSV...]",
		Short: "link records that describe the same person into persons",
		Long: `link estimates a Fellegi–Sunter model of the records (m-probabilities by EM,
u-probabilities from random pairs, term-frequency adjustment for common names
such as Kim, Ri, Pak), compares the candidate pairs that blocking finds across
scripts (Hangul, Cyrillic, Latin romanisations), and clusters the records into
persons, respecting every reviewer decision.

Without files it links the workspace's records and stores the persons; person
ids stay the same where their records did not change.

With record CSV files it works without a workspace: each file's rows take
their list from the list column, else the file name, and the result is written
on standard output as CSV with the header record_id,person_id,match_probability.

--config reads a TOML file with the fields of linkage.Config (fields,
blocking rules, thresholds); without it the defaults serve the record CSV.
Its [columns] table renames the columns of the files read (rec_id =
"record_id", surname = "family_name" …); see examples/febrl.toml.

A value that does not parse inside a good row, such as the date 1945-04-93,
is kept as written and each file's such values are counted in one warning
on standard error; --strict refuses the file instead. A structural problem
(no record_id, a wrong number of fields, text that is not in its encoding)
is always an error. Files separated by semicolons or tabs, and files in
UTF-16, CP949/EUC-KR, Windows-1251 or KOI8-R, are detected and read, and
the dialect is said on standard error; --encoding and --delimiter choose.`,
		Example: `  reckon link
  reckon link lists/kcna.csv lists/captured.csv > persons.csv
  reckon link --config link.toml lists/[!t]*.csv`,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			lc, cfgText, err := readLinkConfig(config)
			if err != nil {
				return err
			}
			cfg := lc.Config
			opts := linkage.Options{Rand: linkRand(seed)}
			if progress || isTerminal(e.stderr) {
				opts.Progress = progressPrinter(e.stderr)
			}
			if len(args) > 0 {
				read := listcsv.Options{Columns: lc.Columns, Strict: strict}
				if err := dialect.apply(&read); err != nil {
					return err
				}
				return linkFiles(e, args, cfg, read, opts)
			}
			return linkWorkspace(e, cmd, cfg, cfgText, opts)
		}),
	}
	cmd.AddCommand(newLinkEvalCmd(e), newLinkExplainCmd(e))
	cmd.Flags().StringVar(&config, "config", "", "linkage settings `file` (TOML)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the random pairs that estimate the u-probabilities")
	cmd.Flags().BoolVar(&progress, "progress", false, "show progress on stderr even when it is not a terminal")
	cmd.Flags().BoolVar(&strict, "strict", false, "refuse a file with a value that does not parse instead of keeping it as written")
	dialect.add(cmd)
	return cmd
}

func linkFiles(e *env, files []string, cfg linkage.Config, read listcsv.Options, opts linkage.Options) error {
	var recs []reckon.Record
	seen := map[string]string{}
	warnings := make([]listcsv.Warnings, len(files))
	for i, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		read.List = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		read.Warnings = &warnings[i]
		var d listcsv.Dialect
		read.Dialect = &d
		for r, err := range listcsv.ReadWith(bufio.NewReaderSize(f, 1<<16), name, read) {
			if err != nil {
				f.Close()
				return err
			}
			k := linkage.RecordKey(*r)
			if other, dup := seen[k]; dup {
				f.Close()
				return reckon.Errorf(reckon.EINVALID, "%s: record %s of list %s is also in %s", name, reckon.Quote(r.RecordID), reckon.Quote(r.List), other)
			}
			seen[k] = name
			recs = append(recs, *r)
		}
		f.Close()
		e.reportDialect(name, d)
	}
	// Warnings only once every file has read well: a refused run says one thing.
	for i := range warnings {
		e.warnDirty(&warnings[i])
	}
	res, err := linkage.Link(recs, nil, cfg, opts)
	if err != nil {
		return err
	}
	warnLink(e, res)
	// Person ids are 1, 2, … in the order of the persons' keys, so the same
	// input gives the same output.
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	cw := csvout.NewWriter(w, csvout.Raw) // a machine contract: record ids as they are
	cw.Write([]string{"record_id", "person_id", "match_probability"})
	for i, r := range recs {
		cw.Write([]string{r.RecordID, strconv.Itoa(res.PersonOf[i] + 1), strconv.FormatFloat(res.Probability[i], 'f', 4, 64)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return w.Flush()
}

func linkWorkspace(e *env, cmd *cobra.Command, cfg linkage.Config, cfgText string, opts linkage.Options) error {
	ctx := cmd.Context()
	return e.useStore(cmd, func(s reckon.Store) error {
		start := time.Now()
		run, res, err := pipeline.LinkTraced(ctx, s, cfg, cfgText, opts, e.traceOptions())
		if err != nil {
			return err
		}
		e.printf("linked %d records into %d persons in %s: %d candidate pairs, %d decisions applied, %d pairs to review (reckon review)\n",
			run.Records, run.Persons, time.Since(start).Round(time.Millisecond), run.CandidatePairs, res.Stats.Decisions, len(res.Review))
		warnLink(e, res)
		return nil
	})
}

// warnLink prints the warnings of a linkage on stderr, one line each.
func warnLink(e *env, res *linkage.Result) {
	for _, w := range res.Stats.Warnings {
		fmt.Fprintf(e.stderr, "reckon: warning: %s\n", w)
	}
}

// isTerminal reports whether w is a terminal, where progress may redraw.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressPrinter redraws one progress line per stage, at most ten times
// a second, and ends it when the stage is done.
func progressPrinter(w io.Writer) func(stage string, done, total int) {
	var last time.Time
	return func(stage string, done, total int) {
		if done < total && time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		pct := 100
		if total > 0 {
			pct = done * 100 / total
		}
		fmt.Fprintf(w, "\r%-12s %3d%% (%d/%d)", stage, pct, done, total)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}

// linkRand is the Rand that reckon link with --seed seed draws its random
// pairs from; estimate and link explain relink with the same.
func linkRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5bd1e995)) }
