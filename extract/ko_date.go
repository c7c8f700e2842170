package extract

import (
	"slices"
	"strings"
)

// koDate is a time expression of a Korean sentence.
type koDate struct {
	s, e int
	now  bool // 현재, 지금까지: as of now, weaker than a day
}

// dates returns the time expressions of the sentence that may date a
// figure: a day ("19일", "지난 23일", "9월 2일", "오늘(27일)", "4일 오후 4시
// 25분(현지시간) 기준"), a relative day or month ("이날", "전날", "지난달"),
// and "as of now" words. A date followed by an event word (발생, 부터,
// 이후) places the event and is left out.
func (r *koReader) dates(ws []koWordSpan) []koDate {
	t := r.text
	out := r.dts[:0]
	for j := 0; j < len(ws); j++ {
		w := t[ws[j].s:ws[j].e]
		if r0, _ := runeAt(w, 0, len(w)); !isDigit(w[0]) && !koStartsWith(r0, koStartDate) {
			continue
		}
		start, end, now, day := -1, 0, false, false
		switch {
		case koDayWord(w) || koMonthWord(w) && j > 0 && t[ws[j-1].s:ws[j-1].e] == "지난":
			start, end, day = ws[j].s, ws[j].e, true
			if j > 0 {
				switch p := t[ws[j-1].s:ws[j-1].e]; {
				case p == "지난" || p == "오는" || p == "지난달" || koMonthWord(p):
					start = ws[j-1].s
				}
			}
		case strings.HasPrefix(w, "오늘(") || strings.HasPrefix(w, "오늘"):
			start, end = ws[j].s, ws[j].e
		default:
			for _, d := range koDateWords {
				if strings.HasPrefix(w, d) && (d != "지난해" || j+1 < len(ws) && strings.HasPrefix(t[ws[j+1].s:ws[j+1].e], "중반")) {
					start, end, day = ws[j].s, ws[j].e, strings.HasSuffix(d, "요일")
					break
				}
			}
			if start < 0 {
				for _, d := range koNowWords {
					// "… 이후 지금까지" is a period, not a date.
					if strings.HasPrefix(w, d) && !(j > 0 && koPeriodWord(t[ws[j-1].s:ws[j-1].e])) {
						start, end, now = ws[j].s, ws[j].e, true
						break
					}
				}
			}
		}
		if start < 0 {
			continue
		}
		// Extend over the time of day, "(현지 시간)" and "기준".
		k := j + 1
		for ; k < len(ws) && k <= j+4; k++ {
			n := t[ws[k].s:ws[k].e]
			if n == "오전" || n == "오후" || n == "낮" || n == "밤" || n == "아침" || n == "새벽" || n == "(현지" || n == "시간)" || n == "중반" ||
				strings.HasPrefix(n, "기준") || koTimeWord(n) || n == "(현지시간)" {
				end = ws[k].e
				continue
			}
			break
		}
		// An event word soon after a day places the event ("지난 28일
		// 발생한 강진"); "전날 발표보다" compares with another day.
		event := k < len(ws) && strings.Contains(t[ws[k].s:ws[k].e], "보다") || koPeriodWord(strings.TrimRight(w, ",")) || strings.HasSuffix(w, "부터는")
		for m := k; day && m < len(ws) && m < k+8 && !event; m++ {
			n := t[ws[m].s:ws[m].e]
			if r.figAt(ws[m].s) || strings.ContainsAny(n, "\"“”″") {
				break
			}
			for _, ev := range koEventWords {
				if strings.Contains(n, ev) {
					event = true
				}
			}
		}
		if event {
			continue
		}
		out = append(out, koDate{start, end, now})
		j = k - 1
	}
	return out
}

// koPeriodWord reports whether w opens a period: 이후, 이래, 부터.
func koPeriodWord(w string) bool {
	return strings.HasSuffix(w, "이후") || strings.HasSuffix(w, "이래") || strings.HasSuffix(w, "이래로") || strings.HasSuffix(w, "부터") || strings.HasSuffix(w, "이후로")
}

// figAt reports whether a figure of the sentence starts within word at i.
func (r *koReader) figAt(i int) bool {
	k, _ := slices.BinarySearchFunc(r.figs, i, func(f koFig, i int) int { return f.s - i })
	return k < len(r.figs) && r.figs[k].s < i+8
}

// koDayWord reports whether w is a day: "19일", "27일(현지시간)", "10월7일".
func koDayWord(w string) bool {
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	rest := w[i:]
	if strings.HasPrefix(rest, "월") {
		rest = strings.TrimPrefix(rest, "월")
		j := 0
		for j < len(rest) && isDigit(rest[j]) {
			j++
		}
		if j == 0 {
			return false
		}
		rest = rest[j:]
	}
	return strings.HasPrefix(rest, "일") && !strings.HasPrefix(rest, "일간") && !strings.HasPrefix(rest, "일째")
}

// koMonthWord reports whether w is a month: "4월", "12월".
func koMonthWord(w string) bool {
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	return i > 0 && i <= 2 && strings.HasPrefix(w[i:], "월")
}

// koTimeWord reports whether w is a time of day: "4시", "25분(현지시간)",
// "12시", "8시".
func koTimeWord(w string) bool {
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	return i > 0 && (strings.HasPrefix(w[i:], "시") && !strings.HasPrefix(w[i:], "시간") || strings.HasPrefix(w[i:], "분"))
}

// date returns the date of figure k: a date between the last figure and
// the verb of saying ("…고 27일 밝혔다"), else the nearest date before the
// figure ("국정원은 19일 …", "현재까지 …").
func (r *koReader) date(k int) string {
	why := &r.why
	f := &r.figs[k]
	ds := r.dts
	if v := r.reportVerb(f.e); v >= 0 {
		lastFig := f.e
		for j := k + 1; j < len(r.figs) && r.figs[j].s < v; j++ {
			lastFig = r.figs[j].e
		}
		hi, _ := slices.BinarySearchFunc(ds, v, func(d koDate, i int) int { return d.s - i })
		if i := hi - 1; i >= 0 && ds[i].s >= lastFig && !ds[i].now {
			s := r.text[ds[i].s:ds[i].e]
			why.note("date: '", s, "' (before the verb of saying)")
			return s
		}
	}
	hi, _ := slices.BinarySearchFunc(ds, f.s, func(d koDate, i int) int { return d.s - i })
	if i := hi - 1; i >= 0 && ds[i].e <= f.s {
		s := r.text[ds[i].s:ds[i].e]
		why.note("date: '", s, "'")
		return s
	}
	return ""
}
