package postgres

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// CreateRelease implements [reckon.ReleaseStore].
func (s *Store) CreateRelease(ctx context.Context, r *reckon.Release, files []reckon.ReleaseFile) (err error) {
	defer wrap(&err, "create release %s", reckon.Quote(r.Name))
	if err := storerule.ReleaseFiles(r, files); err != nil {
		return err
	}
	infos := make([]reckon.ReleaseFile, len(files))
	for i, f := range files {
		infos[i] = reckon.ReleaseFile{Name: f.Name, SHA256: reckon.FileHash(f.Data), Size: int64(len(f.Data))}
	}
	slices.SortFunc(infos, func(a, b reckon.ReleaseFile) int { return strings.Compare(a.Name, b.Name) })
	var manifest string
	for _, f := range infos {
		if f.Name == reckon.ManifestFile {
			manifest = f.SHA256
		}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO releases (name, created_at, manifest_hash, public_key) VALUES ($1, $2, $3, $4) RETURNING id`,
			r.Name, storerule.FormatTime(r.CreatedAt), manifest, r.PublicKey).Scan(&id)
		if isUnique(err) {
			return reckon.Errorf(reckon.ECONFLICT, "release %s exists already: releases never change; choose another name", reckon.Quote(r.Name))
		}
		if err != nil {
			return err
		}
		for _, f := range files {
			data := f.Data
			if data == nil {
				data = []byte{}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO release_files (release_id, name, sha256, size, data) VALUES ($1, $2, $3, $4, $5)`,
				id, f.Name, reckon.FileHash(f.Data), int64(len(f.Data)), data); err != nil {
				return err
			}
		}
		r.ID, r.ManifestHash, r.Files = id, manifest, infos
		return s.record(ctx, tx, "release.create", "release", id, nil, r)
	})
}

// Release implements [reckon.ReleaseStore].
func (s *Store) Release(ctx context.Context, name string) (_ *reckon.Release, err error) {
	defer wrap(&err, "release %s", reckon.Quote(name))
	rs, err := s.releases(ctx, `WHERE name = $1`, name)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "release %s not found (list them with: reckon release list)", reckon.Quote(name))
	}
	return rs[0], nil
}

// Releases implements [reckon.ReleaseStore].
func (s *Store) Releases(ctx context.Context) (_ []*reckon.Release, err error) {
	defer wrap(&err, "releases")
	return s.releases(ctx, ``)
}

func (s *Store) releases(ctx context.Context, where string, args ...any) (out []*reckon.Release, err error) {
	err = s.withConn(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT id, name, created_at, manifest_hash, public_key FROM releases `+where+` ORDER BY id`, args...)
		if err != nil {
			return err
		}
		byID := map[int64]*reckon.Release{}
		for rows.Next() {
			var r reckon.Release
			var created string
			if err := rows.Scan(&r.ID, &r.Name, &created, &r.ManifestHash, &r.PublicKey); err != nil {
				rows.Close()
				return err
			}
			r.CreatedAt = storerule.ParseTime(created)
			out = append(out, &r)
			byID[r.ID] = &r
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(out) == 0 {
			return err
		}
		ids := make([]int64, 0, len(out))
		for _, r := range out {
			ids = append(ids, r.ID)
		}
		frows, err := c.Query(ctx, `SELECT release_id, name, sha256, size FROM release_files WHERE release_id = ANY($1) ORDER BY release_id, name COLLATE "C"`, ids)
		if err != nil {
			return err
		}
		defer frows.Close()
		for frows.Next() {
			var id int64
			var f reckon.ReleaseFile
			if err := frows.Scan(&id, &f.Name, &f.SHA256, &f.Size); err != nil {
				return err
			}
			if r := byID[id]; r != nil {
				r.Files = append(r.Files, f)
			}
		}
		return frows.Err()
	})
	return out, err
}

// ReleaseFile implements [reckon.ReleaseStore].
func (s *Store) ReleaseFile(ctx context.Context, release, file string) (_ *reckon.ReleaseFile, err error) {
	defer wrap(&err, "release %s file %s", reckon.Quote(release), reckon.Quote(file))
	var f reckon.ReleaseFile
	err = s.withConn(ctx, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, `SELECT f.name, f.sha256, f.size, f.data FROM release_files f JOIN releases r ON r.id = f.release_id
			WHERE r.name = $1 AND f.name = $2`, release, file).Scan(&f.Name, &f.SHA256, &f.Size, &f.Data)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "release %s has no file %s", reckon.Quote(release), reckon.Quote(file))
	}
	if err != nil {
		return nil, err
	}
	if f.Data == nil {
		f.Data = []byte{}
	}
	return &f, nil
}
