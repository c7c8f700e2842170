package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/snapshot"
)

func newMigrateCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate FROM TO",
		Short: "copy a whole workspace between SQLite and PostgreSQL, losslessly",
		Long: `migrate copies everything (sources, documents, claims and their reviews,
records, persons, decisions, link runs, estimates) with its ids and times from
FROM to TO. Each is a workspace folder or a postgres:// URL. TO must be empty;
the copy is one transaction there, so it is whole or nothing.`,
		Example: `  reckon migrate ./kursk postgres://reckon@127.0.0.1/reckon
  reckon migrate postgres://reckon@127.0.0.1/reckon ./kursk-copy`,
		Args: cobra.ExactArgs(2),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if !isPostgres(args[0]) {
				if _, err := os.Stat(filepath.Join(args[0], dbName)); err != nil {
					return reckon.Errorf(reckon.EINVALID, "%s is not a workspace (no %s)", args[0], dbName)
				}
			}
			from, err := openTarget(ctx, args[0])
			if err != nil {
				return err
			}
			defer from.Close()
			to, err := openTarget(ctx, args[1])
			if err != nil {
				return err
			}
			defer to.Close()
			start := time.Now()
			if err := snapshot.Copy(ctx, to, from); err != nil {
				return err
			}
			e.printf("copied %s to %s in %s\n", redact(args[0]), redact(args[1]), time.Since(start).Round(time.Millisecond))
			return nil
		}),
	}
}

// backupName is the snapshot file inside a backup folder.
const backupName = "reckon-snapshot.jsonl"

func newBackupCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "backup DIR",
		Short: "write a lossless snapshot of the workspace into DIR",
		Long: `backup writes every row of the workspace (or of the --db database) to
DIR/` + backupName + `, read in one transaction, written to a temporary file,
synced and then renamed: the backup is whole or absent. reckon restore reads it
back into an empty workspace or database.`,
		Example: "  reckon backup ./backups/2025-07-04",
		Args:    cobra.ExactArgs(1),
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			ctx := cmd.Context()
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			out := filepath.Join(args[0], backupName)
			if err := writeAtomic(nil, out, func(w io.Writer) error { return s.Export(ctx, w) }); err != nil {
				return err
			}
			st, err := os.Stat(out)
			if err != nil {
				return err
			}
			e.printf("backed up %s to %s (%d bytes)\n", e.storeName(), out, st.Size())
			return nil
		}),
	}
}

func newRestoreCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "restore DIR TO",
		Short: "load a backup into an empty workspace folder or PostgreSQL database",
		Args:  cobra.ExactArgs(2),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := os.Open(filepath.Join(args[0], backupName))
			if err != nil {
				return err
			}
			defer f.Close()
			to, err := openTarget(ctx, args[1])
			if err != nil {
				return err
			}
			defer to.Close()
			if err := to.Import(ctx, bufio.NewReaderSize(f, 1<<20)); err != nil {
				return err
			}
			e.printf("restored %s into %s\n", args[0], redact(args[1]))
			return nil
		}),
	}
}
