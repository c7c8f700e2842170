package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
)

// buildVersion returns reckon's version with what the build knows of its
// source: "0.2.0-dev (commit 83aa0b3c1e2f, 2026-12-07T15:25:00Z, modified,
// go1.25.1)". A binary built outside a git checkout, or by go run, knows
// no commit and says so.
func buildVersion() string {
	commit, at, modified := "unknown", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
				if len(commit) > 12 {
					commit = commit[:12]
				}
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	v := reckon.Version + " (commit " + commit
	if at != "" {
		v += ", " + at
	}
	if modified {
		v += ", modified"
	}
	return v + ", " + runtime.Version() + ")"
}

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print reckon's version and the commit it was built from",
		Long: `version prints reckon's version, the commit and time of the source it was
built from (when it was built from a git checkout with go build or go install)
and the Go version. Stored estimates and link runs carry the version too.`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(e.stdout, "reckon %s\n", buildVersion())
			return err
		}),
	}
}
