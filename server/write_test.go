package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/server"
	"github.com/reckonhq/reckon/sqlite"
)

// eachStore runs f on an empty SQLite store and, when
// RECKON_TEST_POSTGRES names a server, on an empty PostgreSQL one.
func eachStore(t *testing.T, f func(t *testing.T, st reckon.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reckon.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f(t, st)
	})
	t.Run("postgres", func(t *testing.T) { f(t, pgtest.Open(t)) })
}

// writer is a server with sign-in on, the linkage engine and one user
// per role, each with an API token.
type writer struct {
	st     reckon.Store
	h      http.Handler
	tokens map[reckon.Role]string
}

func newWriter(t *testing.T, st reckon.Store, opt server.Options) *writer {
	t.Helper()
	w := &writer{st: st, tokens: map[reckon.Role]string{}}
	for _, role := range reckon.Roles {
		u := &reckon.User{Name: string(role) + "-user", Role: role}
		if err := st.CreateUser(context.Background(), u, "$argon2id$unused"); err != nil {
			t.Fatal(err)
		}
		secret, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateToken(context.Background(), &reckon.Token{UserID: u.ID, Name: "test"}, hash); err != nil {
			t.Fatal(err)
		}
		w.tokens[role] = secret
	}
	opt.Auth = true
	opt.Engine = pipeline.NewEngine(st, pipeline.EngineOptions{})
	opt.ResponseTTL = -1
	w.h, _ = newServer(t, st, opt)
	return w
}

// call sends a request as role ("" for nobody) with a body of the given
// content type.
func (w *writer) call(t *testing.T, role reckon.Role, method, target, contentType, body string) (*http.Response, string) {
	t.Helper()
	header := []string{"Content-Type", contentType}
	if role != "" {
		header = append(header, "Authorization", "Bearer "+w.tokens[role])
	}
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	return do(t, w.h, method, target, r, header...)
}

// multipartBody returns a multipart form with fields and one file part.
func multipartBody(t *testing.T, fields map[string]string, filename, content string) (contentType, body string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, content)
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("answer %q: %v", body, err)
	}
	return v
}

// TestWriteAPI adds a source, documents and record lists, links, and
// manages users through the API, on each store, and checks that the
// audit log names who did each (issue 6).
func TestWriteAPI(t *testing.T) {
	eachStore(t, testWriteAPI)
}

