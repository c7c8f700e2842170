package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// maxQuery caps the length of a name search.
const maxQuery = 200

// personRow is one person of the roll.
type personRow struct {
	ID      int64
	Names   []string // the distinct names its records give, at most three
	More    int      // further distinct names
	Lists   []string
	Records int
	Born    string
	Died    string
	Unit    string
}

func newPersonRow(p *reckon.Person) personRow {
	row := personRow{ID: p.ID, Lists: p.Lists(), Records: len(p.Records)}
	seen := map[string]bool{}
	for _, r := range p.Records {
		n := displayName(r)
		if n != "" && !seen[n] {
			seen[n] = true
			if len(row.Names) < 3 {
				row.Names = append(row.Names, n)
			} else {
				row.More++
			}
		}
		if row.Born == "" && !r.BirthDate.IsZero() {
			row.Born = r.BirthDate.String()
		}
		if row.Died == "" && !r.DeathDate.IsZero() {
			row.Died = r.DeathDate.String()
		}
		if row.Unit == "" {
			row.Unit = r.Unit
		}
	}
	return row
}

// displayName is the name of a record as its source wrote it
// (reckon.Record.DisplayName).
func displayName(r *reckon.Record) string { return r.DisplayName() }

// personsView is the paged roll of persons.
type personsView struct {
	Q          string
	List       string
	Lists      []listCount
	Rows       []personRow
	NextCursor string
	Paged      bool
	Limit      int
	Search     bool // the engine can search
	Persons    int  // persons of the latest link run; 0 before any
	Run        *reckon.LinkRun
	Searched   bool // Rows are the results of Q
	// Withheld are the persons known only from embargoed records, which
	// this reader does not see though they count in Persons.
	Withheld int
	// Warnings are the latest link run's; Conflicts, for those who may
	// see the review queue, its pairs kept apart by decisions.
	Warnings  []string
	Conflicts []string
}

// personsQuery reads q, list, cursor and limit.
type personsQuery struct {
	q     string
	list  string
	after int64
	limit int
}

func readPersonsQuery(q url.Values) (personsQuery, error) {
	var pq personsQuery
	var err error
	pq.q = strings.TrimSpace(q.Get("q"))
	if len(pq.q) > maxQuery {
		return pq, reckon.Errorf(reckon.EINVALID, "search is longer than %d bytes", maxQuery)
	}
	pq.list = strings.TrimSpace(q.Get("list"))
	if len(pq.list) > 200 {
		return pq, reckon.Errorf(reckon.EINVALID, "list name is longer than 200 bytes")
	}
	if pq.after, err = cursorParam(q); err != nil {
		return pq, err
	}
	if pq.limit, err = limitParam(q, defaultLimit, maxLimit); err != nil {
		return pq, err
	}
	return pq, nil
}

// persons returns a page of persons: the roll, or the persons whose names
// meet pq.q.
func (s *Server) persons(ctx context.Context, pq personsQuery) ([]*reckon.Person, string, error) {
	if pq.q == "" {
		ps, err := s.store.Persons(ctx, reckon.PersonFilter{List: pq.list, AfterID: pq.after, Limit: pq.limit + 1})
		if err != nil {
			return nil, "", err
		}
		ps, next := nextPage(ps, pq.limit, func(p *reckon.Person) int64 { return p.ID })
		return ps, next, nil
	}
	if s.engine == nil {
		return nil, "", errNoEngine("searching persons by name")
	}
	// A person may have gone since the index was built, or not be in
	// the list asked for: ask for batches until a page and one are found.
	var out []*reckon.Person
	after := pq.after
	for len(out) <= pq.limit {
		ids, err := s.engine.Search(ctx, pq.q, after, pq.limit+1)
		if err != nil {
			return nil, "", err
		}
		if len(ids) == 0 {
			break
		}
		// One query for the batch; persons relinked meanwhile, or not in
		// the list asked for, are left out by the store.
		ps, err := s.store.Persons(ctx, reckon.PersonFilter{IDs: ids, List: pq.list})
		if err != nil {
			return nil, "", err
		}
		for _, p := range ps {
			out = append(out, p)
			if len(out) > pq.limit {
				break
			}
		}
		if len(ids) < pq.limit+1 {
			break
		}
		after = ids[len(ids)-1]
	}
	out, next := nextPage(out, pq.limit, func(p *reckon.Person) int64 { return p.ID })
	return out, next, nil
}

