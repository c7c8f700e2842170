package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
)

func newPersonsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "persons",
		Short: "the persons that linkage found, each with every record behind it",
	}
	var f reckon.PersonFilter
	var format string
	list := &cobra.Command{
		Use:   "list [--list NAME]",
		Short: "list persons with their names as each list writes them",
		Args:  cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			ps, err := s.Persons(cmd.Context(), f)
			if err != nil {
				return err
			}
			t := &table{header: []string{"id", "records", "lists", "names", "birth", "death"}}
			for _, p := range ps {
				t.add(p.ID, len(p.Records), strings.Join(p.Lists(), " "), personNames(p), personDate(p, true), personDate(p, false))
			}
			return write(e.stdout, format, t, ps)
		}),
	}
	list.Flags().StringVar(&f.List, "list", "", "only persons with a record in this list")
	list.Flags().IntVar(&f.Limit, "limit", 0, "at most this many (default: all)")
	list.Flags().Int64Var(&f.AfterID, "after", 0, "only persons with an id above this (for paging)")
	addFormatFlag(list, &format, "table")

	var showFormat string
	show := &cobra.Command{
		Use:   "show ID",
		Short: "show a person's records side by side",
		Args:  cobra.ExactArgs(1),
		RunE: e.withStoreID("person", func(cmd *cobra.Command, s reckon.Store, id int64) error {
			p, err := s.Person(cmd.Context(), id)
			if err != nil {
				return err
			}
			if showFormat == "json" {
				return write(e.stdout, "json", nil, p)
			}
			e.printf("person %d: %d records from %s\n", p.ID, len(p.Records), strings.Join(p.Lists(), ", "))
			t := &table{header: []string{"list", "record_id", "name", "family", "given", "birth", "death", "place", "unit", "rank", "source_url"}}
			for _, r := range p.Records {
				t.add(r.List, r.RecordID, r.Name, r.FamilyName, r.GivenName, r.BirthDate, r.DeathDate, r.DeathPlace, r.Unit, r.Rank, r.SourceURL)
			}
			return t.writeText(e.stdout)
		}),
	}
	addFormatFlag(show, &showFormat, "table", "table", "json")
	cmd.AddCommand(list, show)
	return cmd
}

// personNames lists the distinct names a person's records give.
func personNames(p *reckon.Person) string {
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Records {
		n := r.DisplayName()
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return strings.Join(out, " | ")
}

// personDate gives the most precise birth or death date among the records,
// or the first one kept as written when none parsed.
func personDate(p *reckon.Person, birth bool) string {
	var best reckon.Date
	for _, r := range p.Records {
		d := r.DeathDate
		if birth {
			d = r.BirthDate
		}
		if d.Precision() > best.Precision() || best.IsZero() && !d.IsZero() {
			best = d // a date kept as written only when none parsed
		}
	}
	return fmt.Sprint(best)
}
