package storerule

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// TestCheckVersion: a review against another version than the claim's
// is a conflict whose message is true: it says reviews were made only
// when they were (issue 11, item 16).
func TestCheckVersion(t *testing.T) {
	v := func(n int64) *int64 { return &n }
	tests := []struct {
		name      string
		version   int64
		by        string
		seen      *int64
		want      string // "" for no error
		forbidden string
	}{
		{"no version named", 3, "ana", nil, "", ""},
		{"the current version", 3, "ana", v(3), "", ""},
		{"one review since", 2, "ben", v(1), `claim 7 was reviewed since you loaded it: 1 review since version 1, the last by "ben" (it is at version 2)`, ""},
		{"reviews since", 5, "ben", v(2), "3 reviews since version 2", ""},
		{"never reviewed, version ahead", 0, "", v(1), "claim 7 has no version 1: it is at version 0 (no review yet)", "reviewed since"},
		{"version ahead", 2, "ben", v(9), "claim 7 has no version 9: it is at version 2 (after 2 reviews)", "reviewed since"},
		{"negative version", 1, "ben", v(-1), "claim 7 has no version -1: it is at version 1 (after 1 review)", "reviewed since"},
	}
	for _, tc := range tests {
		c := &reckon.Claim{ID: 7, Version: tc.version, ReviewedBy: tc.by}
		err := CheckVersion(c, &reckon.Review{IfVersion: tc.seen})
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if reckon.ErrorCode(err) != reckon.ECONFLICT || !strings.Contains(reckon.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v, want a conflict saying %q", tc.name, err, tc.want)
		}
		if tc.forbidden != "" && strings.Contains(reckon.ErrorMessage(err), tc.forbidden) {
			t.Errorf("%s: %v says %q", tc.name, err, tc.forbidden)
		}
		if strings.Contains(reckon.ErrorMessage(err), "someone else") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
