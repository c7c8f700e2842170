package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// AddDocument implements [reckon.DocumentStore]. The text and claims are
// written chunk by chunk inside one transaction, so memory stays bounded
// by the chunk size whatever the size of the document; the hash is known
// only at the end, when a duplicate rolls everything back.
func (s *Store) AddDocument(ctx context.Context, d *reckon.Document, chunks iter.Seq2[reckon.Chunk, error]) (_ bool, err error) {
	defer wrap(&err, "add document")
	chunks = storerule.Input(chunks) // its errors are the caller's, passed on as they came
	if d.SourceID == 0 {
		return false, reckon.Errorf(reckon.EINVALID, "document has no source")
	}
	if err := reckon.CheckLang(d.Lang); err != nil {
		return false, err
	}
	lang := d.Lang
	tx, done, err := s.beginWrite(ctx)
	if err != nil {
		return false, err
	}
	defer done()
	defer tx.Rollback()

	now := s.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO documents (source_id, title, url, published, added_at) VALUES (?, ?, ?, ?, ?)`,
		d.SourceID, d.Title, d.URL, d.Published.String(), now)
	if err != nil {
		if isForeignKey(err) {
			return false, reckon.Errorf(reckon.ENOTFOUND, "source %d not found", d.SourceID)
		}
		return false, err
	}
	id, _ := res.LastInsertId()

	insChunk, err := tx.PrepareContext(ctx, `INSERT INTO document_chunks (document_id, offset, text) VALUES (?, ?, ?)`)
	if err != nil {
		return false, err
	}
	defer insChunk.Close()
	insClaim, err := tx.PrepareContext(ctx, `INSERT INTO claims (document_id, measure, subject, qualifier, cue, low, high, stated, span, start, "end",
		sentence, attribution, cites, date, projected, why, extractor_version, status, created_at,
		scope_place, scope_period, scope_extent, scope_part, on_date, merged_into)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return false, err
	}
	defer insClaim.Close()

	h := sha256.New()
	byStart := map[int]int64{} // claim IDs by start, for restatements
	var size int64
	var nclaims, maxEnd int
	for c, err := range chunks {
		if err != nil {
			return false, err
		}
		if err := ctx.Err(); err != nil {
			return false, err
		}
		if c.Offset != size {
			return false, fmt.Errorf("add document: chunk at offset %d, want %d", c.Offset, size)
		}
		if lang == "" && size == 0 {
			if err := reckon.CheckLang(c.Lang); err != nil {
				return false, err
			}
			lang = c.Lang
		}
		if _, err := insChunk.ExecContext(ctx, id, c.Offset, c.Text); err != nil {
			return false, err
		}
		h.Write([]byte(c.Text))
		size += int64(len(c.Text))
		for i := range c.Claims {
			cl := &c.Claims[i]
			if err := cl.Validate(); err != nil {
				return false, err
			}
			maxEnd = max(maxEnd, cl.End)
			stated, _ := json.Marshal(cl.Stated)
			why, _ := json.Marshal(cl.Why)
			status, into := storerule.RestatementOf(cl, byStart)
			res, err := insClaim.ExecContext(ctx, id, cl.Measure, cl.Subject, cl.Qualifier, cl.Cue, cl.Low, cl.High, string(stated),
				cl.Span, cl.Start, cl.End, cl.Sentence, cl.Attribution, cl.Cites, cl.Date, cl.Projected, string(why), cl.ExtractorVersion, status, now,
				cl.Scope.Place, cl.Scope.Period, cl.Scope.Extent, cl.Scope.Part, cl.On.String(), nullID(into))
			if err != nil {
				return false, err
			}
			cid, _ := res.LastInsertId()
			byStart[cl.Start] = cid
			nclaims++
		}
	}
	if int64(maxEnd) > size {
		return false, reckon.Errorf(reckon.EINVALID, "a claim ends at byte %d, past the end of the %d-byte text", maxEnd, size)
	}
	hash := hex.EncodeToString(h.Sum(nil))

	var existing int64
	switch err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE hash = ?`, hash).Scan(&existing); err {
	case nil:
		tx.Rollback()
		old, err := s.Document(ctx, existing)
		if err != nil {
			return false, err
		}
		*d = *old
		return false, nil
	case sql.ErrNoRows:
	default:
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET hash = ?, size = ?, claims = ?, lang = ? WHERE id = ?`, hash, size, nclaims, lang, id); err != nil {
		return false, err
	}
	if err := s.record(ctx, tx, "document.add", "document", id, nil, map[string]any{
		"source_id": d.SourceID, "title": d.Title, "url": d.URL, "hash": hash, "size": size, "claims": nclaims, "lang": lang}); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	d.ID, d.Hash, d.Size, d.Claims, d.Lang, d.AddedAt = id, hash, size, nclaims, lang, storerule.ParseTime(now)
	return true, nil
}

