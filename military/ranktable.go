package military

import "strings"

// rankEntry is one title of the rank table: its canonical words (after
// canonWord) and its grade.
type rankEntry struct {
	title string
	words []string
	grade Grade
}

// rankTable maps the titles of the ranks of the Korean People's Army, the
// Republic of Korea Army, the Russian Armed Forces, the Armed Forces of
// Ukraine and English usage onto the NATO grades of STANAG 2116 (Edition 6,
// "NATO codes for grades of military personnel").
//
// The grades of Russian and Ukrainian ranks are those of the NATO
// comparison tables (STANAG 2116 annexes for Ukraine since its 2020 rank
// reform; the usual comparison tables for Russia). The KPA is not in
// STANAG 2116: its ranks are mapped to the grade of the rank they are
// translated by in Russian and English (하사 — младший сержант — junior
// sergeant, 소장 — генерал-майор — major general), following public
// comparison tables of KPA and ROK ranks. Where the granularity differs
// the nearest grade is taken, and two ranks of one army may share a grade:
//
//   - KPA 하급병사, 중급병사 and 상급병사 all map to OR-3: the KPA has
//     three soldier grades between 상등병 and 하사 where the Russian army
//     has none and NATO has one step.
//   - KPA 소위, 중위, 상위 and Russian младший лейтенант, лейтенант,
//     старший лейтенант all map to OF-1, as STANAG 2116 has one grade for
//     lieutenants.
//   - KPA 대좌 (senior colonel) maps to OF-5 with 상좌 (colonel): the KPA
//     has four field ranks where NATO has three field grades (OF-3..OF-5).
//   - KPA 차수, 원수, 공화국원수, 대원수 all map to OF-10.
//   - Hangul titles that both Korean armies use are read as KPA ranks: 하사
//     is OR-4 (ROK 하사 would be OR-5), 소장 is OF-6 (ROK 소장, a two-star
//     rank, would be OF-7), 중장 is OF-7 (ROK OF-8). The difference is one
//     grade, which [CompareRanks] counts as Related.
//   - Cyrillic titles that Russian and Ukrainian share are read as Russian
//     (сержант OR-5, генерал-майор OF-6; in the AFU since 2020 these are
//     OR-4 and OF-7). Ukrainian lists of Russian and KPA dead write those
//     armies' ranks in Ukrainian, so Ukrainian forms (молодший сержант,
//     капітан) take the grade of the Russian rank they translate; only the
//     AFU's own titles (головний сержант, штаб-сержант, майстер-сержант,
//     бригадний генерал) have the AFU's grades.
//   - English titles are read as the translations sources give of KPA and
//     Russian ranks (Junior Sergeant, Senior Lieutenant, Senior Colonel,
//     Colonel General), with US Army grades for the US-only titles: PFC is
//     OR-2 as the translation of 상등병 and ефрейтор, Major General OF-6 as
//     the translation of 소장 and генерал-майор.
var rankTable = []rankEntry{
	// KPA, other ranks
	{"전사", []string{"전사"}, OR1},
	{"상등병", []string{"상등병"}, OR2},
	{"하급병사", []string{"하급병사"}, OR3},
	{"중급병사", []string{"중급병사"}, OR3},
	{"상급병사", []string{"상급병사"}, OR3},
	{"하사", []string{"하사"}, OR4},
	{"중사", []string{"중사"}, OR5},
	{"상사", []string{"상사"}, OR6},
	{"특무상사", []string{"특무상사"}, OR7},
	// KPA, officers
	{"소위", []string{"소위"}, OF1},
	{"중위", []string{"중위"}, OF1},
	{"상위", []string{"상위"}, OF1},
	{"대위", []string{"대위"}, OF2},
	{"소좌", []string{"소좌"}, OF3},
	{"중좌", []string{"중좌"}, OF4},
	{"상좌", []string{"상좌"}, OF5},
	{"대좌", []string{"대좌"}, OF5},
	{"소장", []string{"소장"}, OF6},
	{"중장", []string{"중장"}, OF7},
	{"상장", []string{"상장"}, OF8},
	{"대장", []string{"대장"}, OF9},
	{"차수", []string{"차수"}, OF10},
	{"원수", []string{"원수"}, OF10},
	{"공화국원수", []string{"공화국원수"}, OF10},
	{"대원수", []string{"대원수"}, OF10},
	// ROK titles the KPA does not use
	{"이병", []string{"이병"}, OR1},
	{"이등병", []string{"이등병"}, OR1},
	{"일병", []string{"일병"}, OR2},
	{"일등병", []string{"일등병"}, OR2},
	{"상병", []string{"상병"}, OR3},
	{"병장", []string{"병장"}, OR4},
	{"원사", []string{"원사"}, OR8},
	{"준위", []string{"준위"}, OR9},
	{"소령", []string{"소령"}, OF3},
	{"중령", []string{"중령"}, OF4},
	{"대령", []string{"대령"}, OF5},
	{"준장", []string{"준장"}, OF6},

	// Russian
	{"рядовой", []string{"рядовой"}, OR1},
	{"матрос", []string{"матрос"}, OR1},
	{"ефрейтор", []string{"ефрейтор"}, OR2},
	{"старший матрос", []string{"старший", "матрос"}, OR2},
	{"младший сержант", []string{"младший", "сержант"}, OR4},
	{"сержант", []string{"сержант"}, OR5},
	{"старший сержант", []string{"старший", "сержант"}, OR6},
	{"старшина", []string{"старшина"}, OR7},
	{"прапорщик", []string{"прапорщик"}, OR8},
	{"старший прапорщик", []string{"старший", "прапорщик"}, OR9},
	{"младший лейтенант", []string{"младший", "лейтенант"}, OF1},
	{"лейтенант", []string{"лейтенант"}, OF1},
	{"старший лейтенант", []string{"старший", "лейтенант"}, OF1},
	{"капитан", []string{"капитан"}, OF2},
	{"майор", []string{"майор"}, OF3},
	{"подполковник", []string{"подполковник"}, OF4},
	{"полковник", []string{"полковник"}, OF5},
	{"генерал-майор", []string{"генерал", "майор"}, OF6},
	{"генерал-лейтенант", []string{"генерал", "лейтенант"}, OF7},
	{"генерал-полковник", []string{"генерал", "полковник"}, OF8},
	{"генерал армии", []string{"генерал", "армии"}, OF9},
	{"вице-маршал", []string{"вице", "маршал"}, OF10},
	{"маршал", []string{"маршал"}, OF10},

	// Ukrainian: солдат and the AFU's own titles; other Ukrainian forms
	// fold onto the Russian titles in canonWord.
	{"солдат", []string{"солдат"}, OR1},
	{"старший солдат", []string{"старший", "солдат"}, OR2},
	{"головний сержант", []string{"головний", "сержант"}, OR6},
	{"штаб-сержант", []string{"штаб", "сержант"}, OR7},
	{"майстер-сержант", []string{"майстер", "сержант"}, OR8},
	{"старший майстер-сержант", []string{"старший", "майстер", "сержант"}, OR9},
	{"головний майстер-сержант", []string{"головний", "майстер", "сержант"}, OR9},
	{"бригадний генерал", []string{"бригадний", "генерал"}, OF6},
	{"генерал", []string{"генерал"}, OF9},

	// English
	{"Private", []string{"private"}, OR1},
	{"Private First Class", []string{"private", "first", "class"}, OR2},
	{"Private First Class", []string{"pfc"}, OR2},
	{"Lance Corporal", []string{"lance", "corporal"}, OR3},
	{"Lance Corporal", []string{"lcpl"}, OR3},
	{"Lance Corporal", []string{"l", "corporal"}, OR3},
	{"Corporal", []string{"corporal"}, OR4},
	{"Specialist", []string{"specialist"}, OR4},
	{"Junior Sergeant", []string{"junior", "sergeant"}, OR4},
	{"Sergeant", []string{"sergeant"}, OR5},
	{"Senior Sergeant", []string{"senior", "sergeant"}, OR6},
	{"Staff Sergeant", []string{"staff", "sergeant"}, OR6},
	{"Staff Sergeant", []string{"ssg"}, OR6},
	{"Staff Sergeant", []string{"s", "sergeant"}, OR6},
	{"Sergeant First Class", []string{"sergeant", "first", "class"}, OR7},
	{"Sergeant First Class", []string{"sfc"}, OR7},
	{"Master Sergeant", []string{"master", "sergeant"}, OR8},
	{"Master Sergeant", []string{"msg"}, OR8},
	{"First Sergeant", []string{"first", "sergeant"}, OR8},
	{"First Sergeant", []string{"1", "sergeant"}, OR8},
	{"First Sergeant", []string{"1", "st", "sergeant"}, OR8},
	{"Warrant Officer", []string{"warrant", "officer"}, OR8},
	{"Sergeant Major", []string{"sergeant", "major"}, OR9},
	{"Sergeant Major", []string{"sgm"}, OR9},
	{"Sergeant Major", []string{"csm"}, OR9},
	{"Second Lieutenant", []string{"second", "lieutenant"}, OF1},
	{"Second Lieutenant", []string{"2", "lieutenant"}, OF1},
	{"Second Lieutenant", []string{"2", "nd", "lieutenant"}, OF1},
	{"Junior Lieutenant", []string{"junior", "lieutenant"}, OF1},
	{"Lieutenant", []string{"lieutenant"}, OF1},
	{"First Lieutenant", []string{"first", "lieutenant"}, OF1},
	{"First Lieutenant", []string{"1", "lieutenant"}, OF1},
	{"First Lieutenant", []string{"1", "st", "lieutenant"}, OF1},
	{"Senior Lieutenant", []string{"senior", "lieutenant"}, OF1},
	{"Captain", []string{"captain"}, OF2},
	{"Major", []string{"major"}, OF3},
	{"Lieutenant Colonel", []string{"lieutenant", "colonel"}, OF4},
	{"Lieutenant Colonel", []string{"ltc"}, OF4},
	{"Colonel", []string{"colonel"}, OF5},
	{"Senior Colonel", []string{"senior", "colonel"}, OF5},
	{"Brigadier", []string{"brigadier"}, OF6},
	{"Brigadier General", []string{"brigadier", "general"}, OF6},
	{"Brigadier General", []string{"bg"}, OF6},
	{"Major General", []string{"major", "general"}, OF6},
	{"Major General", []string{"general", "major"}, OF6},
	{"Major General", []string{"mg"}, OF6},
	{"Lieutenant General", []string{"general", "lieutenant"}, OF7},
	{"Colonel General", []string{"general", "colonel"}, OF8},
	{"Lieutenant General", []string{"lieutenant", "general"}, OF7},
	{"Lieutenant General", []string{"ltg"}, OF7},
	{"Colonel General", []string{"colonel", "general"}, OF8},
	{"General", []string{"general"}, OF9},
	{"General of the Army", []string{"general", "of", "the", "army"}, OF9},
	{"Vice Marshal", []string{"vice", "marshal"}, OF10},
	{"Marshal", []string{"marshal"}, OF10},
	{"Field Marshal", []string{"field", "marshal"}, OF10},
}

