package reckon

import (
	"fmt"
	"testing"
)

// TestImportLists: the list an import is filed under and its counts by
// list (issue 11, item 16).
func TestImportLists(t *testing.T) {
	tests := []struct {
		name   string
		lists  []string
		filed  string
		counts string
	}{
		{"none", nil, "file", "map[]"},
		{"one list", []string{"families", "families"}, "families", "map[]"},
		{"two lists", []string{"a", "a", "b", "a"}, "file", "map[a:3 b:1]"},
		{"two lists, one record each", []string{"b", "a"}, "file", "map[a:1 b:1]"},
	}
	for _, tc := range tests {
		var l ImportLists
		for _, list := range tc.lists {
			l.Add(list)
		}
		if got := l.Filed("file"); got != tc.filed {
			t.Errorf("%s: Filed = %q, want %q", tc.name, got, tc.filed)
		}
		if got := fmt.Sprint(l.Counts()); got != tc.counts {
			t.Errorf("%s: Counts = %s, want %s", tc.name, got, tc.counts)
		}
		n := 0
		for _, list := range []string{"a", "b", "families"} {
			n += l.Count(list)
		}
		if n != len(tc.lists) {
			t.Errorf("%s: counts add up to %d, want %d", tc.name, n, len(tc.lists))
		}
	}
}
