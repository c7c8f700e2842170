package pipeline

import (
	"context"

	"github.com/reckonhq/reckon"
)

// Estimate runs [Estimate] on the engine's store with opt, relinking for
// the linkage draws with the configuration and random pairs the engine
// links with, so that the draws start from the persons it stored; it
// returns the stored estimates.
func (e *Engine) Estimate(ctx context.Context, opt EstimateOptions) ([]*reckon.Estimate, error) {
	opt.Link = e.opt.Config
	opt.LinkRand = e.rand
	return Estimate(ctx, e.store, opt)
}
