package reckon

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("Ким,", 30) // 120 runes, 210 bytes
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `""`},
		{"short", "record_id,name", `"record_id,name"`},
		{"exactly the limit", strings.Repeat("a", MaxQuote), `"` + strings.Repeat("a", MaxQuote) + `"`},
		{"one past the limit", strings.Repeat("a", MaxQuote+1), `"` + strings.Repeat("a", MaxQuote) + `"… (81 bytes)`},
		{"80 runes in more than 80 bytes", strings.Repeat("ж", MaxQuote), `"` + strings.Repeat("ж", MaxQuote) + `"`},
		{"cut at a rune", long, `"` + strings.Repeat("Ким,", 20) + `"… (210 bytes)`},
		{"control characters escaped", "a\nb\x00", `"a\nb\x00"`},
		{"invalid UTF-8 escaped", "\xff\xfe", `"\xff\xfe"`},
	}
	for _, tc := range tests {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("%s: Quote = %s, want %s", tc.name, got, tc.want)
		}
	}
	// A 100 MB value makes a short quotation.
	huge := strings.Repeat("x", 100<<20)
	if got := Quote(huge); len(got) > 120 || !strings.HasSuffix(got, "… (104857600 bytes)") {
		t.Errorf("Quote of 100 MB = %.200s (%d bytes)", got, len(got))
	}
	if got := Quote(strings.Repeat("\xff", 200)); !utf8.ValidString(got) || len(got) > 400 {
		t.Errorf("Quote of invalid bytes = %s", got)
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"1945-04-93", "1945-04-93"},
		{strings.Repeat("ж", MaxQuote), strings.Repeat("ж", MaxQuote)},
		{strings.Repeat("ж", MaxQuote+1), strings.Repeat("ж", MaxQuote) + "…"},
	} {
		if got := Excerpt(tc.in); got != tc.want {
			t.Errorf("Excerpt(%.20q…) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
