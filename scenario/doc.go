// Package scenario generates messy multi-script casualty lists with a
// known truth, independently of package synth and of the names package's
// romanisation, to measure linkage and estimation on data whose
// assumptions they do not share. Its tables (korean.go, military.go) are
// written for it, with their sources in comments.
//
// # Population
//
// N soldiers of the Korean People's Army killed in Kursk oblast between
// November 2024 and April 2025. Family names follow the published shares
// (Kim 21.5%, Ri/Lee 14.7%, Pak 8.4%, Choe, Jong, Kang, Jo, Yun, Jang,
// Rim … and a long tail), raised to the power FamilyConcentration; given
// names are one syllable (3%) or two drawn from syllable weights by
// position, raised to the power GivenConcentration, so that many persons
// share a given name and, at hundreds of thousands, common full names
// collide often. Each person has a birth date (1994–2007), a death date
// (three waves of losses and a uniform background), a corps, brigade and
// battalion, a rank on the KPA scale, a place of death and a home town.
//
// # Capture
//
// Person i is on list j with probability
//
//	p_ij = logistic(logit(Capture) + Reach_j + θ_i + s_j η_i,k(j))
//
// with θ_i ~ N(0, Heterogeneity²) shared by all lists (heterogeneous
// capture) and η_i,k ~ N(0, Dependence²) shared by the pair k of lists j
// belongs to: lists 1 and 4, lists 2 and 3 positively (s = +1), lists 5
// and 6 negatively (s = −1 for list 6). A list writes a record twice with
// probability Duplicates; lists are shuffled and numbered in their own
// style, so record ids say nothing about the truth.
//
// # Lists
//
// Each list has a Profile: its scripts (northern or southern Hangul,
// Revised Romanization, McCune–Reischauer with or without breves and
// apostrophes, DPRK official, customary southern spellings, Russian by
// Kontsevich or customary, Ukrainian), its name order (Korean, Western,
// family name in capitals, all capitals), how it joins given-name
// syllables, whether it is name-only (press lists: the full name as
// written and perhaps the unit), the precision of its dates, and the
// language of its units, ranks, places and home towns. Each record then
// draws its own noise at the rates of [Rates] times Noise: typos in any
// script (in Hangul a jamo changed or two vowels swapped), initials,
// truncated given names, order and joining departures and swapped
// columns, coarser dates, death dates a few days off and birth years one
// off (and Korean-age lists one year early half the time), day and month
// swapped, malformed dates (1945-04-93, 2025-13-01, 2025-02-30 in the
// Date; "late 2024" or "30.02.2025" kept in the attribute
// death_date_as_written or birth_date_as_written with the Date left
// empty), units given as the corps only, ranks one step up in lists of
// posthumous promotions, and fields left empty.
//
// A malformed Date holds values that [reckon.ParseDate] refuses; its
// String writes them as the source did, so a written CSV carries them.
package scenario
