package military

import "testing"

var rankTests = []struct {
	name, in string
	want     Grade // NoGrade: ParseRank returns false
}{
	// KPA
	{"kpa private", "전사", OR1},
	{"kpa pfc", "상등병", OR2},
	{"kpa soldier grades", "중급병사", OR3},
	{"kpa junior sergeant", "하사", OR4},
	{"kpa sergeant", "중사", OR5},
	{"kpa staff sergeant", "상사", OR6},
	{"kpa sergeant major", "특무상사", OR7},
	{"kpa sergeant major spaced", "특무 상사", OR7},
	{"kpa junior lieutenant", "소위", OF1},
	{"kpa lieutenant", "중위", OF1},
	{"kpa senior lieutenant", "상위", OF1},
	{"kpa captain", "대위", OF2},
	{"kpa major", "소좌", OF3},
	{"kpa lt colonel", "중좌", OF4},
	{"kpa colonel", "상좌", OF5},
	{"kpa senior colonel", "대좌", OF5},
	{"kpa major general", "소장", OF6},
	{"kpa colonel general", "상장", OF8},
	{"kpa with army", "조선인민군 하사", OR4},
	// ROK
	{"rok private", "이병", OR1},
	{"rok pfc", "일병", OR2},
	{"rok corporal", "상병", OR3},
	{"rok sergeant", "병장", OR4},
	{"rok major", "소령", OF3},
	{"rok brigadier", "준장", OF6},
	// Russian
	{"ru private", "рядовой", OR1},
	{"ru private genitive capital", "Рядового", OR1},
	{"ru guards private", "гв. рядовой", OR1},
	{"ru posthumous", "рядовой (посмертно)", OR1},
	{"ru efreitor", "ефрейтор", OR2},
	{"ru junior sergeant", "младший сержант", OR4},
	{"ru junior sergeant abbrev", "мл. сержант", OR4},
	{"ru junior sergeant both abbrev", "мл.с-т", OR4},
	{"ru sergeant", "сержант", OR5},
	{"ru senior sergeant abbrev", "ст. сержант", OR6},
	{"ru senior sergeant genitive", "старшего сержанта", OR6},
	{"ru starshina", "старшина", OR7},
	{"ru praporshchik", "прапорщик", OR8},
	{"ru senior praporshchik", "старший прапорщик", OR9},
	{"ru junior lieutenant", "мл. лейтенант", OF1},
	{"ru senior lieutenant genitive", "ст. лейтенанта", OF1},
	{"ru captain", "КАПИТАН", OF2},
	{"ru major", "майор", OF3},
	{"ru lt colonel", "подполковник", OF4},
	{"ru colonel", "полковник", OF5},
	{"ru major general", "генерал-майор", OF6},
	{"ru major general genitive", "генерал-майора", OF6},
	{"ru lt general", "генерал-лейтенант", OF7},
	{"ru colonel general", "генерал-полковник", OF8},
	{"ru army general", "генерал армии", OF9},
	{"ru medical service", "майор медицинской службы", OF3},
	// Ukrainian
	{"uk soldier", "солдат", OR1},
	{"uk senior soldier", "старший солдат", OR2},
	{"uk junior sergeant", "молодший сержант", OR4},
	{"uk junior sergeant genitive", "молодшого сержанта", OR4},
	{"uk chief sergeant", "головний сержант", OR6},
	{"uk staff sergeant", "штаб-сержант", OR7},
	{"uk master sergeant", "майстер-сержант", OR8},
	{"uk captain", "капітан", OF2},
	{"uk lt colonel genitive", "підполковника", OF4},
	{"uk brigadier general", "бригадний генерал", OF6},
	// English
	{"en private", "Private", OR1},
	{"en pvt", "Pvt.", OR1},
	{"en pfc", "PFC", OR2},
	{"en lance corporal", "L/Cpl", OR3},
	{"en lcpl", "LCpl", OR3},
	{"en corporal", "Cpl", OR4},
	{"en junior sergeant", "Junior Sergeant", OR4},
	{"en sergeant", "Sgt", OR5},
	{"en staff sergeant", "Staff Sergeant", OR6},
	{"en staff sergeant slash", "S/Sgt", OR6},
	{"en sergeant major", "Sergeant Major", OR9},
	{"en 2lt", "2Lt", OF1},
	{"en 2nd lt", "2nd Lt", OF1},
	{"en lieutenant", "Lieutenant", OF1},
	{"en senior lieutenant", "Sr. Lt.", OF1},
	{"en captain", "Capt", OF2},
	{"en major", "Major", OF3},
	{"en lt col", "Lt Col", OF4},
	{"en lt col dots", "Lt. Col.", OF4},
	{"en colonel", "Colonel", OF5},
	{"en senior colonel", "Senior Colonel", OF5},
	{"en maj gen", "Maj Gen", OF6},
	{"en general major", "General-Major", OF6},
	{"en colonel general", "Colonel General", OF8},
	{"en general", "General", OF9},
	{"en with name", "Sergeant Kim", OR5},
	// Not ranks
	{"empty", "", NoGrade},
	{"word", "soldier of fortune", NoGrade},
	{"hangul other", "김철수", NoGrade},
	{"unit", "94th Brigade", NoGrade},
	{"invalid utf8", "\xff\xfe", NoGrade},
}

