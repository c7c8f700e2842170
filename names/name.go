package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is a personal name split into its parts. The parts are kept as
// written; [Prepare] computes their normalised forms and keys.
type Name struct {
	Family     string // family name, "" when unknown
	Given      string // given name or names; its syllables may be separate words ("Chol Su")
	Patronymic string // Russian or Ukrainian patronymic, when there is one
	Swapped    bool   // the source wrote the given name before the family name
}

// String returns the name family first: "Ri Chol Su".
func (n Name) String() string {
	return strings.Join(strings.Fields(n.Family+" "+n.Given+" "+n.Patronymic), " ")
}

// Parse splits a full name into its parts. It understands:
//
//   - "Family, Given": the family name before the comma;
//   - an upper-case family name among mixed-case words: "RI Chol Su",
//     "Cheol-su LEE";
//   - Korean names, family name first ("Kim Chol Su", "김철수", "Ким
//     Чхольсу") or last ("Cheol-su Lee"), told by the surname table; when
//     both ends are surnames the first is the family name unless the last
//     is one of the five most common and far more common than the first
//     ("Jong Un Kim", but "Ro Jong Song");
//   - a Hangul name without spaces: the first syllable is the family name,
//     or the first two for the compound surnames of the table (남궁, 황보);
//   - a Latin or Cyrillic word that starts with a common surname and reads
//     as Korean: "Kimcholsu" is Kim + cholsu;
//   - Russian and Ukrainian "Фамилия Имя Отчество" and "Имя Отчество
//     Фамилия" (told by the patronymic), and "Имя Фамилия" (told by the
//     family name ending: -ов, -ин, -ский, -енко …).
//
// Otherwise the first word is the family name. The empty string gives the
// zero Name. Invalid UTF-8 bytes are dropped; input beyond 512 bytes is
// ignored.
func Parse(full string) Name {
	if len(full) > maxInput {
		full = full[:maxInput]
	}
	if !utf8.ValidString(full) {
		full = strings.ToValidUTF8(full, "")
	}
	full = strings.TrimSpace(full)
	if full == "" {
		return Name{}
	}
	if i := strings.IndexAny(full, ",，"); i >= 0 {
		_, w := utf8.DecodeRuneInString(full[i:])
		fam, giv := strings.TrimSpace(full[:i]), strings.TrimSpace(full[i+w:])
		if fam != "" && giv != "" {
			return Name{Family: fam, Given: giv}
		}
		full = strings.TrimSpace(strings.Trim(full, ",，"))
	}
	toks := strings.Fields(full)
	switch len(toks) {
	case 0:
		return Name{}
	case 1:
		return splitWord(toks[0])
	}
	if i, ok := upperToken(toks); ok {
		return Name{Family: toks[i], Given: joinExcept(toks, i), Swapped: i != 0}
	}
	last := len(toks) - 1
	// Initials are given names: "R. C. Kim", "Kim R.C.".
	if k := leadingInitials(toks); k > 0 && k < len(toks) {
		return Name{Family: strings.Join(toks[k:], " "), Given: strings.Join(toks[:k], " "), Swapped: true}
	}
	if k := trailingInitials(toks); k > 0 && k < len(toks) {
		return Name{Family: strings.Join(toks[:len(toks)-k], " "), Given: strings.Join(toks[len(toks)-k:], " ")}
	}
	if len(toks) == 3 {
		switch {
		case isPatronymic(toks[2]) && !isPatronymic(toks[1]):
			return Name{Family: toks[0], Given: toks[1], Patronymic: toks[2]}
		case isPatronymic(toks[1]):
			return Name{Family: toks[2], Given: toks[0], Patronymic: toks[1], Swapped: true}
		}
	}
	f, l := surnameShare(toks[0]), surnameShare(toks[last])
	switch {
	case f > 0 && l == 0:
		return Name{Family: toks[0], Given: joinExcept(toks, 0)}
	case f == 0 && l > 0, l >= 4 && l > 3*f:
		return Name{Family: toks[last], Given: joinExcept(toks, last), Swapped: true}
	case f > 0:
		return Name{Family: toks[0], Given: joinExcept(toks, 0)}
	}
	if len(toks) == 2 && !hasFamilySuffix(toks[0]) && hasFamilySuffix(toks[1]) {
		return Name{Family: toks[1], Given: toks[0], Swapped: true}
	}
	// Neither end is a known surname (a misspelt one, "Young-il Kmi"):
	// Korean given names are romanised with a hyphen between their
	// syllables and surnames are one syllable without one, so a
	// hyphenated first word and a plain last word are Western order.
	if len(toks) == 2 && strings.Contains(strings.Trim(toks[0], "-"), "-") && !strings.Contains(toks[1], "-") {
		return Name{Family: toks[1], Given: toks[0], Swapped: true}
	}
	return Name{Family: toks[0], Given: joinExcept(toks, 0)}
}

