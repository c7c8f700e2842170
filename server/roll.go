package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// The public roll (issue 16): a page per person for anyone, showing only
// what redaction lets the public see, found by a search across scripts
// and filtered by home town, unit and dates; each page has a stable
// address and a citation line, prints cleanly, and takes reports of
// corrections into an internal queue.
//
// # Stable addresses
//
// A person's ID changes when relinking splits or merges it, so the roll
// does not name persons by it. It names a person by the smallest key
// (list, then record id; [reckon.RecordKey.Less]) of its public records:
// /roll/{list}/{record_id}. A record key never changes, and whichever
// person holds that record after a relink is the one the address means.
// When the key is no longer the smallest of its person (a merge brought
// in a smaller one), the address redirects (302) to the person's current
// one, so that every address ever cited keeps working; when a split puts
// the record in a person of its own, the address is that person's. Only
// public records are candidates: a key of an embargoed record, or of a
// record whose person is withheld, answers 404 exactly as an unknown key
// does, so that the roll never tells that something is withheld.
//
// The roll shows every reader the public view (reckon.PublicView), signed
// in or not, so that an analyst sees what the public sees.

func init() { templateFuncs["rollPath"] = rollKeyPath }

// rollKeyPath is the path of a record key on the roll.
func rollKeyPath(k reckon.RecordKey) string {
	return "/roll/" + url.PathEscape(k.List) + "/" + url.PathEscape(k.RecordID)
}

// canonicalKey returns the smallest key of p's records (p is a redacted
// person: only public records).
func canonicalKey(p *reckon.Person) reckon.RecordKey {
	best := p.Records[0].Key()
	for _, r := range p.Records[1:] {
		if k := r.Key(); k.Less(best) {
			best = k
		}
	}
	return best
}

// maxKeyBytes caps each part of a record key in a path.
const maxKeyBytes = 1000

// pathKey reads the {list} and {record} wildcards of r.
func pathKey(r *http.Request) (reckon.RecordKey, error) {
	k := reckon.RecordKey{List: r.PathValue("list"), RecordID: r.PathValue("record")}
	// A key is whatever a list gave (slashes, spaces, any script): the
	// stores bind it as a value; only what no key holds is refused.
	for _, v := range []string{k.List, k.RecordID} {
		switch {
		case v == "" || len(v) > maxKeyBytes:
			return k, reckon.Errorf(reckon.EINVALID, "record key %s: want a list and a record id of 1 to %d bytes", reckon.Quote(k.String()), maxKeyBytes)
		case !utf8.ValidString(v) || strings.IndexFunc(v, unicode.IsControl) >= 0:
			return k, reckon.Errorf(reckon.EINVALID, "record key %s: not valid UTF-8 text", reckon.Quote(k.String()))
		}
	}
	return k, nil
}

// errNotOnRoll is the one answer for a key the public may not see: an
// unknown one, an embargoed record, a record not linked yet.
func errNotOnRoll(k reckon.RecordKey) error {
	return reckon.Errorf(reckon.ENOTFOUND, "nobody on the roll has the address %s: check the link, or search the roll by name", reckon.Quote(rollKeyPath(k)))
}

// rollPerson finds the public person a key names, as the public sees it.
func (s *Server) rollPerson(ctx context.Context, k reckon.RecordKey) (*reckon.Person, error) {
	recs, err := s.store.Records(ctx, reckon.RecordFilter{List: k.List, RecordID: k.RecordID})
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, errNotOnRoll(k)
	}
	p, err := s.store.PersonOfRecord(ctx, recs[0].ID)
	if reckon.ErrorCode(err) == reckon.ENOTFOUND || (err == nil && (p == nil || len(p.Records) == 0)) {
		return nil, errNotOnRoll(k)
	}
	return p, err
}

// publicContext is the context of a roll request: the public view,
// after noticing any change of records' protection (wrap does so only
// for readers without personal data).
func (s *Server) publicContext(r *http.Request) (context.Context, error) {
	ctx := reckon.PublicView(r.Context())
	if _, err := s.noticeProtection(ctx); err != nil {
		return nil, err
	}
	return ctx, nil
}

// scriptNames are the distinct names of one script.
type scriptNames struct {
	Script string   `json:"script"`
	Label  string   `json:"-"` // the script's name for people: Hangul, Cyrillic …
	Lang   string   `json:"-"` // the HTML lang of the script's names, "" unknown
	Names  []string `json:"names"`
}

