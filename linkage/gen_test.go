package linkage

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/names"
)

// This file generates synthetic multi-list, multi-script data with ground
// truth for the tests and benchmarks of this package: Korean soldiers
// recorded by four lists, each writing names in its own script and
// romanisation, with typos, missing and partial dates, order swaps and
// within-list duplicates.

var givenSyllables = []string{
	"철", "수", "영", "호", "민", "준", "성", "진", "현", "일", "광", "명", "남", "혁", "국",
	"용", "석", "훈", "은", "정", "희", "순", "옥", "미", "경", "동", "상", "기", "선", "춘",
	"학", "범", "룡", "복", "길", "봉", "송", "원", "만", "근", "창", "덕", "식", "권", "규",
	"태", "환", "평", "웅", "혜",
}

var places = []string{
	"Свердликово", "Плехово", "Гуево", "Олешня", "Малая Локня", "Суджа", "Мартыновка",
	"Козья Деревня", "Николаевка", "Погребки", "Куриловка", "Махновка", "Заолешенка",
	"Новоивановка", "Горналь", "Кремяное", "Тёткино", "Глушково", "Любимовка", "Казачья Локня",
}

var towns = []string{
	"평양", "함흥", "청진", "신의주", "원산", "개성", "사리원", "남포", "해주", "강계",
	"혜산", "라선", "순천", "덕천", "안주", "희천", "단천", "김책", "구성", "송림",
}

var ranksByList = [][]string{
	{"전사", "상등병", "하사", "중사", "소위", "중위"},
	{"private", "corporal", "sergeant", "staff sergeant", "lieutenant", "senior lieutenant"},
	{"рядовой", "ефрейтор", "сержант", "старший сержант", "лейтенант", "старший лейтенант"},
	{"private", "corporal", "sergeant", "staff sergeant", "lieutenant", "senior lieutenant"},
}

type genPerson struct {
	family   names.Surname
	given    string // Hangul
	sex      string
	birth    reckon.Date
	death    reckon.Date
	place    int
	unit     int
	rank     int
	town     int
	capacity float64
}

// genLists returns records of n persons in four lists and the truth.
func genLists(n int, seed uint64) ([]reckon.Record, map[string]string) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	surnames := names.Surnames()
	cum := make([]float64, len(surnames))
	total := 0.0
	for i, s := range surnames {
		total += s.Share
		cum[i] = total
	}
	pickSurname := func() names.Surname {
		x := rng.Float64() * total
		for i, c := range cum {
			if x < c {
				return surnames[i]
			}
		}
		return surnames[len(surnames)-1]
	}
	// Zipf-like syllable choice.
	syl := func() string {
		k := int(float64(len(givenSyllables)) * rng.Float64() * rng.Float64())
		return givenSyllables[k]
	}
	units := make([]int, 40+n/100)
	for i := range units {
		units[i] = 10000 + rng.IntN(90000)
	}
	persons := make([]genPerson, n)
	for i := range persons {
		p := &persons[i]
		p.family = pickSurname()
		p.given = syl() + syl()
		if rng.IntN(20) == 0 {
			p.given = syl()
		}
		p.sex = "M"
		if rng.IntN(25) == 0 {
			p.sex = "F"
		}
		p.birth = reckon.Date{Year: 1985 + rng.IntN(22), Month: 1 + rng.IntN(12), Day: 1 + rng.IntN(28)}
		p.death = reckon.Date{Year: 2024, Month: 10 + rng.IntN(3), Day: 1 + rng.IntN(28)}
		if rng.IntN(2) == 0 {
			p.death = reckon.Date{Year: 2025, Month: 1 + rng.IntN(6), Day: 1 + rng.IntN(28)}
		}
		p.place = rng.IntN(len(places))
		p.unit = rng.IntN(len(units))
		p.rank = min(int(6*rng.Float64()*rng.Float64()), 5)
		p.town = rng.IntN(len(towns))
		p.capacity = 0.35 + 1.3*rng.Float64()*rng.Float64()
	}

	lists := []string{"kcna", "ukr_intel", "ru_docs", "osint"}
	base := []float64{0.55, 0.5, 0.45, 0.35}
	var recs []reckon.Record
	truth := map[string]string{}
	seq := make([]int, len(lists))
	emit := func(l int, p *genPerson, pid int) {
		seq[l]++
		r := genRecord(rng, l, p, units)
		r.List = lists[l]
		r.RecordID = fmt.Sprintf("%d", seq[l])
		recs = append(recs, r)
		truth[RecordKey(r)] = fmt.Sprintf("p%d", pid)
	}
	for pid := range persons {
		p := &persons[pid]
		inRU := false
		for l := range lists {
			pr := base[l] * p.capacity
			if l == 1 && inRU {
				pr += 0.15 // intelligence releases draw on captured documents
			}
			if rng.Float64() >= min(pr, 0.95) {
				continue
			}
			if l == 2 {
				inRU = true
			}
			emit(l, p, pid)
			if rng.IntN(30) == 0 {
				emit(l, p, pid) // a duplicate within the list
			}
		}
	}
	// Shuffle so that no list order leaks into the result.
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	return recs, truth
}

