package scenario

// Units, ranks, places of death and home towns. The unit numbers are the
// ones reported in the press for the deployment (the 11th Corps, "Storm
// Corps", 폭풍군단, and its brigades); battalion numbers are invented.
// Rank names follow the Korean People's Army scale as given in English,
// Russian and Ukrainian reference works (전사 private … 소좌 major).
// Villages and districts of Kursk oblast are real places of the 2024–2025
// fighting, written as Russian, Ukrainian (official transliteration of
// the Ukrainian form, e.g. Плехове → Pliekhove) and English (BGN/PCGN
// from the Russian) sources write them. DPRK towns in northern Hangul,
// McCune–Reischauer, DPRK official and Russian/Ukrainian forms.

// corps is a corps with its brigades.
type corps struct {
	number   int
	ko, en   []string // names besides the number: 폭풍군단, Storm Corps
	ru, uk   []string
	brigades []int
}

var allCorps = []corps{
	{11, []string{"폭풍군단", "제11군단"}, []string{"11th Corps", "Storm Corps", "XI Corps"},
		[]string{"11-й армейский корпус", "корпус «Штурм»", "11 корпус"}, []string{"11-й корпус", "корпус «Буря»"},
		[]int{92, 94, 95, 96}},
	{8, []string{"제8군단"}, []string{"8th Corps"}, []string{"8-й корпус"}, []string{"8-й корпус"}, []int{81, 83}},
}

// rank is one step of the ordered rank scale.
type rank struct {
	ko     string
	en     []string // full and abbreviated
	ru, uk []string
	share  float64 // percent of the dead
}

var ranks = []rank{
	{"전사", []string{"Private", "Pvt"}, []string{"рядовой", "ряд."}, []string{"рядовий"}, 38},
	{"상등병", []string{"Corporal", "Cpl"}, []string{"ефрейтор", "ефр."}, []string{"єфрейтор"}, 16},
	{"하사", []string{"Junior Sergeant", "Jr Sgt"}, []string{"младший сержант", "мл. сержант"}, []string{"молодший сержант"}, 15},
	{"중사", []string{"Sergeant", "Sgt"}, []string{"сержант", "серж."}, []string{"сержант"}, 12},
	{"상사", []string{"Staff Sergeant", "SSgt"}, []string{"старший сержант", "ст. сержант"}, []string{"старший сержант"}, 7},
	{"특무상사", []string{"Master Sergeant", "MSgt"}, []string{"старшина"}, []string{"старшина"}, 3},
	{"소위", []string{"Junior Lieutenant", "2Lt"}, []string{"младший лейтенант", "мл. лейтенант"}, []string{"молодший лейтенант"}, 3},
	{"중위", []string{"Lieutenant", "Lt"}, []string{"лейтенант", "л-т"}, []string{"лейтенант"}, 2.5},
	{"상위", []string{"Senior Lieutenant", "Sr Lt"}, []string{"старший лейтенант", "ст. лейтенант"}, []string{"старший лейтенант"}, 1.5},
	{"대위", []string{"Captain", "Capt"}, []string{"капитан", "кап."}, []string{"капітан"}, 1.2},
	{"소좌", []string{"Major", "Maj"}, []string{"майор"}, []string{"майор"}, 0.8},
}

// place is a village or town of Kursk oblast with its district.
type place struct {
	ru, uk, en, ua, ko string // ua: Latin from the Ukrainian form; ko may be empty: Korean lists then name the district or the oblast
	district           int    // index in districts
	weight             float64
}

type district struct{ ru, uk, en, ko string }

var districts = []district{
	{"Суджанский район", "Суджанський район", "Sudzhansky District", "수자군"},
	{"Кореневский район", "Кореневський район", "Korenevsky District", "코레네보군"},
	{"Глушковский район", "Глушковський район", "Glushkovsky District", "글루시코보군"},
	{"Большесолдатский район", "Большесолдатський район", "Bolshesoldatsky District", ""},
}

