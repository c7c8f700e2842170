package main

import (
	"context"
	"fmt"
	"io"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
)

// latestLinkStats returns the workspace's latest link run with its
// diagnostics decoded once; nil, nil, nil before any run. Stats that do
// not decode are an error naming the run.
func latestLinkStats(ctx context.Context, s reckon.Store) (*reckon.LinkRun, *linkage.Stats, error) {
	runs, err := s.LinkRuns(ctx)
	if err != nil || len(runs) == 0 {
		return nil, nil, err
	}
	run := runs[len(runs)-1]
	st, err := pipeline.RunStats(run)
	if err != nil {
		return run, nil, err
	}
	return run, st, nil
}

// printLinkWarnings writes the warnings and conflicts of the latest link
// run to w, one line each, after the output they qualify. Stats that do
// not decode are said on stderr, not ignored.
func printLinkWarnings(ctx context.Context, e *env, s reckon.Store, w io.Writer) error {
	run, st, err := latestLinkStats(ctx, s)
	if err != nil && run == nil {
		return err
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "reckon: warning: %v\n", err)
		return nil
	}
	if st == nil {
		return nil
	}
	// The conflicts follow whole: the warnings tell them as a count.
	for _, x := range pipeline.PublicWarnings(st) {
		fmt.Fprintf(w, "link warning (run %d): %s\n", run.ID, x)
	}
	for _, c := range st.Conflicts {
		fmt.Fprintf(w, "link conflict (run %d): %s\n", run.ID, c)
	}
	return nil
}
