package reckon_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// storeOnly are the root's exported functions that only the stores call,
// and why each is the root's all the same: a rule about a domain value
// that any caller may apply, not a piece of how a store works (those live
// in internal/storerule).
var storeOnly = map[string]string{
	"ActorFrom":        "the reading half of WithActor's context contract",
	"CheckLang":        "what a document's language code is, like ParseMeasure",
	"CheckNewUserName": "which user names may stand together, beside ConfusableUserNames",
	"InputHash":        "the definition of Estimate.InputHash, which Estimate.Validate checks",
	"RemovesAdmin":     "the rule that a workspace keeps an enabled admin, beside User.Validate",
}

// TestStoreOnlyHelpers: a function the root exports only for the stores
// is not part of its API (issue 12: CheckPartition, KeepPersonIDs,
// CheckVersion, EventHash and others were exported for the two stores to
// share); it belongs in internal/storerule.
func TestStoreOnlyHelpers(t *testing.T) {
	fset := token.NewFileSet()
	exported := map[string]bool{}
	users := map[string]map[string]bool{} // function -> packages (folders) that call it
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if dir == "." {
			for _, decl := range f.Decls {
				if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.IsExported() {
					exported[fn.Name.Name] = true
				}
			}
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "reckon" {
					if users[sel.Sel.Name] == nil {
						users[sel.Sel.Name] = map[string]bool{}
					}
					users[sel.Sel.Name][filepath.ToSlash(dir)] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	stores := []string{"sqlite", "postgres", "storetest", "internal/storerule"}
	for name := range exported {
		var others []string
		for dir := range users[name] {
			if !slices.Contains(stores, dir) {
				others = append(others, dir)
			}
		}
		if len(users[name]) > 0 && len(others) == 0 && storeOnly[name] == "" {
			t.Errorf("reckon.%s is used only by the stores: move it to internal/storerule, or say in storeOnly why it is the root's", name)
		}
	}
	for name := range storeOnly {
		if !exported[name] {
			t.Errorf("storeOnly names %s, which the root no longer exports", name)
		}
	}
}
