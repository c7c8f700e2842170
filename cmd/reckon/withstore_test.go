package main

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestWithStore (issue 12): the commands that only read the store open
// it through one helper; a bad ID is said before the workspace is looked
// for, a missing workspace after.
func TestWithStore(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"estimate", "show", "x"}, `estimate id "x": want a positive whole number`},
		{[]string{"persons", "show", "1.5"}, `person id "1.5": want a positive whole number`},
		{[]string{"claims", "show", "0"}, `claim id "0": want a positive whole number`},
		{[]string{"estimate", "show", "4"}, "is not a workspace"},
		{[]string{"source", "list"}, "is not a workspace"},
		{[]string{"user", "list"}, "is not a workspace"},
	}
	for _, tt := range tests {
		var out, errb strings.Builder
		code := run(context.Background(), append([]string{"--workspace", empty}, tt.args...), strings.NewReader(""), &out, &errb)
		if code == exitOK || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("reckon %s: exit %d, stderr %q; want %q", strings.Join(tt.args, " "), code, errb.String(), tt.want)
		}
	}
	ws := mustDemo(t)
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"--workspace", ws, "estimate", "show", "999"}, strings.NewReader(""), &out, &errb); code == exitOK || !strings.Contains(errb.String(), "999") {
		t.Errorf("estimate show 999: exit %d, %q", code, errb.String())
	}
}

// TestCommandsOpenStoreThroughHelper (issue 12): no command opens the
// workspace's store by hand ("open store, defer close"): each goes
// through withStore, withStoreID or useStore, so that closing, and
// reporting Close's error, live in one place.
func TestCommandsOpenStoreThroughHelper(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "withstore.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "openStore" {
				t.Errorf("%s: a command opens the store by hand; use withStore, withStoreID or useStore", fset.Position(call.Pos()))
			}
			return true
		})
	}
}
