package snapshot_test

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/snapshot"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// sample is one row for some tables, covering every type, null, bytes
// that are not UTF-8 and text that JSON escapes; the other tables are
// empty.
var sample = map[string][][]any{
	"sources": {
		{int64(1), "KCNA", "state_media", "B2", "https://kcna.example/?a=1&b=<2>", "line\nbreak \u2028 \"q\"",
			time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC)},
		{int64(2), "Yonhap", "media", "", "", "", time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("KST", 9*3600))},
	},
	"document_chunks": {
		{int64(1), int64(0), "국"},
		{int64(1), int64(3), "\xeb\xb0"},
	},
	"estimates": {
		{int64(1), "killed", "soldiers", "", "loglinear", "[12]", int64(15), 26.666666666666668, 18.25, nil, "", `["a","b"]`,
			"a,b,count\n", "00", "{}", int64(-7), "test", int64(3), "{}", "null", time.Date(2025, 1, 2, 0, 0, 0, 1, time.UTC),
			int64(20), 27.5, 17.25, nil},
		{int64(2), "killed", "soldiers", "", "minimum", "", int64(15), 1e21, -0.5, 5e-324, "", "null",
			"x", "00", "{}", int64(0), "", nil, "", "[]", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
			int64(0), nil, nil, nil},
	},
}

