package synth

// Given-name syllables of North Korean men, with rough weights. They are
// drawn from published lists of DPRK officials and soldiers; the weights
// only make a few syllables common, as they are.
var (
	givenFirst = []weighted{
		{"철", 6}, {"영", 6}, {"광", 5}, {"성", 5}, {"명", 5}, {"혁", 3}, {"정", 5}, {"진", 3},
		{"일", 3}, {"충", 2}, {"국", 3}, {"학", 3}, {"용", 4}, {"남", 3}, {"춘", 2}, {"경", 3},
		{"은", 2}, {"원", 2}, {"현", 2}, {"금", 3}, {"덕", 2}, {"세", 2}, {"봉", 2}, {"순", 1},
		{"동", 3}, {"승", 2}, {"주", 2}, {"송", 2}, {"창", 3}, {"태", 2}, {"룡", 2}, {"만", 1},
		{"상", 2}, {"기", 2}, {"수", 2}, {"무", 1}, {"인", 2}, {"석", 2}, {"강", 1}, {"우", 1},
		{"효", 1}, {"련", 1}, {"평", 1}, {"혜", 1}, {"청", 1}, {"향", 1},
	}
	givenSecond = []weighted{
		{"수", 6}, {"호", 5}, {"남", 4}, {"철", 6}, {"일", 5}, {"혁", 5}, {"진", 4}, {"민", 3},
		{"성", 4}, {"국", 4}, {"룡", 4}, {"범", 2}, {"복", 2}, {"석", 3}, {"훈", 2}, {"준", 3},
		{"식", 3}, {"길", 2}, {"명", 3}, {"웅", 2}, {"산", 1}, {"학", 2}, {"덕", 2}, {"만", 2},
		{"원", 2}, {"용", 3}, {"선", 2}, {"모", 1}, {"환", 2}, {"빈", 1}, {"걸", 1}, {"송", 1},
		{"택", 2}, {"관", 2}, {"권", 1}, {"해", 2}, {"건", 1}, {"근", 1},
	}
)

type weighted struct {
	v string
	w float64
}

// place is a village or town of Kursk oblast where fighting took place in
// 2024–2025, with its Russian and Ukrainian names and a Hangul
// transcription; Latin spellings are derived by the transliteration
// schemes.
type place struct {
	ru, uk, ko string
	w          float64
}

var kurskPlaces = []place{
	{"Свердликово", "Свердликове", "스베르들리코보", 8},
	{"Суджа", "Суджа", "수자", 6},
	{"Плехово", "Плехове", "플레호보", 7},
	{"Малая Локня", "Мала Локня", "말라야 로크냐", 7},
	{"Мартыновка", "Мартинівка", "마르티노프카", 4},
	{"Махновка", "Махнівка", "마흐노프카", 4},
	{"Николаево-Дарьино", "Миколаєво-Дар'їно", "니콜라예보다리노", 5},
	{"Тёткино", "Тьоткине", "툐트키노", 3},
	{"Любимовка", "Любимівка", "류비모프카", 3},
	{"Коренево", "Кореневе", "코레네보", 4},
	{"Ольговка", "Ольгівка", "올고프카", 3},
	{"Заолешенка", "Заолешенка", "자올레셴카", 3},
	{"Гуево", "Гуєве", "구예보", 4},
	{"Горналь", "Горналь", "고르날", 3},
	{"Погребки", "Погрібки", "포그레브키", 3},
	{"Снагость", "Снагость", "스나고스트", 2},
	{"Глушково", "Глушкове", "글루시코보", 2},
	{"Казачья Локня", "Козача Локня", "카자치야 로크냐", 4},
	{"Русское Поречное", "Руське Поріччя", "루스코예 포레치노예", 3},
	{"Черкасское Поречное", "Черкаське Поріччя", "체르카스코예 포레치노예", 3},
	{"Кремяное", "Крем'яне", "크레먀노예", 2},
}

// homeTown is a North Korean city in its usual spellings.
type homeTown struct {
	ko, dprk, rr, ru string
	w                float64
}

var homeTowns = []homeTown{
	{"평양", "Pyongyang", "Pyeongyang", "Пхеньян", 10},
	{"함흥", "Hamhung", "Hamheung", "Хамхын", 5},
	{"청진", "Chongjin", "Cheongjin", "Чхонджин", 5},
	{"신의주", "Sinuiju", "Sinuiju", "Синыйджу", 4},
	{"원산", "Wonsan", "Wonsan", "Вонсан", 4},
	{"남포", "Nampho", "Nampo", "Нампхо", 3},
	{"개성", "Kaesong", "Gaeseong", "Кэсон", 3},
	{"사리원", "Sariwon", "Sariwon", "Саривон", 3},
	{"해주", "Haeju", "Haeju", "Хэджу", 3},
	{"강계", "Kanggye", "Ganggye", "Канге", 2},
	{"혜산", "Hyesan", "Hyesan", "Хесан", 2},
	{"단천", "Tanchon", "Dancheon", "Танчхон", 2},
	{"평성", "Phyongsong", "Pyeongseong", "Пхёнсон", 2},
	{"순천", "Sunchon", "Suncheon", "Сунчхон", 2},
}

// Ranks of the Korean People's Army, lowest first, with the Russian and
// English terms used for them.
var ranks = []struct {
	ko, ru, en string
	w          float64
}{
	{"전사", "рядовой", "Private", 40},
	{"상등병", "ефрейтор", "Corporal", 20},
	{"하사", "младший сержант", "Junior Sergeant", 15},
	{"중사", "сержант", "Sergeant", 10},
	{"상사", "старший сержант", "Senior Sergeant", 6},
	{"특무상사", "старшина", "Sergeant Major", 3},
	{"소위", "младший лейтенант", "Junior Lieutenant", 3},
	{"중위", "лейтенант", "Lieutenant", 3},
}

// brigades are the unit numbers persons serve in.
var brigades = []int{92, 93, 94, 95, 96, 25, 32, 41}
