package linkage

import (
	"testing"

	"github.com/reckonhq/reckon/names"
)

func TestJaroWinklerMatchesNames(t *testing.T) {
	words := []string{"", "a", "kim", "gim", "cholsu", "cheolsu", "chulsoo", "martha", "marhta", "dixon", "dicksonx", "sverdlikovo", "sverdlykove", "ivanov", "ivanova", "ким", "철수", "jonathan", "jonathon"}
	for _, a := range words {
		for _, b := range words {
			if got, want := jaroWinkler(a, b), names.JaroWinkler(a, b); got != want {
				t.Errorf("jaroWinkler(%q, %q) = %v, names.JaroWinkler %v", a, b, got, want)
			}
		}
	}
}
