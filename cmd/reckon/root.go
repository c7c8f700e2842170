package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/sqlite"
)

// dbName is the database file inside a workspace folder.
const dbName = "reckon.db"

// env is what commands share: the streams, the environment and the
// global flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	workspace string // --workspace
	user      string // --user
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "reckon",
		Short: "an honest ledger of casualty figures and the evidence behind them",
		Long: `reckon keeps every figure claim about a war or disaster (who said how many were
killed, wounded, missing, deployed …) with the exact sentence it came from,
so that every number can be traced back to its evidence.

A workspace is a folder holding an embedded database. Commands that need one
use --workspace, else $RECKON_WORKSPACE, else the nearest folder at or above
the current one that holds a reckon.db.

Start with:
  reckon init ./kursk && cd kursk
  reckon source add --name "Yonhap" --kind media --grade B2
  reckon add article.txt --source "Yonhap" --published 2025-09-02
  reckon claims list

Or, without a workspace:
  reckon extract article.txt`,
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
	}
	root.PersistentFlags().StringVarP(&e.workspace, "workspace", "w", "", "workspace `folder` (default: $RECKON_WORKSPACE or the nearest folder with a reckon.db)")
	root.PersistentFlags().StringVar(&e.user, "user", "", "who is acting, recorded with reviews (default: $RECKON_USER, else the login name)")
	root.AddGroup(
		&cobra.Group{ID: "workspace", Title: "Workspace:"},
		&cobra.Group{ID: "claims", Title: "Claims from texts:"},
		&cobra.Group{ID: "persons", Title: "Records and persons:"},
		&cobra.Group{ID: "estimates", Title: "Estimates:"},
		&cobra.Group{ID: "publish", Title: "Publishing:"},
		&cobra.Group{ID: "files", Title: "Without a workspace:"},
	)
	for _, c := range []struct {
		group string
		cmd   *cobra.Command
	}{
		{"workspace", newInitCmd(e)},
		{"workspace", newSourceCmd(e)},
		{"claims", newAddCmd(e)},
		{"claims", newClaimsCmd(e)},
		{"persons", newImportCmd(e)},
		{"persons", newRecordsCmd(e)},
		{"persons", newLinkCmd(e)},
		{"persons", newReviewCmd(e)},
		{"persons", newPersonsCmd(e)},
		{"estimates", newEstimateCmd(e)},
		{"estimates", newReconcileCmd(e)},
		{"publish", newReportCmd(e)},
		{"publish", newExportCmd(e)},
		{"publish", newServeCmd(e)},
		{"publish", newDemoCmd(e)},
		{"files", newExtractCmd(e)},
		{"files", newMSECmd(e)},
		{"files", newSynthCmd(e)},
	} {
		c.cmd.GroupID = c.group
		root.AddCommand(c.cmd)
	}
	return root
}

// handled wraps a command body so that its errors are reported as handled
// errors (exit status 1) rather than usage errors.
func handled(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := fn(cmd, args); err != nil {
			return handledError{err}
		}
		return nil
	}
}

// workspaceDir finds the workspace folder.
func (e *env) workspaceDir() (string, error) {
	if e.workspace != "" {
		return e.workspace, nil
	}
	if w := e.getenv("RECKON_WORKSPACE"); w != "" {
		return w, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, dbName)); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", reckon.Errorf(reckon.EINVALID, "no workspace here: run 'reckon init DIR' and work inside DIR, or pass --workspace DIR")
		}
		dir = parent
	}
}

// openStore opens the workspace's store; the caller closes it.
func (e *env) openStore(ctx context.Context) (*sqlite.Store, error) {
	dir, err := e.workspaceDir()
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, dbName)
	if _, err := os.Stat(file); err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "%s is not a workspace (no %s): run 'reckon init %s' first", dir, dbName, dir)
	}
	return sqlite.Open(ctx, file)
}

// who is the name recorded with reviews.
func (e *env) who() string {
	if e.user != "" {
		return e.user
	}
	if u := e.getenv("RECKON_USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "analyst"
}

func (e *env) printf(format string, args ...any) { fmt.Fprintf(e.stdout, format, args...) }
