package military

import (
	"errors"
	"strings"
	"testing"
)

// Issue 10: units written in Korean, Russian, Ukrainian and English.
var unitTests = []struct {
	name, in, want string // want is Unit.String(); "" for the zero Unit
}{
	// Korean
	{"ko ordinal prefix", "제94려단", "94th Brigade"},
	{"ko bare number", "94려단", "94th Brigade"},
	{"ko southern spelling", "제94여단", "94th Brigade"},
	{"ko qualifier", "제94경보병려단", "94th Brigade"},
	{"ko type without number", "경보병려단", ""},
	{"ko corps", "제11군단", "11th Corps"},
	{"ko named corps", "폭풍군단", "11th (Storm) Corps"},
	{"ko regiment north", "제3련대", "3rd Regiment"},
	{"ko regiment south", "3연대", "3rd Regiment"},
	{"ko battalion", "2대대", "2nd Battalion"},
	{"ko company", "제1중대", "1st Company"},
	{"ko division", "제8사단", "8th Division"},
	{"ko compound spaced", "제11군단 제94려단 2대대", "11th Corps / 94th Brigade / 2nd Battalion"},
	{"ko cover number", "제963군부대", "military unit 963"},
	// Russian
	{"ru separate brigade", "94-я отдельная бригада", "94th Brigade"},
	{"ru obr", "94 обр", "94th Brigade"},
	{"ru genitive", "94-й бригады", "94th Brigade"},
	{"ru corps", "11-й корпус", "11th Corps"},
	{"ru army corps abbrev", "11 ак", "11th Corps"},
	{"ru regiment", "1287-й полк", "1287th Regiment"},
	{"ru battalion abbrev", "2 б-н", "2nd Battalion"},
	{"ru battalion", "3-й батальон", "3rd Battalion"},
	{"ru company", "4-я рота", "4th Company"},
	{"ru division", "3-я мотострелковая дивизия", "3rd Division"},
	{"ru msd after", "мсд 5", "5th Division"},
	{"ru ordinal word", "второй батальон 94 бригады", "94th Brigade / 2nd Battalion"},
	{"ru storm corps", "Штурмовой корпус", "11th (Storm) Corps"},
	{"ru numbered assault corps is not storm", "1-й штурмовой корпус", "1st Corps"},
	{"ru compound", "93 бр. 2 б-н", "93rd Brigade / 2nd Battalion"},
	{"ru military unit", "в/ч 12345", "military unit 12345"},
	{"ru military unit long", "войсковая часть № 12345", "military unit 12345"},
	{"ru vch joined", "вч 54321", "military unit 54321"},
	// Ukrainian
	{"uk separate brigade", "94-а окрема бригада", "94th Brigade"},
	{"uk corps", "11-й корпус", "11th Corps"},
	{"uk regiment", "1-й полк", "1st Regiment"},
	{"uk battalion", "п'ятий батальйон", "5th Battalion"},
	{"uk company", "3 рота", "3rd Company"},
	{"uk military unit", "військова частина А1234", "military unit A1234"},
	{"uk military unit latin letter", "military unit A1234", "military unit A1234"},
	// English
	{"en brigade", "94th Brigade", "94th Brigade"},
	{"en bde after", "Bde 94", "94th Brigade"},
	{"en bde before", "94 Bde", "94th Brigade"},
	{"en corps", "11th Corps", "11th Corps"},
	{"en storm corps", "Storm Corps", "11th (Storm) Corps"},
	{"en storm corps numbered", "11th Storm Corps", "11th (Storm) Corps"},
	{"en battalion", "2nd Bn", "2nd Battalion"},
	{"en regiment", "1st Regt", "1st Regiment"},
	{"en company after", "Company 3", "3rd Company"},
	{"en light infantry", "94th Light Infantry Brigade", "94th Brigade"},
	{"en compound comma", "94th Brigade, 11th Corps", "11th Corps / 94th Brigade"},
	{"en compound slash", "11th Corps / 94th Brigade", "11th Corps / 94th Brigade"},
	{"en number after then before", "Bn 2 94 Bde", "94th Brigade / 2nd Battalion"},
	{"en separator keeps number", "Battalion, 94th Brigade", "94th Brigade"},
	{"en military unit", "military unit 12345", "military unit 12345"},
	{"en first", "First Battalion", "1st Battalion"},
	{"en same echelon twice keeps first", "94th Brigade / 93rd Brigade", "94th Brigade"},
	{"en army corps", "11th Army Corps", "11th Corps"},
	{"en army", "2nd Army", "2nd Army"},
	{"en parenthesis", "94th Brigade (11th Corps)", "11th Corps / 94th Brigade"},
	{"en of the", "1st Battalion of the 94th Brigade", "94th Brigade / 1st Battalion"},
	{"en four levels", "2nd Company, 1st Battalion, 94th Brigade, 11th Corps", "11th Corps / 94th Brigade / 1st Battalion / 2nd Company"},
	{"ru army corps", "11-й армейский корпус", "11th Corps"},
	{"ru marines", "810-я бригада морской пехоты", "810th Brigade"},
	{"ru abbreviations", "94 омсбр 11 ак", "11th Corps / 94th Brigade"},
	{"mixed scripts", "11th Corps, 94-я бригада, 2대대", "11th Corps / 94th Brigade / 2nd Battalion"},
	// Not units
	{"empty", "", ""},
	{"bare number", "94", ""},
	{"bare echelon", "brigade", ""},
	{"name", "Kim Chol Su", ""},
	{"number too long for a formation", "12345678 brigade", ""},
	{"unit number too short", "в/ч 12", ""},
	{"invalid utf8", "94\xff Bde", "94th Brigade"},
}

