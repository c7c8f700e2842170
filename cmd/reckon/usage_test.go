package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/sqlite"
)

// TestBadUsageExits2: a bad flag value, or flags that do not go together,
// is bad usage on every command: exit status 2 with one line on stderr
// naming the flag, before anything is opened (issue 15: --method foo,
// --format pdf, --low abc and --encoding latin9 exited 1).
func TestBadUsageExits2(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws")
	if code := run(context.Background(), []string{"init", ws}, strings.NewReader(""), &strings.Builder{}, &strings.Builder{}); code != exitOK {
		t.Fatalf("init: exit %d", code)
	}
	for _, tt := range []struct {
		name string
		args []string
		flag string // named on stderr
	}{
		{"estimate method", []string{"estimate", "--method", "foo"}, "--method"},
		{"estimate one bad method of a list", []string{"estimate", "--method", "loglinear,foo"}, "--method"},
		{"estimate list method", []string{"estimate", "list", "--method", "foo"}, "--method"},
		{"report format", []string{"report", "--format", "docx"}, "--format"},
		{"table format", []string{"claims", "list", "--format", "xml"}, "--format"},
		{"export format", []string{"export", "claims", "--format", "xml"}, "--format"},
		{"measure", []string{"claims", "list", "--measure", "eaten"}, "--measure"},
		{"status", []string{"claims", "list", "--status", "nope"}, "--status"},
		{"low bound", []string{"claims", "edit", "1", "--low", "abc"}, "--low"},
		{"high bound", []string{"claims", "edit", "1", "--high", "-3"}, "--high"},
		{"qualifier", []string{"claims", "edit", "1", "--qualifier", "lots"}, "--qualifier"},
		{"encoding", []string{"import", "records", "x.csv", "--encoding", "latin9"}, "--encoding"},
		{"delimiter", []string{"import", "records", "x.csv", "--delimiter", "ab"}, "--delimiter"},
		{"grade", []string{"source", "add", "--name", "x", "--kind", "media", "--grade", "Z9"}, "--grade"},
		{"source kind", []string{"source", "add", "--name", "x", "--kind", "blog"}, "--kind"},
		{"published", []string{"add", "x.txt", "--source", "x", "--published", "yesterday"}, "--published"},
		{"lang", []string{"extract", "--lang", "fr", "x.txt"}, "--lang"},
		{"mse method", []string{"mse", "x.csv", "--method", "foo"}, "--method"},
		{"role", []string{"user", "add", "ana", "--role", "king"}, "--role"},
		{"link sensitivity", []string{"estimate", "--link-sensitivity", "2"}, "--link-sensitivity"},
		{"review bounds", []string{"review", "--min", "0.9", "--max", "0.1"}, "--min"},
		{"tls halves", []string{"serve", "--tls-cert", "c.pem"}, "--tls-cert"},
		{"unknown flag", []string{"claims", "list", "--bogus"}, "--bogus"},
		{"id not a number", []string{"claims", "show", "twelve"}, "claim id"},
		{"id not positive", []string{"estimate", "show", "0"}, "estimate id"},
		{"release name", []string{"release", "create", "--name", "../x"}, "--name"}, // issue 16
		{"release format", []string{"release", "diff", "a", "b", "--format", "csv"}, "--format"},
		{"release verify both", []string{"release", "verify", "2026.1", "--dir", "x"}, "--dir"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb strings.Builder
			args := append([]string{"--workspace", ws}, tt.args...)
			code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
			if code != exitUsage {
				t.Errorf("reckon %s: exit %d, want %d (bad usage); stderr %q", strings.Join(tt.args, " "), code, exitUsage, errb.String())
			}
			msg := errb.String()
			if !strings.HasPrefix(msg, "reckon: ") || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tt.flag) {
				t.Errorf("reckon %s: stderr %q, want one line naming %s", strings.Join(tt.args, " "), msg, tt.flag)
			}
		})
	}
	// A good value is not refused: the command runs (and may fail on its
	// work with 1, never 2).
	for _, args := range [][]string{
		{"estimate", "list", "--method", "minimum"},
		{"claims", "list", "--measure", "killed", "--status", "merged", "--format", "csv"},
		{"report", "--format", "md"},
	} {
		var out, errb strings.Builder
		if code := run(context.Background(), append([]string{"--workspace", ws}, args...), strings.NewReader(""), &out, &errb); code == exitUsage {
			t.Errorf("reckon %s: exit 2 for good usage: %s", strings.Join(args, " "), errb.String())
		}
	}
}

// TestEstimateShowRounds: estimate show writes an estimate by the one
// rounding rule of the report and the pages (issue 15: 2,868 here, 2,869
// in the report).
func TestEstimateShowRounds(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws")
	if code := run(context.Background(), []string{"init", ws}, strings.NewReader(""), &strings.Builder{}, &strings.Builder{}); code != exitOK {
		t.Fatalf("init: exit %d", code)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(ws, dbName))
	if err != nil {
		t.Fatal(err)
	}
	e := &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: "loglinear", NHat: 2868.5, Lower: 2500.5, Upper: 3100.5, Observed: 2000, Input: "a,b,count\n1,0,1\n"}
	if err := s.SaveEstimate(ctx, e); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var out, errb strings.Builder
	if code := run(ctx, []string{"--workspace", ws, "estimate", "show", strconv.FormatInt(e.ID, 10)}, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("estimate show: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"2,869", "[2,501, 3,101]"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("estimate show lacks %q:\n%s", want, out.String())
		}
	}
}

// TestAddRefusesEmptyAndBinary: reckon add refuses an empty, blank or
// binary file with one line saying why, and stores nothing (issue 15).
func TestAddRefusesEmptyAndBinary(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	ctx := context.Background()
	for _, args := range [][]string{{"init", ws}, {"--workspace", ws, "source", "add", "--name", "Yonhap", "--kind", "media"}} {
		if code := run(ctx, args, strings.NewReader(""), &strings.Builder{}, &strings.Builder{}); code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
	}
	for _, tt := range []struct{ name, text, want string }{
		{"empty.txt", "", "the text is empty"},
		{"blank.txt", "\n \n", "white space"},
		{"report.pdf", "%PDF-1.4\n", "this is a PDF"},
	} {
		file := filepath.Join(dir, tt.name)
		if err := os.WriteFile(file, []byte(tt.text), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errb strings.Builder
		code := run(ctx, []string{"--workspace", ws, "add", file, "--source", "Yonhap"}, strings.NewReader(""), &out, &errb)
		if code != exitError || !strings.Contains(errb.String(), tt.want) || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("add %s: exit %d, stderr %q; want 1 and one line saying %q", tt.name, code, errb.String(), tt.want)
		}
	}
	s, err := sqlite.Open(ctx, filepath.Join(ws, dbName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if docs, err := s.Documents(ctx, reckon.DocumentFilter{}); err != nil || len(docs) != 0 {
		t.Errorf("documents stored: %d (%v), want none", len(docs), err)
	}
}
