// Package snapshot is the format in which a store copies a whole workspace
// to another store, of the same kind or not: `reckon backup`, `reckon
// restore` and `reckon migrate` between SQLite and PostgreSQL.
//
// # Format
//
// A snapshot is UTF-8 JSON, one value per line (JSON lines):
//
//	{"format":"reckon-snapshot","version":1}
//	{"table":"sources","columns":[{"name":"id","type":"int"},…]}
//	[1,"KCNA","state_media","B2","","","2025-01-02T03:04:05.123456789Z"]
//	…
//	{"end":{"claim_reviews":3,"claims":12,…}}
//
// The header names the format and its [Version]. Then comes every table of
// [Tables], in that order (parents before children) and each exactly once,
// as a line naming the table and describing its columns followed by one
// JSON array per row, ordered by the table's key. The last line counts the
// rows of each table, so that a snapshot cut short at a line boundary is
// detected too.
//
// Values are typed by their column: int (a JSON integer), float (a JSON
// number; an unbounded estimate's upper bound is null), text (a JSON
// string, or {"base64":"…"} for bytes that are not valid UTF-8), bool, and
// time (a string, RFC 3339 in UTC with up to nine fractional digits, as
// [time.RFC3339Nano] writes it). A nullable column may hold null. Columns
// holding JSON documents (claims.stated, records.attributes …) are text:
// their bytes are kept exactly.
//
// A snapshot holds every row and every column of every table, ids and
// timestamps included, so that a copy is the same workspace: the same
// claims with the same review history, the same persons with the same ids,
// the decisions in force and the undone ones. Schema migrations are not
// in it: the format's version stands for the schema. A migration that
// changes a table changes [Tables] and [Version] with it, and [Reader]
// goes on reading the versions before, filling what they lack.
//
// [Copy] streams one store into another; [Reader] and [Writer] are for
// the stores, which map the format's columns to theirs.
package snapshot

import (
	"fmt"

	"github.com/reckonhq/reckon"
)

// Version is the version of the format that [Writer] writes and [Reader]
// reads.
const Version = 11 // 2: the audit log; 3: users and tokens; 4: claim versions; 5: record privacy; 6: estimates over linkage draws; 7: claim scope and corrections; 8: document languages; 9: reports of corrections from the public roll; 10: tracing requests; 11: releases

// Format is the value of the header's "format" member.
const Format = "reckon-snapshot"

// Type is the type of a column's values.
type Type uint8

// The column types, with the Go type that holds their values.
const (
	Int   Type = iota + 1 // int64
	Float                 // float64, never NaN or infinite
	Text                  // string, any bytes
	Bool                  // bool
	Time                  // time.Time
)

var typeNames = map[Type]string{Int: "int", Float: "float", Text: "text", Bool: "bool", Time: "time"}

func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// Column is a column of a table.
type Column struct {
	Name string
	Type Type
	Null bool // whether the column may hold null (nil in Go)
	// Since is the format version that added the column (0: the first).
	// A snapshot of an earlier version lacks it, and [Reader] fills in the
	// zero value of its type, the default of the schema's migration.
	Since int
}

// Table is a table of a workspace.
type Table struct {
	Name    string
	Columns []Column
	Key     []string // the columns that order its rows; they are unique
	Since   int      // the format version that added the table (0: the first)
}

// columnsAt returns how many of t's columns a snapshot of version v has.
func (t *Table) columnsAt(v int) int {
	n := 0
	for _, c := range t.Columns {
		if c.Since <= v {
			n++
		}
	}
	return n
}

// since marks the columns named as added in version v.
func since(v int, cs []Column, names ...string) []Column {
	for i := range cs {
		for _, n := range names {
			if cs[i].Name == n {
				cs[i].Since = v
			}
		}
	}
	return cs
}

