package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// Measure, source and date of a Korean figure. Korean puts the verb last:
// "국정원은 … 600여 명이 사망했다고 밝혔다". The measure comes from the noun
// phrase right before the figure (사망자는 1002명, 생포된 북한 병사 2명) or
// else from the last measure word of its clause (600여 명이 사망하고); the
// source is the subject of the verb of saying that follows the figure, or
// the X of "X에 따르면".

// koHit is a measure word found in the sentence.
type koHit struct {
	s, e int
	m    reckon.Measure
	stem string
}

// scanWords finds, in one pass over the sentence, its measure words
// (r.all) and where its verbs of saying start (r.verbs).
func (r *koReader) scanWords() {
	all, verbs := r.all[:0], r.verbs[:0]
	t := r.text
	for i := r.s; i < r.e; {
		rr, w := runeAt(t, i, r.e)
		if !isHangul(rr) {
			i += w
			continue
		}
		bits := koStarts[rr-0xAC00]
		if bits&koStartVerb != 0 {
			for _, v := range koVerbIndex[rr] {
				if strings.HasPrefix(t[i:r.e], v) {
					verbs = append(verbs, i)
					break
				}
			}
		}
		if bits&koStartMeasure != 0 {
			if h, ok := koHitAt(t, i, r.e, rr); ok {
				all = append(all, h)
				i = h.e
				continue
			}
		}
		i += w
	}
	r.all, r.verbs = all, verbs
}

// koHitAt returns the measure word at text[i], whose first rune is rr.
func koHitAt(t string, i, e int, rr rune) (koHit, bool) {
	for _, k := range koMeasureIndex[rr] {
		mw := koMeasureWords[k]
		if !strings.HasPrefix(t[i:e], mw.stem) {
			continue
		}
		if mw.m == reckon.Deployed && strings.HasSuffix(t[:i], "돌려") {
			continue // 돌려보낸: sent back, not deployed
		}
		after := strings.TrimLeft(t[i+len(mw.stem):e], " ")
		blocked := false
		for _, n := range mw.not {
			if strings.HasPrefix(after, n) {
				blocked = true
			}
		}
		if !blocked {
			return koHit{i, i + len(mw.stem), mw.m, mw.stem}, true
		}
	}
	return koHit{}, false
}

// hitsInto appends the measure words of text[s:e] to out.
func (r *koReader) hitsInto(out []koHit, s, e int) []koHit {
	t := r.text
	for i := s; i < e; {
		rr, w := runeAt(t, i, e)
		if koStartsWith(rr, koStartMeasure) {
			if h, ok := koHitAt(t, i, e, rr); ok {
				out = append(out, h)
				i = h.e
				continue
			}
		}
		i += w
	}
	return out
}

// clauseStart returns where the clause holding byte i starts, looking no
// further back than lim.
func (r *koReader) clauseStart(i, lim int) int {
	t := r.text
	for j := i; j > lim; {
		rr, w := koLastRune(t[lim:j])
		switch rr {
		case ',', '“', '”', '"', '″', '…', '(', ')':
			return j
		case '·':
			if j < len(t) && isDigit(t[j]) {
				return j // 1천67명 부상·38명 실종
			}
		case ' ':
			if p, _ := koLastRune(t[lim : j-w]); koClauseRune(p) && koClauseEnd(t[lim:j-w]) {
				return j
			}
		}
		j -= w
	}
	return lim
}