func TestParseRank(t *testing.T) {
	for _, tt := range rankTests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := ParseRank(tt.in)
			if ok != (tt.want != NoGrade) || r.Grade != tt.want {
				t.Errorf("ParseRank(%q) = %v, %v; want %v", tt.in, r, ok, tt.want)
			}
			if ok && r.Title == "" {
				t.Errorf("ParseRank(%q) has no title", tt.in)
			}
		})
	}
}

// Issue 10: "Sergeant" against "сержант" must not be "different".
var compareRankTests = []struct {
	name, a, b string
	want       Agreement
}{
	{"sergeant across scripts", "Sergeant", "сержант", Same},
	{"kpa junior sergeant translated", "하사", "младший сержант", Same},
	{"kpa junior sergeant in english", "하사", "Junior Sergeant", Same},
	{"kpa sergeant major translated", "특무상사", "старшина", Same},
	{"kpa senior lieutenant translated", "상위", "ст. лейтенант", Same},
	{"kpa major general translated", "소장", "генерал-майор", Same},
	{"kpa colonel english", "상좌", "Colonel", Same},
	{"posthumous promotion one step", "하사", "중사", Related},
	{"private and pfc", "Private", "ефрейтор", Related},
	{"two steps", "하사", "상사", Different},
	{"enlisted and officer", "Sergeant", "Lieutenant", Different},
	{"or9 and of1 are not adjacent", "старший прапорщик", "лейтенант", Different},
	{"captain and major", "대위", "майор", Related},
	{"unknown side", "Sergeant", "cook", Unknown},
}

func TestCompareRanks(t *testing.T) {
	for _, tt := range compareRankTests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := ParseRank(tt.a)
			b, _ := ParseRank(tt.b)
			if got := CompareRanks(a, b); got != tt.want {
				t.Errorf("CompareRanks(%q, %q) = %v, want %v (%v, %v)", tt.a, tt.b, got, tt.want, a, b)
			}
			if got := CompareRanks(b, a); got != tt.want {
				t.Errorf("CompareRanks not symmetric on %q, %q", tt.a, tt.b)
			}
		})
	}
}

func TestRankTable(t *testing.T) {
	for i, e := range rankTable {
		if e.grade < OR1 || e.grade > OF10 || len(e.words) == 0 || e.title == "" {
			t.Errorf("rankTable[%d] = %+v: bad entry", i, e)
		}
		// Every title must parse to its own grade: the table reads itself.
		if r, ok := ParseRank(e.title); !ok || r.Grade != e.grade {
			t.Errorf("ParseRank(%q) = %v, %v; want %v", e.title, r, ok, e.grade)
		}
	}
	for _, g := range []struct {
		g    Grade
		want string
	}{{OR1, "OR-1"}, {OR9, "OR-9"}, {OF1, "OF-1"}, {OF10, "OF-10"}, {NoGrade, ""}} {
		if g.g.String() != g.want {
			t.Errorf("Grade(%d).String() = %q, want %q", g.g, g.g.String(), g.want)
		}
	}
}
