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
		rr, w := utf8.DecodeLastRuneInString(t[lim:j])
		switch rr {
		case ',', '“', '”', '"', '″', '…', '(', ')':
			return j
		case ' ':
			if p, _ := utf8.DecodeLastRuneInString(t[lim : j-w]); koClauseRune(p) && koClauseEnd(t[lim:j-w]) {
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
	// The noun phrase right before the figure: 사망자는 1002명, 생포된
	// 북한 병사 2명, 전투 병력 1만2천명.
	if n := len(before); n > 0 {
		h := before[n-1]
		we := h.e
		for we < f.s && t[we] != ' ' {
			_, w := utf8.DecodeRuneInString(t[we:])
			we += w
		}
		if koNPAdjacent(t[we:f.s]) {
			why.note("measure: ", string(h.m), " <- '", h.stem, "' names what the figure counts")
			return h.m
		}
	}
	after := strings.TrimLeft(t[f.e:r.e], " ")
	partitive := strings.HasPrefix(after, "중 ") || strings.HasPrefix(after, "가운데") || strings.HasPrefix(after, "중에")
	if !partitive {
		end := r.figClauseEnd(f)
		if k+1 < len(r.figs) && r.figs[k+1].s < end {
			end = r.figs[k+1].s
		}
		end = min(end, f.e+150)
		for end > f.e && end < len(t) && !utf8.RuneStart(t[end]) {
			end--
		}
		if strings.HasPrefix(after, "을 포함") || strings.HasPrefix(after, "를 포함") || strings.HasPrefix(after, "을 비롯") || strings.HasPrefix(after, "를 비롯") {
			end = f.e
		}
		if hs := r.hitsInto(r.hbuf[len(r.hbuf):], f.e, end); len(hs) > 0 {
			h := hs[len(hs)-1]
			why.note("measure: ", string(h.m), " <- '", h.stem, "' ends the figure's clause")
			return h.m
		}
	}
	if n := len(before); n > 0 {
		h := before[n-1]
		why.note("measure: ", string(h.m), " <- '", h.stem, "' earlier in the clause")
		return h.m
	}
	if partitive {
		if r.militaryIn(bs, f.s) {
			why.note("measure: deployed <- a force named before '중/가운데'")
			return reckon.Deployed
		}
		why.note("measure: other_count <- the whole of a part, nothing counted")
		return reckon.OtherCount
	}
	sent := t[r.s:f.s]
	if r.lastMeas != "" && (strings.Contains(sent, "이중") || strings.Contains(sent, "이 중") || strings.Contains(sent, "이 가운데") ||
		strings.Contains(sent, "그중") || strings.Contains(sent, "그 가운데") || strings.Contains(sent, "이들 가운데")) {
		why.note("measure: ", string(r.lastMeas), " <- a part ('이 중') of the figure before")
		return r.lastMeas
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
	why.note("measure: other_count <- no measure word")
	return reckon.OtherCount
}

// koNPAdjacent reports whether the words between a measure word and a
// figure keep them in one noun phrase: no word ends in a case particle.
func koNPAdjacent(between string) bool {
	for _, w := range strings.Fields(between) {
		switch w {
		case "수가", "수는", "수도", "수를", "규모는", "규모가", "숫자는", "수만", "총", "약", "최소", "최대", "최소한", "모두", "무려":
			continue
		case "가운데", "중", "중에", "외에":
			return false
		}
		rr, _ := utf8.DecodeLastRuneInString(w)
		if strings.ContainsRune("이가을를은는에의와과로도만서인", rr) || !isHangul(rr) && rr != ')' {
			return false
		}
	}
	return true
}

// militaryIn reports whether text[s:e] names a force: 북한군, 병력, 군인.
func (r *koReader) militaryIn(s, e int) bool {
	for _, w := range strings.Fields(r.text[s:e]) {
		w = koStripParticle(w)
		if strings.HasSuffix(w, "군") || strings.Contains(w, "병력") || strings.Contains(w, "군인") || strings.Contains(w, "병사") || strings.Contains(w, "파병") {
			return true
		}
	}
	return false
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
	if k < len(r.verbs) {
		return r.verbs[k]
	}
	return -1
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
		rr, _ := utf8.DecodeLastRuneInString(w)
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
	rr, _ := utf8.DecodeLastRuneInString(w)
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
	if koTopicStop[base] || strings.ContainsAny(base, "0123456789") || base == "" {
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
			if j > 0 && strings.HasSuffix(strings.TrimRight(t[ws[j-1].s:ws[j-1].e], "”\"″’"), "고") && !strings.ContainsAny(w, "0123456789") && isHangul(firstRune(w)) {
				s, e := r.np(ws, j)
				return say(s, e, "named before the verb of saying")
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
			if r.isQuoted(ws[j].s) && (!fq || r.isQuoted(verb)) {
				continue
			}
			first := j == 0 || j == 1 && (koNPStop[t[ws[0].s:ws[0].e]] || koDateWord(t[ws[0].s:ws[0].e]))
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

// countedTopic reports whether topic word ws[j] is what a figure counts:
// a figure follows it before any other word does ("어린이는 6000명").
func (r *koReader) countedTopic(ws []koWordSpan, j int) bool {
	if j+1 >= len(ws) {
		return false
	}
	k, _ := slices.BinarySearchFunc(r.figs, ws[j].e, func(g koFig, i int) int { return g.s - i })
	for _, g := range r.figs[k:min(k+1, len(r.figs))] {
		if g.s >= ws[j].e && g.s <= ws[j+1].s+len("최소한 ") && g.s < ws[j+1].e+len("최소한 ") {
			if g.s == ws[j+1].s || strings.TrimSpace(r.text[ws[j].e:g.s]) == "" || koPrefixWord(strings.TrimSpace(r.text[ws[j].e:g.s])) {
				return true
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
	if strings.ContainsAny(w, "0123456789") {
		return true
	}
	for _, d := range koDateWords {
		if strings.HasPrefix(w, d) {
			return true
		}
	}
	return strings.Contains(w, "현지") || strings.Contains(w, "시간)")
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
		if base == "" || koGenericSources[base] {
			at, srcs = append(at, ws[j].s), append(srcs, "")
			continue
		}
		// The phrase ends at ws[k] (without 에 or 의), and reaches back over
		// plain nouns.
		end := ws[k].s + len(strings.TrimSuffix(strings.TrimSuffix(base, "에"), "의"))
		start := ws[k].s
		for m := k - 1; m >= 0 && k-m < 4; m-- {
			p := t[ws[m].s:ws[m].e]
			rr, _ := utf8.DecodeLastRuneInString(p)
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
			rr, _ := utf8.DecodeLastRuneInString(p)
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
			rr, _ := utf8.DecodeLastRuneInString(w)
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
