package pipeline_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/listcsv"
	"github.com/reckonhq/reckon/pipeline"
)

// TestImportRecords (issue 12): the one import stage of the CLI and the
// server: the list from the file name, the content's hash, "already
// imported", values kept as written, the dialect and CSV errors with
// their place.
func TestImportRecords(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	csv := "record_id,family_name,death_date\nr1,Kim,1951-03-02\nr2,Pak,1951-13-40\n"
	// A plain reader (not a seeker) is spooled; a seeker is read twice.
	plain := func(s string) io.Reader { return io.MultiReader(strings.NewReader(s)) }
	res, err := pipeline.ImportRecords(ctx, s, plain(csv), pipeline.ImportOptions{File: "/tmp/lists/kcna_2024.csv"})
	if err != nil {
		t.Fatal(err)
	}
	imp := res.Import
	if !res.Created || res.List != "kcna_2024" || imp.List != "kcna_2024" || imp.File != "kcna_2024.csv" || imp.Records != 2 || len(imp.Hash) != 64 {
		t.Errorf("first import: %+v, import %+v", res, imp)
	}
	if res.KeptAsWritten.Count() != 1 || res.Dialect.Delimiter != ',' {
		t.Errorf("kept as written %d, dialect %+v", res.KeptAsWritten.Count(), res.Dialect)
	}
	again, err := pipeline.ImportRecords(ctx, s, strings.NewReader(csv), pipeline.ImportOptions{File: "other-name.csv", List: "press"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.Import.ID != imp.ID || again.KeptAsWritten.Count() != 0 {
		t.Errorf("the same content again: %+v, import %+v; want the first import, nothing changed", again, again.Import)
	}
	// The list given names rows without one; the file name is kept.
	res, err = pipeline.ImportRecords(ctx, s, strings.NewReader("record_id\nx1\n"), pipeline.ImportOptions{File: "a.csv", List: "gur"})
	if err != nil || res.Import.List != "gur" || res.Import.File != "a.csv" {
		t.Errorf("with a list: %+v, %v", res, err)
	}
	// A list without a file name.
	res, err = pipeline.ImportRecords(ctx, s, strings.NewReader("record_id\ny1\n"), pipeline.ImportOptions{List: "captured"})
	if err != nil || res.Import.File != "captured.csv" {
		t.Errorf("list only: %+v, %v", res, err)
	}
	if _, err := pipeline.ImportRecords(ctx, s, strings.NewReader("record_id\nz\n"), pipeline.ImportOptions{}); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("no file or list: %v", err)
	}
	// A bad row: the place, and nothing kept.
	res, err = pipeline.ImportRecords(ctx, s, plain("record_id,name\nq1,A\n,B\n"), pipeline.ImportOptions{File: "bad.csv"})
	var bad *listcsv.Error
	if !errors.As(err, &bad) || bad.Line != 3 || bad.File != "bad.csv" || res == nil {
		t.Fatalf("bad row: %v (%#v), result %v", err, bad, res)
	}
	if recs, err := s.Records(ctx, reckon.RecordFilter{List: "bad"}); err != nil || len(recs) != 0 {
		t.Errorf("records of a refused file: %d, %v", len(recs), err)
	}
	// Strict refuses a value that does not parse.
	if _, err := pipeline.ImportRecords(ctx, s, strings.NewReader(csv+"r3,Ri,1950\n"), pipeline.ImportOptions{File: "strict.csv", Read: listcsv.Options{Strict: true}}); err == nil {
		t.Error("strict import of a bad date: no error")
	}
}
