package postgres

import (
	"context"
	"errors"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// SaveLinkage implements [reckon.PersonStore]. It locks the records
// against imports, and against another link run, until it commits.
func (s *Store) SaveLinkage(ctx context.Context, run *reckon.LinkRun, clusters [][]int64, matches []reckon.Match) (err error) {
	defer wrap(&err, "save linkage")
	if err := storerule.CheckMatches(matches); err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE records IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		// The persons as they are now: record id -> person id.
		recPerson := map[int64]int64{}
		rows, err := tx.Query(ctx, `SELECT person_id, record_id FROM person_records ORDER BY person_id, record_id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p, r int64
			if err := rows.Scan(&p, &r); err != nil {
				rows.Close()
				return err
			}
			recPerson[r] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var nrec int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM records`).Scan(&nrec); err != nil {
			return err
		}
		if err := storerule.CheckPartition(clusters, nrec); err != nil {
			return err
		}
		// Matches are checked before anything is written; a pair given
		// twice keeps its last score.
		type pair struct{ a, b int64 }
		at := map[pair]int{}
		var matchRows [][]any
		for _, m := range matches {
			a, b := m.A, m.B
			if a > b {
				a, b = b, a
			}
			row := []any{a, b, m.Weight, m.Probability}
			if i, ok := at[pair{a, b}]; ok {
				matchRows[i] = row
				continue
			}
			at[pair{a, b}] = len(matchRows)
			matchRows = append(matchRows, row)
		}

		ids, gone := storerule.KeepPersonIDs(recPerson, clusters)

		now := s.now()
		var runID int64
		if err := tx.QueryRow(ctx, `INSERT INTO link_runs (at, records, candidate_pairs, persons, config_hash, version, stats)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			now, nrec, run.CandidatePairs, len(clusters), run.ConfigHash, run.Version, run.Stats).Scan(&runID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM person_records`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM matches`); err != nil {
			return err
		}
		// Persons whose id is not kept go; kept ones stay.
		fresh := 0
		for _, id := range ids {
			if id == 0 {
				fresh++
			}
		}
		if len(gone) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM persons WHERE id = ANY($1)`, gone); err != nil {
				return err
			}
		}
		if fresh > 0 {
			// New persons take new ids in the order of their clusters.
			var newIDs []int64
			rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('persons', 'id')) FROM generate_series(1, $1)`, fresh)
			if err != nil {
				return err
			}
			newIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return err
			}
			slices.Sort(newIDs)
			personRows := make([][]any, 0, fresh)
			for i := range ids {
				if ids[i] == 0 {
					ids[i], newIDs = newIDs[0], newIDs[1:]
					personRows = append(personRows, []any{ids[i], runID})
				}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"persons"}, []string{"id", "run_id"}, pgx.CopyFromRows(personRows)); err != nil {
				return err
			}
		}
		prRows := make([][]any, 0, nrec)
		for i, c := range clusters {
			for _, r := range c {
				prRows = append(prRows, []any{r, ids[i]})
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"person_records"}, []string{"record_id", "person_id"}, pgx.CopyFromRows(prRows)); err != nil {
			return err
		}
		if len(matchRows) > 0 {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"matches"}, []string{"a", "b", "weight", "probability"}, pgx.CopyFromRows(matchRows)); err != nil {
				return err
			}
		}
		run.ID, run.At, run.Records, run.Persons = runID, storerule.ParseTime(now), nrec, len(clusters)
		return s.record(ctx, tx, "linkage.save", "link_run", runID, nil, map[string]any{
			"records": nrec, "persons": len(clusters), "matches": len(matches), "candidate_pairs": run.CandidatePairs,
			"config_hash": run.ConfigHash, "version": run.Version})
	})
	if isForeignKey(err) {
		return reckon.Errorf(reckon.EINVALID, "save linkage: a cluster or match names a record that does not exist")
	}
	return err
}

// Person implements [reckon.PersonStore].
func (s *Store) Person(ctx context.Context, id int64) (_ *reckon.Person, err error) {
	defer wrap(&err, "person %d", id)
	ps, err := s.persons(ctx, `pr.person_id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "person %d not found", id)
	}
	return ps[0], nil
}

// PersonOfRecord implements [reckon.PersonStore].
func (s *Store) PersonOfRecord(ctx context.Context, recordID int64) (_ *reckon.Person, err error) {
	defer wrap(&err, "person of record %d", recordID)
	var id int64
	err = s.withConn(ctx, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, `SELECT person_id FROM person_records WHERE record_id = $1`, recordID).Scan(&id)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "record %d belongs to no person yet (run reckon link)", recordID)
	}
	if err != nil {
		return nil, err
	}
	return s.Person(ctx, id)
}

// Persons implements [reckon.PersonStore].
func (s *Store) Persons(ctx context.Context, f reckon.PersonFilter) (_ []*reckon.Person, err error) {
	defer wrap(&err, "persons")
	var args params
	where := `pr.person_id IN (SELECT p.id FROM persons p WHERE p.id > ` + args.add(f.AfterID)
	if f.List != "" {
		where += ` AND p.id IN (SELECT pr2.person_id FROM person_records pr2 JOIN records r2 ON r2.id = pr2.record_id WHERE r2.list = ` + args.add(f.List) + `)`
	}
	if f.IDs != nil {
		where += ` AND p.id = ANY(` + args.add(f.IDs) + `)`
	}
	where += ` ORDER BY p.id`
	if f.Limit > 0 {
		where += ` LIMIT ` + args.add(f.Limit)
	}
	where += `)`
	return s.persons(ctx, where, args...)
}