func TestParseUnit(t *testing.T) {
	for _, tt := range unitTests {
		t.Run(tt.name, func(t *testing.T) {
			u := ParseUnit(tt.in)
			if got := u.String(); got != tt.want {
				t.Errorf("ParseUnit(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if u.IsZero() != (tt.want == "") {
				t.Errorf("ParseUnit(%q).IsZero() = %v", tt.in, u.IsZero())
			}
			for i := 1; i < len(u.Path); i++ {
				if u.Path[i-1].Echelon <= u.Path[i].Echelon {
					t.Errorf("ParseUnit(%q) path not most general first: %v", tt.in, u.Path)
				}
			}
		})
	}
}

// Issue 10: "11th Corps" and "94th Brigade" must agree partly; the same
// brigade in three scripts must be the same.
var compareTests = []struct {
	name string
	a, b string
	want Agreement
}{
	{"same brigade ko ru", "제94려단", "94-я отдельная бригада", Same},
	{"same brigade en abbrev", "94th Brigade", "Bde 94", Same},
	{"same brigade ko en", "94려단", "94 Bde", Same},
	{"storm corps is 11th corps", "Storm Corps", "11th Corps", Same},
	{"storm corps ko en", "폭풍군단", "11-й корпус", Same},
	{"storm corps ru en", "Штурмовой корпус", "Storm Corps", Same},
	{"brigade in its corps by hierarchy", "94th Brigade", "11th Corps", Related},
	{"brigade in storm corps by hierarchy", "제94려단", "폭풍군단", Related},
	{"battalion and its brigade by path", "2nd Bn, 94th Bde", "94th Brigade", Related},
	{"battalion and corps by path and hierarchy", "2 б-н 94 бр", "11th Corps", Related},
	{"path gives the corps too", "94th Brigade, 11th Corps", "94th Brigade", Same},
	{"same path other order", "94th Brigade, 11th Corps", "11th Corps / 94th Brigade", Same},
	{"different brigades", "94th Brigade", "93rd Brigade", Different},
	{"different corps", "11th Corps", "12th Corps", Different},
	{"brigade in another corps", "94th Brigade", "12th Corps", Different},
	{"same brigade other battalions", "2nd Bn, 94th Bde", "3rd Bn, 94th Bde", Different},
	{"path contradicts hierarchy", "94th Brigade, 12th Corps", "11th Corps", Different},
	{"nothing connects", "2nd Battalion", "11th Corps", Unconnected},
	{"unit number against formations", "в/ч 12345", "94th Brigade", Unconnected},
	{"unit numbers equal", "в/ч 12345", "military unit 12345", Same},
	{"unit numbers differ", "в/ч 12345", "в/ч 12346", Different},
	{"ukrainian letter number", "військова частина А1234", "military unit A1234", Same},
	{"unparsed", "", "94th Brigade", Unknown},
	{"both unparsed", "somewhere", "brigade", Unknown},
}

func TestCompare(t *testing.T) {
	h := DefaultHierarchy()
	for _, tt := range compareTests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := ParseUnit(tt.a), ParseUnit(tt.b)
			if got := h.Compare(a, b); got != tt.want {
				t.Errorf("Compare(%q, %q) = %v, want %v (%v vs %v)", tt.a, tt.b, got, tt.want, a, b)
			}
			if got := h.Compare(b, a); got != tt.want {
				t.Errorf("Compare(%q, %q) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestCompareWithoutHierarchy(t *testing.T) {
	var h *Hierarchy
	if got := h.Compare(ParseUnit("94th Brigade"), ParseUnit("11th Corps")); got != Unconnected {
		t.Errorf("nil hierarchy: brigade and corps = %v, want unconnected", got)
	}
	if got := h.Compare(ParseUnit("2nd Bn, 94th Bde"), ParseUnit("94th Bde")); got != Related {
		t.Errorf("nil hierarchy: battalion and its brigade = %v, want related", got)
	}
}

var hierarchyTests = []struct {
	name, in string
	err      string // substring of the error; "" for none
	len      int
}{
	{"header and comment", "# ours\nunit,parent\n2nd Battalion,94th Brigade\n", "", 1},
	{"no header", "2-й батальон, 94-я бригада\n3 рота,2 б-н\n", "", 2},
	{"repeat is fine", "94th Brigade,11th Corps\n94 бр,11 ак\n", "", 1},
	{"blank lines", "\n\n94th Brigade,11th Corps\n\n", "", 1},
	{"one field", "94th Brigade\n", "line 1: invalid hierarchy: want 2 fields", 0},
	{"three fields", "a,b,c\n", "want 2 fields", 0},
	{"not a formation", "brigade,11th Corps\n", "line 1: unit: invalid hierarchy: \"brigade\": no formation", 0},
	{"two formations", "2nd Bn 94th Bde,11th Corps\n", "2 formations, want one", 0},
	{"unit number", "в/ч 12345,11th Corps\n", "a unit number is not a formation", 0},
	{"parent not above", "11th Corps,94th Brigade\n", "line 1: invalid hierarchy: parent 94th Brigade is not above 11th Corps", 0},
	{"same echelon", "94th Brigade,93rd Brigade\n", "is not above", 0},
	{"two parents", "unit,parent\n94th Brigade,11th Corps\n94th Brigade,12th Corps\n", "line 3: invalid hierarchy: 94th Brigade belongs to 11th Corps (line 2) and to 12th Corps", 0},
	{"bad quoting", "\"94th Brigade,11th Corps\n", "read hierarchy", 0},
}

func TestNewHierarchy(t *testing.T) {
	for _, tt := range hierarchyTests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := NewHierarchy(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrHierarchy) && !strings.Contains(err.Error(), "read hierarchy") {
					t.Fatalf("NewHierarchy(%q) error %v, want one containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewHierarchy(%q): %v", tt.in, err)
			}
			if h.Len() != tt.len {
				t.Errorf("NewHierarchy(%q).Len() = %d, want %d", tt.in, h.Len(), tt.len)
			}
		})
	}
}

