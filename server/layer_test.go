package server_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestServerImportsOnlyEdge (issue 12): the server parses input and
// renders output; the stages are pipeline's. Its code imports, of this
// module, the root, pipeline, and the leaves that only format or hash
// (figure: numbers and intervals for people, shared with report and
// the CLI; csvout: a CSV writer; auth: password and token hashes;
// release: the signed files of a frozen public view and the feed
// between them, which reads only the root's Store through its redacted
// view and is shared with the CLI),
// never a stage package (mse, listcsv, linkage, reconcile, extract …).
func TestServerImportsOnlyEdge(t *testing.T) {
	const module = "github.com/reckonhq/reckon"
	allowed := map[string]bool{module: true, module + "/pipeline": true, module + "/figure": true, module + "/csvout": true, module + "/auth": true, module + "/release": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if (path == module || strings.HasPrefix(path, module+"/")) && !allowed[path] {
				t.Errorf("%s imports %s: the server reaches the stages through pipeline", name, path)
			}
		}
	}
}
