package postgres_test

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres/pgtest"
)

func benchRecords(n int) iter.Seq2[*reckon.Record, error] {
	return func(yield func(*reckon.Record, error) bool) {
		for i := range n {
			r := &reckon.Record{RecordID: fmt.Sprintf("r%07d", i), List: "kcna", FamilyName: "김", GivenName: "철수",
				Name: "김철수", Sex: "M", BirthDate: reckon.Date{Year: 1990 + i%15, Month: 1 + i%12, Day: 1 + i%28},
				DeathDate: reckon.Date{Year: 2025, Month: 1 + i%3}, DeathPlace: "Курская область", Unit: "94th Brigade",
				Rank: "sergeant", HomeTown: "Hamhung", SourceURL: "https://example.org/records/1"}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// BenchmarkImportRecords measures importing records into a new schema,
// as package sqlite's benchmark of the same name does.
func BenchmarkImportRecords(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := pgtest.Open(b)
				b.StartTimer()
				if _, err := s.ImportRecords(context.Background(), &reckon.Import{Hash: "h"}, benchRecords(n)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkAddDocument measures adding a document in chunks of 64 KiB
// with a claim every 200 bytes.
func BenchmarkAddDocument(b *testing.B) {
	for _, size := range []int{10 << 10, 4 << 20} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			s := pgtest.Open(b)
			ctx := context.Background()
			src := &reckon.Source{Name: "A", Kind: reckon.KindOther}
			if err := s.CreateSource(ctx, src); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				text := strings.Repeat(fmt.Sprintf("%09d said 300 were killed. ", i), size/32+1)[:size]
				chunks := func(yield func(reckon.Chunk, error) bool) {
					for off := 0; off < len(text); off += 64 << 10 {
						c := reckon.Chunk{Offset: int64(off), Text: text[off:min(off+64<<10, len(text))]}
						for p := off; p < off+len(c.Text)-20; p += 200 {
							c.Claims = append(c.Claims, reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.Exact,
								Interval: reckon.Closed(300, 300), Span: "300", Start: p, End: p + 3, Sentence: text[p : p+20]})
						}
						if !yield(c, nil) {
							return
						}
					}
				}
				if _, err := s.AddDocument(ctx, &reckon.Document{SourceID: src.ID}, chunks); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(size))
		})
	}
}

// BenchmarkSaveLinkage measures a link run over n records in pairs, with
// a match for each pair.
func BenchmarkSaveLinkage(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			s := pgtest.Open(b)
			if _, err := s.ImportRecords(ctx, &reckon.Import{Hash: "h"}, benchRecords(n)); err != nil {
				b.Fatal(err)
			}
			recs, err := s.Records(ctx, reckon.RecordFilter{})
			if err != nil {
				b.Fatal(err)
			}
			var clusters [][]int64
			var matches []reckon.Match
			for i := 0; i+1 < len(recs); i += 2 {
				clusters = append(clusters, []int64{recs[i].ID, recs[i+1].ID})
				matches = append(matches, reckon.Match{A: recs[i].ID, B: recs[i+1].ID, Weight: 3, Probability: 0.9})
			}
			for b.Loop() {
				if err := s.SaveLinkage(ctx, &reckon.LinkRun{}, clusters, matches); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
