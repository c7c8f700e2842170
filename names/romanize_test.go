package names

import "testing"

// Rows cite the rule they exercise. RR: Revised Romanization of Korean
// (2000), chapters 2 and 3. MR: McCune and Reischauer (1939). DPRK:
// 조선어의 라틴문자 표기법 (2002) as KCNA writes names. Kontsevich:
// Концевич (1959, 2001).
var romanizeTests = []struct {
	name   string
	hangul string
	sys    System
	want   string
}{
	// RR 2.1: consonants, initial ㄱ ㄷ ㅂ ㅈ as g d b j.
	{"rr initial g", "김", RR, "Gim"},
	{"rr initial d", "동", RR, "Dong"},
	{"rr initial b", "박", RR, "Bak"},
	{"rr initial j", "정", RR, "Jeong"},
	{"rr aspirate ch", "철", RR, "Cheol"},
	{"rr aspirate k", "큰", RR, "Keun"},
	{"rr aspirate t", "탁", RR, "Tak"},
	{"rr aspirate p", "표", RR, "Pyo"},
	{"rr tense kk", "까", RR, "Kka"},
	{"rr tense tt", "뜻", RR, "Tteut"},
	{"rr tense pp", "빵", RR, "Ppang"},
	{"rr tense ss", "쌍", RR, "Ssang"},
	{"rr tense jj", "짱", RR, "Jjang"},
	{"rr h", "한", RR, "Han"},
	{"rr initial r", "룡", RR, "Ryong"},
	// RR 2.2 note: ㄹㄹ is ll.
	{"rr ll", "철룡", RR, "Cheollyong"},
	// RR 1: vowels.
	{"rr eo", "서", RR, "Seo"},
	{"rr eu", "은", RR, "Eun"},
	{"rr ui", "의", RR, "Ui"},
	{"rr oe", "최", RR, "Choe"},
	{"rr wi", "위", RR, "Wi"},
	{"rr wo", "원", RR, "Won"},
	{"rr wae", "왜", RR, "Wae"},
	{"rr we", "웨", RR, "We"},
	{"rr yae", "얘", RR, "Yae"},
	{"rr ye", "예", RR, "Ye"},
	{"rr yeo", "여", RR, "Yeo"},
	{"rr yu", "유", RR, "Yu"},
	{"rr yo", "요", RR, "Yo"},
	{"rr ya", "야", RR, "Ya"},
	{"rr ae", "배", RR, "Bae"},
	{"rr e", "세", RR, "Se"},
	// RR 2.1: finals k t p, ng, clusters by their sound.
	{"rr final k", "혁", RR, "Hyeok"},
	{"rr final ng", "영", RR, "Yeong"},
	{"rr final p", "갑", RR, "Gap"},
	{"rr final s is t", "옷", RR, "Ot"},
	{"rr final j is t", "낮", RR, "Nat"},
	{"rr final kk is k", "밖", RR, "Bak"},
	{"rr final ks is k", "넋", RR, "Neok"},
	{"rr final lk is k", "닭", RR, "Dak"},
	{"rr final lm is m", "삶", RR, "Sam"},
	// RR 3.4: no sound changes between the syllables of a given name (Han Boknam).
	{"rr given name no assimilation", "복남", RR, "Boknam"},

	// MR: voiceless word-initially, voiced between voiced sounds.
	{"mr initial k", "김", MR, "Kim"},
	{"mr initial p", "박", MR, "Pak"},
	{"mr initial t", "동", MR, "Tong"},
	{"mr initial ch", "정", MR, "Chŏng"},
	{"mr voiced g after ng", "정길", MR, "Chŏnggil"},
	{"mr voiced j after vowel", "대중", MR, "Taejung"},
	{"mr voiced g after n", "동건", MR, "Tonggŏn"},
	{"mr voiced b after ng", "명박", MR, "Myŏngbak"},
	{"mr voiceless after k", "석규", MR, "Sŏkkyu"},
	{"mr aspirate ch'", "철", MR, "Ch'ŏl"},
	{"mr aspirate k'", "큰", MR, "K'ŭn"},
	{"mr aspirate t'", "탁", MR, "T'ak"},
	{"mr aspirate p'", "표", MR, "P'yo"},
	{"mr shi", "신", MR, "Shin"},
	{"mr shwi", "쉬", MR, "Shwi"},
	{"mr breve o", "서", MR, "Sŏ"},
	{"mr breve u", "은", MR, "Ŭn"},
	{"mr ŭi", "의", MR, "Ŭi"},
	{"mr wŏ", "원", MR, "Wŏn"},
	{"mr yŏ", "혁", MR, "Hyŏk"},
	{"mr tense ss", "쌍", MR, "Ssang"},
	{"mr tense tch", "짱", MR, "Tchang"},
	{"mr ll", "철룡", MR, "Ch'ŏllyong"},
	{"mr plain drops breve", "은", MRPlain, "Un"},
	{"mr plain drops apostrophe", "철", MRPlain, "Chol"},

	// DPRK: ㅈ j, ㅊ ch, aspirates with h, breves dropped.
	{"dprk j", "정", DPRK, "Jong"},
	{"dprk ch", "철", DPRK, "Chol"},
	{"dprk kh", "큰", DPRK, "Khun"},
	{"dprk th", "탁", DPRK, "Thak"},
	{"dprk ph", "표", DPRK, "Phyo"},
	{"dprk initial k", "김", DPRK, "Kim"},
	{"dprk initial p", "박", DPRK, "Pak"},
	{"dprk r", "룡", DPRK, "Ryong"},
	{"dprk r kept", "리", DPRK, "Ri"},
	{"dprk eo is o", "선", DPRK, "Son"},
	{"dprk eu is u", "은", DPRK, "Un"},
	{"dprk yeo is yo", "혁", DPRK, "Hyok"},
	{"dprk ui", "희", DPRK, "Hui"},
	{"dprk wo", "원", DPRK, "Won"},
	{"dprk voiced g", "선권", DPRK, "Songwon"},
	{"dprk jj", "짱", DPRK, "Jjang"},

	// Customary South Korean spellings.
	{"customary closed eo is u", "정", Customary, "Jung"},
	{"customary closed eo is u 2", "성", Customary, "Sung"},
	{"customary open eo", "서", Customary, "Seo"},
	{"customary closed yeo is yu", "현", Customary, "Hyun"},
	{"customary open yeo", "여", Customary, "Yeo"},
	{"customary young", "영", Customary, "Young"},
	{"customary open u is oo", "수", Customary, "Soo"},
	{"customary woo", "우", Customary, "Woo"},
	{"customary joon", "준", Customary, "Joon"},
	{"customary jung for 중", "중", Customary, "Jung"},
	{"customary yoon", "윤", Customary, "Yoon"},
	{"customary hee", "희", Customary, "Hee"},
	{"customary eui", "의", Customary, "Eui"},
	{"customary shin", "신", Customary, "Shin"},
	{"customary chul", "철", Customary, "Chul"},
	{"customary initial k", "기", Customary, "Ki"},

	// Kontsevich.
	{"kontsevich k", "김", Kontsevich, "Ким"},
	{"kontsevich chh", "철", Kontsevich, "Чхоль"},
	{"kontsevich final l before consonant", "철수", Kontsevich, "Чхольсу"},
	{"kontsevich kh", "큰", Kontsevich, "Кхын"},
	{"kontsevich th", "탁", Kontsevich, "Тхак"},
	{"kontsevich ph", "표", Kontsevich, "Пхё"},
	{"kontsevich h", "한", Kontsevich, "Хан"},
	{"kontsevich final ng is n", "강", Kontsevich, "Кан"},
	{"kontsevich voiced g", "정길", Kontsevich, "Чонгиль"},
	{"kontsevich voiced dzh", "대중", Kontsevich, "Тэджун"},
	{"kontsevich voiced b", "명박", Kontsevich, "Мёнбак"},
	{"kontsevich voiced dzh after ng", "봉주", Kontsevich, "Понджу"},
	{"kontsevich final l before vowel is r", "일우", Kontsevich, "Иру"},
	{"kontsevich final ng before vowel", "정일", Kontsevich, "Чонъиль"},
	{"kontsevich ll", "철룡", Kontsevich, "Чхоллён"},
	{"kontsevich eo is o", "서", Kontsevich, "Со"},
	{"kontsevich eu is y", "은", Kontsevich, "Ын"},
	{"kontsevich ae is e", "배", Kontsevich, "Пэ"},
	{"kontsevich e after consonant", "세", Kontsevich, "Се"},
	{"kontsevich initial e", "에", Kontsevich, "Э"},
	{"kontsevich yeo", "혁", Kontsevich, "Хёк"},
	{"kontsevich initial ui", "의", Kontsevich, "Ый"},
	{"kontsevich ui after consonant", "희", Kontsevich, "Хи"},
	{"kontsevich oe", "괴", Kontsevich, "Квэ"},
	{"kontsevich tense ss", "쌍", Kontsevich, "Ссан"},
	{"kontsevich tense chch", "짱", Kontsevich, "Ччан"},
	{"kontsevich wo", "원", Kontsevich, "Вон"},
	{"kontsevich yu", "윤", Kontsevich, "Юн"},
	{"kontsevich initial r", "리", Kontsevich, "Ри"},
}

