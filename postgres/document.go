package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// copyBatch is how many bytes of text AddDocument and how many rows
// ImportRecords gather before sending them with COPY.
const (
	copyBatchBytes = 1 << 20
	copyBatchRows  = 5000
)

var (
	chunkColumns     = []string{"document_id", "offset", "text"}
	claimCopyColumns = []string{"document_id", "measure", "subject", "qualifier", "cue", "low", "high", "stated", "span", "start", "end",
		"sentence", "attribution", "cites", "date", "projected", "why", "extractor_version", "status", "created_at",
		"scope_place", "scope_period", "scope_extent", "scope_part", "on_date"}
)

// AddDocument implements [reckon.DocumentStore]. The text and claims are
// sent with COPY in batches of about a megabyte inside one transaction,
// so memory stays bounded whatever the size of the document; the hash is
// known only at the end, when a duplicate rolls everything back.
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
	var existing int64
	var created bool
	now := s.now()
	var id, size int64
	var hash string
	var nclaims int
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO documents (source_id, title, url, published, added_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			d.SourceID, d.Title, d.URL, d.Published.String(), now).Scan(&id)
		if isForeignKey(err) {
			return reckon.Errorf(reckon.ENOTFOUND, "source %d not found", d.SourceID)
		}
		if err != nil {
			return err
		}
		var chunkRows, claimRows [][]any
		var batch int
		flush := func() error {
			if len(chunkRows) > 0 {
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{"document_chunks"}, chunkColumns, pgx.CopyFromRows(chunkRows)); err != nil {
					return err
				}
			}
			if len(claimRows) > 0 {
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{"claims"}, claimCopyColumns, pgx.CopyFromRows(claimRows)); err != nil {
					return err
				}
			}
			chunkRows, claimRows, batch = chunkRows[:0], claimRows[:0], 0
			return nil
		}
		h := sha256.New()
		var maxEnd int
		var restated, restates []int64 // starts of restatements and of the claims they restate
		for c, err := range chunks {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if c.Offset != size {
				return fmt.Errorf("add document: chunk at offset %d, want %d", c.Offset, size)
			}
			if lang == "" && size == 0 {
				if err := reckon.CheckLang(c.Lang); err != nil {
					return err
				}
				lang = c.Lang
			}
			chunkRows = append(chunkRows, []any{id, c.Offset, []byte(c.Text)})
			h.Write([]byte(c.Text))
			size += int64(len(c.Text))
			batch += len(c.Text)
			for i := range c.Claims {
				cl := &c.Claims[i]
				if err := cl.Validate(); err != nil {
					return err
				}
				maxEnd = max(maxEnd, cl.End)
				stated, _ := json.Marshal(cl.Stated)
				why, _ := json.Marshal(cl.Why)
				claimRows = append(claimRows, []any{id, string(cl.Measure), cl.Subject, string(cl.Qualifier), cl.Cue, cl.Low, cl.High,
					string(stated), cl.Span, int64(cl.Start), int64(cl.End), cl.Sentence, cl.Attribution, cl.Cites, cl.Date, cl.Projected,
					string(why), cl.ExtractorVersion, string(reckon.StatusExtracted), now,
					cl.Scope.Place, cl.Scope.Period, string(cl.Scope.Extent), cl.Scope.Part, cl.On.String()})
				if cl.Restates != nil {
					restated, restates = append(restated, int64(cl.Start)), append(restates, int64(*cl.Restates))
				}
				batch += len(cl.Sentence) + len(cl.Span) + 200
				nclaims++
			}
			if batch >= copyBatchBytes {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if len(restated) > 0 {
			// The IDs are known only now: merge each restatement into the
			// first claim starting where it points (see [storerule.RestatementOf]).
			if _, err := tx.Exec(ctx, `UPDATE claims c SET status = 'merged', merged_into = o.id
				FROM unnest($2::bigint[], $3::bigint[]) AS r(s, o_s),
				LATERAL (SELECT MIN(id) AS id FROM claims WHERE document_id = $1 AND start = r.o_s) o
				WHERE c.document_id = $1 AND c.start = r.s AND o.id IS NOT NULL AND o.id <> c.id`, id, restated, restates); err != nil {
				return err
			}
		}
		if int64(maxEnd) > size {
			return reckon.Errorf(reckon.EINVALID, "a claim ends at byte %d, past the end of the %d-byte text", maxEnd, size)
		}
		hash = hex.EncodeToString(h.Sum(nil))
		switch err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE hash = $1`, hash).Scan(&existing); {
		case err == nil:
			return errDuplicate
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE documents SET hash = $1, size = $2, claims = $3, lang = $4 WHERE id = $5`, hash, size, nclaims, lang, id)
		if isUnique(err) {
			// Another transaction added the same text meanwhile.
			return errDuplicate
		}
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, "document.add", "document", id, nil, map[string]any{
			"source_id": d.SourceID, "title": d.Title, "url": d.URL, "hash": hash, "size": size, "claims": nclaims, "lang": lang}); err != nil {
			return err
		}
		created = true
		return nil
	})
	if errors.Is(err, errDuplicate) {
		old, err := s.documentByHash(ctx, hash)
		if err != nil {
			return false, err
		}
		*d = *old
		return false, nil
	}
	if err != nil {
		return false, err
	}
	d.ID, d.Hash, d.Size, d.Claims, d.Lang, d.AddedAt = id, hash, size, nclaims, lang, storerule.ParseTime(now)
	return created, nil
}

