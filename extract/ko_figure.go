package extract

import (
	"strings"
)

// follower reads the word after numeral n at text[p]: its counter or unit
// (after an optional space and an optional 여 written apart, "18만 여명").
// It returns the end of what it read.
func (r *koReader) follower(n koNum, p int) (int, koKind, string) {
	t, e := r.text, r.e
	q := p + spaceAt2(t, p, e)
	if strings.HasPrefix(t[q:e], "여") && !strings.HasPrefix(t[q:e], "여단") {
		if f, fe, ok := koFollowerAt(t, q+len("여"), e); ok && f.kind != kSkip {
			return fe, f.kind, "여" + f.word
		}
	}
	f, fe, ok := koFollowerAt(t, q, e)
	if !ok {
		return p, kNone, ""
	}
	if f.word == "대" && n.digits && !n.yeo && koAgeDecade(n.v) && !r.vehicleBefore(n.s) {
		return fe, kSkip, "age" // 20대 남성
	}
	if f.kind != kSkip && n.digits && n.v >= 1900 && n.v <= 2100 && n.v == float64(int64(n.v)) && !strings.Contains(t[n.s:n.e], ",") && f.kind == kThing {
		return fe, kSkip, "year" // 2024 is a year before a thing counter
	}
	return fe, f.kind, f.word
}

// koAgeDecade reports whether v reads as an age decade: 10대 … 90대.
func koAgeDecade(v float64) bool {
	n := int64(v)
	return float64(n) == v && n >= 10 && n <= 90 && n%10 == 0
}

// vehicleBefore reports whether a vehicle noun stands right before i, so
// that "전차 10대" counts tanks and not people in their teens.
func (r *koReader) vehicleBefore(i int) bool {
	w, _ := lastWord(strings.TrimRight(r.text[r.s:i], " "))
	for _, v := range []string{"차", "기", "전차", "헬기", "장갑차", "차량", "시스템", "포", "드론", "무인기", "트럭", "버스", "미사일", "발사대", "전투기"} {
		if strings.HasSuffix(w, v) {
			return true
		}
	}
	return false
}

// implicitCount reports whether a numeral with no counter still counts
// people: "부상자가 10,000 정도 있는데", "실종자는 6천700으로".
func (r *koReader) implicitCount(f koFig) bool {
	n := f.a
	if f.isRange {
		n = f.b
	}
	if !n.digits || n.vague {
		return false
	}
	t, e := r.text, r.e
	after := strings.TrimLeft(t[n.e:e], " ")
	okAfter := false
	for _, w := range []string{"정도", "가량", "여", "으로", "로 ", "이다", "이었", "에 달", "에 이르", "을 넘", "를 넘", "이 넘"} {
		if strings.HasPrefix(after, w) {
			okAfter = true
			break
		}
	}
	if !okAfter {
		return false
	}
	w, _ := lastWord(strings.TrimRight(t[r.s:f.ns], " "))
	for _, c := range koPrefixCues {
		if w == c.word {
			w, _ = lastWord(strings.TrimRight(strings.TrimSuffix(strings.TrimRight(t[r.s:f.ns], " "), w), " "))
			break
		}
	}
	for _, noun := range []string{"사망자", "부상자", "실종자", "사상자", "전사자", "난민", "피란민", "이재민", "포로"} {
		if strings.HasPrefix(w, noun) {
			return true
		}
	}
	return false
}

// skipAfter returns why a figure, by the words after it, is not one: a
// comparison ("1000명 더 많은"), a rate ("1000명 꼴"), a determiner ("한
// 명은 … 또 다른 한 명은").
func (r *koReader) skipAfter(f koFig, p int) string {
	t, e := r.text, r.e
	after := t[p:e]
	switch {
	case strings.HasPrefix(after, " 더 많") || strings.HasPrefix(after, " 더 적") || strings.HasPrefix(after, " 더 늘"):
		return "comparison"
	case strings.HasPrefix(after, " 꼴") || strings.HasPrefix(after, "꼴") || strings.HasPrefix(after, "씩") || strings.HasPrefix(after, "당 ") || strings.HasPrefix(after, "당"):
		return "rate"
	case f.a.native && f.a.v == 1 && (strings.HasPrefix(after, "은") || strings.HasPrefix(strings.TrimRight(t[r.s:f.ns], " "), "다른") ||
		strings.HasSuffix(strings.TrimRight(t[r.s:f.ns], " "), "다른")):
		return "determiner"
	}
	return ""
}

