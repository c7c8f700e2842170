package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/reckonhq/reckon/internal/storerule"
	"github.com/reckonhq/reckon/snapshot"
)

// Export writes the whole workspace to w as a snapshot (see package
// snapshot): every row of every table, read in one transaction so that
// the copy is consistent while writers go on.
func (s *Store) Export(ctx context.Context, w io.Writer) (err error) {
	defer wrap(&err, "export")
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return storerule.Export(w, func(sw *snapshot.Writer, t *snapshot.Table) error { return exportTable(ctx, tx, sw, t) })
}

func exportTable(ctx context.Context, tx *sql.Tx, sw *snapshot.Writer, t *snapshot.Table) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+quoteAll(t.ColumnNames())+` FROM `+t.Name+` ORDER BY `+quoteAll(t.Key))
	if err != nil {
		return fmt.Errorf("table %s: %w", t.Name, err)
	}
	defer rows.Close()
	dest := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Type {
		case snapshot.Int:
			dest[i] = new(sql.NullInt64)
		case snapshot.Float:
			dest[i] = new(sql.NullFloat64)
		case snapshot.Bool:
			dest[i] = new(sql.NullBool)
		default:
			dest[i] = new(sql.NullString)
		}
	}
	vals := make([]any, len(t.Columns))
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("table %s: %w", t.Name, err)
		}
		for i, c := range t.Columns {
			var v any
			switch d := dest[i].(type) {
			case *sql.NullInt64:
				if d.Valid {
					v = d.Int64
				}
			case *sql.NullFloat64:
				if d.Valid {
					v = d.Float64
				}
			case *sql.NullBool:
				if d.Valid {
					v = d.Bool
				}
			case *sql.NullString:
				if d.Valid {
					v = d.String
				}
			}
			if c.Type == snapshot.Time && v != nil {
				tm, err := time.Parse(time.RFC3339Nano, v.(string))
				if err != nil {
					return fmt.Errorf("table %s: column %s holds %q, not a time", t.Name, c.Name, v)
				}
				v = tm
			}
			vals[i] = v
		}
		if err := sw.Row(vals...); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("table %s: %w", t.Name, err)
	}
	return nil
}

// Import loads a snapshot (see package snapshot) into the workspace, which
// must be empty (ECONFLICT otherwise), in one transaction: ids, times and
// history are kept as they are in the snapshot, and new rows get ids after
// theirs. A malformed snapshot, or one whose rows break the schema's
// rules, is an EINVALID error naming the line, and nothing is written.
func (s *Store) Import(ctx context.Context, r io.Reader) (err error) {
	defer wrap(&err, "import snapshot")
	sr, err := snapshot.NewReader(r)
	if err != nil {
		return err
	}
	tx, done, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	err = storerule.CheckEmpty(func(q string) (full bool, err error) {
		err = tx.QueryRowContext(ctx, q).Scan(&full)
		return full, err
	})
	if err != nil {
		return err
	}
	stmts := map[*snapshot.Table]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	var args []any
	for {
		t, row, err := sr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		st := stmts[t]
		if st == nil {
			q := `INSERT INTO ` + t.Name + ` (` + quoteAll(t.ColumnNames()) + `) VALUES (` + strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ") + `)`
			if st, err = tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("table %s: %w", t.Name, err)
			}
			stmts[t] = st
		}
		args = args[:0]
		for _, v := range row {
			if tm, ok := v.(time.Time); ok {
				v = storerule.FormatTime(tm)
			}
			args = append(args, v)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			if isConstraint(err) {
				return snapshot.Errorf(sr.Line(), "%s row refused: %s", t.Name, constraintMessage(err))
			}
			return fmt.Errorf("line %d: %w", sr.Line(), err)
		}
	}
	// person_lists and list_ranges are derived, not in snapshots: rebuild
	// them. Imports of older snapshots may be filed under their file's
	// name rather than the one list of their records: file them anew.
	for _, q := range []string{fillPersonLists, fillListRanges + ` GROUP BY list, import_id`, fileImports} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return nil
}

// constraintMessage is the part of a constraint error a user can act on,
// such as "UNIQUE constraint failed: sources.name".
func constraintMessage(err error) string {
	msg := err.Error()
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		msg = e.Error()
	}
	if i := strings.Index(msg, ": "); i >= 0 && strings.Contains(msg[i:], "constraint failed") {
		msg = msg[i+2:]
	}
	return msg
}

// quoteAll returns names as a list of quoted SQL identifiers.
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = `"` + n + `"`
	}
	return strings.Join(q, ", ")
}