// measure decides the measure of figure k.
func (r *koReader) measure(k int) reckon.Measure {
	why := &r.why
	f := &r.figs[k]
	t := r.text
	if f.kind == kThing {
		why.note("measure: other_count <- counter '", f.counter, "' counts things")
		return reckon.OtherCount
	}
	lim := r.s
	if k > 0 {
		lim = r.figs[k-1].e
	}
	bs := r.clauseStart(f.s, max(lim, f.s-120))
	r.hbuf = r.hitsInto(r.hbuf[:0], bs, f.s)
	before := r.hbuf
	after := strings.TrimLeft(t[f.e:r.e], " ")
	partitive := strings.HasPrefix(after, "중 ") || strings.HasPrefix(after, "가운데") || strings.HasPrefix(after, "중에")
	// The noun phrase right before the figure: 사망자는 1002명, 생포된
	// 북한 병사 2명, 전투 병력 1만2천명.
	if n := len(before); n > 0 {
		h := before[n-1]
		we := h.e
		for we < f.s && t[we] != ' ' {
			_, w := utf8.DecodeRuneInString(t[we:])
			we += w
		}
		own, _ := koLastRune(strings.TrimRight(t[h.s:we], ",”\"’″"))
		if !strings.ContainsRune("을를에의와과로", own) && koNPAdjacent(t[we:f.s]) {
			// 생포됐던 북한군 1명이 … 사망했다: what happened to the
			// captured or deployed decides.
			if (h.m == reckon.Captured || h.m == reckon.Deployed || h.m == reckon.Missing) && !partitive {
				if p, ok := r.predicate(k, f); ok && p.m != h.m && (p.m == reckon.Killed || p.m == reckon.Wounded) {
					why.note("measure: ", string(p.m), " <- '", p.stem, "' is what became of the '", h.stem, "'")
					return p.m
				}
			}
			why.note("measure: ", string(h.m), " <- '", h.stem, "' names what the figure counts")
			return h.m
		}
	}
	if !partitive {
		end := r.figClauseEnd(f)
		// A list shares its predicate: "공병 1천명과 … 5천명, 총 6천명의
		// 병력을 파견하기로 했다".
		last := k
		for last+1 < len(r.figs) && last-k < 8 && r.figs[last+1].s-r.figs[last].e < 120 && r.listJoins(r.figs[last].e, r.figs[last+1].s) {
			last++
			end = max(end, r.figClauseEnd(&r.figs[last]))
		}
		if last+1 < len(r.figs) && r.figs[last+1].s < end {
			end = r.figs[last+1].s
		}
		end = min(end, r.figs[last].e+150)
		for end > f.e && end < len(t) && !utf8.RuneStart(t[end]) {
			end--
		}
		if strings.HasPrefix(after, "을 포함") || strings.HasPrefix(after, "를 포함") || strings.HasPrefix(after, "을 비롯") || strings.HasPrefix(after, "를 비롯") {
			end = f.e
		}
		end = r.newTopic(f.e, end)
		if hs := r.hitsInto(r.hbuf[len(r.hbuf):], f.e, end); len(hs) > 0 {
			h := hs[len(hs)-1]
			for i := len(hs) - 1; i >= 0; i-- {
				if r.predicateWord(hs[i]) {
					h = hs[i]
					break
				}
			}
			why.note("measure: ", string(h.m), " <- '", h.stem, "' ends the figure's clause")
			return h.m
		}
	}
	if n := len(before); n > 0 {
		// The subject of the clause first ("난민 수는 … 180만 명"), else
		// the nearest.
		h := before[n-1]
		for i := n - 1; i >= 0; i-- {
			if r.subjectWord(before[i]) {
				h = before[i]
				break
			}
		}
		why.note("measure: ", string(h.m), " <- '", h.stem, "' earlier in the clause")
		return h.m
	}
	if partitive {
		if r.militaryIn(max(lim, f.s-120), f.s) {
			why.note("measure: deployed <- a force named before '중/가운데'")
			return reckon.Deployed
		}
		why.note("measure: other_count <- the whole of a part, nothing counted")
		return reckon.OtherCount
	}
	sent := t[r.s:f.s]
	if r.lastMeas != "" && koPartOfBefore(sent) {
		why.note("measure: ", string(r.lastMeas), " <- a part ('이 중') of the figure before")
		return r.lastMeas
	}
	// Its own subject, named by no measure word: "유족은 십여 명으로".
	if w, _ := lastWord(strings.TrimRight(t[max(lim, f.s-40):f.s], " ")); topicAt(w, false) {
		if koMilitaryNoun(w) {
			why.note("measure: deployed <- the force '", w, "' is its subject")
			return reckon.Deployed
		}
		why.note("measure: other_count <- '", w, "' is its subject")
		return reckon.OtherCount
	}
	// The nearest measure word of the sentence.
	best, bd := koHit{}, -1
	k0, _ := slices.BinarySearchFunc(r.all, f.s, func(h koHit, i int) int { return h.s - i })
	for j := k0 - 1; j >= 0 && k0-j < koScan; j-- {
		if h := r.all[j]; h.e <= f.s {
			best, bd = h, f.s-h.e
			break
		}
	}
	for j := k0; j < len(r.all) && j-k0 < koScan; j++ {
		if h := r.all[j]; h.s >= f.e {
			if bd < 0 || h.s-f.e < bd {
				best, bd = h, h.s-f.e
			}
			break
		}
	}
	if bd >= 0 {
		why.note("measure: ", string(best.m), " <- '", best.stem, "', the nearest measure word of the sentence")
		return best.m
	}
	if f.kind == kBody {
		why.note("measure: killed <- counter '구' counts bodies")
		return reckon.Killed
	}
	// A force counted with no verb: "북한군 1만 1천여 명", "1만여 명의 병력".
	if w, _ := lastWord(strings.TrimRight(t[max(lim, f.s-40):f.s], " ")); koMilitaryNoun(w) || strings.HasPrefix(after, "의 ") && koMilitaryNoun(firstWord(after[len("의 "):])) {
		why.note("measure: deployed <- a force is counted")
		return reckon.Deployed
	}
	why.note("measure: other_count <- no measure word")
	return reckon.OtherCount
}

