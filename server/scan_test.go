package server_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/release"
	"github.com/reckonhq/reckon/server"
)

// Marker values of the scanner's fixture: each is personal data that only
// those who may see it may ever get back, in a body or a header.
const (
	mkHomeTown   = "MKHOMETOWN"   // a sensitive field
	mkPhone      = "MKPHONE"      // a sensitive attribute
	mkSensGiv    = "MKSENSGIV"    // a sensitive given name
	mkEmbID      = "MKEMBID"      // the record_id of an embargoed record linked to a public one
	mkEmbFam     = "MKEMBFAM"     // its family name
	mkFamGiv     = "MKFAMGIV"     // the given name of the only record, embargoed, of list fam
	mkWhy        = "MKWHY"        // a reviewer's reason
	mkHash       = "MKHASH"       // an import's file hash (item 4: unsalted, it confirms guesses)
	mkInput      = "777001"       // a count of an estimate's input that counts embargoed records
	mkRepContact = "MKREPCONTACT" // how to reach the reporter of a correction (issue 16)
	mkReporter   = "MKREPORTER"   // who reported it
	mkReport     = "MKREPORT"     // what a family wrote asking to withhold a person
	// Tracing requests (issue 16): the requester's contact and the sought
	// person as a family described them, for tracers and admins only.
	mkContact = "MKCONTACT" // a requester's email and phone
	mkSought  = "MKSOUGHT"  // the note of a sought person
	mkErased  = "MKERASED"  // the contact of a withdrawn request: no one may get it back
)

var scanMarkers = []string{mkHomeTown, mkPhone, mkSensGiv, mkEmbID, mkEmbFam, mkFamGiv, mkWhy, mkHash, mkInput, mkRepContact, mkReporter, mkReport, mkContact, mkSought, mkErased}

// traceMarkers are the markers only tracers and admins may see; mkErased
// no one.
var traceMarkers = map[string]bool{mkContact: true, mkSought: true, mkErased: true}

// scanWorkspace is the scanner's fixture in a store.
type scanWorkspace struct {
	st     reckon.Store
	tokens map[reckon.Role]string
	ids    map[string]int64 // record id -> record's ID
	person map[string]int64 // record id -> its person's ID
	// releases are the releases' names; files the names of their files.
	releases []string
	files    []string
}