var places = []place{
	{"Плехово", "Плехове", "Plekhovo", "Pliekhove", "플레호보", 0, 6},
	{"Погребки", "Погрібки", "Pogrebki", "Pohribky", "포그레브키", 0, 5},
	{"Суджа", "Суджа", "Sudzha", "Sudzha", "수자", 0, 8},
	{"Малая Локня", "Мала Локня", "Malaya Loknya", "Mala Loknia", "", 0, 4},
	{"Свердликово", "Свердликове", "Sverdlikovo", "Sverdlykove", "", 0, 3},
	{"Куриловка", "Курилівка", "Kurilovka", "Kurylivka", "", 0, 2},
	{"Гончаровка", "Гончарівка", "Goncharovka", "Honcharivka", "", 0, 3},
	{"Махновка", "Махнівка", "Makhnovka", "Makhnivka", "", 0, 2},
	{"Мартыновка", "Мартинівка", "Martynovka", "Martynivka", "", 0, 2},
	{"Русское Поречное", "Руське Поріччя", "Russkoye Porechnoye", "Ruske Porichchia", "", 0, 2},
	{"Кремянное", "Кремяне", "Kremyannoye", "Kremiane", "크레먀노예", 1, 4},
	{"Снагость", "Снагость", "Snagost", "Snahist", "", 1, 3},
	{"Ольговка", "Ольгівка", "Olgovka", "Olhivka", "", 1, 3},
	{"Новоивановка", "Новоіванівка", "Novoivanovka", "Novoivanivka", "", 1, 2},
	{"Коренево", "Коренєво", "Korenevo", "Korenievo", "코레네보", 1, 4},
	{"Любимовка", "Любимівка", "Lyubimovka", "Liubymivka", "", 1, 2},
	{"Тёткино", "Тьоткіно", "Tyotkino", "Tiotkino", "", 2, 3},
	{"Глушково", "Глушкове", "Glushkovo", "Hlushkove", "", 2, 2},
	{"Николаевка", "Миколаївка", "Nikolayevka", "Mykolaivka", "", 3, 1},
}

// town is a home town in the DPRK.
type town struct {
	ko, province string // northern Hangul, with the province in Hangul
	mr, dprk     string
	ru, uk       string
	weight       float64
}

var towns = []town{
	{"평양", "평양직할시", "P'yŏngyang", "Pyongyang", "Пхеньян", "Пхеньян", 14},
	{"함흥", "함경남도", "Hamhŭng", "Hamhung", "Хамхын", "Хамхин", 9},
	{"청진", "함경북도", "Ch'ŏngjin", "Chongjin", "Чхонджин", "Чхонджин", 8},
	{"신의주", "평안북도", "Sinŭiju", "Sinuiju", "Синыйджу", "Сінийджу", 6},
	{"원산", "강원도", "Wŏnsan", "Wonsan", "Вонсан", "Вонсан", 6},
	{"개성", "개성특급시", "Kaesŏng", "Kaesong", "Кэсон", "Кесон", 4},
	{"남포", "남포특별시", "Namp'o", "Nampho", "Нампхо", "Нампхо", 5},
	{"해주", "황해남도", "Haeju", "Haeju", "Хэджу", "Хеджу", 4},
	{"혜산", "량강도", "Hyesan", "Hyesan", "Хесан", "Хєсан", 3},
	{"강계", "자강도", "Kanggye", "Kanggye", "Канге", "Канге", 3},
	{"사리원", "황해북도", "Sariwŏn", "Sariwon", "Саривон", "Саривон", 4},
	{"김책", "함경북도", "Kimch'aek", "Kimchaek", "Кимчхэк", "Кімчхек", 2},
	{"단천", "함경남도", "Tanch'ŏn", "Tanchon", "Танчхон", "Танчхон", 2},
	{"안주", "평안남도", "Anju", "Anju", "Анджу", "Анджу", 2},
	{"평성", "평안남도", "P'yŏngsŏng", "Phyongsong", "Пхёнсон", "Пхьонсон", 3},
	{"순천", "평안남도", "Sunch'ŏn", "Sunchon", "Сунчхон", "Сунчхон", 2},
	{"라선", "라선특별시", "Rasŏn", "Rason", "Расон", "Расон", 1},
	{"회령", "함경북도", "Hoeryŏng", "Hoeryong", "Хверён", "Хвер'он", 1},
}
