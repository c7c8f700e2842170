package server_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/postgres"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/server"
	"github.com/reckonhq/reckon/sqlite"
)

// Values that only those who may see personal data may ever see.
var secrets = []string{"Kaesong", "+850-SECRET", "Pak Nam", "PAKNAMID", "reason-SECRET"}

// privacyFixture is a workspace with a sensitive home town and phone
// number, an embargoed record (id PAKNAMID, named Pak Nam) and a
// reviewer's reason, with a token for each role.
func privacyFixture(t *testing.T) (*sqlite.Store, map[reckon.Role]string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	recs := []*reckon.Record{
		{RecordID: "k1", List: "kcna", FamilyName: "Kim", GivenName: "Chol", HomeTown: "Kaesong",
			Attributes: map[string]string{"relative_phone": "+850-SECRET", "kin": "brother"}, Sensitive: []string{"home_town", "relative_phone"}},
		{RecordID: "d1", List: "docs", FamilyName: "Kim", GivenName: "Chol", BirthDate: reckon.Date{Year: 1999}},
		{RecordID: "PAKNAMID", List: "kcna", FamilyName: "Pak", GivenName: "Nam", Embargoed: true},
		{RecordID: "d2", List: "docs", FamilyName: "Ri", GivenName: "Su"},
	}
	seq := func(yield func(*reckon.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
	if _, err := st.ImportRecords(ctx, &reckon.Import{Hash: "h"}, seq); err != nil {
		t.Fatal(err)
	}
	// Persons: {k1, d1} (1), {PAKNAMID} alone (2), {d2} (3).
	// The run's conflict names the embargoed record: its stats must
	// reach only those who may see personal data.
	conflict := linkage.Conflict{A: "docs/d2", B: "kcna/PAKNAMID", Probability: 0.95, Apart: []linkage.Decision{{A: "docs/d2", B: "kcna/PAKNAMID"}}}
	stats, err := json.Marshal(linkage.Stats{Records: 4, Conflicts: []linkage.Conflict{conflict},
		Warnings: []string{"field unit: the fit was degenerate", "1 pairs that the model links are kept apart by decisions on other pairs (first: " + conflict.String() + ")"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLinkage(ctx, &reckon.LinkRun{Stats: string(stats)}, [][]int64{{1, 2}, {3}, {4}},
		[]reckon.Match{{A: 1, B: 2, Weight: 3, Probability: 0.6}, {A: 3, B: 4, Weight: 0, Probability: 0.5}}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddDecision(ctx, &reckon.Decision{A: recs[0].Key(), B: recs[1].Key(), Same: true, By: "rev", Why: "reason-SECRET"}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddDecision(ctx, &reckon.Decision{A: recs[2].Key(), B: recs[3].Key(), Same: false, By: "rev"}); err != nil {
		t.Fatal(err)
	}
	tokens := map[reckon.Role]string{}
	for _, role := range reckon.Roles {
		u := &reckon.User{Name: string(role) + "-user", Role: role}
		if err := st.CreateUser(ctx, u, "$argon2id$unused"); err != nil {
			t.Fatal(err)
		}
		secret, hash, _ := auth.NewToken()
		if err := st.CreateToken(ctx, &reckon.Token{UserID: u.ID, Name: "test"}, hash); err != nil {
			t.Fatal(err)
		}
		tokens[role] = secret
	}
	return st, tokens
}

// privacyPaths are the reads that show records, persons or pairs.
var privacyPaths = []string{
	"/api/v1/records", "/api/v1/records.csv", "/api/v1/records.json", "/api/v1/records?list=kcna",
	"/api/v1/persons", "/api/v1/persons.csv", "/api/v1/persons.json", "/api/v1/persons/1",
	"/api/v1/persons?q=Nam+Pak", "/api/v1/persons?q=Kim+Chol", "/api/v1/decisions", "/api/v1/lists",
	"/records", "/records?list=kcna", "/persons", "/persons/1", "/persons?q=Nam+Pak", "/persons?q=Pak", "/lists",
}

func getAs(t *testing.T, h http.Handler, path, token string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

// TestPrivacy reads every view of records as every kind of reader: the
// public (anonymous, viewers, a read-only server without sign-in) never
// sees a sensitive value, an embargoed record or a reviewer's reason;
// analysts, reviewers, admins and the owner of a local workspace see all.
func TestPrivacy(t *testing.T) {
	st, tokens := privacyFixture(t)
	engine := pipeline.NewEngine(st, pipeline.EngineOptions{})
	withAuth := server.New(st, server.Options{Auth: true, Engine: engine})
	readers := []struct {
		name   string
		h      http.Handler
		token  string
		public bool
	}{
		// The public first: the response cache must not hand its answers
		// to the full view, nor the other way round.
		{"anonymous", withAuth, "", true},
		{"viewer", withAuth, tokens[reckon.RoleViewer], true},
		{"analyst", withAuth, tokens[reckon.RoleAnalyst], false},
		{"reviewer", withAuth, tokens[reckon.RoleReviewer], false},
		{"admin", withAuth, tokens[reckon.RoleAdmin], false},
		{"viewer again", withAuth, tokens[reckon.RoleViewer], true},
		{"read-only server", server.New(st, server.Options{ReadOnly: true, Engine: engine}), "", true},
		{"local workspace", server.New(st, server.Options{Engine: engine}), "", false},
	}
	for _, rd := range readers {
		t.Run(rd.name, func(t *testing.T) {
			seen := map[string]bool{}
			for _, path := range privacyPaths {
				code, body := getAs(t, rd.h, path, rd.token)
				if code != http.StatusOK {
					t.Errorf("GET %s: status %d: %.200s", path, code, body)
					continue
				}
				for _, s := range secrets {
					if strings.Contains(body, s) {
						seen[s] = true
						if rd.public {
							t.Errorf("GET %s shows %q to the public", path, s)
						}
					}
				}
				if !strings.Contains(body, "Kim") && !strings.Contains(path, "decisions") && !strings.Contains(path, "Pak") && !strings.Contains(path, "/review") && !strings.Contains(path, "lists") {
					t.Errorf("GET %s: no Kim in %.300s", path, body)
				}
			}
			if !rd.public {
				for _, s := range secrets {
					if !seen[s] {
						t.Errorf("%q is shown nowhere to a reader who may see personal data", s)
					}
				}
			}
			// The embargoed record's person is not there for the public.
			code, _ := getAs(t, rd.h, "/api/v1/persons/2", rd.token)
			if want := map[bool]int{true: http.StatusNotFound, false: http.StatusOK}[rd.public]; code != want {
				t.Errorf("GET /api/v1/persons/2: status %d, want %d", code, want)
			}
			// The review queue shows records whole: not to the public.
			code, body := getAs(t, rd.h, "/api/v1/review", rd.token)
			if rd.public == (code == http.StatusOK) {
				t.Errorf("GET /api/v1/review: status %d (public %v): %.200s", code, rd.public, body)
			}
		})
	}
	// Link warnings reach every surface; conflicts, which name records,
	// only those who may see the review queue.
	if _, pub := getAs(t, withAuth, "/", ""); strings.Contains(pub, "PAKNAMID") || !strings.Contains(pub, "reviewers see them on the review page") {
		t.Errorf("public overview: want the conflicts as a count, no record: %.3000s", pub)
	}
	for _, path := range []string{"/lists", "/persons", "/api/v1/lists"} {
		_, pub := getAs(t, withAuth, path, "")
		if !strings.Contains(pub, "the fit was degenerate") || !strings.Contains(pub, "reviewers see them on the review page") {
			t.Errorf("public %s: want the link warnings and the conflicts as a count: %.2000s", path, pub)
		}
		_, full := getAs(t, withAuth, path, tokens[reckon.RoleReviewer])
		if !strings.Contains(full, "the fit was degenerate") || !strings.Contains(full, "decide one of these pairs again") {
			t.Errorf("reviewer's %s: want the warnings and the conflicts: %.2000s", path, full)
		}
	}
	for _, path := range []string{"/review", "/api/v1/review"} {
		if _, full := getAs(t, withAuth, path, tokens[reckon.RoleReviewer]); !strings.Contains(full, "decide one of these pairs again") {
			t.Errorf("reviewer's %s: want the conflicts: %.2000s", path, full)
		}
	}
	// The public view says what it withholds.
	_, body := getAs(t, withAuth, "/api/v1/persons/1", "")
	if !strings.Contains(body, `"sensitive":["home_town","relative_phone"]`) || !strings.Contains(body, `"kin":"brother"`) {
		t.Errorf("public person 1: want the withheld fields named and the rest shown: %s", body)
	}
	if _, recs := getAs(t, withAuth, "/records", ""); !strings.Contains(recs, "1 record under embargo is not shown") {
		t.Errorf("public records page does not say that a record is under embargo")
	}
	if _, recs := getAs(t, withAuth, "/records", tokens[reckon.RoleAnalyst]); strings.Contains(recs, "under embargo") {
		t.Errorf("the full records page says records are withheld")
	}
	if _, ps := getAs(t, withAuth, "/persons", ""); !strings.Contains(ps, "1 of them is known only from records under embargo") {
		t.Errorf("public persons page does not say that a person is withheld")
	}
	_, page := getAs(t, withAuth, "/persons/1", "")
	if !strings.Contains(page, "withheld") {
		t.Errorf("public person page does not say that something is withheld")
	}
	fmt.Fprint(io.Discard, page)
}

// TestListFilterAfterRedaction: a person whose only record on a list is
// embargoed is not of that list for those who may not see the record, in
// the API, its downloads, the roll's page and a search within the list
// (issue 11 item 2); analysts still find the person there.
func TestListFilterAfterRedaction(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newScanWorkspace(t, st)
		h, _ := newServer(t, st, server.Options{Auth: true, Engine: pipeline.NewEngine(st, pipeline.EngineOptions{})})
		ri := w.person["d2"] // Ri Su, on docs; on kcna only by an embargoed record
		kim := w.person["k1"]
		paths := []struct {
			path string
			has  func(body string, id int64) bool
		}{
			{"/api/v1/persons?list=kcna", hasJSONPerson},
			{"/api/v1/persons?list=kcna&limit=1&cursor=" + base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "i%d", kim)), hasJSONPerson},
			{"/api/v1/persons?list=kcna&q=Ri+Su", hasJSONPerson},
			{"/api/v1/persons?list=kcna&format=csv", hasCSVPerson},
			{"/api/v1/persons.csv?list=kcna", hasCSVPerson},
			{"/api/v1/persons.json?list=kcna", hasJSONPerson},
			{"/persons?list=kcna", hasPagePerson},
			{"/persons?list=kcna&q=Ri+Su", hasPagePerson},
		}
		for _, p := range paths {
			for _, rd := range []struct {
				role   reckon.Role
				public bool
			}{{"", true}, {reckon.RoleViewer, true}, {reckon.RoleAnalyst, false}} {
				token := ""
				if rd.role != "" {
					token = w.tokens[rd.role]
				}
				code, body := getAs(t, h, p.path, token)
				if code != http.StatusOK {
					t.Errorf("GET %s as %q: %d %.200s", p.path, rd.role, code, body)
					continue
				}
				if got := p.has(body, ri); got == rd.public {
					t.Errorf("GET %s as %q: person %d (on kcna only by an embargoed record) listed %v, want %v: %.400s", p.path, rd.role, ri, got, !rd.public, body)
				}
				if !strings.Contains(p.path, "q=") && !strings.Contains(p.path, "cursor=") && !p.has(body, kim) {
					t.Errorf("GET %s as %q: person %d of kcna is missing: %.400s", p.path, rd.role, kim, body)
				}
			}
		}
	})
}

func hasJSONPerson(body string, id int64) bool {
	var ps []reckon.Person
	if strings.HasPrefix(strings.TrimSpace(body), "[") { // a download
		json.Unmarshal([]byte(body), &ps)
	} else {
		var l struct{ Data []reckon.Person }
		json.Unmarshal([]byte(body), &l)
		ps = l.Data
	}
	return slices.ContainsFunc(ps, func(p reckon.Person) bool { return p.ID == id })
}

func hasCSVPerson(body string, id int64) bool {
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, fmt.Sprintf("%d,", id)) {
			return true
		}
	}
	return false
}

func hasPagePerson(body string, id int64) bool {
	return strings.Contains(body, fmt.Sprintf(`href="/persons/%d"`, id))
}

// eachStoreTwice runs f with two handles on one new workspace, as the
// server and the command line hold them: on SQLite one file opened twice,
// on PostgreSQL (with RECKON_TEST_POSTGRES) one schema.
func eachStoreTwice(t *testing.T, f func(t *testing.T, server, cli reckon.Store)) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "reckon.db")
		a, err := sqlite.Open(ctx, file)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		b, err := sqlite.Open(ctx, file)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		f(t, a, b)
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.SchemaURL(t)
		a, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		b, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		f(t, a, b)
	})
}