// ColumnNames returns the names of t's columns, in order.
func (t *Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

func cols(spec ...any) []Column {
	var out []Column
	for i := 0; i < len(spec); i += 2 {
		c := Column{Name: spec[i].(string)}
		switch s := spec[i+1].(string); s {
		case "int", "float", "text", "bool", "time":
			c.Type = parseType(s)
		case "int?", "float?", "text?", "time?":
			c.Type, c.Null = parseType(s[:len(s)-1]), true
		default:
			panic("snapshot: bad column spec " + s)
		}
		out = append(out, c)
	}
	return out
}

func parseType(s string) Type {
	for t, n := range typeNames {
		if n == s {
			return t
		}
	}
	return 0
}

// Tables lists the tables of a workspace in the order a snapshot holds
// them: every table after those its rows refer to. Column names are those
// of the SQLite schema; a store whose columns differ maps them.
var Tables = []*Table{
	{Name: "sources", Key: []string{"id"}, Columns: cols(
		"id", "int", "name", "text", "kind", "text", "grade", "text", "url", "text", "note", "text", "created_at", "time")},
	{Name: "documents", Key: []string{"id"}, Columns: since(8, cols(
		"id", "int", "source_id", "int", "title", "text", "url", "text", "published", "text", "hash", "text?",
		"size", "int", "claims", "int", "added_at", "time", "lang", "text"), "lang")},
	{Name: "document_chunks", Key: []string{"document_id", "offset"}, Columns: cols(
		"document_id", "int", "offset", "int", "text", "text")},
	{Name: "claims", Key: []string{"id"}, Columns: since(7, since(4, cols(
		"id", "int", "document_id", "int", "measure", "text", "subject", "text", "qualifier", "text", "cue", "text",
		"low", "int?", "high", "int?", "stated", "text", "span", "text", "start", "int", "end", "int",
		"sentence", "text", "attribution", "text", "cites", "text", "date", "text", "projected", "bool", "why", "text",
		"extractor_version", "text", "status", "text", "reviewed_by", "text", "reviewed_at", "time?",
		"review_note", "text", "created_at", "time", "version", "int",
		"scope_place", "text", "scope_period", "text", "scope_extent", "text", "scope_part", "text", "on_date", "text",
		"note", "text", "attribution_source_id", "int?", "origin", "text", "original", "text", "merged_into", "int?"), "version"),
		"scope_place", "scope_period", "scope_extent", "scope_part", "on_date", "note", "attribution_source_id", "origin", "original", "merged_into")},
	{Name: "claim_reviews", Key: []string{"id"}, Columns: cols(
		"id", "int", "claim_id", "int", "action", "text", "by", "text", "at", "time", "why", "text",
		"before", "text", "after", "text")},
	{Name: "imports", Key: []string{"id"}, Columns: cols(
		"id", "int", "source_id", "int?", "list", "text", "file", "text", "hash", "text", "records", "int",
		"imported_at", "time")},
	{Name: "records", Key: []string{"id"}, Columns: since(5, cols(
		"id", "int", "import_id", "int", "list", "text", "record_id", "text", "family_name", "text",
		"given_name", "text", "name", "text", "sex", "text", "birth_date", "text", "death_date", "text",
		"death_place", "text", "unit", "text", "rank", "text", "home_town", "text", "source_url", "text",
		"attributes", "text", "sensitive", "text", "embargoed", "bool"), "sensitive", "embargoed")},
	{Name: "link_runs", Key: []string{"id"}, Columns: cols(
		"id", "int", "at", "time", "records", "int", "candidate_pairs", "int", "persons", "int",
		"config_hash", "text", "version", "text", "stats", "text")},
	{Name: "persons", Key: []string{"id"}, Columns: cols(
		"id", "int", "run_id", "int")},
	{Name: "person_records", Key: []string{"record_id"}, Columns: cols(
		"record_id", "int", "person_id", "int")},
	{Name: "matches", Key: []string{"a", "b"}, Columns: cols(
		"a", "int", "b", "int", "weight", "float", "probability", "float")},
	{Name: "decisions", Key: []string{"id"}, Columns: cols(
		"id", "int", "a_list", "text", "a_record", "text", "b_list", "text", "b_record", "text", "same", "bool",
		"by", "text", "at", "time", "why", "text", "undone_at", "time?")},
	{Name: "estimates", Key: []string{"id"}, Columns: since(6, cols(
		"id", "int", "measure", "text", "population", "text", "stratum", "text", "method", "text", "model", "text",
		"observed", "int", "n_hat", "float", "lower", "float", "upper", "float?", "interval", "text",
		"lists", "text", "input", "text", "input_hash", "text", "settings", "text", "seed", "int", "version", "text",
		"link_run_id", "int?", "result", "text", "warnings", "text", "created_at", "time",
		"linkage_draws", "int", "linkage_n_hat", "float?", "linkage_lower", "float?", "linkage_upper", "float?"),
		"linkage_draws", "linkage_n_hat", "linkage_lower", "linkage_upper")},
	{Name: "users", Key: []string{"id"}, Since: 3, Columns: cols(
		"id", "int", "name", "text", "role", "text", "password_hash", "text", "disabled", "bool", "created_at", "time")},
	{Name: "tokens", Key: []string{"id"}, Since: 3, Columns: cols(
		"id", "int", "user_id", "int", "name", "text", "secret_hash", "text", "created_at", "time",
		"revoked_at", "time?", "last_used_at", "time?")},
	{Name: "releases", Key: []string{"id"}, Since: 11, Columns: cols(
		"id", "int", "name", "text", "created_at", "time", "manifest_hash", "text", "public_key", "text")},
	{Name: "release_files", Key: []string{"release_id", "name"}, Since: 11, Columns: cols(
		"release_id", "int", "name", "text", "sha256", "text", "size", "int", "data", "text")},
	{Name: "audit_events", Key: []string{"id"}, Since: 2, Columns: cols(
		"id", "int", "at", "time", "actor", "text", "action", "text", "entity", "text", "entity_id", "text",
		"before", "text", "after", "text", "prev", "text", "hash", "text")},
	{Name: "trace_requests", Key: []string{"id"}, Since: 10, Columns: cols(
		"id", "int", "status", "text", "sought", "text", "contact", "text", "consent", "bool", "reason", "text",
		"created_at", "time", "updated_at", "time", "withdraw_hash", "text")},
	{Name: "trace_candidates", Key: []string{"request_id", "record_id"}, Since: 10, Columns: cols(
		"request_id", "int", "record_id", "int", "person_id", "int", "probability", "float", "weight", "float",
		"explanation", "text", "status", "text", "decided_by", "text", "decided_at", "time?", "reason", "text",
		"found_at", "time")},
	{Name: "trace_notices", Key: []string{"id"}, Since: 10, Columns: cols(
		"id", "int", "request_id", "int", "channel", "text", "recipient", "text", "subject", "text", "body", "text",
		"attempts", "int", "next_at", "time", "sent_at", "time?", "last_error", "text", "created_at", "time")},
	{Name: "corrections", Key: []string{"id"}, Since: 9, Columns: cols(
		"id", "int", "list", "text", "record_id", "text", "person_id", "int", "kind", "text", "field", "text", "text", "text",
		"reporter", "text", "contact", "text", "status", "text", "note", "text", "resolved_by", "text", "resolved_at", "time?",
		"created_at", "time")},
}

// LineError is an error about one line of a snapshot. It wraps an
// EINVALID [reckon.Error] whose message names the line.
type LineError struct {
	Line int // 1-based
	Err  error
}

func (e *LineError) Error() string { return e.Err.Error() }

func (e *LineError) Unwrap() error { return e.Err }

// lineErrorf returns a *LineError about line n.
func lineErrorf(n int, format string, args ...any) error {
	return &LineError{Line: n, Err: reckon.Errorf(reckon.EINVALID, "snapshot line %d: %s", n, fmt.Sprintf(format, args...))}
}

// Errorf returns an EINVALID *LineError about line n, for a store that
// refuses a row of a snapshot it is importing.
func Errorf(n int, format string, args ...any) error { return lineErrorf(n, format, args...) }
