package names

import (
	"math"
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii", "  Kim   Chol-su ", "kim chol su"},
		{"mr breve", "Ch'ŏl-su", "chol su"},
		{"modifier apostrophe", "Chʼŏl", "chol"},
		{"right quote", "Ch’ŏl", "chol"},
		{"acute", "Ch´ŏl", "chol"},
		{"diacritics", "Émile Škoda", "emile skoda"},
		{"full width", "ＫＩＭ", "kim"},
		{"sharp s", "Straße", "strasse"},
		{"cyrillic keeps й ё", "Тёткино ЙОД", "тёткино йод"},
		{"ukrainian keeps ї", "Дар'їно", "дарїно"},
		{"hangul", "김 철수", "김 철수"},
		{"compatibility jamo", "ㄱ", "ᄀ"},
		{"punctuation", "Kim (Ким), C.S.", "kim ким c s"},
		{"invalid utf8", "Ki\xffm", "kim"},
		{"empty", "", ""},
		{"only punctuation", "-- ,. ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for _, s := range []string{"Chol-su", "Cholsu", "Chol Su", "CHOL SU", "chol–su"} {
		if got := Compact(s); got != "cholsu" {
			t.Errorf("Compact(%q) = %q, want cholsu", s, got)
		}
	}
	if got := Initials("Cheol-su"); got != "cs" {
		t.Errorf("Initials(Cheol-su) = %q", got)
	}
	for s, want := range map[string]bool{"C. S.": true, "И.": true, "J": true, "Jo": false, "": false} {
		if got := IsInitials(s); got != want {
			t.Errorf("IsInitials(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDetectScript(t *testing.T) {
	tests := []struct {
		in   string
		want Script
	}{
		{"Kim Chol Su", Latin},
		{"Ch'ŏl", Latin},
		{"김철수", Hangul},
		{"ㄱㄴ", Hangul},
		{"Ким Чхольсу", Cyrillic},
		{"Свердликове", Cyrillic},
		{"Kim 김", Mixed},
		{"Ким Kim", Mixed},
		{"金正恩", Other},
		{"金 Kim", Mixed},
		{"1985-03-01", Other},
		{"", Other},
		{"\xff\xfe", Other},
	}
	for _, tt := range tests {
		if got := DetectScript(tt.in); got != tt.want {
			t.Errorf("DetectScript(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Name
	}{
		{"Kim Chol Su", Name{Family: "Kim", Given: "Chol Su"}},
		{"Ri Chol-su", Name{Family: "Ri", Given: "Chol-su"}},
		{"Cheol-su Lee", Name{Family: "Lee", Given: "Cheol-su", Swapped: true}},
		{"Chol Su Kim", Name{Family: "Kim", Given: "Chol Su", Swapped: true}},
		{"Jong Un Kim", Name{Family: "Kim", Given: "Jong Un", Swapped: true}},
		{"Kim Jong Un", Name{Family: "Kim", Given: "Jong Un"}},
		{"Ro Jong Song", Name{Family: "Ro", Given: "Jong Song"}},
		{"Lee, Cheol-su", Name{Family: "Lee", Given: "Cheol-su"}},
		{"RI Chol Su", Name{Family: "RI", Given: "Chol Su"}},
		{"Cheol-su LEE", Name{Family: "LEE", Given: "Cheol-su", Swapped: true}},
		{"김철수", Name{Family: "김", Given: "철수"}},
		{"남궁민수", Name{Family: "남궁", Given: "민수"}},
		{"김 철수", Name{Family: "김", Given: "철수"}},
		{"Ким Чхольсу", Name{Family: "Ким", Given: "Чхольсу"}},
		{"Чхольсу Ли", Name{Family: "Ли", Given: "Чхольсу", Swapped: true}},
		{"Kimcholsu", Name{Family: "Kim", Given: "cholsu"}},
		{"Иванов Иван Иванович", Name{Family: "Иванов", Given: "Иван", Patronymic: "Иванович"}},
		{"Иван Иванович Иванов", Name{Family: "Иванов", Given: "Иван", Patronymic: "Иванович", Swapped: true}},
		{"Иван Петров", Name{Family: "Петров", Given: "Иван", Swapped: true}},
		{"Петров Иван", Name{Family: "Петров", Given: "Иван"}},
		{"Taras Shevchenko", Name{Family: "Shevchenko", Given: "Taras", Swapped: true}},
		{"Young-il Kmi", Name{Family: "Kmi", Given: "Young-il", Swapped: true}},
		{"Chol-su Xo", Name{Family: "Xo", Given: "Chol-su", Swapped: true}},
		{"Xo Chol-su", Name{Family: "Xo", Given: "Chol-su"}},
		{"Kim", Name{Family: "Kim"}},
		{"김", Name{Family: "김"}},
		{"", Name{}},
		{"  ,  ", Name{}},
	}
	for _, tt := range tests {
		if got := Parse(tt.in); got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name         string
		a, b         string
		family       Level
		given        Level
		swapped      bool
		minScore     float64
		maxScoreOpts float64 // 0: no upper bound
	}{
		{"same", "Kim Chol Su", "Kim Chol Su", Exact, Exact, false, 1, 0},
		{"hangul and dprk", "리철수", "Ri Chol Su", Key, Key, false, 0.9, 0},
		{"dprk and south", "Ri Chol Su", "Lee Cheol-su", Key, Key, false, 0.9, 0},
		{"customary", "Lee Chul-soo", "Ли Чхольсу", Key, Key, false, 0.9, 0},
		{"order swap", "Cheol-su Lee", "Ri Chol Su", Key, Key, false, 0.9, 0},
		{"kontsevich", "Чхве Хёк", "Choe Hyok", Key, Key, false, 0.9, 0},
		{"koryo-saram", "Цой Хёк", "최혁", Key, Key, false, 0.9, 0},
		{"joined given", "Pak Chol-ho", "Pak Cholho", Exact, Exact, false, 1, 0},
		{"typo in given", "Kim Cholsu", "Kim Cholsa", Exact, Close, false, 0.8, 0},
		{"typo across scripts", "Ким Тонннам", "Kim Dong-nam", Key, Close, false, 0.8, 0},
		{"typo breaks the reading", "Kim Yogn Jin", "김영진", Key, Close, false, 0.8, 0},
		{"two surnames are two", "Kim Chol Su", "Kam Chol Su", Different, Exact, false, 0, 0.8},
		{"different given", "Kim Chol Su", "Kim Yong Ho", Exact, Different, false, 0, 0.8},
		{"different family", "Kim Chol Su", "Pak Chol Su", Different, Exact, false, 0, 0.8},
		{"initials", "Kim C. S.", "Kim Chol Su", Exact, Initial, false, 0.7, 0},
		{"cyrillic initial", "Ким Ч.", "Kim Chol Su", Key, Initial, false, 0.7, 0},
		{"missing given", "Kim", "Kim Chol Su", Exact, Missing, false, 1, 0},
		{"russian", "Иванов Иван", "Ivanov Ivan", Phonetic, Phonetic, false, 0.85, 0},
		{"russian swapped", "Иван Иванович Петров", "Petrov Ivan", Phonetic, Phonetic, false, 0.85, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Compare(Parse(tt.a), Parse(tt.b))
			if s.Family.Level != tt.family || s.Given.Level != tt.given || s.Swapped != tt.swapped {
				t.Errorf("Compare(%q, %q) = %v; want family %v, given %v, swapped %v", tt.a, tt.b, s, tt.family, tt.given, tt.swapped)
			}
			if s.Score < tt.minScore || tt.maxScoreOpts > 0 && s.Score > tt.maxScoreOpts {
				t.Errorf("Compare(%q, %q).Score = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, s.Score, tt.minScore, tt.maxScoreOpts)
			}
			r := Compare(Parse(tt.b), Parse(tt.a))
			if r.Family.Level != s.Family.Level || r.Given.Level != s.Given.Level || math.Abs(r.Score-s.Score) > 1e-12 {
				t.Errorf("Compare is not symmetric: %v vs %v", s, r)
			}
		})
	}
	// A crosswise reading: the parts were put in the wrong fields.
	s := Compare(Name{Family: "Chol Su", Given: "Ri"}, Name{Family: "Lee", Given: "Cheol-su"})
	if !s.Swapped || s.Family.Level != Key || s.Given.Level != Key {
		t.Errorf("crosswise: %v, want swapped keys", s)
	}
}

// TestSurnameTypoKeys: a family name one dropped or swapped letter from
// known surnames has their keys; a known surname, a lone letter left and
// a long name have none.
func TestSurnameTypoKeys(t *testing.T) {
	tests := []struct {
		family string
		want   []string
	}{
		{"Paark", []string{"PaK"}},
		{"Тххе", nil},  // Тхе is not a surname spelling; the phonetic key meets it
		{"Кііим", nil}, // two letters added: beyond one typo
		{"Кіім", []string{"KiM"}},
		{"иЛ", []string{"i"}},
		{"Kim", nil}, // a known surname
		{"Ka", nil},  // known: 가
		{"Kx", nil},  // would leave a lone letter
		{"Kimberleyx", nil},
	}
	for _, tt := range tests {
		p := preparePart(tt.family, false, false)
		if !slices.Equal(p.TypoKeys, tt.want) {
			t.Errorf("TypoKeys of %q = %v, want %v", tt.family, p.TypoKeys, tt.want)
		}
	}
	// In a comparison, such a family name is at least Close to the surname.
	for _, p := range [][2]string{{"Ким", "Кіім"}, {"리", "иЛ"}, {"구", "Koa"}, {"Park", "Paark"}, {"Паак", "Paark"}} {
		a := Prepare(Name{Family: p[0], Given: "Song Ho"})
		b := Prepare(Name{Family: p[1], Given: "Song Ho"})
		if s := a.Compare(&b); s.Family.Level < Close {
			t.Errorf("%s against %s: %v, want family close or better", p[0], p[1], s)
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	// Reference values: Winkler (1990), table 2 (MARTHA/MARHTA 0.961,
	// DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813), rounded to 3 places.
	tests := []struct {
		a, b string
		want float64
	}{
		{"MARTHA", "MARHTA", 0.961},
		{"DWAYNE", "DUANE", 0.840},
		{"DIXON", "DICKSONX", 0.813},
		{"", "", 1},
		{"abc", "", 0},
		{"abc", "xyz", 0},
		{"철수", "철수", 1},
		{"чхольсу", "чхолсу", 0.971},
	}
	for _, tt := range tests {
		got := JaroWinkler(tt.a, tt.b)
		if math.Abs(got-tt.want) > 0.0005 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", tt.a, tt.b, got, tt.want)
		}
		if back := JaroWinkler(tt.b, tt.a); math.Abs(back-got) > 1e-12 {
			t.Errorf("JaroWinkler not symmetric on %q, %q: %v vs %v", tt.a, tt.b, got, back)
		}
	}
	long := string(make([]byte, 100)) + "x"
	if got := JaroWinkler(long, long+"y"); got < 0.9 {
		t.Errorf("JaroWinkler of long strings = %v", got)
	}
}

func TestTransliterate(t *testing.T) {
	tests := []struct {
		in   string
		sc   Scheme
		want string
	}{
		{"Свердликово", BGN, "Sverdlikovo"},
		{"Свердликове", Ukrainian2010, "Sverdlykove"},
		{"Свердликове", BGN, "Sverdlikove"}, // no Ukrainian-only letter: read as Russian
		{"Мартинівка", BGN, "Martynivka"},   // Ukrainian: the national system (BGN/PCGN 2019)
		{"Ёлкино", BGN, "Yëlkino"},
		{"Малая Локня", BGN, "Malaya Loknya"},
		{"Николаево-Дарьино", BGN, "Nikolayevo-Dar’ino"},
		{"Горналь", BGN, "Gornal’"},
		{"Щукино", BGN, "Shchukino"},
		{"ЩУКИНО", BGN, "SHCHUKINO"},
		{"Цыганово", GOST779B, "Czy'ganovo"},
		{"Цивильск", GOST779B, "Czivil`sk"},
		{"Тёткино", GOST779B, "Tyotkino"},
		{"Хомутовка", GOST779B, "Xomutovka"},
		{"Щигры", GOST779B, "Shhigry'"},
		{"Глухів", GOST779B, "Gluxiv"},
		{"Київ", GOST779B, "Ky`yiv"},
		{"Щигры", ISO9, "Ŝigry"},
		{"Суджа", ISO9, "Sudža"},
		{"Юрьевка", ISO9, "Ûrʹevka"},
		{"Глухів", ISO9, "Gluhìv"},
		{"Київ", Ukrainian2010, "Kyiv"},
		{"Глухів", Ukrainian2010, "Hlukhiv"},
		{"Згорани", Ukrainian2010, "Zghorany"},
		{"Юрій", Ukrainian2010, "Yurii"},
		{"Знам'янка", Ukrainian2010, "Znamianka"},
		{"Їжакевич", Ukrainian2010, "Yizhakevych"},
		{"Любимівка", Ukrainian2010, "Liubymivka"},
		{"Kim 김", BGN, "Kim 김"},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in, tt.sc); got != tt.want {
			t.Errorf("Transliterate(%q, %v) = %q, want %q", tt.in, tt.sc, got, tt.want)
		}
	}
}

func TestPhoneticKey(t *testing.T) {
	groups := [][]string{
		{"Свердликово", "Свердликове", "Sverdlikovo", "Sverdlykove", "SVERDLIKOVO"},
		{"Глухов", "Глухів", "Glukhov", "Hlukhiv", "Gluhov"}, // not GOST B Gluxov: x is ks (Alexei)
		{"Малая Локня", "Мала Локня", "Malaya Loknya", "Mala Loknia", "Malaâ Loknâ"},
		{"Суджа", "Sudzha", "Sudža", "수자"},
		{"Курск", "Kursk", "쿠르스크"},
		{"Черкасское Поречное", "Cherkasskoye Porechnoye", "Čerkasskoe Porečnoe", "Cherkaske Porichne"},
		{"Юрий", "Юрій", "Yuriy", "Yurii", "Jurij", "Yury"},
		{"Щукин", "Shchukin", "Ŝukin", "Shhukin"},
	}
	for _, g := range groups {
		want := PhoneticKey(g[0])
		for _, s := range g[1:] {
			if got := PhoneticKey(s); got != want {
				t.Errorf("PhoneticKey(%q) = %q, want %q as for %q", s, got, want, g[0])
			}
		}
	}
	if PhoneticKey("Суджа") == PhoneticKey("Курск") {
		t.Error("Суджа and Курск share a phonetic key")
	}
	if got := PhoneticKey(""); got != "" {
		t.Errorf("PhoneticKey(\"\") = %q", got)
	}
}

func TestToLatin(t *testing.T) {
	tests := map[string]string{
		"철수":          "cheolsu",
		"Свердликово": "sverdlikovo",
		"Ch'ŏl-su":    "chol su",
		"Kim":         "kim",
	}
	for in, want := range tests {
		if got := ToLatin(in); got != want {
			t.Errorf("ToLatin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAltReading(t *testing.T) {
	tests := []struct {
		full, family string // family of the other reading, "" for none
	}{
		{"Min Il Han", "Han"},    // both ends surnames: Western order too
		{"Won Tong Jong", "Won"}, // Parse takes the commoner Jong
		{"Kim Song Il", ""},      // Il is no surname
		{"Kim Chol Su", ""},      // Su is no surname
		{"Ri, Chol Min", ""},     // a comma says which is which
		{"Kim R. C.", ""},        // initials are given names
		{"Young-il Kmi", ""},     // two words: Compare tries the swap itself
	}
	for _, tt := range tests {
		p := PrepareFull(tt.full)
		got := ""
		if p.Alt != nil {
			got = p.Alt.Family.Text
		}
		if got != tt.family {
			t.Errorf("PrepareFull(%q).Alt family = %q, want %q", tt.full, got, tt.family)
		}
	}
}

func TestSyllableKeys(t *testing.T) {
	tests := []struct {
		in   string
		want []string // each must be among the keys
		not  []string // none may be
	}{
		{"명수", []string{"MyoG", "So"}, []string{"MyoGSo"}},
		{"Myong-su", []string{"MyoG", "So"}, nil},
		{"Myung", []string{"MyoG"}, nil},
		{"용민", []string{"yoG", "MiN"}, nil},
		{"철", []string{"CoL"}, nil},
	}
	for _, tt := range tests {
		p := Prepare(Name{Given: tt.in}).Given
		got := p.SyllableKeys()
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("SyllableKeys(%q) = %v, want %q among them", tt.in, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("SyllableKeys(%q) = %v, want no %q", tt.in, got, w)
			}
		}
	}
	john := Prepare(Name{Given: "Christopher"}).Given
	if got := john.SyllableKeys(); got != nil {
		t.Errorf("SyllableKeys(Christopher) = %v, want nil", got)
	}
}
