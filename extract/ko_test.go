package extract

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// koWant is what one Korean claim should be; "" and nil fields are not
// checked, except that hasHi/hasLo false asks for an open side.
type koWant struct {
	span      string // a substring the claim's span must overlap
	q         reckon.Qualifier
	lo, hi    int64 // -1: no bound on that side
	measure   reckon.Measure
	attr      string // a substring of the attribution; "-" for none
	date      string // a substring of the date; "-" for none
	projected bool
}

func koFind(claims []reckon.Claim, text, span string) *reckon.Claim {
	i := strings.Index(text, span)
	if i < 0 {
		return nil
	}
	for k := range claims {
		if claims[k].Start < i+len(span) && i < claims[k].End {
			return &claims[k]
		}
	}
	return nil
}

func checkKo(t *testing.T, text string, w koWant) {
	t.Helper()
	claims := ExtractLang(text, Korean)
	c := koFind(claims, text, w.span)
	if c == nil {
		t.Errorf("%q: no claim on %q; got %v", text, w.span, koSpans(claims))
		return
	}
	if w.q != "" && c.Qualifier != w.q {
		t.Errorf("%q: %q qualifier %s, want %s (why %v)", text, w.span, c.Qualifier, w.q, c.Why)
	}
	if w.q != "" {
		want := reckon.Interval{}
		if w.lo >= 0 {
			want.Low = &w.lo
		}
		if w.hi >= 0 {
			want.High = &w.hi
		}
		if !c.Interval.Equal(want) {
			t.Errorf("%q: %q interval %s, want %s (why %v)", text, w.span, c.Interval, want, c.Why)
		}
	}
	if w.measure != "" && c.Measure != w.measure {
		t.Errorf("%q: %q measure %s, want %s (why %v)", text, w.span, c.Measure, w.measure, c.Why)
	}
	switch {
	case w.attr == "-" && c.Attribution != "":
		t.Errorf("%q: %q attribution %q, want none", text, w.span, c.Attribution)
	case w.attr != "" && w.attr != "-" && !strings.Contains(c.Attribution, w.attr):
		t.Errorf("%q: %q attribution %q, want %q (why %v)", text, w.span, c.Attribution, w.attr, c.Why)
	}
	switch {
	case w.date == "-" && c.Date != "":
		t.Errorf("%q: %q date %q, want none", text, w.span, c.Date)
	case w.date != "" && w.date != "-" && !strings.Contains(c.Date, w.date):
		t.Errorf("%q: %q date %q, want %q", text, w.span, c.Date, w.date)
	}
	if c.Projected != w.projected {
		t.Errorf("%q: %q projected %v, want %v", text, w.span, c.Projected, w.projected)
	}
}

func koSpans(cs []reckon.Claim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Span)
	}
	return out
}