// newTopic returns where a new topic starts in text[i:end] ("십여 명으로
// 전사자 대부분은 …": a new clause about something else), or end.
func (r *koReader) newTopic(i, end int) int {
	t := r.text
	j := r.wordEnd(i) // the figure's own word ("명으로") is not one
	np := -1          // where a run of plain nouns before the topic starts
	for j < end {
		for j < end && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n') {
			j++
		}
		we := min(max(r.wordEnd(j), j+1), end)
		w := strings.TrimRight(t[j:we], ",")
		if last, size := koLastRune(w); (last == '은' || last == '는') && len(w) > size {
			prev, _ := koLastRune(w[:len(w)-size])
			if isHangul(prev) && !strings.ContainsRune("하되있없않이했된", prev) {
				if np >= 0 {
					return np // "전사자 대부분은"
				}
				return j
			}
		}
		if koPlainNoun(w) {
			if np < 0 {
				np = j
			}
		} else {
			np = -1
		}
		j = we
	}
	return end
}

// koPartOfBefore reports whether s speaks of a part of what was counted
// before: 이 중, 이중, 그 가운데, 이들 중에.
func koPartOfBefore(s string) bool {
	for _, w := range []string{"이중", "그중", "이 중", "그 중", "이들 중", "그들 중", "이 가운데", "그 가운데", "이들 가운데", "그들 가운데", "이 중에", "이 가운데"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// wordEnd returns the end of the word holding byte i.
func (r *koReader) wordEnd(i int) int {
	t := r.text
	for i < r.e && t[i] != ' ' && t[i] != '\n' && t[i] != '\t' {
		i++
	}
	return i
}

// predicateWord reports whether measure word h is a predicate, not a
// modifier: 사망했다, 사망하였음을, 사망한 것으로, but not 다친 상태로 or
// 포획될 위기에.
func (r *koReader) predicateWord(h koHit) bool {
	we := r.wordEnd(h.s)
	w := strings.TrimRight(r.text[h.s:we], ",.”\"'’″")
	last, size := koLastRune(w)
	if strings.ContainsRune("이가을를의에도와과", last) && we > h.e {
		// A noun with its particle ("인명피해가"), unless a verb made a
		// noun ("사망하였음을").
		prev, _ := koLastRune(w[:len(w)-size])
		return strings.ContainsRune("음함됨짐", prev)
	}
	if !strings.ContainsRune("은는한된던진친운른될할", last) {
		return true
	}
	next := strings.TrimLeft(r.text[we:min(r.e, we+12)], " ")
	return strings.HasPrefix(next, "것") || strings.HasPrefix(next, "바") || strings.HasPrefix(next, "채") || strings.HasPrefix(next, "뒤") || strings.HasPrefix(next, "후")
}

// predicate returns the last predicate measure word of figure k's clause.
func (r *koReader) predicate(k int, f *koFig) (koHit, bool) {
	end := r.figClauseEnd(f)
	if k+1 < len(r.figs) && r.figs[k+1].s < end {
		end = r.figs[k+1].s
	}
	hs := r.hitsInto(r.hbuf[len(r.hbuf):], f.e, end)
	for i := len(hs) - 1; i >= 0; i-- {
		if r.predicateWord(hs[i]) {
			return hs[i], true
		}
	}
	return koHit{}, false
}

// subjectWord reports whether measure word h heads the subject or topic
// of its clause: 사망자는, 난민 수는, 사망자가.
func (r *koReader) subjectWord(h koHit) bool {
	w := strings.TrimRight(r.text[h.s:r.wordEnd(h.s)], ",")
	if last, _ := koLastRune(w); strings.ContainsRune("은는이가", last) && w != "사망이" {
		return true
	}
	next := strings.TrimLeft(r.text[r.wordEnd(h.s):min(r.e, r.wordEnd(h.s)+8)], " ")
	return strings.HasPrefix(next, "수는") || strings.HasPrefix(next, "수가") || strings.HasPrefix(next, "규모는") || strings.HasPrefix(next, "규모가")
}

// listJoins reports whether text[a:b], between two figures, joins them in
// one list: a connector (와, 과, 및, a comma) and no clause end or new
// topic.
func (r *koReader) listJoins(a, b int) bool {
	between := r.text[a:b]
	if !strings.Contains(between, "와 ") && !strings.Contains(between, "과 ") && !strings.Contains(between, ", ") && !strings.Contains(between, "및 ") {
		return false
	}
	if hs := r.hitsInto(r.hbuf[len(r.hbuf):], a, b); len(hs) > 0 && strings.TrimSpace(r.text[a:hs[0].s]) == "" {
		return false // "600여명 사망, 5000명 이상 부상": each has its own
	}
	for _, w := range strings.Fields(between) {
		if koClauseEnd(w) || strings.HasSuffix(w, "은") || strings.HasSuffix(w, "는") || strings.HasSuffix(w, "이") || strings.HasSuffix(w, "가") {
			return false
		}
	}
	return true
}

// koNPAdjacent reports whether the words between a measure word and a
// figure keep them in one noun phrase: no word ends in a case particle or
// a verb (a relative clause: "사망자를 비롯한 1천 명").
func koNPAdjacent(between string) bool {
	for _, w := range strings.Fields(between) {
		switch w {
		case "수가", "수는", "수도", "수를", "규모는", "규모가", "숫자는", "수만", "총", "약", "최소", "최대", "최소한", "모두", "무려":
			continue
		case "가운데", "중", "중에", "외에":
			return false
		}
		rr, _ := koLastRune(w)
		if strings.ContainsRune("이가을를은는에의와과로도만서인", rr) || !isHangul(rr) && rr != ')' {
			return false
		}
	}
	return true
}

// militaryIn reports whether text[s:e] names a force: 북한군, 병력, 군인.
func (r *koReader) militaryIn(s, e int) bool {
	for _, w := range strings.Fields(r.text[s:e]) {
		if koMilitaryNoun(w) || strings.Contains(w, "파병") {
			return true
		}
	}
	return false
}

// koMilitaryNoun reports whether w (a particle may follow) names soldiers
// or a force: 북한군, 병력, 군인, 병사, 장병, 부대.
func koMilitaryNoun(w string) bool {
	w = koStripParticle(w)
	if w == "" || w == "군" || strings.HasSuffix(w, "장군") || strings.HasSuffix(w, "시군") {
		return false
	}
	return strings.HasSuffix(w, "군") || strings.Contains(w, "병력") || strings.Contains(w, "군인") || strings.Contains(w, "병사") ||
		strings.Contains(w, "장병") || strings.HasSuffix(w, "부대") || strings.HasSuffix(w, "군대")
}

// firstWord returns the first space-separated word of s.
func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// markQuotes finds the stretches of the sentence inside quotation marks:
// r.quoted holds their starts and ends, in order, the quote marks
// included.
func (r *koReader) markQuotes() {
	r.quoted = r.quoted[:0]
	in := false
	t := r.text
	for i := r.s; i < r.e; i++ {
		c := t[i]
		if c != '"' && c != 0xe2 {
			continue
		}
		rr, w := runeAt(t, i, r.e)
		open := in
		switch rr {
		case '“', '‘':
			in = true
		case '”', '’':
			in = false
		case '"', '″':
			in = !in
		}
		switch {
		case in && !open:
			r.quoted = append(r.quoted, i)
		case !in && open:
			r.quoted = append(r.quoted, i+w)
		}
		i += w - 1
	}
	if in {
		r.quoted = append(r.quoted, r.e)
	}
}

// isQuoted reports whether byte i of the sentence is inside quotation
// marks.
func (r *koReader) isQuoted(i int) bool {
	k, found := slices.BinarySearch(r.quoted, i)
	if found {
		return k%2 == 0 // at a start: inside; at an end: outside
	}
	return k%2 == 1
}

// koWordSpan is a word of the sentence.
type koWordSpan struct{ s, e int }

// words returns the words of text[s:e], in r.ws's storage.
func (r *koReader) words(s, e int) []koWordSpan {
	out := r.ws[:0]
	t := r.text
	for i := s; i < e; {
		for i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n') {
			i++
		}
		j := i
		for j < e && t[j] != ' ' && t[j] != '\t' && t[j] != '\n' {
			j++
		}
		if j > i {
			out = append(out, koWordSpan{i, j})
		}
		i = j
	}
	return out
}

// reportVerb returns the start of the first verb of saying at or after i
// in the sentence, or -1.
func (r *koReader) reportVerb(i int) int {
	k, _ := slices.BinarySearch(r.verbs, i)
	first := -1
	for ; k < len(r.verbs); k++ {
		v := r.verbs[k]
		if !r.isQuoted(v) {
			return v // the verb of the speaker, outside the quotation
		}
		if first < 0 {
			first = v
		}
	}
	if r.isQuoted(i) {
		return -1 // a quotation with no verb of saying: a headline
	}
	return first
}

// wordAt returns the index of the first word of the sentence that ends
// after i.
func (r *koReader) wordAt(i int) int {
	k, _ := slices.BinarySearchFunc(r.ws, i, func(w koWordSpan, i int) int { return w.e - 1 - i })
	return k
}

// np returns the noun phrase that ends with word ws[k] (its particle
// stripped): it reaches back over plain nouns, no further than a word
// with a particle, a date, an adverb or four words.
func (r *koReader) np(ws []koWordSpan, k int) (int, int) {
	t := r.text
	last := t[ws[k].s:ws[k].e]
	end := ws[k].s + len(koStripSource(last))
	start := ws[k].s
	for j := k - 1; j >= 0 && k-j < 5; j-- {
		w := t[ws[j].s:ws[j].e]
		rr, _ := koLastRune(w)
		if koNPStop[w] || strings.ContainsAny(w, "0123456789\"“”″,") || strings.ContainsRune("이가을를은는에의와과로도만서고며한된인던던", rr) ||
			strings.HasSuffix(w, ")") && strings.Contains(w, "시간") || koClauseEnd(w) {
			break
		}
		start = ws[j].s
	}
	for start < end && strings.ContainsRune("“”\"'‘’″(", firstRune(t[start:end])) {
		_, w := utf8.DecodeRuneInString(t[start:end])
		start += w
	}
	return start, end
}

// koStripSource removes the particle of a source word: 국정원은, 보건부가,
// 참모부도.
func koStripSource(w string) string {
	w = strings.TrimRight(w, ",.”\"'’″")
	for _, p := range []string{"은", "는", "이", "가", "도"} {
		if strings.HasSuffix(w, p) && len(w) > len(p) {
			return w[:len(w)-len(p)]
		}
	}
	return w
}

// topicAt reports whether word w is a subject or topic that may give a
// figure: it ends in 은/는/도 (or 이/가 when first is set) and is not a
// figure noun, a pronoun for a figure or a time word.
func topicAt(w string, first bool) bool {
	w = strings.TrimRight(w, ",")
	rr, _ := koLastRune(w)
	switch rr {
	case '은', '는', '도':
	case '이', '가':
		if !first {
			return false
		}
	default:
		return false
	}
	base := koStripSource(w)
	if koTopicStop[base] || koGenericSources[base] || strings.ContainsAny(base, "0123456789") || base == "" {
		return false
	}
	// Verbs and adverbial phrases take 은/는 too: 않은, 있는, 많은,
	// 중에는, 에서는.
	if last, _ := koLastRune(base); strings.ContainsRune("않있없하되했였겠같많좋다에로께중", last) || strings.HasSuffix(base, "에서") {
		return false
	}
	for _, m := range []string{"사망자", "부상자", "실종자", "사상자", "전사자", "난민", "피란민", "사망", "부상"} {
		if strings.HasPrefix(base, m) {
			return false
		}
	}
	return true
}

// attribution returns who gives figure k, and whom they cite.
func (r *koReader) attribution(k int) (string, string) {
	why := &r.why
	f := &r.figs[k]
	t := r.text
	ws := r.ws
	cited := r.accordingTo(f.s)
	verb := r.reportVerb(f.e)
	say := func(s, e int, rule string) (string, string) {
		a := t[s:e]
		c := ""
		if cited != "" && cited != a && !strings.Contains(a, cited) {
			c = cited
		}
		why.note("attribution: '", a, "' (", rule, ")")
		return a, c
	}
	// A relative clause: "현지 언론들이 잠정 집계한 사망자는 122명".
	if s, e, ok := r.relativeSource(ws, f.s); ok {
		return say(s, e, "X이 집계한 …")
	}
	if verb >= 0 {
		// The subject right before the verb: "…고 NHK가 보도했다".
		vk := r.wordAt(verb)
		for j := vk - 1; j >= 0 && ws[j].s >= f.e && vk-j < koScan; j-- {
			w := t[ws[j].s:ws[j].e]
			if koNPStop[w] || koDateWord(w) {
				continue
			}
			if topicAt(w, true) && !r.isQuoted(ws[j].s) {
				s, e := r.np(ws, j)
				return say(s, e, "subject of the verb of saying")
			}
			if b := koStripSource(w); b == "등" && w != b && j > 0 && koPlainNoun(t[ws[j-1].s:ws[j-1].e]) {
				s, _ := r.np(ws, j-1)
				return say(s, ws[j].s+len(b), "subject of the verb of saying")
			}
			// A bare name after the quoted clause: "…사망했다고 인권단체
			// 시리아인권관측소 밝혔다".
			m := j
			for m >= 0 && j-m < 3 && koPlainNoun(t[ws[m].s:ws[m].e]) {
				m--
			}
			if m >= 0 && m < j && strings.HasSuffix(strings.TrimRight(t[ws[m].s:ws[m].e], "”\"″’"), "고") {
				return say(ws[m+1].s, ws[j].e, "named before the verb of saying")
			}
			break
		}
		// The topic of the sentence before the figure: "국정원은 … 밝혔다".
		fq := r.isQuoted(f.s)
		fk := r.wordAt(f.s)
		for j := fk; j >= 0 && fk-j < koScan; j-- {
			if j >= len(ws) || ws[j].e > f.s {
				continue
			}
			w := t[ws[j].s:ws[j].e]
			if r.isQuoted(ws[j].s) && !r.isQuoted(verb) {
				continue // the speaker stands outside the quotation
			}
			_ = fq
			first := r.firstSubject(ws, j, verb)
			if !topicAt(w, first) || r.countedTopic(ws, j) {
				continue
			}
			s, e := r.np(ws, j)
			return say(s, e, "topic of the sentence, subject of '"+t[verb:min(verb+9, r.e)]+"'")
		}
	}
	if cited != "" {
		why.note("attribution: '", cited, "' (X에 따르면)")
		return cited, ""
	}
	if s, e, ok := r.headlineSource(ws[:min(len(ws), koScan)], f.s); ok {
		return say(s, e, "X “…”: a headline quoting X")
	}
	return "", ""
}

// koPlainNoun reports whether w is a noun with no particle, no verb
// ending, no digits and no quotation marks: a name standing alone.
func koPlainNoun(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		switch b := w[i]; {
		case isDigit(b), b == '"', b == ',':
			return false
		case b == 0xE2 && i+1 < len(w) && w[i+1] == 0x80:
			return false // “ ” ‘ ’ ″ and the other general punctuation
		}
	}
	rr, _ := koLastRune(w)
	if rr == ')' {
		return !koNPStop[w] // 국방정보국(DI)
	}
	if isHangul(rr) {
		if koSyllables[rr-0xAC00]&koEndsNoPlain != 0 || koNPStop[w] || koDateWord(w) {
			return false
		}
		return true
	}
	return rr < 0x80 && isASCIILetter(byte(rr))
}

