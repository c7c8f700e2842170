package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// SaveLinkage implements [reckon.PersonStore].
func (s *Store) SaveLinkage(ctx context.Context, run *reckon.LinkRun, clusters [][]int64, matches []reckon.Match) (err error) {
	defer wrap(&err, "save linkage")
	if err := storerule.CheckMatches(matches); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// The persons as they are now: record id -> person id.
		rows, err := tx.QueryContext(ctx, `SELECT person_id, record_id FROM person_records ORDER BY person_id, record_id`)
		if err != nil {
			return err
		}
		recPerson := map[int64]int64{}
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
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM records`).Scan(&nrec); err != nil {
			return err
		}
		if err := storerule.CheckPartition(clusters, nrec); err != nil {
			return err
		}

		ids, gone := storerule.KeepPersonIDs(recPerson, clusters)

		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO link_runs (at, records, candidate_pairs, persons, config_hash, version, stats) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			now, nrec, run.CandidatePairs, len(clusters), run.ConfigHash, run.Version, run.Stats)
		if err != nil {
			return err
		}
		runID, _ := res.LastInsertId()
		for _, q := range []string{`DELETE FROM person_records`, `DELETE FROM matches`, `DELETE FROM person_lists`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		// Persons whose id is not kept go; kept ones stay.
		for _, p := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM persons WHERE id = ?`, p); err != nil {
				return err
			}
		}
		insPerson, err := tx.PrepareContext(ctx, `INSERT INTO persons (run_id) VALUES (?)`)
		if err != nil {
			return err
		}
		defer insPerson.Close()
		insPR, err := tx.PrepareContext(ctx, `INSERT INTO person_records (record_id, person_id) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer insPR.Close()
		for i, c := range clusters {
			id := ids[i]
			if id == 0 {
				res, err := insPerson.ExecContext(ctx, runID)
				if err != nil {
					return err
				}
				id, _ = res.LastInsertId()
			}
			for _, r := range c {
				if _, err := insPR.ExecContext(ctx, r, id); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, fillPersonLists); err != nil {
			return err
		}
		insMatch, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO matches (a, b, weight, probability) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insMatch.Close()
		for _, m := range matches {
			a, b := m.A, m.B
			if a > b {
				a, b = b, a
			}
			if _, err := insMatch.ExecContext(ctx, a, b, m.Weight, m.Probability); err != nil {
				return err
			}
		}
		run.ID, run.At, run.Records, run.Persons = runID, storerule.ParseTime(now), nrec, len(clusters)
		return s.record(ctx, tx, "linkage.save", "link_run", runID, nil, map[string]any{
			"records": nrec, "persons": len(clusters), "matches": len(matches), "candidate_pairs": run.CandidatePairs,
			"config_hash": run.ConfigHash, "version": run.Version})
	})
}

const recordColumns = `r.id, r.list, r.record_id, r.family_name, r.given_name, r.name, r.sex, r.birth_date, r.death_date, r.death_place,
	r.unit, r.rank, r.home_town, r.source_url, r.attributes, COALESCE(i.source_id, 0), r.sensitive, r.embargoed`

// Person implements [reckon.PersonStore].
func (s *Store) Person(ctx context.Context, id int64) (_ *reckon.Person, err error) {
	defer wrap(&err, "person %d", id)
	ps, err := s.persons(ctx, `pr.person_id = ?`, []any{id}, 0)
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
	err = s.queryRow(ctx, `SELECT person_id FROM person_records WHERE record_id = ?`, recordID).Scan(&id)
	if err == sql.ErrNoRows {
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
	// The page of person ids, then their records in one query.
	from, col := `persons p`, `p.id`
	var cond []string
	var args []any
	if f.List != "" {
		from, col = `person_lists p`, `p.person_id`
		cond, args = append(cond, `p.list = ?`), append(args, f.List)
	}
	cond, args = append(cond, col+` > ?`), append(args, f.AfterID)
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, nil
		}
		if len(f.IDs) > 500 {
			return nil, reckon.Errorf(reckon.EINVALID, "at most 500 persons by id at once")
		}
		cond = append(cond, col+` IN (?`+strings.Repeat(", ?", len(f.IDs)-1)+`)`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	q := `pr.person_id IN (SELECT ` + col + ` FROM ` + from + ` WHERE ` + strings.Join(cond, " AND ") + ` ORDER BY ` + col
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return s.persons(ctx, q+`)`, args, 0)
}

func (s *Store) persons(ctx context.Context, where string, args []any, _ int) ([]*reckon.Person, error) {
	rows, err := s.query(ctx, `SELECT pr.person_id, `+recordColumns+`
		FROM person_records pr JOIN records r ON r.id = pr.record_id JOIN imports i ON i.id = r.import_id
		WHERE `+where+` ORDER BY pr.person_id, r.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Person
	for rows.Next() {
		var pid int64
		var r reckon.Record
		if err := scanRecord(rows, &r, &pid); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != pid {
			out = append(out, &reckon.Person{ID: pid})
		}
		p := out[len(out)-1]
		p.Records = append(p.Records, &r)
	}
	return out, rows.Err()
}

