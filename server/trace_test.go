package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// traceForm is a family's submission of the public form, in Hangul.
func traceForm(extra ...string) string {
	v := url.Values{"name": {"김철수", "Kim Chol Su"}, "born": {"2003"}, "unit": {"제92려단"}, "relation": {"어머니"},
		"email": {"mother@example.org"}, "phone": {"+82 10 5555 0100"}, "consent": {"yes"}, "website": {""}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v.Encode()
}

// TestTraceSubmit: anyone may submit a request through the public form,
// in Hangul; a robot that fills the hidden field stores nothing; a
// client gets a few submissions an hour; large bodies and posts from
// other sites are refused; what is refused says why.
func TestTraceSubmit(t *testing.T) {
	st := openStore(t)
	ctx := reckon.WithTraceContacts(context.Background())
	w := newWriter(t, st, server.Options{})
	form := "application/x-www-form-urlencoded"
	res, body := w.call(t, "", "GET", "/trace/new", "", "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="website"`) || !strings.Contains(body, `action="/trace"`) {
		t.Fatalf("form: %d %.300s", res.StatusCode, body)
	}
	res, body = w.call(t, "", "POST", "/trace", form, traceForm())
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, "Request received") {
		t.Fatalf("submit: %d %.500s", res.StatusCode, body)
	}
	ts, err := st.TraceRequests(ctx, reckon.TraceFilter{})
	if err != nil || len(ts) != 1 {
		t.Fatalf("stored %v, %v", ts, err)
	}
	if got := ts[0]; got.Sought.Names[0] != "김철수" || got.Sought.BirthDate.Year != 2003 || got.Contact.Relation != "어머니" || !got.Consent {
		t.Errorf("stored %+v", got)
	}
	// The honeypot: told the same, nothing kept, not counted.
	res, body = w.call(t, "", "POST", "/trace", form, traceForm("website", "http://spam.example"))
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, "Request received") {
		t.Errorf("honeypot: %d", res.StatusCode)
	}
	if ts, _ := st.TraceRequests(ctx, reckon.TraceFilter{}); len(ts) != 1 {
		t.Errorf("a filled honeypot stored a request: %d", len(ts))
	}
	// Refused with a reason, the form shown again as typed.
	res, body = w.call(t, "", "POST", "/trace", form, traceForm("consent", ""))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "consent is required") || !strings.Contains(body, `value="김철수"`) {
		t.Errorf("no consent: %d %.400s", res.StatusCode, body)
	}
	res, body = w.call(t, "", "POST", "/trace", form, traceForm("born", "spring"))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "birth date") {
		t.Errorf("bad date: %d", res.StatusCode)
	}
	res, body = w.call(t, "", "POST", "/trace", form, traceForm("note", "<script>alert(1)</script>"))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "markup") {
		t.Errorf("markup: %d", res.StatusCode)
	}
	// Too large.
	res, _ = w.call(t, "", "POST", "/trace", form, traceForm("note", strings.Repeat("가", 30000)))
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("large body: %d, want 413", res.StatusCode)
	}
	// From another site.
	req := strings.NewReader(traceForm())
	res, _ = do(t, w.h, "POST", "/trace", req, "Content-Type", form, "Origin", "http://attacker.example", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", res.StatusCode)
	}
	// The API, then the limit: five tries an hour from one client.
	res, body = w.call(t, "", "POST", "/api/v1/trace", "application/json", `{"sought":{"names":["Ким Чхоль Су"]},"contact":{"phone":"+7 900 555 0100"},"consent":true}`)
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"status":"open"`) {
		t.Errorf("api submit: %d %s", res.StatusCode, body)
	}
	var last int
	for i := 0; i < 3; i++ {
		res, _ = w.call(t, "", "POST", "/trace", form, traceForm())
		last = res.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("sixth try in an hour: %d, want 429", last)
	}
	// Reading requests is for tracers and admins only.
	for _, role := range []reckon.Role{"", reckon.RoleViewer, reckon.RoleAnalyst, reckon.RoleReviewer} {
		res, body := w.call(t, role, "GET", "/api/v1/trace", "", "")
		if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusForbidden || strings.Contains(body, "mother@example.org") {
			t.Errorf("%q reads requests: %d", role, res.StatusCode)
		}
	}
	for _, role := range []reckon.Role{reckon.RoleTracer, reckon.RoleAdmin} {
		res, body := w.call(t, role, "GET", "/api/v1/trace", "", "")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "mother@example.org") {
			t.Errorf("%s reads requests: %d %.200s", role, res.StatusCode, body)
		}
	}
}

// TestTraceQueue: the tracer's queue shows a candidate with its
// waterfall; confirming needs a reason and is audited; closing,
// withdrawal and the outbox answer through pages and the API.
func TestTraceQueue(t *testing.T) {
	st := openStore(t)
	ctx := reckon.WithTraceContacts(context.Background())
	w := newWriter(t, st, server.Options{})
	if _, err := st.ImportRecords(ctx, &reckon.Import{List: "captured", Hash: "h1"}, records(
		&reckon.Record{RecordID: "c1", List: "captured", Name: "Ким Чхоль Су", BirthDate: reckon.Date{Year: 2003}},
		&reckon.Record{RecordID: "c2", List: "captured", Name: "Ли Мин Хо", BirthDate: reckon.Date{Year: 1999}},
		&reckon.Record{RecordID: "c3", List: "captured", Name: "Пак Сон Ир", BirthDate: reckon.Date{Year: 2001}})); err != nil {
		t.Fatal(err)
	}
	recs, _ := st.Records(ctx, reckon.RecordFilter{})
	tr := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"김철수"}, BirthDate: reckon.Date{Year: 2003}},
		Contact: reckon.Contact{Email: "mother@example.org"}, Consent: true}
	if err := st.CreateTraceRequest(ctx, tr); err != nil {
		t.Fatal(err)
	}
	res, body := w.call(t, reckon.RoleTracer, "POST", fmt.Sprintf("/api/v1/trace/%d/match", tr.ID), "application/json", "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`"record_id":%d`, recs[0].ID)) {
		t.Fatalf("match: %d %s", res.StatusCode, body)
	}
	res, body = w.call(t, reckon.RoleTracer, "GET", "/trace", "", "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Ким Чхоль Су") || !strings.Contains(body, "given_name") || !strings.Contains(body, "running") {
		t.Fatalf("queue: %d %.600s", res.StatusCode, body)
	}
	form := "application/x-www-form-urlencoded"
	decide := url.Values{"record": {fmt.Sprint(recs[0].ID)}, "verdict": {"confirm"}, "reason": {""}}
	res, body = w.call(t, reckon.RoleTracer, "POST", fmt.Sprintf("/trace/%d/decide", tr.ID), form, decide.Encode())
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "give a reason") {
		t.Errorf("confirm without a reason: %d", res.StatusCode)
	}
	decide.Set("reason", "same name and birth year; the photo matches")
	res, _ = w.call(t, reckon.RoleAnalyst, "POST", fmt.Sprintf("/trace/%d/decide", tr.ID), form, decide.Encode())
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("an analyst confirms: %d", res.StatusCode)
	}
	res, _ = w.call(t, reckon.RoleTracer, "POST", fmt.Sprintf("/trace/%d/decide", tr.ID), form, decide.Encode())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	res, body = w.call(t, reckon.RoleTracer, "GET", fmt.Sprintf("/trace/%d", tr.ID), "", "")
	if !strings.Contains(body, `id="trace-status">confirmed`) || !strings.Contains(body, "mother@example.org") || !strings.Contains(body, "tracer-user") {
		t.Errorf("request page after confirming: %d %.800s", res.StatusCode, body)
	}
	evs, _ := st.Events(ctx, reckon.EventFilter{Entity: "trace_candidate"})
	if len(evs) != 1 || evs[0].Actor != "tracer-user" {
		t.Errorf("decision events %+v", evs)
	}
	res, body = w.call(t, reckon.RoleTracer, "POST", fmt.Sprintf("/api/v1/trace/%d/withdraw", tr.ID), "application/json", `{"reason":"asked by phone"}`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("withdraw: %d %s", res.StatusCode, body)
	}
	res, body = w.call(t, reckon.RoleAdmin, "GET", fmt.Sprintf("/api/v1/trace/%d", tr.ID), "", "")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "mother@example.org") || !strings.Contains(body, `"withdrawn"`) {
		t.Errorf("after withdrawal: %d %s", res.StatusCode, body)
	}
	res, body = w.call(t, reckon.RoleTracer, "GET", "/api/v1/outbox", "", "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"notices":[]`) {
		t.Errorf("outbox: %d %s", res.StatusCode, body)
	}
}

