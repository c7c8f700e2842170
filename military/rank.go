package military

import (
	"strconv"
	"strings"
)

// Grade is a NATO grade of STANAG 2116: OR-1 … OR-9 for other ranks
// (enlisted and non-commissioned), OF-1 … OF-10 for officers. The zero
// Grade is no grade. Grades are ordered: OR1 < … < OR9 < OF1 < … < OF10.
type Grade int

// The grades of STANAG 2116.
const (
	NoGrade Grade = iota
	OR1
	OR2
	OR3
	OR4
	OR5
	OR6
	OR7
	OR8
	OR9
	OF1
	OF2
	OF3
	OF4
	OF5
	OF6
	OF7
	OF8
	OF9
	OF10
)

// Officer reports whether g is an officer's grade (OF-1 and above).
func (g Grade) Officer() bool { return g >= OF1 && g <= OF10 }

// String returns the NATO code: "OR-4", "OF-1"; "" for NoGrade.
func (g Grade) String() string {
	switch {
	case g >= OR1 && g <= OR9:
		return "OR-" + strconv.Itoa(int(g-OR1+1))
	case g >= OF1 && g <= OF10:
		return "OF-" + strconv.Itoa(int(g-OF1+1))
	case g == NoGrade:
		return ""
	}
	return "grade(" + strconv.Itoa(int(g)) + ")"
}

// Rank is a military rank read from a record: its grade on the common
// scale and the title that was recognised, in the form our table writes it
// ("младший сержант", "하사", "Staff Sergeant"). The zero Rank is no rank.
type Rank struct {
	Grade Grade
	Title string
}

// String returns the title and the grade: "младший сержант (OR-4)".
func (r Rank) String() string {
	if r.Grade == NoGrade {
		return ""
	}
	return r.Title + " (" + r.Grade.String() + ")"
}

// ParseRank reads a rank written in Korean (KPA or ROK), Russian,
// Ukrainian or English, in any case and with the usual abbreviations
// (ст. сержант, мл. лейтенант, Sgt, Lt Col, 2Lt), and returns it with its
// grade. The longest title found in s wins, so "Lieutenant Colonel" is not
// "Colonel" and "генерал-майор" is not "майор"; words around it (гвардии,
// медицинской службы, посмертно, KPA) are ignored. It returns false when
// no rank is found. See the package documentation for the table.
func ParseRank(s string) (Rank, bool) {
	toks := tokenize(s)
	words := make([]string, 0, len(toks))
	for _, t := range toks {
		switch t.kind {
		case tokWord:
			words = append(words, t.text)
		case tokNum:
			words = append(words, t.text) // 2Lt, 1st Lt
		}
	}
	best, bestLen := -1, 0
	for i := range words {
		// Hangul titles may be written with a space (특무 상사): join the
		// Hangul words from i on and look them up whole.
		if isHangul([]rune(words[i])[0]) {
			joined := ""
			for j := i; j < len(words) && isHangul([]rune(words[j])[0]); j++ {
				joined += words[j]
				if k, ok := rankIndex[joined]; ok && j-i+1 >= bestLen && (j-i+1 > bestLen || best < 0) {
					best, bestLen = k, j-i+1
				}
			}
			continue
		}
		for _, k := range rankStarts[canonWord(words[i])] {
			n := len(rankTable[k].words)
			if n <= bestLen || i+n > len(words) {
				continue
			}
			ok := true
			for j, w := range rankTable[k].words {
				if canonWord(words[i+j]) != w {
					ok = false
					break
				}
			}
			if ok {
				best, bestLen = k, n
			}
		}
	}
	if best < 0 {
		return Rank{}, false
	}
	e := rankTable[best]
	return Rank{Grade: e.grade, Title: e.title}, true
}

// CompareRanks says how two ranks agree: Same for the same grade, Related
// for grades one step apart among other ranks or among officers (a
// posthumous promotion, or two armies' nearest equivalents), Different
// otherwise, and Unknown when either has no grade. OR-9 and OF-1 are not
// one step apart: they are different careers.
func CompareRanks(a, b Rank) Agreement {
	if a.Grade == NoGrade || b.Grade == NoGrade {
		return Unknown
	}
	d := a.Grade - b.Grade
	switch {
	case d == 0:
		return Same
	case (d == 1 || d == -1) && a.Grade.Officer() == b.Grade.Officer():
		return Related
	}
	return Different
}

// canonWord folds the inflected and abbreviated forms of a rank word onto
// the form the table uses: сержанта → сержант, старшего → старший, ст →
// старший, мл → младший, sgt → sergeant, lt → lieutenant.
func canonWord(w string) string {
	if c, ok := rankAbbrev[w]; ok {
		return c
	}
	for _, st := range rankStems {
		if strings.HasPrefix(w, st.stem) && st.endings[w[len(st.stem):]] {
			return st.canon
		}
	}
	return w
}
