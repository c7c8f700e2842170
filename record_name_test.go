package reckon_test

import (
	"testing"

	"github.com/reckonhq/reckon"
)

// TestDisplayName: a record's name is shown as its source wrote it; a
// Korean name given only in parts is joined as Korean writes it (issue
// 15: "리 철민" with a space inside).
func TestDisplayName(t *testing.T) {
	for _, tt := range []struct {
		name string
		r    reckon.Record
		want string
	}{
		{"as written", reckon.Record{Name: "리철민", FamilyName: "리", GivenName: "철민"}, "리철민"},
		{"as written with its spaces", reckon.Record{Name: "RI Chol Min", FamilyName: "Ri", GivenName: "Chol-min"}, "RI Chol Min"},
		{"hangul parts", reckon.Record{FamilyName: "리", GivenName: "철민"}, "리철민"},
		{"hanja parts", reckon.Record{FamilyName: "李", GivenName: "哲民"}, "李哲民"},
		{"cyrillic parts", reckon.Record{FamilyName: "Ли", GivenName: "Чхоль Мин"}, "Ли Чхоль Мин"},
		{"latin parts", reckon.Record{FamilyName: "Kim", GivenName: "Chol"}, "Kim Chol"},
		{"mixed scripts", reckon.Record{FamilyName: "리", GivenName: "Chol"}, "리 Chol"},
		{"family only", reckon.Record{FamilyName: " 김 "}, "김"},
		{"nothing", reckon.Record{}, ""},
	} {
		if got := tt.r.DisplayName(); got != tt.want {
			t.Errorf("%s: DisplayName() = %q, want %q", tt.name, got, tt.want)
		}
	}
}