// latestRun returns the latest link run, nil before any.
func (s *Server) latestRun(ctx context.Context) (*reckon.LinkRun, error) {
	runs, err := s.store.LinkRuns(ctx)
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return runs[len(runs)-1], nil
}

func (s *Server) personsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q, err := pageQuery(r, "q", "list", "cursor", "limit")
	if err != nil {
		return err
	}
	pq, err := readPersonsQuery(q)
	if err != nil {
		return err
	}
	v := personsView{Q: pq.q, List: pq.list, Limit: pq.limit, Paged: pq.after != 0, Search: s.engine != nil, Searched: pq.q != ""}
	if v.Run, err = s.latestRun(ctx); err != nil {
		return err
	}
	if v.Warnings, v.Conflicts, err = s.linkWarnings(ctx, true); err != nil {
		return err
	}
	if v.Run != nil {
		v.Persons = v.Run.Persons
		if !reckon.SeesPersonalData(ctx) {
			if v.Withheld, err = s.embargoedPersons(ctx); err != nil {
				return err
			}
		}
	}
	imps, err := s.store.Imports(ctx)
	if err != nil {
		return err
	}
	v.Lists = listCounts(imps)
	ps, next, err := s.persons(ctx, pq)
	if err != nil {
		return err
	}
	v.NextCursor = next
	for _, p := range ps {
		v.Rows = append(v.Rows, newPersonRow(p))
	}
	title := "Persons"
	if pq.q != "" {
		title = "Persons named " + reckon.Excerpt(pq.q)
	}
	return s.render(w, r, "persons", page{Title: title, Nav: "persons", Body: v})
}

func (s *Server) apiPersons(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "q", "list", "cursor", "limit", "format")
	if err != nil {
		return err
	}
	format, err := formatParam(q)
	if err != nil {
		return err
	}
	if format == "csv" {
		if q.Has("cursor") || q.Has("limit") || q.Has("q") {
			return reckon.Errorf(reckon.EINVALID, "a CSV download holds every person of the list: drop q, cursor and limit")
		}
		return download(s, w, r, s.personTable(q.Get("list")), format)
	}
	pq, err := readPersonsQuery(q)
	if err != nil {
		return err
	}
	ps, next, err := s.persons(r.Context(), pq)
	if err != nil {
		return err
	}
	out := list[*reckon.Person]{Data: ps, NextCursor: next}
	if out.Data == nil {
		out.Data = []*reckon.Person{}
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// personTable downloads one row per record of each person.
func (s *Server) personTable(list string) table[*reckon.Person] {
	rt := s.recordTable("")
	return table[*reckon.Person]{
		name:   "persons",
		header: append([]string{"person_id"}, rt.header...),
		rows: func(p *reckon.Person) [][]string {
			var out [][]string
			for _, rec := range p.Records {
				out = append(out, append([]string{itoa(p.ID)}, rt.row(rec)...))
			}
			return out
		},
		id: func(p *reckon.Person) int64 { return p.ID },
		fetch: func(ctx context.Context, after int64, limit int) ([]*reckon.Person, error) {
			return s.store.Persons(ctx, reckon.PersonFilter{List: list, AfterID: after, Limit: limit})
		},
	}
}

func (s *Server) downloadPersons(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := query(r, "list")
		if err != nil {
			return err
		}
		return download(s, w, r, s.personTable(q.Get("list")), format)
	}
}

