package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
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
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO sources (name, kind, grade, url, note, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			src.Name, string(src.Kind), src.Grade.String(), src.URL, src.Note, now).Scan(&src.ID); err != nil {
			return err
		}
		src.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, tx, "source.create", "source", src.ID, nil, src)
	})
	if isUnique(err) {
		return reckon.Errorf(reckon.ECONFLICT, "source %q exists already", src.Name)
	}
	if err != nil {
		return err
	}
	src.CreatedAt = storerule.ParseTime(now)
	return nil
}

// UpdateSource implements [reckon.SourceStore].
func (s *Store) UpdateSource(ctx context.Context, src *reckon.Source) (err error) {
	defer wrap(&err, "update source %d", src.ID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		before, err := scanSource(tx.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = $1 FOR UPDATE`, src.ID))
		if errors.Is(err, pgx.ErrNoRows) {
			return reckon.Errorf(reckon.ENOTFOUND, "source %d not found", src.ID)
		}
		if err != nil {
			return err
		}
		src.Name, src.CreatedAt = before.Name, before.CreatedAt
		if err := src.Validate(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sources SET kind = $1, grade = $2, url = $3, note = $4 WHERE id = $5`,
			string(src.Kind), src.Grade.String(), src.URL, src.Note, src.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, "source.update", "source", src.ID, before, src)
	})
}

const sourceColumns = `id, name, kind, grade, url, note, created_at`

func scanSource(row scanner) (*reckon.Source, error) {
	var src reckon.Source
	var kind, grade, created string
	if err := row.Scan(&src.ID, &src.Name, &kind, &grade, &src.URL, &src.Note, &created); err != nil {
		return nil, err
	}
	src.Kind = reckon.SourceKind(kind)
	src.Grade, _ = reckon.ParseGrade(grade)
	src.CreatedAt = storerule.ParseTime(created)
	return &src, nil
}

// Source implements [reckon.SourceStore].
func (s *Store) Source(ctx context.Context, id int64) (_ *reckon.Source, err error) {
	defer wrap(&err, "source %d", id)
	var src *reckon.Source
	err = s.withConn(ctx, func(c *pgx.Conn) (err error) {
		src, err = scanSource(c.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = $1`, id))
		return err
	})
	return src, notFound(err, "source", id)
}

// SourceByName implements [reckon.SourceStore].
func (s *Store) SourceByName(ctx context.Context, name string) (_ *reckon.Source, err error) {
	defer wrap(&err, "source by name")
	var src *reckon.Source
	err = s.withConn(ctx, func(c *pgx.Conn) (err error) {
		src, err = scanSource(c.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE name = $1`, name))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "source %q not found (add it with: reckon source add --name %q)", name, name)
	}
	return src, err
}

// Sources implements [reckon.SourceStore]. Names are ordered by their
// bytes, as SQLite orders them, whatever the database's collation.
func (s *Store) Sources(ctx context.Context) (_ []*reckon.Source, err error) {
	defer wrap(&err, "sources")
	return collect(ctx, s, scanSource, `SELECT `+sourceColumns+` FROM sources ORDER BY name COLLATE "C"`)
}
