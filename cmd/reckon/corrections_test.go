package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorrectionsCLI walks the correction queue from the command line: a
// report received by letter is queued on the person of a record; list
// shows it without the reporter's contact, show with it; withholding
// embargoes the person's records in both lists and closes the report;
// resolving it again is refused (exit 1), a resolve without a decision is
// bad usage (exit 2), and a bad --status too.
func TestCorrectionsCLI(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	runOK(t, "init", ws)
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("kcna.csv", "record_id,family_name,given_name,birth_date\nk1,김,철수,2001-03-04\nk2,박,영일,1999-01-02\n")
	b := write("gur.csv", "record_id,family_name,given_name,birth_date\ng7,Кім,Чхоль Су,2001-03-04\n")
	runOK(t, "import", "records", a, "-w", ws)
	runOK(t, "import", "records", b, "-w", ws)
	runOK(t, "link", "-w", ws)

	out := runOK(t, "corrections", "add", "kcna/k1", "--kind", "withhold", "--text", "the family asks", "--reporter", "his mother", "--contact", "MKCONTACT-7", "-w", ws)
	if !strings.Contains(out, "report 1 queued") {
		t.Fatalf("add: %q", out)
	}
	if out := runOK(t, "corrections", "list", "--status", "open", "--format", "json", "-w", ws); strings.Contains(out, "MKCONTACT") || strings.Contains(out, "his mother") || !strings.Contains(out, `"has_contact": true`) {
		t.Errorf("list shows the reporter or hides that there is one:\n%s", out)
	}
	if out := runOK(t, "corrections", "show", "1", "-w", ws); !strings.Contains(out, "MKCONTACT-7") {
		t.Errorf("show hides the contact:\n%s", out)
	}
	out = runOK(t, "corrections", "resolve", "1", "--withhold", "--note", "letter of 2026-03-02", "-w", ws)
	if !strings.Contains(out, "report 1: withheld") || !strings.Contains(out, "gur/g7") || !strings.Contains(out, "kcna/k1") {
		t.Errorf("resolve: %q", out)
	}
	recs := runOK(t, "records", "list", "--format", "json", "-w", ws)
	if n := strings.Count(recs, `"embargoed": true`); n != 2 {
		t.Errorf("%d records embargoed, want 2:\n%s", n, recs)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"corrections", "resolve", "1", "--reject", "--note", "no"}, exitError, "withheld already"},
		{[]string{"corrections", "resolve", "1", "--note", "no"}, exitUsage, "one of --accept"},
		{[]string{"corrections", "list", "--status", "done"}, exitUsage, "--status"},
		{[]string{"corrections", "add", "kcna/nobody", "--text", "x"}, exitError, "not found"},
	} {
		var o, e strings.Builder
		code := run(context.Background(), append(tc.args, "-w", ws), strings.NewReader(""), &o, &e)
		if code != tc.code || !strings.Contains(e.String(), tc.msg) {
			t.Errorf("reckon %s: exit %d, %q; want %d and %q", strings.Join(tc.args, " "), code, e.String(), tc.code, tc.msg)
		}
	}
}
