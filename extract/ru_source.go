package extract

import "strings"

// This file reads who gives a figure (attribution and the source it
// cites) and the day it is dated by, in Russian and Ukrainian (guide §6
// and §9): "по данным X", "за даними X", "как сообщил X", "X заявил",
// "повідомив X", a headline's "X:" or "…, — X"; "станом на 2 квітня",
// "за минулу добу", "в понедельник".

// cyrAnchor is a phrase naming a source, at token k.
type cyrAnchor struct {
	k     int
	s, e  int // byte span of the name
	cites bool
	why   string
}

// cyrOtherSource marks "по другим оценкам", "за іншими даними": a source
// left unnamed, which a nearer figure takes instead of a named one.
var cyrOtherSource = set("другим", "иным", "некоторым", "іншими", "деякими", "другими")

// cyrRelativePronoun starts a clause whose verb does not give the figure:
// "центра медицины катастроф, который цитирует ТАСС".
var cyrRelativePronoun = set("который", "которая", "которое", "которые", "который", "який", "яка", "яке", "які")

// coordinatedSubject reads the subject of "X подякував військовим і
// заявив": the longest run of capitalised words in the clause before the
// conjunction in front of the verb at k.
func (p *cparser) coordinatedSubject(k int) (int, int) {
	c := k - 1
	switch p.wordAt(c) {
	case "и", "і", "та", "й":
	default:
		return 0, 0
	}
	bestA, bestB := -1, -1
	a := -1
	for j := c - 1; j >= -1; j-- {
		cap := j >= 0 && p.toks[j].kind == ctWord && p.toks[j].upper
		if cap {
			if a < 0 {
				a = j + 1
			}
			continue
		}
		if a >= 0 {
			if run := a - (j + 1); run > bestB-bestA && !(j+1 == 0 && run == 1) {
				bestA, bestB = j+1, a
			}
			a = -1
		}
		if j < 0 || p.clauseBoundary(j) {
			break
		}
	}
	if bestA < 0 {
		return 0, 0
	}
	return p.toks[bestA].s, p.toks[bestB-1].e
}

// skipCircumstance skips a date and up to two short prepositional phrases
// after a reporting verb: "сообщил 24 июля на брифинге X".
func (p *cparser) skipCircumstance(k int) int {
	if t := p.tok(k); t.kind == ctNum && p.L.months[p.wordAt(k+1)] {
		k += 2
	}
	for n := 0; n < 2; n++ {
		switch p.wordAt(k) {
		case "на", "в", "у", "во", "во время", "під":
			if p.wordAt(k+1) != "" {
				k += 2
				continue
			}
		}
		break
	}
	return k
}

// cyrMedia name where a source spoke, not the source: "сообщил в
// Telegram-канале губернатор".
var cyrMedia = []string{"телеграм", "telegram", "канал", "соцсет", "соцмереж", "эфир", "ефір", "интерв", "інтерв", "заявлен",
	"сообщен", "повідомлен", "facebook", "фейсбук", "twitter", "твиттер", "твітер", "брифинг", "брифінг", "обращен",
	"звернен", "видеообращ", "відеозвернен", "пресс", "прес", "беседе", "розмов", "коммент", "комент"}

// cyrPossessive pronouns name a source already named: "по их данным".
var cyrPossessive = set("их", "его", "её", "ее", "їх", "його", "її", "наших", "нашими", "наши", "своим", "своїми")

// cyrHardStops end a name read backwards from its verb.
var cyrHardStops = set("что", "що", "как", "як", "чтобы", "щоб", "это", "це", "этом", "цьому", "об", "про", "и", "і",
	"та", "й", "а", "но", "але", "если", "якщо", "когда", "коли", "который", "которые", "которая", "який", "яка",
	"які", "яке", "где", "де", "чем", "ніж", "поскольку", "оскільки", "потому", "тому")

// cyrLeadingNoise is dropped from the front of a name: "Напомним, в ООН".
var cyrLeadingNoise = set("в", "у", "во", "также", "також", "ранее", "раніше", "вчера", "вчора", "сегодня", "сьогодні",
	"напомним", "нагадаємо", "кроме", "крім", "того", "затем", "позже", "пізніше", "еще", "ещё", "ще", "уже", "вже",
	"тоже", "теж", "позднее", "при", "этом", "цьому", "так", "однако", "однак", "проте", "впрочем", "зато", "натомість", "тогда",
	"тоді", "потом", "потім", "сейчас", "зараз", "наразі", "днем", "вдень", "вечером", "утром", "вранці", "ввечері")

