package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

var recordCopyColumns = []string{"import_id", "list", "record_id", "family_name", "given_name", "name", "sex",
	"birth_date", "death_date", "death_place", "unit", "rank", "home_town", "source_url", "attributes", "sensitive", "embargoed"}

// ImportRecords implements [reckon.RecordStore]. Records go to the server
// with COPY in batches, each under a savepoint so that a duplicate can be
// named precisely.
func (s *Store) ImportRecords(ctx context.Context, imp *reckon.Import, recs iter.Seq2[*reckon.Record, error]) (_ bool, err error) {
	defer wrap(&err, "import records")
	recs = storerule.Input(recs) // its errors are the caller's, passed on as they came
	if imp.Hash == "" {
		return false, reckon.Errorf(reckon.EINVALID, "import has no hash")
	}
	now := s.now()
	var id int64
	n := 0
	filed := imp.List // the list the import is filed under
	var counts map[string]int
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var lists reckon.ImportLists
		var src *int64
		if imp.SourceID != 0 {
			src = &imp.SourceID
		}
		// A concurrent import of the same file waits here for the first
		// to commit, then finds it.
		err := tx.QueryRow(ctx, `INSERT INTO imports (source_id, list, file, hash, imported_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (hash) DO NOTHING RETURNING id`, src, imp.List, imp.File, imp.Hash, now).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return errDuplicate
		}
		if isForeignKey(err) {
			return reckon.Errorf(reckon.ENOTFOUND, "source %d not found", imp.SourceID)
		}
		if err != nil {
			return err
		}
		batch := make([][]any, 0, copyBatchRows)
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			if _, err := tx.Exec(ctx, `SAVEPOINT batch`); err != nil {
				return err
			}
			_, err := tx.CopyFrom(ctx, pgx.Identifier{"records"}, recordCopyColumns, pgx.CopyFromRows(batch))
			if isUnique(err) {
				if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT batch`); err != nil {
					return err
				}
				return duplicateRecord(ctx, tx, batch)
			}
			if err != nil {
				return err
			}
			batch = batch[:0]
			_, err = tx.Exec(ctx, `RELEASE SAVEPOINT batch`)
			return err
		}
		for r, err := range recs {
			if err != nil {
				return err
			}
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := r.Validate(); err != nil {
				return err
			}
			attrs := ""
			if len(r.Attributes) > 0 {
				b, _ := json.Marshal(r.Attributes)
				attrs = string(b)
			}
			lists.Add(r.List)
			batch = append(batch, []any{id, r.List, r.RecordID, r.FamilyName, r.GivenName, r.Name, r.Sex,
				r.BirthDate.String(), r.DeathDate.String(), r.DeathPlace, r.Unit, r.Rank, r.HomeTown, r.SourceURL, attrs,
				strings.Join(r.Sensitive, ","), r.Embargoed})
			n++
			if len(batch) == copyBatchRows {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		filed, counts = lists.Filed(imp.List), lists.Counts()
		if _, err := tx.Exec(ctx, `UPDATE imports SET records = $1, list = $2 WHERE id = $3`, n, filed, id); err != nil {
			return err
		}
		for list, k := range counts {
			if _, err := tx.Exec(ctx, `INSERT INTO import_lists (import_id, list, records) VALUES ($1, $2, $3)`, id, list, k); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, "records.import", "import", id, nil, map[string]any{
			"source_id": imp.SourceID, "list": filed, "file": imp.File, "hash": imp.Hash, "records": n})
	})
	if errors.Is(err, errDuplicate) {
		old, err := collect(ctx, s, scanImport, `SELECT `+importColumns+` FROM imports WHERE hash = $1`, imp.Hash)
		if err != nil {
			return false, err
		}
		if len(old) == 0 {
			return false, fmt.Errorf("import %s: vanished", imp.Hash)
		}
		if err := s.importLists(ctx, old); err != nil {
			return false, err
		}
		*imp = *old[0]
		return false, nil
	}
	if err != nil {
		return false, err
	}
	imp.ID, imp.List, imp.Records, imp.Lists, imp.ImportedAt = id, filed, n, counts, storerule.ParseTime(now)
	return true, nil
}

// duplicateRecord finds, after a unique violation in a batch of record
// rows, which record clashes, for a precise message: the first that is in
// the workspace already or earlier in the batch. The batch's savepoint has
// been rolled back; the records of earlier batches are there.
func duplicateRecord(ctx context.Context, tx pgx.Tx, batch [][]any) error {
	lists, ids := make([]string, len(batch)), make([]string, len(batch))
	for i, row := range batch {
		lists[i], ids[i] = row[1].(string), row[2].(string)
	}
	rows, err := tx.Query(ctx, `SELECT r.list, r.record_id FROM records r
		JOIN unnest($1::text[], $2::text[]) AS k(list, record_id) ON r.list = k.list AND r.record_id = k.record_id`, lists, ids)
	if err != nil {
		return err
	}
	there := map[[2]string]bool{}
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return err
		}
		there[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	seen := map[[2]string]bool{}
	for i := range batch {
		k := [2]string{lists[i], ids[i]}
		if there[k] || seen[k] {
			return reckon.Errorf(reckon.ECONFLICT, "record %q of list %q is already in the workspace", ids[i], lists[i])
		}
		seen[k] = true
	}
	return reckon.Errorf(reckon.ECONFLICT, "a record of this file is already in the workspace")
}

const recordColumns = `r.id, r.list, r.record_id, r.family_name, r.given_name, r.name, r.sex, r.birth_date, r.death_date, r.death_place,
	r.unit, r.rank, r.home_town, r.source_url, r.attributes, COALESCE(i.source_id, 0), r.sensitive, r.embargoed`

func scanRecord(row scanner, r *reckon.Record, extra ...any) error {
	var birth, death, attrs, sensitive string
	dest := append(extra, &r.ID, &r.List, &r.RecordID, &r.FamilyName, &r.GivenName, &r.Name, &r.Sex, &birth, &death, &r.DeathPlace,
		&r.Unit, &r.Rank, &r.HomeTown, &r.SourceURL, &attrs, &r.SourceID, &sensitive, &r.Embargoed)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	if sensitive != "" {
		r.Sensitive = strings.Split(sensitive, ",")
	}
	r.BirthDate = reckon.ParseDateLoose(birth)
	r.DeathDate = reckon.ParseDateLoose(death)
	if attrs != "" {
		if err := json.Unmarshal([]byte(attrs), &r.Attributes); err != nil {
			return fmt.Errorf("record %d attributes: %w", r.ID, err)
		}
	}
	return nil
}

// Records implements [reckon.RecordStore].
func (s *Store) Records(ctx context.Context, f reckon.RecordFilter) (_ []*reckon.Record, err error) {
	defer wrap(&err, "records")
	var args params
	q := `SELECT ` + recordColumns + ` FROM records r JOIN imports i ON i.id = r.import_id WHERE r.id > ` + args.add(f.AfterID)
	if f.List != "" {
		q += ` AND r.list = ` + args.add(f.List)
	}
	if f.RecordID != "" {
		q += ` AND r.record_id = ` + args.add(f.RecordID)
	}
	if f.Embargoed {
		q += ` AND r.embargoed`
	}
	q += ` ORDER BY r.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + args.add(f.Limit)
	}
	return collect(ctx, s, func(row scanner) (*reckon.Record, error) {
		var r reckon.Record
		return &r, scanRecord(row, &r)
	}, q, args...)
}

