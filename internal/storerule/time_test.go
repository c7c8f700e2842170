package storerule

import (
	"slices"
	"testing"
	"time"
)

func TestTime(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	times := []time.Time{
		time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		time.Date(2025, 1, 2, 3, 4, 5, 1, time.UTC),
		time.Date(2025, 1, 2, 12, 4, 5, 100, kst), // 03:04:05.0000001 UTC
		time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC),
		time.Date(2025, 1, 2, 3, 4, 6, 0, time.UTC),
	}
	var texts []string
	for _, tm := range times {
		s := FormatTime(tm)
		if len(s) != len("2025-01-02T03:04:05.000000000Z") {
			t.Errorf("FormatTime(%v) = %q: not of fixed width", tm, s)
		}
		if back := ParseTime(s); !back.Equal(tm) {
			t.Errorf("ParseTime(FormatTime(%v)) = %v", tm, back)
		}
		texts = append(texts, s)
	}
	if !slices.IsSorted(texts) {
		t.Errorf("text order is not time order: %q", texts)
	}
	if got := ParseTime("2025-01-02T03:04:05+09:00"); !got.Equal(time.Date(2025, 1, 1, 18, 4, 5, 0, time.UTC)) {
		t.Errorf("ParseTime of another RFC 3339 time = %v", got)
	}
	if got := ParseTime("yesterday"); !got.IsZero() {
		t.Errorf("ParseTime(yesterday) = %v, want zero", got)
	}
}