// TestKoreanNumerals: Sino-Korean multipliers with digits, decimals,
// space-split groups, native numerals and vague quantities (GUIDE.md §9).
func TestKoreanNumerals(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		w          koWant
	}{
		{"digits", "사망자는 1002명으로 늘었다.", koWant{span: "1002명", q: reckon.Exact, lo: 1002, hi: 1002}},
		{"commas", "부상자는 12,345명이다.", koWant{span: "12,345명", q: reckon.Exact, lo: 12345, hi: 12345}},
		{"man cheon spaced", "1만 2천 명이 숨졌다.", koWant{span: "1만 2천 명", q: reckon.Exact, lo: 12000, hi: 12000}},
		{"man cheon joined", "난민 3만3천911명이 대피했다.", koWant{span: "3만3천911명", q: reckon.Exact, lo: 33911, hi: 33911}},
		{"decimal man", "병력 1.2만 명이 배치됐다.", koWant{span: "1.2만 명", q: reckon.Exact, lo: 12000, hi: 12000}},
		{"man then digits", "누적 손실이 100만340명으로 추산된다.", koWant{span: "100만340명", q: reckon.Exact, lo: 1000340, hi: 1000340}},
		{"man digits spaced", "사망자가 17만 5000 명에 달했다.", koWant{span: "17만 5000 명", q: reckon.Exact, lo: 175000, hi: 175000}},
		{"cheon baek", "민간인 2천 9백 명이 숨졌다.", koWant{span: "2천 9백 명", q: reckon.Exact, lo: 2900, hi: 2900}},
		{"space group", "3만 7 781명이 사망했다.", koWant{span: "3만 7 781명", q: reckon.Exact, lo: 37781, hi: 37781}},
		{"word only", "천 명이 넘는 사상자가 났다.", koWant{span: "천 명", q: reckon.MoreThan, lo: 1001, hi: -1}},
		{"native", "북한군 두 명이 생포됐다.", koWant{span: "두 명", q: reckon.Exact, lo: 2, hi: 2, measure: reckon.Captured}},
		{"native twenty", "스무 명이 실종됐다.", koWant{span: "스무 명", q: reckon.Exact, lo: 20, hi: 20, measure: reckon.Missing}},
		{"bodies", "시신 20구가 수습됐다.", koWant{span: "20구", q: reckon.Exact, lo: 20, hi: 20, measure: reckon.Killed}},
		{"sudaesu hundreds", "수백 명이 다쳤다.", koWant{span: "수백 명", q: reckon.Vague, lo: 300, hi: 900, measure: reckon.Wounded}},
		{"sucheon", "수천 명이 피란길에 올랐다.", koWant{span: "수천 명", q: reckon.Vague, lo: 2000, hi: 9999, measure: reckon.Displaced}},
		{"sumandae", "수만 명의 사상자가 발생했다.", koWant{span: "수만 명", q: reckon.Vague, lo: 20000, hi: 99999, measure: reckon.Casualties}},
		{"susip man", "수십만 명이 집을 잃었다.", koWant{span: "수십만 명", q: reckon.Vague, lo: 200000, hi: 999999, measure: reckon.Displaced}},
		{"susip", "수십 명이 숨졌다.", koWant{span: "수십 명", q: reckon.Vague, lo: 20, hi: 99, measure: reckon.Killed}},
		{"at least vague", "최소 수백 명이 숨졌다.", koWant{span: "수백 명", q: reckon.AtLeast, lo: 300, hi: -1}},
		{"things", "전차 3750대를 잃었다.", koWant{span: "3750대", q: reckon.Exact, lo: 3750, hi: 3750, measure: reckon.OtherCount}},
		{"households", "약 2만 7,000가구가 정전됐다.", koWant{span: "2만 7,000가구", q: reckon.About, lo: 24300, hi: 29700, measure: reckon.OtherCount}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkKo(t, tc.text, tc.w) })
	}
}

