package extract

import (
	"strings"

	"github.com/reckonhq/reckon"
)

// The Korean rule tables. Each table is ordered: where entries share a
// beginning, the longer comes first, and the first match wins.

// koKind is what the word after a Korean numeral makes of it.
type koKind uint8

const (
	kNone   koKind = iota // no counter: not a figure by itself
	kPerson               // 명, 사람: people
	kBody                 // 구: bodies
	kThing                // 대, 발, 채, 곳, 개, 가구: things (other_count)
	kSkip                 // a distractor: dates, ages, units, money, percentages
)

// koFollower is a word after a numeral and what it makes of it.
type koFollower struct {
	word string
	kind koKind
	name string // for Why: "person counter", "date", "age", …
}

// koFollowers are the counters and the distractor units that may follow a
// numeral (GUIDE.md §2 and §9): a counter makes a claim, a unit of time,
// age, money, size, rank or frequency makes a distractor.
var koFollowers = []koFollower{
	{"명", kPerson, "person counter"}, {"사람", kPerson, "person counter"},
	{"구", kBody, "counter of bodies"},
	{"년생", kSkip, "birth year"}, {"년간", kSkip, "duration"}, {"년째", kSkip, "duration"}, {"년", kSkip, "year"},
	{"개월", kSkip, "duration"}, {"개국", kThing, "counter of countries"}, {"개소", kThing, "counter of sites"},
	{"개", kThing, "counter of things"}, {"가구", kThing, "counter of households"},
	{"대대", kSkip, "unit name"}, {"대", kThing, "counter of vehicles"},
	{"발", kThing, "counter of shells"}, {"채", kThing, "counter of buildings"}, {"곳", kThing, "counter of places"},
	{"척", kThing, "counter of ships"}, {"건", kThing, "counter of cases"}, {"마리", kThing, "counter of animals"},
	{"월", kSkip, "date"}, {"일", kSkip, "date"}, {"주년", kSkip, "duration"}, {"주일", kSkip, "duration"},
	{"시간", kSkip, "duration"}, {"시", kSkip, "time"}, {"분의", kSkip, "fraction"}, {"분", kSkip, "time"},
	{"초", kSkip, "time"}, {"세기", kSkip, "ordinal"}, {"세", kSkip, "age"}, {"살", kSkip, "age"},
	{"차례", kSkip, "frequency"}, {"회", kSkip, "frequency"}, {"번째", kSkip, "ordinal"}, {"번", kSkip, "frequency"},
	{"차", kSkip, "ordinal"}, {"배", kSkip, "multiplier"}, {"%", kSkip, "percent"}, {"％", kSkip, "percent"},
	{"퍼센트", kSkip, "percent"}, {"프로", kSkip, "percent"}, {"㎞", kSkip, "measurement"}, {"km", kSkip, "measurement"},
	{"킬로", kSkip, "measurement"}, {"㎢", kSkip, "measurement"}, {"㎡", kSkip, "measurement"}, {"m", kSkip, "measurement"},
	{"미터", kSkip, "measurement"}, {"마일", kSkip, "measurement"}, {"평", kSkip, "measurement"}, {"톤", kSkip, "measurement"},
	{"t", kSkip, "measurement"}, {"kg", kSkip, "measurement"}, {"층", kSkip, "measurement"}, {"도", kSkip, "measurement"},
	{"ℓ", kSkip, "measurement"}, {"리터", kSkip, "measurement"}, {"원", kSkip, "money"}, {"달러", kSkip, "money"},
	{"유로", kSkip, "money"}, {"위안", kSkip, "money"}, {"엔", kSkip, "money"}, {"루블", kSkip, "money"},
	{"파운드", kSkip, "money"}, {"$", kSkip, "money"}, {"여단", kSkip, "unit name"}, {"려단", kSkip, "unit name"},
	{"사단", kSkip, "unit name"}, {"군단", kSkip, "unit name"}, {"연대", kSkip, "unit name"}, {"중대", kSkip, "unit name"},
	{"호", kSkip, "ordinal"}, {"위", kSkip, "ordinal"}, {"등", kSkip, "ordinal"}, {"기", kSkip, "ordinal"},
	{"학년", kSkip, "ordinal"}, {"선", kSkip, "unit name"}, {"주", kSkip, "duration"},
}