// TestProtectReachesSearch: once a protection change made through another
// handle of the store (reckon records protect, another process) returns,
// the server's search, its name index and its caches no longer find a
// person by a value now withheld, nor show a record now under embargo
// (issue 11 item 3).
func TestProtectReachesSearch(t *testing.T) {
	eachStoreTwice(t, func(t *testing.T, st, cli reckon.Store) {
		ctx := context.Background()
		w := newScanWorkspace(t, st)
		// Caches on, as reckon serve has them.
		h, _ := newServer(t, st, server.Options{Auth: true, Engine: pipeline.NewEngine(st, pipeline.EngineOptions{}),
			CacheTTL: time.Hour, ResponseTTL: time.Hour})
		kim, ri := w.person["k1"], w.person["d2"]
		found := func(path, token string, id int64) bool {
			t.Helper()
			code, body := getAs(t, h, path, token)
			if code == http.StatusNotFound {
				return false
			}
			if code != http.StatusOK {
				t.Fatalf("GET %s: %d %.300s", path, code, body)
			}
			if path == "/api/v1/persons" || strings.HasPrefix(path, "/api/v1/persons/") {
				return strings.Contains(body, "Chol") || strings.Contains(body, `"Ri"`)
			}
			if strings.HasPrefix(path, "/persons?") {
				return hasPagePerson(body, id)
			}
			return hasJSONPerson(body, id)
		}
		checks := []struct {
			path string
			id   int64
		}{
			{"/api/v1/persons?q=Kim+Chol", kim},
			{"/api/v1/persons?q=Chol+Kim", kim},
			{"/api/v1/persons?q=Chol", kim},
			{"/persons?q=Kim+Chol", kim},
			{"/api/v1/persons", kim},
			{fmt.Sprintf("/api/v1/persons/%d", kim), kim},
			{"/api/v1/persons?q=Ri+Su", ri},
			{"/api/v1/persons?list=docs", ri},
			{fmt.Sprintf("/api/v1/persons/%d", ri), ri},
		}
		// Before: the public finds both, and the answers are cached.
		for _, c := range checks {
			if !found(c.path, "", c.id) {
				t.Fatalf("before protecting: GET %s does not find person %d", c.path, c.id)
			}
		}
		// Another process withholds Kim Chol's names and embargoes both
		// records of Ri Su.
		for _, k := range []string{"k1", "d1"} {
			recs, err := cli.Records(ctx, reckon.RecordFilter{List: map[string]string{"k1": "kcna", "d1": "docs"}[k], RecordID: k})
			if err != nil || len(recs) != 1 {
				t.Fatalf("record %s: %v, %v", k, recs, err)
			}
			if err := cli.ProtectRecord(ctx, recs[0].Key(), append(slices.Clone(recs[0].Sensitive), "family_name", "given_name"), false); err != nil {
				t.Fatal(err)
			}
		}
		if err := cli.ProtectRecord(ctx, reckon.RecordKey{List: "docs", RecordID: "d2"}, nil, true); err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if found(c.path, "", c.id) {
				t.Errorf("after protecting: GET %s still finds person %d by a withheld value", c.path, c.id)
			}
			if c.path != "/api/v1/persons?list=docs" && !found(c.path, w.tokens[reckon.RoleAnalyst], c.id) {
				t.Errorf("after protecting: an analyst's GET %s does not find person %d", c.path, c.id)
			}
		}
	})
}