func TestExtend(t *testing.T) {
	base := DefaultHierarchy()
	if base.Len() == 0 {
		t.Fatal("default hierarchy is empty")
	}
	h, err := base.Extend(strings.NewReader("2nd Battalion,94th Brigade\n"))
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != base.Len()+1 {
		t.Errorf("Extend: %d relations, want %d", h.Len(), base.Len()+1)
	}
	// Through two levels: a battalion of the 94th is in the 11th Corps.
	if got := h.Compare(ParseUnit("2nd Battalion"), ParseUnit("Storm Corps")); got != Related {
		t.Errorf("extended: 2nd Battalion vs Storm Corps = %v, want related", got)
	}
	if got := base.Compare(ParseUnit("2nd Battalion"), ParseUnit("Storm Corps")); got != Unconnected {
		t.Errorf("Extend changed its receiver: %v", got)
	}
	if _, err := base.Extend(strings.NewReader("94th Brigade,12th Corps\n")); err == nil {
		t.Error("Extend accepted a second parent for the 94th Brigade")
	}
	p, ok := base.Parent(ParseUnit("제94려단").Path[0])
	if !ok || p.Echelon != Corps || p.Number != 11 {
		t.Errorf("Parent(94th Brigade) = %v, %v; want 11th Corps", p, ok)
	}
}