// koFollowerAt returns the follower at text[i], if any. A one-syllable
// counter must end its word or meet a particle, so that 구조 (rescue) is
// not 구, 주민 (residents) not 주 and 명단 (list) not 명.
func koFollowerAt(text string, i, end int) (koFollower, int, bool) {
	rest := text[i:end]
	r0, _ := runeAt(text, i, end)
	for _, k := range koFollowerIndex[r0] {
		f := koFollowers[k]
		if !strings.HasPrefix(rest, f.word) {
			continue
		}
		p := i + len(f.word)
		r, _ := runeAt(text, p, end)
		if isHangul(r) && !koParticleRune(r) && f.kind != kSkip && !strings.HasPrefix(text[p:end], "여") {
			if f.word == "명" && koVerbAfterCounter(r) {
				return koFollower{}, 0, false // 천명하다 is a verb
			}
			if f.word == "구" || f.word == "대" || f.word == "개" || f.word == "건" || f.word == "채" || f.word == "발" {
				continue
			}
		}
		if f.word == "주" && isHangul(r) && !strings.ContainsRune("간일째가동만전후뒤내정", r) {
			continue
		}
		if (f.word == "m" || f.word == "t") && p < end && isASCIILetter(text[p]) {
			continue
		}
		return f, p, true
	}
	return koFollower{}, 0, false
}

// koFollowerIndex maps the first rune of each follower to its entries,
// in table order.
var koFollowerIndex = func() map[rune][]int {
	m := map[rune][]int{}
	for i, f := range koFollowers {
		r := []rune(f.word)[0]
		m[r] = append(m[r], i)
	}
	return m
}()

// koSuffixIndex maps the first rune of each suffix cue to its entries.
var koSuffixIndex = func() map[rune][]int {
	m := map[rune][]int{}
	for i, c := range koSuffixCues {
		r := []rune(c.word)[0]
		m[r] = append(m[r], i)
	}
	return m
}()

// koParticleRune reports whether r is a one-syllable particle that may
// follow a counter: 명이, 명을, 명의, 구가.
func koParticleRune(r rune) bool {
	return strings.ContainsRune("이가을를은는의에도만과와로으씩쯤꼴째", r)
}

// koVerbAfterCounter: 천명했다, 천명한: "명" then a verb ending.
func koVerbAfterCounter(r rune) bool { return strings.ContainsRune("하했한해합되됐돼확", r) }

// koCounterAt reports whether a counter that makes a claim starts at
// text[i] (after an optional 여).
func koCounterAt(text string, i, end int) bool {
	if strings.HasPrefix(text[i:end], "여") {
		i += len("여")
	}
	f, _, ok := koFollowerAt(text, i, end)
	return ok && f.kind != kSkip
}

// koPersonAt reports whether a person counter starts at text[i].
func koPersonAt(text string, i, end int) bool {
	f, _, ok := koFollowerAt(text, i, end)
	return ok && (f.kind == kPerson || f.kind == kBody)
}

// koCue is a word that qualifies a figure.
type koCue struct {
	word string
	q    qkind
}

// koPrefixCues stand before the number (최소 100명, 약 1만 명).
var koPrefixCues = []koCue{
	{"최소한", qAtLeast}, {"최소", qAtLeast}, {"적어도", qAtLeast}, {"적게는", qAtLeast}, {"줄잡아", qAtLeast},
	{"최대", qUpTo}, {"많게는", qUpTo}, {"최고", qUpTo}, {"최다", qUpTo},
	{"대략", qAbout}, {"약", qAbout}, {"거의", qNearly},
	{"총", qExact}, {"모두", qExact}, {"무려", qExact}, {"불과", qExact}, {"전체", qExact},
}

// koSuffixCues follow the counter, after at most one particle (1만 명
// 이상, 1천 명이 넘는, 6000명을 넘어선, 2만명에 육박).
var koSuffixCues = []koCue{
	{"이상", qAtLeast}, {"이하", qAtMost}, {"미만", qBelow},
	{"넘겨받", qNone}, {"넘겨주", qNone}, {"넘겨준", qNone}, {"넘", qMoreThan},
	{"초과", qMoreThan}, {"웃돌", qMoreThan}, {"웃도", qMoreThan}, {"돌파", qMoreThan}, {"상회", qMoreThan}, {"남짓", qMoreThan},
	{"가량", qAbout}, {"정도", qAbout}, {"안팎", qAbout}, {"내외", qAbout}, {"쯤", qAbout}, {"선으로", qAbout}, {"선에", qAbout}, {"선이", qAbout}, {"선.", qAbout},
	{"가까이", qNearly}, {"가까운", qNearly}, {"가깝", qNearly}, {"육박", qNearly},
	{"달하", qExact}, {"달해", qExact}, {"달했", qExact}, {"달한", qExact}, {"이르", qExact}, {"이른", qExact}, {"이릅", qExact},
}

