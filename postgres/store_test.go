package postgres_test

import (
	"context"
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres"
	"github.com/reckonhq/reckon/postgres/pgtest"
)

func one[T any](x T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) { yield(x, nil) }
}

// TestOpenTogether opens one schema from several goroutines at once, as
// servers starting together do: the advisory lock lets one migrate.
func TestOpenTogether(t *testing.T) {
	ctx := context.Background()
	u := pgtest.SchemaURL(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := postgres.Open(ctx, u)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n, max int
	if err := c.QueryRow(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) || max < n || n < 4 {
		t.Fatalf("schema_migrations: %d rows, version %d; want one row for each of %d migrations", n, max, len(files))
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	u := pgtest.SchemaURL(t)
	s, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSource(ctx, &reckon.Source{Name: "KCNA", Kind: reckon.KindStateMedia}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = postgres.Open(ctx, u) // migrations run again: a no-op
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SourceByName(ctx, "KCNA"); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	s.Close()
	if err := s.CreateSource(ctx, &reckon.Source{Name: "x", Kind: reckon.KindOther}); err == nil {
		t.Fatal("a closed store still works")
	}

	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, `INSERT INTO schema_migrations VALUES (99, '0099_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	_, err = postgres.Open(ctx, u)
	if reckon.ErrorCode(err) != reckon.EINVALID || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opening a newer schema: %v", err)
	}
}

func TestOpenBadURL(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"postgres://reckon:s3cret@127.0.0.1:notaport/db", "postgres://x@127.0.0.1/db?pool_max_conns=0"} {
		_, err := postgres.Open(ctx, u)
		if reckon.ErrorCode(err) != reckon.EINVALID || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) = %v, want invalid without the password", u, err)
		}
	}
	_, err := postgres.Open(ctx, "postgres://reckon:s3cret@127.0.0.1:1/db?connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open with no server there = %v, want an error without the password", err)
	}
}

// TestText: text that PostgreSQL cannot store is EINVALID; a document's
// text is bytes and may be cut anywhere.
func TestText(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	for _, name := range []string{"bad \xff byte", "nul \x00 byte"} {
		err := s.CreateSource(ctx, &reckon.Source{Name: name, Kind: reckon.KindOther})
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("CreateSource(%q) = %v, want invalid", name, err)
		}
	}
	src := &reckon.Source{Name: "A", Kind: reckon.KindOther}
	if err := s.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	text := "latin-1 caf\xe9 and 국"
	chunks := func(yield func(reckon.Chunk, error) bool) {
		for off := 0; off < len(text); off += 5 {
			if !yield(reckon.Chunk{Offset: int64(off), Text: text[off:min(off+5, len(text))]}, nil) {
				return
			}
		}
	}
	d := &reckon.Document{SourceID: src.ID}
	if _, err := s.AddDocument(ctx, d, chunks); err != nil {
		t.Fatal(err)
	}
	got, err := s.DocumentText(ctx, d.ID, 0, d.Size)
	if err != nil || got != text {
		t.Fatalf("DocumentText = %q, %v; want %q", got, err, text)
	}
}

// TestConcurrentWrites: the same text or file added at once is stored
// once; reviews of one claim at once each see the one before.
func TestConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	src := &reckon.Source{Name: "A", Kind: reckon.KindOther}
	if err := s.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	const n = 6
	text := "Officials said 300 were killed."
	docs := make([]*reckon.Document, n)
	created := make([]bool, n)
	imps := make([]*reckon.Import, n)
	impCreated := make([]bool, n)
	errs := make([]error, 2*n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			docs[i] = &reckon.Document{SourceID: src.ID}
			created[i], errs[i] = s.AddDocument(ctx, docs[i], one(reckon.Chunk{Text: text, Claims: []reckon.Claim{{
				Measure: reckon.Killed, Qualifier: reckon.Exact, Interval: reckon.Closed(300, 300), Span: "300", Start: 15, End: 18}}}))
		})
		wg.Go(func() {
			imps[i] = &reckon.Import{Hash: "same-file"}
			impCreated[i], errs[n+i] = s.ImportRecords(ctx, imps[i], one(&reckon.Record{List: "l", RecordID: "1"}))
		})
	}
	wg.Wait()
	var nc, ni int
	for i := range n {
		if errs[i] != nil || errs[n+i] != nil {
			t.Fatal(errs[i], errs[n+i])
		}
		if created[i] {
			nc++
		}
		if impCreated[i] {
			ni++
		}
		if docs[i].ID != docs[0].ID || imps[i].ID != imps[0].ID {
			t.Fatalf("concurrent adds returned documents %d and %d, imports %d and %d", docs[i].ID, docs[0].ID, imps[i].ID, imps[0].ID)
		}
	}
	claims, _ := s.Claims(ctx, reckon.ClaimFilter{})
	recs, _ := s.Records(ctx, reckon.RecordFilter{})
	if nc != 1 || ni != 1 || len(claims) != 1 || len(recs) != 1 {
		t.Fatalf("%d documents and %d imports created, %d claims, %d records; want one of each", nc, ni, len(claims), len(recs))
	}

	for i := range n {
		wg.Go(func() {
			action, why := reckon.ActionConfirm, ""
			if i%2 == 1 {
				action, why = reckon.ActionReject, "no"
			}
			_, errs[i] = s.ReviewClaim(ctx, claims[0].ID, &reckon.Review{Action: action, By: fmt.Sprint("r", i), Why: why}, nil)
		})
	}
	wg.Wait()
	hist, err := s.Reviews(ctx, claims[0].ID)
	if err != nil || len(hist) != n {
		t.Fatalf("%d reviews, %v", len(hist), err)
	}
	for i := 1; i < n; i++ {
		if hist[i].Before != hist[i-1].After {
			t.Fatalf("review %d saw %q before, but review %d left %q", i, hist[i].Before, i-1, hist[i-1].After)
		}
	}
}