// Classes of a word's last syllable, in [koSyllables].
const (
	koEndsNoPlain = 1 << iota // a particle or verb ending: 이가을를은는에의…
)

// koSyllables classes each Hangul syllable as the end of a word.
var koSyllables = func() (t [0xD7A4 - 0xAC00]uint8) {
	for _, r := range "이가을를은는에의와과로도만서고며다요죠까한된던진" {
		t[r-0xAC00] |= koEndsNoPlain
	}
	return t
}()

// firstSubject reports whether word ws[j] may be the sentence's subject
// marked by 이/가: only plain nouns stand before it, and another subject
// follows it before the verb of saying, the subject of the quoted clause
// ("국정원이 … 북한군이 … 사망했다고 밝혔다"). Without one, X이/가 is the
// subject of the clause itself ("러시아가 … 잃었다고 집계했다").
func (r *koReader) firstSubject(ws []koWordSpan, j, verb int) bool {
	t := r.text
	if r.plainUpTo < 0 {
		// Once per sentence: how many words from its start are plain
		// nouns, adverbs or dates.
		r.plainUpTo = len(ws)
		for m := range ws {
			w := t[ws[m].s:ws[m].e]
			if !koPlainNoun(w) && !koNPStop[w] && !koDateWord(w) {
				r.plainUpTo = m
				break
			}
		}
	}
	if j > r.plainUpTo {
		return false
	}
	for m := j + 1; m < len(ws) && ws[m].s < verb && m-j < koScan; m++ {
		w := strings.TrimRight(t[ws[m].s:ws[m].e], ",”\"″’")
		if rr, _ := koLastRune(w); rr == '이' || rr == '가' {
			return true
		}
	}
	return false
}