const documentColumns = `id, source_id, title, url, published, COALESCE(hash, ''), size, claims, lang, added_at`

func scanDocument(row interface{ Scan(...any) error }) (*reckon.Document, error) {
	var d reckon.Document
	var published, added string
	if err := row.Scan(&d.ID, &d.SourceID, &d.Title, &d.URL, &published, &d.Hash, &d.Size, &d.Claims, &d.Lang, &added); err != nil {
		return nil, err
	}
	d.Published, _ = reckon.ParseDate(published)
	d.AddedAt = storerule.ParseTime(added)
	return &d, nil
}

// Document implements [reckon.DocumentStore].
func (s *Store) Document(ctx context.Context, id int64) (_ *reckon.Document, err error) {
	defer wrap(&err, "document %d", id)
	d, err := scanDocument(s.queryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ?`, id))
	return d, notFound(err, "document", id)
}

// Documents implements [reckon.DocumentStore].
func (s *Store) Documents(ctx context.Context, f reckon.DocumentFilter) (_ []*reckon.Document, err error) {
	defer wrap(&err, "documents")
	q := `SELECT ` + documentColumns + ` FROM documents WHERE id > ?`
	args := []any{f.AfterID}
	if f.SourceID != 0 {
		q += ` AND source_id = ?`
		args = append(args, f.SourceID)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DocumentText implements [reckon.DocumentStore].
func (s *Store) DocumentText(ctx context.Context, id int64, start, end int64) (_ string, err error) {
	defer wrap(&err, "document %d text", id)
	d, err := s.Document(ctx, id)
	if err != nil {
		return "", err
	}
	if end > d.Size {
		end = d.Size
	}
	if start < 0 || start > end {
		return "", reckon.Errorf(reckon.EINVALID, "document %d: range [%d, %d) outside its %d bytes", id, start, end, d.Size)
	}
	return readChunks(ctx, s.query, id, start, end)
}

// documentText reads the bytes [start, end) of a document's text inside
// tx; the caller has checked the range against the document's size.
func documentText(ctx context.Context, tx *sql.Tx, id int64, start, end int64) (string, error) {
	return readChunks(ctx, tx.QueryContext, id, start, end)
}

// readChunks reads the bytes [start, end) of a document's text with
// query (the store's prepared statements, or a transaction's): the
// chunks overlapping the range are the last one starting at or before
// start, and every one starting before end.
func readChunks(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error), id int64, start, end int64) (string, error) {
	rows, err := query(ctx, `SELECT offset, text FROM document_chunks WHERE document_id = ? AND offset < ?
		AND offset >= COALESCE((SELECT MAX(offset) FROM document_chunks WHERE document_id = ? AND offset <= ?), 0) ORDER BY offset`,
		id, end, id, start)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var off int64
		var text string
		if err := rows.Scan(&off, &text); err != nil {
			return "", err
		}
		lo, hi := max(start-off, 0), min(end-off, int64(len(text)))
		if lo < hi {
			b.WriteString(text[lo:hi])
		}
	}
	return b.String(), rows.Err()
}
