package main

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon/sqlite"
)

func newInitCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init DIR",
		Short: "make a workspace: a folder with an embedded database",
		Long: `init makes DIR (and its parents) and an embedded SQLite database inside it.
Running it on an existing workspace only brings its schema up to date.`,
		Example: "  reckon init ./kursk",
		Args:    cobra.ExactArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			file := filepath.Join(dir, dbName)
			_, statErr := os.Stat(file)
			s, err := sqlite.Open(cmd.Context(), file)
			if err != nil {
				return err
			}
			if err := s.Close(); err != nil {
				return err
			}
			if statErr == nil {
				e.printf("%s is a workspace already; its schema is up to date\n", dir)
			} else {
				e.printf("initialised workspace %s\n", dir)
			}
			return nil
		}),
	}
}
