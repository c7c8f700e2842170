package names

import (
	"slices"
	"strings"
	"testing"
)

// TestEquivalences lists the spellings that must meet (issue 3, "Names").
func TestEquivalences(t *testing.T) {
	groups := [][]string{
		{"Kim", "Gim", "KIM", "Ким", "김"},
		{"Ri", "Lee", "Yi", "Rhee", "I", "Li", "Ли", "Ри", "리", "이"},
		{"Choe", "Choi", "Chwe", "Ch'oe", "Tsoi", "Чхве", "Цой", "최"},
		{"Pak", "Park", "Bak", "Пак", "박"},
		{"Jong", "Jung", "Jeong", "Chong", "Chŏng", "Chung", "Чон", "Тен", "정"},
		{"Chol", "Cheol", "Chŏl", "Ch'ŏl", "Chʼŏl", "Ch’ŏl", "Chul", "Чхоль", "철"},
		{"Hyok", "Hyeok", "Hyŏk", "Hyuk", "Хёк", "혁"},
		{"Rim", "Lim", "Im", "Yim", "Рим", "Лим", "림", "임"},
		{"Ryu", "Yoo", "Yu", "Lyu", "Рю", "Ю", "류", "유"},
		{"Ro", "Roh", "Noh", "No", "Ро", "Но", "로", "노"},
		{"Yun", "Yoon", "Youn", "Юн", "윤"},
		{"Kang", "Gang", "Кан", "강"},
		{"Jo", "Cho", "Чо", "조"},
		{"Jang", "Chang", "Чан", "장"},
		{"Shin", "Sin", "Син", "Шин", "신"},
		{"Kwon", "Gwon", "Kweon", "Квон", "권"},
		{"Ahn", "An", "Ан", "안"},
		{"Oh", "O", "О", "오"},
		{"Hur", "Heo", "Huh", "Ho", "Хо", "허"},
		{"Chol Su", "Chol-su", "Cholsu", "Cheolsu", "Cheol-su", "Ch'ŏl-su", "Chul-soo", "Чхольсу", "Чхоль Су", "Чхоль-Су", "철수", "철 수"},
		{"Jong Un", "Jong-un", "Jeongeun", "Jeong-eun", "Chŏng-ŭn", "Чон Ын", "Чонын", "정은"},
		{"Ryong Hae", "Ryonghae", "Ryong-hae", "Рёнхэ", "Рён Хэ", "룡해"},
		{"Young-ho", "Yong Ho", "Yeongho", "Ёнхо", "영호"},
		{"Hee", "Hui", "Hŭi", "Хи", "희"},
		{"Song Il", "Songil", "Seong-il", "Сон Ир", "Сонъиль", "성일"},
		// A break in the wrong place reads as one word.
		{"Kis-oo", "Ki-soo", "Kisoo", "Ки Су", "기수"},
		{"Ji-nhoon", "Jin-hoon", "Jinhoon", "진훈"},
	}
	for _, g := range groups {
		want := KoreanKeys(g[len(g)-1])
		if len(want) != 1 {
			t.Fatalf("KoreanKeys(%q) = %v, want one key", g[len(g)-1], want)
		}
		for _, s := range g {
			got := KoreanKeys(s)
			if !KeysMeet(got, want) {
				t.Errorf("KoreanKeys(%q) = %v; does not meet %q %v", s, got, g[len(g)-1], want)
			}
		}
	}
}

// TestDistinct lists names that must not meet.
func TestDistinct(t *testing.T) {
	pairs := [][2]string{
		{"Kim", "Pak"}, {"김", "박"}, {"Ri", "Rim"}, {"Choe", "Jo"}, {"정", "전"},
		{"Jong", "Jon"}, {"Kang", "Han"}, {"Chol", "Chon"}, {"Hyok", "Hyon"},
		{"Cholsu", "Cholho"}, {"오", "노"}, {"An", "Nan"},
	}
	for _, p := range pairs {
		a, b := KoreanKeys(p[0]), KoreanKeys(p[1])
		if KeysMeet(a, b) {
			t.Errorf("%q %v meets %q %v", p[0], a, p[1], b)
		}
	}
	for _, s := range []string{"Ivanov", "Свердликово", "Sverdlikovo", "Smith", "", "  ", "Kim1", "金"} {
		if ks := KoreanKeys(s); ks != nil {
			t.Errorf("KoreanKeys(%q) = %v, want nil", s, ks)
		}
	}
}

