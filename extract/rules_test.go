package extract

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// atomRuleTests hold, for each rule of atomRules, a sentence in which
// it is the first rule to hold for the number written there (issue 12:
// each rule testable alone); rule "" is a figure.
var atomRuleTests = []struct {
	rule, text, num string
}{
	{"too large", "Some 90000000000000 were lost.", "90000000000000"},
	{"numeric time", "It began at 14:30 today.", "14"},
	{"year-month-day", "On 2025-04-28 they left.", "2025"},
	{"day-month-year", "On 14/02/2024 they left.", "14"},
	{"year and month", "In 2023-04 they left.", "2023"},
	{"span of years", "In 2014-15 some left.", "2014"},
	{"month and year", "In 4/2023 some left.", "4"},
	{"numeric date with leading zeros", "Code 05-11 was used.", "05"},
	{"gallery counter", "1 of 12 | Rescuers search the rubble.", "1"},
	{"time zone offset", "Markets open at UTC+3 today.", "3"},
	{"digits after a word", "Two MI5 agents came.", "5"},
	{"year after a hyphened word", "Many Expo-2020 visitors came.", "2020"},
	{"digits after a hyphened word", "An F-16 jet crashed.", "16"},
	{"number sign", "Flight #17 landed.", "17"},
	{"ordinal suffix", "On the 3rd day they left.", "3"},
	{"age bracket", "Most were in their 30s.", "30"},
	{"decade", "In the 1990s many left.", "1990"},
	{"unit joined", "A 40km march began.", "40"},
	{"time of day joined", "It began at 5pm.", "5"},
	{"multiplier joined", "A 3x rise followed.", "3"},
	{"letters joined", "The 12abc model sold.", "12"},
	{"hours and minutes", "Ref 1-2/3:45 was seen.", "3"},
	{"separators after", "Ref 12/5-6 was seen.", "12"},
	{"minutes after hours", "Ref 1-2/3:45 was seen.", "45"},
	{"separators before", "Ref 12/5-6 was seen.", "5"},
	{"citation mark", "Many were killed.[3] Later more died.", "3"},
	{"digit groups after a number", "Call 0800 123 456 now.", "123 456"},
	{"currency", "They paid $5 million.", "5 million"},
	{"percent", "Some 5% of the town left.", "5"},
	{"24-hour time", "At 0930 the shelling began.", "0930"},
	{"time word after", "At 9 GMT the shelling began.", "9"},
	{"a.m. or p.m.", "At 9 a.m. the shelling began.", "9"},
	{"o'clock", "At 9 o'clock the shelling began.", "9"},
	{"day before a month", "On 24 February the war began.", "24"},
	{"day of the month", "On the 24 of February the war began.", "24"},
	{"after a month", "On April 18 the war began.", "18"},
	{"after an abbreviated month", "On Feb. 18 the war began.", "18"},
	{"year of a date", "On October 2, 2023 the war began.", "2023"},
	{"after aged", "A man aged 34 was hurt.", "34"},
	{"age range", "Boys aged 5 to 12 were hurt.", "12"},
	{"N-year-old", "A 5-year-old boy was hurt.", "5"},
	{"N years old", "He was 5 years old.", "5"},
	{"children under N", "Children under 5 were hurt.", "5"},
	{"age after a name", "Amina, 34, whose home burned, spoke.", "34"},
	{"time unit before 'old'", "A 3 day old baby was hurt.", "3"},
	{"time unit after", "Three days later they left.", "Three"},
	{"rate word after", "There are 5 daily flights.", "5"},
	{"per N", "One in every 5 homes burned.", "5"},
	{"a day, per week", "They fled at 500 a day.", "500"},
	{"unit magnitude", "A 6.8 magnitude quake struck.", "6.8"},
	{"unit after", "They walked 40 kilometres.", "40"},
	{"after magnitude", "A magnitude 6.8 quake struck.", "6.8"},
	{"fraction word after", "Two thirds of the town left.", "Two"},
	{"N in M", "One in five people left.", "One"},
	{"M of N in M", "One in five people left.", "five"},
	{"N times", "Prices rose three times.", "three"},
	{"N-fold", "A two-fold rise followed.", "two"},
	{"after 'number'", "Send it to account number 7447 today.", "7447"},
	{"label", "Resolution 2334 was passed.", "2334"},
	{"after 'No.' or 'p.'", "See p. 45 for more.", "45"},
	{"year", "In 1995 the war ended.", "1995"},
	{"compound adjective", "A two-state solution was proposed.", "two"},
	{"decimal", "The index was 3.5 overall.", "3.5"},
	{"long code", "Ref 12345678 was used.", "12345678"},
	{"determiner one", "One of the men was hurt.", "One"},
	{"one before a speaker", "One witness said it burned.", "One"},
	{"", "At least 300 soldiers were killed.", "300"},
	{"", "A 300-strong force arrived.", "300"},
	{"", "In 2024 2000 people fled.", "2000"},
}