// scriptLabels name the scripts for people.
var scriptLabels = map[pipeline.Script]string{pipeline.ScriptHangul: "Hangul", pipeline.ScriptCyrillic: "Cyrillic", pipeline.ScriptLatin: "Latin",
	pipeline.ScriptMixed: "Mixed scripts", pipeline.ScriptOther: "Other scripts"}

// namesByScript groups the distinct names of the records (as written,
// and family and given names joined) by script, Hangul, Cyrillic, Latin,
// then others, each in the order first met.
func namesByScript(recs []*reckon.Record) []scriptNames {
	order := []pipeline.Script{pipeline.ScriptHangul, pipeline.ScriptCyrillic, pipeline.ScriptLatin, pipeline.ScriptMixed, pipeline.ScriptOther}
	by := map[pipeline.Script][]string{}
	seen := map[string]bool{}
	add := func(n string) {
		n = strings.TrimSpace(n)
		if n == "" || seen[n] {
			return
		}
		seen[n] = true
		sc := pipeline.DetectScript(n)
		by[sc] = append(by[sc], n)
	}
	for _, r := range recs {
		add(r.DisplayName())
		if r.Name != "" && r.FamilyName != "" && r.GivenName != "" {
			joined := *r
			joined.Name = ""
			add(joined.DisplayName())
		}
	}
	var out []scriptNames
	for _, sc := range order {
		if len(by[sc]) == 0 {
			continue
		}
		sn := scriptNames{Script: sc.String(), Label: scriptLabels[sc], Names: by[sc]}
		if sc == pipeline.ScriptHangul {
			sn.Lang = "ko"
		}
		out = append(out, sn)
	}
	return out
}

// rollSource is where one record of a person comes from: the sources
// of the ledger that the imports of its list name, and its own link.
type rollSource struct {
	Record    reckon.RecordKey `json:"record"`
	Sources   []sourceRef      `json:"sources"`
	SourceURL string           `json:"source_url,omitempty"`
	Withheld  []string         `json:"withheld,omitempty"` // fields the public does not see
}

// sourceRef names a source of the ledger.
type sourceRef struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Grade string `json:"grade,omitempty"`
}

// listSources returns, by list, the sources that the imports of the list
// name, in the order of the imports.
func (s *Server) listSources(ctx context.Context) (map[string][]sourceRef, error) {
	imps, err := s.store.Imports(ctx)
	if err != nil {
		return nil, err
	}
	srcs := map[int64]*reckon.Source{}
	out := map[string][]sourceRef{}
	for _, imp := range imps {
		if imp.SourceID == 0 {
			continue
		}
		src, ok := srcs[imp.SourceID]
		if !ok {
			src, err = s.store.Source(ctx, imp.SourceID)
			if err != nil {
				return nil, err
			}
			srcs[imp.SourceID] = src
		}
		for l := range imp.ListRecords() {
			if !slices.ContainsFunc(out[l], func(r sourceRef) bool { return r.ID == src.ID }) {
				out[l] = append(out[l], sourceRef{ID: src.ID, Name: src.Name, Grade: src.Grade.String()})
			}
		}
	}
	return out, nil
}

// rollView is a person's public page.
type rollView struct {
	Key      reckon.RecordKey
	Path     string // the page's path, rollKeyPath(Key)
	URL      string
	Citation string
	Title    string
	Names    []scriptNames
	Fields   []recordField
	Records  []*reckon.Record
	Sources  []rollSource
	Run      *reckon.LinkRun
	Reported bool // a report was just received
	Form     reportForm
	Fixable  []string // the fields a report may name
	CanWrite bool     // the server takes reports (not read-only)
}

// reportForm is the correction form as typed.
type reportForm struct {
	Kind     string
	Field    string
	Text     string
	Reporter string
	Contact  string
	Error    string
}

// rollJSON is the API's public person.
type rollJSON struct {
	Key      reckon.RecordKey `json:"key"`
	URL      string           `json:"url"`
	Citation string           `json:"citation"`
	Names    []scriptNames    `json:"names"`
	Records  []*reckon.Record `json:"records"`
	Sources  []rollSource     `json:"sources"`
}

