package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// Markers of the roll's fixture: personal data the public roll must never
// show.
const (
	rollSecretTown = "ROLLSECRETTOWN" // a sensitive home town
	rollEmbName    = "ROLLEMBNAME"    // the name of an embargoed record linked to a public one
	rollFamName    = "ROLLFAMNAME"    // the name of a person known only from an embargoed record
	rollContact    = "ROLLCONTACT"    // a reporter's contact
)

// rollWorkspace is the roll's fixture.
type rollWorkspace struct {
	st     reckon.Store
	ids    map[string]int64 // list/record_id -> record ID
	tokens map[reckon.Role]string
}

// newRollWorkspace fills st with persons {kcna/k1 리철수, ua/u1 Ли Чхоль
// Су} (3rd Brigade, Hamhung, died 2024-12-19), {kcna/k2 박명호 with a
// sensitive home town}, {kcna/a0 embargoed, ua/u3 Ким Ен Нам} and
// {fam/f1 embargoed}, and a user with a token per role.
func newRollWorkspace(t *testing.T, st reckon.Store) *rollWorkspace {
	t.Helper()
	ctx := context.Background()
	w := &rollWorkspace{st: st, ids: map[string]int64{}, tokens: map[reckon.Role]string{}}
	src := mustSource(t, st, "Ministry lists", reckon.KindGovernment, "B2")
	died := reckon.Date{Year: 2024, Month: 12, Day: 19}
	recs := []*reckon.Record{
		{List: "kcna", RecordID: "k1", Name: "리철수", Unit: "3rd Brigade", HomeTown: "함흥", DeathDate: died, SourceURL: "https://lists.example.org/k1"},
		{List: "ua", RecordID: "u1", Name: "Ли Чхоль Су", FamilyName: "Ли", GivenName: "Чхоль Су", Unit: "3rd brigade", HomeTown: "Хамхын", DeathDate: reckon.Date{Year: 2024, Month: 12}},
		{List: "kcna", RecordID: "k2", Name: "박명호", Unit: "5th Corps", HomeTown: rollSecretTown, Sensitive: []string{"home_town"}, BirthDate: reckon.Date{Year: 2001}},
		{List: "kcna", RecordID: "a0", Name: rollEmbName, Embargoed: true},
		{List: "ua", RecordID: "u3", Name: "Ким Ен Нам", Unit: "5th Corps"},
		{List: "fam", RecordID: "f1", Name: rollFamName, Embargoed: true},
	}
	if _, err := st.ImportRecords(ctx, &reckon.Import{SourceID: src.ID, List: "kcna", File: "lists.csv", Hash: "roll"}, records(recs...)); err != nil {
		t.Fatal(err)
	}
	all, err := st.Records(ctx, reckon.RecordFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		w.ids[r.Key().String()] = r.ID
	}
	w.link(t, [][]string{{"kcna/k1", "ua/u1"}, {"kcna/k2"}, {"kcna/a0", "ua/u3"}, {"fam/f1"}})
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
	return w
}

// link saves a link run with the given clusters of record keys.
func (w *rollWorkspace) link(t *testing.T, clusters [][]string) {
	t.Helper()
	var cs [][]int64
	for _, c := range clusters {
		var ids []int64
		for _, k := range c {
			ids = append(ids, w.ids[k])
		}
		cs = append(cs, ids)
	}
	if err := w.st.SaveLinkage(context.Background(), &reckon.LinkRun{}, cs, nil); err != nil {
		t.Fatal(err)
	}
}

func (w *rollWorkspace) server(t *testing.T, opt server.Options) http.Handler {
	t.Helper()
	opt.Auth = true
	if opt.Engine == nil {
		opt.Engine = pipeline.NewEngine(w.st, pipeline.EngineOptions{})
	}
	if opt.PublicURL == "" {
		opt.PublicURL = "https://roll.example.org"
	}
	if opt.Site == "" {
		opt.Site = "Test roll"
	}
	opt.ResponseTTL = -1
	s, _ := newServer(t, w.st, opt)
	return s
}

func (w *rollWorkspace) bearer(role reckon.Role) []string {
	return []string{"Authorization", "Bearer " + w.tokens[role]}
}

