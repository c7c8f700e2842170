package server

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/pipeline"
)

// runCache keeps one value per link run: what is built from the persons
// changes only when linkage runs again.
type runCache[T any] struct {
	build sync.Mutex // one build at a time
	mu    sync.Mutex
	run   int64
	mark  int64
	val   T
	have  bool
}

func (c *runCache[T]) get(ctx context.Context, run int64, build func(context.Context) (T, error)) (T, error) {
	return c.getAt(ctx, run, 0, build)
}

// getAt is get for a value that changes with the protection of records
// too: mark is the store's protection mark (reckon.ProtectionWatch).
func (c *runCache[T]) getAt(ctx context.Context, run, mark int64, build func(context.Context) (T, error)) (T, error) {
	c.mu.Lock()
	if c.have && c.run == run && c.mark == mark {
		v := c.val
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	c.build.Lock()
	defer c.build.Unlock()
	c.mu.Lock()
	if c.have && c.run == run && c.mark == mark {
		v := c.val
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	v, err := build(ctx)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	c.val, c.run, c.mark, c.have = v, run, mark, true
	c.mu.Unlock()
	return v, nil
}

// listsView is how many records and persons each list has, and how the
// lists overlap: the persons seen by each combination of lists.
type listsView struct {
	Run *reckon.LinkRun `json:"link_run,omitempty"`
	// Warnings are the latest link run's; Conflicts its pairs that the
	// model links and decisions keep apart, only for those who may see
	// the review queue.
	Warnings  []string `json:"link_warnings,omitempty"`
	Conflicts []string `json:"link_conflicts,omitempty"`
	Persons   int      `json:"persons"` // the documented minimum: distinct persons
	Records   int      `json:"records"`
	// For those who may not see personal data the counts of records,
	// of each list's persons and of the overlaps leave out the records
	// under embargo, so that no count singles out a person beside the
	// public roll: WithheldRecords are those records, WithheldPersons
	// the persons known only from them. Persons, the documented minimum,
	// counts everyone, as the estimates do.
	WithheldRecords int        `json:"withheld_records,omitempty"`
	WithheldPersons int        `json:"withheld_persons,omitempty"`
	Lists           []listStat `json:"lists"`
	Overlap         []overlap  `json:"overlaps"` // largest first
}

type listStat struct {
	List    string `json:"list"`
	Records int    `json:"records"`
	Persons int    `json:"persons"` // persons with a record in this list
	Only    int    `json:"only"`    // persons seen by this list alone
	Imports int    `json:"imports"`
}

// overlap is the number of persons seen by exactly these lists.
type overlap struct {
	Lists   []string `json:"lists"`
	Persons int      `json:"persons"`
	mask    uint64
}

// maxUpSetLists is the most lists the overlap count keeps apart; persons
// of further lists still count towards the lists' totals.
const maxUpSetLists = 64

func (s *Server) listsView(ctx context.Context) (*listsView, error) {
	run, err := s.latestRun(ctx)
	if err != nil {
		return nil, err
	}
	var id int64
	if run != nil {
		id = run.ID
	}
	// Those who may see personal data get the counts over every record,
	// as the estimates use them; the others the counts over what they may
	// see (the public roll), kept apart and rebuilt when a protection
	// changes: a cell of 1 beside the public records would tell who has
	// a record under embargo.
	full := reckon.SeesPersonalData(ctx)
	var v *listsView
	if full {
		v, err = s.lists.get(ctx, id, s.buildLists)
	} else {
		var mark int64
		if mark, err = s.noticeProtection(ctx); err == nil {
			v, err = s.publicLists.getAt(ctx, id, mark, s.buildLists)
		}
	}
	if err != nil {
		return nil, err
	}
	// Record counts come from imports, which may change without a run.
	imps, err := s.store.Imports(ctx)
	if err != nil {
		return nil, err
	}
	out := *v
	out.Run = run
	embargoed := map[string]int{}
	if !full {
		out.Run = pipeline.RedactRun(run)
		if run != nil && run.Persons > v.Persons {
			out.Persons, out.WithheldPersons = run.Persons, run.Persons-v.Persons
		}
		emb, err := s.store.Records(reckon.WithPersonalData(ctx), reckon.RecordFilter{Embargoed: true})
		if err != nil {
			return nil, err
		}
		for _, r := range emb {
			embargoed[r.List]++
		}
		out.WithheldRecords = len(emb)
	}
	if out.Warnings, out.Conflicts, err = s.linkWarnings(ctx, true); err != nil {
		return nil, err
	}
	out.Lists = slices.Clone(v.Lists)
	out.Records = 0
	for _, lc := range listCounts(imps) {
		i := slices.IndexFunc(out.Lists, func(l listStat) bool { return l.List == lc.List })
		if i < 0 {
			out.Lists = append(out.Lists, listStat{List: lc.List})
			i = len(out.Lists) - 1
		}
		// The public's imports leave out a list wholly under embargo
		// (reckon.Redact); the others count their embargoed records.
		out.Lists[i].Records, out.Lists[i].Imports = max(0, lc.Records-embargoed[lc.List]), lc.Imports
		out.Records += out.Lists[i].Records
	}
	return &out, nil
}

// buildLists reads every person once.
func (s *Server) buildLists(ctx context.Context) (*listsView, error) {
	v := &listsView{}
	index := map[string]int{}
	var names []string
	counts := map[uint64]int{}
	const batch = 5000
	var after int64
	for {
		ps, err := s.store.Persons(ctx, reckon.PersonFilter{AfterID: after, Limit: batch})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			var mask uint64
			for _, r := range p.Records {
				i, ok := index[r.List]
				if !ok {
					i = len(names)
					index[r.List] = i
					names = append(names, r.List)
				}
				if i < maxUpSetLists {
					mask |= 1 << i
				}
			}
			counts[mask]++
			v.Persons++
		}
		if len(ps) < batch {
			break
		}
		after = ps[len(ps)-1].ID
	}
	stats := make([]listStat, len(names))
	for i, n := range names {
		stats[i].List = n
	}
	for mask, n := range counts {
		o := overlap{Persons: n, mask: mask}
		for i := range names {
			if mask>>i&1 == 1 {
				o.Lists = append(o.Lists, names[i])
				stats[i].Persons += n
				if mask == 1<<i {
					stats[i].Only = n
				}
			}
		}
		v.Overlap = append(v.Overlap, o)
	}
	slices.SortFunc(v.Overlap, func(a, b overlap) int {
		if a.Persons != b.Persons {
			return b.Persons - a.Persons
		}
		return strings.Compare(strings.Join(a.Lists, "\x00"), strings.Join(b.Lists, "\x00"))
	})
	slices.SortStableFunc(stats, func(a, b listStat) int { return b.Persons - a.Persons })
	v.Lists = stats
	return v, nil
}

func (s *Server) listsPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	v, err := s.listsView(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "lists", page{Title: "Lists and overlaps", Nav: "lists", Body: v})
}