// genRecord writes a person as list l would.
func genRecord(rng *rand.Rand, l int, p *genPerson, units []int) reckon.Record {
	var r reckon.Record
	given := p.given
	if rng.IntN(40) == 0 {
		// a wrong syllable, as from a bad reading of a handwritten list
		rs := []rune(given)
		rs[rng.IntN(len(rs))] = []rune(givenSyllables[rng.IntN(len(givenSyllables))])[0]
		given = string(rs)
	}
	famH := p.family.Hangul
	if l == 0 {
		famH = p.family.North
	}
	birth, death := p.birth, p.death
	switch l {
	case 0: // state media: Hangul, full dates
		r.FamilyName, r.GivenName = famH, given
		birth = blur(rng, birth, 0.85, 0.1, 0.05)
		death = blur(rng, death, 0.2, 0.7, 0.1)
		r.HomeTown = towns[p.town]
		r.Rank = ranksByList[l][p.rank]
		if rng.IntN(2) == 0 {
			r.Unit = fmt.Sprintf("%d부대", units[p.unit])
		}
	case 1: // intelligence release: DPRK romanisation in one field
		f, g := names.RomanizeName(p.family.North, given, names.DPRK)
		f, g = typo(rng, f, 0.01), typo(rng, g, 0.04)
		switch rng.IntN(5) {
		case 0:
			r.Name = strings.ToUpper(f) + " " + g
		default:
			r.Name = f + " " + g
		}
		birth = blur(rng, birth, 0.6, 0.15, 0.15)
		death = blur(rng, death, 0.7, 0.2, 0.05)
		r.DeathPlace = names.Transliterate(places[p.place], names.Ukrainian2010)
		r.Unit = fmt.Sprintf("military unit %d", units[p.unit])
		if rng.IntN(2) == 0 {
			r.Rank = ranksByList[l][p.rank]
		}
	case 2: // captured Russian documents: Kontsevich Cyrillic
		f, g := names.RomanizeName(p.family.Hangul, given, names.Kontsevich)
		if cs := p.family.Cyrillic; len(cs) > 1 && rng.IntN(3) == 0 {
			f = cs[rng.IntN(len(cs))]
		}
		r.FamilyName, r.GivenName = f, typo(rng, g, 0.04)
		birth = blur(rng, birth, 0.8, 0.05, 0.05)
		death = blur(rng, death, 0.8, 0.15, 0.03)
		r.DeathPlace = places[p.place]
		r.Unit = fmt.Sprintf("в/ч %d", units[p.unit])
		r.Rank = ranksByList[l][p.rank]
		r.Sex = map[string]string{"M": "м", "F": "ж"}[p.sex]
	case 3: // OSINT tracker: southern spellings, often swapped, rough dates
		sys := names.RR
		if rng.IntN(2) == 0 {
			sys = names.Customary
		}
		f, g := names.RomanizeName(p.family.Hangul, given, sys)
		if rng.IntN(3) == 0 && len(p.family.Customary) > 0 {
			f = p.family.Customary[0]
		}
		g = typo(rng, g, 0.05)
		if rng.IntN(6) == 0 {
			r.Name = g + " " + f
		} else {
			r.Name = f + " " + g
		}
		birth = blur(rng, birth, 0.25, 0.05, 0.45)
		death = blur(rng, death, 0.4, 0.4, 0.15)
		r.DeathPlace = names.Transliterate(places[p.place], names.BGN)
		if rng.IntN(3) == 0 {
			r.Unit = fmt.Sprintf("%d", units[p.unit])
		}
	}
	if l != 2 && rng.IntN(3) == 0 {
		r.Sex = p.sex
	}
	r.BirthDate = dateNoise(rng, birth)
	r.DeathDate = dateNoise(rng, death)
	if rng.IntN(20) == 0 {
		r.DeathPlace = ""
	}
	return r
}

// blur keeps d to the day with probability day, to the month with month,
// to the year with year, and drops it otherwise.
func blur(rng *rand.Rand, d reckon.Date, day, month, year float64) reckon.Date {
	x := rng.Float64()
	switch {
	case x < day:
		return d
	case x < day+month:
		return reckon.Date{Year: d.Year, Month: d.Month}
	case x < day+month+year:
		return reckon.Date{Year: d.Year}
	}
	return reckon.Date{}
}

// dateNoise makes the errors of copying dates: a wrong day, swapped day
// and month, a wrong year.
func dateNoise(rng *rand.Rand, d reckon.Date) reckon.Date {
	if d.IsZero() {
		return d
	}
	switch x := rng.IntN(100); {
	case x < 3 && d.Day > 0:
		d.Day = 1 + rng.IntN(28)
	case x < 4 && d.Day > 0 && d.Day <= 12:
		d.Day, d.Month = d.Month, d.Day
	case x < 6:
		d.Year += 1 - 2*rng.IntN(2)
	}
	return d
}

// typo changes one letter of s with probability p.
func typo(rng *rand.Rand, s string, p float64) string {
	if rng.Float64() >= p {
		return s
	}
	rs := []rune(s)
	if len(rs) < 3 {
		return s
	}
	k := 1 + rng.IntN(len(rs)-1)
	switch rng.IntN(3) {
	case 0:
		rs = append(rs[:k], rs[k+1:]...)
	case 1:
		rs[k-1], rs[k] = rs[k], rs[k-1]
	default:
		if rs[k] < 0x80 {
			rs[k] = rune('a' + rng.IntN(26))
		} else {
			rs[k] = rune('а' + rng.IntN(32))
		}
	}
	return string(rs)
}
