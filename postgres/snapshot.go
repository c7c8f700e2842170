package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/reckonhq/reckon/internal/storerule"
	"github.com/reckonhq/reckon/snapshot"
)

// bytesColumns are the columns of type bytea: a snapshot has them as text.
var bytesColumns = map[string]bool{"document_chunks.text": true, "release_files.data": true}

// Export writes the whole workspace to w as a snapshot (see package
// snapshot): every row of every table, read in one repeatable-read
// transaction so that the copy is consistent while writers go on.
func (s *Store) Export(ctx context.Context, w io.Writer) (err error) {
	defer wrap(&err, "export")
	return s.inTxOptions(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		return storerule.Export(w, func(sw *snapshot.Writer, t *snapshot.Table) error { return exportTable(ctx, tx, sw, t) })
	})
}

func exportTable(ctx context.Context, tx pgx.Tx, sw *snapshot.Writer, t *snapshot.Table) error {
	rows, err := tx.Query(ctx, `SELECT `+quoteAll(t.ColumnNames())+` FROM `+t.Name+` ORDER BY `+quoteAll(t.Key))
	if err != nil {
		return fmt.Errorf("table %s: %w", t.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Name, err)
		}
		for i, c := range t.Columns {
			switch v := vals[i].(type) {
			case []byte:
				vals[i] = string(v)
			case string:
				if c.Type == snapshot.Time {
					tm, err := time.Parse(time.RFC3339Nano, v)
					if err != nil {
						return fmt.Errorf("table %s: column %s holds %q, not a time", t.Name, c.Name, v)
					}
					vals[i] = tm
				}
			}
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
// must be empty (ECONFLICT otherwise), in one transaction that keeps
// writers out: ids, times and history are kept as they are in the
// snapshot, each table's rows go in with one COPY, and the id sequences
// are set so that new rows get ids after theirs. A malformed snapshot, or
// one whose rows break the schema's rules, is an EINVALID error naming
// the line, and nothing is written.
func (s *Store) Import(ctx context.Context, r io.Reader) (err error) {
	defer wrap(&err, "import snapshot")
	sr, err := snapshot.NewReader(r)
	if err != nil {
		return err
	}
	var names []string
	for _, t := range snapshot.Tables {
		names = append(names, t.Name)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(names, ", ")+` IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		err := storerule.CheckEmpty(func(q string) (full bool, err error) {
			err = tx.QueryRow(ctx, q).Scan(&full)
			return full, err
		})
		if err != nil {
			return err
		}
		src := &copySource{r: sr}
		src.table, src.row, src.err = sr.Next()
		for src.err == nil {
			t, first := src.table, sr.Line()
			src.start()
			_, err := tx.CopyFrom(ctx, pgx.Identifier{t.Name}, t.ColumnNames(), src)
			var le *snapshot.LineError
			if errors.As(src.err, &le) {
				return src.err
			}
			if err != nil {
				return refused(err, t, first, src.last)
			}
		}
		if src.err != io.EOF {
			return src.err
		}
		for _, q := range []string{fileImports, fillImportLists} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		for _, t := range snapshot.Tables {
			if len(t.Key) != 1 || t.Key[0] != "id" {
				continue
			}
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t.Name+`', 'id'), COALESCE((SELECT MAX(id) FROM `+t.Name+`), 0) + 1, false)`); err != nil {
				return fmt.Errorf("%s ids: %w", t.Name, err)
			}
		}
		return nil
	})
}

// copySource feeds COPY with the rows of one table of a snapshot, and
// stops at the first row of the next table.
type copySource struct {
	r     *snapshot.Reader
	table *snapshot.Table // the table of row
	row   []any           // the row read ahead, nil once used
	err   error           // io.EOF after the last row

	copying *snapshot.Table // the table being copied
	vals    []any
	last    int // the line of the last row handed to COPY
}

// start begins the COPY of the table of the row read ahead.
func (c *copySource) start() { c.copying = c.table }

func (c *copySource) Next() bool {
	if c.row == nil {
		c.table, c.row, c.err = c.r.Next()
	}
	if c.err != nil || c.table != c.copying {
		return false
	}
	c.vals = c.vals[:0]
	for i, v := range c.row {
		switch v := v.(type) {
		case time.Time:
			c.vals = append(c.vals, storerule.FormatTime(v))
		case string:
			if bytesColumns[c.table.Name+"."+c.table.Columns[i].Name] {
				c.vals = append(c.vals, []byte(v))
			} else {
				c.vals = append(c.vals, v)
			}
		default:
			c.vals = append(c.vals, v)
		}
	}
	c.row, c.last = nil, c.r.Line()
	return true
}

func (c *copySource) Values() ([]any, error) { return c.vals, nil }

// Err returns the snapshot's error, which ends the COPY; io.EOF is none.
func (c *copySource) Err() error {
	if c.err == io.EOF {
		return nil
	}
	return c.err
}

var copyLine = regexp.MustCompile(`^COPY \S+, line (\d+)`)

// refused turns the server's refusal of rows of table t, which start at
// line first of the snapshot, into an error naming the line.
func refused(err error, t *snapshot.Table, first, last int) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || (!strings.HasPrefix(pe.Code, "22") && !strings.HasPrefix(pe.Code, "23")) {
		return fmt.Errorf("table %s: %w", t.Name, err)
	}
	msg := pe.Message
	if pe.Detail != "" {
		msg += ": " + pe.Detail
	}
	if m := copyLine.FindStringSubmatch(pe.Where); m != nil {
		n, _ := strconv.Atoi(m[1])
		if line := first + n - 1; line <= last {
			return snapshot.Errorf(line, "%s row refused: %s", t.Name, msg)
		}
	}
	return snapshot.Errorf(first, "%s rows (lines %d-%d) refused: %s", t.Name, first, last, msg)
}

// quoteAll returns names as a list of quoted SQL identifiers.
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = pgx.Identifier{n}.Sanitize()
	}
	return strings.Join(q, ", ")
}
