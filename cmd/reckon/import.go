package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/listcsv"
	"github.com/reckonhq/reckon/pipeline"
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
	var list, source, columns string
	var sensitive []string
	var strict bool
	var dialect dialectFlags
	cmd := &cobra.Command{
		Use:   "records FILE.csv... [--list NAME] [--source NAME] [--columns FROM=TO,...] [--strict]",
		Short: "import record CSVs, each file atomically",
		Long: `import records reads record CSVs with the columns record_id, list,
family_name, given_name, name, sex, birth_date, death_date, death_place, unit,
rank, home_town and source_url, in any order; only record_id is required and
every other column is kept as an attribute. Rows without a list take --list,
else the file's name without its extension.

Personal data: --sensitive names columns whose values only those who may
see personal data are shown (relatives' names and contacts, exact
addresses …); a sensitive column in the file does the same row by row
(field names separated by ";"), and an embargoed column (true/false)
withholds whole records from the public pages, API and exports.

Other headers: --columns renames the file's columns, FROM=TO separated by
commas (rec_id=record_id,surname=family_name,date_of_birth=birth_date); a
column renamed to no known name is kept as an attribute of that name.

Each file is imported in one transaction: a structurally bad row (no
record id, a wrong number of fields, text that is not UTF-8) is reported
with its line and field and nothing of that file is kept. A value that does
not parse inside a good row, such as the date 1945-04-93, is kept as written
and each file's such values are counted in one warning on standard error;
--strict refuses the file instead. Dates may be written YYYY, YYYY-MM,
YYYY-MM-DD or in other unambiguous forms (YYYYMMDD, DD.MM.YYYY, YYYY/MM/DD).
Importing the same file again changes nothing and says so.`,
		Example: `  reckon import records lists/kcna.csv --source "KCNA"
  reckon import records lists/captured.csv lists/press.csv lists/gur.csv
  reckon import records families.csv --sensitive relative_name,relative_phone,address
  reckon import records febrl.csv --columns rec_id=record_id,surname=family_name,date_of_birth=birth_date`,
		Args: cobra.MinimumNArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			colmap, err := listcsv.ParseColumns(columns)
			if err != nil {
				return usagef("--columns: %v", err)
			}
			var dialectOpts listcsv.Options
			if err := dialect.apply(&dialectOpts); err != nil {
				return err
			}
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				var srcID int64
				if source != "" {
					src, err := s.SourceByName(ctx, source)
					if err != nil {
						return err
					}
					srcID = src.ID
				}
				for _, name := range args {
					f, err := os.Open(name)
					if err != nil {
						return err
					}
					read := listcsv.Options{Sensitive: sensitive, Columns: colmap, Strict: strict,
						Encoding: dialectOpts.Encoding, Delimiter: dialectOpts.Delimiter}
					topt := e.traceOptions()
					res, err := pipeline.ImportRecords(ctx, s, f, pipeline.ImportOptions{File: name, List: list, SourceID: srcID, Read: read, Trace: &topt})
					f.Close()
					if res != nil {
						e.reportDialect(name, res.Dialect)
					}
					if err != nil {
						return err
					}
					if res.TraceError != nil {
						fmt.Fprintf(e.stderr, "reckon: warning: %v\n", res.TraceError)
					}
					imp, created, l := res.Import, res.Created, res.List
					if created {
						e.warnDirty(&res.KeptAsWritten)
					}
					if !created {
						e.printf("%s: already imported (import %d, %d records); nothing changed\n", name, imp.ID, imp.Records)
						continue
					}
					if len(imp.Lists) > 0 { // the rows name several lists
						var parts []string
						for _, list := range slices.Sorted(maps.Keys(imp.Lists)) {
							parts = append(parts, fmt.Sprintf("%s (%d)", list, imp.Lists[list]))
						}
						e.printf("%s: imported %d records (import %d) into lists %s, which its rows name\n", name, imp.Records, imp.ID, strings.Join(parts, ", "))
						continue
					}
					if imp.List != l { // the rows name their own list
						e.printf("%s: imported %d records (import %d) into list %s, which its rows name\n", name, imp.Records, imp.ID, imp.List)
						continue
					}
					e.printf("%s: imported %d records (import %d)\n", name, imp.Records, imp.ID)
				}
				return nil
			})
		}),
	}
	cmd.Flags().StringVar(&list, "list", "", "list name for rows without one (default: the file name without extension)")
	cmd.Flags().StringVar(&source, "source", "", "the source that keeps the list")
	cmd.Flags().StringSliceVar(&sensitive, "sensitive", nil, "`columns` whose values are personal data in every row (comma-separated)")
	cmd.Flags().StringVar(&columns, "columns", "", "rename the file's columns: `FROM=TO,...` (rec_id=record_id,surname=family_name)")
	cmd.Flags().BoolVar(&strict, "strict", false, "refuse a file with a value that does not parse instead of keeping it as written")
	dialect.add(cmd)
	return cmd
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
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
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
	cmd.AddCommand(list, newRecordsProtectCmd(e))
	return cmd
}