// TestKoreanQualifiers: cues before and after, 여, ranges and the
// intervals of GUIDE.md §4 and §9.
func TestKoreanQualifiers(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		w          koWant
	}{
		{"yeo", "북한군 600여 명이 사망했다.", koWant{span: "600여 명", q: reckon.MoreThan, lo: 601, hi: -1}},
		{"yeo before man", "30여만 명이 피란했다.", koWant{span: "30여만 명", q: reckon.MoreThan, lo: 300001, hi: -1}},
		{"yeo apart", "사망자 18만 여명이 확인됐다.", koWant{span: "18만", q: reckon.MoreThan, lo: 180001, hi: -1}},
		{"choeso", "최소 100명이 사망했다.", koWant{span: "최소 100명", q: reckon.AtLeast, lo: 100, hi: -1}},
		{"choeso yeo", "최소 100여 명이 사망했다.", koWant{span: "100여 명", q: reckon.AtLeast, lo: 100, hi: -1}},
		{"isang", "1만 명 이상이 숨졌다.", koWant{span: "1만 명", q: reckon.AtLeast, lo: 10000, hi: -1}},
		{"iha", "부상자는 50명 이하다.", koWant{span: "50명", q: reckon.AtMost, lo: -1, hi: 50}},
		{"miman", "사망자는 50명 미만이다.", koWant{span: "50명", q: reckon.AtMost, lo: -1, hi: 49}},
		{"neomneun", "1천 명이 넘는 사상자가 발생했다.", koWant{span: "1천 명", q: reckon.MoreThan, lo: 1001, hi: -1}},
		{"neomeoseon", "사망자가 6000명을 넘어섰다.", koWant{span: "6000명", q: reckon.MoreThan, lo: 6001, hi: -1}},
		{"neomge", "5000명 넘게 숨졌다.", koWant{span: "5000명", q: reckon.MoreThan, lo: 5001, hi: -1}},
		{"yak", "약 2,000명이 사망했다.", koWant{span: "약 2,000명", q: reckon.About, lo: 1800, hi: 2200}},
		{"yak half even", "약 375개 대피소가 열렸다.", koWant{span: "375개", q: reckon.About, lo: 338, hi: 412}},
		{"garyang", "5만5천 명 가량 사망했다.", koWant{span: "5만5천 명", q: reckon.About, lo: 49500, hi: 60500}},
		{"jeongdo", "부상자가 10,000 정도 있다.", koWant{span: "10,000", q: reckon.About, lo: 9000, hi: 11000, measure: reckon.Wounded}},
		{"gakkai", "부상자는 1천여 명 가까이 될 것이다.", koWant{span: "1천여 명", q: reckon.About, lo: 900, hi: 999, projected: true}},
		{"yukbak", "사망자 수가 2만명에 육박했다.", koWant{span: "2만명", q: reckon.About, lo: 18000, hi: 19999}},
		{"choedae", "사망자가 최대 1만 명에 이를 것이다.", koWant{span: "1만 명", q: reckon.UpTo, lo: -1, hi: 10000, projected: true}},
		{"choeda", "실종자는 최다 300명이다.", koWant{span: "300명", q: reckon.UpTo, lo: -1, hi: 300}},
		{"namjit", "부상자는 500명 남짓이다.", koWant{span: "500명", q: reckon.MoreThan, lo: 501, hi: -1}},
		{"dalhanda exact", "실종자는 1천700명에 달한다.", koWant{span: "1천700명", q: reckon.Exact, lo: 1700, hi: 1700}},
		{"chong", "총 4만5028명이 사망했다.", koWant{span: "총 4만5028명", q: reckon.Exact, lo: 45028, hi: 45028}},
		{"tilde", "1만~1만2000명의 병력을 파견했다.", koWant{span: "1만~1만2000명", q: reckon.Range, lo: 10000, hi: 12000, measure: reckon.Deployed}},
		{"tilde multiplier both ends", "20~30만 명이 동원됐다.", koWant{span: "20~30만 명", q: reckon.Range, lo: 200000, hi: 300000}},
		{"eseo", "전사자는 4만 명에서 6만 명 사이로 집계됐다.", koWant{span: "4만 명에서 6만 명", q: reckon.Range, lo: 40000, hi: 60000, measure: reckon.Killed}},
		{"eseo bounded ends", "사상자 수가 최소 17만 5000 명에서 최대 20만 명에 이른다.", koWant{span: "17만 5000 명", q: reckon.Range, lo: 175000, hi: 200000}},
		{"eseo no counter", "2,500에서 3,000명 정도가 전사했다.", koWant{span: "2,500에서 3,000명", q: reckon.Range, lo: 2500, hi: 3000}},
		{"change is no range", "사망자 수가 9명에서 10명으로 늘었다.", koWant{span: "10명", q: reckon.Exact, lo: 10, hi: 10}},
		{"distributive", "러시아는 최소 3750대의 전차와 8400대의 장갑차를 잃었다.", koWant{span: "8400대", q: reckon.AtLeast, lo: 8400, hi: -1}},
		{"no distribution across predicates", "최소 9명이 숨지고 14명이 다쳤다.", koWant{span: "14명", q: reckon.Exact, lo: 14, hi: 14, measure: reckon.Wounded}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkKo(t, tc.text, tc.w) })
	}
}

