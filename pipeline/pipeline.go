// Package pipeline runs reckon's stages over a workspace store: it reads
// from the store, calls the algorithms (extract, linkage, mse) on plain
// values and writes their results back. The command line, the demo and the
// server share it, so a stage behaves the same wherever it is started.
//
// The stages: [ImportRecords] (a record CSV into a list), [AddText] (a text
// and its claims), [Link], [Estimate], [Reconcile]. A stored estimate
// reads back through [ReadSettings] and [ReadResult], the one typed view
// of its JSON, and [Recipe] prints the command that repeats it.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/extract"
	"github.com/reckonhq/reckon/linkage"
)

// AddText stores the text read from r as document d with the claims the
// extractor finds reading it as language l ([extract.Auto] detects it
// once, on the first chunk), their dates resolved against d.Published, in
// one transaction (see [reckon.DocumentStore]). d.Lang is set to the
// language read.
func AddText(ctx context.Context, s reckon.Store, d *reckon.Document, r io.Reader, l extract.Lang) (created bool, err error) {
	return s.AddDocument(ctx, d, extract.Dated(extract.Chunks(r, 0, l), d.Published))
}

// LinkVersion names the linkage code in stored runs.
const LinkVersion = "linkage/1"

// MinStoredProbability is the least match probability of a pair kept in
// the workspace: enough for review, explanations and person pages.
const MinStoredProbability = 0.05

// errNoRecords is the error of linking a workspace without records.
var errNoRecords = reckon.Errorf(reckon.EINVALID, "the workspace has no records: import some with reckon import records")

// Link links every record of the workspace, applying the decisions in
// force, and stores the persons and scored pairs. configText is the
// configuration as the user wrote it, hashed into the run.
//
// Then the open tracing requests are matched again with the model just
// fitted, their new candidates going into the tracers' queue ([Rematch]);
// [LinkTraced] announces them in the outbox too.
func Link(ctx context.Context, s reckon.Store, cfg linkage.Config, configText string, opts linkage.Options) (*reckon.LinkRun, *linkage.Result, error) {
	return LinkTraced(ctx, s, cfg, configText, opts, TraceOptions{})
}

// LinkTraced is [Link] with the options of the matching of tracing
// requests after the link.
func LinkTraced(ctx context.Context, s reckon.Store, cfg linkage.Config, configText string, opts linkage.Options, topt TraceOptions) (*reckon.LinkRun, *linkage.Result, error) {
	recs, decisions, err := loadLinkInput(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	if len(recs) == 0 {
		return nil, nil, errNoRecords
	}
	report, _ := ctx.Value(progressKey{}).(func(Progress))
	if report != nil {
		opts.Progress = linkProgress(report, "", opts.Progress)
	}
	res, err := linkage.Link(recs, decisions, cfg, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	clusters := make([][]int64, len(res.Persons))
	for i, p := range res.Persons {
		for _, r := range p.Records {
			clusters[i] = append(clusters[i], recs[r].ID)
		}
	}
	var matches []reckon.Match
	for _, p := range res.Pairs() {
		if p.Probability >= MinStoredProbability {
			matches = append(matches, reckon.Match{A: recs[p.A].ID, B: recs[p.B].ID, Weight: p.Weight, Probability: p.Probability})
		}
	}
	stats, _ := json.Marshal(res.Stats)
	sum := sha256.Sum256([]byte(configText))
	run := &reckon.LinkRun{CandidatePairs: res.Stats.Blocking.CandidatePairs, ConfigHash: hex.EncodeToString(sum[:]), Version: LinkVersion, Stats: string(stats)}
	if report != nil {
		report(Progress{Stage: "storing persons"})
	}
	if err := s.SaveLinkage(ctx, run, clusters, matches); err != nil {
		return nil, nil, err
	}
	_, err = Rematch(ctx, s, func(context.Context) (*linkage.Model, *TraceIndex, error) {
		return res.Model, NewTraceIndex(recs), nil
	}, topt)
	if err != nil {
		return run, res, fmt.Errorf("link run %d is saved, but %w", run.ID, err)
	}
	return run, res, nil
}
