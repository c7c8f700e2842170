package extract

import (
	"math"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
)

// claim makes the claim of figure k of the current sentence.
func (r *koReader) claim(k int) {
	f := &r.figs[k]
	t := r.text
	c := reckon.Claim{Span: t[f.s:f.e], Start: f.s, End: f.e, Sentence: t[r.s:r.e]}
	why := &r.why
	firstNote := len(why.ends)
	r.numberWhy(f)
	switch {
	case f.conn != "":
		why.note("range: '", t[f.a.s:f.a.e], "' ", f.conn, " '", t[f.b.s:f.b.e], "'")
	}
	if f.implicit {
		why.note("no counter: counted by the casualty noun before it")
	} else {
		why.note("counter: '", f.counter, "'")
	}
	if f.pcue != "" {
		why.note("cue before: '", f.pcue, "'")
	}
	if f.scue != "" {
		why.note("cue after: '", f.scue, "'")
	}
	if f.yeoNote {
		why.note("여: more than")
	}
	if f.dist != "" {
		why.note("distributive: '", f.dist, "' covers this item of the same list")
	}
	var b bounds
	switch {
	case f.isRange:
		lo, hi := int64(math.Round(f.a.v)), int64(math.Round(f.b.v))
		b = closed(lo, hi)
		if f.bq == qAtLeast || f.bq == qMoreThan {
			b.hasHi = false
		}
		c.Qualifier, c.Stated = reckon.Range, []float64{f.a.v, f.b.v}
		c.Cue = f.cue
		if c.Cue == "" {
			c.Cue = strings.TrimSpace(t[f.a.e:f.b.s])
		}
	case f.a.vague:
		b = vagueBounds(f.q, f.a.vlo, f.a.vhi)
		c.Qualifier = reckon.Vague
		if f.q != qNone && f.q != qExact && f.q != qAbout {
			c.Qualifier = f.q.qualifier()
		}
		c.Cue = f.cue
		why.note("vague: '", f.a.vkey, "' = ", vagueText(f.a.vlo, f.a.vhi))
	default:
		n := int64(math.Round(f.a.v))
		b = pointBounds(f.q, n)
		c.Qualifier, c.Cue, c.Stated = f.q.qualifier(), f.cue, []float64{f.a.v}
	}
	r.bnds = append(r.bnds, b)
	c.Measure = r.measure(k)
	r.lastMeas = c.Measure
	c.Subject = r.subject(f)
	c.Attribution, c.Cites = r.attribution(k)
	c.Date = r.date(k)
	c.Projected = r.projected(f)
	if c.Projected {
		why.note("projected: a forecast or plan in its clause")
	}
	r.whyAt = append(r.whyAt, [2]int{firstNote, len(why.ends)})
	c.ExtractorVersion = Version
	r.out = append(r.out, c)
}

func vagueText(lo, hi int64) string {
	return "[" + strconv.FormatInt(lo, 10) + ", " + strconv.FormatInt(hi, 10) + "]"
}

// numberWhy explains how the numeral of f was read.
func (r *koReader) numberWhy(f *koFig) {
	t, why := r.text, &r.why
	switch {
	case f.a.vague:
		why.note("number: '", t[f.a.s:f.a.e], "' (vague)")
		return
	case f.a.native:
		why.add("number: native numeral '", t[f.a.s:f.a.e], "' = ")
	default:
		why.add("number: '", t[f.a.s:f.a.e], "' = ")
	}
	why.num(f.a.v)
	if f.isRange {
		why.add(", '", t[f.b.s:f.b.e], "' = ")
		why.num(f.b.v)
	}
	why.note()
}

// koWhy builds the Why of one claim in one buffer: notes are written
// piece by piece and cut into strings once, when the claim is made.
type koWhy struct {
	b    []byte
	ends []int
}

// note adds parts and ends the note.
func (w *koWhy) note(parts ...string) {
	w.add(parts...)
	w.ends = append(w.ends, len(w.b))
}