func writeSample(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	w, err := snapshot.NewWriter(&b)
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range snapshot.Tables {
		if err := w.Begin(t.Name); err != nil {
			tb.Fatal(err)
		}
		for _, row := range sample[t.Name] {
			if err := w.Row(row...); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestGolden pins the format: a change to it needs a new Version.
func TestGolden(t *testing.T) {
	got := writeSample(t)
	file := filepath.Join("testdata", "sample.golden")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("snapshot differs from %s (run go test -update if the change is meant):\n%s\nwant:\n%s", file, got, want)
	}
}

// TestReadBack reads what the writer wrote: the same values, times in
// UTC.
func TestReadBack(t *testing.T) {
	r, err := snapshot.NewReader(bytes.NewReader(writeSample(t)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][][]any{}
	for {
		tab, row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got[tab.Name] = append(got[tab.Name], append([]any(nil), row...))
	}
	for name, rows := range sample {
		for i, row := range rows {
			for j, v := range row {
				if tm, ok := v.(time.Time); ok {
					v = tm.UTC()
				}
				if g := got[name][i][j]; !reflect.DeepEqual(g, v) {
					t.Errorf("%s row %d column %d: read %#v, wrote %#v", name, i, j, g, v)
				}
			}
		}
	}
	if len(got) != len(sample) {
		t.Errorf("read rows of %d tables, wrote %d", len(got), len(sample))
	}
}

func TestWriterRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		row  []any
	}{
		{"wrong type", []any{"1", "x", "media", "", "", "", time.Now()}},
		{"int for a time", []any{int64(1), "x", "media", "", "", "", int64(0)}},
		{"null", []any{int64(1), nil, "media", "", "", "", time.Now()}},
		{"year 10000", []any{int64(1), "x", "media", "", "", "", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := snapshot.NewWriter(io.Discard)
			w.Begin("sources")
			if err := w.Row(tt.row...); err == nil {
				t.Fatal("Row accepted a bad value")
			}
			if err := w.Close(); err == nil {
				t.Fatal("Close after a refused row succeeded")
			}
		})
	}
	w, _ := snapshot.NewWriter(io.Discard)
	for _, tab := range snapshot.Tables {
		w.Begin(tab.Name)
		if tab.Name == "estimates" {
			break
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1)} {
		if err := w.Row(int64(1), "killed", "", "", "m", "", int64(1), f, 1.0, nil, "", "", "", "", "", int64(0), "", nil, "", "", time.Now(), int64(0), nil, nil, nil); err == nil {
			t.Errorf("Row accepted n_hat %v", f)
		}
	}
}

// FuzzReader feeds the reader damaged snapshots. It must not panic; an
// error must be an EINVALID *LineError naming a line of the input; what
// it accepts must read back the same after rewriting.
func FuzzReader(f *testing.F) {
	good, err := os.ReadFile(filepath.Join("testdata", "sample.golden"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	for _, v := range []string{"v4", "v5"} {
		if old, err := os.ReadFile(filepath.Join("testdata", v+".golden")); err == nil {
			f.Add(old) // an earlier version, read with defaults
		}
	}
	lines := strings.SplitAfter(string(good), "\n")
	for i := range lines {
		f.Add([]byte(strings.Join(lines[:i], "")))                                                // cut at a line
		f.Add([]byte(strings.Join(lines[:i], "") + strings.TrimSpace(lines[i])))                  // last newline missing
		f.Add([]byte(strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), ""))) // a line missing
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := readAll(in)
		if err != nil {
			var le *snapshot.LineError
			if !errors.As(err, &le) || reckon.ErrorCode(err) != reckon.EINVALID {
				t.Fatalf("error %v is not an EINVALID *LineError", err)
			}
			if n := bytes.Count(in, []byte("\n")) + 1; le.Line < 1 || le.Line > n+1 {
				t.Fatalf("error names line %d of a %d-line input: %v", le.Line, n, err)
			}
			return
		}
		var b bytes.Buffer
		w, _ := snapshot.NewWriter(&b)
		i := 0
		for _, tab := range snapshot.Tables {
			w.Begin(tab.Name)
			for ; i < len(rows) && rows[i].table == tab.Name; i++ {
				if err := w.Row(rows[i].vals...); err != nil {
					t.Fatalf("rewriting an accepted row: %v", err)
				}
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		again, err := readAll(b.Bytes())
		if err != nil {
			t.Fatalf("reading a rewritten snapshot: %v", err)
		}
		if !reflect.DeepEqual(again, rows) {
			t.Fatalf("rows changed on rewriting")
		}
	})
}

type row struct {
	table string
	vals  []any
}

func readAll(in []byte) ([]row, error) {
	r, err := snapshot.NewReader(bytes.NewReader(in))
	if err != nil {
		return nil, err
	}
	var out []row
	for {
		t, vals, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, row{t.Name, append([]any(nil), vals...)})
	}
}

// TestReadOlderVersions reads backups that earlier versions of reckon
// wrote: the tables and columns added since read as empty and zero.
func TestReadOlderVersions(t *testing.T) {
	v4, err := os.ReadFile(filepath.Join("testdata", "v4.golden"))
	if err != nil {
		t.Fatal(err)
	}
	const row = `[7,1,"l","r1","Kim","Chol","","M","","","","","","","",""]`
	withRecord := func(s string) string {
		var out []string
		for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
			out = append(out, line)
			if strings.HasPrefix(line, `{"table":"records"`) {
				out = append(out, row)
			}
		}
		return strings.Replace(strings.Join(out, "\n")+"\n", `"records":0`, `"records":1`, 1)
	}
	// Version 1: no audit log, users or tokens, claims without a version.
	var v1 []string
	for _, line := range strings.Split(strings.TrimSuffix(string(v4), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, `{"format"`):
			line = strings.Replace(line, `"version":4`, `"version":1`, 1)
		case strings.HasPrefix(line, `{"table":"claims"`):
			line = strings.Replace(line, `,{"name":"version","type":"int"}]}`, `]}`, 1)
		case strings.HasPrefix(line, `{"table":"users"`), strings.HasPrefix(line, `{"table":"tokens"`), strings.HasPrefix(line, `{"table":"audit_events"`):
			continue
		case strings.HasPrefix(line, `{"end"`):
			for _, name := range []string{"audit_events", "tokens", "users"} {
				line = strings.Replace(line, `"`+name+`":0,`, "", 1)
				line = strings.Replace(line, `,"`+name+`":0`, "", 1)
			}
		}
		v1 = append(v1, line)
	}
	for name, text := range map[string]string{"v4": withRecord(string(v4)), "v1": withRecord(strings.Join(v1, "\n") + "\n")} {
		t.Run(name, func(t *testing.T) {
			r, err := snapshot.NewReader(strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			var rec []any
			for {
				tab, row, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if tab.Name == "records" {
					rec = append([]any(nil), row...)
				}
			}
			if len(rec) != 18 {
				t.Fatalf("record row %v, want 18 values", rec)
			}
			if rec[3] != "r1" || rec[16] != "" || rec[17] != false {
				t.Errorf("record row %v: want r1 with sensitive \"\" and embargoed false", rec)
			}
		})
	}
	// Version 5: estimates without their linkage interval, which reads
	// as no draws and nulls.
	v5, err := os.ReadFile(filepath.Join("testdata", "v5.golden"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := snapshot.NewReader(strings.NewReader(string(v5)))
	if err != nil {
		t.Fatal(err)
	}
	var ests [][]any
	for {
		tab, row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if tab.Name == "estimates" {
			ests = append(ests, append([]any(nil), row...))
		}
	}
	if len(ests) != 2 {
		t.Fatalf("v5: %d estimates, want 2", len(ests))
	}
	for _, e := range ests {
		if len(e) != 25 || e[21] != int64(0) || e[22] != nil || e[23] != nil || e[24] != nil || e[4] == "" {
			t.Errorf("v5 estimate %v: want 25 values ending 0, nil, nil, nil", e)
		}
	}
	// A snapshot from a newer reckon is refused plainly.
	newer := strings.Replace(string(v4), `"version":4`, `"version":99`, 1)
	if _, err := snapshot.NewReader(strings.NewReader(newer)); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("version 99: %v, want an error naming it", err)
	}
}
