package names

import (
	"slices"
	"strings"
	"sync"
)

// Surname is one Korean family name with its spellings.
type Surname struct {
	Hangul    string   // as written in the South: 이, 임, 유, 노
	North     string   // as written in the DPRK, which keeps the initial ㄹ and ㄴ: 리, 림, 류, 로
	Share     float64  // per cent of the population of South Korea (2015 census), rounded
	Customary []string // customary Latin spellings, most common first
	Cyrillic  []string // Russian spellings, most usual first
	Ukrainian []string // Ukrainian spellings where they differ from the Russian ones (Кім, Рі), most usual first
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
// (Цой, Тен, Тян, Хегай, Огай, Когай, Югай). The Ukrainian spellings are
// [surnames]' copy's, from ukrainianSurnames.
var surnameTable = []Surname{
	{"김", "김", 21.5, []string{"Kim", "Gim", "Ghim"}, []string{"Ким"}, nil},
	{"이", "리", 14.7, []string{"Lee", "Yi", "Rhee", "Ri", "I", "Li", "Rhie", "Yie", "Lie"}, []string{"Ли", "Ри", "И", "Ни"}, nil},
	{"박", "박", 8.4, []string{"Park", "Pak", "Bak", "Bahk", "Pahk"}, []string{"Пак"}, nil},
	{"최", "최", 4.7, []string{"Choi", "Choe", "Chwe", "Choy", "Chey"}, []string{"Чхве", "Цой", "Чой", "Чхвэ"}, nil},
	{"정", "정", 4.3, []string{"Jung", "Jeong", "Chung", "Chong", "Jong", "Cheong", "Joung"}, []string{"Чон", "Тен", "Чен", "Чжон", "Джон", "Чонг", "Чжэн"}, nil},
	{"강", "강", 2.4, []string{"Kang", "Gang", "Khang"}, []string{"Кан", "Канг"}, nil},
	{"조", "조", 2.1, []string{"Cho", "Jo", "Joe", "Choh", "Jho"}, []string{"Чо", "Тё", "Чжо", "Джо", "Цо"}, nil},
	{"윤", "윤", 2.0, []string{"Yoon", "Yun", "Youn", "Yune"}, []string{"Юн"}, nil},
	{"장", "장", 2.0, []string{"Jang", "Chang", "Zhang"}, []string{"Чан", "Тян", "Дян", "Чжан", "Джан"}, nil},
	{"임", "림", 1.6, []string{"Lim", "Im", "Rim", "Yim", "Leem", "Rhim"}, []string{"Рим", "Лим", "Им"}, nil},
	{"한", "한", 1.5, []string{"Han", "Hahn"}, []string{"Хан"}, nil},
	{"오", "오", 1.5, []string{"Oh", "O", "Auh"}, []string{"О", "Огай"}, nil},
	{"서", "서", 1.5, []string{"Seo", "Suh", "So", "Sur", "Seu"}, []string{"Со", "Сё", "Сео", "Шегай"}, nil},
	{"신", "신", 1.5, []string{"Shin", "Sin", "Shinn"}, []string{"Син", "Шин"}, nil},
	{"권", "권", 1.4, []string{"Kwon", "Gwon", "Kweon", "Kwun"}, []string{"Квон"}, nil},
	{"황", "황", 1.4, []string{"Hwang", "Whang"}, []string{"Хван"}, nil},
	{"안", "안", 1.3, []string{"Ahn", "An"}, []string{"Ан"}, nil},
	{"송", "송", 1.3, []string{"Song"}, []string{"Сон", "Сонг"}, nil},
	{"유", "류", 1.9, []string{"Yoo", "Yu", "Ryu", "Lyu", "Rhyu", "You"}, []string{"Рю", "Ю", "Лю", "Югай"}, nil},
	{"전", "전", 1.1, []string{"Jeon", "Jun", "Chun", "Chon", "Jon", "Jeun"}, []string{"Чон", "Чжон", "Джон"}, nil},
	{"홍", "홍", 1.1, []string{"Hong"}, []string{"Хон", "Хонг"}, nil},
	{"고", "고", 0.9, []string{"Ko", "Koh", "Go"}, []string{"Ко", "Когай"}, nil},
	{"문", "문", 0.9, []string{"Moon", "Mun"}, []string{"Мун"}, nil},
	{"양", "량", 0.9, []string{"Yang", "Ryang", "Lyang"}, []string{"Рян", "Ян", "Лян"}, nil},
	{"손", "손", 0.9, []string{"Son", "Sohn"}, []string{"Сон"}, nil},
	{"배", "배", 0.8, []string{"Bae", "Pae", "Bai"}, []string{"Пэ", "Пе"}, nil},
	{"백", "백", 0.7, []string{"Baek", "Paek", "Paik", "Baik", "Back"}, []string{"Пэк", "Пек"}, nil},
	{"허", "허", 0.6, []string{"Heo", "Huh", "Hur", "Ho", "Her"}, []string{"Хо", "Хе", "Хегай"}, nil},
	{"남", "남", 0.6, []string{"Nam"}, []string{"Нам"}, nil},
	{"심", "심", 0.5, []string{"Shim", "Sim"}, []string{"Сим", "Шим"}, nil},
	{"노", "로", 0.4, []string{"Noh", "Roh", "No", "Ro"}, []string{"Ро", "Но"}, nil},
	{"하", "하", 0.4, []string{"Ha", "Hah"}, []string{"Ха"}, nil},
	{"곽", "곽", 0.4, []string{"Kwak", "Gwak"}, []string{"Квак"}, nil},
	{"성", "성", 0.4, []string{"Sung", "Seong", "Song"}, []string{"Сон", "Сен"}, nil},
	{"차", "차", 0.4, []string{"Cha"}, []string{"Чха", "Ча"}, nil},
	{"주", "주", 0.4, []string{"Joo", "Ju", "Chu", "Choo"}, []string{"Чу", "Тю", "Джу"}, nil},
	{"우", "우", 0.4, []string{"Woo", "U", "Wu"}, []string{"У"}, nil},
	{"구", "구", 0.4, []string{"Koo", "Gu", "Ku"}, []string{"Ку"}, nil},
	{"나", "라", 0.3, []string{"Na", "Ra", "Nah", "Rah"}, []string{"Ра", "На"}, nil},
	{"민", "민", 0.3, []string{"Min"}, []string{"Мин"}, nil},
	{"진", "진", 0.3, []string{"Jin", "Chin"}, []string{"Чин", "Тин", "Джин"}, nil},
	{"지", "지", 0.3, []string{"Ji", "Chi"}, []string{"Чи", "Ти", "Дегай"}, nil},
	{"엄", "엄", 0.3, []string{"Eom", "Um", "Uhm", "Om"}, []string{"Ом", "Эм"}, nil},
	{"채", "채", 0.3, []string{"Chae", "Chai"}, []string{"Чхэ", "Чхе"}, nil},
	{"원", "원", 0.3, []string{"Won", "Weon"}, []string{"Вон"}, nil},
	{"천", "천", 0.2, []string{"Cheon", "Chun", "Chon"}, []string{"Чхон"}, nil},
	{"방", "방", 0.2, []string{"Bang", "Pang"}, []string{"Пан"}, nil},
	{"공", "공", 0.2, []string{"Kong", "Gong"}, []string{"Кон"}, nil},
	{"현", "현", 0.2, []string{"Hyun", "Hyeon", "Hyon"}, []string{"Хён", "Хен"}, nil},
	{"함", "함", 0.2, []string{"Ham"}, []string{"Хам"}, nil},
	{"변", "변", 0.2, []string{"Byun", "Byeon", "Pyon", "Pyun"}, []string{"Пён", "Пен"}, nil},
	{"염", "렴", 0.1, []string{"Yeom", "Yum", "Yom", "Ryom"}, []string{"Рём", "Ём", "Ем"}, nil},
	{"여", "려", 0.1, []string{"Yeo", "Yuh", "Yo", "Ryo"}, []string{"Рё", "Ё"}, nil},
	{"추", "추", 0.1, []string{"Choo", "Chu"}, []string{"Чху"}, nil},
	{"도", "도", 0.1, []string{"Do", "Doh", "To"}, []string{"То", "До"}, nil},
	{"소", "소", 0.1, []string{"So", "Soh"}, []string{"Со"}, nil},
	{"석", "석", 0.1, []string{"Seok", "Suk", "Sok"}, []string{"Сок"}, nil},
	{"선", "선", 0.1, []string{"Sun", "Seon", "Son"}, []string{"Сон"}, nil},
	{"설", "설", 0.1, []string{"Seol", "Sul", "Sol"}, []string{"Соль", "Сол"}, nil},
	{"마", "마", 0.1, []string{"Ma"}, []string{"Ма", "Магай"}, nil},
	{"길", "길", 0.1, []string{"Gil", "Kil"}, []string{"Киль", "Кил"}, nil},
	{"연", "연", 0.1, []string{"Yeon", "Youn", "Yon"}, []string{"Ён", "Ен"}, nil},
	{"위", "위", 0.06, []string{"Wi", "Wee"}, []string{"Ви"}, nil},
	{"표", "표", 0.06, []string{"Pyo", "Pyoh", "Phyo"}, []string{"Пхё"}, nil},
	{"명", "명", 0.05, []string{"Myung", "Myeong", "Myong"}, []string{"Мён"}, nil},
	{"기", "기", 0.05, []string{"Ki", "Gi"}, []string{"Ки"}, nil},
	{"반", "반", 0.05, []string{"Ban", "Pan"}, []string{"Пан"}, nil},
	{"왕", "왕", 0.05, []string{"Wang"}, []string{"Ван"}, nil},
	{"금", "금", 0.05, []string{"Keum", "Geum", "Kum"}, []string{"Кым"}, nil},
	{"옥", "옥", 0.05, []string{"Ok", "Ock"}, []string{"Ок"}, nil},
	{"육", "륙", 0.05, []string{"Yook", "Yuk", "Ryuk"}, []string{"Рюк", "Юк"}, nil},
	{"인", "인", 0.05, []string{"In"}, []string{"Ин"}, nil},
	{"맹", "맹", 0.03, []string{"Maeng"}, []string{"Мэн"}, nil},
	{"제", "제", 0.04, []string{"Je", "Jae", "Che"}, []string{"Че"}, nil},
	{"모", "모", 0.04, []string{"Mo"}, []string{"Мо"}, nil},
	{"탁", "탁", 0.04, []string{"Tak", "Thak"}, []string{"Тхак"}, nil},
	{"국", "국", 0.04, []string{"Kook", "Guk", "Kuk"}, []string{"Кук"}, nil},
	{"어", "어", 0.04, []string{"Eo", "Uh", "O"}, []string{"О"}, nil},
	{"은", "은", 0.03, []string{"Eun", "Un"}, []string{"Ын"}, nil},
	{"편", "편", 0.03, []string{"Pyeon", "Pyun", "Phyon"}, []string{"Пхён"}, nil},
	{"용", "룡", 0.03, []string{"Yong", "Ryong"}, []string{"Рён", "Ён"}, nil},
	{"예", "예", 0.02, []string{"Ye", "Yeh"}, []string{"Е", "Йе"}, nil},
	{"봉", "봉", 0.02, []string{"Bong", "Pong"}, []string{"Пон"}, nil},
	{"경", "경", 0.03, []string{"Kyung", "Gyeong", "Kyong"}, []string{"Кён"}, nil},
	{"사", "사", 0.02, []string{"Sa"}, []string{"Са"}, nil},
	{"부", "부", 0.02, []string{"Boo", "Bu", "Pu"}, []string{"Пу"}, nil},
	{"가", "가", 0.02, []string{"Ka", "Ga"}, []string{"Ка"}, nil},
	{"피", "피", 0.02, []string{"Pi", "Phi", "Pee"}, []string{"Пхи"}, nil},
	{"감", "감", 0.01, []string{"Kam", "Gam"}, []string{"Кам"}, nil},
	{"황보", "황보", 0.02, []string{"Hwangbo"}, []string{"Хванбо"}, nil},
	{"남궁", "남궁", 0.04, []string{"Namgoong", "Namgung", "Namkung"}, []string{"Намгун"}, nil},
	{"제갈", "제갈", 0.01, []string{"Jegal", "Chegal"}, []string{"Чегаль"}, nil},
	{"선우", "선우", 0.01, []string{"Sunwoo", "Seonu", "Sonu"}, []string{"Сону"}, nil},
	{"독고", "독고", 0.005, []string{"Dokgo", "Tokko"}, []string{"Токко"}, nil},
	{"사공", "사공", 0.005, []string{"Sagong"}, []string{"Сагон"}, nil},
	{"서문", "서문", 0.003, []string{"Seomun", "Somun"}, []string{"Сомун"}, nil},
}

// Surnames returns the curated table of Korean family names, most common
// first. The slice is a copy; changing it changes nothing here.
func Surnames() []Surname {
	table := surnames().table
	out := make([]Surname, len(table))
	for i, s := range table {
		s.Customary = slices.Clone(s.Customary)
		s.Cyrillic = slices.Clone(s.Cyrillic)
		s.Ukrainian = slices.Clone(s.Ukrainian)
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
func surnameIndex() map[string][]int { return surnames().index }

// surnameKeys holds the Korean keys of each table row, from both Hangul
// forms.
func surnameKeys() [][]string { return surnames().keys }

// ukrainianSurnames holds the Ukrainian spellings of the surnames whose
// Russian spellings Ukrainian writes otherwise: і for ㅣ (Кім, Рі, Сін),
// ьо and йо for ㅕ (Мьон, Йон), є for ㅖ. Ukrainian press usage, e.g. Кім
// Чен Ин, Рі Соль Чу, Чхве Рьон Хе.
var ukrainianSurnames = map[string][]string{
	"김": {"Кім"}, "이": {"Рі", "Лі", "І"}, "임": {"Рім", "Лім", "Ім"}, "신": {"Сін", "Шін"}, "민": {"Мін"},
	"진": {"Чін", "Тін", "Джін"}, "지": {"Чі", "Ті"}, "기": {"Кі"}, "길": {"Кіль", "Кіл"}, "심": {"Сім", "Шім"},
	"피": {"Пхі"}, "위": {"Ві"}, "인": {"Ін"}, "명": {"Мьон"}, "변": {"Пьон"}, "현": {"Хьон"},
	"염": {"Рьом", "Йом"}, "여": {"Рьо", "Йо"}, "연": {"Йон"}, "경": {"Кьон"}, "표": {"Пхьо"}, "편": {"Пхьон"},
	"용": {"Рьон", "Йон"}, "예": {"Є"}, "채": {"Чхе"},
}

// surnameData is the surname table with what is derived from it: each
// row's Ukrainian spellings, the index of every spelling and each row's
// keys. It is built on first use, not at start-up: a reckon command that
// reads no names (mse, version) does not pay for it.
type surnameData struct {
	table []Surname        // surnameTable with each row's Ukrainian spellings
	index map[string][]int // see surnameIndex
	keys  [][]string       // see surnameKeys
}

// surnames returns the surname data, built once.
var surnames = sync.OnceValue(func() *surnameData {
	d := &surnameData{table: slices.Clone(surnameTable)}
	for i := range d.table {
		d.table[i].Ukrainian = ukrainianSurnames[d.table[i].Hangul]
	}
	d.index = buildSurnameIndex(d.table)
	d.keys = buildSurnameKeys(d.table)
	return d
})

func buildSurnameIndex(table []Surname) map[string][]int {
	idx := make(map[string][]int)
	add := func(s string, i int) {
		c := Compact(s)
		if c == "" || slices.Contains(idx[c], i) {
			return
		}
		idx[c] = append(idx[c], i)
	}
	for i, s := range table {
		add(s.Hangul, i)
		add(s.North, i)
		for _, c := range s.Customary {
			add(c, i)
		}
		for _, c := range s.Cyrillic {
			add(c, i)
		}
		for _, c := range s.Ukrainian {
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

func buildSurnameKeys(table []Surname) [][]string {
	out := make([][]string, len(table))
	for i, s := range table {
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
	d := surnames()
	is := d.index[Compact(s)]
	if len(is) == 0 {
		return nil, false
	}
	out := make([]Surname, len(is))
	for j, i := range is {
		out[j] = d.table[i]
	}
	return out, true
}

// IsSurname reports whether s is a known spelling of a Korean surname.
func IsSurname(s string) bool { return len(surnameIndex()[Compact(s)]) > 0 }

// surnameByHangul finds the row whose southern or northern Hangul is h.
func surnameByHangul(h string) (Surname, bool) {
	h = strings.TrimSpace(h)
	for _, s := range surnames().table {
		if s.Hangul == h || s.North == h {
			return s, true
		}
	}
	return Surname{}, false
}