// newScanWorkspace fills st with four persons: {kcna/k1 with a sensitive
// home town and phone, docs/d1}, {kcna/MKEMBID embargoed, docs/d2 Ri Su},
// {fam/f1 embargoed}, {docs/d3 with a sensitive given name}; a decision
// with a reason, a link run whose conflict names the embargoed record, an
// estimate that counts it and a user with a token per role.
func newScanWorkspace(t *testing.T, st reckon.Store) *scanWorkspace {
	t.Helper()
	ctx := context.Background()
	w := &scanWorkspace{st: st, tokens: map[reckon.Role]string{}, ids: map[string]int64{}, person: map[string]int64{}}
	recs := []*reckon.Record{
		{RecordID: "k1", List: "kcna", FamilyName: "Kim", GivenName: "Chol", HomeTown: mkHomeTown, BirthDate: reckon.Date{Year: 1999},
			Attributes: map[string]string{"relative_phone": mkPhone, "kin": "brother"}, Sensitive: []string{"home_town", "relative_phone"}},
		{RecordID: "d1", List: "docs", FamilyName: "Kim", GivenName: "Chol", BirthDate: reckon.Date{Year: 1999}},
		{RecordID: mkEmbID, List: "kcna", FamilyName: mkEmbFam, GivenName: "Su", Embargoed: true},
		{RecordID: "d2", List: "docs", FamilyName: "Ri", GivenName: "Su"},
		{RecordID: "f1", List: "fam", FamilyName: "Pak", GivenName: mkFamGiv, Embargoed: true},
		{RecordID: "d3", List: "docs", FamilyName: "Choe", GivenName: mkSensGiv, Sensitive: []string{"given_name"}},
	}
	if _, err := st.ImportRecords(ctx, &reckon.Import{List: "kcna", File: "lists.csv", Hash: mkHash}, records(recs...)); err != nil {
		t.Fatal(err)
	}
	all, err := st.Records(ctx, reckon.RecordFilter{})
	if err != nil || len(all) != len(recs) {
		t.Fatalf("records: %d, %v", len(all), err)
	}
	for _, r := range all {
		w.ids[r.RecordID] = r.ID
	}
	id := func(k string) int64 { return w.ids[k] }
	conflict := linkage.Conflict{A: "docs/d3", B: "kcna/" + mkEmbID, Probability: 0.9, Apart: []linkage.Decision{{A: "docs/d2", B: "docs/d3"}}}
	stats, err := json.Marshal(linkage.Stats{Records: len(recs), Conflicts: []linkage.Conflict{conflict},
		Warnings: []string{"field unit: the fit was degenerate", "1 pairs are kept apart (first: " + conflict.String() + ")"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLinkage(ctx, &reckon.LinkRun{Stats: string(stats)},
		[][]int64{{id("k1"), id("d1")}, {id(mkEmbID), id("d2")}, {id("f1")}, {id("d3")}},
		[]reckon.Match{{A: id("k1"), B: id("d1"), Weight: 3, Probability: 0.6}, {A: id(mkEmbID), B: id("d2"), Weight: 1, Probability: 0.5},
			{A: id("d2"), B: id("d3"), Weight: -1, Probability: 0.4}}); err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		p, err := st.PersonOfRecord(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.person[r.RecordID] = p.ID
	}
	for _, d := range []*reckon.Decision{
		{A: all[0].Key(), B: all[1].Key(), Same: true, By: "rev", Why: mkWhy},
		{A: all[2].Key(), B: all[3].Key(), Same: true, By: "rev"},
		{A: all[3].Key(), B: all[5].Key(), Same: false, By: "rev"},
	} {
		if err := st.AddDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	e := &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: "minimum", Observed: 4, NHat: 4, Lower: 4, Upper: 4,
		Lists: []string{"kcna", "docs", "fam"}, Input: "kcna,docs,fam,count\n1,1,0,2\n0,1,0,1\n0,0,1," + mkInput + "\n",
		Settings: "{}", Version: "test", Result: `{"observed":4}`}
	if err := st.SaveEstimate(ctx, e); err != nil {
		t.Fatal(err)
	}
	// Reports from the public roll, one asking to withhold a person,
	// with who sent them and how to reach them.
	for _, c := range []*reckon.Correction{
		{Record: reckon.RecordKey{List: "docs", RecordID: "d2"}, Kind: reckon.CorrectionWithhold, Text: mkReport + " our son", Reporter: mkReporter, Contact: mkRepContact},
		{Record: reckon.RecordKey{List: "docs", RecordID: "d1"}, Kind: reckon.CorrectionFix, Field: "unit", Text: "wrong unit"},
	} {
		if err := st.AddCorrection(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// A source with a document and its claims, reviewed, so that their
	// routes answer too.
	src := &reckon.Source{Name: "Yonhap", Kind: reckon.KindMedia}
	if err := st.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	const text = "Officials said at least 300 soldiers were killed and about 2,000 wounded."
	claim := func(span string, m reckon.Measure, iv reckon.Interval, q reckon.Qualifier) reckon.Claim {
		i := strings.Index(text, span)
		return reckon.Claim{Measure: m, Qualifier: q, Interval: iv, Span: span, Start: i, End: i + len(span), Sentence: text,
			Attribution: "Officials", ExtractorVersion: "test", Why: []string{"number " + span}}
	}
	if _, err := st.AddDocument(ctx, &reckon.Document{SourceID: src.ID, Title: "Yonhap report"}, chunked(text, 32, []reckon.Claim{
		claim("at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast),
		claim("about 2,000", reckon.Wounded, reckon.Closed(1800, 2200), reckon.About)})); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReviewClaim(ctx, 1, &reckon.Review{Action: reckon.ActionConfirm, By: "ana"}, nil); err != nil {
		t.Fatal(err)
	}
	// A tracing request with a candidate and a notice, and one
	// withdrawn, whose contact must be gone.
	tr := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"김철"}, Note: mkSought},
		Contact: reckon.Contact{Email: strings.ToLower(mkContact) + "@example.org", Phone: mkContact}, Consent: true}
	if err := st.CreateTraceRequest(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddTraceCandidates(ctx, tr.ID, []*reckon.TraceCandidate{{RecordID: id("k1"), Probability: 0.8, Explanation: "waterfall"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddNotice(ctx, &reckon.Notice{RequestID: tr.ID, Channel: "smtp", To: "tracers@example.org", Subject: "new candidates"}); err != nil {
		t.Fatal(err)
	}
	gone := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"Ли Су"}}, Contact: reckon.Contact{Phone: mkErased, Address: mkErased}, Consent: true}
	if err := st.CreateTraceRequest(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := st.WithdrawTraceRequest(ctx, gone.ID, "asked by phone"); err != nil {
		t.Fatal(err)
	}
	for _, role := range reckon.Roles {
		u := &reckon.User{Name: string(role) + "-user", Role: role}
		if err := st.CreateUser(ctx, u, "$argon2id$unused"); err != nil {
			t.Fatal(err)
		}
		secret, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateToken(ctx, &reckon.Token{UserID: u.ID, Name: "test"}, hash); err != nil {
			t.Fatal(err)
		}
		w.tokens[role] = secret
	}
	// Two releases (issue 16), built from the public view while the
	// markers are in the store; between them a public record is put
	// under embargo (the feed says "withheld") and then lifted again, so
	// that the rest of the fixture stays as it was.
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	for i, name := range []string{"2026.1", "2026.2"} {
		if i == 1 {
			if err := st.ProtectRecord(ctx, reckon.RecordKey{List: "docs", RecordID: "d2"}, nil, true); err != nil {
				t.Fatal(err)
			}
		}
		rel, files, err := release.Build(ctx, st, release.Options{Name: name, Notes: []byte("# Scan " + name + "\n"), Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateRelease(ctx, rel, files); err != nil {
			t.Fatal(err)
		}
		w.releases = append(w.releases, name)
		if i == 0 {
			for _, f := range files {
				w.files = append(w.files, f.Name)
			}
		}
	}
	if err := st.ProtectRecord(ctx, reckon.RecordKey{List: "docs", RecordID: "d2"}, nil, false); err != nil {
		t.Fatal(err)
	}
	return w
}

// scanReader is one kind of client of the scanner.
type scanReader struct {
	name string
	h    http.Handler
	// header is sent with every request (a token, a forged Host or
	// Origin).
	header map[string]string
	// public readers may not see personal data: no marker may reach them.
	public bool
	// tracing readers (tracers, admins, the owner of a local workspace)
	// may see the tracing markers; no other reader may.
	tracing bool
	// writes: the scanner sends the server's writes too (as a public
	// reader, who may not make them).
	writes bool
}

// scanTargets returns the requests the scanner makes of a route pattern:
// each path parameter filled with every ID of the fixture, and each GET
// with the queries that select, search, filter and download.
func scanTargets(pattern string, w *scanWorkspace) []string {
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	var paths []string
	switch {
	case strings.Contains(path, "{id}"):
		for i := 1; i <= 7; i++ {
			paths = append(paths, strings.ReplaceAll(path, "{id}", fmt.Sprint(i)))
		}
	case strings.Contains(path, "{file}"):
		for _, rel := range append(w.releases, "2099.9") {
			for _, f := range append(w.files, "nope.csv") {
				paths = append(paths, strings.NewReplacer("{name}", rel, "{file}", f).Replace(path))
			}
		}
	case strings.Contains(path, "/releases/{name}"):
		for _, rel := range append(w.releases, "2099.9") {
			paths = append(paths, strings.ReplaceAll(path, "{name}", rel))
		}
	case strings.Contains(path, "{name}"):
		paths = append(paths, strings.ReplaceAll(path, "{name}", "admin-user"))
	case strings.Contains(path, "{list}/{record}"):
		// Every record of the fixture: public, sensitive, embargoed.
		for _, k := range []string{"docs/d1", "kcna/k1", "docs/d2", "kcna/" + mkEmbID, "fam/f1", "docs/d3", "kcna/nosuch"} {
			paths = append(paths, strings.ReplaceAll(path, "{list}/{record}", k))
		}
	default:
		paths = append(paths, path)
	}
	if strings.Contains(path, "{") && !strings.Contains(path, "{id}") && !strings.Contains(path, "{name}") && !strings.Contains(path, "{list}/{record}") && !strings.Contains(path, "{file}") {
		panic("scanner: fill the path parameter of " + pattern)
	}
	if method != http.MethodGet || strings.Contains(path, "{") {
		return paths
	}
	if path == "/api/v1/changes" { // the feed, from each release and a cursor
		return []string{path, path + "?since=2026.1", path + "?since=2026.1&limit=2", path + "?since=2026.1~2026.2~2",
			path + "?since=2026.2", path + "?since=2099.9"}
	}
	queries := []string{"", "?list=kcna", "?list=fam", "?q=" + mkEmbFam, "?q=" + mkSensGiv, "?q=" + mkFamGiv, "?q=Pak+" + mkFamGiv, "?q=" + mkEmbFam + "+Su", "?q=Ri+Su&list=kcna",
		"?format=csv", "?list=kcna&format=csv", "?embargoed=1", "?record_id=" + mkEmbID + "&list=kcna",
		"?home_town=" + mkHomeTown, "?unit=x&q=" + mkEmbFam, "?status=open", "?status=all"}
	var out []string
	for _, p := range paths {
		for _, q := range queries {
			out = append(out, p+q)
		}
	}
	return out
}

// TestScan walks every route of the server (from its routing table, so a
// new route is scanned without a change here) as every kind of reader:
// anonymous, each role, a read-only server, the owner of a local
// workspace, and requests with a forged Host or Origin. No response to a
// reader who may not see personal data may hold a marker; each marker
// reaches some reader who may see it, so that the fixture is known to
// hold them. It runs on SQLite and, with RECKON_TEST_POSTGRES, PostgreSQL.
func TestScan(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newScanWorkspace(t, st)
		engine := pipeline.NewEngine(st, pipeline.EngineOptions{})
		withAuth, _ := newServer(t, st, server.Options{Auth: true, Engine: engine})
		readOnly, _ := newServer(t, st, server.Options{ReadOnly: true, Engine: engine})
		local, _ := newServer(t, st, server.Options{Engine: engine, CheckHost: true})
		// A job, for GET /api/v1/jobs/{id} to read.
		analystToken := "Bearer " + w.tokens[reckon.RoleAnalyst]
		res, body := do(t, withAuth, "POST", "/api/v1/estimates/run", strings.NewReader(`{"measure":"killed","methods":["chao"],"draws":0}`), "Content-Type", "application/json", "Authorization", analystToken)
		if res.StatusCode != http.StatusAccepted {
			t.Fatalf("an estimate run for the scanner's job: %d %s", res.StatusCode, body)
		}
		waitJob(t, withAuth, res.Header.Get("Location"), "Authorization", analystToken)
		bearer := func(role reckon.Role) map[string]string {
			return map[string]string{"Authorization": "Bearer " + w.tokens[role]}
		}
		forgedHost := map[string]string{"Host": "rebind.attacker.example"}
		forgedOrigin := map[string]string{"Origin": "http://attacker.example", "Sec-Fetch-Site": "cross-site"}
		readers := []scanReader{
			// An administrator first, so that whatever the server keeps
			// from a full view is there when the public asks.
			{name: "admin first", h: withAuth, header: bearer(reckon.RoleAdmin), tracing: true},
			{name: "anonymous", h: withAuth, public: true, writes: true},
			{name: "viewer", h: withAuth, header: bearer(reckon.RoleViewer), public: true, writes: true},
			{name: "anonymous, forged Host", h: withAuth, header: forgedHost, public: true, writes: true},
			{name: "anonymous, forged Origin", h: withAuth, header: forgedOrigin, public: true, writes: true},
			{name: "viewer, forged Origin", h: withAuth, header: merge(bearer(reckon.RoleViewer), forgedOrigin), public: true, writes: true},
			{name: "read-only server", h: readOnly, public: true, writes: true},
			{name: "read-only server, forged Host", h: readOnly, header: forgedHost, public: true, writes: true},
			{name: "analyst", h: withAuth, header: bearer(reckon.RoleAnalyst)},
			{name: "reviewer", h: withAuth, header: bearer(reckon.RoleReviewer)},
			{name: "admin", h: withAuth, header: bearer(reckon.RoleAdmin), tracing: true},
			{name: "tracer", h: withAuth, header: bearer(reckon.RoleTracer), tracing: true},
			{name: "tracer, forged Origin", h: withAuth, header: merge(bearer(reckon.RoleTracer), forgedOrigin), tracing: true, writes: true},
			// The owner of a local workspace reaches it by a loopback
			// name and sees everything, so a forged Host (DNS rebinding,
			// issue 11 item 1) must be refused by the server's Host check,
			// not by redaction, as reckon serve and demo run it; the
			// owner reads first, so that the forged Host meets warm caches.
			{name: "local owner", h: local, header: map[string]string{"Host": "127.0.0.1:8080"}, tracing: true},
			{name: "local, forged Host", h: local, header: forgedHost, public: true, writes: true},
		}
		routes := server.Routes(withAuth)
		if len(routes) < 50 {
			t.Fatalf("the routing table has %d routes: the scanner reads it wrong", len(routes))
		}
		seen := map[string]bool{}
		answered := map[string]bool{} // GET routes that answered 200 to the administrator
		requests := 0
		for _, rd := range readers {
			t.Run(rd.name, func(t *testing.T) {
				for _, pattern := range routes {
					method, _, _ := strings.Cut(pattern, " ")
					if method != http.MethodGet && !rd.writes {
						continue // those who may see everything may change it too
					}
					for _, target := range scanTargets(pattern, w) {
						requests++
						code, header, body := scanDo(rd, method, target)
						if rd.name == "admin first" && code == http.StatusOK {
							answered[pattern] = true
						}
						all := body + "\n" + fmt.Sprint(header)
						for _, mk := range scanMarkers {
							if !strings.Contains(all, mk) {
								continue
							}
							if strings.Contains(target, mk) {
								// The reader's own words echoed (a search
								// heading, a sign-in link): what a search by
								// them finds is checked below.
								continue
							}
							if rd.public || (traceMarkers[mk] && !rd.tracing) || mk == mkErased {
								t.Errorf("%s %s (%s) answers %d with %q: %.300s", method, target, pattern, code, mk, body)
							} else {
								seen[mk] = true
							}
						}
						searches := strings.HasPrefix(target, "/api/v1/persons?q=") || strings.HasPrefix(target, "/api/v1/roll?q=") ||
							strings.HasPrefix(target, "/api/v1/roll?home_town=") || strings.HasPrefix(target, "/api/v1/roll?unit=x")
						if rd.public && searches && code == http.StatusOK {
							var res struct{ Data []json.RawMessage }
							if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Data) != 0 {
								t.Errorf("GET %s: the search finds %d persons by what is withheld (%v): %.300s", target, len(res.Data), err, body)
							}
						}
						// A report of a correction is the public's other write.
						if method != http.MethodGet && rd.public && code < 300 && !publicWrite[pattern] && !strings.HasSuffix(target, "/report") && !strings.HasSuffix(target, "/reports") {
							t.Errorf("%s %s: a reader who may not write got %d: %.200s", method, target, code, body)
						}
					}
				}
			})
		}
		for _, pattern := range routes {
			if strings.HasPrefix(pattern, "GET ") && !answered[pattern] {
				t.Errorf("%s never answered 200: the scanner reads nothing there", pattern)
			}
		}
		for _, mk := range scanMarkers {
			if !seen[mk] && mk != mkErased {
				t.Errorf("marker %q reaches no reader who may see it: the fixture or the scanner is wrong", mk)
			}
		}
		t.Logf("%d requests over %d routes", requests, len(routes))
	})
}

// publicWrite are the writes anyone may make: a family's tracing
// request, and its withdrawal with its code.
var publicWrite = map[string]bool{"POST /trace": true, "POST /api/v1/trace": true, "POST /trace/withdraw": true, "POST /api/v1/trace/withdraw": true}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// scanDo sends one request as rd: a write carries a JSON object and a
// form's fields, so that it is read as far as the server lets it.
func scanDo(rd scanReader, method, target string) (int, http.Header, string) {
	var body *strings.Reader
	if method != http.MethodGet {
		body = strings.NewReader(`{"name":"x","why":"x"}`)
	}
	var req *http.Request
	if body != nil {
		req = httptest.NewRequest(method, target, body)
		req.Header.Set("Content-Type", "application/json")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	for k, v := range rd.header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	rd.h.ServeHTTP(rec, req)
	h := rec.Result().Header
	return rec.Code, h, rec.Body.String()
}