// personView is a person's page: the records side by side, and why they
// were linked.
type personView struct {
	Person    *reckon.Person
	Row       personRow
	Fields    []recordField
	Links     []*linkView
	Decisions []*reckon.Decision
	Explain   bool   // the engine can explain
	ExplainOf string // "" or why explanations are missing
	Pairs     int    // pairs of records in the person
}

// recordField is one row of the side-by-side table: a field and each
// record's value of it.
type recordField struct {
	Name   string
	Values []string
}

// linkView is the explanation of one linked pair.
type linkView struct {
	A, B        *reckon.Record
	Probability float64
	Weight      float64
	Prior       float64
	Swapped     bool
	Competition float64 // the other candidates' adjustment (bits)
	Fields      []pipeline.FieldExplanation
	Error       string
	Scale       float64 // the largest absolute weight, for the bars
}

// Total is the log-odds after the fields and the competition of other
// candidates.
func (l *linkView) Total() float64 { return l.Prior + l.Weight + l.Competition }

// Bar draws a field's weight as a bar from the middle: right for
// evidence of a match, left against.
func (l *linkView) Bar(w float64) template.HTML {
	const half = 60.0
	sc := l.Scale
	if sc <= 0 {
		sc = 1
	}
	x := half * math.Max(-1, math.Min(1, w/sc))
	cls, x0 := "pos", half
	if x < 0 {
		cls, x0 = "neg", half+x
	}
	return template.HTML(fmt.Sprintf(`<svg class="bar" viewBox="0 0 120 12" width="120" height="12" aria-hidden="true" focusable="false"><line x1="60" x2="60" y1="0" y2="12"/><rect class="%s" x="%.1f" y="2" width="%.1f" height="8"/></svg>`, cls, x0, math.Abs(x)))
}

// maxExplained caps the pairs explained on a person's page: all pairs of
// a person of up to six records, else each record with the first.
const maxAllPairs = 6

func (s *Server) personView(ctx context.Context, id int64) (*personView, error) {
	p, err := s.store.Person(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &personView{Person: p, Row: newPersonRow(p), Explain: s.engine != nil}
	v.Fields = sideBySide(p.Records)

	keys := map[reckon.RecordKey]bool{}
	for _, r := range p.Records {
		keys[r.Key()] = true
	}
	ds, err := s.store.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if keys[d.A] || keys[d.B] {
			v.Decisions = append(v.Decisions, d)
		}
	}

	n := len(p.Records)
	var pairs [][2]int
	if n <= maxAllPairs {
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	} else {
		for j := 1; j < n; j++ {
			pairs = append(pairs, [2]int{0, j})
		}
	}
	v.Pairs = n * (n - 1) / 2
	if s.engine == nil {
		if n > 1 {
			v.ExplainOf = "Explanations of the links need the linkage engine, which reckon serve provides; this server runs without it."
		}
		return v, nil
	}
	for _, pr := range pairs {
		a, b := p.Records[pr[0]], p.Records[pr[1]]
		l, err := s.explain(ctx, a, b)
		if err != nil {
			return nil, err
		}
		v.Links = append(v.Links, l)
	}
	return v, nil
}

// explain asks the engine about a pair; an error that is not internal is
// shown with the pair rather than failing the page.
func (s *Server) explain(ctx context.Context, a, b *reckon.Record) (*linkView, error) {
	l := &linkView{A: a, B: b}
	if !reckon.SeesPersonalData(ctx) && (len(a.Sensitive) > 0 || len(b.Sensitive) > 0) {
		// The levels of agreement would tell a withheld value from the
		// other record's.
		l.Error = "This pair's explanation is withheld: it compares fields that are personal data."
		return l, nil
	}
	x, err := s.engine.Explain(ctx, a.ID, b.ID)
	if err != nil {
		if reckon.ErrorCode(err) == reckon.EINTERNAL || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		l.Error = reckon.ErrorMessage(err)
		return l, nil
	}
	l.Probability, l.Weight, l.Prior, l.Swapped, l.Competition, l.Fields = x.Probability, x.Weight, x.Prior, x.Swapped, x.Competition, x.Fields
	l.Scale = math.Max(math.Abs(x.Prior), math.Abs(x.Competition))
	for _, f := range x.Fields {
		l.Scale = math.Max(l.Scale, math.Abs(f.Weight))
	}
	return l, nil
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.personView(r.Context(), id)
	if err != nil {
		return err
	}
	title := "Person " + strconv.FormatInt(id, 10)
	if len(v.Row.Names) > 0 {
		title = v.Row.Names[0]
	}
	return s.render(w, r, "person", page{Title: title, Nav: "persons", Body: v})
}