func (s *Store) persons(ctx context.Context, where string, args ...any) ([]*reckon.Person, error) {
	var out []*reckon.Person
	err := s.withConn(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT pr.person_id, `+recordColumns+`
			FROM person_records pr JOIN records r ON r.id = pr.record_id JOIN imports i ON i.id = r.import_id
			WHERE `+where+` ORDER BY pr.person_id, r.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var pid int64
			var r reckon.Record
			if err := scanRecord(rows, &r, &pid); err != nil {
				return err
			}
			if len(out) == 0 || out[len(out)-1].ID != pid {
				out = append(out, &reckon.Person{ID: pid})
			}
			p := out[len(out)-1]
			p.Records = append(p.Records, &r)
		}
		return rows.Err()
	})
	return out, err
}

// Matches implements [reckon.PersonStore].
func (s *Store) Matches(ctx context.Context, lo, hi float64, limit int) (_ []reckon.Match, err error) {
	defer wrap(&err, "matches")
	var args params
	q := `SELECT a, b, weight, probability FROM matches WHERE probability BETWEEN ` + args.add(lo) + ` AND ` + args.add(hi)
	if limit > 0 {
		q += ` ORDER BY ABS(probability - 0.5), a, b LIMIT ` + args.add(limit)
	} else {
		q += ` ORDER BY a, b`
	}
	return collect(ctx, s, func(row scanner) (reckon.Match, error) {
		var m reckon.Match
		err := row.Scan(&m.A, &m.B, &m.Weight, &m.Probability)
		return m, err
	}, q, args...)
}

// LinkRuns implements [reckon.PersonStore].
func (s *Store) LinkRuns(ctx context.Context) (_ []*reckon.LinkRun, err error) {
	defer wrap(&err, "link runs")
	return collect(ctx, s, func(row scanner) (*reckon.LinkRun, error) {
		var r reckon.LinkRun
		var at string
		if err := row.Scan(&r.ID, &at, &r.Records, &r.CandidatePairs, &r.Persons, &r.ConfigHash, &r.Version, &r.Stats); err != nil {
			return nil, err
		}
		r.At = storerule.ParseTime(at)
		return &r, nil
	}, `SELECT id, at, records, candidate_pairs, persons, config_hash, version, stats FROM link_runs ORDER BY id`)
}

// orderPair puts a decision's keys in a canonical order.
func orderPair(d *reckon.Decision) {
	if d.B.Less(d.A) {
		d.A, d.B = d.B, d.A
	}
}

// AddDecision implements [reckon.PersonStore].
func (s *Store) AddDecision(ctx context.Context, d *reckon.Decision) (err error) {
	defer wrap(&err, "add decision")
	if err := d.Validate(); err != nil {
		return err
	}
	orderPair(d)
	now := s.now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, k := range []reckon.RecordKey{d.A, d.B} {
			var one int
			err := tx.QueryRow(ctx, `SELECT 1 FROM records WHERE list = $1 AND record_id = $2`, k.List, k.RecordID).Scan(&one)
			if errors.Is(err, pgx.ErrNoRows) {
				return reckon.Errorf(reckon.ENOTFOUND, "record %s not found", k)
			}
			if err != nil {
				return err
			}
		}
		if err := tx.QueryRow(ctx, `INSERT INTO decisions (a_list, a_record, b_list, b_record, same, by, at, why) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			d.A.List, d.A.RecordID, d.B.List, d.B.RecordID, d.Same, d.By, now, d.Why).Scan(&d.ID); err != nil {
			return err
		}
		d.At = storerule.ParseTime(now)
		return s.record(ctx, tx, "decision.add", "decision", d.ID, nil, d)
	})
}

// Decisions implements [reckon.PersonStore].
func (s *Store) Decisions(ctx context.Context) (_ []*reckon.Decision, err error) {
	defer wrap(&err, "decisions")
	return collect(ctx, s, func(row scanner) (*reckon.Decision, error) {
		var d reckon.Decision
		var at string
		if err := row.Scan(&d.ID, &d.A.List, &d.A.RecordID, &d.B.List, &d.B.RecordID, &d.Same, &d.By, &at, &d.Why); err != nil {
			return nil, err
		}
		d.At = storerule.ParseTime(at)
		return &d, nil
	}, `SELECT id, a_list, a_record, b_list, b_record, same, by, at, why FROM decisions d
		WHERE undone_at IS NULL AND id = (SELECT MAX(id) FROM decisions e WHERE e.undone_at IS NULL AND
			e.a_list = d.a_list AND e.a_record = d.a_record AND e.b_list = d.b_list AND e.b_record = d.b_record)
		ORDER BY id`)
}

// UndoDecision implements [reckon.PersonStore].
func (s *Store) UndoDecision(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "undo decision %d", id)
	now := s.now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE decisions SET undone_at = $1 WHERE id = $2 AND undone_at IS NULL`, now, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return reckon.Errorf(reckon.ENOTFOUND, "decision %d not found (or undone already)", id)
		}
		return s.record(ctx, tx, "decision.undo", "decision", id, nil, nil)
	})
}

// RecordsWithPersons implements [reckon.PersonStore].
func (s *Store) RecordsWithPersons(ctx context.Context, ids []int64) (_ []*reckon.Record, _ []int64, err error) {
	defer wrap(&err, "records with persons")
	var recs []*reckon.Record
	var persons []int64
	err = s.withConn(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT COALESCE(pr.person_id, 0), `+recordColumns+`
			FROM records r JOIN imports i ON i.id = r.import_id LEFT JOIN person_records pr ON pr.record_id = r.id
			WHERE r.id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r reckon.Record
			var pid int64
			if err := scanRecord(rows, &r, &pid); err != nil {
				return err
			}
			recs, persons = append(recs, &r), append(persons, pid)
		}
		return rows.Err()
	})
	return recs, persons, err
}