// TestCountsWithoutEmbargo: the lists' overlaps and counts that the public
// reads leave out records under embargo, so that a cell of one beside the
// public roll does not tell who has an embargoed record; an estimate's
// input, which counts them, is withheld from the public while the
// estimate is shown; those who may see personal data get every count
// (issue 11 item 5).
func TestCountsWithoutEmbargo(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newScanWorkspace(t, st)
		h, _ := newServer(t, st, server.Options{Auth: true, Engine: pipeline.NewEngine(st, pipeline.EngineOptions{})})
		overlaps := func(token string) (map[string]int, map[string]any) {
			t.Helper()
			code, body := getAs(t, h, "/api/v1/lists", token)
			if code != http.StatusOK {
				t.Fatalf("GET /api/v1/lists: %d %s", code, body)
			}
			var v struct {
				Overlaps []struct {
					Lists   []string
					Persons int
				}
				Persons         int `json:"persons"`
				Records         int `json:"records"`
				WithheldRecords int `json:"withheld_records"`
				WithheldPersons int `json:"withheld_persons"`
			}
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, o := range v.Overlaps {
				out[strings.Join(o.Lists, "+")] = o.Persons
			}
			return out, map[string]any{"persons": v.Persons, "records": v.Records, "withheld_records": v.WithheldRecords, "withheld_persons": v.WithheldPersons}
		}
		// Persons: {k1, d1}, {MKEMBID (kcna, embargoed), d2}, {f1 (fam,
		// embargoed)}, {d3}. Ri Su (d2) is on docs alone for the public.
		pub, pubTotals := overlaps("")
		if want := map[string]int{"kcna+docs": 1, "docs": 2}; !maps.Equal(pub, want) {
			t.Errorf("public overlaps %v, want %v", pub, want)
		}
		if want := map[string]any{"persons": 4, "records": 4, "withheld_records": 2, "withheld_persons": 1}; !maps.Equal(pubTotals, want) {
			t.Errorf("public totals %v, want %v", pubTotals, want)
		}
		full, fullTotals := overlaps(w.tokens[reckon.RoleAnalyst])
		if want := map[string]int{"kcna+docs": 2, "docs": 1, "fam": 1}; !maps.Equal(full, want) {
			t.Errorf("analyst's overlaps %v, want %v", full, want)
		}
		if want := map[string]any{"persons": 4, "records": 6, "withheld_records": 0, "withheld_persons": 0}; !maps.Equal(fullTotals, want) {
			t.Errorf("analyst's totals %v, want %v", fullTotals, want)
		}
		if _, page := getAs(t, h, "/lists", ""); !strings.Contains(page, "leave out 2 records under embargo and the 1 person known only from them") {
			t.Errorf("the public lists page does not say what its counts leave out")
		}
		// The estimate's input counts the embargoed records.
		code, body := getAs(t, h, "/api/v1/estimates/1/input.csv", "")
		if code != http.StatusForbidden || strings.Contains(body, mkInput) {
			t.Errorf("public input.csv: %d %.300s; want 403", code, body)
		}
		code, body = getAs(t, h, "/api/v1/estimates/1/input.csv", w.tokens[reckon.RoleAnalyst])
		if code != http.StatusOK || !strings.Contains(body, mkInput) {
			t.Errorf("analyst's input.csv: %d %.300s", code, body)
		}
		code, body = getAs(t, h, "/api/v1/estimates/1", "")
		if code != http.StatusOK || strings.Contains(body, mkInput) || !strings.Contains(body, `"n_hat":4`) || !strings.Contains(body, "counts records under embargo") {
			t.Errorf("public estimate: %d %.500s; want the figures, no input and a note", code, body)
		}
		if _, page := getAs(t, h, "/estimates/1", ""); strings.Contains(page, mkInput) || strings.Contains(page, "input.csv") || !strings.Contains(page, "shown only to those who may see personal data") {
			t.Errorf("public estimate page shows the input or does not say it is withheld")
		}
	})
}
