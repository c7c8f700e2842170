package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reckonhq/reckon/sqlite"
)

// TestReleaseKeyPath: the release key is --key, else $RECKON_RELEASE_KEY,
// else release.key in the workspace folder; a PostgreSQL workspace has
// no folder, so it needs one of the first two.
func TestReleaseKeyPath(t *testing.T) {
	ws := t.TempDir()
	tests := []struct {
		name    string
		e       env
		flag    string
		want    string // or the error's text
		wantErr bool
	}{
		{"flag", env{workspace: ws}, "k.pem", "k.pem", false},
		{"environment", env{workspace: ws, getenv: envOf("RECKON_RELEASE_KEY", "/keys/r.pem")}, "", "/keys/r.pem", false},
		{"flag over environment", env{workspace: ws, getenv: envOf("RECKON_RELEASE_KEY", "/keys/r.pem")}, "k.pem", "k.pem", false},
		{"workspace", env{workspace: ws}, "", filepath.Join(ws, "release.key"), false},
		{"postgres without a key", env{db: "postgres://h/db"}, "", "pass --key FILE or set RECKON_RELEASE_KEY", true},
		{"postgres from the environment", env{getenv: envOf("RECKON_DB", "postgres://h/db")}, "", "pass --key FILE", true},
		{"postgres with a key", env{db: "postgres://h/db"}, "k.pem", "k.pem", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.e.getenv == nil {
				tt.e.getenv = envOf()
			}
			got, err := tt.e.releaseKeyPath(tt.flag)
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %q, %v; want an error saying %q", got, err, tt.want)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func envOf(kv ...string) func(string) string {
	return func(k string) string {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == k {
				return kv[i+1]
			}
		}
		return ""
	}
}

// TestReleaseVerifyStored: reckon release verify NAME finds a file of a
// stored release edited, added or removed in the database itself.
func TestReleaseVerifyStored(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name, sql, want string
	}{
		{"intact", "", ""},
		{"edited", `UPDATE release_files SET data = CAST('list,record_id' || char(10) AS BLOB) WHERE name = 'records.csv'`, "records.csv: edited"},
		{"added", `INSERT INTO release_files (release_id, name, sha256, size, data) VALUES (1, 'extra.csv', 'x', 1, CAST('x' AS BLOB))`, "extra.csv: added"},
		{"removed", `DELETE FROM release_files WHERE name = 'persons.json'`, "persons.json: removed"},
		{"manifest swapped", `UPDATE release_files SET data = CAST('{}' AS BLOB) WHERE name = 'manifest.json'`, "not the one stored with it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ws := filepath.Join(t.TempDir(), "ws")
			cli := func(args ...string) (int, string) {
				var out, errb strings.Builder
				code := run(ctx, append([]string{"--workspace", ws}, args...), strings.NewReader(""), &out, &errb)
				return code, out.String() + errb.String()
			}
			if code, out := cli("init", ws); code != exitOK {
				t.Fatal(out)
			}
			if code, out := cli("release", "create", "--name", "2026.1"); code != exitOK {
				t.Fatal(out)
			}
			if tt.sql != "" {
				s, err := sqlite.Open(ctx, filepath.Join(ws, dbName))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.DB().ExecContext(ctx, tt.sql); err != nil {
					t.Fatal(err)
				}
				s.Close()
			}
			code, out := cli("release", "verify", "2026.1")
			if tt.want == "" {
				if code != exitOK || !strings.Contains(out, "release 2026.1 verifies") {
					t.Fatalf("exit %d: %s", code, out)
				}
				return
			}
			if code != exitError || !strings.Contains(out, tt.want) {
				t.Fatalf("exit %d, want %d saying %q: %s", code, exitError, tt.want, out)
			}
		})
	}
}