// attributions finds the source phrases of the sentence and gives each
// figure the nearest.
func (p *cparser) attributions() {
	anchors := p.anchors[:0]
	defer func() { p.anchors = anchors[:0] }()
	add := func(k, s, e int, cites bool, why string) {
		if e <= s {
			return
		}
		anchors = append(anchors, cyrAnchor{k, s, e, cites, why})
	}
	for k := 0; k < len(p.toks); k++ {
		w := p.wordAt(k)
		if w == "" || !p.L.srcFirst[w] {
			continue
		}
		for _, src := range p.L.sources {
			if p.seqAt(k, src) {
				s, e := p.npAfter(k+len(src), false)
				add(k, s, e, false, strings.Join(src, " ")+" X")
			}
		}
		if (w == "по" || w == "за") && cyrOtherSource[p.wordAt(k+1)] {
			anchors = append(anchors, cyrAnchor{k: k, s: -1, e: -1, why: "other, unnamed estimates"})
		}
		if (w == "за" || w == "по") && cyrPossessive[p.wordAt(k+1)] {
			switch p.wordAt(k + 2) {
			case "даними", "данным", "словам", "словами", "оценкам", "оцінками", "подсчетам", "підрахунками", "информации", "інформацією":
				add(k, p.toks[k+1].s, p.toks[k+1].e, false, w+" "+p.wordAt(k+1)+" "+p.wordAt(k+2))
			}
		}
		if (w == "за" || w == "по" || w == "згідно") && p.wordAt(k+1) != "" {
			for j := k + 2; j <= k+3 && j < len(p.toks); j++ {
				switch p.wordAt(j) {
				case "даними", "данным", "даних", "данных":
					s, e := p.npAfter(j+1, false)
					add(k, s, e, false, w+" … "+p.wordAt(j)+" X")
				}
			}
		}
		for _, c := range p.L.cites {
			if p.seqAt(k, c) {
				s, e := p.npAfter(k+len(c), false)
				add(k, s, e, true, strings.Join(c, " ")+" Y")
			}
		}
		if p.L.say[w] && !cyrRelativePronoun[p.wordAt(k-1)] {
			s, e := p.npBefore(k)
			if e <= s {
				s, e = p.coordinatedSubject(k)
			}
			if e > s {
				add(k, s, e, false, "X "+w)
			} else {
				s, e = p.npAfter(k+1, true)
				if e <= s {
					s, e = p.npAfter(p.skipCircumstance(k+1), true)
				}
				add(k, s, e, false, w+" X")
			}
		}
		if p.L.impers[w] {
			if nw := p.wordAt(k + 1); nw == "в" || nw == "у" || nw == "во" {
				s, e := p.npAfter(k+2, false)
				add(k, s, e, false, w+" в X")
			}
		}
	}
	if s, e, ok := p.headlineSource(); ok {
		add(0, s, e, false, "headline X:")
	}
	if k, s, e, ok := p.trailingSource(); ok {
		add(k, s, e, false, "… — X")
	}
	if len(anchors) == 0 {
		return
	}
	group := p.parenGroups()
	cites := ""
	for _, a := range anchors {
		if a.cites {
			cites = p.text[a.s:a.e]
			break
		}
	}
	for i := range p.figs {
		f := &p.figs[i]
		if f.skip || f.merged {
			continue
		}
		fs, fe := p.toks[f.c0].s, p.toks[f.t1-1].e
		best, bd := -1, 1<<30
		for j, a := range anchors {
			if a.cites || a.s >= 0 && a.s < fe && fs < a.e {
				continue
			}
			if g := group[a.k]; g >= 0 && g != group[f.t0] {
				continue // inside parentheses the figure is not in
			}
			d := a.k - f.t1
			if a.k < f.c0 {
				d = f.c0 - a.k
			}
			if d < bd {
				best, bd = j, d
			}
		}
		if best >= 0 && anchors[best].s < 0 {
			f.why = append(f.why, "source: "+anchors[best].why)
		} else if best >= 0 {
			f.attr = p.text[anchors[best].s:anchors[best].e]
			f.why = append(f.why, "source: "+anchors[best].why)
			f.cites = cites
		} else if cites != "" {
			// "сообщает ТАСС со ссылкой на X" with no other: X gives it.
			continue
		}
	}
}