// rankAbbrev maps abbreviations and Ukrainian or variant spellings of rank
// words onto the canonical word of the table.
var rankAbbrev = map[string]string{
	// Russian and Ukrainian abbreviations
	"ст": "старший", "стар": "старший", "мл": "младший", "мол": "младший", "ряд": "рядовой",
	"серж": "сержант", "с-т": "сержант", "лейт": "лейтенант", "л-т": "лейтенант", "кап": "капитан",
	"к-н": "капитан", "ефр": "ефрейтор", "прап": "прапорщик", "п-к": "полковник",
	"подп": "подполковник", "ген": "генерал", "м-р": "майор", "ктн": "капитан", "плк": "полковник",
	"вице": "вице", "віце": "вице",
	// English
	"pvt": "private", "pte": "private", "pv": "private",
	"cpl": "corporal", "spc": "specialist", "spec": "specialist",
	"sgt": "sergeant", "serg": "sergeant", "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior",
	"lt": "lieutenant", "lieut": "lieutenant",
	"capt": "captain", "cpt": "captain", "maj": "major", "col": "colonel",
	"brig": "brigadier", "gen": "general", "genl": "general", "wo": "warrant",
	"sergent": "sergeant", "leutenant": "lieutenant", "liutenant": "lieutenant",
}

