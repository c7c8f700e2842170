package extract

import (
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// unbounded marks an unbounded side of an interval in cyrTests.
const unbounded = math.MinInt64

// cyrWant is one expected claim: its span, measure, interval and, when
// set, its attribution and date ("-" for none).
type cyrWant struct {
	span    string
	measure reckon.Measure
	lo, hi  int64
	attr    string
	date    string
}

// cyrTests are the Russian and Ukrainian cases of issue 13 and guide §9:
// numbers in words and digits, qualifiers, ranges, vague quantities,
// measures, sources, dates, distractors and the General Staff's report.
var cyrTests = []struct {
	name string
	lang Lang
	text string
	want []cyrWant
}{
	// Numbers.
	{"genitive number words", Russian, "Погибли около двухсот человек.",
		[]cyrWant{{"около двухсот", reckon.Killed, 180, 220, "", ""}}},
	{"collective numeral", Russian, "Пятеро военных взяты в плен.",
		[]cyrWant{{"Пятеро", reckon.Captured, 5, 5, "", ""}}},
	{"thousands in words", Ukrainian, "Загинули понад дві тисячі цивільних.",
		[]cyrWant{{"понад дві тисячі", reckon.Killed, 2001, unbounded, "", ""}}},
	{"one and a half thousand", Ukrainian, "Евакуйовано півтори тисячі людей.",
		[]cyrWant{{"півтори тисячі", reckon.Displaced, 1500, 1500, "", ""}}},
	{"the noun hundred", Ukrainian, "З полону повернули сотню українців.",
		[]cyrWant{{"сотню", reckon.Captured, 100, 100, "", ""}}},
	{"no-break space groups", Russian, "Погибли 1\u00a0230 человек.",
		[]cyrWant{{"1\u00a0230", reckon.Killed, 1230, 1230, "", ""}}},
	{"narrow no-break space groups", Russian, "Потери составили 1\u202f234\u202f560 человек.",
		[]cyrWant{{"1\u202f234\u202f560", reckon.Casualties, 1234560, 1234560, "", ""}}},
	{"decimal comma and тыс.", Russian, "Потери составили около 4,7 тыс. человек.",
		[]cyrWant{{"около 4,7 тыс.", reckon.Casualties, 4230, 5170, "", ""}}},
	{"тис. then units", Ukrainian, "Загинули 2 тис. 145 людей.",
		[]cyrWant{{"2 тис. 145", reckon.Killed, 2145, 2145, "", ""}}},
	{"comma thousands", Russian, "Убиты свыше 10,000 мирных жителей.",
		[]cyrWant{{"свыше 10,000", reckon.Killed, 10001, unbounded, "", ""}}},
	{"compound numeral", Russian, "Ранены сто двадцать пять человек.",
		[]cyrWant{{"сто двадцать пять", reckon.Wounded, 125, 125, "", ""}}},
	{"tens as a noun", Russian, "Специалисты зарегистрировали три десятка афтершоков.",
		[]cyrWant{{"три десятка", reckon.OtherCount, 30, 30, "Специалисты", ""}}},

	// Qualifiers and ranges.
	{"до after a verb of change is exact", Russian, "Число погибших возросло до 155.",
		[]cyrWant{{"155", reckon.Killed, 155, 155, "", ""}}},
	{"до after a verb of change, Ukrainian", Ukrainian, "Кількість загиблих зросла до 155.",
		[]cyrWant{{"155", reckon.Killed, 155, 155, "", ""}}},
	{"до bounding a loss", Russian, "Украинская армия потеряла до 555 военнослужащих.",
		[]cyrWant{{"до 555", reckon.Casualties, unbounded, 555, "", ""}}},
	{"nearly", Russian, "Погибли почти 5 тысяч человек.",
		[]cyrWant{{"почти 5 тысяч", reckon.Killed, 4500, 4999, "", ""}}},
	{"at least", Ukrainian, "Загинули щонайменше 8451 цивільний.",
		[]cyrWant{{"щонайменше 8451", reckon.Killed, 8451, unbounded, "", ""}}},
	{"fewer than", Russian, "Погибли менее 100 человек.",
		[]cyrWant{{"менее 100", reckon.Killed, unbounded, 99, "", ""}}},
	{"range with a multiplier", Russian, "КНДР отправила от 80 до 95 тысяч военных.",
		[]cyrWant{{"от 80 до 95 тысяч", reckon.Deployed, 80000, 95000, "", ""}}},
	{"dash range", Ukrainian, "КНДР направила 10–12 тисяч військових.",
		[]cyrWant{{"10–12 тисяч", reckon.Deployed, 10000, 12000, "", ""}}},
	{"from A to B after a verb of change", Ukrainian, "Чисельність військових зросла з 32 до 73 тисяч осіб.",
		[]cyrWant{{"32", reckon.Deployed, 32000, 32000, "", ""}, {"73 тисяч", reckon.Deployed, 73000, 73000, "", ""}}},
	{"distributive qualifier", Russian, "ВСУ потеряли более 60 танков и 140 машин.",
		[]cyrWant{{"более 60", reckon.OtherCount, 61, unbounded, "", ""}, {"140", reckon.OtherCount, 141, unbounded, "", ""}}},
	{"no distribution across predicates", Russian, "Погибло не менее 1179 мирных жителей, еще 1860 получили ранения.",
		[]cyrWant{{"не менее 1179", reckon.Killed, 1179, unbounded, "", ""}, {"1860", reckon.Wounded, 1860, 1860, "", ""}}},

	// Vague quantities.
	{"several hundred", Russian, "Погибли несколько сотен человек.",
		[]cyrWant{{"несколько сотен", reckon.Killed, 300, 900, "", ""}}},
	{"tens of thousands", Russian, "Пропали без вести десятки тысяч военных.",
		[]cyrWant{{"десятки тысяч", reckon.Missing, 20000, 99999, "", ""}}},
	{"several hundred thousand", Ukrainian, "Евакуювали кілька сотень тисяч людей.",
		[]cyrWant{{"кілька сотень тисяч", reckon.Displaced, 300000, 900000, "", ""}}},
	{"hundreds and thousands", Ukrainian, "Загинули сотні людей, тисячі поранені.",
		[]cyrWant{{"сотні", reckon.Killed, 200, 999, "", ""}, {"тисячі", reckon.Wounded, 2000, 9999, "", ""}}},
	{"half a million", Russian, "ООН сообщала о полумиллионе беженцев.",
		[]cyrWant{{"полумиллионе", reckon.Displaced, 500000, 500000, "ООН", ""}}},
	{"fled", Russian, "Около трех миллионов человек вынуждены были бежать из страны.",
		[]cyrWant{{"Около трех миллионов", reckon.Displaced, 2700000, 3300000, "", ""}}},
	{"more than a thousand is a number", Russian, "Ранены более тысячи человек.",
		[]cyrWant{{"более тысячи", reckon.Wounded, 1001, unbounded, "", ""}}},

	// Measures.
	{"missing", Russian, "Пропали без вести 35 человек.",
		[]cyrWant{{"35", reckon.Missing, 35, 35, "", ""}}},
	{"killed or wounded", Russian, "Около 4,7 тысячи солдат погибли или были ранены.",
		[]cyrWant{{"Около 4,7 тысячи", reckon.Casualties, 4230, 5170, "", ""}}},
	{"killed and wounded", Ukrainian, "Росія втратила вбитими та пораненими 1420 солдатів.",
		[]cyrWant{{"1420", reckon.Casualties, 1420, 1420, "", ""}}},
	{"200 and 300", Russian, "У противника 50 «200-х» и 120 «300-х».",
		[]cyrWant{{"50", reckon.Killed, 50, 50, "", ""}, {"120", reckon.Wounded, 120, 120, "", ""}}},
	{"things", Ukrainian, "Сили оборони знищили 19 артсистем.",
		[]cyrWant{{"19", reckon.OtherCount, 19, 19, "", ""}}},
	{"prisoners held", Russian, "Из них 10 тысяч находятся в плену.",
		[]cyrWant{{"10 тысяч", reckon.Captured, 10000, 10000, "", ""}}},
	{"a whole of killed and wounded parts", Russian,
		"ООН зафиксировала 26 384 жертвы, в том числе 9 444 убитых и 16 940 раненых.",
		[]cyrWant{{"26 384", reckon.Casualties, 26384, 26384, "ООН", ""}, {"9 444", reckon.Killed, 9444, 9444, "ООН", ""}, {"16 940", reckon.Wounded, 16940, 16940, "ООН", ""}}},

	// Sources and dates.
	{"по данным X", Russian, "По данным ООН, погибли 100 человек.",
		[]cyrWant{{"100", reckon.Killed, 100, 100, "ООН", ""}}},
	{"X заявил", Russian, "Зеленский заявил, что погибли 31 тысяча военных.",
		[]cyrWant{{"31 тысяча", reckon.Killed, 31000, 31000, "Зеленский", ""}}},
	{"повідомив X", Ukrainian, "Загинули 4 цивільних, повідомив голова ОВА Олег Синєгубов.",
		[]cyrWant{{"4", reckon.Killed, 4, 4, "голова ОВА Олег Синєгубов", ""}}},
	{"за даними X, станом на", Ukrainian, "За даними Генштабу, станом на 2 квітня загинули 864 військових.",
		[]cyrWant{{"864", reckon.Killed, 864, 864, "Генштабу", "станом на 2 квітня"}}},
	{"a report of a body", Ukrainian, "Загинули понад 500 мирних жителів, йдеться у звіті ООН.",
		[]cyrWant{{"понад 500", reckon.Killed, 501, unbounded, "ООН", ""}}},
	{"headline source after a dash", Ukrainian, "Близько 600 північнокорейців загинули, - Сеул",
		[]cyrWant{{"Близько 600", reckon.Killed, 540, 660, "Сеул", ""}}},
	{"wire dateline", Russian, "МОСКВА, 23 августа. /ТАСС/. ВСУ потеряли до 235 военнослужащих.",
		[]cyrWant{{"до 235", reckon.Casualties, unbounded, 235, "ТАСС", "23 августа"}}},
	{"relative day", Ukrainian, "За минулу добу окупанти втратили 830 військових.",
		[]cyrWant{{"830", reckon.Casualties, 830, 830, "", "За минулу добу"}}},

	// Distractors, even with a qualifier in front.
	{"unit name", Russian, "Бойцы 94-я отдельная бригада отступили.", nil},
	{"year", Russian, "В 2022 году началась война.", nil},
	{"age", Russian, "Погиб 22-летний военный.", nil},
	{"age with a qualifier", Russian, "Ему более 50 лет.", nil},
	{"duration with a qualifier", Ukrainian, "Вони пробули в полоні майже 4 роки.", nil},
	{"frequency", Ukrainian, "Окупанти 7 разів обстріляли село.", nil},
	{"percent", Ukrainian, "Втрати зменшилися на 13%.", nil},
	{"money", Russian, "Выплаты составили 5 тыс. долларов.", nil},
	{"measurement", Russian, "Танки уязвимы на расстоянии до 10 километров.", nil},
	{"phone", Russian, "Телефон горячей линии: +7 (495) 123-45-67.", nil},
	{"date", Ukrainian, "Обмін відбувся 24 серпня.", nil},
	{"rate", Ukrainian, "Росія втрачає 10 танків на день.", nil},
	{"fraction with a slash", Russian, "Погибли 1/3 жителей.", nil},
	{"temperature", Ukrainian, "Температура впала до 15 ° морозу.", nil},

	// The General Staff's daily report.
	{"General Staff personnel line", Ukrainian, "особового складу — близько 1 234 560 (+1 230) осіб",
		[]cyrWant{{"близько 1 234 560", reckon.Casualties, 1111104, 1358016, "", ""}, {"+1 230", reckon.Casualties, 1230, 1230, "", ""}}},
	{"General Staff list cue", Ukrainian,
		"Загальні бойові втрати противника орієнтовно становлять: особового складу — близько 57750 (+550) осіб ліквідовано, танків — 2306 (+16) од., гелікоптерів — 224 (+0) од.",
		[]cyrWant{
			{"близько 57750", reckon.Casualties, 51975, 63525, "", ""}, {"+550", reckon.Casualties, 550, 550, "", ""},
			{"2306", reckon.OtherCount, 2075, 2537, "", ""}, {"+16", reckon.OtherCount, 16, 16, "", ""},
			{"224", reckon.OtherCount, 202, 246, "", ""}, {"+0", reckon.OtherCount, 0, 0, "", ""},
		}},
	{"General Staff list on lines", Ukrainian,
		"Загальні бойові втрати противника з 24.02.22 по 17.01.26 орієнтовно склали:\nособового складу ‒ близько 1 226 420 (+830) осіб\nтанків ‒ 11 560 (+4) од.",
		[]cyrWant{
			{"близько 1 226 420", reckon.Casualties, 1103778, 1349062, "", ""}, {"+830", reckon.Casualties, 830, 830, "", ""},
			{"11 560", reckon.OtherCount, 10404, 12716, "", ""}, {"+4", reckon.OtherCount, 4, 4, "", ""},
		}},
	{"General Staff list lines", Ukrainian, "- танки — 9419 (+20 за минулу добу);\n- РСЗВ — 1254;",
		[]cyrWant{{"9419", reckon.OtherCount, 9419, 9419, "", ""}, {"+20", reckon.OtherCount, 20, 20, "", "за минулу добу"}, {"1254", reckon.OtherCount, 1254, 1254, "", ""}}},
}

func cyrBound(p *int64) int64 {
	if p == nil {
		return unbounded
	}
	return *p
}

func TestCyrillicClaims(t *testing.T) {
	for _, tc := range cyrTests {
		t.Run(tc.name, func(t *testing.T) {
			got := ExtractLang(tc.text, tc.lang)
			if len(got) != len(tc.want) {
				var spans []string
				for _, c := range got {
					spans = append(spans, c.Span)
				}
				t.Fatalf("%q: %d claims %q, want %d", tc.text, len(got), spans, len(tc.want))
			}
			for i, w := range tc.want {
				c := got[i]
				if c.Span != w.span || c.Measure != w.measure || cyrBound(c.Low) != w.lo || cyrBound(c.High) != w.hi {
					t.Errorf("claim %d = %q %s %s, want %q %s [%s]; why %q", i, c.Span, c.Measure, c.Interval,
						w.span, w.measure, reckon.Interval{Low: cyrPtr(w.lo), High: cyrPtr(w.hi)}, c.Why)
				}
				if c.Attribution != w.attr {
					t.Errorf("claim %d %q: attribution %q, want %q", i, c.Span, c.Attribution, w.attr)
				}
				if w.date != "" && c.Date != w.date {
					t.Errorf("claim %d %q: date %q, want %q", i, c.Span, c.Date, w.date)
				}
				if c.Span != tc.text[c.Start:c.End] {
					t.Errorf("claim %d: span %q is not text[%d:%d]", i, c.Span, c.Start, c.End)
				}
				if len(c.Why) == 0 {
					t.Errorf("claim %d %q: no rule trace", i, c.Span)
				}
			}
		})
	}
}

func cyrPtr(v int64) *int64 {
	if v == unbounded {
		return nil
	}
	return &v
}

// TestCyrillicProjected: plans and forecasts are marked projected.
func TestCyrillicProjected(t *testing.T) {
	for _, tc := range []struct {
		lang Lang
		text string
		want bool
	}{
		{Russian, "Пхеньян направит в Россию до десяти тысяч бойцов.", true},
		{Ukrainian, "Північна Корея може направити близько 6000 солдатів.", true},
		{Russian, "КНДР направила в Россию 12 тысяч военных.", false},
	} {
		got := ExtractLang(tc.text, tc.lang)
		if len(got) != 1 || got[0].Projected != tc.want {
			t.Errorf("%q: %+v, want one claim projected=%v", tc.text, got, tc.want)
		}
	}
}

// TestCyrillicNeverPanics feeds the engine hostile inputs.
func TestCyrillicNeverPanics(t *testing.T) {
	for _, s := range []string{"", " ", "\xff\xfe", "1", "тыс.", "(+", "(+1", "— 5 (+", "от 5 до", strings.Repeat("1 000 ", 3000),
		strings.Repeat("а", 10000), "до до до 5", "200-х 300-е", "1.2.3.4", "+7 (", "12:", "½ тысячи", "\xd0", "а\xd1", "\xd1\x82 5", "5 \xd0\xd0 тыс", "҂5"} {
		for _, l := range []Lang{Russian, Ukrainian} {
			checkCyrClaims(t, s, ExtractLang(s, l))
		}
	}
}

// checkCyrClaims asserts the contract of every extractor on text.
func checkCyrClaims(t testing.TB, text string, claims []reckon.Claim) {
	t.Helper()
	last := -1
	for _, c := range claims {
		if c.Start < 0 || c.End > len(text) || c.Start >= c.End || text[c.Start:c.End] != c.Span {
			t.Fatalf("claim %q at [%d, %d) is not a span of the text", c.Span, c.Start, c.End)
		}
		if !c.Interval.Valid() {
			t.Fatalf("claim %q: invalid interval %s", c.Span, c.Interval)
		}
		if c.Start < last {
			t.Fatalf("claim %q out of text order", c.Span)
		}
		last = c.Start
	}
}
