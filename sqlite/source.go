package sqlite

import (
	"context"
	"database/sql"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// CreateSource implements [reckon.SourceStore].
func (s *Store) CreateSource(ctx context.Context, src *reckon.Source) (err error) {
	defer wrap(&err, "create source")
	if err := src.Validate(); err != nil {
		return err
	}
	now := s.now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO sources (name, kind, grade, url, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			src.Name, src.Kind, src.Grade.String(), src.URL, src.Note, now)
		if isUnique(err) {
			return reckon.Errorf(reckon.ECONFLICT, "source %q exists already", src.Name)
		}
		if err != nil {
			return err
		}
		src.ID, _ = res.LastInsertId()
		src.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, tx, "source.create", "source", src.ID, nil, src)
	})
}

// UpdateSource implements [reckon.SourceStore].
func (s *Store) UpdateSource(ctx context.Context, src *reckon.Source) (err error) {
	defer wrap(&err, "update source %d", src.ID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = ?`, src.ID))
		if err != nil {
			return notFound(err, "source", src.ID)
		}
		src.Name, src.CreatedAt = before.Name, before.CreatedAt
		if err := src.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET kind = ?, grade = ?, url = ?, note = ? WHERE id = ?`,
			src.Kind, src.Grade.String(), src.URL, src.Note, src.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, "source.update", "source", src.ID, before, src)
	})
}

const sourceColumns = `id, name, kind, grade, url, note, created_at`

func scanSource(row interface{ Scan(...any) error }) (*reckon.Source, error) {
	var src reckon.Source
	var grade, created string
	if err := row.Scan(&src.ID, &src.Name, &src.Kind, &grade, &src.URL, &src.Note, &created); err != nil {
		return nil, err
	}
	src.Grade, _ = reckon.ParseGrade(grade)
	src.CreatedAt = storerule.ParseTime(created)
	return &src, nil
}

// Source implements [reckon.SourceStore].
func (s *Store) Source(ctx context.Context, id int64) (_ *reckon.Source, err error) {
	defer wrap(&err, "source %d", id)
	src, err := scanSource(s.queryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = ?`, id))
	return src, notFound(err, "source", id)
}

// SourceByName implements [reckon.SourceStore].
func (s *Store) SourceByName(ctx context.Context, name string) (_ *reckon.Source, err error) {
	defer wrap(&err, "source by name")
	src, err := scanSource(s.queryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE name = ?`, name))
	if err == sql.ErrNoRows {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "source %q not found (add it with: reckon source add --name %q)", name, name)
	}
	return src, err
}

// Sources implements [reckon.SourceStore].
func (s *Store) Sources(ctx context.Context) (_ []*reckon.Source, err error) {
	defer wrap(&err, "sources")
	rows, err := s.query(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, rows.Err()
}
