package names

import (
	"slices"
	"strings"
)

// Surname is one Korean family name with its spellings.
type Surname struct {
	Hangul    string   // as written in the South: 이, 임, 유, 노
	North     string   // as written in the DPRK, which keeps the initial ㄹ and ㄴ: 리, 림, 류, 로
	Share     float64  // per cent of the population of South Korea (2015 census), rounded
	Customary []string // customary Latin spellings, most common first
	Cyrillic  []string // Russian spellings, most usual first, then Ukrainian ones where they differ (Кім, Рі)
}

// Spelling returns how sys writes the surname: RR and MR from the southern
// Hangul (MR writes 이 as Yi by convention), DPRK from the northern
// Hangul, Customary and Kontsevich from the first spelling of the table.
func (s Surname) Spelling(sys System) string {
	switch sys {
	case MR, MRPlain:
		if s.Hangul == "이" {
			return "Yi"
		}
		return romanize(s.Hangul, sys, "", false)
	case DPRK:
		return romanize(s.North, sys, "", false)
	case Customary:
		return s.Customary[0]
	case Kontsevich:
		return s.Cyrillic[0]
	}
	return romanize(s.Hangul, sys, "", false)
}

// surnameTable lists the common Korean family names. Shares are rounded
// from the 2015 census of Statistics Korea (KOSIS, "성씨·본관별 인구"); the
// DPRK publishes none and its distribution is assumed similar. 유 and 류
// are counted together, as are 이/리, 임/림 and the other pairs that the
// initial-sound rule splits between South and North. Customary spellings
// are those of passports and the press; Cyrillic spellings are Kontsevich
// forms and the established Russian ones, including those of the Koryo-saram
// (Цой, Тен, Тян, Хегай, Огай, Когай, Югай), then the Ukrainian forms
// where they differ (і for ㅣ, ьо for ㅕ: Кім, Рі, Мьон).
var surnameTable = []Surname{
	{"김", "김", 21.5, []string{"Kim", "Gim", "Ghim"}, []string{"Ким", "Кім"}},
	{"이", "리", 14.7, []string{"Lee", "Yi", "Rhee", "Ri", "I", "Li", "Rhie", "Yie", "Lie"}, []string{"Ли", "Ри", "И", "Ни", "Рі", "Лі", "І"}},
	{"박", "박", 8.4, []string{"Park", "Pak", "Bak", "Bahk", "Pahk"}, []string{"Пак"}},
	{"최", "최", 4.7, []string{"Choi", "Choe", "Chwe", "Choy", "Chey"}, []string{"Чхве", "Цой", "Чой", "Чхвэ"}},
	{"정", "정", 4.3, []string{"Jung", "Jeong", "Chung", "Chong", "Jong", "Cheong", "Joung"}, []string{"Чон", "Тен", "Чен", "Чжон", "Джон", "Чонг", "Чжэн"}},
	{"강", "강", 2.4, []string{"Kang", "Gang", "Khang"}, []string{"Кан", "Канг"}},
	{"조", "조", 2.1, []string{"Cho", "Jo", "Joe", "Choh", "Jho"}, []string{"Чо", "Тё", "Чжо", "Джо", "Цо"}},
	{"윤", "윤", 2.0, []string{"Yoon", "Yun", "Youn", "Yune"}, []string{"Юн"}},
	{"장", "장", 2.0, []string{"Jang", "Chang", "Zhang"}, []string{"Чан", "Тян", "Дян", "Чжан", "Джан"}},
	{"임", "림", 1.6, []string{"Lim", "Im", "Rim", "Yim", "Leem", "Rhim"}, []string{"Рим", "Лим", "Им", "Рім", "Лім", "Ім"}},
	{"한", "한", 1.5, []string{"Han", "Hahn"}, []string{"Хан"}},
	{"오", "오", 1.5, []string{"Oh", "O", "Auh"}, []string{"О", "Огай"}},
	{"서", "서", 1.5, []string{"Seo", "Suh", "So", "Sur", "Seu"}, []string{"Со", "Сё", "Сео", "Шегай"}},
	{"신", "신", 1.5, []string{"Shin", "Sin", "Shinn"}, []string{"Син", "Шин", "Сін", "Шін"}},
	{"권", "권", 1.4, []string{"Kwon", "Gwon", "Kweon", "Kwun"}, []string{"Квон"}},
	{"황", "황", 1.4, []string{"Hwang", "Whang"}, []string{"Хван"}},
	{"안", "안", 1.3, []string{"Ahn", "An"}, []string{"Ан"}},
	{"송", "송", 1.3, []string{"Song"}, []string{"Сон", "Сонг"}},
	{"유", "류", 1.9, []string{"Yoo", "Yu", "Ryu", "Lyu", "Rhyu", "You"}, []string{"Рю", "Ю", "Лю", "Югай"}},
	{"전", "전", 1.1, []string{"Jeon", "Jun", "Chun", "Chon", "Jon", "Jeun"}, []string{"Чон", "Чжон", "Джон"}},
	{"홍", "홍", 1.1, []string{"Hong"}, []string{"Хон", "Хонг"}},
	{"고", "고", 0.9, []string{"Ko", "Koh", "Go"}, []string{"Ко", "Когай"}},
	{"문", "문", 0.9, []string{"Moon", "Mun"}, []string{"Мун"}},
	{"양", "량", 0.9, []string{"Yang", "Ryang", "Lyang"}, []string{"Рян", "Ян", "Лян"}},
	{"손", "손", 0.9, []string{"Son", "Sohn"}, []string{"Сон"}},
	{"배", "배", 0.8, []string{"Bae", "Pae", "Bai"}, []string{"Пэ", "Пе"}},
	{"백", "백", 0.7, []string{"Baek", "Paek", "Paik", "Baik", "Back"}, []string{"Пэк", "Пек"}},
	{"허", "허", 0.6, []string{"Heo", "Huh", "Hur", "Ho", "Her"}, []string{"Хо", "Хе", "Хегай"}},
	{"남", "남", 0.6, []string{"Nam"}, []string{"Нам"}},
	{"심", "심", 0.5, []string{"Shim", "Sim"}, []string{"Сим", "Шим", "Сім", "Шім"}},
	{"노", "로", 0.4, []string{"Noh", "Roh", "No", "Ro"}, []string{"Ро", "Но"}},
	{"하", "하", 0.4, []string{"Ha", "Hah"}, []string{"Ха"}},
	{"곽", "곽", 0.4, []string{"Kwak", "Gwak"}, []string{"Квак"}},
	{"성", "성", 0.4, []string{"Sung", "Seong", "Song"}, []string{"Сон", "Сен"}},
	{"차", "차", 0.4, []string{"Cha"}, []string{"Чха", "Ча"}},
	{"주", "주", 0.4, []string{"Joo", "Ju", "Chu", "Choo"}, []string{"Чу", "Тю", "Джу"}},
	{"우", "우", 0.4, []string{"Woo", "U", "Wu"}, []string{"У"}},
	{"구", "구", 0.4, []string{"Koo", "Gu", "Ku"}, []string{"Ку"}},
	{"나", "라", 0.3, []string{"Na", "Ra", "Nah", "Rah"}, []string{"Ра", "На"}},
	{"민", "민", 0.3, []string{"Min"}, []string{"Мин", "Мін"}},
	{"진", "진", 0.3, []string{"Jin", "Chin"}, []string{"Чин", "Тин", "Джин", "Чін", "Тін", "Джін"}},
	{"지", "지", 0.3, []string{"Ji", "Chi"}, []string{"Чи", "Ти", "Дегай", "Чі", "Ті"}},
	{"엄", "엄", 0.3, []string{"Eom", "Um", "Uhm", "Om"}, []string{"Ом", "Эм"}},
	{"채", "채", 0.3, []string{"Chae", "Chai"}, []string{"Чхэ", "Чхе", "Чхе"}},
	{"원", "원", 0.3, []string{"Won", "Weon"}, []string{"Вон"}},
	{"천", "천", 0.2, []string{"Cheon", "Chun", "Chon"}, []string{"Чхон"}},
	{"방", "방", 0.2, []string{"Bang", "Pang"}, []string{"Пан"}},
	{"공", "공", 0.2, []string{"Kong", "Gong"}, []string{"Кон"}},
	{"현", "현", 0.2, []string{"Hyun", "Hyeon", "Hyon"}, []string{"Хён", "Хен", "Хьон"}},
	{"함", "함", 0.2, []string{"Ham"}, []string{"Хам"}},
	{"변", "변", 0.2, []string{"Byun", "Byeon", "Pyon", "Pyun"}, []string{"Пён", "Пен", "Пьон"}},
	{"염", "렴", 0.1, []string{"Yeom", "Yum", "Yom", "Ryom"}, []string{"Рём", "Ём", "Ем", "Рьом", "Йом"}},
	{"여", "려", 0.1, []string{"Yeo", "Yuh", "Yo", "Ryo"}, []string{"Рё", "Ё", "Рьо", "Йо"}},
	{"추", "추", 0.1, []string{"Choo", "Chu"}, []string{"Чху"}},
	{"도", "도", 0.1, []string{"Do", "Doh", "To"}, []string{"То", "До"}},
	{"소", "소", 0.1, []string{"So", "Soh"}, []string{"Со"}},
	{"석", "석", 0.1, []string{"Seok", "Suk", "Sok"}, []string{"Сок"}},
	{"선", "선", 0.1, []string{"Sun", "Seon", "Son"}, []string{"Сон"}},
	{"설", "설", 0.1, []string{"Seol", "Sul", "Sol"}, []string{"Соль", "Сол"}},
	{"마", "마", 0.1, []string{"Ma"}, []string{"Ма", "Магай"}},
	{"길", "길", 0.1, []string{"Gil", "Kil"}, []string{"Киль", "Кил", "Кіль", "Кіл"}},
	{"연", "연", 0.1, []string{"Yeon", "Youn", "Yon"}, []string{"Ён", "Ен", "Йон"}},
	{"위", "위", 0.06, []string{"Wi", "Wee"}, []string{"Ви", "Ві"}},
	{"표", "표", 0.06, []string{"Pyo", "Pyoh", "Phyo"}, []string{"Пхё", "Пхьо"}},
	{"명", "명", 0.05, []string{"Myung", "Myeong", "Myong"}, []string{"Мён", "Мьон"}},
	{"기", "기", 0.05, []string{"Ki", "Gi"}, []string{"Ки", "Кі"}},
	{"반", "반", 0.05, []string{"Ban", "Pan"}, []string{"Пан"}},
	{"왕", "왕", 0.05, []string{"Wang"}, []string{"Ван"}},
	{"금", "금", 0.05, []string{"Keum", "Geum", "Kum"}, []string{"Кым"}},
	{"옥", "옥", 0.05, []string{"Ok", "Ock"}, []string{"Ок"}},
	{"육", "륙", 0.05, []string{"Yook", "Yuk", "Ryuk"}, []string{"Рюк", "Юк"}},
	{"인", "인", 0.05, []string{"In"}, []string{"Ин", "Ін"}},
	{"맹", "맹", 0.03, []string{"Maeng"}, []string{"Мэн"}},
	{"제", "제", 0.04, []string{"Je", "Jae", "Che"}, []string{"Че"}},
	{"모", "모", 0.04, []string{"Mo"}, []string{"Мо"}},
	{"탁", "탁", 0.04, []string{"Tak", "Thak"}, []string{"Тхак"}},
	{"국", "국", 0.04, []string{"Kook", "Guk", "Kuk"}, []string{"Кук"}},
	{"어", "어", 0.04, []string{"Eo", "Uh", "O"}, []string{"О"}},
	{"은", "은", 0.03, []string{"Eun", "Un"}, []string{"Ын"}},
	{"편", "편", 0.03, []string{"Pyeon", "Pyun", "Phyon"}, []string{"Пхён", "Пхьон"}},
	{"용", "룡", 0.03, []string{"Yong", "Ryong"}, []string{"Рён", "Ён", "Рьон", "Йон"}},
	{"예", "예", 0.02, []string{"Ye", "Yeh"}, []string{"Е", "Йе", "Є"}},
	{"봉", "봉", 0.02, []string{"Bong", "Pong"}, []string{"Пон"}},
	{"경", "경", 0.03, []string{"Kyung", "Gyeong", "Kyong"}, []string{"Кён", "Кьон"}},
	{"사", "사", 0.02, []string{"Sa"}, []string{"Са"}},
	{"부", "부", 0.02, []string{"Boo", "Bu", "Pu"}, []string{"Пу"}},
	{"가", "가", 0.02, []string{"Ka", "Ga"}, []string{"Ка"}},
	{"피", "피", 0.02, []string{"Pi", "Phi", "Pee"}, []string{"Пхи", "Пхі"}},
	{"감", "감", 0.01, []string{"Kam", "Gam"}, []string{"Кам"}},
	{"황보", "황보", 0.02, []string{"Hwangbo"}, []string{"Хванбо"}},
	{"남궁", "남궁", 0.04, []string{"Namgoong", "Namgung", "Namkung"}, []string{"Намгун"}},
	{"제갈", "제갈", 0.01, []string{"Jegal", "Chegal"}, []string{"Чегаль"}},
	{"선우", "선우", 0.01, []string{"Sunwoo", "Seonu", "Sonu"}, []string{"Сону"}},
	{"독고", "독고", 0.005, []string{"Dokgo", "Tokko"}, []string{"Токко"}},
	{"사공", "사공", 0.005, []string{"Sagong"}, []string{"Сагон"}},
	{"서문", "서문", 0.003, []string{"Seomun", "Somun"}, []string{"Сомун"}},
}

