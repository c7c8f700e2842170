package pipeline_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/synth"
)

// synthWorkspace imports a generated data set's lists but the last,
// links it, and returns the data.
func synthWorkspace(t *testing.T, s reckon.Store, n int) *synth.Data {
	t.Helper()
	d, err := synth.Generate(rand.New(rand.NewPCG(7, 8)), synth.Options{N: n, Lists: 3, Capture: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for i, list := range d.Lists[:2] {
		recs := make([]*reckon.Record, len(list))
		for j := range list {
			recs[j] = &list[j]
		}
		importRecords(t, s, d.ListNames[i], recs...)
	}
	if _, _, err := pipeline.Link(context.Background(), s, linkage.Config{}, "", linkage.Options{Rand: rand.New(rand.NewPCG(1, 2))}); err != nil {
		t.Fatal(err)
	}
	return d
}

// sought returns a person of d found in list 0, as a family in Hangul
// would ask after them.
func sought(t *testing.T, d *synth.Data) (*synth.Person, string) {
	t.Helper()
	for _, r := range d.Lists[0] {
		p := &d.Persons[d.Truth[r.RecordID]-1]
		found := 0
		for _, l := range d.Lists[:2] {
			for _, o := range l {
				if d.Truth[o.RecordID] == p.ID {
					found++
				}
			}
		}
		if found == 1 && p.Birth.Year != 0 {
			return p, r.RecordID
		}
	}
	t.Fatal("no person in one list only")
	return nil, ""
}

// TestTraceMatch: a request in Hangul is matched by the linkage model
// against the records; the record of the person sought ranks first with
// its waterfall; nothing is confirmed; matching again adds nothing; the
// outbox gets one notice per target, without the family's contact.
func TestTraceMatch(t *testing.T) {
	ctx := reckon.WithTraceContacts(context.Background())
	s := open(t)
	d := synthWorkspace(t, s, 400)
	p, recID := sought(t, d)
	req := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{p.FamilyNorth + p.Given}, BirthDate: reckon.Date{Year: p.Birth.Year}},
		Contact: reckon.Contact{Email: "mother@example.org", Phone: "+82 10 5555 0100"}, Consent: true}
	if err := s.CreateTraceRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	e := pipeline.NewEngine(s, pipeline.EngineOptions{Rand: func() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }})
	opt := pipeline.TraceOptions{Notify: []pipeline.NoticeTarget{{Channel: "smtp", To: "tracers@example.org"}, {Channel: "webhook", To: "http://127.0.0.1:9/hook"}}, BaseURL: "https://reckon.example.org"}
	added, err := e.TraceMatch(ctx, req.ID, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) == 0 {
		t.Fatal("no candidate")
	}
	recs, err := s.Records(ctx, reckon.RecordFilter{List: d.ListNames[0], RecordID: recID})
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	top := added[0]
	if top.RecordID != recs[0].ID {
		t.Errorf("top candidate record %d (p %.3f), want %d (%s)", top.RecordID, top.Probability, recs[0].ID, recID)
	}
	if !strings.Contains(top.Explanation, "prior") || !strings.Contains(top.Explanation, "birth_date") || top.Status != reckon.CandidatePending {
		t.Errorf("candidate %+v", top)
	}
	for i := 1; i < len(added); i++ {
		if added[i].Probability > added[i-1].Probability {
			t.Errorf("candidates not ranked: %v before %v", added[i-1].Probability, added[i].Probability)
		}
	}
	got, _ := s.TraceRequest(ctx, req.ID)
	if got.Status != reckon.TraceCandidates {
		t.Errorf("status %s, want candidates (never confirmed by matching)", got.Status)
	}
	again, err := e.TraceMatch(ctx, req.ID, opt)
	if err != nil || len(again) != 0 {
		t.Errorf("matching again added %d, %v", len(again), err)
	}
	notes, err := s.Notices(ctx, false, got.CreatedAt)
	if err != nil || len(notes) != 2 {
		t.Fatalf("notices %v, %v", notes, err)
	}
	for _, n := range notes {
		if strings.Contains(n.Body, "mother@example.org") || strings.Contains(n.Body, "5555") || strings.Contains(n.To, "mother") {
			t.Errorf("notice holds the family's contact: %+v", n)
		}
		if !strings.Contains(n.Body, "/trace/") {
			t.Errorf("notice without a link to the request: %s", n.Body)
		}
	}
}

// TestTraceRematchOnLink: an open request is matched again when a list
// is imported and the workspace relinked, and the new list's record of the person
// sought reaches the queue.
func TestTraceRematchOnLink(t *testing.T) {
	ctx := reckon.WithTraceContacts(context.Background())
	s := open(t)
	d := synthWorkspace(t, s, 300)
	// A person only the third list knows.
	var p *synth.Person
	var recID string
	for _, r := range d.Lists[2] {
		q := &d.Persons[d.Truth[r.RecordID]-1]
		other := false
		for _, l := range d.Lists[:2] {
			for _, o := range l {
				other = other || d.Truth[o.RecordID] == q.ID
			}
		}
		if !other && q.Birth.Year != 0 {
			p, recID = q, r.RecordID
			break
		}
	}
	if p == nil {
		t.Fatal("no person in the third list only")
	}
	req := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{p.FamilyNorth + p.Given}, BirthDate: p.Birth},
		Contact: reckon.Contact{Email: "brother@example.org"}, Consent: true}
	if err := s.CreateTraceRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	recs := make([]*reckon.Record, len(d.Lists[2]))
	for j := range d.Lists[2] {
		recs[j] = &d.Lists[2][j]
	}
	importRecords(t, s, d.ListNames[2], recs...)
	opt := pipeline.TraceOptions{Notify: []pipeline.NoticeTarget{{Channel: "smtp", To: "tracers@example.org"}}}
	if _, _, err := pipeline.LinkTraced(ctx, s, linkage.Config{}, "", linkage.Options{Rand: rand.New(rand.NewPCG(1, 2))}, opt); err != nil {
		t.Fatal(err)
	}
	if notes, _ := s.Notices(ctx, false, req.CreatedAt); len(notes) != 1 {
		t.Errorf("outbox after the relink: %v", notes)
	}
	cs, err := s.TraceCandidates(ctx, reckon.CandidateFilter{RequestID: req.ID})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.Records(ctx, reckon.RecordFilter{List: d.ListNames[2], RecordID: recID})
	if len(cs) == 0 || cs[0].RecordID != want[0].ID {
		t.Fatalf("candidates %+v, want record %d first", cs, want[0].ID)
	}
}
