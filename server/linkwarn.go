package server

import (
	"context"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// linkWarnings returns the warnings of the latest link run and, for a
// request that may see personal data (full), its conflicts: pairs that
// the model links and decisions keep apart, named by record key. Others
// get the warnings that name no record and the conflicts as a count
// (pipeline.PublicWarnings). Stats that cannot be read are said as a
// warning and logged, never dropped silently.
func (s *Server) linkWarnings(ctx context.Context, full bool) (warnings, conflicts []string, err error) {
	run, err := s.latestRun(ctx)
	if err != nil || run == nil {
		return nil, nil, err
	}
	st, err := pipeline.RunStats(run)
	if err != nil {
		s.log.Error("link run stats", "run", run.ID, "err", err)
		return []string{"the diagnostics of the latest link run cannot be read, so its warnings are unknown: run reckon link again"}, nil, nil
	}
	if full && reckon.SeesPersonalData(ctx) {
		return st.Warnings, pipeline.ConflictStrings(st.Conflicts), nil
	}
	return pipeline.PublicWarnings(st), nil, nil
}

// publicStatus returns the relink status as a request may see it: the
// run's stats name records in conflicts, so those who may not see
// personal data get them redacted (pipeline.RedactRun).
func (s *Server) publicStatus(ctx context.Context) RelinkStatus {
	st := s.relinkStatus()
	if st.Run != nil && !reckon.SeesPersonalData(ctx) {
		st.Run = pipeline.RedactRun(st.Run)
	}
	return st
}
