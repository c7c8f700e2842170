package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// want is what a test expects of one claim; empty fields are not checked
// except Attr and Date, where "-" means none.
type want struct {
	span, measure, qual, iv string
	attr, date, cites       string
	projected               bool
}

// ruleTests are sentences written for these tests, one or more per rule of
// the annotation guide (shared/data/claims-dev/GUIDE.md); none is quoted
// from the development or held-out sets.
var ruleTests = []struct {
	name string
	text string
	want []want
}{
	// §3 measures
	{"killed, verb before", "Flash floods killed 43 people in the valley.",
		[]want{{span: "43", measure: "killed", qual: "exact", iv: "[43, 43]", attr: "-"}}},
	{"killed, noun", "Officials recorded 112 deaths in the province.",
		[]want{{span: "112", measure: "killed", iv: "[112, 112]", attr: "Officials"}}},
	{"wounded, verb before", "The explosion injured 58 passengers.",
		[]want{{span: "58", measure: "wounded"}}},
	{"missing", "At least 30 sailors remain unaccounted for.",
		[]want{{span: "At least 30", measure: "missing", qual: "at_least", iv: "[30, ∞)"}}},
	{"captured, noun", "The militia is holding 27 hostages.",
		[]want{{span: "27", measure: "captured"}}},
	{"captured, exchanged prisoners", "The two sides exchanged 390 prisoners on Friday.",
		[]want{{span: "two", measure: "other_count"}, {span: "390", measure: "captured"}}},
	{"deployed, sent", "The alliance sent 4,000 troops to the border.",
		[]want{{span: "4,000", measure: "deployed", iv: "[4000, 4000]"}}},
	{"deployed, strength", "A 20,000-strong force crossed the river.",
		[]want{{span: "20,000", measure: "deployed"}}},
	{"deployed, force of", "The garrison, a force of about 650, held the fort.",
		[]want{{span: "about 650", measure: "deployed", qual: "about", iv: "[585, 715]"}}},
	{"displaced", "More than 9,000 people fled their homes.",
		[]want{{span: "More than 9,000", measure: "displaced", qual: "more_than", iv: "[9001, ∞)"}}},
	{"displaced, homeless", "The storm left 2,400 families homeless.",
		[]want{{span: "2,400", measure: "displaced"}}},
	{"casualties", "The battalion suffered 140 casualties.",
		[]want{{span: "140", measure: "casualties"}}},
	{"casualties, killed or wounded", "Some 60 soldiers were killed or wounded.",
		[]want{{span: "Some 60", measure: "casualties", qual: "about", iv: "[54, 66]"}}},
	{"killed, bodies recovered", "Divers recovered 19 bodies from the lake.",
		[]want{{span: "19", measure: "killed"}}},
	{"killed, died of wounds", "Nine more died of their wounds in hospital.",
		[]want{{span: "Nine", measure: "killed"}}},
	{"wounded, mortally", "Two officers were mortally wounded.",
		[]want{{span: "Two", measure: "wounded"}}},
	{"other count, things", "Engineers repaired 14 bridges and 120 km of road.",
		[]want{{span: "14", measure: "other_count"}}},
	{"other count, people not casualties", "Only 21 of the 48 district chiefs attended.",
		[]want{{span: "21", measure: "other_count"}, {span: "48", measure: "other_count"}}},
	{"dead and wounded", "The raid left 12 dead and 30 wounded.",
		[]want{{span: "12", measure: "killed"}, {span: "30", measure: "wounded"}}},
	{"death toll rose to", "The death toll from the mudslides has risen to 87, rescuers said.",
		[]want{{span: "87", measure: "killed", qual: "exact", iv: "[87, 87]", attr: "rescuers"}}},
	{"number of injured exceeded", "The number of injured has exceeded 2,000.",
		[]want{{span: "exceeded 2,000", measure: "wounded", qual: "more_than", iv: "[2001, ∞)"}}},

	// §4 qualifiers
	{"N or more", "200 or more homes were flattened.",
		[]want{{span: "200 or more", measure: "other_count", qual: "at_least", iv: "[200, ∞)"}}},
	{"no fewer than", "No fewer than 45 civilians died.",
		[]want{{span: "No fewer than 45", qual: "at_least", iv: "[45, ∞)"}}},
	{"plus sign", "The monitor lists 5,600+ killed.",
		[]want{{span: "5,600+", measure: "killed", qual: "at_least", iv: "[5600, ∞)"}}},
	{"over", "Over 300 soldiers surrendered.",
		[]want{{span: "Over 300", measure: "captured", qual: "more_than", iv: "[301, ∞)"}}},
	{"tops", "Quake toll tops 1,000",
		[]want{{span: "tops 1,000", measure: "killed", qual: "more_than", iv: "[1001, ∞)"}}},
	{"upwards of", "Upwards of 700 volunteers joined the search.",
		[]want{{span: "Upwards of 700", qual: "more_than", iv: "[701, ∞)"}}},
	{"may have exceeded", "Deaths may have exceeded 10,000, the report said.",
		[]want{{span: "may have exceeded 10,000", measure: "killed", qual: "more_than", iv: "[10001, ∞)", attr: "the report"}}},
	{"could top is projected", "Officials warned the toll could top 500.",
		[]want{{span: "could top 500", measure: "killed", qual: "more_than", iv: "[501, ∞)", projected: true}}},
	{"at most", "At most 50 fighters remain in the town.",
		[]want{{span: "At most 50", measure: "deployed", qual: "at_most", iv: "(−∞, 50]"}}},
	{"no more than", "No more than 80 people were evacuated.",
		[]want{{span: "No more than 80", measure: "displaced", qual: "at_most", iv: "(−∞, 80]"}}},
	{"fewer than is strict", "Fewer than 20 patients remain in the hospital.",
		[]want{{span: "Fewer than 20", qual: "at_most", iv: "(−∞, 19]"}}},
	{"under is strict", "Under 100 residents stayed behind.",
		[]want{{span: "Under 100", qual: "at_most", iv: "(−∞, 99]"}}},
	{"south of is strict", "Estimates put the dead somewhere south of 500.",
		[]want{{span: "somewhere south of 500", qual: "at_most", iv: "(−∞, 499]"}}},
	{"up to", "Up to 3,000 troops will be deployed next month.",
		[]want{{span: "Up to 3,000", measure: "deployed", qual: "up_to", iv: "(−∞, 3000]", projected: true}}},
	{"as many as", "As many as 15,000 people may be trapped.",
		[]want{{span: "As many as 15,000", measure: "missing", qual: "up_to", iv: "(−∞, 15000]"}}},
	{"could grow to", "The number of refugees could grow to 100,000, the agency warned.",
		[]want{{span: "could grow to 100,000", measure: "displaced", qual: "up_to", iv: "(−∞, 100000]", attr: "the agency", projected: true}}},
	{"about rounds half to even", "About 2,000 people died.",
		[]want{{span: "About 2,000", qual: "about", iv: "[1800, 2200]"}}},
	{"approximately", "Approximately 1,500 troops make up each unit.",
		[]want{{span: "Approximately 1,500", measure: "deployed", qual: "about", iv: "[1350, 1650]"}}},
	{"an estimated", "An estimated 45 people drowned.",
		[]want{{span: "An estimated 45", measure: "killed", qual: "about", iv: "[40, 50]"}}},
	{"nearly", "Nearly 700 homes were damaged.",
		[]want{{span: "Nearly 700", qual: "about", iv: "[630, 699]"}}},
	{"close to", "Close to 90 people are still missing.",
		[]want{{span: "Close to 90", measure: "missing", qual: "about", iv: "[81, 89]"}}},
	{"between and", "Between 400 and 500 fighters were killed.",
		[]want{{span: "Between 400 and 500", measure: "killed", qual: "range", iv: "[400, 500]"}}},
	{"A to B", "Officials said 150 to 200 people were missing.",
		[]want{{span: "150 to 200", measure: "missing", qual: "range", iv: "[150, 200]"}}},
	{"A-B", "A column of 650-900 men set out at dawn.",
		[]want{{span: "650-900", measure: "deployed", qual: "range", iv: "[650, 900]"}}},
	{"A–B en dash", "The blast killed 30–40 people.",
		[]want{{span: "30–40", measure: "killed", qual: "range", iv: "[30, 40]"}}},
	{"A - B spaced", "The blast killed 30 - 40 people.",
		[]want{{span: "30 - 40", qual: "range", iv: "[30, 40]"}}},
	{"ranging from", "Estimates ranging from 8,000 to 12,000 dead have been published.",
		[]want{{span: "8,000 to 12,000", measure: "killed", qual: "range", iv: "[8000, 12000]"}}},
	{"multiplier on both ends", "Between 20 and 30 thousand people fled.",
		[]want{{span: "Between 20 and 30 thousand", measure: "displaced", qual: "range", iv: "[20000, 30000]"}}},
	{"about before a range keeps its ends", "His force of about 650-900 troops moved north.",
		[]want{{span: "about 650-900", measure: "deployed", qual: "range", iv: "[650, 900]"}}},
	{"roughly between keeps its ends", "Roughly between 300 and 400 people were buried there.",
		[]want{{span: "Roughly between 300 and 400", qual: "range", iv: "[300, 400]"}}},
	{"qualified ends", "Reports of the dead ranged from around 50 to over 90.",
		[]want{{span: "around 50 to over 90", qual: "range", iv: "[45, ∞)"}}},
	{"vague to qualified end", "Estimates of the dead range from several hundred to more than 600.",
		// "Estimates" names no source (issue 13), though the guide's worked example has it.
		[]want{{span: "several hundred to more than 600", measure: "killed", qual: "range", iv: "[300, ∞)", attr: "-"}}},
	{"vague", "Hundreds of people were arrested.",
		[]want{{span: "Hundreds", measure: "captured", qual: "vague", iv: "[200, 999]"}}},
	{"thousands more", "Thousands more are believed to have been wounded.",
		[]want{{span: "Thousands", measure: "wounded", qual: "vague", iv: "[2000, 9999]"}}},
	{"at least several hundred", "At least several hundred people died.",
		[]want{{span: "At least several hundred", qual: "at_least", iv: "[300, ∞)"}}},
	{"a dozen is about", "A dozen villagers were abducted.",
		[]want{{span: "A dozen", measure: "captured", qual: "about", iv: "[11, 13]"}}},
	{"some two dozen", "Some two dozen shops burned.",
		[]want{{span: "Some two dozen", qual: "about", iv: "[22, 26]"}}},
	{"over a dozen", "Over a dozen drones were shot down.",
		[]want{{span: "Over a dozen", measure: "other_count", qual: "more_than", iv: "[13, ∞)"}}},
	{"two dozen is exact", "Two dozen fishermen are missing.",
		[]want{{span: "Two dozen", measure: "missing", qual: "exact", iv: "[24, 24]"}}},
	{"half a million", "Half a million people have fled.",
		[]want{{span: "Half a million", measure: "displaced", iv: "[500000, 500000]"}}},
	{"250k", "The war has displaced 250k people.",
		[]want{{span: "250k", measure: "displaced", iv: "[250000, 250000]"}}},
	{"spelled out", "One hundred and sixty men held the ridge.",
		[]want{{span: "One hundred and sixty", measure: "deployed", iv: "[160, 160]"}}},
	{"distributive", "At least 400 houses, 12 schools and three bridges were damaged.",
		[]want{{span: "At least 400", qual: "at_least", iv: "[400, ∞)"},
			{span: "12", qual: "at_least", iv: "[12, ∞)"},
			{span: "three", qual: "at_least", iv: "[3, ∞)"}}},
	{"not distributive across predicates", "At least 9 people were killed and 14 others wounded.",
		[]want{{span: "At least 9", measure: "killed", qual: "at_least"}, {span: "14", measure: "wounded", qual: "exact", iv: "[14, 14]"}}},
	{"not distributive into including", "At least 1,200 people died, including 300 children.",
		[]want{{span: "At least 1,200", qual: "at_least"}, {span: "300", measure: "killed", qual: "exact"}}},
	{"relative figure", "About 2,000 were killed and perhaps twice as many wounded.",
		[]want{{span: "About 2,000", measure: "killed"}, {span: "twice as many", measure: "wounded", qual: "about", iv: "[3600, 4400]"}}},
	{"relative figure, exact", "40 hostages were freed in return for twice as many prisoners.",
		[]want{{span: "40", measure: "captured"}, {span: "twice as many", measure: "captured", qual: "exact", iv: "[80, 80]"}}},
	{"point estimate with bounds", "Their central estimate of deaths is 9,200 (with a lower estimate of 7,100 and an upper estimate of 12,400).",
		[]want{{span: "9,200", measure: "killed", qual: "about", iv: "[7100, 12400]"},
			{span: "lower estimate of 7,100", qual: "at_least", iv: "[7100, ∞)"},
			{span: "upper estimate of 12,400", qual: "at_most", iv: "(−∞, 12400]"}}},
	{"a change is not a range", "The toll rose from 300 to 500 overnight.",
		[]want{{span: "300", measure: "killed", qual: "exact"}, {span: "500", measure: "killed", qual: "exact"}}},
	{"remains of", "The remains of 88 soldiers were returned.",
		[]want{{span: "88", measure: "killed"}}},
	{"hedges do not change the qualifier", "Reportedly 350 people were killed, a conservative estimate.",
		[]want{{span: "350", qual: "exact", iv: "[350, 350]"}}},

	// §6 attribution, cites, date
	{"said, citing", "The agency reported that about 500 soldiers were killed, citing a defence publisher.",
		[]want{{span: "about 500", attr: "The agency", cites: "a defence publisher"}}},
	{"citing first", "Citing hospital records, the newspaper said 41 people had died.",
		[]want{{span: "41", attr: "the newspaper", cites: "hospital records"}}},
	{"according to", "Some 80 people drowned, according to the coast guard.",
		[]want{{span: "Some 80", attr: "the coast guard"}}},
	{"said X", "At least 14 miners are trapped, said the mine's owner.",
		[]want{{span: "At least 14", measure: "missing", attr: "the mine's owner"}}},
	{"pronoun", "He said 12 of his men had been captured.",
		[]want{{span: "12", measure: "captured", attr: "He"}}},
	{"possessive source", "The ministry's tally shows 35 dead.",
		[]want{{span: "35", measure: "killed", attr: "The ministry's tally"}}},
	{"two sources", "Police said at least 15 people were killed, while residents said nearly 30 died.",
		[]want{{span: "at least 15", attr: "Police"}, {span: "nearly 30", attr: "residents", iv: "[27, 29]"}}},
	{"date after verb", "Eight people were killed, the governor said on Monday.",
		[]want{{span: "Eight", attr: "the governor", date: "Monday"}}},
	{"date before source", "On Saturday, the health office said 31 people had died.",
		[]want{{span: "31", attr: "the health office", date: "Saturday"}}},
	{"as of", "The toll stood at 1,211 as of October 2, officials said.",
		[]want{{span: "1,211", attr: "officials", date: "as of October 2"}}},
	{"previous day", "The ministry said the previous day that 17 soldiers had been killed.",
		[]want{{span: "17", attr: "The ministry", date: "the previous day"}}},
	{"event date is not a date", "At least 70 people were killed in the March 3 attack.",
		[]want{{span: "At least 70", attr: "-", date: "-"}}},
	{"projected plan", "The government plans to send 2,000 more troops.",
		[]want{{span: "2,000", measure: "deployed", attr: "The government", projected: true}}},
	{"expected to exceed", "The toll is expected to exceed 3,000.",
		[]want{{span: "exceed 3,000", measure: "killed", qual: "more_than", iv: "[3001, ∞)", projected: true}}},

	// Partitives: the predicate after "N of the X's Y" is said of N; the
	// whole ("the convoy's 30 drivers") keeps its own noun.
	{"partitive with a possessor", "Some 900 of the garrison's soldiers were wounded in the siege.",
		[]want{{span: "Some 900", measure: "wounded", qual: "about", iv: "[810, 990]"}}},
	{"partitive with a name's possessor", "More than 50 of Gaza's journalists have been killed, a press group said.",
		[]want{{span: "More than 50", measure: "killed", attr: "a press group"}}},
	{"partitive, far predicate", "Roughly 2,000 of the republic's conscripts are believed to have gone missing.",
		[]want{{span: "Roughly 2,000", measure: "missing"}}},
	{"partitive whole", "Nine of the convoy's 30 drivers were taken hostage.",
		[]want{{span: "Nine", measure: "captured"}, {span: "30", measure: "other_count"}}},
	{"partitive whole, place between", "Over 100 of the 700 migrants on the boat are feared drowned.",
		[]want{{span: "Over 100", measure: "killed"}, {span: "700", measure: "other_count"}}},
	{"coordinated nouns", "More than 200 women and children were killed in the raid.",
		[]want{{span: "More than 200", measure: "killed"}}},

	// Idioms of death, capture and flight (guide §3).
	{"gave their lives", "Hundreds of volunteers gave their lives in the epidemic.",
		[]want{{span: "Hundreds", measure: "killed", iv: "[200, 999]"}}},
	{"laid down their lives", "Some 40 rangers laid down their lives defending the park.",
		[]want{{span: "Some 40", measure: "killed"}}},
	{"fell in action", "At least 80 marines fell in action on the beach.",
		[]want{{span: "At least 80", measure: "killed"}}},
	{"never came back", "Some 15 climbers never came back from the expedition.",
		[]want{{span: "Some 15", measure: "killed"}}},
	{"did not make it back", "Four of the pilots did not make it back.",
		[]want{{span: "Four", measure: "killed"}}},
	{"burned to death", "Twenty-two workers were burned to death in the factory fire.",
		[]want{{span: "Twenty-two", measure: "killed", iv: "[22, 22]"}}},
	{"sought refuge", "Around 3,000 villagers sought refuge in the monastery.",
		[]want{{span: "Around 3,000", measure: "displaced"}}},
	{"driven out of their homes", "At least 300 families were driven out of their homes by the militia.",
		[]want{{span: "At least 300", measure: "displaced"}}},
	{"forced to flee", "Nearly 9,000 people were forced to flee the fighting.",
		[]want{{span: "Nearly 9,000", measure: "displaced"}}},
	{"in custody", "About 45 activists remain in custody.",
		[]want{{span: "About 45", measure: "captured"}}},
	{"buried under debris", "Some 70 miners remain buried under the debris.",
		[]want{{span: "Some 70", measure: "missing"}}},
	{"under the rubble", "Rescuers believe 30 more are under the rubble.",
		[]want{{span: "30", measure: "missing"}}},
	{"released, passive", "Fourteen aid workers were released on Tuesday, the group said.",
		[]want{{span: "Fourteen", measure: "captured", attr: "the group"}}},
	{"released from hospital is not release from captivity", "Sixty patients were released from hospital.",
		[]want{{span: "Sixty", measure: "other_count"}}},
	{"treated for wounds", "Medics treated 64 people for shrapnel wounds.",
		[]want{{span: "64", measure: "wounded"}}},
	{"search for", "Divers are still searching for 6 fishermen.",
		[]want{{span: "6", measure: "missing"}}},
	{"scores before a predicate", "Three people died and scores more were hurt.",
		[]want{{span: "Three", measure: "killed"}, {span: "scores", measure: "wounded", qual: "vague", iv: "[40, 199]"}}},

	{"a status the predicate changes", "At least 9 of the hostages have died in captivity.",
		[]want{{span: "At least 9", measure: "killed"}}},
	{"prisoners executed", "Seven prisoners were hanged on Tuesday.",
		[]want{{span: "Seven", measure: "killed"}}},
	{"wounded who died", "Four of the wounded later died in hospital.",
		[]want{{span: "Four", measure: "killed"}}},
	{"dead stay dead", "Eight dead and 40 injured were taken to the morgue and the hospital.",
		[]want{{span: "Eight", measure: "killed"}, {span: "40", measure: "wounded"}}},
	{"out of", "About 700 out of 2,000 residents were evacuated.",
		[]want{{span: "About 700", measure: "displaced"}, {span: "2,000", measure: "other_count"}}},
	{"ultimate price", "Nine firefighters paid the ultimate price.",
		[]want{{span: "Nine", measure: "killed"}}},
	{"made a life is no loss", "Some 300 families made their lives in the valley.",
		[]want{{span: "Some 300", measure: "other_count"}}},
	{"lost at sea", "Thirty sailors were lost at sea.",
		[]want{{span: "Thirty", measure: "killed"}}},
	{"laid to rest", "Forty victims were laid to rest on Sunday.",
		[]want{{span: "Forty", measure: "killed"}}},
	{"into enemy hands", "Some 600 conscripts fell into enemy hands.",
		[]want{{span: "Some 600", measure: "captured"}}},
	{"rounded up, verb before", "Troops rounded up 85 men in the village.",
		[]want{{span: "85", measure: "captured"}}},
	{"held by", "About 30 aid workers are being held by the militia.",
		[]want{{span: "About 30", measure: "captured"}}},
	{"made homeless", "Nearly 2,000 families were made homeless.",
		[]want{{span: "Nearly 2,000", measure: "displaced"}}},
	{"suffered injuries", "Some 45 spectators suffered minor injuries.",
		[]want{{span: "Some 45", measure: "wounded"}}},
	{"in camps, a place", "Up to 5,000 children in the camps are malnourished.",
		[]want{{span: "Up to 5,000", measure: "other_count"}}},
	{"in camps, where they live", "About 12,000 people remain in camps.",
		[]want{{span: "About 12,000", measure: "displaced"}}},

	{"breakdown in brackets", "Divers recovered 11 bodies (seven men and four women).",
		[]want{{span: "11", measure: "killed"}, {span: "seven", measure: "killed"}, {span: "four", measure: "killed"}}},
	{"quoted verb before", "The army said it had “neutralised” 40 fighters.",
		[]want{{span: "40", measure: "killed", attr: "The army"}}},

	// Other counts.
	{"a crowd", "Police put the crowd at about 15,000.",
		[]want{{span: "about 15,000", measure: "other_count"}}},
	{"numbered", "Residents of the island numbered 2,300 before the storm.",
		[]want{{span: "2,300", measure: "other_count"}}},

	// Tables, headlines, sources and dates.
	{"table under a separator row", "| Region | Dead | Injured |\n|---|---|---|\n| North | 14 | 52 |",
		[]want{{span: "14", measure: "killed"}, {span: "52", measure: "wounded"}}},
	{"headline source", "Health ministry: 27 killed in overnight strikes",
		[]want{{span: "27", measure: "killed", attr: "Health ministry"}}},
	{"headline acronym source", "ICRC: 1,400 detainees registered since the war began",
		[]want{{span: "1,400", measure: "captured", attr: "ICRC"}}},
	{"headline place is no source", "Sudan: 27 killed in overnight strikes",
		[]want{{span: "27", measure: "killed", attr: "-"}}},
	{"relative clause subject", "The march, which organisers put at 60,000, ended peacefully.",
		[]want{{span: "60,000", attr: "organisers"}}},
	{"clause-final source", "The battalion lost 300 men at the crossing, the regimental diary records.",
		[]want{{span: "300", measure: "killed", attr: "the regimental diary"}}},
	{"replied", "The minister replied that 4,210 applications were pending.",
		[]want{{span: "4,210", attr: "The minister"}}},
	{"as at", "As at 30 June, 4,210 asylum seekers were housed in hotels, the minister said.",
		[]want{{span: "4,210", measure: "displaced", date: "As at 30 June", attr: "the minister"}}},
	{"as of a time", "The toll stood at 41 as of 6 p.m. on Monday, officials said.",
		[]want{{span: "41", measure: "killed", date: "as of 6 p.m. on Monday", attr: "officials"}}},
	{"figures beside dates", "Posted 2023-10-09 07:40 — At least 260 people were killed at the festival.",
		[]want{{span: "At least 260", measure: "killed", iv: "[260, ∞)"}}},
	{"range of counts that starts like a year", "Between 1800 and 2000 people were evacuated.",
		[]want{{span: "Between 1800 and 2000", measure: "displaced", iv: "[1800, 2000]"}}},
}

