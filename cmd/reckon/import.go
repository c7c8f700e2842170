package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/listcsv"
)

func newImportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "import per-person record lists",
	}
	cmd.AddCommand(newImportRecordsCmd(e))
	return cmd
}

func newImportRecordsCmd(e *env) *cobra.Command {
	var list, source string
	cmd := &cobra.Command{
		Use:   "records FILE.csv... [--list NAME] [--source NAME]",
		Short: "import record CSVs, each file atomically",
		Long: `import records reads record CSVs with the columns record_id, list,
family_name, given_name, name, sex, birth_date, death_date, death_place, unit,
rank, home_town and source_url, in any order; only record_id is required and
every other column is kept as an attribute. Rows without a list take --list,
else the file's name without its extension.

Each file is imported in one transaction: a bad row is reported with its
line and field and nothing of that file is kept. Importing the same file
again changes nothing and says so.`,
		Example: `  reckon import records state_media.csv --list state_media --source "KCNA"`,
		Args:    cobra.MinimumNArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := e.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			var srcID int64
			if source != "" {
				src, err := s.SourceByName(ctx, source)
				if err != nil {
					return err
				}
				srcID = src.ID
			}
			for _, name := range args {
				hash, err := fileHash(name)
				if err != nil {
					return err
				}
				f, err := os.Open(name)
				if err != nil {
					return err
				}
				l := list
				if l == "" {
					l = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
				}
				imp := &reckon.Import{SourceID: srcID, List: l, File: filepath.Base(name), Hash: hash}
				created, err := s.ImportRecords(ctx, imp, listcsv.Read(f, name, l))
				f.Close()
				if err != nil {
					return err
				}
				if !created {
					e.printf("%s: already imported (import %d, %d records); nothing changed\n", name, imp.ID, imp.Records)
					continue
				}
				e.printf("%s: imported %d records (import %d)\n", name, imp.Records, imp.ID)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&list, "list", "", "list name for rows without one (default: the file name without extension)")
	cmd.Flags().StringVar(&source, "source", "", "the source that keeps the list")
	return cmd
}

func fileHash(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func newRecordsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "records",
		Short: "list the imported records",
	}
	var f reckon.RecordFilter
	var format string
	list := &cobra.Command{
		Use:   "list [--list NAME]",
		Short: "list records",
		Args:  cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			s, err := e.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			recs, err := s.Records(cmd.Context(), f)
			if err != nil {
				return err
			}
			t := &table{header: []string{"id", "list", "record_id", "family_name", "given_name", "name", "birth_date", "death_date", "unit"}}
			for _, r := range recs {
				t.add(r.ID, r.List, r.RecordID, r.FamilyName, r.GivenName, r.Name, r.BirthDate, r.DeathDate, r.Unit)
			}
			return write(e.stdout, format, t, recs)
		}),
	}
	list.Flags().StringVar(&f.List, "list", "", "only this list")
	list.Flags().IntVar(&f.Limit, "limit", 0, "at most this many (default: all)")
	list.Flags().Int64Var(&f.AfterID, "after", 0, "only records with an id above this (for paging)")
	addFormatFlag(list, &format, "table")
	cmd.AddCommand(list)
	return cmd
}