// splitWord splits a name written as one word.
func splitWord(w string) Name {
	rs := []rune(w)
	if syls, ok := syllables(w); ok {
		if len(syls) == 1 {
			return Name{Family: w}
		}
		if len(syls) >= 3 {
			if s, ok := surnameByHangul(string(rs[:2])); ok && len([]rune(s.Hangul)) == 2 {
				return Name{Family: string(rs[:2]), Given: string(rs[2:])}
			}
		}
		return Name{Family: string(rs[:1]), Given: string(rs[1:])}
	}
	if len(rs) >= 5 {
		for k := min(len(rs)-3, 8); k >= 2; k-- {
			if surnameShare(string(rs[:k])) >= 1 && KoreanKeys(string(rs[k:])) != nil {
				return Name{Family: string(rs[:k]), Given: string(rs[k:])}
			}
		}
	}
	return Name{Family: w}
}

// surnameShare returns the largest share of the surnames s may spell, 0
// when s is no surname.
func surnameShare(s string) float64 {
	best := 0.0
	d := surnames()
	for _, i := range d.index[Compact(s)] {
		best = max(best, d.table[i].Share)
	}
	return best
}

// upperToken finds the one all-capital word of two or more letters among
// words that are not all capitals.
func upperToken(toks []string) (int, bool) {
	found, mixed := -1, false
	for i, t := range toks {
		if IsInitials(t) {
			continue // "R.C.", "C." are initials, not a family name in capitals
		}
		upper, lower, letters := 0, 0, 0
		for _, r := range t {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				} else if unicode.IsLower(r) {
					lower++
				}
			}
		}
		switch {
		case letters >= 2 && upper == letters:
			if found >= 0 {
				return 0, false
			}
			found = i
		case lower > 0:
			mixed = true
		}
	}
	return found, found >= 0 && mixed
}

// leadingInitials returns how many words at the start are initials, when
// one word follows them.
func leadingInitials(toks []string) int {
	k := 0
	for k < len(toks) && IsInitials(toks[k]) {
		k++
	}
	if len(toks)-k != 1 || k == 1 && bareSurname(toks[0]) {
		return 0
	}
	return k
}

// bareSurname reports whether a one-letter word without a dot is a
// surname (I, O, U: 이, 오, 우) rather than an initial.
func bareSurname(w string) bool { return !strings.Contains(w, ".") && IsSurname(w) }

// trailingInitials returns how many words at the end are initials, when
// one word precedes them.
func trailingInitials(toks []string) int {
	k := 0
	for k < len(toks) && IsInitials(toks[len(toks)-1-k]) {
		k++
	}
	if len(toks)-k != 1 || k == 1 && bareSurname(toks[len(toks)-1]) {
		return 0
	}
	return k
}

func joinExcept(toks []string, i int) string {
	out := make([]string, 0, len(toks)-1)
	out = append(out, toks[:i]...)
	out = append(out, toks[i+1:]...)
	return strings.Join(out, " ")
}

var patronymicSuffixes = []string{
	"ович", "евич", "ьич", "ична", "овна", "евна", "івна", "ївна", "инична",
	"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna", "ychna", "ovitch",
}

func isPatronymic(s string) bool {
	n := Normalize(s)
	if utf8.RuneCountInString(n) < 6 {
		return false
	}
	for _, suf := range patronymicSuffixes {
		if strings.HasSuffix(n, suf) {
			return true
		}
	}
	return false
}

var familySuffixes = []string{
	"ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ской", "ова", "ева", "ина", "ына", "ская", "цкая", "енко", "чук", "щук", "юк", "ук", "ич",
	"ov", "ev", "yov", "in", "yn", "sky", "skiy", "skii", "skyi", "ova", "eva", "ina", "yna", "skaya", "enko", "chuk", "yuk", "uk", "ych",
}

func hasFamilySuffix(s string) bool {
	n := Normalize(s)
	if utf8.RuneCountInString(n) < 4 {
		return false
	}
	for _, suf := range familySuffixes {
		if strings.HasSuffix(n, suf) {
			return true
		}
	}
	return false
}