// TestRollPersonPage: the public page of a person shows its public names
// in every script, its sources and a citation line with the stable
// address; any other key of the person redirects there; an embargoed
// record's key, or a person known only from one, answers exactly as an
// unknown key does; no reader, not even an analyst, sees on the roll
// what redaction withholds.
func TestRollPersonPage(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newRollWorkspace(t, st)
		h := w.server(t, server.Options{})
		res, body := do(t, h, "GET", "/roll/kcna/k1", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /roll/kcna/k1: %d %s", res.StatusCode, body)
		}
		for _, want := range []string{"리철수", "Ли Чхоль Су", "Hangul", "Cyrillic", "Ministry lists", "https://lists.example.org/k1", "3rd Brigade",
			"“리철수”, reckon roll, Test roll, person kcna/k1, https://roll.example.org/roll/kcna/k1, retrieved 2025-10-02.", `id="report-form"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		// The other record of the person leads to the stable address.
		res, _ = do(t, h, "GET", "/roll/ua/u1", nil)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/roll/kcna/k1" {
			t.Errorf("GET /roll/ua/u1: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		res, _ = do(t, h, "GET", "/api/v1/roll/ua/u1", nil)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/api/v1/roll/kcna/k1" {
			t.Errorf("GET /api/v1/roll/ua/u1: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		// The person with an embargoed record: its address is its
		// public record's, though the embargoed key is smaller.
		res, body = do(t, h, "GET", "/roll/ua/u3", nil)
		if res.StatusCode != http.StatusOK || strings.Contains(body, rollEmbName) || strings.Contains(body, "a0") {
			t.Errorf("GET /roll/ua/u3: %d, shows the embargoed record: %v", res.StatusCode, strings.Contains(body, rollEmbName))
		}
		// Withheld, and unknown, alike.
		for _, api := range []bool{false, true} {
			prefix := ""
			if api {
				prefix = "/api/v1"
			}
			unknownRes, unknown := do(t, h, "GET", prefix+"/roll/kcna/zz", nil)
			for _, k := range []string{"kcna/a0", "fam/f1"} {
				res, body := do(t, h, "GET", prefix+"/roll/"+k, nil)
				if res.StatusCode != http.StatusNotFound || unknownRes.StatusCode != http.StatusNotFound ||
					sameBut(body, k) != sameBut(unknown, "kcna/zz") {
					t.Errorf("GET %s/roll/%s: %d %q; unknown: %d %q", prefix, k, res.StatusCode, body, unknownRes.StatusCode, unknown)
				}
			}
		}
		// The roll shows the public view to everyone.
		for _, who := range [][]string{nil, w.bearer(reckon.RoleAnalyst), w.bearer(reckon.RoleAdmin)} {
			for _, path := range []string{"/roll/kcna/k2", "/api/v1/roll/kcna/k2", "/roll?q=박명호", "/api/v1/roll?unit=5th"} {
				res, body := do(t, h, "GET", path, nil, who...)
				if res.StatusCode != http.StatusOK || strings.Contains(body, rollSecretTown) || strings.Contains(body, rollEmbName) || strings.Contains(body, rollFamName) {
					t.Errorf("GET %s as %v: %d, leaks: %.300s", path, who, res.StatusCode, body)
				}
			}
		}
		var got struct {
			Key      reckon.RecordKey `json:"key"`
			URL      string           `json:"url"`
			Citation string           `json:"citation"`
			Names    []struct {
				Script string   `json:"script"`
				Names  []string `json:"names"`
			} `json:"names"`
			Sources []struct {
				Record  reckon.RecordKey `json:"record"`
				Sources []struct{ Name string }
			} `json:"sources"`
		}
		_, body = do(t, h, "GET", "/api/v1/roll/kcna/k1", nil)
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if got.URL != "https://roll.example.org/roll/kcna/k1" || len(got.Names) != 2 || got.Names[0].Script != "hangul" || got.Names[1].Script != "cyrillic" ||
			len(got.Sources) != 2 || len(got.Sources[0].Sources) != 1 || got.Sources[0].Sources[0].Name != "Ministry lists" || !strings.Contains(got.Citation, "person kcna/k1") {
			t.Errorf("API person: %s", body)
		}
	})
}

// TestRollStableAddress: a relink that merges two persons sends the
// address of the one merged in to the merged person; one that splits
// them gives each record's address its own person again.
func TestRollStableAddress(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newRollWorkspace(t, st)
		h := w.server(t, server.Options{})
		w.link(t, [][]string{{"kcna/k1", "ua/u1", "kcna/k2"}, {"kcna/a0", "ua/u3"}, {"fam/f1"}})
		res, _ := do(t, h, "GET", "/roll/kcna/k2", nil)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/roll/kcna/k1" {
			t.Errorf("after the merge, GET /roll/kcna/k2: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		w.link(t, [][]string{{"kcna/k1"}, {"ua/u1"}, {"kcna/k2"}, {"kcna/a0", "ua/u3"}, {"fam/f1"}})
		for _, k := range []string{"kcna/k1", "ua/u1", "kcna/k2"} {
			if res, body := do(t, h, "GET", "/roll/"+k, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "person "+k+",") {
				t.Errorf("after the split, GET /roll/%s: %d", k, res.StatusCode)
			}
		}
	})
}

// TestRollSearch: the roll's search finds a person by a name in another
// script, and filters by home town (across scripts), unit and dates,
// reading only what the public sees.
func TestRollSearch(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newRollWorkspace(t, st)
		h := w.server(t, server.Options{})
		tests := []struct {
			query string
			want  []string // paths found
		}{
			{"q=" + url.QueryEscape("Ли Чхоль Су"), []string{"/roll/kcna/k1"}},
			{"q=" + url.QueryEscape("리철수"), []string{"/roll/kcna/k1"}},
			{"q=" + url.QueryEscape("Ri Chol Su"), []string{"/roll/kcna/k1"}},
			// A Cyrillic search for a person known only in Hangul.
			{"q=" + url.QueryEscape("Пак Мён Хо"), []string{"/roll/kcna/k2"}},
			{"home_town=Hamhung", []string{"/roll/kcna/k1"}},
			{"home_town=" + url.QueryEscape("Хамхын"), []string{"/roll/kcna/k1"}},
			{"home_town=" + rollSecretTown, nil},
			{"unit=3rd+brigade", []string{"/roll/kcna/k1"}},
			{"unit=5th", []string{"/roll/kcna/k2", "/roll/ua/u3"}},
			{"died=2024-12", []string{"/roll/kcna/k1"}},
			{"died=2024-12-19&unit=3rd", []string{"/roll/kcna/k1"}},
			{"died=2023", nil},
			{"born=2001", []string{"/roll/kcna/k2"}},
			{"q=" + rollEmbName, nil},
			{"q=" + rollFamName, nil},
			{"", []string{"/roll/kcna/k1", "/roll/kcna/k2", "/roll/ua/u3"}},
		}
		for _, tt := range tests {
			res, body := do(t, h, "GET", "/api/v1/roll?"+tt.query, nil)
			var got struct {
				Data []struct{ Path string }
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d %v %s", tt.query, res.StatusCode, err, body)
				continue
			}
			var paths []string
			for _, d := range got.Data {
				paths = append(paths, d.Path)
			}
			if strings.Join(paths, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%s: found %v, want %v", tt.query, paths, tt.want)
			}
			res, page := do(t, h, "GET", "/roll?"+tt.query, nil)
			for _, p := range tt.want {
				if res.StatusCode != http.StatusOK || !strings.Contains(page, `href="`+p+`"`) {
					t.Errorf("page %s: %d lacks %s", tt.query, res.StatusCode, p)
				}
			}
		}
		for _, bad := range []string{"died=yesterday", "born=2024-13", "nosuch=1"} {
			if res, _ := do(t, h, "GET", "/api/v1/roll?"+bad, nil); res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, res.StatusCode)
			}
		}
		// Paging goes through every person once.
		var seen []string
		cursor := ""
		for range 5 {
			_, body := do(t, h, "GET", "/api/v1/roll?limit=1"+cursor, nil)
			var got struct {
				Data       []struct{ Path string }
				NextCursor string `json:"next_cursor"`
			}
			json.Unmarshal([]byte(body), &got)
			for _, d := range got.Data {
				seen = append(seen, d.Path)
			}
			if got.NextCursor == "" {
				break
			}
			cursor = "&cursor=" + got.NextCursor
		}
		if strings.Join(seen, " ") != "/roll/kcna/k1 /roll/kcna/k2 /roll/ua/u3" {
			t.Errorf("paged: %v", seen)
		}
		// The page pages too: its link to the next page keeps the limit.
		res, page := do(t, h, "GET", "/roll?limit=1", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, `rel="next"`) || !strings.Contains(page, "limit=1") {
			t.Errorf("page of one: %d, next link missing or without its limit", res.StatusCode)
		}
	})
}

// sameBut returns body with the key k, as written and as escaped in a
// query, replaced by KEY.
func sameBut(body, k string) string {
	return strings.NewReplacer(k, "KEY", url.QueryEscape("/roll/"+k), url.QueryEscape("/roll/KEY")).Replace(body)
}

func form(kv ...string) *strings.Reader {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return strings.NewReader(v.Encode())
}

const formType = "application/x-www-form-urlencoded"

// TestRollReport: anyone may report a correction from a person's page or
// by the API; it enters the analysts' queue, changes no record, and its
// contact reaches only analysts; the form refuses other origins, long
// text, keys not on the roll, and more than its share of reports from
// one client; a bot's filled hidden field is thanked and dropped.
func TestRollReport(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newRollWorkspace(t, st)
		h := w.server(t, server.Options{})
		ctx := reckon.WithPersonalData(context.Background())
		res, body := do(t, h, "POST", "/roll/kcna/k1/report", form("kind", "correction", "field", "unit", "text", "He served in the 5th, not the 3rd.",
			"reporter", "his sister", "contact", rollContact), "Content-Type", formType)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/roll/kcna/k1?reported=1#report" {
			t.Fatalf("report: %d %q %s", res.StatusCode, res.Header.Get("Location"), body)
		}
		if _, body := do(t, h, "GET", "/roll/kcna/k1?reported=1", nil); !strings.Contains(body, `id="report-received"`) || strings.Contains(body, rollContact) {
			t.Errorf("after the report, the page does not thank or shows the contact")
		}
		cs, err := st.Corrections(ctx, reckon.CorrectionFilter{})
		if err != nil || len(cs) != 1 {
			t.Fatalf("queue: %v %v", cs, err)
		}
		c := cs[0]
		if c.Record.String() != "kcna/k1" || c.Field != "unit" || c.Contact != rollContact || c.Status != reckon.CorrectionOpen || c.Kind != reckon.CorrectionFix {
			t.Errorf("stored report %+v", c)
		}
		if recs, _ := st.Records(ctx, reckon.RecordFilter{List: "kcna", RecordID: "k1"}); recs[0].Unit != "3rd Brigade" {
			t.Errorf("a report changed the record: %+v", recs[0])
		}
		// By the API, from another client.
		res, body = do(t, h, "POST", "/api/v1/roll/ua/u3/reports", strings.NewReader(`{"kind":"withhold","text":"We are his family; please withhold him."}`),
			"Content-Type", "application/json")
		if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"status":"open"`) {
			t.Fatalf("API report: %d %s", res.StatusCode, body)
		}
		// The queue: analysts only, contact and all.
		for _, who := range []struct {
			h    []string
			code int
		}{{nil, http.StatusUnauthorized}, {w.bearer(reckon.RoleViewer), http.StatusForbidden}, {w.bearer(reckon.RoleReviewer), http.StatusForbidden},
			{w.bearer(reckon.RoleAnalyst), http.StatusOK}, {w.bearer(reckon.RoleAdmin), http.StatusOK}} {
			for _, path := range []string{"/api/v1/corrections", "/corrections"} {
				res, body := do(t, h, "GET", path, nil, who.h...)
				if res.StatusCode != who.code && !(who.h == nil && path == "/corrections" && res.StatusCode == http.StatusSeeOther) {
					t.Errorf("GET %s as %v: %d, want %d", path, who.h, res.StatusCode, who.code)
				}
				if (res.StatusCode == http.StatusOK) != strings.Contains(body, rollContact) {
					t.Errorf("GET %s as %v: %d, contact shown %v", path, who.h, res.StatusCode, strings.Contains(body, rollContact))
				}
			}
		}
		refused := []struct {
			name, target, body, ctype string
			header                    []string
			code                      int
		}{
			{"other origin", "/roll/kcna/k1/report", "text=x", formType, []string{"Origin", "https://attacker.example", "Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
			{"no text", "/roll/kcna/k1/report", "text=+", formType, nil, http.StatusBadRequest},
			{"long text", "/roll/kcna/k1/report", "text=" + strings.Repeat("x", reckon.MaxCorrectionText+1), formType, nil, http.StatusBadRequest},
			{"huge body", "/roll/kcna/k1/report", "text=" + strings.Repeat("x", 20<<10), formType, nil, http.StatusRequestEntityTooLarge},
			{"bad field", "/roll/kcna/k1/report", "text=x&field=password", formType, nil, http.StatusBadRequest},
			{"bad kind", "/api/v1/roll/kcna/k1/reports", `{"kind":"delete","text":"x"}`, "application/json", nil, http.StatusBadRequest},
			{"unknown member", "/api/v1/roll/kcna/k1/reports", `{"text":"x","admin":true}`, "application/json", nil, http.StatusBadRequest},
			{"embargoed key", "/api/v1/roll/kcna/a0/reports", `{"text":"x"}`, "application/json", nil, http.StatusNotFound},
			{"key of no one", "/roll/fam/f1/report", "text=x", formType, nil, http.StatusNotFound},
		}
		for _, tt := range refused {
			hdr := append([]string{"Content-Type", tt.ctype}, tt.header...)
			res, body := do(t, h, "POST", tt.target, strings.NewReader(tt.body), hdr...)
			if res.StatusCode != tt.code {
				t.Errorf("%s: %d, want %d: %.200s", tt.name, res.StatusCode, tt.code, body)
			}
		}
		// A bot filling the hidden field is thanked; nothing is kept.
		res, _ = do(t, h, "POST", "/roll/kcna/k2/report", form("text", "buy now", "website", "http://spam.example"), "Content-Type", formType, "X-Forwarded-For", "203.0.113.9")
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("honeypot: %d", res.StatusCode)
		}
		if cs, _ := st.Corrections(ctx, reckon.CorrectionFilter{}); len(cs) != 2 {
			t.Errorf("after the bot: %d reports, want 2", len(cs))
		}
		// One client: at most its share an hour (the two above, the bot's
		// and two more).
		var codes []int
		for i := range 5 {
			res, _ := do(t, h, "POST", "/api/v1/roll/kcna/k2/reports", strings.NewReader(`{"text":"again `+strconv.Itoa(i)+`"}`), "Content-Type", "application/json")
			codes = append(codes, res.StatusCode)
		}
		if codes[1] != http.StatusCreated || codes[2] != http.StatusTooManyRequests || codes[4] != http.StatusTooManyRequests {
			t.Errorf("reports from one client: %v, want two taken then 429", codes)
		}
		// A form error keeps what was typed, and says what is wrong.
		res, body = do(t, h, "POST", "/roll/kcna/k1/report", form("text", "x", "field", "password", "contact", "typed-contact"), "Content-Type", formType)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="form-error"`) || !strings.Contains(body, "typed-contact") {
			t.Errorf("form error: %d %.300s", res.StatusCode, body)
		}
		// Audited without the contact.
		evs, err := st.Events(ctx, reckon.EventFilter{Entity: "correction"})
		if err != nil || len(evs) < 2 {
			t.Fatalf("events %d %v", len(evs), err)
		}
		for _, e := range evs {
			if strings.Contains(e.After, rollContact) {
				t.Errorf("the audit log holds the contact: %s", e.After)
			}
		}
	})
}

// TestRollWithhold: an analyst resolves reports from the queue: accepts
// with a note, rejects only with a reason, and withholds a person at a
// family's request, which embargoes every record of the person through
// ProtectRecord (audited); the person's page, the API and the search
// then answer as for nobody, with no hint that something is withheld.
func TestRollWithhold(t *testing.T) {
	eachStore(t, func(t *testing.T, st reckon.Store) {
		w := newRollWorkspace(t, st)
		h := w.server(t, server.Options{})
		ctx := reckon.WithPersonalData(context.Background())
		add := func(k reckon.RecordKey, kind reckon.CorrectionKind) int64 {
			c := &reckon.Correction{Record: k, Kind: kind, Text: "text", Contact: rollContact}
			if err := st.AddCorrection(ctx, c); err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		fix := add(reckon.RecordKey{List: "kcna", RecordID: "k2"}, reckon.CorrectionFix)
		bad := add(reckon.RecordKey{List: "kcna", RecordID: "k2"}, reckon.CorrectionFix)
		hold := add(reckon.RecordKey{List: "kcna", RecordID: "k1"}, reckon.CorrectionWithhold)
		_, before := do(t, h, "GET", "/roll/kcna/zz", nil)
		analyst := w.bearer(reckon.RoleAnalyst)
		post := func(id int64, body string, who []string) (*http.Response, string) {
			return do(t, h, "POST", "/api/v1/corrections/"+itoa(id), strings.NewReader(body), append([]string{"Content-Type", "application/json"}, who...)...)
		}
		for _, who := range [][]string{nil, w.bearer(reckon.RoleViewer), w.bearer(reckon.RoleReviewer)} {
			if res, _ := post(hold, `{"action":"withhold"}`, who); res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusForbidden {
				t.Errorf("withhold as %v: %d", who, res.StatusCode)
			}
		}
		if res, body := post(bad, `{"action":"reject"}`, analyst); res.StatusCode != http.StatusBadRequest {
			t.Errorf("reject without a reason: %d %s", res.StatusCode, body)
		}
		if res, body := post(bad, `{"action":"reject","note":"the unit is right in both lists"}`, analyst); res.StatusCode != http.StatusOK || !strings.Contains(body, `"status":"rejected"`) {
			t.Errorf("reject: %d %s", res.StatusCode, body)
		}
		// The page's form, as a signed-in browser sends it.
		res, body := do(t, h, "POST", "/corrections/"+itoa(fix), form("action", "accept", "note", "fixed in the next import"), append([]string{"Content-Type", formType}, analyst...)...)
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("accept by the form: %d %s", res.StatusCode, body)
		}
		if res, _ := post(fix, `{"action":"reject","note":"x"}`, analyst); res.StatusCode != http.StatusConflict {
			t.Errorf("resolving twice: %d", res.StatusCode)
		}
		if _, body := do(t, h, "GET", "/roll/kcna/k1", nil); !strings.Contains(body, "리철수") {
			t.Fatal("the person is not on the roll before withholding")
		}
		res, body = post(hold, `{"action":"withhold","note":"his mother asked by phone"}`, analyst)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `"status":"withheld"`) || !strings.Contains(body, "kcna/k1, ua/u1") {
			t.Fatalf("withhold: %d %s", res.StatusCode, body)
		}
		recs, err := st.Records(ctx, reckon.RecordFilter{Embargoed: true})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, r := range recs {
			keys = append(keys, r.Key().String())
		}
		if strings.Join(keys, " ") != "kcna/k1 ua/u1 kcna/a0 fam/f1" {
			t.Errorf("embargoed after withholding: %v", keys)
		}
		evs, _ := st.Events(ctx, reckon.EventFilter{Entity: "record"})
		if len(evs) != 2 || evs[0].Actor != "analyst-user" || evs[0].Action != "record.protect" {
			t.Errorf("protection events: %d (%+v)", len(evs), evs[0])
		}
		// Gone from the roll, as if never there.
		for _, k := range []string{"kcna/k1", "ua/u1"} {
			for _, who := range [][]string{nil, analyst} {
				res, body := do(t, h, "GET", "/roll/"+k, nil, who...)
				if res.StatusCode != http.StatusNotFound || (who == nil && sameBut(body, k) != sameBut(before, "kcna/zz")) {
					t.Errorf("GET /roll/%s as %v after withholding: %d %.300s", k, who, res.StatusCode, body)
				}
			}
		}
		for _, path := range []string{"/api/v1/roll?q=" + url.QueryEscape("Ли Чхоль Су"), "/api/v1/roll?unit=3rd", "/roll?q=" + url.QueryEscape("리철수"), "/api/v1/roll"} {
			// The page echoes the query (리철수) in its title and form.
			if _, body := do(t, h, "GET", path, nil); strings.Contains(body, "/roll/kcna/k1") || strings.Contains(body, `"k1"`) || strings.Contains(body, "Чхоль Су") {
				t.Errorf("GET %s after withholding shows the person: %s", path, body[strings.Index(body, "<main"):])
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestRollBeforeLinking: before any link run the roll is empty, and a
// search says so rather than failing.
func TestRollBeforeLinking(t *testing.T) {
	st := openStore(t)
	if _, err := st.ImportRecords(context.Background(), &reckon.Import{List: "kcna", Hash: "h"}, records(&reckon.Record{List: "kcna", RecordID: "k1", Name: "리철수"})); err != nil {
		t.Fatal(err)
	}
	s, _ := newServer(t, st, server.Options{Engine: pipeline.NewEngine(st, pipeline.EngineOptions{})})
	for _, path := range []string{"/roll?q=Ri+Chol", "/api/v1/roll?q=Ri+Chol", "/roll", "/api/v1/roll"} {
		res, body := do(t, s, "GET", path, nil)
		if res.StatusCode != http.StatusOK || strings.Contains(body, "kcna/k1") {
			t.Errorf("GET %s before linking: %d %.200s", path, res.StatusCode, body)
		}
	}
	if res, _ := do(t, s, "GET", "/roll/kcna/k1", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("a record not linked yet: %d", res.StatusCode)
	}
}

// TestRollKeyEscaped: a record key with a slash, a space or Hangul in it
// has a working address.
func TestRollKeyEscaped(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	rec := &reckon.Record{List: "군 명부", RecordID: "12/7 a", Name: "김영수"}
	if _, err := st.ImportRecords(ctx, &reckon.Import{List: rec.List, Hash: "h"}, records(rec)); err != nil {
		t.Fatal(err)
	}
	all, _ := st.Records(ctx, reckon.RecordFilter{})
	if err := st.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{all[0].ID}}, nil); err != nil {
		t.Fatal(err)
	}
	s, _ := newServer(t, st, server.Options{Engine: pipeline.NewEngine(st, pipeline.EngineOptions{}), PublicURL: "https://roll.example.org"})
	_, body := do(t, s, "GET", "/api/v1/roll", nil)
	var got struct{ Data []struct{ Path string } }
	if err := json.Unmarshal([]byte(body), &got); err != nil || len(got.Data) != 1 {
		t.Fatalf("roll: %v %s", err, body)
	}
	path := got.Data[0].Path
	if path != "/roll/%EA%B5%B0%20%EB%AA%85%EB%B6%80/12%2F7%20a" {
		t.Errorf("path %q", path)
	}
	res, body := do(t, s, "GET", path, nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "김영수") || !strings.Contains(body, "https://roll.example.org"+path) {
		t.Errorf("GET %s: %d %.300s", path, res.StatusCode, body)
	}
	res, body = do(t, s, "POST", path+"/report", strings.NewReader("text=wrong+date"), "Content-Type", formType)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"?reported=1#report" {
		t.Errorf("report: %d %q %.200s", res.StatusCode, res.Header.Get("Location"), body)
	}
	if _, body := do(t, s, "GET", "/corrections", nil); !strings.Contains(body, `href="`+path+`"`) {
		t.Errorf("the queue does not link to %s", path)
	}
}

// TestRollReportTwice: the same report from the same client, sent again
// (a double click, a reload), is not queued twice.
func TestRollReportTwice(t *testing.T) {
	st := openStore(t)
	w := newRollWorkspace(t, st)
	h := w.server(t, server.Options{})
	send := func(text string) int {
		res, _ := do(t, h, "POST", "/api/v1/roll/kcna/k1/reports", strings.NewReader(`{"text":`+strconv.Quote(text)+`}`), "Content-Type", "application/json")
		return res.StatusCode
	}
	if got := []int{send("wrong unit"), send("wrong unit"), send("wrong date")}; got[0] != http.StatusCreated || got[1] != http.StatusConflict || got[2] != http.StatusCreated {
		t.Errorf("statuses %v, want 201 409 201", got)
	}
	res, body := do(t, h, "POST", "/roll/kcna/k1/report", form("text", "wrong date"), "Content-Type", formType)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "already") {
		t.Errorf("the form, again: %d %.300s", res.StatusCode, body)
	}
	if cs, _ := st.Corrections(reckon.WithPersonalData(context.Background()), reckon.CorrectionFilter{}); len(cs) != 2 {
		t.Errorf("%d reports queued, want 2", len(cs))
	}
}
