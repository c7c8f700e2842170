package reckon

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestConfusableUserNames: names that pass for each other are
// confusable; names that merely share letters are not (issue 11, item 11).
func TestConfusableUserNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want bool
	}{
		{"same", "uadmin", "uadmin", true},
		{"upper case", "uadmin", "UADMIN", true},
		{"mixed case", "uadmin", "uAdMiN", true},
		{"full width", "uadmin", "ｕａｄｍｉｎ", true},
		{"Cyrillic а", "uadmin", "uаdmin", true},
		{"Cyrillic а, upper case", "uadmin", "UАDMIN", true},
		{"Cyrillic а and I for i", "uadmin", "uаdmIn", true},
		{"Greek α", "uadmin", "uαdmin", true},
		{"Cyrillic і", "uadmin", "uadmіn", true},
		{"dotless i", "uadmin", "uadmın", true},
		{"a mark", "uadmin", "uädmin", true},
		{"a combining mark", "uadmin", "ua\u0301dmin", true},
		{"all Cyrillic capitals", "BOX", "ВОХ", true},
		{"Greek capitals", "KAPPA", "ΚΑΡΡΑ", true},
		{"capital I for l", "lena", "Iena", true},
		{"Cyrillic І for l", "lena", "Іena", true},
		{"digit one for l", "lena", "1ena", true},
		{"digit zero for o", "bob", "b0b", true},
		{"rn for m", "admin", "adrnin", true},
		{"vv for w", "wanda", "vvanda", true},
		{"cl for d", "dara", "clara", true},
		{"ligature", "fiona", "ﬁona", true},
		{"another letter", "uadmin", "uadmin2", false},
		{"another name", "ana", "ben", false},
		{"Cyrillic name", "ана", "ала", false},
		{"Hangul names", "리철수", "김철수", false},
		{"i is not l in lower case", "lena", "iena", false},
		{"Cyrillic и is no u", "uadmin", "иadmin", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ConfusableUserNames(tc.a, tc.b); got != tc.want {
				f1, s1 := userNameSkeletons(tc.a)
				f2, s2 := userNameSkeletons(tc.b)
				t.Errorf("ConfusableUserNames(%q, %q) = %v, want %v (skeletons %q %q, %q %q)", tc.a, tc.b, got, tc.want, f1, s1, f2, s2)
			}
			if got := ConfusableUserNames(tc.b, tc.a); got != tc.want {
				t.Errorf("ConfusableUserNames(%q, %q) = %v, want %v (not symmetric)", tc.b, tc.a, got, tc.want)
			}
		})
	}
}

// TestUserValidate refuses names with invisible characters, which would
// let two names that print alike differ.
func TestUserValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"ana", true},
		{"리철수", true},
		{"ana-b.c_d", true},
		{"", false},
		{"a b", false},
		{"a/b", false},
		{"a:b", false},
		{"a\tb", false},
		{"u\u200badmin", false}, // zero-width space
		{"u\u200dadmin", false}, // zero-width joiner
		{"u\u202eadmin", false}, // right-to-left override
		{"u\u00a0admin", false}, // no-break space
		{"u\u3000admin", false}, // ideographic space
		{"u\u00adadmin", false}, // soft hyphen
		{"u\u034fadmin", false}, // combining grapheme joiner
		{"u\xffadmin", false},
		{strings.Repeat("a", 101), false},
	} {
		err := (&User{Name: tc.name, Role: RoleViewer}).Validate()
		if (err == nil) != tc.ok {
			t.Errorf("Validate(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

// FuzzConfusableUserNames: the relation is reflexive and symmetric, does
// not depend on case or width, and never panics.
func FuzzConfusableUserNames(f *testing.F) {
	for _, s := range [][2]string{{"uadmin", "uаdmin"}, {"UADMIN", "ｕａｄｍｉｎ"}, {"lena", "Iena"}, {"리철수", "Ли"}, {"", "\u0301"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		if !ConfusableUserNames(a, a) {
			t.Fatalf("%q not confusable with itself", a)
		}
		if ConfusableUserNames(a, b) != ConfusableUserNames(b, a) {
			t.Fatalf("not symmetric: %q %q", a, b)
		}
		if !ConfusableUserNames(a, strings.ToUpper(a)) && strings.ToLower(strings.ToUpper(a)) == strings.ToLower(a) {
			t.Fatalf("%q and its capitals not confusable", a)
		}
	})
}
