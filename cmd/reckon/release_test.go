package main

import (
	"path/filepath"
	"strings"
	"testing"
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
