// Package places reads and compares place names written in Korean,
// Russian, Ukrainian, English and their romanisations, so that record
// linkage can tell that 함흥, Хамхын, Hamhung, Hamhŭng and Hamheung are one
// city, that Плехово, Плехове, Plekhovo and Pliekhove are one village, and
// that a record giving "Плехово, Курская обл." agrees in part with one
// giving only "Kursk oblast".
//
// Everything here is a pure function of its arguments.
//
// # Preparing
//
// [Prepare] splits a place into its parts ([Part]: a name with a [Kind],
// settlement, district or region, and for Korean provinces a [Direction]),
// most specific first, and keys each part once. It removes the
// administrative words of the four languages (tables.go):
//
//	Russian, Ukrainian  область, обл., край, район, р-н, округ; село, с.,
//	                    посёлок, пос., пгт, смт, город, г., місто, м.,
//	                    хутор, х., деревня, д., станица, селище
//	English             oblast, region, province, district, raion, county;
//	                    village, town, city, settlement, khutor
//	Korean              the suffixes 도, 남도, 북도, 특별시, 광역시, 시, 군, 구,
//	                    구역, 읍, 면, 리, 동, 로동자구 when at least two
//	                    syllables of name remain (함흥시 is 함흥, 강동 stays)
//	romanised Korean    -do, -namdo, -pukto, -si, -gun, -gu, -ri, -dong,
//	                    -myon, -up … only after a hyphen
//
// and drops countries and prepositions. Region and district names written
// as adjectives (Курская, Курська, Kurskaya, Суджанский) are also read as
// their stems with and without -sk (Курск; Белгород for Белгородская), so
// that Курская область = Курск = Kursk oblast = Курська область. Parts
// A small table of exonyms that no transliteration gives (Пхеньян for
// 평양) adds their Hangul as a reading. Parts
// are separated by punctuation or by the administrative words themselves;
// Korean, which writes the province first, is reordered; a bare name in a
// place of several parts is taken for the settlement.
//
// # Comparing
//
// Two names agree when any of their readings are equal after
// names.Compact; or their Korean keys meet (names.KoreanKeys: 함흥,
// Хамхын, Hamhung, Hamheung); or their consonant keys are equal — the
// Cyrillic consonant letters for two Cyrillic names (Коренево, Коренове),
// otherwise names.PhoneticKey (Плехово, Pliekhove, Plekhovo: PLGV; Суджа,
// Sudzha, Sudja: SDŽ, with dj read as дж) — unless both read as Korean and
// one is Hangul or both Latin, where the Korean keys alone decide, as the
// consonant key cannot tell 함흥 from Hamgyong. Keys of fewer than three
// classes also need a Jaro–Winkler similarity of 0.85. Names whose Latin
// forms (names.ToLatin) have a Jaro–Winkler similarity of at least 0.92
// are close. Directions must not differ.
//
// [Place.Compare] returns an [Agreement]:
//
//	Unknown    either place has no part
//	Different  for a kind both give, no pair of that kind agrees
//	           (Плехово and Погребки in one region); or nothing agrees
//	Related    some pair agrees, but not the most specific parts: a
//	           settlement with its region against the region alone, a city
//	           against the region named after it
//	Close      the most specific parts are spelled alike (a typo, or a
//	           near namesake such as Курилово and Куриловка)
//	Same       the most specific parts agree and nothing conflicts
//
// Compare is symmetric, Compare(p, p) is Same for every non-zero p, and it
// does not allocate. [Place.Keys] gives blocking keys: places that are Same
// share one.
//
// Without a gazetteer nothing here knows that Плехово is in the Kursk
// region: a settlement alone against a region alone is Different, and a
// name inflected by a preposition (под Суджей) is not read back to its
// nominative.
//
// References: the classifiers of administrative units of Russia (OKATO,
// OK 019-95) and of Ukraine (KATOTTH, 2020) for the administrative words
// and their abbreviations; the Revised Romanization of Korean (2000) and
// McCune–Reischauer (1939) for the romanised Korean suffixes; W. E.
// Winkler (1990) for the Jaro–Winkler similarity (see names.JaroWinkler).
package places
