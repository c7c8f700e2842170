package storetest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
)

// Contact details no event, snapshot or redacted read may show once they
// are erased or withheld.
const (
	traceEmail = "mother.of.chol@example.org"
	tracePhone = "+7 900 555 0199"
	traceHome  = "Hamhung, Sinhung-dong 14"
)

func newTrace() *reckon.TraceRequest {
	return &reckon.TraceRequest{
		Sought: reckon.Sought{Names: []string{" 김철수 ", "", "Kim Chol Su"}, BirthDate: reckon.Date{Year: 2003},
			HomeTown: "함흥", Unit: "11th Storm Corps", LastContact: "letter, 2024-10", Photos: []string{"photo-1.jpg"}},
		Contact: reckon.Contact{Name: "Pak Sun Hui", Relation: "mother", Email: traceEmail, Phone: tracePhone, Address: traceHome},
		Consent: true,
	}
}

func testTraceRequests(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "tracer1")
	for _, bad := range []struct {
		name string
		edit func(*reckon.TraceRequest)
	}{
		{"no consent", func(r *reckon.TraceRequest) { r.Consent = false }},
		{"no name", func(r *reckon.TraceRequest) { r.Sought.Names = []string{" "} }},
		{"no way to answer", func(r *reckon.TraceRequest) { r.Contact.Email, r.Contact.Phone = "", "" }},
		{"bad email", func(r *reckon.TraceRequest) { r.Contact.Email = "mother at home" }},
		{"control character", func(r *reckon.TraceRequest) { r.Sought.Unit = "unit\x00" }},
		{"too long", func(r *reckon.TraceRequest) { r.Sought.Note = strings.Repeat("가", reckon.TraceMaxNote) }},
	} {
		r := newTrace()
		bad.edit(r)
		wantCode(t, s.CreateTraceRequest(ctx, r), reckon.EINVALID)
	}
	r := newTrace()
	r.WithdrawHash = "5f4dcc3b5aa765d61d8327deb882cf99"
	if err := s.CreateTraceRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.Status != reckon.TraceOpen || r.CreatedAt.IsZero() {
		t.Fatalf("created %+v", r)
	}
	got, err := s.TraceRequest(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Sought.Names, "|") != "김철수|Kim Chol Su" || got.Contact.Email != traceEmail || got.Sought.BirthDate.Year != 2003 || !got.Consent ||
		got.WithdrawHash != r.WithdrawHash {
		t.Fatalf("read back %+v", got)
	}
	_, err = s.TraceRequest(ctx, r.ID+100)
	wantCode(t, err, reckon.ENOTFOUND)

	r2 := newTrace()
	r2.Sought.Names = []string{"Ли Мин Хо"}
	if err := s.CreateTraceRequest(ctx, r2); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SetTraceStatus(ctx, r2.ID, reckon.TraceClosed, ""), reckon.EINVALID)
	wantCode(t, s.SetTraceStatus(ctx, r2.ID, reckon.TraceConfirmed, "by hand"), reckon.EINVALID)
	if err := s.SetTraceStatus(ctx, r2.ID, reckon.TraceClosed, "answered by phone"); err != nil {
		t.Fatal(err)
	}
	all, err := s.TraceRequests(ctx, reckon.TraceFilter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("all: %d, %v", len(all), err)
	}
	active, err := s.TraceRequests(ctx, reckon.TraceFilter{Active: true})
	if err != nil || len(active) != 1 || active[0].ID != r.ID {
		t.Fatalf("active: %v, %v", active, err)
	}
	closed, err := s.TraceRequests(ctx, reckon.TraceFilter{Status: reckon.TraceClosed})
	if err != nil || len(closed) != 1 || closed[0].Reason != "answered by phone" {
		t.Fatalf("closed: %v, %v", closed, err)
	}
	// Every change is audited, and no event holds the contact.
	evs, err := s.Events(ctx, reckon.EventFilter{Entity: "trace_request"})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 || evs[0].Action != "trace.create" || evs[2].Action != "trace.status" || evs[0].Actor != "tracer1" {
		t.Fatalf("events %+v", evs)
	}
	for _, e := range evs {
		if strings.Contains(e.Before+e.After, traceEmail) || strings.Contains(e.Before+e.After, tracePhone) {
			t.Fatalf("event %d holds the contact: %s", e.ID, e.After)
		}
	}
}