// siteURL is the address the roll's pages cite: Options.PublicURL, else
// the scheme and host of the request.
func (s *Server) siteURL(r *http.Request) string {
	if s.opt.PublicURL != "" {
		return strings.TrimSuffix(s.opt.PublicURL, "/")
	}
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// siteName names the roll in citations: Options.Site, else the host.
func (s *Server) siteName(r *http.Request) string {
	if s.opt.Site != "" {
		return s.opt.Site
	}
	if u, err := url.Parse(s.siteURL(r)); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "reckon"
}

// citation is the line a reader cites a person's page by.
func citation(name, site string, k reckon.RecordKey, u string, at time.Time) string {
	var b strings.Builder
	if name != "" {
		b.WriteString("“" + name + "”, ")
	}
	b.WriteString("reckon roll, " + site + ", person " + k.String() + ", " + u + ", retrieved " + at.UTC().Format("2006-01-02") + ".")
	return b.String()
}

// rollPersonView builds the public page of the person of key k; moved
// is the person's current address when k is not it.
func (s *Server) rollPersonView(ctx context.Context, r *http.Request, k reckon.RecordKey) (v *rollView, moved string, err error) {
	p, err := s.rollPerson(ctx, k)
	if err != nil {
		return nil, "", err
	}
	canon := canonicalKey(p)
	if canon != k {
		return nil, rollKeyPath(canon), nil
	}
	recs := slices.Clone(p.Records)
	slices.SortFunc(recs, func(a, b *reckon.Record) int {
		if a.Key().Less(b.Key()) {
			return -1
		}
		return 1
	})
	v = &rollView{Key: k, Path: rollKeyPath(k), URL: s.siteURL(r) + rollKeyPath(k), Names: namesByScript(recs), Fields: sideBySide(recs), Records: recs,
		CanWrite: !s.opt.ReadOnly, Fixable: append([]string{""}, reckon.RecordFields...)}
	v.Title = "Person " + k.String()
	if len(v.Names) > 0 {
		v.Title = v.Names[0].Names[0]
	}
	name := ""
	if len(v.Names) > 0 {
		name = v.Names[0].Names[0]
	}
	v.Citation = citation(name, s.siteName(r), k, v.URL, s.now())
	bySource, err := s.listSources(ctx)
	if err != nil {
		return nil, "", err
	}
	for _, rec := range recs {
		srcs := bySource[rec.List]
		if srcs == nil {
			srcs = []sourceRef{}
		}
		v.Sources = append(v.Sources, rollSource{Record: rec.Key(), Sources: srcs, SourceURL: rec.SourceURL, Withheld: rec.Sensitive})
	}
	if v.Run, err = s.latestRun(ctx); err != nil {
		return nil, "", err
	}
	return v, "", nil
}

func (s *Server) rollPersonPage(w http.ResponseWriter, r *http.Request) error {
	q, err := pageQuery(r, "reported")
	if err != nil {
		return err
	}
	k, err := pathKey(r)
	if err != nil {
		return err
	}
	ctx, err := s.publicContext(r)
	if err != nil {
		return err
	}
	v, moved, err := s.rollPersonView(ctx, r, k)
	if err != nil {
		return err
	}
	if moved != "" {
		http.Redirect(w, r, moved, http.StatusFound)
		return nil
	}
	v.Reported = q.Get("reported") == "1"
	return s.render(w, r, "rollperson", page{Title: v.Title, Nav: "roll", Body: v})
}

func (s *Server) apiRollPerson(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	k, err := pathKey(r)
	if err != nil {
		return err
	}
	ctx, err := s.publicContext(r)
	if err != nil {
		return err
	}
	v, moved, err := s.rollPersonView(ctx, r, k)
	if err != nil {
		return err
	}
	if moved != "" {
		http.Redirect(w, r, "/api/v1"+moved, http.StatusFound)
		return nil
	}
	out := rollJSON{Key: v.Key, URL: v.URL, Citation: v.Citation, Names: v.Names, Records: v.Records, Sources: v.Sources}
	if out.Names == nil {
		out.Names = []scriptNames{}
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// rollQuery is a search of the roll: a name in any script, and filters
// on the public values of the records.
type rollQuery struct {
	Q        string
	HomeTown string
	Unit     string
	Died     string
	Born     string
	after    int64
	limit    int
	died     reckon.Date
	born     reckon.Date
	town     pipeline.Place
	unitNorm string
}

// Limit is the page size q asked for, for the link to the next page.
func (q *rollQuery) Limit() int { return q.limit }

// empty says whether q asks for nothing: the whole roll.
func (q *rollQuery) empty() bool {
	return q.Q == "" && q.HomeTown == "" && q.Unit == "" && q.Died == "" && q.Born == ""
}

func readRollQuery(v url.Values) (*rollQuery, error) {
	rq := &rollQuery{Q: strings.TrimSpace(v.Get("q")), HomeTown: strings.TrimSpace(v.Get("home_town")), Unit: strings.TrimSpace(v.Get("unit")),
		Died: strings.TrimSpace(v.Get("died")), Born: strings.TrimSpace(v.Get("born"))}
	for _, f := range []struct{ name, v string }{{"q", rq.Q}, {"home_town", rq.HomeTown}, {"unit", rq.Unit}} {
		if err := checkText(f.name, f.v, maxQuery, false); err != nil {
			return nil, err
		}
	}
	var err error
	for _, d := range []struct {
		name string
		v    string
		dst  *reckon.Date
	}{{"died", rq.Died, &rq.died}, {"born", rq.Born, &rq.born}} {
		if d.v == "" {
			continue
		}
		if *d.dst, err = reckon.ParseDate(d.v); err != nil {
			return nil, reckon.Errorf(reckon.EINVALID, "%s %s: want YYYY, YYYY-MM or YYYY-MM-DD", d.name, reckon.Quote(d.v))
		}
	}
	if rq.HomeTown != "" {
		rq.town = pipeline.PreparePlace(rq.HomeTown)
	}
	rq.unitNorm = pipeline.NormalizeName(rq.Unit)
	if rq.after, err = cursorParam(v); err != nil {
		return nil, err
	}
	if rq.limit, err = limitParam(v, defaultLimit, maxLimit); err != nil {
		return nil, err
	}
	return rq, nil
}

// sameDate says whether a record's date agrees with a query's at the
// coarser of their precisions; an unknown or unparsed date never does.
func sameDate(rec, q reckon.Date) bool {
	if rec.Year == 0 || rec.Year != q.Year {
		return false
	}
	if rec.Month != 0 && q.Month != 0 && rec.Month != q.Month {
		return false
	}
	if rec.Month != 0 && q.Month != 0 && rec.Day != 0 && q.Day != 0 && rec.Day != q.Day {
		return false
	}
	return true
}

// matches says whether some public record of p meets each filter of q
// (the name is the engine's). Filters read only what the public sees: a
// withheld home town is not found by its value.
func (q *rollQuery) matches(p *reckon.Person) bool {
	has := func(ok func(r *reckon.Record) bool) bool { return slices.ContainsFunc(p.Records, ok) }
	if q.HomeTown != "" && !has(func(r *reckon.Record) bool {
		if r.HomeTown == "" {
			return false
		}
		if n := pipeline.NormalizeName(q.HomeTown); n != "" && strings.Contains(pipeline.NormalizeName(r.HomeTown), n) {
			return true
		}
		t := pipeline.PreparePlace(r.HomeTown)
		return pipeline.PlacesRelated(&q.town, &t)
	}) {
		return false
	}
	if q.Unit != "" && !has(func(r *reckon.Record) bool {
		return r.Unit != "" && q.unitNorm != "" && strings.Contains(pipeline.NormalizeName(r.Unit), q.unitNorm)
	}) {
		return false
	}
	if q.Died != "" && !has(func(r *reckon.Record) bool { return sameDate(r.DeathDate, q.died) }) {
		return false
	}
	if q.Born != "" && !has(func(r *reckon.Record) bool { return sameDate(r.BirthDate, q.born) }) {
		return false
	}
	return true
}

// rollBatch is how many persons a filtered search reads at a time.
const rollBatch = 500

// rollSearch returns a page of the public persons q finds, and the
// cursor of the next page.
func (s *Server) rollSearch(ctx context.Context, q *rollQuery) ([]*reckon.Person, string, error) {
	var out []*reckon.Person
	after := q.after
	for len(out) <= q.limit {
		var ps []*reckon.Person
		var last int64
		full := false
		if q.Q != "" {
			if s.engine == nil {
				return nil, "", errNoEngine("searching the roll by name")
			}
			ids, err := s.engine.Search(ctx, q.Q, after, rollBatch)
			if err != nil {
				return nil, "", err
			}
			if len(ids) == 0 {
				break
			}
			last, full = ids[len(ids)-1], len(ids) == rollBatch
			if ps, err = s.store.Persons(ctx, reckon.PersonFilter{IDs: ids}); err != nil {
				return nil, "", err
			}
		} else {
			var err error
			if ps, err = s.store.Persons(ctx, reckon.PersonFilter{AfterID: after, Limit: rollBatch}); err != nil {
				return nil, "", err
			}
			if len(ps) == 0 {
				break
			}
			last, full = ps[len(ps)-1].ID, len(ps) == rollBatch
		}
		for _, p := range ps {
			if len(p.Records) > 0 && q.matches(p) {
				out = append(out, p)
				if len(out) > q.limit {
					break
				}
			}
		}
		if !full {
			break
		}
		after = last
	}
	out, next := nextPage(out, q.limit, func(p *reckon.Person) int64 { return p.ID })
	return out, next, nil
}

// rollRow is one person found on the roll.
type rollRow struct {
	Key   reckon.RecordKey `json:"key"`
	Path  string           `json:"path"`
	Names []scriptNames    `json:"names"`
	Born  string           `json:"born,omitempty"`
	Died  string           `json:"died,omitempty"`
	Unit  string           `json:"unit,omitempty"`
	Town  string           `json:"home_town,omitempty"`
}

func newRollRow(p *reckon.Person) rollRow {
	k := canonicalKey(p)
	row := rollRow{Key: k, Path: rollKeyPath(k), Names: namesByScript(p.Records)}
	for _, r := range p.Records {
		if row.Born == "" && !r.BirthDate.IsZero() {
			row.Born = r.BirthDate.String()
		}
		if row.Died == "" && !r.DeathDate.IsZero() {
			row.Died = r.DeathDate.String()
		}
		if row.Unit == "" {
			row.Unit = r.Unit
		}
		if row.Town == "" {
			row.Town = r.HomeTown
		}
	}
	if row.Names == nil {
		row.Names = []scriptNames{}
	}
	return row
}

// rollSearchView is the roll's search page.
type rollSearchView struct {
	*rollQuery
	Rows       []rollRow
	NextCursor string
	Search     bool // the engine can search by name
	Asked      bool
	Run        *reckon.LinkRun
}

func (s *Server) rollPage(w http.ResponseWriter, r *http.Request) error {
	v, err := pageQuery(r, "q", "home_town", "unit", "died", "born", "cursor", "limit")
	if err != nil {
		return err
	}
	q, err := readRollQuery(v)
	if err != nil {
		return err
	}
	ctx, err := s.publicContext(r)
	if err != nil {
		return err
	}
	view := &rollSearchView{rollQuery: q, Search: s.engine != nil, Asked: !q.empty()}
	if view.Run, err = s.latestRun(ctx); err != nil {
		return err
	}
	// Before any link run the roll is empty: nothing to search.
	if view.Run != nil && (q.Q == "" || s.engine != nil) {
		ps, next, err := s.rollSearch(ctx, q)
		if err != nil {
			return err
		}
		view.NextCursor = next
		for _, p := range ps {
			view.Rows = append(view.Rows, newRollRow(p))
		}
	}
	title := "The roll"
	if q.Q != "" {
		title = "The roll: " + reckon.Excerpt(q.Q)
	}
	return s.render(w, r, "roll", page{Title: title, Nav: "roll", Body: view})
}

func (s *Server) apiRoll(w http.ResponseWriter, r *http.Request) error {
	v, err := query(r, "q", "home_town", "unit", "died", "born", "cursor", "limit")
	if err != nil {
		return err
	}
	q, err := readRollQuery(v)
	if err != nil {
		return err
	}
	ctx, err := s.publicContext(r)
	if err != nil {
		return err
	}
	run, err := s.latestRun(ctx)
	if err != nil {
		return err
	}
	out := list[rollRow]{Data: []rollRow{}}
	if run == nil { // before any link run the roll is empty
		return s.writeJSON(w, r, http.StatusOK, out)
	}
	ps, next, err := s.rollSearch(ctx, q)
	if err != nil {
		return err
	}
	out.NextCursor = next
	for _, p := range ps {
		out.Data = append(out.Data, newRollRow(p))
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}
