package extract

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// newsText returns about n bytes of news-like text, made from templates
// written for this benchmark, with a fixed seed. About half its sentences
// hold figures, as in war and disaster reporting.
func newsText(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	places := []string{"the northern province", "the port city", "the capital", "the border region", "the coastal district", "the mountain villages"}
	sources := []string{"the health ministry", "local officials", "the UN humanitarian office", "a military spokesman", "the Red Cross", "police", "state media", "the regional governor"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	quals := []string{"at least", "more than", "nearly", "about", "some", "up to", "over", "an estimated", ""}
	measures := []string{"people were killed", "people were injured", "residents remain missing", "families have fled their homes", "troops were deployed", "houses were destroyed", "soldiers were captured"}
	fillers := []string{
		"Rescue work continued through the night as heavy rain hampered efforts to reach the worst-hit areas.",
		"Residents described scenes of devastation, with roads blocked by debris and power lines down.",
		"The government has declared a state of emergency and appealed for international assistance.",
		"Aid agencies warned that clean water and medical supplies were running short.",
		"The fighting has displaced families who had already fled earlier offensives, witnesses said.",
		"Talks between the two sides are expected to resume next week in a neutral country.",
		"Footage shared online showed collapsed buildings and rescuers digging with their bare hands.",
		"Officials in the capital said the situation remained critical but stable after a night of shelling.",
		"The president visited the affected area and promised that every damaged home would be rebuilt.",
		"Mr. Haddad, a teacher, said his family had sheltered in a school gym since the floods began.",
		"Doctors at the main hospital, which lost power on Sunday, were working by the light of their phones.",
		"It was not immediately possible to verify the claims, and the army did not respond to a request for comment.",
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(7) {
		case 0, 1, 2, 6:
			b.WriteString(fillers[r.IntN(len(fillers))])
		case 3:
			src := sources[r.IntN(len(sources))]
			fmt.Fprintf(&b, "%s%s said on %s that %s %s %s in %s.", strings.ToUpper(src[:1]), src[1:],
				days[r.IntN(7)], quals[r.IntN(len(quals))], commas(r.IntN(20000)+2), measures[r.IntN(len(measures))], places[r.IntN(len(places))])
		case 4:
			fmt.Fprintf(&b, "The death toll rose to %s on %s, with dozens more still unaccounted for, according to %s.", commas(r.IntN(5000)+10), days[r.IntN(7)], sources[r.IntN(len(sources))])
		case 5:
			fmt.Fprintf(&b, "Between %d and %d people were evacuated from %s, while %d schools and %d clinics were damaged over three days.", r.IntN(500)+100, r.IntN(500)+700, places[r.IntN(len(places))], r.IntN(40)+2, r.IntN(9)+2)
		}
		b.WriteString(" ")
		if r.IntN(5) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.String()[:n]
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// BenchmarkExtract measures Extract on news-like text of several sizes;
// the bar is 20 MB/s per core.
func BenchmarkExtract(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
		text := newsText(size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				Extract(text)
			}
		})
	}
}

// koreanText returns about n bytes of Korean news-like text, made from
// templates written for this benchmark, with a fixed seed; about half its
// sentences hold figures.
func koreanText(n int) string {
	r := rand.New(rand.NewPCG(3, 4))
	sources := []string{"국정원은", "합동참모본부는", "가자지구 보건부는", "우크라이나 국방부는", "미얀마 군정은", "현지 언론들은"}
	quals := []string{"약 ", "최소 ", "최대 ", "총 ", ""}
	suffix := []string{"여 명", "명", " 명 이상", "명이 넘는", "명 가량", "명에 육박하는"}
	measures := []string{"사망자가", "부상자가", "실종자가", "병력이 파병된", "사상자가", "주민이 대피한"}
	fillers := []string{
		"구조 작업은 밤새 이어졌지만 폭우로 피해 지역 접근이 어려웠다.",
		"주민들은 도로가 잔해로 막히고 전선이 끊겼다고 전했다.",
		"정부는 비상사태를 선포하고 국제사회에 지원을 요청했다.",
		"구호 단체들은 식수와 의약품이 부족하다고 경고했다.",
		"양측의 협상은 다음 주 제3국에서 재개될 예정이다.",
		"병원 의료진은 휴대전화 불빛에 의지해 치료를 이어갔다.",
		"2024년 10월 이후 전선은 크게 움직이지 않았다고 현지 매체가 보도했다.",
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(6) {
		case 0, 1, 2:
			b.WriteString(fillers[r.IntN(len(fillers))])
		case 3:
			fmt.Fprintf(&b, "%s %d일 %s%d만 %d천%s %s 것으로 파악됐다고 밝혔다.", sources[r.IntN(len(sources))], r.IntN(28)+1,
				quals[r.IntN(len(quals))], r.IntN(9)+1, r.IntN(9)+1, suffix[r.IntN(len(suffix))], measures[r.IntN(len(measures))])
		case 4:
			fmt.Fprintf(&b, "사망자는 %s명, 부상자는 %d여 명, 실종자는 수백 명으로 집계됐다.", commas(r.IntN(5000)+10), r.IntN(900)+100)
		case 5:
			fmt.Fprintf(&b, "%s에 따르면 %d~%d명이 피란했고 건물 %d채와 학교 %d곳이 파손됐다.", sources[r.IntN(len(sources))], r.IntN(500)+100, r.IntN(500)+700, r.IntN(40)+2, r.IntN(9)+2)
		}
		b.WriteString(" ")
		if r.IntN(5) == 0 {
			b.WriteString("\n\n")
		}
	}
	s := b.String()
	for len(s) > n && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// BenchmarkKorean measures the Korean extractor on news-like text of
// several sizes; the bar is 20 MB/s per core.
func BenchmarkKorean(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
		text := koreanText(size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				ExtractLang(text, Korean)
			}
		})
	}
}
