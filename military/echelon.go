package military

import (
	"strings"
)

// echelonWords maps every form of an echelon word we read, lower case,
// to its echelon: Russian and Ukrainian nouns in all their cases, the
// abbreviations of Russian and Ukrainian military writing (бр, обр,
// омсбр, мсд, ак, б-н, бн …) and of English (Bde, Bn, Regt, Coy …).
//
// The abbreviations follow common usage in Russian and Ukrainian official
// and press writing (e.g. обр — отдельная бригада, омсбр — отдельная
// мотострелковая бригада, мсд — мотострелковая дивизия, ак — армейский
// корпус, омбр — окрема механізована бригада, ошбр — окрема штурмова
// бригада) and NATO/Commonwealth abbreviations (Bde, Bn, Regt, Coy, Bty,
// Plt, Sqn is not read: it is a company in armour but a unit in aviation).
var echelonWords = buildEchelonWords()

// hangulEchelons are the Korean echelon nouns, which are written joined to
// the number or name before them (제94려단, 폭풍군단); longest first.
// 려단 and 련대 are the northern spellings of 여단 and 연대.
var hangulEchelons = []struct {
	suffix string
	e      Echelon
}{
	{"군단", Corps}, {"사단", Division}, {"려단", Brigade}, {"여단", Brigade},
	{"련대", Regiment}, {"연대", Regiment}, {"대대", Battalion}, {"중대", Company},
	{"소대", Platoon}, {"분대", Section},
}

func buildEchelonWords() map[string]Echelon {
	echelonWords := map[string]Echelon{}
	add := func(e Echelon, words ...string) {
		for _, w := range words {
			echelonWords[w] = e
		}
	}
	noun := []string{"", "а", "у", "ом", "е", "і", "ы", "ов", "ам", "ах"} // masculine: полк, батальон, корпус, взвод
	fem := []string{"а", "ы", "е", "у", "ой", "ою", "и", "і"}             // feminine in -а: бригада, рота
	ija := []string{"я", "и", "ю", "ей", "ею", "ї", "єю", "ям"}           // feminine in -ия/-ія: дивизия, армия
	add(Section, forms("отделени", "е", "я", "ю", "ем", "и")...)
	add(Section, forms("відділенн", "я", "ю", "ям", "і")...)
	add(Section, "section", "sections", "squad", "squads", "sqd", "sect")
	add(Platoon, forms("взвод", noun...)...)
	add(Platoon, "platoon", "platoons", "plt", "pl", "вз")
	add(Company, forms("рот", fem...)...)
	add(Company, forms("батаре", ija...)...)
	add(Company, "company", "companies", "coy", "co", "cos", "battery", "bty", "батр")
	add(Battalion, forms("батальон", noun...)...)
	add(Battalion, forms("батальйон", noun...)...)
	add(Battalion, forms("дивизион", noun...)...)
	add(Battalion, forms("дивізіон", noun...)...)
	add(Battalion, "battalion", "battalions", "bn", "btn", "bns", "бн", "б-н", "бат", "мсб", "осб", "обн", "дшб", "тб")
	add(Regiment, forms("полк", noun...)...)
	add(Regiment, forms("полк", "и", "ів")...)
	add(Regiment, "regiment", "regiments", "regt", "rgt", "reg", "мсп", "пдп", "дшп", "сп", "тп", "ап")
	add(Brigade, forms("бригад", fem...)...)
	add(Brigade, "brigade", "brigades", "bde", "bdes", "brig", "bgd",
		"бр", "обр", "омсбр", "мсбр", "омбр", "ошбр", "одшбр", "огшбр", "тбр", "обрмп", "омпбр", "мбр", "абр", "оабр", "ртбр")
	add(Division, forms("дивизи", ija...)...)
	add(Division, forms("дивізі", ija...)...)
	add(Division, "division", "divisions", "div", "divn", "мсд", "тд", "вдд", "дшд", "сд")
	add(Corps, forms("корпус", noun...)...)
	add(Corps, "corps", "ак")
	add(Army, forms("арми", ija...)...)
	add(Army, forms("армі", ija...)...)
	add(Army, "army", "armies", "оа")
	return echelonWords
}