// TestTraceSelfWithdraw: the family withdraws its own request with the
// number and the code the form showed once; a wrong code learns nothing;
// the contact is erased and the audit log says who withdrew it.
func TestTraceSelfWithdraw(t *testing.T) {
	st := openStore(t)
	ctx := reckon.WithTraceContacts(context.Background())
	w := newWriter(t, st, server.Options{})
	form := "application/x-www-form-urlencoded"
	res, body := w.call(t, "", "POST", "/trace", form, traceForm())
	_, rest, _ := strings.Cut(body, `id="withdraw-code">`)
	code, _, _ := strings.Cut(rest, "<")
	if res.StatusCode != http.StatusCreated || len(code) != 24 {
		t.Fatalf("submit: %d, code %q", res.StatusCode, code)
	}
	ts, _ := st.TraceRequests(ctx, reckon.TraceFilter{})
	id := ts[0].ID
	if strings.Contains(ts[0].WithdrawHash, code) || ts[0].WithdrawHash == "" {
		t.Errorf("stored hash %q", ts[0].WithdrawHash)
	}
	wrongs := []url.Values{{"id": {fmt.Sprint(id)}, "code": {"AAAA-BBBB-CCCC-DDDD-EEEE"}}, {"id": {fmt.Sprint(id + 1)}, "code": {code}}}
	var msgs []string
	for _, v := range wrongs {
		res, body := w.call(t, "", "POST", "/trace/withdraw", form, v.Encode())
		_, msg, _ := strings.Cut(body, `id="form-error">`)
		msg, _, _ = strings.Cut(msg, "<")
		if res.StatusCode != http.StatusBadRequest || msg == "" {
			t.Errorf("wrong code: %d %.300s", res.StatusCode, body)
		}
		msgs = append(msgs, msg)
	}
	if msgs[0] != msgs[1] {
		t.Errorf("a wrong code and an unknown number answer differently: %q, %q", msgs[0], msgs[1])
	}
	// Read leniently: lower case, without dashes.
	res, body = w.call(t, "", "POST", "/trace/withdraw", form, url.Values{"id": {fmt.Sprint(id)}, "code": {strings.ToLower(strings.ReplaceAll(code, "-", ""))}}.Encode())
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="withdrawn"`) {
		t.Fatalf("withdraw: %d %.300s", res.StatusCode, body)
	}
	got, _ := st.TraceRequest(ctx, id)
	if got.Status != reckon.TraceWithdrawn || !got.Contact.IsZero() || got.WithdrawHash != "" {
		t.Errorf("after withdrawal %+v", got)
	}
	evs, _ := st.Events(reckon.WithPersonalData(ctx), reckon.EventFilter{Entity: "trace_request"})
	if last := evs[len(evs)-1]; last.Action != "trace.withdraw" || last.Actor != "requester" || strings.Contains(last.Before+last.After, "mother@example.org") {
		t.Errorf("withdrawal event %+v", last)
	}
	res, _ = w.call(t, "", "POST", "/trace/withdraw", form, url.Values{"id": {fmt.Sprint(id)}, "code": {code}}.Encode())
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("withdrawing again: %d", res.StatusCode)
	}
}