// TestAtomRules checks that each rule holds, first of all, on its own
// example, and that every rule has one: the rules can be read, and
// changed, one at a time.
func TestAtomRules(t *testing.T) {
	tested := map[string]bool{}
	for _, tc := range atomRuleTests {
		tested[tc.rule] = true
		t.Run(tc.rule+"/"+tc.text, func(t *testing.T) {
			toks := tokenize(nil, tc.text, 0, len(tc.text), lowerASCII(tc.text))
			atoms := findAtoms(toks, nil)
			for i := range atoms {
				a := &atoms[i]
				if tc.text[toks[a.t0].s:toks[a.t1-1].e] != tc.num {
					continue
				}
				got := ""
				var c numCtx
				c.reset(toks, a)
				if r := classifyAtom(&c); r != nil {
					got = r.name
				}
				if got != tc.rule {
					t.Errorf("%q in %q: rule %q, want %q", tc.num, tc.text, got, tc.rule)
				}
				return
			}
			t.Fatalf("no number %q in %q", tc.num, tc.text)
		})
	}
	seen := map[string]bool{}
	for _, r := range atomRules {
		if seen[r.name] {
			t.Errorf("two rules named %q", r.name)
		}
		seen[r.name] = true
		if !tested[r.name] {
			t.Errorf("rule %q has no example in atomRuleTests", r.name)
		}
		if r.kind == "" || r.why == "" || strings.TrimSpace(r.name) != r.name {
			t.Errorf("rule %q: kind %q, why %q", r.name, r.kind, r.why)
		}
	}
}

// idiomRuleTests hold, for each rule of idiomRules, words whose first
// word starts the idiom it is the first rule to read (or to stop at),
// with the words and measure it gives.
var idiomRuleTests = []struct {
	rule, text, words string
	measure           reckon.Measure
}{
	{"the ultimate price", "paid the ultimate price", "paid the ultimate price", reckon.Killed},
	{"lost at sea", "lost at sea", "lost at sea", reckon.Killed},
	{"laid to rest", "laid to rest", "laid to rest", reckon.Killed},
	{"made their lives (no loss)", "made their lives here", "", ""},
	{"gave their lives", "laid down their lives", "laid their lives", reckon.Killed},
	{"lost their homes", "lost their homes", "lost homes", reckon.Displaced},
	{"fell ill", "fell ill", "fell ill", reckon.OtherCount},
	{"fell into enemy hands", "fell into enemy hands", "fell into enemy hands", reckon.Captured},
	{"fell into (no idiom)", "fell into a river", "", ""},
	{"became in (no idiom)", "became in effect", "", ""},
	{"fell with no place (no idiom)", "fell to death", "", ""},
	{"fell in battle", "fell in the battle", "fell in battle", reckon.Killed},
	{"did (no negation)", "did return", "", ""},
	{"did not return", "didn't return", "did not return", reckon.Killed},
	{"did not come back", "never came back", "did not came back", reckon.Killed},
	{"forced from their homes", "forced from their homes", "forced from their homes", reckon.Displaced},
	{"forced to flee", "ordered to evacuate", "ordered to evacuate", reckon.Displaced},
	{"sheltered (a predicate word)", "sheltered in place", "", ""},
	{"sought refuge", "sought refuge", "sought refuge", reckon.Displaced},
	{"buried, not under rubble (no idiom)", "buried in a cemetery", "", ""},
	{"under the rubble", "buried under the rubble", "buried the rubble", reckon.Missing},
	{"in custody", "in custody", "in custody", reckon.Captured},
	{"in enemy hands", "in rebel hands", "in rebel hands", reckon.Captured},
	{"in shelters", "remain in temporary shelters", "in shelters", reckon.Displaced},
	{"rounded up", "rounded up", "rounded up", reckon.Captured},
	{"held by", "held by rebels", "held by", reckon.Captured},
	{"being held", "being held.", "being held", reckon.Captured},
	{"went down with the ship", "went down with the ferry", "went down with the ferry", reckon.Killed},
	{"treated for wounds", "for gunshot wounds", "treated for wounds", reckon.Wounded},
	{"to death", "burned to death", "burned to death", reckon.Killed},
}