// cues sets the qualifier of f from the cue before its number, the cue
// after its counter and the 여 of its numeral, and extends its span over
// them. An explicit word decides over 여 (GUIDE.md §9: 최소 100여 명 is
// at least 100, 1천여 명 가까이 nearly 1,000).
func (r *koReader) cues(f *koFig, p int) {
	t, e := r.text, r.e
	// Before: 최소, 약, 최대, 총.
	before := t[r.s:f.ns]
	trim := strings.TrimRight(before, " \u00a0")
	for _, c := range koPrefixCues {
		if strings.HasSuffix(trim, c.word) && !hangulBefore(t, r.s+len(trim)-len(c.word)) {
			f.q, f.cue, f.cueBefore = c.q, c.word, true
			f.s = r.s + len(trim) - len(c.word)
			f.pcue = c.word
			break
		}
	}
	// After: 이상, 넘는, 가까이, 육박, 에 달한다, 사이, 까지.
	last := f.a
	if f.isRange {
		last = f.b
	}
	q, sq, scue, send := p, qNone, "", 0
	q += spaceAt2(t, q, e)
	for try := 0; try < 2 && q < e; try++ {
		found := false
		r0, _ := runeAt(t, q, e)
		for _, k := range koSuffixIndex[r0] {
			if c := koSuffixCues[k]; strings.HasPrefix(t[q:e], c.word) {
				sq, scue, send, found = c.q, c.word, q+len(c.word), true
				break
			}
		}
		if found || try == 1 {
			break
		}
		rr, w := runeAt(t, q, e)
		if !strings.ContainsRune("이가을를에은는도", rr) {
			break
		}
		q += w
		q += spaceAt2(t, q, e)
	}
	if scue != "" {
		// The cue's whole word joins the span: "넘어선", "육박했다" stop
		// at the end of the word.
		for send < e {
			rr, w := runeAt(t, send, e)
			if !isHangul(rr) {
				break
			}
			send += w
		}
		if scue != "넘겨받" && scue != "넘겨주" && scue != "넘겨준" {
			f.e, f.scue = send, scue
		}
	}
	if f.isRange {
		for _, w := range []string{" 사이", "사이", "까지", " 가량", "가량", " 정도", "정도"} {
			if strings.HasPrefix(t[f.e:e], w) {
				f.e += len(w)
				break
			}
		}
		return
	}
	switch {
	case f.cueBefore && f.q != qExact:
		// 최소 100여 명, 최대 29만명에 달한다: the word before decides.
	case sq != qNone && sq != qExact:
		f.q, f.cue = sq, scue
	case last.yeo:
		f.q, f.cue, f.yeoNote = qMoreThan, "여", true
	case f.cueBefore:
		// 총 N: exact, with its cue.
	case sq == qExact:
		f.q, f.cue = qExact, scue
	}
}

// distribute gives a figure with no cue the cue before the previous figure
// of the same list: "최소 3750대의 주력 전차와 8400대의 장갑차를 잃었다"
// (GUIDE.md §4, distributive qualifiers). A clause end or a new topic
// between them stops it.
func (r *koReader) distribute(k int) {
	if k == 0 {
		return
	}
	f, prev := &r.figs[k], r.figs[k-1]
	if f.q != qNone || f.a.yeo || f.isRange || f.a.vague || !prev.cueBefore || prev.q == qExact || prev.isRange {
		return
	}
	between := r.text[prev.e:f.s]
	if !strings.Contains(between, "와 ") && !strings.Contains(between, "과 ") && !strings.Contains(between, ", ") && !strings.Contains(between, "및 ") {
		return
	}
	for _, w := range strings.Fields(between) {
		if koClauseEnd(w) || strings.HasSuffix(w, "은") || strings.HasSuffix(w, "는") || strings.HasSuffix(w, "이") || strings.HasSuffix(w, "가") {
			return
		}
	}
	f.q, f.cue, f.dist = prev.q, prev.cue+" (distributive)", prev.cue
}

// koClauseRune reports whether a word ending in r may end a clause (see
// [koClauseEnd]); a quick test before the full one.
func koClauseRune(r rune) bool {
	return strings.ContainsRune("고며서만데다나까,.”\"'’″", r)
}

// koClauseEnd reports whether word w ends a clause: a connective (고, 며,
// 면서, 지만, 는데, 다) or a comma.
func koClauseEnd(w string) bool {
	w = strings.TrimRight(w, ",.”\"'’″")
	for _, end := range []string{"고", "며", "면서", "지만", "는데", "다", "으나", "니까", "해서", "어서"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}