// Surnames returns the curated table of Korean family names, most common
// first. The slice is a copy; changing it changes nothing here.
func Surnames() []Surname {
	out := make([]Surname, len(surnameTable))
	for i, s := range surnameTable {
		s.Customary = slices.Clone(s.Customary)
		s.Cyrillic = slices.Clone(s.Cyrillic)
		out[i] = s
	}
	slices.SortStableFunc(out, func(a, b Surname) int {
		switch {
		case a.Share > b.Share:
			return -1
		case a.Share < b.Share:
			return 1
		}
		return 0
	})
	return out
}

// surnameIndex maps every spelling of a surname, in Compact form, to the
// indices of the table rows it may stand for (Chon is 전 or 천).
var surnameIndex = buildSurnameIndex()

// surnameKeys holds the Korean keys of each table row, from both Hangul
// forms.
var surnameKeys = buildSurnameKeys()

func buildSurnameIndex() map[string][]int {
	idx := make(map[string][]int)
	add := func(s string, i int) {
		c := Compact(s)
		if c == "" || slices.Contains(idx[c], i) {
			return
		}
		idx[c] = append(idx[c], i)
	}
	for i, s := range surnameTable {
		add(s.Hangul, i)
		add(s.North, i)
		for _, c := range s.Customary {
			add(c, i)
		}
		for _, c := range s.Cyrillic {
			add(c, i)
		}
		for sys := RR; sys <= Kontsevich; sys++ {
			add(s.Spelling(sys), i)
			add(romanize(s.Hangul, sys, "", false), i)
			add(romanize(s.North, sys, "", false), i)
		}
	}
	return idx
}