// errDuplicate rolls back the addition of a text that is there already.
var errDuplicate = errors.New("duplicate")

const documentColumns = `id, source_id, title, url, published, COALESCE(hash, ''), size, claims, lang, added_at`

func scanDocument(row scanner) (*reckon.Document, error) {
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
	var d *reckon.Document
	err = s.withConn(ctx, func(c *pgx.Conn) (err error) {
		d, err = scanDocument(c.QueryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = $1`, id))
		return err
	})
	return d, notFound(err, "document", id)
}

func (s *Store) documentByHash(ctx context.Context, hash string) (*reckon.Document, error) {
	var d *reckon.Document
	err := s.withConn(ctx, func(c *pgx.Conn) (err error) {
		d, err = scanDocument(c.QueryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE hash = $1`, hash))
		return err
	})
	return d, notFound(err, "document with hash", hash)
}

// Documents implements [reckon.DocumentStore].
func (s *Store) Documents(ctx context.Context, f reckon.DocumentFilter) (_ []*reckon.Document, err error) {
	defer wrap(&err, "documents")
	var args params
	q := `SELECT ` + documentColumns + ` FROM documents WHERE id > ` + args.add(f.AfterID)
	if f.SourceID != 0 {
		q += ` AND source_id = ` + args.add(f.SourceID)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ` + args.add(f.Limit)
	}
	return collect(ctx, s, scanDocument, q, args...)
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
	// The chunks overlapping [start, end): the last one starting at or
	// before start, and every one starting before end.
	var b strings.Builder
	err = s.withConn(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT "offset", text FROM document_chunks WHERE document_id = $1 AND "offset" < $2
			AND "offset" >= COALESCE((SELECT MAX("offset") FROM document_chunks WHERE document_id = $1 AND "offset" <= $3), 0) ORDER BY "offset"`,
			id, end, start)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var off int64
			var text []byte
			if err := rows.Scan(&off, &text); err != nil {
				return err
			}
			lo, hi := max(start-off, 0), min(end-off, int64(len(text)))
			if lo < hi {
				b.Write(text[lo:hi])
			}
		}
		return rows.Err()
	})
	return b.String(), err
}

// documentText reads the bytes [start, end) of a document's text inside
// tx; the caller has checked the range against the document's size.
func documentText(ctx context.Context, tx pgx.Tx, id int64, start, end int64) (string, error) {
	rows, err := tx.Query(ctx, `SELECT "offset", text FROM document_chunks WHERE document_id = $1 AND "offset" < $2
		AND "offset" >= COALESCE((SELECT MAX("offset") FROM document_chunks WHERE document_id = $1 AND "offset" <= $3), 0) ORDER BY "offset"`,
		id, end, start)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var off int64
		var text []byte
		if err := rows.Scan(&off, &text); err != nil {
			return "", err
		}
		lo, hi := max(start-off, 0), min(end-off, int64(len(text)))
		if lo < hi {
			b.Write(text[lo:hi])
		}
	}
	return b.String(), rows.Err()
}
