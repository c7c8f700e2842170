package linkage

import (
	"slices"
	"testing"

	"github.com/reckonhq/reckon"
)

// TestBlockReadings checks which pairs of records share a key of a rule:
// names in the wrong fields or Western order with a misspelt surname meet
// through their exchanged reading, a name cut short meets through its
// syllables, and Western names keep one reading.
func TestBlockReadings(t *testing.T) {
	rec := func(id, fam, giv, full, unit string) reckon.Record {
		return reckon.Record{List: "l" + id, RecordID: id, FamilyName: fam, GivenName: giv, Name: full, Unit: unit}
	}
	tests := []struct {
		name  string
		rule  []string
		a, b  reckon.Record
		share bool
	}{
		{"given name in the family field", []string{"given_name", "unit"},
			rec("1", "철민", "리", "", "94th Brigade"), rec("2", "리", "철민", "", "제94려단"), true},
		{"Western order, misspelt surname", []string{"given_name", "unit"},
			rec("1", "", "", "Young-il Kmi", "1st Bn, 96th Brigade"), rec("2", "김", "영일", "", "96려단"), true},
		{"Western order, both ends surnames", []string{"family_name", "given_name"},
			rec("1", "", "", "Min Il Han", ""), rec("2", "한", "민일", "", ""), true},
		{"a syllable cut off", []string{"family_name", "given_name:syllable"},
			rec("1", "", "", "Myung Kim", ""), rec("2", "김", "명준", "", ""), true},
		{"a syllable cut off, whole keys", []string{"family_name", "given_name"},
			rec("1", "", "", "Myung Kim", ""), rec("2", "김", "명준", "", ""), false},
		{"a misspelt syllable", []string{"family_name", "given_name:syllable"},
			rec("1", "U", "Yogn Min", "", ""), rec("2", "우", "용민", "", ""), true},
		{"Western names keep one reading", []string{"given_name"},
			rec("1", "Smith", "Jones", "", ""), rec("2", "Jones", "Smith", "", ""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := []reckon.Record{tt.a, tt.b}
			cfg := Config{}.defaults()
			fields, err := cfg.resolveFields(recs)
			if err != nil {
				t.Fatal(err)
			}
			d := prepare(recs, fields, nil, nil)
			rules, err := d.compileRules([]Rule{{On: tt.rule}})
			if err != nil {
				t.Fatal(err)
			}
			var kb keyBuf
			ka := slices.Clone(kb.keys(0, rules[0], 0))
			kbk := kb.keys(0, rules[0], 1)
			share := false
			for _, k := range ka {
				if slices.Contains(kbk, k) {
					share = true
				}
			}
			if share != tt.share {
				t.Errorf("rule %v: %+v and %+v share a key: %v, want %v", tt.rule, tt.a, tt.b, share, tt.share)
			}
		})
	}
}