// rankStems fold the inflected forms of Russian and Ukrainian rank words:
// a stem, the endings it takes, and the canonical word.
var rankStems = func() []struct {
	stem, canon string
	endings     map[string]bool
} {
	set := func(es ...string) map[string]bool {
		m := map[string]bool{}
		for _, e := range es {
			m[e] = true
		}
		return m
	}
	noun := set("", "а", "у", "ом", "е", "ы", "ов", "ам", "і", "ові", "ів", "и")
	adj := set("ий", "ого", "ему", "его", "ому", "им", "ем", "ие", "их", "ій", "ої", "ой", "ая", "а")
	type st = struct {
		stem, canon string
		endings     map[string]bool
	}
	return []st{
		{"рядов", "рядовой", adj},
		{"ефрейтор", "ефрейтор", noun},
		{"младш", "младший", adj},
		{"молодш", "младший", adj},
		{"старш", "старший", adj},
		{"старшин", "старшина", set("а", "ы", "е", "і", "у", "ой", "ою", "и")},
		{"головн", "головний", adj},
		{"сержант", "сержант", noun},
		{"прапорщик", "прапорщик", noun},
		{"лейтенант", "лейтенант", noun},
		{"капитан", "капитан", noun},
		{"капітан", "капитан", noun},
		{"майор", "майор", noun},
		{"подполковник", "подполковник", noun},
		{"підполковник", "подполковник", noun},
		{"полковник", "полковник", noun},
		{"генерал", "генерал", noun},
		{"маршал", "маршал", noun},
		{"матрос", "матрос", noun},
		{"солдат", "солдат", noun},
		{"майстер", "майстер", noun},
		{"бригадн", "бригадний", adj},
		{"арми", "армии", set("и", "я")},
		{"армі", "армии", set("ї", "я")},
	}
}()

// rankStarts indexes the Latin and Cyrillic entries of rankTable by their
// first word; rankIndex the Hangul ones by their title.
var rankStarts, rankIndex = func() (map[string][]int, map[string]int) {
	starts, index := map[string][]int{}, map[string]int{}
	for i, e := range rankTable {
		if isHangul([]rune(e.title)[0]) {
			index[strings.Join(e.words, "")] = i
			continue
		}
		starts[e.words[0]] = append(starts[e.words[0]], i)
	}
	return starts, index
}()
