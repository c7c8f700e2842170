package scenario

import "github.com/reckonhq/reckon"

// Catalogue returns the named scenarios of about 3,000 persons that
// measure linkage and estimation: each varies one or two parameters far
// from the default, and a few vary many at once.
func Catalogue() []Scenario {
	p := DefaultProfiles()
	latin := []Profile{
		{Name: "press-a", Scripts: []Script{Customary, RR}, Order: WesternOrder, Join: Hyphen, FullName: true, Death: reckon.MonthOnly, Unit: English},
		{Name: "osint", Scripts: []Script{MR}, Order: UpperFamily, Join: Hyphen, Birth: reckon.YearOnly, Death: reckon.DayKnown, Unit: English, Rank: English, Place: English},
		{Name: "dprk", Scripts: []Script{DPRK}, Order: KoreanOrder, Join: Split, Birth: reckon.DayKnown, Death: reckon.DayKnown, Unit: English, Rank: English, Home: English, Posthumous: true},
		{Name: "press-b", Scripts: []Script{RR, MRPlain}, Order: KoreanOrder, Join: Joined, NameOnly: true, Unit: English},
	}
	cyr := []Profile{
		{Name: "captured", Scripts: []Script{RussianKontsevich}, Order: KoreanOrder, Join: Split, Birth: reckon.DayKnown, Death: reckon.DayKnown, Unit: Russian, Rank: Russian, Place: Russian},
		{Name: "mil-blog", Scripts: []Script{RussianCustomary}, Order: UpperAll, Join: Joined, FullName: true, Death: reckon.DayKnown, Unit: Russian, Place: Russian},
		{Name: "gur", Scripts: []Script{Ukrainian}, Order: KoreanOrder, Join: Split, Birth: reckon.DayKnown, Death: reckon.DayKnown, Unit: UkrainianLang, Rank: UkrainianLang, Place: UkrainianLang},
		{Name: "kcna", Scripts: []Script{HangulNorth}, Order: KoreanOrder, Join: Joined, Death: reckon.MonthOnly, Unit: Korean, Rank: Korean, Home: Korean, Posthumous: true},
	}
	hangul := []Profile{
		p[0],
		p[5],
		{Name: "rodong", Scripts: []Script{HangulNorth}, Order: KoreanOrder, Join: Joined, NameOnly: true, Unit: Korean},
		{Name: "captured-ko", Scripts: []Script{HangulNorth, RussianKontsevich}, Order: KoreanOrder, Join: Joined, Birth: reckon.DayKnown, Death: reckon.DayKnown, Unit: Korean, Rank: Korean, Place: Russian, Home: Korean},
	}
	allPress := []Profile{p[0], p[1],
		{Name: "press-en", Scripts: []Script{Customary, RR}, Order: WesternOrder, Join: Hyphen, NameOnly: true, Unit: English},
		{Name: "press-ru", Scripts: []Script{RussianCustomary}, Order: KoreanOrder, Join: Joined, NameOnly: true, Unit: Russian},
		{Name: "press-ko", Scripts: []Script{HangulSouth}, Order: KoreanOrder, Join: Joined, NameOnly: true},
	}
	return []Scenario{
		{Name: "baseline", Description: "four default lists, noise ×1"},
		{Name: "noise-0.5", Description: "half the corruption", Noise: 0.5},
		{Name: "noise-2", Description: "twice the corruption", Noise: 2},
		{Name: "noise-3", Description: "three times the corruption", Noise: 3},
		{Name: "lists-3", Description: "three lists: Hangul, Russian and Ukrainian/DPRK only", Lists: 3},
		{Name: "lists-5", Description: "five lists with an OSINT list in McCune–Reischauer", Lists: 5},
		{Name: "lists-6", Description: "six lists, the sixth in southern Hangul with Korean-age birth years", Lists: 6},
		{Name: "capture-low", Description: "lists record 15% each: few overlaps", Capture: 0.15, N: 5000, Lists: 5},
		{Name: "capture-high", Description: "lists record 70% each: most persons on several lists", Capture: 0.7, N: 2000},
		{Name: "independent", Description: "homogeneous, independent capture", Heterogeneity: -1, Dependence: -1},
		{Name: "heterogeneous", Description: "strong capture heterogeneity (sd 2)", Heterogeneity: 2},
		{Name: "dependent", Description: "strong dependence between list pairs (sd 2)", Dependence: 2, Lists: 6},
		{Name: "no-dates", Description: "no list gives any date", Dates: DatesNone},
		{Name: "birth-year-only", Description: "lists give the birth year only", Dates: DatesBirthYear},
		{Name: "full-dates", Description: "every list gives both dates to the day", Dates: DatesFull},
		{Name: "name-only", Description: "three of five lists are name-only press lists", Lists: 5, NameOnly: 3},
		{Name: "press-heavy", Description: "three name-only press lists in English, Russian and southern Hangul", Profiles: allPress},
		{Name: "latin-only", Description: "four lists in four romanisations", Profiles: latin},
		{Name: "cyrillic-hangul", Description: "Russian, Ukrainian and Hangul lists, no Latin", Profiles: cyr},
		{Name: "hangul-heavy", Description: "northern and southern Hangul lists with one mixed", Profiles: hangul},
		{Name: "one-script", Description: "every list in the DPRK romanisation: noise without script differences", Scripts: []Script{DPRK}},
		{Name: "names-concentrated", Description: "given names concentrated (exponent 2.5)", GivenConcentration: 2.5},
		{Name: "names-diverse", Description: "given names spread (exponent 0.4)", GivenConcentration: 0.4},
		{Name: "kim-heavy", Description: "family names more concentrated (exponent 1.6: Kim about 40%)", FamilyConcentration: 1.6},
		{Name: "duplicates", Description: "one record in six written twice", Duplicates: 0.16},
		{Name: "no-duplicates", Description: "no duplicates inside lists", Duplicates: -1},
		{Name: "initials", Description: "a third of given names cut to initials", Rates: Rates{Initials: 0.33}},
		{Name: "order-swaps", Description: "a quarter of records swap name order or joining", Rates: Rates{OrderSwap: 0.25}},
		{Name: "typos", Description: "a fifth of name parts with a typo", Rates: Rates{Typo: 0.2}},
		{Name: "dates-shifted", Description: "dates shifted, swapped and coarsened often", Rates: Rates{DateShift: 0.3, DaySwap: 0.15, DatePartial: 0.3}},
		{Name: "dates-malformed", Description: "one date in ten malformed", Rates: Rates{Malformed: 0.1}},
		{Name: "corps-only", Description: "half the units given as the corps only", Rates: Rates{CorpsOnly: 0.5}},
		{Name: "sparse-fields", Description: "half the fields of each record left empty", Rates: Rates{Missing: 0.5}},
		{Name: "small", Description: "1,000 persons", N: 1000},
		{Name: "worst", Description: "six lists, noise ×3, name-only press, concentrated names, heterogeneous and dependent", Lists: 6, Noise: 3, NameOnly: 2, GivenConcentration: 2, Heterogeneity: 1.5, Dependence: 1.5},
		{Name: "gentle", Description: "four lists, noise ×0.5, full dates, independent", Noise: 0.5, Dates: DatesFull, Dependence: -1},
	}
}

// Large returns the scenarios at scale: about 415,000 records (the size at
// which issue 10 saw linkage stop linking) and about 1,000,000 records.
func Large() []Scenario {
	return []Scenario{
		{Name: "large-415k", Description: "five lists, about 415,000 records", N: 245_000, Lists: 5, Capture: 0.3},
		{Name: "large-1m", Description: "five lists, about 1,000,000 records", N: 590_000, Lists: 5, Capture: 0.3},
	}
}