// TestRoundTrip writes Hangul names in every system and checks that each
// spelling meets the key of the Hangul.
func TestRoundTrip(t *testing.T) {
	givens := []string{
		"철수", "영호", "광혁", "성민", "명철", "정일", "은별", "혁", "룡해", "설주", "경택", "일우",
		"봉주", "선권", "계관", "송월", "동건", "대중", "무현", "희", "의석", "원철", "창룡", "윤호",
		"학철", "금성", "세훈", "현우", "준영", "충국", "광명", "남혁", "춘식", "덕영", "용남",
	}
	fails := 0
	for _, s := range surnameTable {
		for _, h := range []string{s.Hangul, s.North} {
			for _, g := range givens {
				wantF, _ := HangulKey(h)
				wantG, _ := HangulKey(g)
				for sys := RR; sys <= Kontsevich; sys++ {
					f, gv := RomanizeName(h, g, sys)
					if ks := KoreanKeys(f); !slices.Contains(ks, wantF) {
						t.Errorf("%s: family %s %q has keys %v, want %s", sys, h, f, ks, wantF)
						fails++
					}
					if ks := KoreanKeys(gv); !slices.Contains(ks, wantG) {
						t.Errorf("%s: given %s %q has keys %v, want %s", sys, g, gv, ks, wantG)
						fails++
					}
					if fails > 20 {
						t.Fatal("too many failures")
					}
				}
			}
		}
	}
}

// TestSurnameSpellings checks that every spelling in the table gives the
// keys of its surname.
func TestSurnameSpellings(t *testing.T) {
	for i, s := range surnameTable {
		want := surnameKeys()[i]
		spellings := append(append(append([]string{s.Hangul, s.North}, s.Customary...), s.Cyrillic...), s.Ukrainian...)
		for _, sp := range spellings {
			if got := KoreanKeys(sp); !KeysMeet(got, want) {
				t.Errorf("%s: KoreanKeys(%q) = %v, want to meet %v", s.Hangul, sp, got, want)
			}
			if !IsSurname(sp) {
				t.Errorf("IsSurname(%q) = false", sp)
			}
		}
	}
	if got := len(surnameTable); got < 95 {
		t.Errorf("surname table has %d rows, want about 100", got)
	}
	total := 0.0
	for _, s := range Surnames() {
		total += s.Share
	}
	if total < 90 || total > 100 {
		t.Errorf("surname shares sum to %.1f%%, want 90..100", total)
	}
	ss := Surnames()
	if ss[0].Hangul != "김" || ss[1].Hangul != "이" || ss[2].Hangul != "박" {
		t.Errorf("Surnames() starts %s %s %s, want 김 이 박", ss[0].Hangul, ss[1].Hangul, ss[2].Hangul)
	}
	got, ok := LookupSurname("Chon")
	if !ok || len(got) < 2 {
		t.Errorf("LookupSurname(Chon) = %v, want 전 and 천", got)
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"김", []string{"KiM"}},
		{"Kim", []string{"KiM", "~KM"}},
		{"Ivanov", []string{"~AVNV"}},
		{"Иванов", []string{"~AVNV"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Keys(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Keys(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// Long or hostile input stays bounded.
	long := strings.Repeat("a", 200)
	if ks := KoreanKeys(long); len(ks) > maxKeys {
		t.Errorf("KoreanKeys(200 a) has %d keys", len(ks))
	}
	many := strings.Repeat("jongil ", 20)
	if ks := KoreanKeys(many); len(ks) > maxKeys {
		t.Errorf("KoreanKeys(jongil×20) has %d keys", len(ks))
	}
}
