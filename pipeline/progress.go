package pipeline

import (
	"context"
	"fmt"
	"strings"

	"github.com/reckonhq/reckon"
)

// Progress is where a link or estimate run is: the stage it is in and,
// where the stage counts, how far it has gone. Reports come in order;
// a stage may report many times as Done grows.
type Progress struct {
	// Stage is one of linkage's stages while linking (prepare, block
	// keys, block sort, block pairs, block dedupe, sample, sessions,
	// score, cluster, see [linkage.Options]) and then "storing persons";
	// linkage's stages are prefixed "relink: " while
	// an estimate relinks for its linkage draws; or, while estimating,
	// "reading persons", "linkage draws", "estimating", "linkage
	// intervals", "sums over strata" or "whole population".
	Stage string `json:"stage"`
	// Done of Total units of the stage (rules, records, pairs, draws,
	// methods); Total 0 when the stage does not count.
	Done  int `json:"done,omitempty"`
	Total int `json:"total,omitempty"`
	// Method is the method being run while estimating.
	Method reckon.Method `json:"method,omitempty"`
	// Stratum is the stratum being estimated ("unit=3"), and Strata,
	// Strata total, its place among them (1-based): "" and 0 for the
	// whole population.
	Stratum      string `json:"stratum,omitempty"`
	StratumIndex int    `json:"stratum_index,omitempty"`
	Strata       int    `json:"strata,omitempty"`
}

// String says p for people: "block keys 3/7", "method 2 of 5: lcmcr",
// "stratum 2 of 7 (unit=3): method 1 of 2: loglinear".
func (p Progress) String() string {
	var b strings.Builder
	if p.Stratum != "" {
		fmt.Fprintf(&b, "stratum %d of %d (%s): ", p.StratumIndex, p.Strata, p.Stratum)
	}
	switch {
	case p.Method != "" && p.Total > 0:
		fmt.Fprintf(&b, "method %d of %d: %s", p.Done, p.Total, p.Method)
	case p.Total > 0:
		fmt.Fprintf(&b, "%s %d/%d", p.Stage, p.Done, p.Total)
	default:
		b.WriteString(p.Stage)
	}
	return b.String()
}

type progressKey struct{}

// WithProgress returns a context under which [Link], [Estimate] and the
// [Engine]'s Relink and Estimate report their progress to f, besides any
// callback in their options. f is called from the goroutine of the run,
// never concurrently with itself; it must return quickly.
func WithProgress(ctx context.Context, f func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// progressOf returns the reporter of ctx followed by the option f
// (either may be nil); it never returns nil.
func progressOf(ctx context.Context, f func(Progress)) func(Progress) {
	g, _ := ctx.Value(progressKey{}).(func(Progress))
	switch {
	case f == nil && g == nil:
		return func(Progress) {}
	case f == nil:
		return g
	case g == nil:
		return f
	}
	return func(p Progress) { g(p); f(p) }
}

// linkProgress adapts a reporter to linkage's callback, prefixing each
// stage with prefix, and chains the callback next (may be nil) after it.
func linkProgress(report func(Progress), prefix string, next func(stage string, done, total int)) func(stage string, done, total int) {
	return func(stage string, done, total int) {
		report(Progress{Stage: prefix + stage, Done: done, Total: total})
		if next != nil {
			next(stage, done, total)
		}
	}
}
