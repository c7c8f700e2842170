package military

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Echelon is the level of a formation, ordered from the smallest.
type Echelon int

// The echelons, smallest first. Companies include batteries; battalions
// include artillery battalions (дивизион, дивізіон).
const (
	NoEchelon Echelon = iota // not a formation
	Section                  // section or squad: отделение, відділення, 분대
	Platoon                  // взвод, 소대
	Company                  // рота, батарея, 중대
	Battalion                // батальон, батальйон, дивизион, 대대
	Regiment                 // полк, 련대 (연대)
	Brigade                  // бригада, 려단 (여단)
	Division                 // дивизия, дивізія, 사단
	Corps                    // корпус, 군단
	Army                     // армия, армія, 군
)

var echelonNames = [...]string{"", "section", "platoon", "company", "battalion", "regiment", "brigade", "division", "corps", "army"}

// String returns the English name of the echelon, "" for NoEchelon.
func (e Echelon) String() string {
	if e < 0 || int(e) >= len(echelonNames) {
		return "echelon(" + strconv.Itoa(int(e)) + ")"
	}
	return echelonNames[e]
}

// Formation is one formation of a unit: an echelon with a number, a name,
// or both ("11th Corps", called the Storm Corps).
type Formation struct {
	Echelon Echelon
	Number  int    // 94 for the 94th Brigade; 0 when it is known only by name
	Name    string // canonical English name of a named formation ("Storm"); "" if none
}

// identifies reports whether f and g name the same formation: the same
// echelon and the same number, or, when neither has a number, the same name.
func (f Formation) identifies(g Formation) bool {
	if f.Echelon != g.Echelon {
		return false
	}
	if f.Number != 0 || g.Number != 0 {
		return f.Number == g.Number
	}
	return f.Name != "" && f.Name == g.Name
}

// key is the form of f used in maps: a numbered formation without its name.
func (f Formation) key() Formation {
	if f.Number != 0 {
		f.Name = ""
	}
	return f
}

// String returns f in English: "94th Brigade", "Storm Corps" or
// "11th (Storm) Corps".
func (f Formation) String() string {
	ech := f.Echelon.String()
	if ech != "" {
		ech = strings.ToUpper(ech[:1]) + ech[1:]
	}
	switch {
	case f.Number != 0 && f.Name != "":
		return ordinal(f.Number) + " (" + f.Name + ") " + ech
	case f.Number != 0:
		return ordinal(f.Number) + " " + ech
	case f.Name != "":
		return f.Name + " " + ech
	}
	return ech
}

func ordinal(n int) string {
	suf := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suf = "st"
	case n%10 == 2:
		suf = "nd"
	case n%10 == 3:
		suf = "rd"
	}
	return strconv.Itoa(n) + suf
}

// Unit is a military unit as a record gives it: a path of formations, most
// general first, at most one per echelon, and a military unit number. The
// zero Unit is a unit that was not recognised.
type Unit struct {
	Path []Formation // most general first: 11th Corps, 94th Brigade, 2nd Battalion
	// Number is the military unit number, the open designation of a unit:
	// "12345" for в/ч 12345 or military unit 12345, "A1234" for
	// військова частина А1234 (Cyrillic letters are written as the Latin
	// letters they look like), "963" for 제963군부대. "" when none.
	Number string
}

// IsZero reports whether nothing was recognised in u.
func (u Unit) IsZero() bool { return len(u.Path) == 0 && u.Number == "" }

// Lowest returns the most specific formation of u, and false when u has none.
func (u Unit) Lowest() (Formation, bool) {
	if len(u.Path) == 0 {
		return Formation{}, false
	}
	return u.Path[len(u.Path)-1], true
}

// String returns u in English, most general first: "11th Corps / 94th
// Brigade", with the unit number as "military unit 12345".
func (u Unit) String() string {
	parts := make([]string, 0, len(u.Path)+1)
	for _, f := range u.Path {
		parts = append(parts, f.String())
	}
	if u.Number != "" {
		parts = append(parts, "military unit "+u.Number)
	}
	return strings.Join(parts, " / ")
}

// GoString helps test failures.
func (u Unit) GoString() string { return fmt.Sprintf("Unit{%s}", u.String()) }