func TestRomanize(t *testing.T) {
	for _, tt := range romanizeTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Romanize(tt.hangul, tt.sys); got != tt.want {
				t.Errorf("Romanize(%q, %v) = %q, want %q", tt.hangul, tt.sys, got, tt.want)
			}
		})
	}
}

func TestRomanizeName(t *testing.T) {
	tests := []struct {
		family, given string
		sys           System
		wantF, wantG  string
	}{
		{"리", "설주", DPRK, "Ri", "Sol Ju"},
		{"최", "룡해", DPRK, "Choe", "Ryong Hae"},
		{"김", "정은", DPRK, "Kim", "Jong Un"},
		{"박", "봉주", DPRK, "Pak", "Pong Ju"},
		{"리", "선권", DPRK, "Ri", "Son Gwon"},
		{"김", "계관", DPRK, "Kim", "Kye Gwan"},
		{"현", "송월", DPRK, "Hyon", "Song Wol"},
		{"이", "철수", DPRK, "Ri", "Chol Su"}, // the DPRK writes 리
		{"이", "명박", Customary, "Lee", "Myung-bak"},
		{"반", "기문", Customary, "Ban", "Ki-moon"},
		{"노", "무현", Customary, "Noh", "Moo-hyun"},
		{"김", "대중", Customary, "Kim", "Dae-jung"},
		{"이", "철수", MR, "Yi", "Ch'ŏl-su"},
		{"정", "희", MR, "Chŏng", "Hŭi"},
		{"최", "철수", MRPlain, "Choe", "Chol-su"},
		{"김", "철수", RR, "Gim", "Cheolsu"},
		{"리", "철수", Kontsevich, "Ли", "Чхольсу"},
		{"최", "혁", Kontsevich, "Чхве", "Хёк"},
		{"", "철수", DPRK, "", "Chol Su"},
		{"Smith", "", RR, "Smith", ""},
	}
	for _, tt := range tests {
		f, g := RomanizeName(tt.family, tt.given, tt.sys)
		if f != tt.wantF || g != tt.wantG {
			t.Errorf("RomanizeName(%q, %q, %v) = %q, %q; want %q, %q", tt.family, tt.given, tt.sys, f, g, tt.wantF, tt.wantG)
		}
	}
}

func TestDecompose(t *testing.T) {
	tests := []struct{ in, want string }{
		{"김철수", "ㄱㅣㅁㅊㅓㄹㅅㅜ"},
		{"닭", "ㄷㅏㄺ"},
		{"a김", "aㄱㅣㅁ"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Decompose(tt.in); got != tt.want {
			t.Errorf("Decompose(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for r := rune(0xAC00); r <= 0xD7A3; r++ {
		s, ok := DecomposeSyllable(r)
		if !ok || s.Rune() != r {
			t.Fatalf("DecomposeSyllable(%U) = %+v, %v; does not compose back", r, s, ok)
		}
	}
	if _, ok := DecomposeSyllable('a'); ok {
		t.Error("DecomposeSyllable('a') reported a syllable")
	}
}