// TestKoreanMeasures: the measure from the noun before the figure, the
// verb that ends its clause, or the nearest measure word.
func TestKoreanMeasures(t *testing.T) {
	for _, tc := range []struct {
		name, text, span string
		want             reckon.Measure
	}{
		{"noun before", "사망자는 122명, 실종자는 180여명, 부상자는 1300여명이었다.", "180여명", reckon.Missing},
		{"verb after", "2065명이 숨지고 3900여명이 부상했다.", "3900여명", reckon.Wounded},
		{"mixed", "북한군 3000여명이 사망하거나 부상당했다.", "3000여명", reckon.Casualties},
		{"killed or hurt", "5000명 이상이 죽거나 다친 것으로 추정된다.", "5000명", reckon.Casualties},
		{"captured participle", "생포된 북한 병사 2명이 다친 상태로 이송됐다.", "2명", reckon.Captured},
		{"deployed", "북한은 러시아에 1만여 명의 병력을 파병했다.", "1만여 명", reckon.Deployed},
		{"deployed base of a part", "북한군 1만1000여명 중 사상자가 약 4000명 발생했다.", "1만1000여명", reckon.Deployed},
		{"part", "북한군 1만1000여명 중 사상자가 약 4000명 발생했다.", "4000명", reckon.Casualties},
		{"displaced", "70만명 이상의 주민이 피란길에 올랐다.", "70만명", reckon.Displaced},
		{"missing trapped", "빌딩이 무너져 117명이 매몰됐다.", "117명", reckon.Missing},
		{"lost troops", "러시아군이 하루 동안 1천140명을 잃었다.", "1천140명", reckon.Casualties},
		{"lost life", "시민 12명이 목숨을 잃었다.", "12명", reckon.Killed},
		{"stranded", "800명 이상이 고립됐다.", "800명", reckon.OtherCount},
		{"population", "가자지구 인구 약 230만명의 2%에 달한다.", "230만명", reckon.OtherCount},
		{"part of the last", "사망자는 4만 명이다. 이 중 1만7400명은 어린이다.", "1만7400명", reckon.Killed},
		{"history is not casualties", "사상 처음으로 300명이 파병됐다.", "300명", reckon.Deployed},
		{"a force with no verb", "쿠르스크에는 북한군 1만 1천여 명이 있다.", "1만 1천여 명", reckon.Deployed},
		{"killed or missing", "사망·실종자는 모두 45명이다.", "45명", reckon.Casualties},
		{"what became of the captured", "26일 생포됐던 북한군 1명이 부상이 심해져 사망했다.", "1명", reckon.Killed},
		{"own subject", "당시 행사에 참석한 유족은 십여 명으로 전사자 대부분은 특수부대 소속이었다.", "십여 명", reckon.OtherCount},
		{"size of a count", "전사자 규모 4700여 명보다는 훨씬 적었다.", "4700여 명", reckon.Killed},
		{"list shares its verb", "공병 1천명과 건설노동자 5천명, 총 6천명의 병력을 파견하기로 했다.", "1천명", reckon.Deployed},
	} {
		t.Run(tc.name, func(t *testing.T) { checkKo(t, tc.text, koWant{span: tc.span, measure: tc.want}) })
	}
}

// TestKoreanSources: the subject of the verb of saying, X에 따르면, a
// relative clause and a quoting headline; passives name no one.
func TestKoreanSources(t *testing.T) {
	for _, tc := range []struct {
		name, text, span, attr, date string
	}{
		{"topic", "국정원은 19일 북한군 100여 명이 사망했다고 밝혔다.", "100여 명", "국정원", "19일"},
		{"topic np", "한국의 정보기관인 국가정보원은 북한군 600여 명이 사망했다고 밝혔다.", "600여 명", "국가정보원", "-"},
		{"subject before verb", "사망자가 42명으로 늘어났다고 18일 NHK가 보도했다.", "42명", "NHK", "18일"},
		{"subject np before verb", "사망자가 7만 명을 넘었다고 가자지구 보건부가 현지 시간 29일 밝혔다.", "7만 명", "가자지구 보건부", "29일"},
		{"according to", "우크라이나 정부에 따르면 북한은 1만~1만2000명의 병력을 파견했다.", "1만~1만2000명", "우크라이나 정부", "-"},
		{"according to a report of", "교도통신 보도에 따르면 사망자가 55명으로 확인됐다.", "55명", "교도통신", "-"},
		{"generic report", "보도에 따르면 사망자는 296명이다.", "296명", "-", "-"},
		{"no source in a clause", "의원들이 보고서를 인용하여 보도한 바에 따르면 약 600명이 전사했다.", "600명", "-", "-"},
		{"X 등이", "32명의 포로를 돌려받았다고 로이터 통신 등이 11일 보도했다.", "32명", "로이터 통신 등", "11일"},
		{"speaker over according to", "WSJ에 따르면 영국 국방부는 이날 전사자 수가 4만~6만명에 달한다고 추산했다.", "4만~6만명", "영국 국방부", "이날"},
		{"relative clause", "현지 언론들이 잠정 집계한 사망자는 122명이었다.", "122명", "현지 언론들", "-"},
		{"headline", `국정원 "러 파병 1.5만명 북한군 4700명 사상"`, "4700명", "국정원", "-"},
		{"passive", "북한은 러시아에 1만1천 명 이상의 병사를 파병한 것으로 알려졌다.", "1만1천 명", "-", "-"},
		{"not the counted", "보건장관은 이날 이중 어린이는 6000명 이상이라고 설명했다.", "6000명", "보건장관", "이날"},
		{"quoted topic is not the speaker", `국정원은 "기존 파병군은 후방에 있으며 현재는 2000여명으로 사망자를 추산하고 있다"고 분석했다.`, "2000여명", "국정원", "현재"},
		{"event date", "지난 28일 발생한 강진으로 2065명이 숨졌다고 MRTV가 31일 보도했다.", "2065명", "MRTV", "31일"},
		{"event date only", "지난 3일 미사일 공격이 발생해 북한 장교 6명이 사망했다.", "6명", "-", "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkKo(t, tc.text, koWant{span: tc.span, attr: tc.attr, date: tc.date})
		})
	}
}

