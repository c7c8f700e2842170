// Package extract reads figure claims out of news text: "more than 600
// killed", "some 4,000 residents had fled their homes", "up to 5,000
// troops". [Extract] turns text into [reckon.Claim] values; [Evaluate]
// scores it on an annotated corpus; [ParseNumber] reads one number
// expression; [Chunks] runs Extract over a long text in bounded memory.
//
// The rules follow the project's annotation guide
// (shared/data/claims-dev/GUIDE.md). They are general English patterns,
// listed in this package's lexicons; none is keyed to an event or a
// source.
//
// # How a sentence is read
//
// Text is split into sentences (a period after an abbreviation, an
// initial or a decimal point does not end one; a blank line, a table row
// and a list item do). A sentence with no digit and no number word is
// skipped. The others are tokenized in one pass over their bytes; each
// word is looked up once in a combined lexicon. Then, in order:
//
//   - Numbers: digits with separators and decimals ("10,000", "10 000"
//     with any space, "1.2 million", "300k", "1,2 million"), words
//     ("thirty-six", "one hundred and sixty", "a dozen", "half a
//     million") and vague quantities of the guide's §5 ("several
//     hundred", "tens of thousands").
//   - Distractors: each number is checked against its neighbours for the
//     classes of §2 (dates, years, times, ages, durations, ordinals, unit
//     names, money, percentages, fractions, multipliers, rates,
//     measurements, citation marks, codes, the determiner "one"); numeric
//     dates and times in any common form ("2025-04-28", "14/02/2024",
//     "3/15/24", "12.03.2024", "2023-04", "14:30",
//     "2025-04-28T10:00Z") are read as one chain and are never a range; a
//     distractor yields no claim. Ends of a range share their class ("10-15
//     minutes", "10-12 March"). The rules are the ordered tables
//     atomRules and numericDateRules (classify.go): the first rule that
//     holds gives the number's kind and the reason.
//   - Qualifier: the longest cue before the number ("more than", "no fewer
//     than", "nearly", "somewhere south of", "could top") or after it ("+",
//     "or more", "or so"), and ranges ("between A and B", "A to B", "A-B",
//     "20 to 30 thousand"), each end with its own cue. The interval follows
//     §4: strict comparisons move a bound by one, "about N" is
//     [round(0.9N), round(1.1N)] rounding half to even, "nearly N" is
//     [ceil(0.9N), N-1], vague quantities take the table's interval.
//   - Lists and relations: a qualifier carries over a list of counts with
//     one predicate ("distributive"), not across predicates nor into
//     "including"; "twice as many" is worked out from the figure before
//     it; a point estimate with a lower and an upper estimate takes them as
//     its interval.
//   - Measure: the counted noun when it is a casualty word or a thing, else
//     the predicate after the figure ("were confirmed dead"), also past a
//     partitive and its possessor ("2,000 of the country's soldiers had
//     been killed"; the whole, "the ship's 120 crew", keeps its noun), a
//     second noun ("men and boys were killed") or a place ("on board
//     are feared drowned"), or an idiom ("gave their lives", "fell in
//     battle", "did not return", "were forced from their homes", "in
//     custody", "under the rubble"), a measure
//     verb right before it ("killing four"), a force noun ("troops":
//     deployed), a measure word earlier in the clause ("the death toll …
//     rose to 65"), a table's column header, the figure it is listed
//     with, and finally other_count or, for a bare number, killed. The
//     idioms are the table idiomRules and the decision the table
//     enMeasureRules (measure.go), each rule with its measure and reason.
//   - Attribution, cited source and date: report verbs ("X said", "said
//     X", "X, the spokesman, said"), "according to X", "X's tally",
//     "reported by X", a headline "UN: …" or "Health ministry: …", and a
//     subject that is a source ("Most historians");
//     "citing Y"; the time expression next to the report verb, a leading
//     "On Saturday," before the source, or "as of …". Generic words
//     ("Reports", "Estimates") name no source: the source they cite does,
//     or none. A report clause set off by commas ("…, the ministry said,
//     1,234 …") governs the figures after it too.
//   - Measure from the clause: a deployment that only says who the people
//     are ("troops deployed to Russia have been killed", "captured 2
//     soldiers who were deployed") gives way to the clause's own verb,
//     and a status before the noun to the verb before the figure
//     ("captured 2 wounded soldiers").
//   - Scope: where the figure counts ("in two fields"), the
//     period ("in one week" for a period, "since January" for a running
//     total) and the part of the whole ("one brigade", "of the wounded",
//     "including 300 children"), in the words of the text.
//
// # Restatements and dates
//
// A figure stated again in another sentence of the same text, with the
// same measure, interval, subject and scope, is flagged in
// Claim.Restates with the offset of its first statement; a store merges
// it into that claim, so that it counts once. [ResolveDate] and [Dated]
// turn Claim.Date into a calendar date (Claim.On), relative expressions
// ("Monday", "as of August 30", "last month") read against the
// document's publication date.
//
// # Explanations
//
// Every claim lists in Why the rules that produced it, in order, for
// example:
//
//	number: 3,380 = 3380
//	cue: more than -> more_than
//	measure: killed <- 'killed' after it
//	attribution: 'The UN mission' (X confirmed)
//	date: 'Tuesday' after 'said'
//
// # Languages
//
// [ExtractLang] reads a text in a [Lang]: English ([Extract]), Korean, or
// [Auto], which asks [Detect] (by script, and between Russian and
// Ukrainian by letters and short words). [Chunks] detects once, on a
// document's first chunk, and reads the whole document in that language.
// Each language keeps the contract above and the guide's interval rules;
// its words are its own tables.
//
// Korean (ko*.go) reads Sino-Korean multipliers mixed with digits (1만 2천
// 명, 1.2만, 100만340명), native numerals before a counter (두 명), the
// vague 수십/수백/수천/수만, the "more than" suffix 여 (600여 명, 30여만),
// cues before the number (최소, 약, 최대, 총) and after the counter (이상,
// 이하, 미만, 넘는, 가량, 정도, 가까이, 육박, 에 달한다), and ranges (A~B, A에서
// B까지). A counter makes a claim (명, 구, 대, 가구); a unit makes a
// distractor (일, 년, 세, 대 after an age decade, 차례, %, 원, 여단). The
// measure comes from the noun phrase right before the figure (사망자는
// 1002명, 생포된 북한 병사 2명), else from the verb that ends its clause
// (600여 명이 사망하고), else from the nearest measure word. The source is
// the subject of the verb of saying after the figure (…고 NHK가
// 보도했다), else the topic of the sentence outside any quotation (국정원은
// … 밝혔다), a relative clause (현지 언론들이 집계한 사망자는), or X of "X에
// 따르면"; passives (알려졌다, 집계됐다) name no one.
//
// # Versions
//
// [Version] names the rules. It changes whenever a change of the rules can
// change the output, so that a stored claim says which rules made it.
//
// # Evaluation
//
// [Evaluate] ([EvaluateLang] for one language) reads a corpus in the
// guide's format and scores the extractor as
// the guide's §8 does: detection by overlap, interval exact match,
// measure, attribution and date on found claims, spurious predictions by
// distractor type, and a list of every error with the rules that fired.
package extract
