package extract

import "testing"

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Lang
	}{
		{"At least 600 North Korean soldiers were killed, the NIS said.", English},
		{"국가정보원은 북한군 600여 명이 사망했다고 밝혔다.", Korean},
		{"По данным разведки, погибли более 600 северокорейских военных.", Russian},
		{"За даними розвідки, загинули понад 600 північнокорейських військових.", Ukrainian},
		{"Всего 300 человек, а не 200.", Russian},
		{"Kim Jong Un (김정은) said 250 soldiers died.", English},
		{"", English},
		{"1 234 560 (+1 230)", English},
		{"Дев'ятеро з них загинули.", Ukrainian},                      // issue 13: apostrophe and "з"
		{"Наймолодшому захиснику 23, а найстаршому – 63.", Ukrainian}, // issue 13: "най-"
		{"Из них 600 погибли.", Russian},
	} {
		if got := Detect(tc.text); got != tc.want {
			t.Errorf("Detect(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"": Auto, "auto": Auto, "EN": English, "ko": Korean, " ru ": Russian, "uk": Ukrainian} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseLang("de"); err == nil {
		t.Error(`ParseLang("de") succeeded`)
	}
}

func TestExtractLangFallsBackToEnglish(t *testing.T) {
	text := "At least 600 soldiers were killed."
	if got, want := len(ExtractLang(text, Auto)), len(Extract(text)); got != want || got == 0 {
		t.Errorf("ExtractLang found %d claims, Extract %d", got, want)
	}
}