// countedTopic reports whether topic word ws[j] is what a figure counts:
// a figure follows it and is its predicate ("어린이는 6000명 이상이며"),
// not the subject of a verb of its own ("군정은 144명이 사망하고").
func (r *koReader) countedTopic(ws []koWordSpan, j int) bool {
	if j+1 >= len(ws) {
		return false
	}
	k, _ := slices.BinarySearchFunc(r.figs, ws[j].e, func(g koFig, i int) int { return g.s - i })
	for _, g := range r.figs[k:min(k+1, len(r.figs))] {
		if g.s >= ws[j].e && g.s <= ws[j+1].s+len("최소한 ") && g.s < ws[j+1].e+len("최소한 ") {
			if g.s == ws[j+1].s || strings.TrimSpace(r.text[ws[j].e:g.s]) == "" || koPrefixWord(strings.TrimSpace(r.text[ws[j].e:g.s])) {
				after := r.text[g.e:r.e]
				return !(strings.HasPrefix(after, "이 ") || strings.HasPrefix(after, "가 ") || strings.HasPrefix(after, "을 ") || strings.HasPrefix(after, "를 "))
			}
		}
	}
	return false
}

func koPrefixWord(w string) bool {
	for _, c := range koPrefixCues {
		if w == c.word {
			return true
		}
	}
	return false
}

