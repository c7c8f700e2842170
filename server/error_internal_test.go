package server

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCapMessage(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"short", "short"},
		{strings.Repeat("ж", maxMessage), strings.Repeat("ж", maxMessage)},
		{strings.Repeat("ж", maxMessage+1), strings.Repeat("ж", maxMessage) + "…"},
		{strings.Repeat("a", 1<<20), strings.Repeat("a", maxMessage) + "…"},
	} {
		got := capMessage(tc.in)
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("capMessage(%.20q…) = %.20q… (%d bytes), want %d bytes", tc.in, got, len(got), len(tc.want))
		}
	}
}
