package reconcile

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

func claim(id int64, src *reckon.Source, date string, iv reckon.Interval) Claim {
	d, err := reckon.ParseDate(date)
	if err != nil {
		panic(err)
	}
	return Claim{Claim: &reckon.Claim{ID: id, Measure: reckon.Killed, Interval: iv, Status: reckon.StatusExtracted}, Source: src, Date: d}
}

func TestReconcile(t *testing.T) {
	nis := &reckon.Source{ID: 1, Name: "NIS"}
	kcna := &reckon.Source{ID: 2, Name: "KCNA"}
	gur := &reckon.Source{ID: 3, Name: "GUR"}
	minimum := &reckon.Estimate{Method: "minimum", Observed: 250, NHat: 250, Lower: 250, Upper: 250}

	rejected := claim(9, gur, "2025-01-01", reckon.To(10))
	rejected.Status = reckon.StatusRejected
	projected := claim(10, gur, "2025-01-02", reckon.To(5))
	projected.Projected = true
	wounded := claim(11, nis, "2025-01-01", reckon.To(1))
	wounded.Measure = reckon.Wounded
	claims := []Claim{
		claim(1, nis, "2025-04-01", reckon.Closed(300, 600)),
		claim(2, kcna, "2025-09-01", reckon.To(200)),   // below the 250 documented
		claim(3, gur, "2025-04-01", reckon.From(1000)), // same day as NIS, no overlap
		claim(4, nis, "2025-01-10", reckon.From(100)),
		claim(5, gur, "2025", reckon.Closed(260, 300)), // year only: neither before nor after 2025-04-01
		rejected, projected, wounded,
	}
	v := Reconcile(reckon.Killed, claims, minimum, nil)
	if len(v.Claims) != 6 {
		t.Fatalf("%d claims in the view, want 6 (rejected and other measures left out)", len(v.Claims))
	}
	if v.Claims[0].ID != 4 {
		t.Errorf("first claim %d, want the earliest (4)", v.Claims[0].ID)
	}
	var latest []string
	for _, c := range v.Latest {
		latest = append(latest, c.Source.Name+":"+string(rune('0'+c.ID)))
	}
	if got := strings.Join(latest, " "); got != "GUR:5 KCNA:2 NIS:1" {
		t.Errorf("latest = %s", got)
	}
	want := map[string]bool{
		"below_minimum 2 0": true, // KCNA at most 200 < 250 persons
		"incompatible 1 3":  true, // same day, [1000,∞) vs [300,600]
		"incompatible 3 2":  true, // GUR at least 1000 in April, KCNA at most 200 in September
		"incompatible 1 2":  true, // NIS at least 300 in April, KCNA at most 200 later
	}
	got := map[string]bool{}
	for _, c := range v.Contradictions {
		key := c.Kind + " " + string(rune('0'+c.A)) + " " + string(rune('0'+c.B))
		got[key] = true
		if c.Message == "" {
			t.Errorf("%s without a message", key)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing contradiction %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected contradiction %s", k)
		}
	}
}

func TestDateLess(t *testing.T) {
	d := func(s string) reckon.Date { v, _ := reckon.ParseDate(s); return v }
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"2024", "2025", true},
		{"2025", "2025-03", false},
		{"2025-03", "2025", false},
		{"2025-02", "2025-03-01", true},
		{"2025-03-01", "2025-03-02", true},
		{"2025-03", "2025-03-02", false},
		{"2025", "", true},
		{"", "2025", false},
	} {
		if got := dateLess(d(tt.a), d(tt.b)); got != tt.want {
			t.Errorf("dateLess(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// TestSubCounts: claims of a narrower scope are listed apart and never
// flagged against the whole or the documented minimum; two sub-counts of
// the same scope still are (issue 13).
func TestSubCounts(t *testing.T) {
	nis := &reckon.Source{ID: 1, Name: "NIS"}
	kcna := &reckon.Source{ID: 2, Name: "KCNA"}
	minimum := &reckon.Estimate{Method: "minimum", Observed: 250, NHat: 250, Lower: 250, Upper: 250}
	fields := claim(2, kcna, "2025-04-01", reckon.Closed(24, 99))
	fields.Scope = reckon.Scope{Place: "in two fields"}
	week := claim(3, kcna, "2025-04-01", reckon.From(61))
	week.Scope = reckon.Scope{Period: "in a single week", Extent: reckon.ForPeriod}
	fields2 := claim(4, nis, "2025-04-01", reckon.Closed(200, 300))
	fields2.Scope = reckon.Scope{Place: "In the two fields"}
	merged := claim(5, nis, "2025-04-01", reckon.To(1))
	merged.Status = reckon.StatusMerged
	sinceNov := claim(6, kcna, "2025-04-01", reckon.Closed(1500, 1800))
	sinceNov.Scope = reckon.Scope{Period: "since November", Extent: reckon.Cumulative}
	v := Reconcile(reckon.Killed, []Claim{claim(1, nis, "2025-04-01", reckon.Closed(500, 500)), fields, week, fields2, merged, sinceNov}, minimum, nil)
	if len(v.Claims) != 2 || v.Claims[0].ID != 1 || v.Claims[1].ID != 6 || len(v.Parts) != 3 {
		t.Fatalf("whole %v, parts %v", v.Claims, v.Parts)
	}
	// 1 vs 6: both running totals of the whole on one day, no overlap.
	// 2 vs 4: the same two fields on one day, no overlap.
	if len(v.Contradictions) != 2 || v.Contradictions[0].A != 1 || v.Contradictions[0].B != 6 || v.Contradictions[1].A != 2 || v.Contradictions[1].B != 4 {
		t.Fatalf("contradictions %+v", v.Contradictions)
	}
}

func TestScopeComparable(t *testing.T) {
	for _, tt := range []struct {
		a, b reckon.Scope
		want bool
	}{
		{reckon.Scope{}, reckon.Scope{}, true},
		{reckon.Scope{}, reckon.Scope{Place: "in Kursk"}, false},
		{reckon.Scope{Place: "in the Kursk region"}, reckon.Scope{Place: "Kursk region"}, true},
		{reckon.Scope{Extent: reckon.Cumulative}, reckon.Scope{}, true},
		{reckon.Scope{Period: "in one week", Extent: reckon.ForPeriod}, reckon.Scope{}, false},
		{reckon.Scope{Period: "in one week", Extent: reckon.ForPeriod}, reckon.Scope{Period: "In one week.", Extent: reckon.ForPeriod}, true},
		{reckon.Scope{Period: "in one week", Extent: reckon.ForPeriod}, reckon.Scope{Period: "on Monday", Extent: reckon.ForPeriod}, false},
		{reckon.Scope{Part: "one brigade"}, reckon.Scope{}, false},
	} {
		if got := tt.a.Comparable(tt.b); got != tt.want || tt.b.Comparable(tt.a) != got {
			t.Errorf("%v comparable with %v = %v, want %v (both ways)", tt.a, tt.b, got, tt.want)
		}
	}
}
