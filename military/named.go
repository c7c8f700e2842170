package military

import "strings"

// namedFormations is our table of formations known by a name, with the
// number that identifies them. Each entry lists the words of the name in
// the forms the sources write, lower case: whole words, or stems ending in
// "*" that take any ending.
//
// The Storm Corps: the KPA 11th Corps, called 폭풍군단 (storm corps) in
// Korean, the Storm Corps in English and the "штурмовой"/"штурмовий"
// corps or corps "Буря" in Russian and Ukrainian writing. That the
// 11th Corps is the Storm Corps, and that it supplied the troops the DPRK
// sent to the Kursk region in autumn 2024, was stated in the public
// briefings of the ROK National Intelligence Service and of Ukraine's
// Defence Intelligence (HUR) in October–December 2024 as reported by news
// agencies; issue 10 relies on the same identification.
var namedFormations = []struct {
	echelon Echelon
	number  int
	name    string
	words   []string
}{
	{Corps, 11, "Storm", []string{"폭풍", "storm", "pokpung", "phokphung", "pokpoong", "штурмов*", "буря", "бури", "бурю", "бурей", "пхокпхун"}},
}

// namedFormation looks the words before an echelon word up in the table of
// named formations of that echelon.
func namedFormation(e Echelon, words []string) (name string, number int, ok bool) {
	for _, nf := range namedFormations {
		if nf.echelon != e {
			continue
		}
		for _, w := range words {
			for _, x := range nf.words {
				if w == x || strings.HasSuffix(x, "*") && strings.HasPrefix(w, x[:len(x)-1]) {
					return nf.name, nf.number, true
				}
			}
		}
	}
	return "", 0, false
}