// koRateWords before a figure make it a rate ("하루 평균 1556명").
var koRateWords = set("하루", "하루에", "매일", "일평균", "평균", "하루평균", "시간당", "매주", "매달", "매년", "연평균", "월평균", "주당", "일일")

// koMeasureWord is a word whose nearness decides a figure's measure.
type koMeasureWord struct {
	stem string
	m    reckon.Measure
	not  []string // the stem is not this word when one of these follows it
}

// koMeasureWords are the measure words of GUIDE.md §9 and their
// neighbours; mixed counts come before the killed and wounded words they
// start with.
var koMeasureWords = []koMeasureWord{
	{stem: "사상자", m: reckon.Casualties}, {stem: "사상", m: reckon.Casualties, not: []string{"처음", "최대", "최악", "최고", "초유", "유례", "첫", "가장"}},
	{stem: "죽거나 다", m: reckon.Casualties}, {stem: "죽거나 부상", m: reckon.Casualties}, {stem: "사망하거나 부상", m: reckon.Casualties},
	{stem: "사망하거나 다", m: reckon.Casualties}, {stem: "숨지거나 다", m: reckon.Casualties}, {stem: "다치거나 숨", m: reckon.Casualties},
	{stem: "다치거나 사망", m: reckon.Casualties}, {stem: "부상하거나 사망", m: reckon.Casualties}, {stem: "사망 및 부상", m: reckon.Casualties},
	{stem: "전사 및 부상", m: reckon.Casualties}, {stem: "사망자와 부상자", m: reckon.Casualties}, {stem: "사망·부상", m: reckon.Casualties},
	{stem: "사망·실종", m: reckon.Casualties}, {stem: "사망 또는 실종", m: reckon.Casualties}, {stem: "사망하거나 실종", m: reckon.Casualties},
	{stem: "사망 및 실종", m: reckon.Casualties}, {stem: "죽거나 실종", m: reckon.Casualties}, {stem: "숨지거나 부상", m: reckon.Casualties},
	{stem: "실종·포로", m: reckon.Casualties}, {stem: "인명피해", m: reckon.Casualties}, {stem: "인명 피해", m: reckon.Casualties}, {stem: "살상", m: reckon.Casualties},
	{stem: "병력 손실", m: reckon.Casualties}, {stem: "손실", m: reckon.Casualties, not: []string{"추산", "액"}},
	{stem: "목숨을 잃", m: reckon.Killed}, {stem: "목숨을 앗", m: reckon.Killed}, {stem: "잃었", m: reckon.Casualties}, {stem: "잃으", m: reckon.Casualties}, {stem: "잃은", m: reckon.Casualties},
	{stem: "사망", m: reckon.Killed}, {stem: "숨지", m: reckon.Killed}, {stem: "숨진", m: reckon.Killed}, {stem: "숨졌", m: reckon.Killed},
	{stem: "숨져", m: reckon.Killed}, {stem: "전사", m: reckon.Killed}, {stem: "희생", m: reckon.Killed}, {stem: "사살", m: reckon.Killed},
	{stem: "처형", m: reckon.Killed}, {stem: "시신", m: reckon.Killed}, {stem: "유해", m: reckon.Killed}, {stem: "죽은", m: reckon.Killed},
	{stem: "죽었", m: reckon.Killed}, {stem: "죽어", m: reckon.Killed}, {stem: "죽고", m: reckon.Killed}, {stem: "순직", m: reckon.Killed},
	{stem: "피살", m: reckon.Killed}, {stem: "살해", m: reckon.Killed}, {stem: "숨을 거", m: reckon.Killed},
	{stem: "부상", m: reckon.Wounded}, {stem: "다친", m: reckon.Wounded}, {stem: "다쳤", m: reckon.Wounded}, {stem: "다쳐", m: reckon.Wounded},
	{stem: "다치", m: reckon.Wounded}, {stem: "중상", m: reckon.Wounded}, {stem: "경상", m: reckon.Wounded},
	{stem: "실종", m: reckon.Missing}, {stem: "연락이 닿지 않", m: reckon.Missing}, {stem: "연락이 두절", m: reckon.Missing},
	{stem: "연락 두절", m: reckon.Missing}, {stem: "연락두절", m: reckon.Missing}, {stem: "연락이 끊", m: reckon.Missing},
	{stem: "매몰", m: reckon.Missing}, {stem: "행방불명", m: reckon.Missing}, {stem: "생사를 알 수 없", m: reckon.Missing},
	{stem: "포로", m: reckon.Captured}, {stem: "생포", m: reckon.Captured}, {stem: "붙잡", m: reckon.Captured}, {stem: "억류", m: reckon.Captured},
	{stem: "인질", m: reckon.Captured}, {stem: "포획", m: reckon.Captured}, {stem: "구금", m: reckon.Captured}, {stem: "체포", m: reckon.Captured},
	{stem: "납치", m: reckon.Captured}, {stem: "수감", m: reckon.Captured}, {stem: "투항", m: reckon.Captured},
	{stem: "파병", m: reckon.Deployed}, {stem: "파견", m: reckon.Deployed}, {stem: "배치", m: reckon.Deployed}, {stem: "병력", m: reckon.Deployed},
	{stem: "투입", m: reckon.Deployed}, {stem: "주둔", m: reckon.Deployed}, {stem: "동원", m: reckon.Deployed}, {stem: "징집", m: reckon.Deployed},
	{stem: "보낸", m: reckon.Deployed}, {stem: "보냈", m: reckon.Deployed}, {stem: "보내", m: reckon.Deployed}, {stem: "이동했", m: reckon.Deployed},
	{stem: "도착", m: reckon.Deployed}, {stem: "배속", m: reckon.Deployed}, {stem: "증파", m: reckon.Deployed}, {stem: "참전", m: reckon.Deployed},
	{stem: "피란", m: reckon.Displaced}, {stem: "피난", m: reckon.Displaced}, {stem: "난민", m: reckon.Displaced}, {stem: "이재민", m: reckon.Displaced},
	{stem: "대피", m: reckon.Displaced}, {stem: "집을 잃", m: reckon.Displaced}, {stem: "집을 버", m: reckon.Displaced}, {stem: "집을 떠", m: reckon.Displaced},
	{stem: "탈출", m: reckon.Displaced}, {stem: "떠났", m: reckon.Displaced}, {stem: "실향", m: reckon.Displaced},
	{stem: "고립", m: reckon.OtherCount}, {stem: "구조되", m: reckon.OtherCount}, {stem: "구조됐", m: reckon.OtherCount}, {stem: "구출", m: reckon.OtherCount},
	{stem: "인구", m: reckon.OtherCount}, {stem: "노동자", m: reckon.OtherCount}, {stem: "송출", m: reckon.OtherCount}, {stem: "이탈", m: reckon.OtherCount},
	{stem: "탈영", m: reckon.OtherCount},
}