func testWriteAPI(t *testing.T, st reckon.Store) {
	ctx := context.Background()
	w := newWriter(t, st, server.Options{})
	const analyst, reviewer, admin = reckon.RoleAnalyst, reckon.RoleReviewer, reckon.RoleAdmin

	// Sources.
	res, body := w.call(t, analyst, "POST", "/api/v1/sources", "application/json", `{"name":"Yonhap News (서울)","kind":"media","grade":"b2","url":"https://en.yna.co.kr","note":"wire; 3 < 4"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create source: %d %s", res.StatusCode, body)
	}
	src := decode[reckon.Source](t, body)
	if src.ID == 0 || src.Name != "Yonhap News (서울)" || src.Grade.String() != "B2" || src.Note != "wire; 3 < 4" {
		t.Errorf("created source %+v", src)
	}
	if res, body := w.call(t, analyst, "POST", "/api/v1/sources", "application/json", `{"name":"Yonhap News (서울)","kind":"media"}`); res.StatusCode != http.StatusConflict {
		t.Errorf("duplicate source: %d %s, want 409", res.StatusCode, body)
	}

	// Documents: a raw text, the same again, and a multipart upload
	// naming the source by id.
	text := "Officials said at least 300 soldiers were killed and about 2,000 wounded."
	res, body = w.call(t, analyst, "POST", "/api/v1/documents?source=Yonhap+News+(%EC%84%9C%EC%9A%B8)&filename=report.txt&published=2025-09-02&url=https://example.org/a", "text/plain; charset=utf-8", text)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("add document: %d %s", res.StatusCode, body)
	}
	type docAnswer struct {
		Document reckon.Document `json:"document"`
		Claims   int             `json:"claims"`
		Created  bool            `json:"created"`
	}
	da := decode[docAnswer](t, body)
	if !da.Created || da.Claims != 2 || da.Document.Title != "report.txt" || da.Document.SourceID != src.ID || da.Document.Published.String() != "2025-09-02" {
		t.Errorf("added document %+v", da)
	}
	if res, body := w.call(t, analyst, "POST", "/api/v1/documents?source="+fmt.Sprint(src.ID), "text/plain", text); res.StatusCode != http.StatusOK || !strings.Contains(body, `"created":false`) {
		t.Errorf("the same text again: %d %s, want 200 and created false", res.StatusCode, body)
	}
	ct, mp := multipartBody(t, map[string]string{"source": fmt.Sprint(src.ID), "title": "Second report"}, "second.txt", "KCNA said 250 were killed.")
	res, body = w.call(t, analyst, "POST", "/api/v1/documents", ct, mp)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("multipart document: %d %s", res.StatusCode, body)
	}
	if da := decode[docAnswer](t, body); da.Document.Title != "Second report" || da.Claims != 1 {
		t.Errorf("multipart document %+v", da)
	}
	// The language: detected (issue 13) or given, kept with the document.
	res, body = w.call(t, analyst, "POST", "/api/v1/documents?source="+fmt.Sprint(src.ID), "text/plain; charset=utf-8", "국정원은 북한군 600여 명이 사망했다고 밝혔다.")
	if da := decode[docAnswer](t, body); res.StatusCode != http.StatusCreated || da.Document.Lang != "ko" || da.Claims != 1 {
		t.Errorf("Korean document: %d %s, want 201, lang ko, 1 claim", res.StatusCode, body)
	}
	res, body = w.call(t, analyst, "POST", "/api/v1/documents?lang=en&source="+fmt.Sprint(src.ID), "text/plain; charset=utf-8", "국정원은 600여 명.")
	if da := decode[docAnswer](t, body); res.StatusCode != http.StatusCreated || da.Document.Lang != "en" {
		t.Errorf("document read as en: %d %s, want 201, lang en", res.StatusCode, body)
	}
	if res, body := w.call(t, analyst, "POST", "/api/v1/documents?lang=klingon&source="+fmt.Sprint(src.ID), "text/plain", "x"); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "unknown language") {
		t.Errorf("unknown language: %d %s, want 400", res.StatusCode, body)
	}
	// Issue 15: an empty, blank or binary upload is refused, not stored.
	for _, bad := range []struct{ body, want string }{
		{"", "the text is empty"}, {"  \n\n ", "white space"}, {"%PDF-1.7\n", "this is a PDF"}, {"\xbb\xe7\xb8\xc1 300", "not UTF-8"},
	} {
		if res, body := w.call(t, analyst, "POST", "/api/v1/documents?source="+fmt.Sprint(src.ID), "text/plain", bad.body); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, bad.want) {
			t.Errorf("document %q: %d %s, want 400 saying %q", bad.body, res.StatusCode, body, bad.want)
		}
	}
	if res, body := w.call(t, analyst, "POST", "/api/v1/documents?source=Nobody", "text/plain", "x"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown source: %d %s", res.StatusCode, body)
	}

	// Imports: a CSV, the same again, a bad one, a multipart one whose
	// list is its file name.
	csv := "record_id,name,birth_date\nk1,리철수,1999-03\nk2,Kim Chol,1990\n"
	res, body = w.call(t, analyst, "POST", "/api/v1/imports?list=kcna&source=Yonhap+News+(%EC%84%9C%EC%9A%B8)&filename=kcna.csv", "text/csv", csv)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	type impAnswer struct {
		Import  reckon.Import `json:"import"`
		Created bool          `json:"created"`
		Note    string        `json:"note"`
	}
	ia := decode[impAnswer](t, body)
	if !ia.Created || ia.Import.Records != 2 || ia.Import.List != "kcna" || ia.Import.File != "kcna.csv" || ia.Import.SourceID != src.ID {
		t.Errorf("import %+v", ia)
	}
	res, body = w.call(t, analyst, "POST", "/api/v1/imports?list=kcna", "text/csv", csv)
	if ia := decode[impAnswer](t, body); res.StatusCode != http.StatusOK || ia.Created || !strings.Contains(ia.Note, "already imported") {
		t.Errorf("the same file again: %d %s", res.StatusCode, body)
	}
	// A value that does not parse is kept as written and counted (issue 10);
	// strict refuses it, and a structural problem is always refused.
	const dirty = "record_id,name,birth_date\nd1,A,1990\nd2,B,someday\nd3,C,1945-04-93\n"
	res, body = w.call(t, analyst, "POST", "/api/v1/imports?filename=dirty.csv", "text/csv", dirty)
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"kept_as_written":[{"field":"birth_date","kind":"date","count":2,"line":3,"value":"someday"}]`) {
		t.Errorf("dirty CSV: %d %s", res.StatusCode, body)
	}
	if recs, _ := st.Records(ctx, reckon.RecordFilter{List: "dirty"}); len(recs) != 3 || recs[1].BirthDate.String() != "someday" {
		t.Errorf("dirty CSV: %d records", len(recs))
	}
	res, body = w.call(t, analyst, "POST", "/api/v1/imports?filename=strict.csv&strict=true", "text/csv", dirty+"d4,D,\n")
	var bad struct {
		Error struct {
			Code, Message, File, Field string
			Line                       int
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &bad); err != nil || res.StatusCode != http.StatusBadRequest || bad.Error.File != "strict.csv" || bad.Error.Line != 3 || bad.Error.Field != "birth_date" {
		t.Errorf("strict CSV: %d %s", res.StatusCode, body)
	}
	if recs, _ := st.Records(ctx, reckon.RecordFilter{List: "strict"}); len(recs) != 0 {
		t.Errorf("a refused CSV left %d records", len(recs))
	}
	res, body = w.call(t, analyst, "POST", "/api/v1/imports?filename=bad.csv", "text/csv", "record_id,name,birth_date\nb1,A,1990\nb2,B\n")
	bad.Error.Field = ""
	if err := json.Unmarshal([]byte(body), &bad); err != nil || res.StatusCode != http.StatusBadRequest || bad.Error.File != "bad.csv" || bad.Error.Line != 3 || bad.Error.Field != "" || bad.Error.Code != "invalid" {
		t.Errorf("bad CSV: %d %s", res.StatusCode, body)
	}
	if recs, _ := st.Records(ctx, reckon.RecordFilter{List: "bad"}); len(recs) != 0 {
		t.Errorf("a bad CSV left %d records", len(recs))
	}
	ct, mp = multipartBody(t, nil, "mediazona.csv", "record_id,name,birth_date\nm1,Ли Чхоль,1999-03\n")
	res, body = w.call(t, analyst, "POST", "/api/v1/imports", ct, mp)
	if ia := decode[impAnswer](t, body); res.StatusCode != http.StatusCreated || ia.Import.List != "mediazona" || ia.Import.Records != 1 {
		t.Errorf("multipart import: %d %s", res.StatusCode, body)
	}
	res, body = w.call(t, analyst, "POST", "/api/v1/imports?list=families&sensitive=relative_phone,+home_town", "text/csv", "record_id,name,home_town,relative_phone\nf1,Kim,Kursk,+7 900\n")
	if recs, err := st.Records(ctx, reckon.RecordFilter{List: "families"}); res.StatusCode != http.StatusCreated || err != nil || len(recs) != 1 ||
		strings.Join(recs[0].Sensitive, ",") != "home_town,relative_phone" {
		t.Errorf("import with sensitive columns: %d %s; stored %v", res.StatusCode, body, recs)
	}
	// Issue 15: a list in CP949, separated by semicolons, is read and the
	// answer says how.
	cp949, err := korean.EUCKR.NewEncoder().String("record_id;family_name;given_name;home_town\nc1;김;철민;함흥\nc2;리;영수;평양\nc3;박;명수;청진\n")
	if err != nil {
		t.Fatal(err)
	}
	res, body = w.call(t, analyst, "POST", "/api/v1/imports?list=rodong", "text/csv", cp949)
	if recs, err := st.Records(ctx, reckon.RecordFilter{List: "rodong"}); res.StatusCode != http.StatusCreated || err != nil || len(recs) != 3 ||
		recs[0].FamilyName != "김" || !strings.Contains(body, `"encoding":"cp949","delimiter":";"`) {
		t.Errorf("CP949 import: %d %s; stored %v", res.StatusCode, body, recs)
	}
	if res, body := w.call(t, analyst, "POST", "/api/v1/imports?list=x&encoding=latin9", "text/csv", "record_id\n1\n"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown encoding: %d %s, want 400", res.StatusCode, body)
	}
	if res, body := w.call(t, analyst, "POST", "/api/v1/imports?list=kcna2", "text/csv", "record_id,list\nk1,kcna\n"); res.StatusCode != http.StatusConflict {
		t.Errorf("a record already in its list: %d %s, want 409", res.StatusCode, body)
	}

	// A link run, followed to its end.
	res, body = w.call(t, reviewer, "POST", "/api/v1/link", "application/json", "")
	if res.StatusCode != http.StatusAccepted || !strings.Contains(body, `"available":true`) {
		t.Fatalf("link: %d %s", res.StatusCode, body)
	}
	var status server.RelinkStatus
	for deadline := time.Now().Add(30 * time.Second); ; {
		_, body = w.call(t, "", "GET", "/api/v1/link", "", "")
		status = decode[server.RelinkStatus](t, body)
		if !status.Running || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status.Running || status.Error != "" || status.Run == nil || status.Run.Records != 10 { // 3 of them from dirty.csv, 2 with dates kept as written; 3 from CP949
		t.Fatalf("link status %s", body)
	}

	// Users: list, add (a password is made), change, and the last admin
	// stays one.
	res, body = w.call(t, admin, "GET", "/api/v1/users", "", "")
	if users := decode[struct{ Data []reckon.User }](t, body); res.StatusCode != http.StatusOK || len(users.Data) != len(reckon.Roles) {
		t.Errorf("users: %d %s", res.StatusCode, body)
	}
	res, body = w.call(t, admin, "POST", "/api/v1/users", "application/json", `{"name":"eve","role":"analyst"}`)
	ua := decode[struct {
		User     reckon.User
		Password string
	}](t, body)
	if res.StatusCode != http.StatusCreated || ua.User.Name != "eve" || ua.User.Role != reckon.RoleAnalyst || len(ua.Password) < auth.MinPassword {
		t.Fatalf("add user: %d %s", res.StatusCode, body)
	}
	if hash, err := st.PasswordHash(ctx, ua.User.ID); err != nil || !auth.CheckPassword(hash, ua.Password) {
		t.Errorf("the answered password does not check: %v", err)
	}
	if res, body := w.call(t, admin, "POST", "/api/v1/users", "application/json", `{"name":"eve","role":"viewer","password":"another long passphrase"}`); res.StatusCode != http.StatusConflict {
		t.Errorf("a second eve: %d %s", res.StatusCode, body)
	}
	if res, body := w.call(t, admin, "POST", "/api/v1/users", "application/json", `{"name":"fay","role":"viewer","password":"short"}`); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a short password: %d %s", res.StatusCode, body)
	}
	res, body = w.call(t, admin, "POST", "/api/v1/users/eve", "application/json", `{"role":"reviewer","disabled":true}`)
	if u, err := st.UserByName(ctx, "eve"); res.StatusCode != http.StatusOK || err != nil || u.Role != reckon.RoleReviewer || !u.Disabled {
		t.Errorf("change eve: %d %s; stored %+v %v", res.StatusCode, body, u, err)
	}
	if res, body := w.call(t, admin, "POST", "/api/v1/users/admin-user", "application/json", `{"role":"viewer"}`); res.StatusCode != http.StatusConflict {
		t.Errorf("demote the last admin: %d %s, want 409", res.StatusCode, body)
	}
	if res, body := w.call(t, admin, "POST", "/api/v1/users/nobody", "application/json", `{"role":"viewer"}`); res.StatusCode != http.StatusNotFound {
		t.Errorf("change an unknown user: %d %s", res.StatusCode, body)
	}

	// Who did what: the audit log names the user of each token.
	events, err := st.Events(ctx, reckon.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"source.create": "analyst-user", "document.add": "analyst-user", "records.import": "analyst-user",
		"linkage.save": "reviewer-user", "user.update": "admin-user"}
	got := map[string]string{}
	for _, e := range events {
		got[e.Action] = e.Actor
	}
	for action, actor := range want {
		if got[action] != actor {
			t.Errorf("audit: %s by %q, want %q", action, got[action], actor)
		}
	}
	if got["user.create"] != "admin-user" {
		t.Errorf("audit: the last user.create by %q, want admin-user", got["user.create"])
	}
	if c, err := st.VerifyAudit(ctx); err != nil || c.BadID != 0 {
		t.Errorf("audit chain: %+v %v", c, err)
	}

	// The pages show what was added.
	if _, body := w.call(t, "", "GET", "/sources", "", ""); !strings.Contains(body, "Yonhap News (서울)") {
		t.Errorf("sources page lacks the new source")
	}
}
