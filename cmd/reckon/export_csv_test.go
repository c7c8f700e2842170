package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/csvout"
	"github.com/reckonhq/reckon/sqlite"
)

// TestExportsDefuseFormulas: every CSV the command line writes for people
// (the exports, public or not, and the lists' --format csv) quotes the
// values a spreadsheet would run as formulas, in every column, and leaves
// plain numbers such as -5 alone; --raw writes them as they are, and a raw
// record export imports back to the same records (issue 11, item 13).
func TestExportsDefuseFormulas(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	reckonRun(t, "init", ws)
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("=HYPERLINK(\"http://x\") Officials said that at least 300 soldiers were killed.\n"), 0o644)
	families := filepath.Join(dir, "families.csv")
	os.WriteFile(families, []byte("record_id,list,family_name,given_name,name,death_place,unit,rank,home_town,age,relative_phone\n"+
		"=1,families,=Kim,+Chol,@name,-place,\t=unit,\r=rank,=town,-5,+850 2 123\n"+
		"f2,families,Ri,Su,,,,,,-2+3,=cmd|' /C calc'!A0\n"), 0o644)
	reckonRun(t, "-w", ws, "source", "add", "--name", "Yonhap", "--kind", "media")
	reckonRun(t, "-w", ws, "add", article, "--source", "Yonhap")
	reckonRun(t, "-w", ws, "--user", "=ana", "claims", "reject", "1", "--why", "@why")
	reckonRun(t, "-w", ws, "import", "records", families, "--sensitive", "relative_phone")
	s, err := sqlite.Open(context.Background(), filepath.Join(ws, dbName))
	if err != nil {
		t.Fatal(err)
	}
	err = s.SaveEstimate(context.Background(), &reckon.Estimate{Measure: reckon.Killed, Method: "minimum", Population: "=pop", Stratum: "-stratum",
		Input: "a,count\n1,2\n", NHat: 2, Lower: 2, Upper: 2})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{
		{"export", "claims"},
		{"export", "records"},
		{"export", "records", "--public"},
		{"export", "estimates"},
		{"records", "list", "--format", "csv"},
		{"estimate", "list", "--format", "csv"},
		{"audit", "log", "--format", "csv"},
	} {
		name := strings.Join(args, " ")
		out := reckonRun(t, append([]string{"-w", ws}, args...)...)
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		defused := 0
		for _, row := range rows {
			for _, v := range row {
				if csvout.Cell(v) != v {
					t.Errorf("%s: cell %q would run as a formula", name, v)
				}
				if strings.HasPrefix(v, "'") {
					defused++
				}
				if v == "'-5" {
					t.Errorf("%s: the number -5 was quoted", name)
				}
			}
		}
		if defused == 0 {
			t.Errorf("%s: no formula of the fixture reached it:\n%s", name, out)
		}
		if args[0] != "export" {
			continue
		}
		raw := reckonRun(t, append([]string{"-w", ws}, append(args, "--raw")...)...)
		if strings.Contains(raw, ",'") || !strings.Contains(raw, "=") {
			t.Errorf("%s --raw quoted a value:\n%s", name, raw)
		}
	}

	// A raw export imports back to the same records.
	exported := filepath.Join(dir, "exported.csv")
	reckonRun(t, "-w", ws, "export", "records", "--raw", "--out", exported)
	back := filepath.Join(dir, "back")
	reckonRun(t, "init", back)
	reckonRun(t, "-w", back, "import", "records", exported)
	if a, b := reckonRun(t, "-w", ws, "export", "records", "--raw", "--format", "json"), reckonRun(t, "-w", back, "export", "records", "--raw", "--format", "json"); stripIDs(a) != stripIDs(b) {
		t.Errorf("records after a raw export and import:\n%s\nwant:\n%s", b, a)
	}
}

// stripIDs drops the lines of JSON that hold store ids.
func stripIDs(s string) string {
	var keep []string
	for l := range strings.SplitSeq(s, "\n") {
		if !strings.Contains(l, `"id"`) && !strings.Contains(l, `"person_id"`) && !strings.Contains(l, `"source_id"`) && !strings.Contains(l, `"import_id"`) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
