package snapshottest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/reckonhq/reckon/snapshot"
)

// Case is a malformed snapshot and the line whose error refuses it.
type Case struct {
	Name  string
	Input string
	Line  int // 0: any line, for a row that the database refuses
}

// Malformed returns malformed variants of good, the snapshot of a store
// filled by [Fill]: a bad header, unknown or misplaced tables and
// columns, lines cut short, values of the wrong type, rows that break a
// key or a reference, wrong row counts.
func Malformed(good []byte) []Case {
	ls := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
	join := func(ls []string) string { return strings.Join(ls, "\n") + "\n" }
	find := func(table string) int {
		i := slices.IndexFunc(ls, func(l string) bool { return strings.HasPrefix(l, `{"table":"`+table+`"`) })
		if i < 0 {
			panic("snapshottest: no table " + table)
		}
		return i
	}
	replace := func(i int, l string) string {
		c := slices.Clone(ls)
		c[i] = l
		return join(c)
	}
	insert := func(i int, l string) string { return join(slices.Insert(slices.Clone(ls), i, l)) }
	// row returns the index of a table's row and the row with a column set.
	row := func(table string, n int, col string, raw string) (int, string) {
		i := find(table) + 1 + n
		var vals []json.RawMessage
		if err := json.Unmarshal([]byte(ls[i]), &vals); err != nil {
			panic(err)
		}
		t := snapshot.Tables[slices.IndexFunc(snapshot.Tables, func(t *snapshot.Table) bool { return t.Name == table })]
		j := slices.IndexFunc(t.Columns, func(c snapshot.Column) bool { return c.Name == col })
		if raw == "" {
			vals = vals[:len(vals)-1]
		} else {
			vals[j] = json.RawMessage(raw)
		}
		b, _ := json.Marshal(vals)
		return i, string(b)
	}
	set := func(name, table string, n int, col, raw string, anyLine bool) Case {
		i, l := row(table, n, col, raw)
		c := Case{Name: name, Input: replace(i, l), Line: i + 1}
		if anyLine {
			c.Line = 0
		}
		return c
	}
	firstID, _ := row("sources", 0, "id", "0")
	var first []json.RawMessage
	json.Unmarshal([]byte(ls[firstID]), &first)
	recs := find("records") + 1
	last := len(ls) - 1

	return []Case{
		{"empty", "", 1},
		{"not a snapshot", replace(0, `{"hello":"world"}`), 1},
		{"bad version", replace(0, fmt.Sprintf(`{"format":%q,"version":99}`, snapshot.Format)), 1},
		{"header member", replace(0, fmt.Sprintf(`{"format":%q,"version":%d,"x":1}`, snapshot.Format, snapshot.Version)), 1},
		{"header only", ls[0] + "\n", 2},
		{"not JSON", insert(1, `hello`), 2},
		{"row before table", insert(1, `[1]`), 2},
		{"unknown table", replace(find("claims"), strings.Replace(ls[find("claims")], `"claims"`, `"claimz"`, 1)), find("claims") + 1},
		{"table out of order", replace(find("documents"), strings.Replace(ls[find("documents")], `"documents"`, `"claims"`, 1)), find("documents") + 1},
		{"table twice", insert(find("documents"), ls[find("sources")]), find("documents") + 1},
		{"unknown column", replace(find("sources"), strings.Replace(ls[find("sources")], `"kind"`, `"kinds"`, 1)), find("sources") + 1},
		{"column type", replace(find("sources"), strings.Replace(ls[find("sources")], `{"name":"id","type":"int"}`, `{"name":"id","type":"text"}`, 1)), find("sources") + 1},
		{"line cut short", join(ls[:recs]) + ls[recs][:len(ls[recs])/2], recs + 1},
		{"cut at a line", join(ls[:recs+1]), recs + 2},
		{"bad JSON row", replace(recs, ls[recs][:len(ls[recs])/2]), recs + 1},
		set("text in an int column", "claims", 0, "start", `"12"`, false),
		set("float in an int column", "documents", 0, "size", `1.5`, false),
		set("huge int", "documents", 0, "size", `1e400`, false),
		set("null in a column that cannot be null", "sources", 0, "name", `null`, false),
		set("bad time", "sources", 0, "created_at", `"yesterday"`, false),
		set("bad bool", "claims", 0, "projected", `1`, false),
		set("number in a text column", "records", 0, "name", `12`, false),
		set("bad base64", "document_chunks", 0, "text", `{"base64":"!!"}`, false),
		set("short row", "sources", 0, "", "", false),
		set("missing document", "claims", 0, "document_id", `999`, true),
		set("duplicate id", "sources", 1, "id", string(first[0]), true),
		set("duplicate name", "sources", 1, "name", string(first[1]), true),
		set("missing person", "person_records", 0, "person_id", `999`, true),
		{"row count", replace(last, strings.Replace(ls[last], `"sources":2`, `"sources":3`, 1)), last + 1},
		{"unknown row count", replace(last, strings.Replace(ls[last], `"sources":2`, `"sources":2,"nonesuch":0`, 1)), last + 1},
		{"data after the end", join(append(slices.Clone(ls), `{"end":{}}`)), last + 2},
	}
}