// add adds parts to the note being written.
func (w *koWhy) add(parts ...string) {
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
}

// num adds a number to the note being written, as [formatNum] does.
func (w *koWhy) num(v float64) {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		w.b = strconv.AppendInt(w.b, int64(v), 10)
		return
	}
	w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64)
}

// finish gives each claim its notes, at[i] being the notes of out[i],
// in one string and one slice for all, and empties w.
func (w *koWhy) finish(out []reckon.Claim, at [][2]int) {
	s := string(w.b)
	notes := make([]string, len(w.ends))
	start := 0
	for i, e := range w.ends {
		notes[i], start = s[start:e], e
	}
	for i := range out {
		a, b := at[i][0], at[i][1]
		out[i].Why = notes[a:b:b]
	}
	w.b, w.ends = w.b[:0], w.ends[:0]
}

// koIntervals gives each claim its interval, bnds[i] being the bounds of
// out[i], with the ends of all in one allocation.
func koIntervals(out []reckon.Claim, bnds []bounds) {
	ends := make([]int64, 2*len(out))
	for i := range out {
		b := bnds[i]
		if b.hasLo {
			ends[2*i] = b.lo
			out[i].Low = &ends[2*i]
		}
		if b.hasHi {
			ends[2*i+1] = b.hi
			out[i].High = &ends[2*i+1]
		}
	}
}

// subject returns the noun phrase the figure counts, as written: the word
// before the number ("북한군 1만 명") or the noun after "N명의".
func (r *koReader) subject(f *koFig) string {
	t := r.text
	if after := t[f.e:r.e]; strings.HasPrefix(after, "의 ") {
		w := strings.Fields(after[len("의 "):])
		if len(w) > 0 {
			return koStripParticle(w[0])
		}
	}
	w, _ := lastWord(strings.TrimRight(t[r.s:f.s], " "))
	w = strings.Trim(w, "“”\"'‘’″(),")
	if w == "" || strings.ContainsAny(w, "0123456789") {
		return ""
	}
	return koStripParticle(w)
}

// koStripParticle removes a one-syllable particle from the end of a word.
func koStripParticle(w string) string {
	w = strings.TrimRight(w, ",.”\"'’″)")
	for _, p := range []string{"에서", "으로", "이", "가", "은", "는", "을", "를", "의", "에", "도", "만", "와", "과", "로"} {
		if strings.HasSuffix(w, p) && len(w) > len(p) {
			return w[:len(w)-len(p)]
		}
	}
	return w
}

// projected reports whether the clause of f speaks of a forecast or plan.
func (r *koReader) projected(f *koFig) bool {
	end := r.figClauseEnd(f)
	clause := r.text[f.e:end]
	for _, w := range koProjectedWords {
		if strings.Contains(clause, w) {
			return true
		}
	}
	return false
}

// clauseEnd returns where the clause that holds byte i ends: at a comma,
// a connective ending (고, 며, 면서, 지만) or the sentence end.
func (r *koReader) clauseEnd(i int) int {
	t := r.text
	lim := min(r.e, i+koClauseMax)
	for j := i; j < lim; {
		rr, w := runeAt(t, j, r.e)
		if rr == ',' {
			return j
		}
		if rr == ' ' && j > i && koClauseRune(lastRune(t[i:j])) && koClauseEnd(t[i:j]) {
			return j
		}
		j += w
	}
	return lim
}

func lastRune(s string) rune {
	r, _ := koLastRune(s)
	return r
}

// figClauseEnd returns where the clause of figure f ends, computed once.
func (r *koReader) figClauseEnd(f *koFig) int {
	if f.cend == 0 {
		f.cend = r.clauseEnd(f.e)
	}
	return f.cend
}

// koClauseMax bounds the bytes a clause is read forward for its verb.
const koClauseMax = 400