// koMeasureIndex maps the first rune of each stem to its entries.
var koMeasureIndex = func() map[rune][]int {
	m := map[rune][]int{}
	for i, w := range koMeasureWords {
		r := []rune(w.stem)[0]
		m[r] = append(m[r], i)
	}
	return m
}()

// koVerbIndex maps the first rune of each verb of saying to the verbs.
var koVerbIndex = func() map[rune][]string {
	m := map[rune][]string{}
	for _, v := range koReportVerbs {
		r := []rune(v)[0]
		m[r] = append(m[r], v)
	}
	return m
}()

// The bits of [koStarts]: what may start at a Hangul syllable.
const (
	koStartNumeral = 1 << iota // a number word: 수백, 두, 천
	koStartMeasure             // a measure word
	koStartVerb                // a verb of saying
	koStartDate                // a date word: 이날, 지난달, 현재
)

// koStarts holds, for each Hangul syllable, what may start with it, so
// that the scans test one array entry per syllable before any word list.
var koStarts = func() (t [0xD7A4 - 0xAC00]uint8) {
	mark := func(w string, bit uint8) {
		if r := []rune(w)[0]; isHangul(r) {
			t[r-0xAC00] |= bit
		}
	}
	for _, v := range koVague {
		mark(v.word, koStartNumeral)
	}
	for _, n := range koNative {
		mark(n.word, koStartNumeral)
	}
	for r := range koSmallUnits {
		mark(string(r), koStartNumeral)
	}
	for r := range koBigUnits {
		mark(string(r), koStartNumeral)
	}
	for _, w := range koMeasureWords {
		mark(w.stem, koStartMeasure)
	}
	for _, v := range koReportVerbs {
		mark(v, koStartVerb)
	}
	for _, d := range koDateWords {
		mark(d, koStartDate)
	}
	for _, d := range koNowWords {
		mark(d, koStartDate)
	}
	mark("오늘", koStartDate)
	return t
}()

