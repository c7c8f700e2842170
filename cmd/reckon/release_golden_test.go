package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGoldenRelease holds the output of the release commands on a copy
// of the demo workspace (issue 16), as TestGoldenCLI the others'. Hashes
// of what holds the time of the release, and the dates, are normalised.
func TestGoldenRelease(t *testing.T) {
	demo := mustDemo(t)
	dir := t.TempDir()
	for _, name := range []string{dbName, dbName + "-wal", dbName + "-shm"} {
		copyFile(t, filepath.Join(demo, name), filepath.Join(dir, name))
	}
	key, _ := filepath.Abs("testdata/release/test.key")
	notes, _ := filepath.Abs("testdata/release/notes.md")
	hash := regexp.MustCompile(`[0-9a-f]{64}`)
	date := regexp.MustCompile(`\(\d{4}-\d\d-\d\d\)`)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"release_create", []string{"release", "create", "--name", "2026.1", "--notes", notes, "--key", key}},
		{"release_create_again", []string{"release", "create", "--name", "2026.2", "--key", key}},
		{"release_list", []string{"release", "list"}},
		{"release_show", []string{"release", "show", "2026.1"}},
		{"release_verify", []string{"release", "verify", "2026.1", "--key", key}},
		{"release_diff", []string{"release", "diff", "2026.1", "2026.2"}},
		{"release_taken", []string{"release", "create", "--name", "2026.1", "--key", key}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb strings.Builder
			code := run(context.Background(), append([]string{"--workspace", dir}, tt.args...), strings.NewReader(""), &out, &errb)
			got := out.String()
			if errb.Len() > 0 || code != exitOK {
				got += "--- stderr\n" + errb.String() + "--- exit " + string(rune('0'+code)) + "\n"
			}
			got = strings.NewReplacer(dir, "WORKSPACE", key, "KEY", notes, "NOTES").Replace(got)
			got = date.ReplaceAllString(hash.ReplaceAllString(normalise(got), "HASH"), "(DATE)")
			checkGolden(t, "cli_"+tt.name, got)
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
