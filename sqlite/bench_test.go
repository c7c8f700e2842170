package sqlite_test

import (
	"context"
	"fmt"
	"iter"
	"testing"

	"github.com/reckonhq/reckon"
)

func benchRecords(n int) []*reckon.Record {
	recs := make([]*reckon.Record, n)
	for i := range recs {
		recs[i] = &reckon.Record{RecordID: fmt.Sprintf("r%07d", i), List: "kcna", FamilyName: "김", GivenName: "철수",
			Name: "김철수", Sex: "M", BirthDate: reckon.Date{Year: 1990 + i%15, Month: 1 + i%12, Day: 1 + i%28},
			DeathDate: reckon.Date{Year: 2025, Month: 1 + i%3}, DeathPlace: "Курская область", Unit: "94th Brigade",
			Rank: "sergeant", HomeTown: "Hamhung", SourceURL: "https://example.org/records/1"}
	}
	return recs
}

// BenchmarkImportRecords measures importing records into a new store; the
// metric records/s is the bar (≥ 200,000 records/s).
func BenchmarkImportRecords(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		recs := benchRecords(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := MustOpen(b)
				b.StartTimer()
				seq := func(yield func(*reckon.Record, error) bool) {
					for _, r := range recs {
						if !yield(r, nil) {
							return
						}
					}
				}
				if _, err := s.ImportRecords(context.Background(), &reckon.Import{Hash: "h"}, iter.Seq2[*reckon.Record, error](seq)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
