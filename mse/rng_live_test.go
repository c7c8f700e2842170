package mse

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestRNGLive checks that every function and method declared in the
// generator files (rng.go, rrng.go) is reached from the package's
// non-test code (issue 12: code that only tests reach lives in _test.go
// files). A declaration is live when code outside these files, or a live
// declaration, names it.
func TestRNGLive(t *testing.T) {
	gen := map[string]bool{"rng.go": true, "rrng.go": true}
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	key := func(method bool, name string) string {
		if method {
			return "method " + name
		}
		return "func " + name
	}
	users := map[string]map[string]bool{} // declaration -> declarations naming it ("" outside the generator files)
	type unit struct {
		node ast.Node
		user string
	}
	var units []unit
	fset := token.NewFileSet()
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			user := ""
			if fd, ok := d.(*ast.FuncDecl); ok && gen[name] && fd.Name.Name != "init" {
				user = key(fd.Recv != nil, fd.Name.Name)
				users[user] = map[string]bool{}
			}
			units = append(units, unit{d, user})
		}
	}
	for _, u := range units {
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					ast.Inspect(n.Body, visit)
				}
				return false
			case *ast.SelectorExpr:
				if m := users[key(true, n.Sel.Name)]; m != nil {
					m[u.user] = true
				}
				ast.Inspect(n.X, visit)
				return false
			case *ast.Ident:
				if m := users[key(false, n.Name)]; m != nil {
					m[u.user] = true
				}
			}
			return true
		}
		ast.Inspect(u.node, visit)
	}
	live := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for k, us := range users {
			for u := range us {
				if !live[k] && (u == "" || u != k && live[u]) {
					live[k], changed = true, true
				}
			}
		}
	}
	for k := range users {
		if !live[k] {
			t.Errorf("%s in rng.go or rrng.go is reached only from tests: move it to a _test.go file", k)
		}
	}
}