// koStartsWith reports whether r is a Hangul syllable with bit set.
func koStartsWith(r rune, bit uint8) bool { return isHangul(r) && koStarts[r-0xAC00]&bit != 0 }

// koReportVerbs are the active verbs of saying and estimating whose
// subject gives the figures of its clause (GUIDE.md §6, §9). Passives
// (알려졌다, 집계됐다) name no one.
var koReportVerbs = []string{
	"밝혔", "밝힌", "밝혀", "밝히", "말했", "말한", "전했", "전한", "발표했", "발표한", "발표하", "집계했", "집계하",
	"추산했", "추산하", "보고했", "보고하", "주장했", "주장하", "분석했", "분석하", "추정했", "추정하", "파악했", "파악하",
	"보도했", "보도하", "공표했", "확인했", "확인하", "설명했", "덧붙였", "알렸", "관측하", "관측했", "예측했", "예측하",
	"전망했", "전망하", "봤다", "보고 있", "고 했", "고 한다", "고 말", "답했", "강조했", "공개했", "공개하", "제시했",
	"평가했", "내놓", "진술했", "언급했", "경고했", "보았다", "추계했",
}

// koRelativeVerbs are report verbs in a relative clause: "현지 언론들이
// 잠정 집계한 사망자는 122명" — the subject of the clause gives the figure.
var koRelativeVerbs = []string{"집계한", "추산한", "발표한", "밝힌", "공개한", "보고한", "추정한", "파악한", "주장한"}

// koTopicStop are topics that name no source: the counted people, the
// figures themselves, pronouns for a figure and time words.
var koTopicStop = set("이는", "이들은", "이중", "이", "그중", "이번", "이같은", "사망자", "부상자", "실종자", "사상자",
	"전사자", "피해자", "희생자", "난민", "피란민", "이재민", "규모", "수", "숫자", "현재", "오늘", "이날", "한편", "또",
	"다만", "특히", "당초", "나머지", "지진", "전쟁", "것", "일부", "결과", "이후", "어린이", "여성", "민간인", "시민",
	"사람", "사람들", "인원", "주민", "부상", "사망", "실종", "피해", "이들", "앞서", "사망자수", "사상자수", "사망자수", "누적")

// koGenericSources are report nouns that are not sources by themselves
// ("보도에 따르면": according to reports).
var koGenericSources = set("보도", "집계", "분석", "추정", "보고", "주장", "발표", "조사", "통계", "자료", "보고서", "기사",
	"모델링", "초기", "잠정", "추산", "설명", "등", "측", "결과", "바", "것", "데", "내용", "수치")

// koNPStop are words a source's noun phrase does not reach back over.
var koNPStop = set("앞서", "한편", "또", "또한", "이어", "특히", "그러나", "하지만", "다만", "아울러", "이날", "현재", "최근",
	"오늘", "전날", "지난", "지난달", "지난해", "올해", "작년", "이달", "초", "말", "중순", "시간", "시간)", "현지시간",
	"현지시각", "반면", "이에", "당시", "그간", "최초로", "이미", "여전히")

// koDateWords are time words that may date a figure by themselves.
var koDateWords = []string{"이날", "전날", "어제", "오늘", "지난달", "지난주", "지난해", "금요일", "토요일", "일요일", "월요일", "화요일", "수요일", "목요일"}

// koNowWords date a figure as of now; they yield to a day.
var koNowWords = []string{"현재까지", "지금까지", "현재"}

// koEventWords after a date make it the date of the event, not of the
// figure ("지난 28일 발생한 강진").
var koEventWords = []string{"발생", "부터", "이후", "이래", "시작", "침공", "발발", "당시", "동안", "만에", "새벽", "덮친", "강타", "전의", "전에", "공격", "폭격", "공습"}

// koProjectedWords in a figure's clause make it a forecast or a plan.
var koProjectedWords = []string{"예정", "계획", "전망", "예상", "할 것", "될 것", "을 것", "를 것", "우려", "가능성", "수 있", "하기로", "할 수"}