// parenGroups returns, for each token, the index of the "(" of the
// innermost parentheses around it, or -1.
func (p *cparser) parenGroups() []int {
	if cap(p.groups) < len(p.toks) {
		p.groups = make([]int, len(p.toks), 2*len(p.toks))
	}
	g := p.groups[:len(p.toks)]
	stack := p.stack[:0]
	defer func() { p.stack = stack[:0] }()
	for k := range p.toks {
		switch p.punctAt(k) {
		case "(":
			stack = append(stack, k)
		case ")":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		g[k] = -1
		if len(stack) > 0 {
			g[k] = stack[len(stack)-1]
		}
	}
	return g
}

// npEnd reports whether token k ends a name read forwards.
func (p *cparser) npEnd(k int) bool {
	t := p.toks[k]
	switch t.kind {
	case ctPunct:
		switch t.w {
		case "«", "»", "\"", "“", "”", "„", "(", ")", "-", "/", "'", "’":
			return false
		}
		return true
	case ctNum, ctDate, ctTime:
		return true
	}
	return p.L.stopNP[t.w] || p.L.say[t.w] || p.L.impers[t.w] || p.L.change[t.w] || p.L.months[t.w]
}

// npAfter reads the name that starts at token k: words and quotes up to
// punctuation, a number, a verb or a word that starts a new phrase. With
// prep, a leading "в"/"у" is skipped ("заявили в разведке Южной Кореи").
func (p *cparser) npAfter(k int, prep bool) (int, int) {
	if k >= len(p.toks) {
		return 0, 0
	}
	if prep {
		for n := 0; n < 2; n++ {
			w := p.wordAt(k)
			if w != "в" && w != "у" && w != "во" {
				break
			}
			j := k + 1
			if sw := p.wordAt(j); sw == "своем" || sw == "своём" || sw == "своему" || sw == "своєму" {
				j++
			}
			if nw := p.wordAt(j); p.L.weekdays[nw] || cyrStem(nw, cyrMedia) {
				k = j + 1
				continue
			}
			k++
			break
		}
	}
	j := k
	depth := 0
	for j < len(p.toks) && j < k+9 {
		if p.punctAt(j) == "(" {
			depth++
		}
		if p.punctAt(j) == ")" {
			if depth == 0 {
				break
			}
			depth--
		}
		if p.npEnd(j) && !(j > k && (p.wordAt(j) == "в" || p.wordAt(j) == "у") && p.toks[j+min(1, len(p.toks)-j-1)].upper && depth > 0) {
			break
		}
		j++
	}
	for j > k && p.tok(j-1).kind == ctPunct && p.toks[j-1].w != ")" && p.toks[j-1].w != "»" && p.toks[j-1].w != "\"" {
		j--
	}
	// "у звіті ООН": the document is no source, the body after it is.
	for j-k > 1 && p.toks[k].kind == ctWord && cyrStem(p.toks[k].w, p.L.generic) && p.toks[k+1].kind == ctWord && p.toks[k+1].upper {
		k++
	}
	if j <= k || !p.nameLike(k, j) {
		return 0, 0
	}
	return p.toks[k].s, p.toks[j-1].e
}

// npBefore reads the name that ends just before a verb at token k,
// dropping adverbs and a preposition from its front ("В ООН
// подтвердили" gives "ООН").
func (p *cparser) npBefore(k int) (int, int) {
	j := k - 1
	for j >= 0 && j > k-11 {
		t := p.toks[j]
		if t.kind == ctNum || t.kind == ctDate || t.kind == ctTime {
			break
		}
		if t.kind == ctPunct {
			switch t.w {
			case "«", "»", "\"", "“", "”", "(", ")", "-", "'":
				j--
				continue
			}
			break
		}
		if cyrHardStops[t.w] || p.L.say[t.w] {
			break
		}
		j--
	}
	a := j + 1
	for a < k && (cyrLeadingNoise[p.wordAt(a)] || p.L.months[p.wordAt(a)] || p.tok(a).kind == ctPunct) {
		a++
	}
	if a >= k || !p.nameLike(a, k) {
		return 0, 0
	}
	return p.toks[a].s, p.toks[k-1].e
}

// nameLike reports whether tokens [a, b) can name a source: not a generic
// word ("данным", "публикации"), not a bare figure word.
func (p *cparser) nameLike(a, b int) bool {
	first := ""
	for k := a; k < b; k++ {
		if p.toks[k].kind == ctWord {
			first = p.toks[k].w
			break
		}
	}
	if first == "" {
		return false
	}
	words, last := 0, ""
	for k := a; k < b; k++ {
		if p.toks[k].kind == ctWord {
			words++
			last = p.toks[k].w
		}
	}
	if cyrStem(first, p.L.generic) && (words <= 2 || !strings.Contains(first, "-")) || words <= 3 && cyrStem(last, p.L.generic) {
		return false
	}
	for k := a; k < b; k++ {
		if p.toks[k].kind == ctWord {
			if _, ok := p.measureWord(k); ok {
				return false
			}
			break
		}
	}
	switch first {
	case "их", "їх", "его", "её", "її", "ему", "йому", "им", "нам", "всего", "всього", "есть", "є", "не", "это", "це":
		return false
	}
	for k := a; k < b; k++ {
		if _, ok := p.L.numbers[p.wordAt(k)]; ok {
			return false
		}
	}
	return true
}

// headlineSource reads "X: …" at the start of a sentence, X one to four
// capitalised words ("Генштаб ЗСУ:", "МЧС:", "BBC:").
func (p *cparser) headlineSource() (int, int, bool) {
	for k := 1; k <= 4 && k < len(p.toks); k++ {
		if p.punctAt(k) == ":" {
			for j := 0; j < k; j++ {
				if t := p.toks[j]; t.kind != ctWord || !t.upper {
					return 0, 0, false
				}
			}
			return p.toks[0].s, p.toks[k-1].e, true
		}
	}
	return 0, 0, false
}

// trailingSource reads "…, — X" ending a headline: X up to five words,
// one of them capitalised, no verb.
func (p *cparser) trailingSource() (int, int, int, bool) {
	n := len(p.toks)
	end := n
	if end > 0 && p.punctAt(end-1) == "." {
		end--
	}
	for k := end - 1; k >= 0 && k >= end-6; k-- {
		switch p.punctAt(k) {
		case "-", "—", "–":
			if k == end-1 || k == 0 {
				return 0, 0, 0, false
			}
			up := false
			for j := k + 1; j < end; j++ {
				t := p.toks[j]
				if t.kind != ctWord || p.L.say[t.w] || cyrPastTense(t.w) {
					return 0, 0, 0, false
				}
				up = up || t.upper
			}
			prev := p.tok(k - 1)
			if !up || prev.kind == ctNum {
				return 0, 0, 0, false
			}
			return k, p.toks[k+1].s, p.toks[end-1].e, true
		case "":
		default:
			return 0, 0, 0, false
		}
	}
	return 0, 0, 0, false
}

// cyrPastTense reports whether a lower-case word ends as a past-tense verb
// does ("атаковал", "заявила", "повідомив"); names rarely do.
func cyrPastTense(w string) bool {
	if len(w) < 8 { // four Cyrillic letters
		return false
	}
	for _, e := range []string{"ал", "ил", "ел", "ала", "ила", "ела", "али", "или", "ели", "ало", "ило", "ув", "ав", "ив", "ла", "ли", "ло"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// cyrDate is a time expression of a sentence: tokens [a, b); ok when it can
// date a figure (the day reported or "as of"), not only place an event.
type cyrDate struct {
	a, b int
	ok   bool
}

var cyrPeriodWords = set("конец", "конце", "начало", "начале", "середине", "середину", "кінець", "кінці", "початок",
	"початку", "середину", "середині", "наприкінці", "половине", "половині")

// dates gives each figure the nearest time expression that dates it.
func (p *cparser) dates() {
	ds := p.dexps[:0]
	defer func() { p.dexps = ds[:0] }()
	for k := 0; k < len(p.toks); k++ {
		t := p.toks[k]
		a, b := -1, -1
		rel := false
		switch {
		case t.kind == ctDate:
			a, b = k, k+1
		case t.kind == ctNum && t.le == t.ls && t.val >= 1 && t.val <= 31 && !t.dec && p.L.months[p.wordAt(k+1)]:
			a, b = k, k+2
		case t.kind == ctWord && p.L.months[t.w]:
			switch pw := p.wordAt(k - 1); {
			case pw == "в" || pw == "у" || pw == "во":
				a, b = k-1, k+1
			case cyrPeriodWords[pw]:
				a, b = k-1, k+1
				if w := p.wordAt(k - 2); w == "на" || w == "в" || w == "у" {
					a = k - 2
				}
			case k == 0 || p.tok(k-1).kind == ctPunct:
				a, b = k, k+1
			case strings.HasSuffix(pw, "ье") || strings.HasSuffix(pw, "ое") || strings.HasSuffix(pw, "го") || strings.HasSuffix(pw, "є"):
				a, b = k-1, k+1 // "третье апреля"
			}
		case t.kind == ctWord && p.L.weekdays[t.w]:
			if pw := p.wordAt(k - 1); pw == "в" || pw == "у" || pw == "во" {
				a, b, rel = k-1, k+1, true
			}
		case t.kind == ctWord && p.L.relFirst[t.w]:
			for _, r := range p.L.relDays {
				if p.seqAt(k, r) {
					a, b, rel = k, k+len(r), true
					break
				}
			}
		}
		if a < 0 {
			continue
		}
		// A year after it, and ", 2 жовтня" after a relative day.
		if n := p.tok(b); n.kind == ctNum && n.digits == 4 && n.le == n.ls {
			b++
			if p.L.yearNoun[p.wordAt(b)] {
				b++
			}
		}
		if rel && p.punctAt(b) == "," {
			if n := p.tok(b + 1); n.kind == ctNum && n.val <= 31 && p.L.months[p.wordAt(b+2)] {
				b += 3
			}
		}
		event := cyrEventParticiple(p.wordAt(a - 1))
		d := cyrDate{a: a, b: b, ok: rel && !event}
		if w := p.wordAt(a); w == "на" || w == "станом" {
			d.ok = true
		}
		for _, as := range p.L.asOf {
			if p.seqEndsAt(a, as) {
				d.a, d.ok = a-len(as), true
				break
			}
		}
		if !d.ok && !event {
			d.ok = p.datesFigure(d)
		}
		ds = append(ds, d)
		k = b - 1
	}
	if len(ds) == 0 {
		return
	}
	group := p.parenGroups()
	for i := range p.figs {
		f := &p.figs[i]
		if f.skip || f.merged {
			continue
		}
		best, bd := -1, 1<<30
		for j, d := range ds {
			if !d.ok {
				continue
			}
			if g := group[d.a]; g >= 0 && g != group[f.t0] {
				continue
			}
			dist := d.a - f.t1
			if d.b <= f.c0 {
				dist = f.c0 - d.b
			}
			if dist < 0 {
				dist = -dist
			}
			if dist < bd {
				best, bd = j, dist
			}
		}
		if best >= 0 {
			s, e := p.span(ds[best].a, ds[best].b)
			f.date = p.text[s:e]
		}
	}
}

// cyrEventParticiple reports whether w places an event rather than a
// report: "случившегося накануне", "що стався напередодні".
func cyrEventParticiple(w string) bool {
	for _, e := range []string{"вшегося", "вшего", "шего", "шегося", "вшей", "вшейся", "вшихся", "стався", "сталася", "сталося", "відбувся", "відбулася"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// datesFigure decides whether a date that is not relative or "as of"
// dates the figures of its sentence: at the sentence's start, next to a
// reporting verb, or the end of a period ("по 31 марта"); never after
// "с", "после" or "since".
func (p *cparser) datesFigure(d cyrDate) bool {
	switch p.wordAt(d.a - 1) {
	case "с", "з", "із", "від", "от", "после", "після", "начиная", "починаючи", "со":
		return false
	case "по", "до":
		for k := d.a - 2; k >= 0 && k > d.a-20; k-- {
			switch p.wordAt(k) {
			case "с", "з", "із", "від", "от":
				return true
			}
		}
		return false
	}
	a := d.a
	for a > 0 && (p.tok(a-1).kind == ctPunct || cyrLeadingNoise[p.wordAt(a-1)]) {
		a--
	}
	if a <= 1 {
		return true
	}
	if a <= 3 && p.punctAt(a-1) == "," && p.toks[0].upper {
		return true // "ТАСС, 22 июня."
	}
	for k := d.a - 2; k < d.b+2 && k < len(p.toks); k++ {
		if k >= 0 && (k < d.a || k >= d.b) && p.L.say[p.wordAt(k)] {
			return true
		}
	}
	return false
}