// personJSON is a person with the explanations of its links.
type personJSON struct {
	*reckon.Person
	Lists     []string           `json:"lists"`
	Links     []linkJSON         `json:"links"`
	Decisions []*reckon.Decision `json:"decisions"`
}

type linkJSON struct {
	A           int64       `json:"a"`
	B           int64       `json:"b"`
	Probability float64     `json:"probability"`
	Weight      float64     `json:"weight"`
	Prior       float64     `json:"prior"`
	Swapped     bool        `json:"swapped"`
	Competition float64     `json:"competition"`
	Fields      []fieldJSON `json:"fields"`
	Error       string      `json:"error,omitempty"`
}

type fieldJSON struct {
	Column    string  `json:"column"`
	Kind      string  `json:"kind"`
	Level     string  `json:"level"`
	A         string  `json:"a"`
	B         string  `json:"b"`
	M         float64 `json:"m"`
	U         float64 `json:"u"`
	Frequency float64 `json:"frequency,omitempty"`
	Weight    float64 `json:"weight"`
	Running   float64 `json:"running"`
}

func (l *linkView) json() linkJSON {
	out := linkJSON{A: l.A.ID, B: l.B.ID, Probability: l.Probability, Weight: l.Weight, Prior: l.Prior, Swapped: l.Swapped,
		Competition: finite(l.Competition), Fields: []fieldJSON{}, Error: l.Error}
	for _, f := range l.Fields {
		out.Fields = append(out.Fields, fieldJSON{Column: f.Column, Kind: string(f.Kind), Level: f.Level, A: f.A, B: f.B,
			M: finite(f.M), U: finite(f.U), Frequency: finite(f.Frequency), Weight: finite(f.Weight), Running: finite(f.Running)})
	}
	return out
}

// finite maps NaN and infinities, which JSON cannot hold, to 0.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.personView(r.Context(), id)
	if err != nil {
		return err
	}
	out := personJSON{Person: v.Person, Lists: v.Row.Lists, Links: []linkJSON{}, Decisions: v.Decisions}
	if out.Decisions == nil {
		out.Decisions = []*reckon.Decision{}
	}
	for _, l := range v.Links {
		out.Links = append(out.Links, l.json())
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// embargoedPersons counts the persons all of whose records are under
// embargo: few, found from the embargoed records' own index.
func (s *Server) embargoedPersons(ctx context.Context) (int, error) {
	full := reckon.WithPersonalData(ctx)
	emb, err := s.store.Records(full, reckon.RecordFilter{Embargoed: true})
	if err != nil || len(emb) == 0 {
		return 0, err
	}
	ids := make([]int64, len(emb))
	for i, r := range emb {
		ids[i] = r.ID
	}
	_, owners, err := s.store.RecordsWithPersons(full, ids)
	if err != nil {
		return 0, err
	}
	var pids []int64
	for _, p := range owners {
		if p != 0 && !slices.Contains(pids, p) {
			pids = append(pids, p)
		}
	}
	ps, err := s.store.Persons(full, reckon.PersonFilter{IDs: pids})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range ps {
		if !slices.ContainsFunc(p.Records, func(r *reckon.Record) bool { return !r.Embargoed }) {
			n++
		}
	}
	return n, nil
}