func TestExtractRules(t *testing.T) {
	for _, tt := range ruleTests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("%q: %d claims %v, want %d", tt.text, len(got), spans(got), len(tt.want))
			}
			for i, w := range tt.want {
				c := got[i]
				check := func(field, g, w string) {
					t.Helper()
					if w == "" {
						return
					}
					if w == "-" {
						w = ""
					}
					if g != w {
						t.Errorf("%q claim %q: %s %q, want %q\n    why: %s", tt.text, c.Span, field, g, w, strings.Join(c.Why, "; "))
					}
				}
				check("span", c.Span, w.span)
				check("measure", string(c.Measure), w.measure)
				check("qualifier", string(c.Qualifier), w.qual)
				check("interval", c.Interval.String(), w.iv)
				check("attribution", c.Attribution, w.attr)
				check("date", c.Date, w.date)
				check("cites", c.Cites, w.cites)
				if w.projected && !c.Projected {
					t.Errorf("%q claim %q: not projected", tt.text, c.Span)
				}
			}
		})
	}
}

func spans(cs []reckon.Claim) []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Span)
	}
	return s
}

// distractorTests hold one number each that is not a figure (guide §2).
var distractorTests = []struct {
	typ, text, span string
}{
	{"date", "The ceasefire began on 24 February.", "24"},
	{"date", "Fighting resumed on April 18, officials said.", "18"},
	{"date", "It was signed on October 2, 2023.", "2023"},
	{"year", "The dam was built in 1954.", "1954"},
	{"year", "Since 2001, the unit has served abroad.", "2001"},
	{"year", "The 2023 earthquake was the worst in a century.", "2023"},
	{"time", "The first shell landed at 4:17 a.m.", "4"},
	{"time", "The curfew starts at 9 pm.", "9"},
	{"time", "Sirens sounded at 0300 GMT.", "0300"},
	{"age", "The victim was 40 years old.", "40"},
	{"age", "Children under ten were evacuated first.", "ten"},
	{"age", "A 7-year-old boy was rescued.", "7"},
	{"age", "Most of the volunteers were in their 30s.", "30"},
	{"age", "Men aged 18 to 60 may not leave.", "18"},
	{"duration", "The siege lasted for three days.", "three"},
	{"duration", "The war has lasted more than two years.", "two"},
	{"duration", "Repairs could take up to three weeks.", "three"},
	{"duration", "A 72-hour truce was agreed.", "72"},
	{"ordinal", "The 1,500th day of the war passed quietly.", "1,500"},
	{"ordinal", "The 3rd Brigade withdrew.", "3"},
	{"unit name", "MI5 declined to comment.", "5"},
	{"unit name", "He told France24 the town had fallen.", "24"},
	{"unit name", "An F-16 was shot down.", "16"},
	{"unit name", "Resolution 2334 was adopted.", "2334"},
	{"money", "The EU pledged $1.2 billion in aid.", "1.2"},
	{"money", "Families received 3 million won each.", "3"},
	{"money", "Repairs will cost 500 euros per home.", "500"},
	{"percent", "More than 70% of homes were damaged.", "70"},
	{"percent", "At least 20 percent of the city was destroyed.", "20"},
	{"percent", "Prices rose by 40 per cent.", "40"},
	{"fraction", "About a third of the town was flooded.", "third"},
	{"fraction", "Two-thirds of the wells are dry.", "Two"},
	{"fraction", "One in five children is malnourished.", "One"},
	{"multiplier", "The price has risen three times since March.", "three"},
	{"rate", "Some 500 people a day are crossing the border.", "500"},
	{"rate", "Deaths ran at 12 per 100,000 people.", "100,000"},
	{"measurement", "The convoy travelled about 40 kilometers.", "40"},
	{"measurement", "They marched a nearly 1,000-mile route.", "1,000"},
	{"measurement", "A magnitude 6.8 quake struck.", "6.8"},
	{"measurement", "The quake was magnitude-7.7.", "7.7"},
	{"measurement", "Approximately 50 tons of aid arrived.", "50"},
	{"measurement", "A 20-storey tower collapsed.", "20"},
	{"measurement", "Waves rose as high as 7 meters.", "7"},
	{"measurement", "Winds reached 195 km per hour.", "195"},
	{"citation", "The massacre was widely reported.[7]", "7"},
	{"account", "Donations go to giro number 7447.", "7447"},
	{"phone", "Call the hotline on 0800 123 456.", "123 456"},
	{"determiner one", "One witness said the shelling lasted all night.", "One"},
	{"determiner one", "He was one of over 100 volunteers.", "one"},
	{"score", "The motion passed 12-3.", "12-3"},
	// Numeric dates and times in datelines and article furniture.
	{"iso date", "Last modified: 2023-09-14", "2023-09-14"},
	{"iso date in text", "The strike on 2024-03-02 destroyed a school.", "2024-03-02"},
	{"slashed year first", "Photo taken 2019/07/04 near the border.", "2019/07/04"},
	{"dotted date", "Decree of 05.06.2022 on mobilisation.", "05.06.2022"},
	{"day/month/year", "Received 21/08/2021 by the registry.", "21/08/2021"},
	{"month/day/year", "Updated 11/9/23 at 3 pm.", "11/9/23"},
	{"year and month", "Figures for 2022-11 are provisional.", "2022-11"},
	{"month and year", "Figures for 11/2022 are provisional.", "11/2022"},
	{"time", "The sirens sounded at 23:45.", "23:45"},
	{"iso timestamp", "Last update 2024-01-09T16:20:00Z.", "2024-01-09T16:20:00Z"},
	{"timestamp with offset", "Posted 2024-01-09T16:20+02:00 by the desk.", "2024-01-09T16:20+02:00"},
	{"span of years", "In the 2019-20 budget, 30 posts were cut.", "2019-20"},
	{"range of days", "Talks on 3-5 June failed.", "3-5"},
	{"time zone offset", "Filed 12 May 2024, 09:30 UTC+2", "2"},
	{"photo counter", "3 of 15 | Volunteers clear debris in the old town.", "3 of 15"},
	{"social counters", "Share 87 Comments 213", "87 Comments 213"},
}

