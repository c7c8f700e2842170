package places

import (
	"unicode"
	"unicode/utf8"
)

// The administrative words of Russian, Ukrainian, English and Korean
// place names, lower case, and their kinds. Sources: the kinds of
// settlement and of administrative unit of the Russian Federation (OKATO,
// the all-Russian classifier of administrative-territorial units) and of
// Ukraine (KOATUU/KATOTTH), with their usual abbreviations (обл., р-н, с.,
// пос., пгт, г., смт, м.); the units of the two Korean states (도, 시, 군,
// 구, 구역, 읍, 면, 리, 동, 로동자구) as the ROK Ministry of the Interior and
// DPRK usage name them, and their hyphenated romanisations (-do, -si,
// -gun, -ri …, Revised Romanization and McCune–Reischauer).

// whole maps the administrative words that are words of their own.
var whole = func() map[string]Kind {
	m := map[string]Kind{}
	add := func(k Kind, ws ...string) {
		for _, w := range ws {
			m[w] = k
		}
	}
	add(Region, "область", "области", "областью", "обл", "облась", "край", "края", "крае",
		"oblast", "oblast'", "oblasti", "obl", "region", "regions", "province", "prov", "krai", "kray",
		"республика", "республіка", "republic")
	add(District, "район", "района", "районе", "районі", "р-н", "рн", "р-на", "р-не", "округ", "округа",
		"raion", "rayon", "district", "county", "okrug")
	add(Settlement, "с", "село", "села", "селе", "селі", "пос", "посёлок", "поселок", "посёлка", "поселка",
		"пгт", "смт", "г", "город", "города", "городе", "гор", "м", "місто", "міста", "місті",
		"х", "хутор", "хутора", "хуторе", "д", "дер", "деревня", "деревни", "ст", "станица", "станицы",
		"сл", "слобода", "слободы", "селище", "нп", "аул",
		"village", "town", "city", "settlement", "hamlet", "khutor")
	// Korean writes a foreign region as a word after its name (쿠르스크
	// 지역, 쿠르스크 주) and a village likewise (플레호보 마을).
	add(Region, "지역", "지방", "주", "州")
	add(Settlement, "마을", "촌")
	return m
}()

// prefixOnly are the settlement words that come before the name; the
// English ones (village, town, city) may come after it too.
var prefixOnly = func() map[string]bool {
	m := map[string]bool{}
	for w, k := range whole {
		if r, _ := utf8.DecodeRuneInString(w); k == Settlement && unicode.Is(unicode.Cyrillic, r) {
			m[w] = true
		}
	}
	m["khutor"] = true
	return m
}()

// suffixKind is the kind and direction a suffix gives.
type suffixKind struct {
	kind Kind
	dir  Direction
}

// hyphenSuffix are the romanised Korean suffixes, read only after a hyphen
// (Hamhung-si, Kyonggi-do, Hamgyong-namdo, Кёнги-до).
var hyphenSuffix = map[string]suffixKind{
	"do": {Region, 0}, "namdo": {Region, South}, "pukto": {Region, North}, "bukto": {Region, North}, "bukdo": {Region, North},
	"si": {Settlement, 0}, "shi": {Settlement, 0}, "gun": {District, 0}, "kun": {District, 0},
	"gu": {District, 0}, "ku": {District, 0}, "guyok": {District, 0}, "kuyok": {District, 0}, "guyeok": {District, 0},
	"ri": {Settlement, 0}, "ni": {Settlement, 0}, "dong": {Settlement, 0}, "tong": {Settlement, 0},
	"myon": {Settlement, 0}, "myeon": {Settlement, 0}, "up": {Settlement, 0}, "eup": {Settlement, 0},
	"до": {Region, 0}, "намдо": {Region, South}, "пукто": {Region, North}, "букто": {Region, North},
	"си": {Settlement, 0}, "ри": {Settlement, 0}, "кун": {District, 0}, "гун": {District, 0},
}

// hangulSuffixes are the Korean administrative suffixes, longest first.
// 주 is the suffix of a foreign state or oblast (쿠르스크주, Kursk oblast)
// and is split off only from a name of three syllables or more, as
// Korean cities end in 주 too (신의주, 청주).
var hangulSuffixes = []struct {
	suffix string
	kind   Kind
	dir    Direction
}{
	{"특별자치도", Region, 0}, {"특별자치시", Region, 0}, {"특별시", Region, 0}, {"광역시", Region, 0},
	{"직할시", Region, 0}, {"특급시", Settlement, 0}, {"로동자구", Settlement, 0}, {"노동자구", Settlement, 0},
	{"남도", Region, South}, {"북도", Region, North}, {"구역", District, 0},
	{"마을", Settlement, 0}, {"주", Region, 0}, {"도", Region, 0}, {"시", Settlement, 0}, {"군", District, 0}, {"구", District, 0},
	{"읍", Settlement, 0}, {"면", Settlement, 0}, {"리", Settlement, 0}, {"동", Settlement, 0},
}

// ignore are prepositions and fillers around place names.
var ignore = map[string]bool{
	"в": true, "у": true, "во": true, "под": true, "під": true, "біля": true, "около": true, "возле": true,
	"недалеко": true, "от": true, "від": true, "near": true, "in": true, "at": true, "of": true, "the": true,
	"outskirts": true, "area": true,
	"일대": true, "부근": true, "인근": true, "근처": true, "일원": true, "근방": true, "에서": true,
}

// countries are country names, compact and lower case; a part that is a
// country is dropped.
var countries = map[string]bool{
	"russia": true, "россия": true, "росія": true, "рф": true, "russianfederation": true,
	"российскаяфедерация": true, "російськафедерація": true,
	"ukraine": true, "украина": true, "україна": true,
	"dprk": true, "кндр": true, "корея": true, "korea": true, "rok": true,
	"조선": true, "북한": true, "조선민주주의인민공화국": true, "대한민국": true, "한국": true,
	"republicofkorea": true, "республикакорея": true,
}

// exonyms are conventional names of Korean places that no transliteration
// gives, with their Hangul: the Russian and Ukrainian Пхеньян is not the
// Kontsevich Пхёнъян of 평양.
var exonyms = map[string]string{
	"пхеньян": "평양", "пхеньяна": "평양", "пхеньяне": "평양", "пхеньяні": "평양",
}
