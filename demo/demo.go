// Package demo builds the demonstration workspace that `reckon demo`
// serves: example articles written for the project (embedded in the
// binary), synthetic multi-script lists of the dead from package synth,
// and the results of every stage run over them.
package demo

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"iter"
	"math/rand/v2"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/extract"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/synth"
)

//go:embed articles/*.txt
var articles embed.FS

// sources are the invented publishers of the demo, with their grades.
var sources = []reckon.Source{
	{Name: "Central News", Kind: reckon.KindStateMedia, Grade: grade("E5"), Note: "invented state media outlet"},
	{Name: "Southern Intelligence Service", Kind: reckon.KindIntelligence, Grade: grade("B3"), Note: "invented intelligence agency"},
	{Name: "Eastern Defence Intelligence", Kind: reckon.KindIntelligence, Grade: grade("C3"), Note: "invented military intelligence"},
	{Name: "Border Casualty Monitor", Kind: reckon.KindNGO, Grade: grade("B2"), Note: "invented volunteer monitoring group"},
	{Name: "The Daily Ledger", Kind: reckon.KindMedia, Grade: grade("B3"), Note: "invented newspaper"},
}

// listSource says which demo source keeps each synthetic list.
var listSource = map[string]string{
	"kcna":     "Central News",
	"captured": "Eastern Defence Intelligence",
	"gur":      "Eastern Defence Intelligence",
	"press":    "The Daily Ledger",
}

func grade(s string) reckon.Grade {
	g, err := reckon.ParseGrade(s)
	if err != nil {
		panic(err) // the table above is wrong
	}
	return g
}

// Options configure Build. The zero Options build the standard demo.
type Options struct {
	// N is the true number of dead in the synthetic lists. 0 means 3000.
	N int
	// Seed seeds the synthetic lists and the linkage. 0 means 1.
	Seed uint64
	// Progress, if not nil, is told of each step as it starts.
	Progress func(step string)
}

// Summary says what Build made.
type Summary struct {
	Documents, Claims, Records, Persons, Estimates int
	TrueN                                          int
}

// Build fills an empty store with the demo. It fails with ECONFLICT when
// the store has sources already.
func Build(ctx context.Context, s reckon.Store, opt Options) (*Summary, error) {
	if opt.N == 0 {
		opt.N = 3000
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	step := func(msg string) {
		if opt.Progress != nil {
			opt.Progress(msg)
		}
	}
	if have, err := s.Sources(ctx); err != nil {
		return nil, err
	} else if len(have) > 0 {
		return nil, reckon.Errorf(reckon.ECONFLICT, "the workspace is not empty: the demo needs a new one")
	}
	sum := &Summary{TrueN: opt.N}
	bySource := map[string]int64{}
	for _, src := range sources {
		src := src
		if err := s.CreateSource(ctx, &src); err != nil {
			return nil, err
		}
		bySource[src.Name] = src.ID
	}

	step("adding the example articles and extracting their claims")
	names, err := fs.Glob(articles, "articles/*.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		b, err := articles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		head, text, err := frontMatter(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		id, ok := bySource[head["Source"]]
		if !ok {
			return nil, fmt.Errorf("%s: unknown source %q", name, head["Source"])
		}
		pub, err := reckon.ParseDate(head["Published"])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		d := &reckon.Document{SourceID: id, Title: firstLine(text), URL: "https://demo.invalid/" + strings.TrimPrefix(name, "articles/"), Published: pub}
		if _, err := pipeline.AddText(ctx, s, d, bytes.NewReader(text), extract.Auto); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sum.Documents++
		sum.Claims += d.Claims
	}

	step(fmt.Sprintf("generating synthetic lists of %d dead", opt.N))
	data, err := synth.Generate(rand.New(rand.NewPCG(opt.Seed, 7)), synth.Options{N: opt.N})
	if err != nil {
		return nil, err
	}
	for i, list := range data.Lists {
		recs := list
		name := data.ListNames[i]
		h := sha256.Sum256([]byte(fmt.Sprintf("demo %d %d %s", opt.N, opt.Seed, name)))
		imp := &reckon.Import{SourceID: bySource[listSource[name]], List: name, File: name + ".csv", Hash: hex.EncodeToString(h[:])}
		protectDemo(recs)
		seq := func(yield func(*reckon.Record, error) bool) {
			for j := range recs {
				if !yield(&recs[j], nil) {
					return
				}
			}
		}
		if _, err := s.ImportRecords(ctx, imp, iter.Seq2[*reckon.Record, error](seq)); err != nil {
			return nil, err
		}
		sum.Records += imp.Records
	}

	step("linking the records into persons")
	run, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{Rand: rand.New(rand.NewPCG(opt.Seed, 11))})
	if err != nil {
		return nil, err
	}
	sum.Persons = run.Persons

	step("estimating the total: documented minimum, log-linear, stepwise, LCMCR, dga")
	// Lighter settings than the defaults keep the demo quick; the stored
	// settings say so, and reckon estimate reruns at full length.
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{
		Population:  "soldiers killed abroad",
		Sensitivity: []float64{0.2, 0.5, 0.8},
		Seed:        opt.Seed,
		// The draws relink as the persons were linked.
		LinkRand: func() *rand.Rand { return rand.New(rand.NewPCG(opt.Seed, 11)) },
		Stepwise: mse.StepwiseOptions{Bootstrap: 200},
		LCMCR:    mse.LCMCROptions{Burnin: 2000, Samples: 1000, Thin: 30, Chains: 2},
	})
	if err != nil {
		return nil, err
	}
	sum.Estimates = len(es)
	return sum, nil
}

// frontMatter splits "Key: value" lines before the first blank line from
// the text after it.
func frontMatter(b []byte) (map[string]string, []byte, error) {
	head := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		line := sc.Text()
		n += len(line) + 1
		if strings.TrimSpace(line) == "" {
			return head, b[min(n, len(b)):], nil
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, nil, fmt.Errorf("front matter line %q: want Key: value", line)
		}
		head[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return nil, nil, fmt.Errorf("no blank line after the front matter")
}

func firstLine(b []byte) string {
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(line)
}

// protectDemo marks personal data in the synthetic lists, as an importer
// would, so that the demo shows what the public view withholds (reckon
// demo --read-only): every home town is sensitive, and one record in fifty
// of a list of captured documents is under embargo.
func protectDemo(recs []reckon.Record) {
	for j := range recs {
		r := &recs[j]
		if r.HomeTown != "" {
			r.Sensitive = append(r.Sensitive, "home_town")
		}
		if r.List == "captured" && j%50 == 49 {
			r.Embargoed = true
		}
	}
}