// ParseUnit reads a military unit written in Korean, Russian, Ukrainian or
// English. It never fails: what it does not recognise is ignored, and a
// string in which no formation and no unit number is recognised gives the
// zero Unit.
//
// A formation is an echelon word (бригада, бр, обр, Bde, 려단 …) with a
// number before it ("94th Brigade", "94-я отдельная бригада", "제94려단",
// "93 бр.") or right after it ("Bde 94", "Company 3"), or a name that the
// table of named formations knows ("Storm Corps", "폭풍군단", "Штурмовой
// корпус"). Words between the number and the echelon word are read as
// qualifiers and dropped (отдельная, окрема, separate, motor rifle, 경보병).
// A formation with neither number nor known name is dropped. Several
// formations may be given in any order and with any separators ("94th
// Brigade, 11th Corps", "93 бр. 2 б-н", "11th Corps / 94th Brigade"); the
// path is sorted most general first and the first formation given at an
// echelon is kept.
//
// A unit number follows в/ч, вч, войсковая часть, военная часть,
// військова частина, "military unit" or "unit no.", or precedes 군부대 or
// 부대 ("제963군부대").
func ParseUnit(s string) Unit {
	toks := tokenize(s)
	var u Unit
	pending := 0       // a number waiting for its echelon word
	var words []string // words since the last formation, candidates for a name
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case tokSep:
			pending, words = 0, words[:0]
		case tokNum:
			if t.num > 0 && t.num < 10000 {
				pending = t.num
			} else {
				pending = 0
			}
			words = words[:0]
		case tokWord:
			if n, next, ok := unitNumber(toks, i); ok {
				if u.Number == "" {
					u.Number = n
				}
				i = next - 1
				pending, words = 0, words[:0]
				continue
			}
			if hangulUnitNumber(t.text) && i > 0 && toks[i-1].kind == tokNum && t.joined {
				if u.Number == "" {
					u.Number = toks[i-1].text
				}
				pending, words = 0, words[:0]
				continue
			}
			ech, prefix := echelonOf(t.text)
			if ech == NoEchelon {
				if n, ok := ordinalWord(t.text); ok {
					pending = n
					continue
				}
				if t.text == "no" || t.text == "nr" || t.text == "제" {
					continue
				}
				words = append(words, t.text)
				continue
			}
			if ech == Army && i+1 < len(toks) && toks[i+1].kind == tokWord {
				if next, _ := echelonOf(toks[i+1].text); next != NoEchelon && next < Army {
					continue // "11th Army Corps": army qualifies the corps
				}
			}
			f := Formation{Echelon: ech, Number: pending}
			cands := words
			if prefix != "" {
				cands = append(cands, prefix)
			}
			if name, num, ok := namedFormation(ech, cands); ok && (f.Number == 0 || f.Number == num) {
				f.Name, f.Number = name, num
			}
			if f.Number == 0 {
				// "Bde 94", "Company 3", "рота № 2": a bare number right after.
				j := i + 1
				if j < len(toks) && toks[j].kind == tokWord && toks[j].text == "no" {
					j++
				}
				if j < len(toks) && toks[j].kind == tokNum && toks[j].num > 0 && toks[j].num < 10000 && !numberLeadsOn(toks, j) {
					f.Number = toks[j].num
					i = j
				}
			}
			pending, words = 0, words[:0]
			if f.Number == 0 && f.Name == "" {
				continue
			}
			if !slices.ContainsFunc(u.Path, func(g Formation) bool { return g.Echelon == f.Echelon }) {
				u.Path = append(u.Path, f)
			}
		}
	}
	slices.SortStableFunc(u.Path, func(a, b Formation) int { return int(b.Echelon) - int(a.Echelon) })
	return u
}

// numberLeadsOn reports whether the number at toks[j] belongs to what
// follows it: an ordinal suffix ("94th") or an echelon word right after
// it ("Bn 2 94 Bde" gives 2 to the battalion and 94 to the brigade).
func numberLeadsOn(toks []token, j int) bool {
	if j+1 >= len(toks) || toks[j+1].kind != tokWord {
		return false
	}
	w := toks[j+1].text
	if ordinalSuffixes[w] && toks[j+1].joined {
		return true
	}
	e, _ := echelonOf(w)
	return e != NoEchelon
}

// ordinalSuffixes are the endings written after the digits of an ordinal:
// 94th, 94-я, 94-й, 94-го, 94-ої.
var ordinalSuffixes = map[string]bool{
	"th": true, "st": true, "nd": true, "rd": true, "d": true,
	"я": true, "й": true, "ой": true, "ый": true, "ий": true, "го": true, "ого": true, "его": true,
	"ая": true, "ое": true, "е": true, "ю": true, "ую": true, "м": true, "ом": true, "ой ": true,
	"а": true, "ої": true, "ій": true, "ому": true, "у": true,
}