func TestDistractors(t *testing.T) {
	for _, tt := range distractorTests {
		i := strings.Index(tt.text, tt.span)
		if i < 0 {
			t.Fatalf("%q not in %q", tt.span, tt.text)
		}
		for _, c := range Extract(tt.text) {
			if c.Start < i+len(tt.span) && i < c.End {
				t.Errorf("%s: %q read as a %s claim %q\n    why: %s", tt.typ, tt.text, c.Measure, c.Span, strings.Join(c.Why, "; "))
			}
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"abbreviations", "Ms. Bogner said 12 died. Dr. Smith of the U.S. Army said 3 more. No. 5 was hit.",
			[]string{"Ms. Bogner said 12 died.", "Dr. Smith of the U.S. Army said 3 more.", "No. 5 was hit."}},
		{"decimals", "The quake measured 6.8. It killed 3.", []string{"The quake measured 6.8.", "It killed 3."}},
		{"quotes", "“We found 40 bodies.” Rescuers kept digging.", []string{"“We found 40 bodies.”", "Rescuers kept digging."}},
		{"lower case after a period", "from starvation. and more than 100,000", []string{"from starvation. and more than 100,000"}},
		{"blank line", "Headline with 5 dead\n\nBody text.", []string{"Headline with 5 dead", "Body text."}},
		{"table rows", "| North | 1,204 |\n| South | 3,391 |", []string{"| North | 1,204 |", "| South | 3,391 |"}},
		{"wrapped line", "more than 600\nsoldiers had died.", []string{"more than 600\nsoldiers had died."}},
		{"initials", "J. R. Smith counted 9 graves.", []string{"J. R. Smith counted 9 graves."}},
	}
	for _, tt := range tests {
		var got []string
		for i := 0; i < len(tt.text); {
			s, e, next := nextSentence(tt.text, i)
			if e > s {
				got = append(got, tt.text[s:e])
			}
			i = next
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestByteOffsets checks spans in text with multi-byte runes before them.
func TestByteOffsets(t *testing.T) {
	text := "Погибли — “at least 300” soldiers… ü 12 were wounded."
	for _, c := range Extract(text) {
		if text[c.Start:c.End] != c.Span {
			t.Errorf("span %q at [%d, %d) is %q", c.Span, c.Start, c.End, text[c.Start:c.End])
		}
	}
	if got := spans(Extract(text)); !reflect.DeepEqual(got, []string{"at least 300", "12"}) {
		t.Errorf("claims %q", got)
	}
}

// checkInvariants fails t when claims break the promises of Extract.
func checkInvariants(t testing.TB, text string, cs []reckon.Claim) {
	t.Helper()
	last := -1
	for _, c := range cs {
		if c.Start < 0 || c.Start > c.End || c.End > len(text) {
			t.Fatalf("claim [%d, %d) outside text of %d bytes", c.Start, c.End, len(text))
		}
		if text[c.Start:c.End] != c.Span {
			t.Fatalf("span %q is not text[%d:%d] = %q", c.Span, c.Start, c.End, text[c.Start:c.End])
		}
		if !c.Interval.Valid() {
			t.Fatalf("claim %q has interval %v", c.Span, c.Interval)
		}
		if c.Start < last {
			t.Fatalf("claims out of text order at %q", c.Span)
		}
		last = c.Start
		if _, err := reckon.ParseMeasure(string(c.Measure)); err != nil {
			t.Fatalf("claim %q: %v", c.Span, err)
		}
		if _, err := reckon.ParseQualifier(string(c.Qualifier)); err != nil {
			t.Fatalf("claim %q: %v", c.Span, err)
		}
		if c.ExtractorVersion != Version || len(c.Why) == 0 {
			t.Fatalf("claim %q: version %q, why %q", c.Span, c.ExtractorVersion, c.Why)
		}
		if !strings.Contains(text, c.Sentence) || c.Start < 0 {
			t.Fatalf("claim %q: sentence %q not in text", c.Span, c.Sentence)
		}
		// The scope keeps words of the sentence; a restatement points at
		// an earlier claim (issue 13).
		for _, w := range []string{c.Scope.Place, c.Scope.Period, c.Scope.Part} {
			if !strings.Contains(c.Sentence, w) {
				t.Fatalf("claim %q: scope %q is not in its sentence %q", c.Span, w, c.Sentence)
			}
		}
		if _, err := reckon.ParseExtent(string(c.Scope.Extent)); err != nil {
			t.Fatalf("claim %q: %v", c.Span, err)
		}
		if c.Restates != nil && !slices.ContainsFunc(cs, func(o reckon.Claim) bool { return o.Start == *c.Restates && o.Start < c.Start && o.Restates == nil }) {
			t.Fatalf("claim %q restates byte %d, where no earlier first statement starts", c.Span, *c.Restates)
		}
	}
}

func TestOddInput(t *testing.T) {
	tests := []string{
		"",
		" ",
		"\xff\xfe\xfd 300 killed \xc3",
		"300 \xffkilled",
		strings.Repeat("9", 5000),
		strings.Repeat("1,000 ", 2000),
		strings.Repeat("a ", 3000) + "dozen",
		"|||||| 12 | | 4,5,6 |",
		"$$$ 5 %%% [3] (((",
		"Between and to - – — or 5",
		"twice as many",
		"at least",
		"1.2.3.4.5 6/7/8 9:10:11",
		"\u202f10\u202f000\u00a0000\u2009",
		strings.Repeat("more than ", 500) + "40",
		"One. Two. Three. 4. 5.",
	}
	for _, text := range tests {
		cs := Extract(text)
		checkInvariants(t, text, cs)
		if !reflect.DeepEqual(cs, Extract(text)) {
			t.Errorf("Extract(%.40q) is not deterministic", text)
		}
	}
}

// testTexts returns the texts of the testdata corpora, to seed fuzzing.
func testTexts(t testing.TB) []string {
	t.Helper()
	var texts []string
	for _, name := range []string{"testdata/general.jsonl", "testdata/eval.jsonl"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, MaxLine)
		for sc.Scan() {
			var r struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				texts = append(texts, r.Text)
			}
		}
		f.Close()
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	for _, tt := range ruleTests {
		texts = append(texts, tt.text)
	}
	return texts
}

func FuzzExtract(f *testing.F) {
	for _, s := range testTexts(f) {
		f.Add(s)
	}
	f.Add("\xff300\xfe killed")
	f.Fuzz(func(t *testing.T, text string) {
		cs := Extract(text)
		checkInvariants(t, text, cs)
		if !reflect.DeepEqual(cs, Extract(text)) {
			t.Fatalf("Extract(%q) is not deterministic", text)
		}
		if !utf8.ValidString(text) {
			return
		}
		for _, c := range cs {
			if !utf8.ValidString(c.Span) {
				t.Fatalf("span %q of valid text is not UTF-8", c.Span)
			}
		}
	})
}
