package main

import (
	"context"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
)

func TestMain(m *testing.M) {
	// Cheap password hashes: `reckon user` hashes with auth.DefaultParams
	// (64 MiB, 3 passes), most of the scripts' time (issue 12); a hash
	// records its parameters, so checking one is unaffected.
	auth.DefaultParams = auth.Params{Memory: 64, Time: 1, Threads: 1}
	testscript.Main(removingDemo{m}, map[string]func(){
		"reckon": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line contract in testdata/script: each
// txtar file is a session of commands with their exit status, stdout and
// stderr.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("RECKON_USER", "tester")
			return nil
		},
	})
}

// Issue 15: reckon version and --version say the version and the build.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out, errb strings.Builder
		if code := run(context.Background(), args, strings.NewReader(""), &out, &errb); code != exitOK {
			t.Fatalf("reckon %v: exit %d, %s", args, code, errb.String())
		}
		if got := out.String(); !strings.HasPrefix(got, "reckon "+reckon.Version+" (commit ") || !strings.Contains(got, runtime.Version()) {
			t.Errorf("reckon %v printed %q", args, got)
		}
	}
}
