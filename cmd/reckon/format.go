package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/csvout"
)

// table is tabular output, printed aligned for people or as CSV.
type table struct {
	header []string
	rows   [][]string
	// asIs prints the header as given rather than in capitals.
	asIs bool
}

func (t *table) add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case *int64:
			if v != nil {
				row[i] = fmt.Sprint(*v)
			}
		default:
			row[i] = fmt.Sprint(v)
		}
	}
	t.rows = append(t.rows, row)
}

// writeText prints t aligned, with tabs and newlines in cells made spaces.
func (t *table) writeText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				io.WriteString(tw, "\t")
			}
			io.WriteString(tw, clean.Replace(c))
		}
		io.WriteString(tw, "\n")
	}
	upper := make([]string, len(t.header))
	for i, h := range t.header {
		upper[i] = h
		if !t.asIs {
			upper[i] = strings.ToUpper(h)
		}
	}
	line(upper)
	for _, r := range t.rows {
		line(r)
	}
	return tw.Flush()
}

// writeCSV writes t as CSV, quoting values that would start a
// spreadsheet formula (see csvout).
func (t *table) writeCSV(w io.Writer) error {
	cw := csvout.NewWriter(w, csvout.Escape)
	cw.Write(t.header)
	return cw.WriteAll(t.rows)
}

// write prints t as a table or CSV, or v as indented JSON.
func write(w io.Writer, format string, t *table, v any) error {
	switch format {
	case "table":
		return t.writeText(w)
	case "csv":
		return t.writeCSV(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if v == nil {
			v = []any{}
		}
		return enc.Encode(v)
	}
	return reckon.Errorf(reckon.EINVALID, "unknown format %q (want table, csv or json)", format)
}

func addFormatFlag(cmd *cobra.Command, p *string, def string, formats ...string) {
	if formats == nil {
		formats = []string{"table", "csv", "json"}
	}
	cmd.Flags().StringVar(p, "format", def, "output format: "+strings.Join(formats, ", "))
	setChoices(cmd, "format", false, formats...)
}

// bound formats one side of an interval: the number, or "" when unbounded.
func bound(p *int64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}

// parseBound reads an interval bound from a flag: a number, or "none"
// for an unbounded side.
func parseBound(flag, s string) (*int64, error) {
	if s == "none" || s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	if err != nil || n < 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "--%s %q: want a whole number, or none for no bound", flag, s)
	}
	return &n, nil
}