func newRecordsProtectCmd(e *env) *cobra.Command {
	var sensitive []string
	var embargo bool
	cmd := &cobra.Command{
		Use:   "protect LIST/RECORD_ID... [--sensitive FIELDS] [--embargo=true|false]",
		Short: "mark fields of records sensitive, or embargo records, after their import",
		Long: `records protect changes what of a record the public pages, API and
exports withhold: --sensitive replaces the fields withheld (column names or
attribute keys, comma-separated; --sensitive "" withholds none) and
--embargo withholds the whole record or, with --embargo=false, lifts its
embargo. What is not given stays as it was. Each change is an audit event.`,
		Example: `  reckon records protect kcna/kcna-00001 --embargo
  reckon records protect families/f7 families/f9 --sensitive relative_name,address`,
		Args: cobra.MinimumNArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			setS, setE := cmd.Flags().Changed("sensitive"), cmd.Flags().Changed("embargo")
			if !setS && !setE {
				return reckon.Errorf(reckon.EINVALID, "say what to change: --sensitive FIELDS or --embargo")
			}
			keys := make([]reckon.RecordKey, len(args))
			for i, a := range args {
				list, id, ok := strings.Cut(a, "/")
				if !ok || list == "" || id == "" {
					return reckon.Errorf(reckon.EINVALID, "%q: want LIST/RECORD_ID", a)
				}
				keys[i] = reckon.RecordKey{List: list, RecordID: id}
			}
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				for _, k := range keys {
					cur, err := findRecord(ctx, s, k)
					if err != nil {
						return err
					}
					sens, emb := cur.Sensitive, cur.Embargoed
					if setS {
						sens = nil
						for _, f := range sensitive {
							if f = strings.TrimSpace(f); f != "" {
								sens = append(sens, f)
							}
						}
					}
					if setE {
						emb = embargo
					}
					if err := s.ProtectRecord(ctx, k, sens, emb); err != nil {
						return err
					}
					cur.Sensitive, cur.Embargoed = sens, emb
					p := cur.Protection()
					if p == "" {
						p = "public"
					}
					e.printf("%s: %s\n", k, p)
				}
				return nil
			})
		}),
	}
	cmd.Flags().StringSliceVar(&sensitive, "sensitive", nil, "the `fields` to withhold from the public, comma-separated")
	cmd.Flags().BoolVar(&embargo, "embargo", false, "withhold the whole record from the public")
	return cmd
}

// findRecord returns the record with key.
func findRecord(ctx context.Context, s reckon.Store, key reckon.RecordKey) (*reckon.Record, error) {
	recs, err := s.Records(ctx, reckon.RecordFilter{List: key.List, RecordID: key.RecordID})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "record %s not found", key)
	}
	return recs[0], nil
}