// TestIdiomRules checks each idiom rule alone on its example, and that
// every rule has one.
func TestIdiomRules(t *testing.T) {
	tested := map[string]bool{}
	for _, tc := range idiomRuleTests {
		tested[tc.rule] = true
		toks := tokenize(nil, tc.text, 0, len(tc.text), lowerASCII(tc.text))
		k := 0
		if tc.rule == "in shelters" || tc.rule == "being held" {
			k = 1 // the idiom starts after the verb it needs
		}
		r, words, _ := idiomRuleAt(toks, k)
		name := ""
		if r != nil {
			name = r.name
		}
		m, w, _ := idiomAt(toks, k)
		if name != tc.rule || w != tc.words || m != tc.measure {
			t.Errorf("%q: rule %q (%q), idiomAt %q %q; want rule %q, %q %q", tc.text, name, words, m, w, tc.rule, tc.measure, tc.words)
		}
	}
	for _, r := range idiomRules {
		if !tested[r.name] {
			t.Errorf("idiom rule %q has no example in idiomRuleTests", r.name)
		}
	}
}

// measureRuleTests hold, for each rule of enMeasureRules, a sentence in
// which it decides the measure of the figure span, with the measure and
// the words that fill its reason.
var measureRuleTests = []struct {
	rule, text, span string
	measure          reckon.Measure
	w1, w2           string
}{
	{"whole of a share", "Some 90 percent of the territory's 2.3 million people have fled.", "2.3 million", reckon.OtherCount, "", ""},
	{"status describing people", "Rebels captured 2 wounded soldiers on Monday.", "2", reckon.Captured, "captured", "wounded"},
	{"casualty noun", "There were 12 deaths in the village.", "12", reckon.Killed, "deaths", ""},
	{"thing counted", "Shelling destroyed 40 houses.", "40", reckon.OtherCount, "houses", ""},
	{"predicate after", "At least 300 soldiers were killed.", "At least 300", reckon.Killed, "killed", ""},
	{"breakdown in brackets", "Rescuers found 14 bodies (nine men and five women).", "nine", reckon.Killed, "14", ""},
	{"part of a total", "Some 50 people died, including 20 children.", "20", reckon.Killed, "Some 50", "including"},
	{"appositive thing", "The vehicles, about a dozen in all, arrived.", "about a dozen", reckon.OtherCount, "vehicles", ""},
	{"verb right before", "The blast killed 14.", "14", reckon.Killed, "killed", ""},
	{"force, verb later in the clause", "About 300 troops, sent last year, have also been killed in the fighting.", "About 300", reckon.Killed, "killed", ""},
	{"force", "The 10,000 troops arrived.", "10,000", reckon.Deployed, "troops", ""},
	{"unknown noun", "There were 40 widgets in the box.", "40", reckon.OtherCount, "widgets", ""},
	{"measure word earlier in the clause", "The victims included many thousands from the city.", "many thousands", reckon.Casualties, "victims", ""},
	{"table column", "| Date | Killed | Wounded |\n|---|---|---|\n| 2024-05-01 | 6 | 21 |", "21", reckon.Wounded, "wounded", ""},
	{"same as the figure before", "Rescuers found 14 bodies (nine men and five women).", "five", reckon.Killed, "nine", ""},
	{"said of it", "Some 195 came out unhurt.", "Some 195", reckon.OtherCount, "came", ""},
	{"people, no casualty word", "About 500 people gathered in the square.", "About 500", reckon.OtherCount, "people", ""},
	{"no cue", "It was 45.", "45", reckon.Killed, "", ""},
}

// TestMeasureRules checks each measure rule alone: on its example the
// claim's measure and reason are the rule's, and every rule has one.
func TestMeasureRules(t *testing.T) {
	rules := map[string]*measureRule{}
	for i := range enMeasureRules {
		rules[enMeasureRules[i].name] = &enMeasureRules[i]
	}
	tested := map[string]bool{}
	for _, tc := range measureRuleTests {
		tested[tc.rule] = true
		r := rules[tc.rule]
		if r == nil {
			t.Errorf("no measure rule %q", tc.rule)
			continue
		}
		why := r.why.fill(tc.w1, tc.w2)
		want := "measure: " + string(tc.measure) + " <- " + strings.Join(why[:], "")
		got := ""
		for _, c := range Extract(tc.text) {
			if c.Span != tc.span {
				continue
			}
			for _, w := range c.Why {
				if strings.HasPrefix(w, "measure: ") {
					got = w
				}
			}
		}
		if got != want {
			t.Errorf("%s: %q in %q: %q, want %q", tc.rule, tc.span, tc.text, got, want)
		}
	}
	for _, r := range enMeasureRules {
		if !tested[r.name] {
			t.Errorf("measure rule %q has no example in measureRuleTests", r.name)
		}
	}
}