func buildSurnameKeys() [][]string {
	out := make([][]string, len(surnameTable))
	for i, s := range surnameTable {
		var ks []string
		for _, h := range []string{s.Hangul, s.North} {
			if k, ok := hangulKey(h); ok && !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
		slices.Sort(ks)
		out[i] = ks
	}
	return out
}

// LookupSurname returns the table rows that s may spell, in any script
// and system: "Lee", "Rhee", "Ли" and "리" all give 이; "Chon" gives 전
// and 천. It reports false when s is no known spelling of a surname.
func LookupSurname(s string) ([]Surname, bool) {
	is := surnameIndex[Compact(s)]
	if len(is) == 0 {
		return nil, false
	}
	out := make([]Surname, len(is))
	for j, i := range is {
		out[j] = surnameTable[i]
	}
	return out, true
}

// IsSurname reports whether s is a known spelling of a Korean surname.
func IsSurname(s string) bool { return len(surnameIndex[Compact(s)]) > 0 }

// surnameByHangul finds the row whose southern or northern Hangul is h.
func surnameByHangul(h string) (Surname, bool) {
	h = strings.TrimSpace(h)
	for _, s := range surnameTable {
		if s.Hangul == h || s.North == h {
			return s, true
		}
	}
	return Surname{}, false
}
