// Package military reads and compares military units and ranks written in
// Korean, Russian, Ukrainian and English, so that record linkage can tell
// that 제94려단, 94-я отдельная бригада, 94th Brigade and Bde 94 are one
// formation, that the 94th Brigade belongs to the Storm Corps (폭풍군단,
// the 11th Corps), and that 하사, младший сержант and Junior Sergeant are
// one rank.
//
// Everything here is a pure function of its arguments; the tables are ours
// and are read once at start-up.
//
// # Units
//
// [ParseUnit] reads a unit into a [Unit]: a path of [Formation] values,
// most general first, each an [Echelon] with a number and, for formations
// known by a name, that name; and a military unit number (в/ч 12345,
// військова частина А1234, military unit 12345, 제963군부대). It never
// fails: what it does not recognise is dropped, and a string with nothing
// recognisable is the zero Unit.
//
// The echelons are ordered Section < Platoon < Company < Battalion <
// Regiment < Brigade < Division < Corps < Army. Echelon words are read in
// all cases of the Russian and Ukrainian nouns, in the abbreviations of
// Russian and Ukrainian military writing (бр, обр, омсбр, ошбр, мсд, ак,
// б-н, бн, мсп …), in English and its abbreviations (Bde, Bn, Regt, Coy,
// Bty, Plt, Div) and as the Korean nouns that are written joined to the
// number or name before them (군단, 사단, 려단/여단, 련대/연대, 대대, 중대,
// 소대, 분대; 려단 and 련대 are the northern spellings). A number before
// the echelon word (94th, 94-я, 94-й, 제94, ordinal words up to ten) or
// right after it (Bde 94, Company 3) is the formation's number; words in
// between are qualifiers and dropped (отдельная, окрема, separate, light
// infantry, 경보병).
//
// Named formations map to numbered ones through our table (named.go): the
// Storm Corps — 폭풍군단, Штурмовой/Штурмовий корпус, корпус «Буря» — is the
// KPA 11th Corps, as the ROK National Intelligence Service and Ukraine's
// Defence Intelligence stated in their public briefings on the DPRK
// deployment to the Kursk region (October–December 2024, as reported by
// news agencies).
//
// # Hierarchy and comparison
//
// A [Hierarchy] knows which formation a formation belongs to beyond what a
// record writes. [DefaultHierarchy] is our table (hierarchy.csv, with its
// sources: the 94th Brigade belongs to the 11th Corps); [NewHierarchy] and
// [Hierarchy.Extend] read more from a two-column CSV, "unit,parent",
// validated line by line (one formation a field, the parent at a higher
// echelon, one parent a formation).
//
// [Hierarchy.Compare] expands each unit's path with the ancestors the
// hierarchy knows (never overriding what the record writes) and returns an
// [Agreement]:
//
//	Unknown      either unit is the zero Unit: nothing was recognised
//	Different    a conflict: different formations at an echelon both give
//	             (written or inferred), or different unit numbers
//	Unconnected  both parsed, nothing to compare: echelons that nothing
//	             connects (2nd Battalion / 11th Corps), or a unit number
//	             against formations; no evidence either way
//	Related      no conflict and a shared formation: one contains the other
//	             (a brigade and its corps, a battalion and its brigade)
//	Same         the same formation at the most specific echelon both give,
//	             or the same unit number
//
// Compare is symmetric, Compare(u, u) is Same for every non-zero u, and it
// does not allocate. Formations are identified by echelon and number (or by
// name when neither has a number), not by army: the default hierarchy is
// about KPA formations, and a Russian or Ukrainian 94th Brigade would be
// given the same parent.
//
// # Ranks
//
// [ParseRank] reads a rank onto one ordered scale common to all armies, the
// NATO grades of STANAG 2116 ([Grade]: OR-1 … OR-9 for other ranks, OF-1 …
// OF-10 for officers). It knows the ranks of the KPA (전사 … 특무상사, 소위
// … 대원수), the ROK titles the KPA does not share (이병, 일병, 상병, 병장,
// 원사, 준위, 소령, 중령, 대령, 준장), Russian (рядовой … маршал, in any
// case, with ст., мл., с-т, л-т …), Ukrainian (солдат, старший солдат,
// молодший сержант, штаб-сержант, майстер-сержант, капітан, бригадний
// генерал …) and English (Private, Pvt, PFC, Cpl, Sgt, Staff Sergeant,
// S/Sgt, 2Lt, Capt, Lt Col, Senior Colonel, Maj Gen …). The longest title
// found wins. ranktable.go gives the table and the choices where armies
// differ in granularity (KPA 하급/중급/상급병사 all OR-3; all lieutenants
// OF-1; KPA 대좌 OF-5 with 상좌; Hangul titles read as KPA, Cyrillic ones as
// Russian, English ones as the usual translations of both). Note that 전사
// is also the Korean word for "killed in action": read only rank fields.
//
// [CompareRanks] returns Same for one grade, Related for grades one step
// apart within other ranks or within officers (posthumous promotions are
// common, and the nearest-grade mapping can put equivalents one step
// apart), Different otherwise, and Unknown when either has no grade.
//
// References:
//   - NATO Standardization Agreement STANAG 2116, "NATO codes for grades of
//     military personnel", Edition 6 (2010), and its annexes.
//   - Law of Ukraine No. 680-IX (2020) on the military ranks of the Armed
//     Forces of Ukraine, with their NATO codes.
package military