func (s *Server) apiLists(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	v, err := s.listsView(r.Context())
	if err != nil {
		return err
	}
	if v.Overlap == nil {
		v.Overlap = []overlap{}
	}
	if v.Lists == nil {
		v.Lists = []listStat{}
	}
	return s.writeJSON(w, r, http.StatusOK, v)
}

// upsetColumns is the most combinations the chart draws.
const upsetColumns = 24

// UpSet draws the overlaps as an UpSet chart in both layouts
// (figure.Both of upset at figure.Wide and figure.Narrow).
func (v *listsView) UpSet() template.HTML {
	return template.HTML(figure.Both(v.upset(figure.Wide), v.upset(figure.Narrow)))
}

// UpSetColumns is how many combinations the chart draws in the wide and
// in the narrow layout, for its caption.
func (v *listsView) UpSetColumns() [2]int {
	return [2]int{len(v.upsetCols(figure.Wide)), len(v.upsetCols(figure.Narrow))}
}

// upsetCols are the combinations the chart draws for l, largest first:
// as many as fit beside the column of lists, each column as wide as its
// count written in l's font.
func (v *listsView) upsetCols(l figure.Layout) []overlap {
	left, _, colW := v.upsetGeometry(l)
	n := int((l.Width - left - 10) / colW)
	return v.Overlap[:min(len(v.Overlap), upsetColumns, n)]
}