const importColumns = `id, COALESCE(source_id, 0), list, file, hash, records, imported_at`

func scanImport(row scanner) (*reckon.Import, error) {
	var imp reckon.Import
	var at string
	if err := row.Scan(&imp.ID, &imp.SourceID, &imp.List, &imp.File, &imp.Hash, &imp.Records, &at); err != nil {
		return nil, err
	}
	imp.ImportedAt = storerule.ParseTime(at)
	return &imp, nil
}

// Imports implements [reckon.RecordStore].
func (s *Store) Imports(ctx context.Context) (_ []*reckon.Import, err error) {
	defer wrap(&err, "imports")
	imps, err := collect(ctx, s, scanImport, `SELECT `+importColumns+` FROM imports ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return imps, s.importLists(ctx, imps)
}

// importLists sets the Lists of the imports whose records name several
// lists, which import_lists holds.
func (s *Store) importLists(ctx context.Context, imps []*reckon.Import) error {
	type row struct {
		id   int64
		list string
		n    int
	}
	rows, err := collect(ctx, s, func(sc scanner) (row, error) {
		var r row
		err := sc.Scan(&r.id, &r.list, &r.n)
		return r, err
	}, `SELECT import_id, list, records FROM import_lists`)
	if err != nil {
		return err
	}
	byID := map[int64]*reckon.Import{}
	for _, imp := range imps {
		byID[imp.ID] = imp
	}
	for _, r := range rows {
		if imp := byID[r.id]; imp != nil {
			if imp.Lists == nil {
				imp.Lists = map[string]int{}
			}
			imp.Lists[r.list] = r.n
		}
	}
	return nil
}

// Derived rows, rebuilt when a snapshot is imported: the counts by list
// of the imports whose records name several lists, and the list of those
// whose records name one (see reckon.ImportLists).
const (
	fillImportLists = `INSERT INTO import_lists (import_id, list, records)
	SELECT import_id, list, COUNT(*) FROM records
	WHERE import_id IN (SELECT import_id FROM records GROUP BY import_id HAVING COUNT(DISTINCT list) > 1)
	GROUP BY import_id, list`
	fileImports = `UPDATE imports i SET list = one.list
	FROM (SELECT import_id, MIN(list) AS list FROM records GROUP BY import_id HAVING COUNT(DISTINCT list) = 1) one
	WHERE i.id = one.import_id AND i.list <> one.list`
)

// ProtectRecord implements [reckon.RecordStore].
func (s *Store) ProtectRecord(ctx context.Context, key reckon.RecordKey, sensitive []string, embargoed bool) (err error) {
	defer wrap(&err, "protect record %s", key)
	r := &reckon.Record{List: key.List, RecordID: key.RecordID, Sensitive: sensitive, Embargoed: embargoed}
	if err := r.CheckSensitive(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var oldSensitive string
		var oldEmbargoed bool
		err := tx.QueryRow(ctx, `SELECT id, sensitive, embargoed FROM records WHERE list = $1 AND record_id = $2 FOR UPDATE`, key.List, key.RecordID).
			Scan(&id, &oldSensitive, &oldEmbargoed)
		if errors.Is(err, pgx.ErrNoRows) {
			return reckon.Errorf(reckon.ENOTFOUND, "record %s not found", key)
		}
		if err != nil {
			return err
		}
		joined := strings.Join(sensitive, ",")
		if _, err := tx.Exec(ctx, `UPDATE records SET sensitive = $1, embargoed = $2 WHERE id = $3`, joined, embargoed, id); err != nil {
			return err
		}
		return s.record(ctx, tx, "record.protect", "record", id,
			map[string]any{"key": key.String(), "sensitive": oldSensitive, "embargoed": oldEmbargoed},
			map[string]any{"key": key.String(), "sensitive": joined, "embargoed": embargoed})
	})
}