// TestKoreanDistractors: dates, years, ages, durations, ordinals, unit
// names, money, percentages, rates, frequencies, measurements and phone
// numbers are never claims, even with a cue in front.
func TestKoreanDistractors(t *testing.T) {
	for _, text := range []string{
		"2024년 10월 7일 이후 9월 2일까지 전투가 이어졌다.",
		"20대 남성과 65세 여성이 병원으로 옮겨졌다.",
		"약 한 달 간, 72시간 동안, 14개월 넘게, 2년간 전투가 계속됐다.",
		"제94려단과 11군단이 투입됐다.",
		"북한은 돼지고기 12억 원어치, 300만 달러를 받았다.",
		"전체 인구의 약 80%, 70% 이상, 4분의 1이 피해를 입었다.",
		"하루 평균 1556명의 사상자다.",
		"하루에 1000명 이상 사상자를 냈다.",
		"북한군이 두 차례에 걸쳐 수십 차례 공격했다.",
		"규모 7.7의 강진이 약 16㎞ 떨어진 지점에서 발생했다.",
		"진도 7 이상의 지진이 30층 건물을 무너뜨렸다.",
		"문의는 02-123-4567로 하면 된다.",
		"그가 올린 사진을 보면 한 명은 머리를, 또 다른 한 명은 양손을 다친 것으로 보인다.",
		"두 번째, 3차 파병, 1,2차 표창 수여식이 열렸다.",
		"각각 2005년생, 1999년생인 이들은 부상을 입었다.",
		"이보다도 1000명 더 많은 수치다.",
		"인구 10만 명당 사망자 수가 늘었다.",
		"백악관과 천안함, 만달레이를 방문했다.",
		"정부는 입장을 천명했다.",
	} {
		if cs := ExtractLang(text, Korean); len(cs) > 0 {
			t.Errorf("%q: claims %v, want none", text, koSpans(cs))
		}
	}
}

// TestKoreanContract: spans are the text at the byte offsets, claims come
// in text order, and Why says how each was read.
func TestKoreanContract(t *testing.T) {
	text := "국정원은 “북한군 피해 규모가 사망이 300여명, 부상이 2700여 명으로 사상자 수가 3000여명을 넘어선 것으로 추산하고 있다”고 했다."
	cs := ExtractLang(text, Korean)
	if len(cs) != 3 {
		t.Fatalf("%d claims %v, want 3", len(cs), koSpans(cs))
	}
	want := []reckon.Measure{reckon.Killed, reckon.Wounded, reckon.Casualties}
	for i, c := range cs {
		if text[c.Start:c.End] != c.Span {
			t.Errorf("claim %d: span %q is %q in the text", i, c.Span, text[c.Start:c.End])
		}
		if i > 0 && c.Start < cs[i-1].End {
			t.Errorf("claim %d starts before claim %d ends", i, i-1)
		}
		if c.Measure != want[i] || c.Attribution != "국정원" || len(c.Why) < 3 || c.ExtractorVersion != Version {
			t.Errorf("claim %d: %+v", i, c)
		}
	}
}