// koDateWord reports whether w is a date or time word: 19일, 이날,
// (현지시간).
func koDateWord(w string) bool {
	if koHasDigit(w) {
		return true
	}
	if r0, _ := runeAt(w, 0, len(w)); koStartsWith(r0, koStartDate) {
		for _, d := range koDateWords {
			if strings.HasPrefix(w, d) {
				return true
			}
		}
	}
	return strings.Contains(w, "현지") || strings.Contains(w, "시간)")
}

// koHasDigit reports whether w holds an ASCII digit.
func koHasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if isDigit(w[i]) {
			return true
		}
	}
	return false
}

// accordingTo returns the source of the last "X에 따르면" before i, or "".
func (r *koReader) accordingTo(i int) string {
	k, _ := slices.BinarySearch(r.from, i)
	if k == 0 {
		return ""
	}
	return r.srcs[k-1]
}

// accordingAll returns where each "X에 따르면" of the sentence is and its
// source X. A report noun alone is no source ("보도에 따르면"), and is
// dropped from the end of one ("로이터통신 보도에 따르면" is 로이터통신).
func (r *koReader) accordingAll(ws []koWordSpan) (at []int, srcs []string) {
	t := r.text
	at, srcs = r.from[:0], r.srcs[:0]
	for j := 1; j < len(ws); j++ {
		if !strings.HasPrefix(t[ws[j].s:ws[j].e], "따르면") {
			continue
		}
		w := t[ws[j-1].s:ws[j-1].e]
		if !strings.HasSuffix(w, "에") {
			continue
		}
		k := j - 1
		base := strings.TrimSuffix(w, "에")
		// Drop report nouns at the end: 로이터통신 보도, 가자지구 보건부
		// 집계, 영국 국방정보국(DI) 등.
		for koGenericSources[strings.TrimSuffix(base, "의")] && k > 0 {
			k--
			base = t[ws[k].s:ws[k].e]
			if koNPStop[base] || koDateWord(base) {
				base = ""
				break
			}
		}
		if base == "" || koGenericSources[base] || !koPlainNoun(strings.TrimSuffix(strings.TrimSuffix(base, "에"), "의")) {
			at, srcs = append(at, ws[j].s), append(srcs, "")
			continue
		}
		// The phrase ends at ws[k] (without 에 or 의), and reaches back over
		// plain nouns.
		end := ws[k].s + len(strings.TrimSuffix(strings.TrimSuffix(base, "에"), "의"))
		start := ws[k].s
		for m := k - 1; m >= 0 && k-m < 4; m-- {
			p := t[ws[m].s:ws[m].e]
			rr, _ := koLastRune(p)
			if koNPStop[p] || koDateWord(p) || strings.ContainsRune("이가을를은는에의와과로도만서고며한된인", rr) || strings.ContainsAny(p, ",\"“”") {
				break
			}
			start = ws[m].s
		}
		src := ""
		if end > start {
			src = t[start:end]
		}
		at, srcs = append(at, ws[j].s), append(srcs, src)
	}
	return at, srcs
}

