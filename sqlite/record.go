package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"iter"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// ImportRecords implements [reckon.RecordStore].
func (s *Store) ImportRecords(ctx context.Context, imp *reckon.Import, recs iter.Seq2[*reckon.Record, error]) (_ bool, err error) {
	defer wrap(&err, "import records")
	recs = storerule.Input(recs) // its errors are the caller's, passed on as they came
	if imp.Hash == "" {
		return false, reckon.Errorf(reckon.EINVALID, "import has no hash")
	}
	tx, done, err := s.beginWrite(ctx)
	if err != nil {
		return false, err
	}
	defer done()
	defer tx.Rollback()
	var existing int64
	switch err := tx.QueryRowContext(ctx, `SELECT id FROM imports WHERE hash = ?`, imp.Hash).Scan(&existing); err {
	case nil:
		tx.Rollback()
		all, err := s.Imports(ctx)
		if err != nil {
			return false, err
		}
		for _, old := range all {
			if old.ID == existing {
				*imp = *old
			}
		}
		return false, nil
	case sql.ErrNoRows:
	default:
		return false, err
	}
	now := s.now()
	var src any
	if imp.SourceID != 0 {
		src = imp.SourceID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO imports (source_id, list, file, hash, imported_at) VALUES (?, ?, ?, ?, ?)`,
		src, imp.List, imp.File, imp.Hash, now)
	if err != nil {
		return false, err
	}
	id, _ := res.LastInsertId()
	// Where each list's rows land, for list_ranges: the rows of one
	// INSERT take consecutive ids ending at its LastInsertId, as SQLite
	// gives a new row the largest id plus one.
	type span struct{ lo, hi int64 }
	ranges := map[string]*span{}
	// Rows go in batches: one statement per batch costs far less per row
	// in the driver than one per row.
	const batch = 256
	// Most batches protect nothing: they leave the sensitive and embargoed
	// columns to their defaults, two parameters fewer a row (4-6% of an
	// import's time).
	var ins [2]*sql.Stmt // full batches: without, with the protection columns
	defer func() {
		for _, st := range ins {
			if st != nil {
				st.Close()
			}
		}
	}()
	args := make([]any, 0, batch*recordFields)
	plain := make([]any, 0, batch*plainFields)
	protected := false // a record of the batch has sensitive fields or an embargo
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		rows, kind := len(args)/recordFields, 0
		exec := args
		if protected {
			kind = 1
		} else {
			plain = plain[:0]
			for k := 0; k < len(args); k += recordFields {
				plain = append(plain, args[k:k+plainFields]...)
			}
			exec = plain
		}
		st := ins[kind]
		if rows < batch || st == nil {
			var err error
			if st, err = tx.PrepareContext(ctx, insertRecords(rows, id, kind == 1)); err != nil {
				return err
			}
			if rows == batch {
				ins[kind] = st
			} else {
				defer st.Close()
			}
		}
		res, err := st.ExecContext(ctx, exec...)
		if isUnique(err) {
			return duplicateRecord(ctx, tx, args)
		}
		if err != nil {
			return err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return err
		}
		n := int64(rows)
		var cur *span
		curList := ""
		for k := int64(0); k < n; k++ {
			list, rid := args[k*recordFields].(string), last-n+1+k
			if cur == nil || list != curList { // rows of one list mostly come together
				if cur = ranges[list]; cur == nil {
					cur = &span{rid, rid}
					ranges[list] = cur
				}
				curList = list
			}
			cur.lo, cur.hi = min(cur.lo, rid), max(cur.hi, rid)
		}
		args, protected = args[:0], false
		return nil
	}
	n := 0
	var lists reckon.ImportLists
	// Parsing the input overlaps with inserting: recs runs on its own
	// goroutine and hands over records in batches.
	next, stop := prefetch(recs, batch)
	defer stop()
	for r, err := range next {
		if err != nil {
			return false, err
		}
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return false, err
			}
		}
		if err := r.Validate(); err != nil {
			return false, err
		}
		attrs := ""
		if len(r.Attributes) > 0 {
			b, _ := json.Marshal(r.Attributes)
			attrs = string(b)
		}
		lists.Add(r.List)
		args = append(args, r.List, r.RecordID, r.FamilyName, r.GivenName, r.Name, r.Sex,
			r.BirthDate.String(), r.DeathDate.String(), r.DeathPlace, r.Unit, r.Rank, r.HomeTown, r.SourceURL, attrs,
			strings.Join(r.Sensitive, ","), r.Embargoed)
		protected = protected || r.Embargoed || len(r.Sensitive) > 0
		n++
		if len(args) == batch*recordFields {
			if err := flush(); err != nil {
				return false, err
			}
		}
	}
	if err := flush(); err != nil {
		return false, err
	}
	filed := lists.Filed(imp.List) // the list the import is filed under
	if _, err := tx.ExecContext(ctx, `UPDATE imports SET records = ?, list = ? WHERE id = ?`, n, filed, id); err != nil {
		return false, err
	}
	for list, r := range ranges {
		if _, err := tx.ExecContext(ctx, `INSERT INTO list_ranges (list, import_id, min_id, max_id, records) VALUES (?, ?, ?, ?, ?)`, list, id, r.lo, r.hi, lists.Count(list)); err != nil {
			return false, err
		}
	}
	if err := s.record(ctx, tx, "records.import", "import", id, nil, map[string]any{
		"source_id": imp.SourceID, "list": filed, "file": imp.File, "hash": imp.Hash, "records": n}); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	imp.ID, imp.List, imp.Records, imp.Lists, imp.ImportedAt = id, filed, n, lists.Counts(), storerule.ParseTime(now)
	return true, nil
}

// recordFields is the number of parameters of a record's row; the first
// plainFields leave out its protection (sensitive, embargoed).
const (
	recordFields = 16
	plainFields  = 14
)

// insertRecords is an INSERT of n records of one import, whose id is a
// literal: one parameter fewer to bind per row. Without protected, the
// rows leave sensitive and embargoed to their defaults.
func insertRecords(n int, importID int64, protected bool) string {
	var b strings.Builder
	fields := plainFields
	b.WriteString(`INSERT INTO records (import_id, list, record_id, family_name, given_name, name, sex,
		birth_date, death_date, death_place, unit, rank, home_town, source_url, attributes`)
	if protected {
		fields = recordFields
		b.WriteString(`, sensitive, embargoed`)
	}
	b.WriteString(`) VALUES `)
	row := "(" + strconv.FormatInt(importID, 10) + ", " + strings.Repeat("?, ", fields-1) + "?)"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// duplicateRecord finds, after a UNIQUE failure in a batch of record
// arguments, which record clashes, for a precise message. The failed
// statement has been rolled back; the transaction goes on.
func duplicateRecord(ctx context.Context, tx *sql.Tx, args []any) error {
	seen := map[[2]string]bool{}
	for i := 0; i+recordFields <= len(args); i += recordFields {
		list, id := args[i].(string), args[i+1].(string)
		var one int
		if tx.QueryRowContext(ctx, `SELECT 1 FROM records WHERE list = ? AND record_id = ?`, list, id).Scan(&one) == nil || seen[[2]string{list, id}] {
			return reckon.Errorf(reckon.ECONFLICT, "record %q of list %q is already in the workspace", id, list)
		}
		seen[[2]string{list, id}] = true
	}
	return reckon.Errorf(reckon.ECONFLICT, "a record of this file is already in the workspace")
}

// Records implements [reckon.RecordStore].
func (s *Store) Records(ctx context.Context, f reckon.RecordFilter) (_ []*reckon.Record, err error) {
	defer wrap(&err, "records")
	q := `SELECT ` + recordColumns + ` FROM records r JOIN imports i ON i.id = r.import_id WHERE r.id > ?`
	args := []any{f.AfterID}
	switch {
	case f.RecordID != "":
		// One record, by the (list, record_id) index.
		q += ` AND r.list = ? AND r.record_id = ?`
		args = append(args, f.List, f.RecordID)
		if f.Embargoed {
			q += ` AND r.embargoed <> 0`
		}
	case f.Embargoed:
		// The few embargoed records, by their partial index, whatever
		// the list.
		q += ` AND r.embargoed <> 0`
		if f.List != "" { // "+": not by the (list, record_id) index, which would scan the list
			q += ` AND +r.list = ?`
			args = append(args, f.List)
		}
	case f.List != "":
		// A list's rows are found by scanning ids from the first of its
		// ranges after the cursor: one lower bound (the planner takes only
		// one), and "+" so that it does not go through the (list,
		// record_id) index and sort the whole list per page.
		q = `SELECT ` + recordColumns + ` FROM records r JOIN imports i ON i.id = r.import_id
			WHERE r.id > MAX(?, COALESCE((SELECT MIN(min_id) FROM list_ranges WHERE list = ? AND max_id > ?) - 1, 1 << 62)) AND +r.list = ?`
		args = []any{f.AfterID, f.List, f.AfterID, f.List}
	}
	q += ` ORDER BY r.id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Record
	for rows.Next() {
		var r reckon.Record
		if err := scanRecord(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// Imports implements [reckon.RecordStore].
func (s *Store) Imports(ctx context.Context) (_ []*reckon.Import, err error) {
	defer wrap(&err, "imports")
	rows, err := s.query(ctx, `SELECT id, COALESCE(source_id, 0), list, file, hash, records, imported_at FROM imports ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Import
	for rows.Next() {
		var imp reckon.Import
		var at string
		if err := rows.Scan(&imp.ID, &imp.SourceID, &imp.List, &imp.File, &imp.Hash, &imp.Records, &at); err != nil {
			return nil, err
		}
		imp.ImportedAt = storerule.ParseTime(at)
		out = append(out, &imp)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.importLists(ctx, out)
}

// importLists sets the Lists of the imports whose records name several
// lists, from list_ranges (one row per list and import).
func (s *Store) importLists(ctx context.Context, imps []*reckon.Import) error {
	rows, err := s.query(ctx, `SELECT import_id, list, records FROM list_ranges
		WHERE import_id IN (SELECT import_id FROM list_ranges GROUP BY import_id HAVING COUNT(*) > 1)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[int64]*reckon.Import{}
	for _, imp := range imps {
		byID[imp.ID] = imp
	}
	for rows.Next() {
		var id int64
		var list string
		var n int
		if err := rows.Scan(&id, &list, &n); err != nil {
			return err
		}
		if imp := byID[id]; imp != nil {
			if imp.Lists == nil {
				imp.Lists = map[string]int{}
			}
			imp.Lists[list] = n
		}
	}
	return rows.Err()
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// prefetch runs seq on its own goroutine and yields its values in the
// caller's, handing them over n at a time, so that producing the values
// (parsing a file) and consuming them (inserting rows) use two cores. The
// first error ends the sequence. stop must be called when the caller is
// done, whether or not it read everything; it waits for the goroutine.
func prefetch[T any](seq iter.Seq2[T, error], n int) (iter.Seq2[T, error], func()) {
	type chunk struct {
		vals []T
		err  error
	}
	ch := make(chan chunk, 4)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer close(ch)
		buf := make([]T, 0, n)
		send := func(c chunk) bool {
			select {
			case ch <- c:
				return true
			case <-done:
				return false
			}
		}
		for v, err := range seq {
			if err != nil {
				if len(buf) > 0 && !send(chunk{vals: buf}) {
					return
				}
				send(chunk{err: err})
				return
			}
			buf = append(buf, v)
			if len(buf) == n {
				if !send(chunk{vals: buf}) {
					return
				}
				buf = make([]T, 0, n)
			}
		}
		if len(buf) > 0 {
			send(chunk{vals: buf})
		}
	}()
	var once bool
	stop := func() {
		if !once {
			once = true
			close(done)
			<-finished
		}
	}
	next := func(yield func(T, error) bool) {
		for c := range ch {
			if c.err != nil {
				var zero T
				yield(zero, c.err)
				return
			}
			for _, v := range c.vals {
				if !yield(v, nil) {
					return
				}
			}
		}
	}
	return next, stop
}

// fileImports files each import whose records name one list under that
// list (see reckon.ImportLists), from list_ranges.
const fileImports = `UPDATE imports SET list = (SELECT lr.list FROM list_ranges lr WHERE lr.import_id = imports.id)
	WHERE id IN (SELECT import_id FROM list_ranges GROUP BY import_id HAVING COUNT(*) = 1)`

// fillListRanges derives list_ranges from records; callers add the WHERE
// and GROUP BY list, import_id.
const fillListRanges = `INSERT INTO list_ranges (list, import_id, min_id, max_id, records)
	SELECT list, import_id, MIN(id), MAX(id), COUNT(*) FROM records`

// ProtectRecord implements [reckon.RecordStore].
func (s *Store) ProtectRecord(ctx context.Context, key reckon.RecordKey, sensitive []string, embargoed bool) (err error) {
	defer wrap(&err, "protect record %s", key)
	r := &reckon.Record{List: key.List, RecordID: key.RecordID, Sensitive: sensitive, Embargoed: embargoed}
	if err := r.CheckSensitive(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var oldSensitive string
		var oldEmbargoed bool
		err := tx.QueryRowContext(ctx, `SELECT id, sensitive, embargoed FROM records WHERE list = ? AND record_id = ?`, key.List, key.RecordID).
			Scan(&id, &oldSensitive, &oldEmbargoed)
		if err == sql.ErrNoRows {
			return reckon.Errorf(reckon.ENOTFOUND, "record %s not found", key)
		}
		if err != nil {
			return err
		}
		joined := strings.Join(sensitive, ",")
		if _, err := tx.ExecContext(ctx, `UPDATE records SET sensitive = ?, embargoed = ? WHERE id = ?`, joined, embargoed, id); err != nil {
			return err
		}
		return s.record(ctx, tx, "record.protect", "record", id,
			map[string]any{"key": key.String(), "sensitive": oldSensitive, "embargoed": oldEmbargoed},
			map[string]any{"key": key.String(), "sensitive": joined, "embargoed": embargoed})
	})
}