// Matches implements [reckon.PersonStore].
func (s *Store) Matches(ctx context.Context, lo, hi float64, limit int) (_ []reckon.Match, err error) {
	defer wrap(&err, "matches")
	q := `SELECT a, b, weight, probability FROM matches WHERE probability BETWEEN ? AND ?`
	args := []any{lo, hi}
	if limit > 0 {
		q += ` ORDER BY ABS(probability - 0.5), a, b LIMIT ?`
		args = append(args, limit)
	} else {
		q += ` ORDER BY a, b`
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reckon.Match
	for rows.Next() {
		var m reckon.Match
		if err := rows.Scan(&m.A, &m.B, &m.Weight, &m.Probability); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// LinkRuns implements [reckon.PersonStore].
func (s *Store) LinkRuns(ctx context.Context) (_ []*reckon.LinkRun, err error) {
	defer wrap(&err, "link runs")
	rows, err := s.query(ctx, `SELECT id, at, records, candidate_pairs, persons, config_hash, version, stats FROM link_runs ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.LinkRun
	for rows.Next() {
		var r reckon.LinkRun
		var at string
		if err := rows.Scan(&r.ID, &at, &r.Records, &r.CandidatePairs, &r.Persons, &r.ConfigHash, &r.Version, &r.Stats); err != nil {
			return nil, err
		}
		r.At = storerule.ParseTime(at)
		out = append(out, &r)
	}
	return out, rows.Err()
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
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range []reckon.RecordKey{d.A, d.B} {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM records WHERE list = ? AND record_id = ?`, k.List, k.RecordID).Scan(&one)
			if err == sql.ErrNoRows {
				return reckon.Errorf(reckon.ENOTFOUND, "record %s not found", k)
			}
			if err != nil {
				return err
			}
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO decisions (a_list, a_record, b_list, b_record, same, by, at, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			d.A.List, d.A.RecordID, d.B.List, d.B.RecordID, d.Same, d.By, now, d.Why)
		if err != nil {
			return err
		}
		d.ID, _ = res.LastInsertId()
		d.At = storerule.ParseTime(now)
		return s.record(ctx, tx, "decision.add", "decision", d.ID, nil, d)
	})
}

// Decisions implements [reckon.PersonStore].
func (s *Store) Decisions(ctx context.Context) (_ []*reckon.Decision, err error) {
	defer wrap(&err, "decisions")
	rows, err := s.query(ctx, `SELECT id, a_list, a_record, b_list, b_record, same, by, at, why FROM decisions d
		WHERE undone_at IS NULL AND id = (SELECT MAX(id) FROM decisions e WHERE e.undone_at IS NULL AND
			e.a_list = d.a_list AND e.a_record = d.a_record AND e.b_list = d.b_list AND e.b_record = d.b_record)
		ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Decision
	for rows.Next() {
		var d reckon.Decision
		var at string
		if err := rows.Scan(&d.ID, &d.A.List, &d.A.RecordID, &d.B.List, &d.B.RecordID, &d.Same, &d.By, &at, &d.Why); err != nil {
			return nil, err
		}
		d.At = storerule.ParseTime(at)
		out = append(out, &d)
	}
	return out, rows.Err()
}

// UndoDecision implements [reckon.PersonStore].
func (s *Store) UndoDecision(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "undo decision %d", id)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE decisions SET undone_at = ? WHERE id = ? AND undone_at IS NULL`, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return reckon.Errorf(reckon.ENOTFOUND, "decision %d not found (or undone already)", id)
		}
		return s.record(ctx, tx, "decision.undo", "decision", id, nil, nil)
	})
}

func scanRecord(row interface{ Scan(...any) error }, r *reckon.Record, extra ...any) error {
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
		if err := jsonUnmarshal(attrs, &r.Attributes); err != nil {
			return fmt.Errorf("record %d attributes: %w", r.ID, err)
		}
	}
	return nil
}

// RecordsWithPersons implements [reckon.PersonStore].
func (s *Store) RecordsWithPersons(ctx context.Context, ids []int64) (_ []*reckon.Record, _ []int64, err error) {
	defer wrap(&err, "records with persons")
	var recs []*reckon.Record
	var persons []int64
	for len(ids) > 0 {
		n := min(len(ids), 500) // under SQLite's limit on parameters
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := s.query(ctx, `SELECT COALESCE(pr.person_id, 0), `+recordColumns+`
			FROM records r JOIN imports i ON i.id = r.import_id LEFT JOIN person_records pr ON pr.record_id = r.id
			WHERE r.id IN (?`+strings.Repeat(", ?", n-1)+`)`, args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var r reckon.Record
			var pid int64
			if err := scanRecord(rows, &r, &pid); err != nil {
				rows.Close()
				return nil, nil, err
			}
			recs, persons = append(recs, &r), append(persons, pid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		ids = ids[n:]
	}
	return recs, persons, nil
}

// fillPersonLists derives person_lists from person_records, which must be
// otherwise empty of it.
const fillPersonLists = `INSERT INTO person_lists (list, person_id)
	SELECT DISTINCT r.list, pr.person_id FROM person_records pr JOIN records r ON r.id = pr.record_id`