// relativeSource finds "X이/가 … 집계한 <noun> … figure" before i.
func (r *koReader) relativeSource(ws []koWordSpan, i int) (int, int, bool) {
	t := r.text
	fk := r.wordAt(i)
	for j := min(fk, len(ws)-1); j > 0 && fk-j < koScan; j-- {
		if ws[j].e > i {
			continue
		}
		w := t[ws[j].s:ws[j].e]
		rel := false
		for _, v := range koRelativeVerbs {
			if w == v {
				rel = true
			}
		}
		if !rel {
			continue
		}
		for m := j - 1; m >= 0 && j-m <= 4; m-- {
			p := t[ws[m].s:ws[m].e]
			rr, _ := koLastRune(p)
			if rr == '이' || rr == '가' {
				if topicAt(p, true) {
					s, e := r.np(ws, m)
					return s, e, true
				}
				break
			}
			if !(koNPStop[p] || koDateWord(p) || p == "잠정" || p == "최근" || p == "공식" || strings.HasSuffix(p, "에서") || strings.HasSuffix(p, "에")) {
				break
			}
		}
	}
	return 0, 0, false
}

// headlineSource finds "X “… figure …”" with no verb: a headline that
// quotes its source (국정원 "러 파병 1.5만명 …").
func (r *koReader) headlineSource(ws []koWordSpan, i int) (int, int, bool) {
	if !r.isQuoted(i) {
		return 0, 0, false
	}
	t := r.text
	for j := range ws {
		if ws[j].e > i {
			break
		}
		w := t[ws[j].s:ws[j].e]
		if j+1 < len(ws) && r.isQuoted(ws[j+1].s) && !r.isQuoted(ws[j].s) && !strings.ContainsAny(w, "0123456789") {
			rr, _ := koLastRune(w)
			if !isHangul(rr) && !isASCIILetter(byte(rr&0x7f)) {
				continue
			}
			s := ws[j].s
			if j > 0 {
				if p := t[ws[j-1].s:ws[j-1].e]; !strings.HasSuffix(p, "…") && !koClauseEnd(p) && !strings.ContainsAny(p, "0123456789") && isHangul(firstRune(p)) {
					s = ws[j-1].s
				}
			}
			return s, ws[j].e, true
		}
	}
	return 0, 0, false
}
