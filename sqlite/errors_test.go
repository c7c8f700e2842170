package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// TestConstraintCodes: violations are told apart by SQLite's result
// codes, not by the text of their messages (issue 12), so that an error
// that only reads like one, such as a name holding "UNIQUE constraint
// failed", is not taken for it.
func TestConstraintCodes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.DB()
	for _, q := range []string{
		`CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER NOT NULL CHECK (n > 0))`,
		`CREATE TABLE c (p_id INTEGER REFERENCES p (id))`,
		`INSERT INTO p VALUES (1, 'a', 1)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(q string) error {
		_, err := db.ExecContext(ctx, q)
		if err == nil {
			t.Fatalf("%s: no error", q)
		}
		return fmt.Errorf("wrapped: %w", err)
	}
	tests := []struct {
		name                      string
		err                       error
		unique, foreignKey, other bool
	}{
		{"unique", exec(`INSERT INTO p VALUES (2, 'a', 1)`), true, false, true},
		{"primary key", exec(`INSERT INTO p VALUES (1, 'b', 1)`), true, false, true},
		{"foreign key", exec(`INSERT INTO c VALUES (9)`), false, true, true},
		{"not null", exec(`INSERT INTO p VALUES (3, 'c', NULL)`), false, false, true},
		{"check", exec(`INSERT INTO p VALUES (4, 'd', 0)`), false, false, true},
		{"syntax", exec(`INSERT INTO nowhere VALUES (1)`), false, false, false},
		{"text only", errors.New("UNIQUE constraint failed: FOREIGN KEY constraint failed"), false, false, false},
		{"none", nil, false, false, false},
	}
	for _, tt := range tests {
		if got := isUnique(tt.err); got != tt.unique {
			t.Errorf("%s: isUnique(%v) = %v", tt.name, tt.err, got)
		}
		if got := isForeignKey(tt.err); got != tt.foreignKey {
			t.Errorf("%s: isForeignKey(%v) = %v", tt.name, tt.err, got)
		}
		if got := isConstraint(tt.err); got != tt.other {
			t.Errorf("%s: isConstraint(%v) = %v", tt.name, tt.err, got)
		}
	}
}

// TestCorruptJSON: a column of JSON that does not read is an internal
// error that names the column and the operation, not a value silently
// left empty (issue 12: its decoding errors were ignored).
func TestCorruptJSON(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := &reckon.Estimate{Measure: reckon.Killed, Method: "minimum", Observed: 2, NHat: 2, Lower: 2, Upper: 2,
		Lists: []string{"a", "b"}, Warnings: []string{"small"}, Input: "a,b,count\n1,1,2\n"}
	if err := s.SaveEstimate(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"lists", "warnings"} {
		if _, err := s.DB().ExecContext(ctx, `UPDATE estimates SET `+col+` = '["a", 3' WHERE id = ?`, e.ID); err != nil {
			t.Fatal(err)
		}
		_, err := s.Estimate(ctx, e.ID)
		want := fmt.Sprintf("sqlite: estimate %d: column estimates.%s: ", e.ID, col)
		if reckon.ErrorCode(err) != reckon.EINTERNAL || !strings.HasPrefix(fmt.Sprint(err), want) {
			t.Errorf("estimate with a corrupt %s: %v, want an internal error starting %q", col, err, want)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE estimates SET `+col+` = '[]' WHERE id = ?`, e.ID); err != nil {
			t.Fatal(err)
		}
	}
}