func testTraceCandidates(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "tracer1")
	r := newTrace()
	if err := s.CreateTraceRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	cs := []*reckon.TraceCandidate{
		{RecordID: 7, PersonID: 3, Probability: 0.4, Weight: 5, Explanation: "waterfall 7"},
		{RecordID: 9, PersonID: 4, Probability: 0.9, Weight: 11, Explanation: "waterfall 9"},
	}
	wantCode(t, func() error {
		_, err := s.AddTraceCandidates(ctx, r.ID, []*reckon.TraceCandidate{{RecordID: 1, Probability: 2}})
		return err
	}(), reckon.EINVALID)
	added, err := s.AddTraceCandidates(ctx, r.ID, cs)
	if err != nil || len(added) != 2 {
		t.Fatalf("added %v, %v", added, err)
	}
	// Matching again proposes nothing new.
	again, err := s.AddTraceCandidates(ctx, r.ID, []*reckon.TraceCandidate{{RecordID: 9, Probability: 0.95}, {RecordID: 11, Probability: 0.2}})
	if err != nil || len(again) != 1 || again[0].RecordID != 11 {
		t.Fatalf("again %v, %v", again, err)
	}
	got, err := s.TraceRequest(ctx, r.ID)
	if err != nil || got.Status != reckon.TraceCandidates {
		t.Fatalf("status %v, %v", got, err)
	}
	list, err := s.TraceCandidates(ctx, reckon.CandidateFilter{RequestID: r.ID})
	if err != nil || len(list) != 3 || list[0].RecordID != 9 || list[0].Explanation != "waterfall 9" || list[0].Status != reckon.CandidatePending {
		t.Fatalf("candidates %+v, %v", list, err)
	}
	_, err = s.DecideTraceCandidate(ctx, r.ID, 7, false, "")
	wantCode(t, err, reckon.EINVALID)
	_, err = s.DecideTraceCandidate(ctx, r.ID, 8, false, "no")
	wantCode(t, err, reckon.ENOTFOUND)
	c, err := s.DecideTraceCandidate(ctx, r.ID, 7, false, "born 1981, not 2003")
	if err != nil || c.Status != reckon.CandidateRejected || c.DecidedBy != "tracer1" || c.DecidedAt == nil {
		t.Fatalf("rejected %+v, %v", c, err)
	}
	_, err = s.DecideTraceCandidate(ctx, r.ID, 7, true, "changed my mind")
	wantCode(t, err, reckon.ECONFLICT)
	if _, err := s.DecideTraceCandidate(ctx, r.ID, 9, true, "same unit, birth year and home town"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TraceRequest(ctx, r.ID); got.Status != reckon.TraceConfirmed {
		t.Fatalf("after confirm: %s", got.Status)
	}
	pending, err := s.TraceCandidates(ctx, reckon.CandidateFilter{Status: reckon.CandidatePending})
	if err != nil || len(pending) != 1 || pending[0].RecordID != 11 {
		t.Fatalf("pending %v, %v", pending, err)
	}
	// A confirmed request is not matched any more.
	_, err = s.AddTraceCandidates(ctx, r.ID, []*reckon.TraceCandidate{{RecordID: 12, Probability: 0.5}})
	wantCode(t, err, reckon.ECONFLICT)
	evs, err := s.Events(ctx, reckon.EventFilter{Entity: "trace_candidate"})
	if err != nil || len(evs) != 2 || evs[1].Action != "trace.decide" || !strings.Contains(evs[1].After, "same unit") {
		t.Fatalf("decision events %+v, %v", evs, err)
	}
}