// echelonOf returns the echelon of a word, and for a Korean word such as
// 폭풍군단 or 경보병려단 also what comes before the echelon noun (폭풍,
// 경보병), which may be a name. NoEchelon when the word is not an echelon.
func echelonOf(w string) (Echelon, string) {
	if e, ok := echelonWords[w]; ok {
		return e, ""
	}
	if w == "" || !isHangul([]rune(w)[0]) {
		return NoEchelon, ""
	}
	for _, h := range hangulEchelons {
		if strings.HasSuffix(w, h.suffix) {
			prefix := strings.TrimPrefix(strings.TrimSuffix(w, h.suffix), "제")
			return h.e, prefix
		}
	}
	if w == "군" {
		return Army, "" // 제2군: the word 군 alone, after a number
	}
	return NoEchelon, ""
}

// hangulUnitNumber reports whether a Korean word after a number makes it a
// unit cover designation: 제963군부대, 2214부대.
func hangulUnitNumber(w string) bool { return w == "군부대" || w == "부대" }

// ordinals are the ordinal words up to ten; Russian and Ukrainian forms
// are matched by their stems.
var ordinalEnglish = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
	"sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}

var ordinalStems = []struct {
	stem string
	n    int
}{
	{"перв", 1}, {"перш", 1}, {"втор", 2}, {"друг", 2}, {"трет", 3},
	{"четверт", 4}, {"четвёрт", 4}, {"пят", 5}, {"шест", 6}, {"шост", 6},
	{"седьм", 7}, {"сьом", 7}, {"восьм", 8}, {"девят", 9}, {"десят", 10},
}

// ordinalEndings are the adjective endings of a Russian or Ukrainian
// ordinal after its stem: второй, второго, третьей, третього, п'ятий.
var ordinalEndings = map[string]bool{
	"ый": true, "ой": true, "ий": true, "ая": true, "ое": true, "ого": true, "ому": true, "ым": true,
	"ом": true, "ую": true, "ей": true, "ья": true, "ье": true, "ьей": true, "ьего": true, "ьему": true,
	"ьи": true, "а": true, "е": true, "ої": true, "я": true, "ій": true, "ього": true, "ьому": true, "ьої": true,
	"ім": true, "их": true,
}

// ordinalWord reads an ordinal word: "second", "второй", "третьей", "п'ятий".
func ordinalWord(w string) (int, bool) {
	if n, ok := ordinalEnglish[w]; ok {
		return n, true
	}
	for _, o := range ordinalStems {
		if strings.HasPrefix(w, o.stem) {
			rest := strings.TrimPrefix(w, o.stem)
			if ordinalEndings[rest] {
				return o.n, true
			}
		}
	}
	return 0, false
}

// unitNumber reads a military unit number starting at the keyword at
// toks[i]: в/ч 12345, вч 12345, войсковая часть 12345, військова частина
// А1234, military unit 12345, unit no. 12345. It returns the number, the
// index after it, and false when toks[i] does not start one.
func unitNumber(toks []token, i int) (string, int, bool) {
	j := i
	switch w := toks[i].text; {
	case w == "вч" || w == "в/ч" || w == "в-ч":
		j++
	case strings.HasPrefix(w, "войсков") || strings.HasPrefix(w, "воинск") || strings.HasPrefix(w, "військов") || w == "military":
		if j+1 < len(toks) && toks[j+1].kind == tokWord && (strings.HasPrefix(toks[j+1].text, "част") || toks[j+1].text == "unit") {
			j += 2
		} else {
			return "", 0, false
		}
	case w == "unit":
		j++
		if j >= len(toks) || toks[j].text != "no" {
			return "", 0, false
		}
	default:
		return "", 0, false
	}
	if j < len(toks) && toks[j].kind == tokWord && toks[j].text == "no" {
		j++
	}
	letter := ""
	if j+1 < len(toks) && toks[j].kind == tokWord && len([]rune(toks[j].text)) == 1 && toks[j+1].kind == tokNum {
		l, ok := lookalike[[]rune(toks[j].text)[0]]
		if !ok {
			return "", 0, false
		}
		letter = l
		j++
	}
	if j >= len(toks) || toks[j].kind != tokNum || len(toks[j].text) < 3 || len(toks[j].text) > 6 {
		return "", 0, false
	}
	return letter + toks[j].text, j + 1, true
}

// lookalike writes the letter of a unit number (А1234, В1234) as the Latin
// capital it looks like, so that Russian, Ukrainian and English writings
// of one number agree.
var lookalike = map[rune]string{
	'а': "A", 'a': "A", 'в': "B", 'b': "B", 'е': "E", 'e': "E", 'к': "K", 'k': "K",
	'м': "M", 'm': "M", 'н': "H", 'h': "H", 'о': "O", 'o': "O", 'р': "P", 'p': "P",
	'с': "C", 'c': "C", 'т': "T", 't': "T", 'х': "X", 'x': "X",
}
