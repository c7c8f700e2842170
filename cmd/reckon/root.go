package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres"
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
	db        string // --db
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
		Version:           buildVersion(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
	}
	// Every change is attributed to who runs the command.
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		// A bad flag value is bad usage, found before any work.
		if err := checkFlags(cmd); err != nil {
			return err
		}
		cmd.SetContext(reckon.WithActor(cmd.Context(), e.who()))
		return nil
	}
	root.PersistentFlags().StringVarP(&e.workspace, "workspace", "w", "", "workspace `folder` (default: $RECKON_WORKSPACE or the nearest folder with a reckon.db)")
	root.PersistentFlags().StringVar(&e.db, "db", "", "a PostgreSQL `url` (postgres://…) to work on instead of a workspace folder (default: $RECKON_DB)")
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
		{"workspace", newVersionCmd(e)},
		{"workspace", newSourceCmd(e)},
		{"workspace", newBackupCmd(e)},
		{"workspace", newRestoreCmd(e)},
		{"workspace", newMigrateCmd(e)},
		{"workspace", newAuditCmd(e)},
		{"workspace", newUserCmd(e)},
		{"workspace", newTokenCmd(e)},
		{"claims", newAddCmd(e)},
		{"claims", newClaimsCmd(e)},
		{"persons", newImportCmd(e)},
		{"persons", newRecordsCmd(e)},
		{"persons", newLinkCmd(e)},
		{"persons", newReviewCmd(e)},
		{"persons", newPersonsCmd(e)},
		{"persons", newTraceCmd(e)},
		{"persons", newCorrectionsCmd(e)},
		{"estimates", newEstimateCmd(e)},
		{"estimates", newReconcileCmd(e)},
		{"publish", newReportCmd(e)},
		{"publish", newExportCmd(e)},
		{"publish", newReleaseCmd(e)},
		{"publish", newServeCmd(e)},
		{"publish", newDemoCmd(e)},
		{"files", newExtractCmd(e)},
		{"files", newMSECmd(e)},
		{"files", newSynthCmd(e)},
	} {
		c.cmd.GroupID = c.group
		root.AddCommand(c.cmd)
	}
	root.SetVersionTemplate("reckon {{.Version}}\n")
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

// openStore opens the store to work on: the PostgreSQL database of --db
// or $RECKON_DB, else the workspace folder's SQLite file. The caller
// closes it.
func (e *env) openStore(ctx context.Context) (reckon.Store, error) {
	db := e.db
	if db == "" {
		db = e.getenv("RECKON_DB")
	}
	if db != "" {
		return openURL(ctx, db)
	}
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

// storeName names the store openStore opens, without any password.
func (e *env) storeName() string {
	db := e.db
	if db == "" {
		db = e.getenv("RECKON_DB")
	}
	if db != "" {
		return "database " + redact(db)
	}
	dir, _ := e.workspaceDir()
	return "workspace " + dir
}

// redact hides the password of a URL.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(a database URL)"
	}
	return u.Redacted()
}

// isPostgres reports whether s names a PostgreSQL database.
func isPostgres(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openURL opens a PostgreSQL URL.
func openURL(ctx context.Context, url string) (reckon.Store, error) {
	if !isPostgres(url) {
		return nil, usagef("--db %q: want a postgres:// URL (a workspace folder goes in --workspace)", url)
	}
	return postgres.Open(ctx, url)
}

// openTarget opens a workspace folder (made if need be) or a PostgreSQL URL.
func openTarget(ctx context.Context, target string) (reckon.Store, error) {
	if isPostgres(target) {
		return postgres.Open(ctx, target)
	}
	if err := os.MkdirAll(target, 0o755); err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, filepath.Join(target, dbName))
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
