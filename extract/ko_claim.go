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
	why := append([]string{r.numberWhy(f)}, f.why...)
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
		why = append(why, "vague: '"+f.a.vkey+"' = "+vagueText(f.a.vlo, f.a.vhi))
	default:
		n := int64(math.Round(f.a.v))
		b = pointBounds(f.q, n)
		c.Qualifier, c.Cue, c.Stated = f.q.qualifier(), f.cue, []float64{f.a.v}
	}
	c.Interval = b.interval()
	c.Measure, why = r.measure(k, why)
	r.lastMeas = c.Measure
	c.Subject = r.subject(f)
	c.Attribution, c.Cites, why = r.attribution(k, why)
	c.Date, why = r.date(k, why)
	c.Projected = r.projected(f)
	if c.Projected {
		why = append(why, "projected: a forecast or plan in its clause")
	}
	c.Why = why
	c.ExtractorVersion = Version
	r.out = append(r.out, c)
}

func vagueText(lo, hi int64) string {
	return "[" + strconv.FormatInt(lo, 10) + ", " + strconv.FormatInt(hi, 10) + "]"
}

// numberWhy explains how the numeral of f was read.
func (r *koReader) numberWhy(f *koFig) string {
	t := r.text
	switch {
	case f.isRange:
		return "number: '" + t[f.a.s:f.a.e] + "' = " + formatNum(f.a.v) + ", '" + t[f.b.s:f.b.e] + "' = " + formatNum(f.b.v)
	case f.a.vague:
		return "number: '" + t[f.a.s:f.a.e] + "' (vague)"
	case f.a.native:
		return "number: native numeral '" + t[f.a.s:f.a.e] + "' = " + formatNum(f.a.v)
	}
	return "number: '" + t[f.a.s:f.a.e] + "' = " + formatNum(f.a.v)
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
	end := r.clauseEnd(f.e)
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
	for j := i; j < r.e; {
		rr, w := runeAt(t, j, r.e)
		if rr == ',' {
			return j
		}
		if rr == ' ' && koClauseEnd(t[i:j]) {
			return j
		}
		j += w
	}
	return r.e
}