func testTraceNotices(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	r := newTrace()
	if err := s.CreateTraceRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.AddNotice(ctx, &reckon.Notice{RequestID: r.ID, Channel: "pigeon", To: "x", Subject: "s"}), reckon.EINVALID)
	wantCode(t, s.AddNotice(ctx, &reckon.Notice{RequestID: r.ID + 50, Channel: "smtp", To: "t@example.org", Subject: "s"}), reckon.ENOTFOUND)
	n := &reckon.Notice{RequestID: r.ID, Channel: "smtp", To: "tracers@example.org", Subject: "new candidates", Body: "request 1"}
	if err := s.AddNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	later := n.NextAt.Add(time.Hour)
	due, err := s.Notices(ctx, true, n.NextAt)
	if err != nil || len(due) != 1 || due[0].ID != n.ID {
		t.Fatalf("due %v, %v", due, err)
	}
	if err := s.MarkNotice(ctx, n.ID, false, "connection refused", later); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.Notices(ctx, true, n.NextAt); len(due) != 0 {
		t.Fatalf("a failed notice is due again before its next attempt: %v", due)
	}
	due, _ = s.Notices(ctx, true, later)
	if len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "connection refused" {
		t.Fatalf("retry %+v", due)
	}
	if err := s.MarkNotice(ctx, n.ID, true, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.MarkNotice(ctx, n.ID, true, "", time.Time{}), reckon.ECONFLICT)
	wantCode(t, s.MarkNotice(ctx, n.ID+9, true, "", time.Time{}), reckon.ENOTFOUND)
	all, err := s.Notices(ctx, false, time.Time{})
	if err != nil || len(all) != 1 || all[0].SentAt == nil || all[0].Attempts != 2 {
		t.Fatalf("all %+v, %v", all, err)
	}
}

// testTraceWithdraw: a withdrawal erases the contact in the store and in
// its snapshot (backup), keeps an event that it happened without the
// data, and drops notices not yet sent.
func testTraceWithdraw(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "tracer1")
	r := newTrace()
	r.WithdrawHash = "0123abcd"
	if err := s.CreateTraceRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.AddNotice(ctx, &reckon.Notice{RequestID: r.ID, Channel: "webhook", To: "http://127.0.0.1/hook", Subject: "new"}); err != nil {
		t.Fatal(err)
	}
	var before bytes.Buffer
	if err := s.Export(ctx, &before); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before.String(), traceEmail) {
		t.Fatal("the snapshot before withdrawal lacks the contact: the test would prove nothing")
	}
	if err := s.WithdrawTraceRequest(ctx, r.ID, "found him ourselves"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.WithdrawTraceRequest(ctx, r.ID, "again"), reckon.ECONFLICT)
	wantCode(t, s.SetTraceStatus(ctx, r.ID, reckon.TraceOpen, "reopen"), reckon.ECONFLICT)
	got, err := s.TraceRequest(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != reckon.TraceWithdrawn || !got.Contact.IsZero() || got.WithdrawHash != "" {
		t.Fatalf("withdrawn %+v", got)
	}
	if notes, _ := s.Notices(ctx, false, time.Time{}); len(notes) != 0 {
		t.Fatalf("unsent notices of a withdrawn request kept: %v", notes)
	}
	var after bytes.Buffer
	if err := s.Export(ctx, &after); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{traceEmail, tracePhone, traceHome, "Pak Sun Hui"} {
		if strings.Contains(after.String(), secret) {
			t.Errorf("the snapshot after withdrawal holds %q", secret)
		}
	}
	evs, err := s.Events(ctx, reckon.EventFilter{Entity: "trace_request"})
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Action != "trace.withdraw" || !strings.Contains(last.After, "contact_erased") {
		t.Fatalf("withdrawal event %+v", last)
	}
	if chk, err := s.VerifyAudit(ctx); err != nil || chk.BadID != 0 {
		t.Fatalf("audit after withdrawal: %+v, %v", chk, err)
	}
}

// testTraceRedact: through the redacting view, only a context that sees
// trace contacts reads requests, candidates and the outbox; anyone may
// submit a request.
func testTraceRedact(t *testing.T, s reckon.Store) {
	v := reckon.Redact(s)
	public := context.Background()
	r := newTrace()
	if err := v.CreateTraceRequest(public, r); err != nil {
		t.Fatal(err)
	}
	for _, ctx := range []context.Context{public, reckon.WithPersonalData(public)} {
		_, err := v.TraceRequest(ctx, r.ID)
		wantCode(t, err, reckon.EFORBIDDEN)
		_, err = v.TraceRequests(ctx, reckon.TraceFilter{})
		wantCode(t, err, reckon.EFORBIDDEN)
		_, err = v.TraceCandidates(ctx, reckon.CandidateFilter{})
		wantCode(t, err, reckon.EFORBIDDEN)
		_, err = v.Notices(ctx, false, time.Time{})
		wantCode(t, err, reckon.EFORBIDDEN)
	}
	got, err := v.TraceRequest(reckon.WithTraceContacts(public), r.ID)
	if err != nil || got.Contact.Email != traceEmail {
		t.Fatalf("tracer reads %+v, %v", got, err)
	}
}