// upsetGeometry lays the chart out for l: left is where the columns of
// combinations start, after the lists' names and (in a wide layout) the
// bars of each list's persons, setW wide; each column is colW wide.
func (v *listsView) upsetGeometry(l figure.Layout) (left, setW, colW float64) {
	colW, names := 24.0, 0.0
	if l.Width < 500 {
		colW = 30
	} else {
		setW = 100
	}
	for _, o := range v.Overlap[:min(len(v.Overlap), upsetColumns)] {
		colW = max(colW, math.Ceil(figure.TextWidth(shortCount(o.Persons), l.Font))+4)
	}
	for _, li := range v.Lists {
		names = max(names, figure.TextWidth(li.List, l.Font))
	}
	names = math.Ceil(min(max(names, 48), l.Width*0.3))
	return names + 16 + setW, setW, colW
}

// upset draws the overlaps as an UpSet chart (Lex et al. 2014) for l: a
// column per combination of lists, largest first, with a bar of its
// persons above and a dot per list below, and (in a wide layout) each
// list's persons as bars at the left of the lists' names. Written here,
// every label escaped.
func (v *listsView) upset(l figure.Layout) string {
	if len(v.Overlap) == 0 || len(v.Lists) == 0 {
		return ""
	}
	cols := v.upsetCols(l)
	lists := v.Lists
	if len(lists) > 16 {
		lists = lists[:16]
	}
	left, setW, colW := v.upsetGeometry(l)
	const barH, rowH = 150.0, 22.0
	top := l.Font + 6 // room for the count above the tallest bar
	// A narrow chart fills its layout's width, so that it is drawn at
	// the scale its words were sized for; a wide one is as wide as its
	// columns and is drawn at that many CSS pixels at most.
	width, size := l.Width, `width="100%"`
	if setW > 0 {
		width = left + colW*float64(len(cols)) + 10
		size = fmt.Sprintf(`width="%.0f"`, width)
	}
	height := top + barH + 10 + rowH*float64(len(lists)) + 6
	maxN := 0
	for _, o := range cols {
		maxN = max(maxN, o.Persons)
	}
	maxSet := 0
	for _, l := range lists {
		maxSet = max(maxSet, l.Persons)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="upset" viewBox="0 0 %.0f %.0f" %s role="img" aria-labelledby="upset-caption" focusable="false" xmlns="http://www.w3.org/2000/svg" font-size="%s">`+"\n", width, height, size, f1(l.Font))
	matTop := top + barH + 10
	for i, li := range lists {
		y := matTop + rowH*float64(i) + rowH/2
		if i%2 == 0 {
			fmt.Fprintf(&b, `<rect class="stripe" x="0" y="%.1f" width="%.1f" height="%.1f"/>`, y-rowH/2, width, rowH)
		}
		if setW > 0 {
			w := setW * float64(li.Persons) / float64(max(maxSet, 1))
			fmt.Fprintf(&b, `<rect class="set" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s persons</title></rect>`, left-8-w, y-6, w, 12.0, esc(li.List), formatNum(li.Persons))
		}
		fmt.Fprintf(&b, `<text x="4" y="%.1f" dy="%s"><title>%s: %s persons</title>%s</text>`, y, f1(0.35*l.Font), esc(li.List), formatNum(li.Persons), esc(figure.Fit(li.List, left-setW-16, l.Font)))
	}
	for c, o := range cols {
		x := left + colW*float64(c) + colW/2
		h := barH * float64(o.Persons) / float64(max(maxN, 1))
		title := esc(strings.Join(o.Lists, " + ")) + ": " + formatNum(o.Persons) + " persons"
		fmt.Fprintf(&b, `<g class="col"><title>%s</title><rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, title, x-colW/2+3, top+barH-h, colW-6, h)
		fmt.Fprintf(&b, `<text class="n" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x, top+barH-h-3, esc(shortCount(o.Persons)))
		lo, hi := math.Inf(1), math.Inf(-1)
		for i, li := range lists {
			y := matTop + rowH*float64(i) + rowH/2
			in := slices.Contains(o.Lists, li.List)
			cls := "off"
			if in {
				cls = "on"
				lo, hi = math.Min(lo, y), math.Max(hi, y)
			}
			fmt.Fprintf(&b, `<circle class="%s" cx="%.1f" cy="%.1f" r="5"/>`, cls, x, y)
		}
		if hi > lo {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, x, x, lo, hi)
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>")
	return b.String()
}

// shortCount writes 950, 1.2k, 15k.
func shortCount(n int) string {
	switch {
	case n >= 10000:
		return fmt.Sprintf("%dk", n/1000)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", float64(n)/1000)
	}
	return fmt.Sprint(n)
}
