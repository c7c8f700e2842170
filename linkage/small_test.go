package linkage

import (
	"testing"

	"github.com/reckonhq/reckon"
)

// TestSmallLists links a dozen records as a person would. Issue 10: on 5
// Hangul and 7 Cyrillic and Latin records with family name, given name
// and birth year, every record came out alone at probability 0, because
// EM had too little data and the match rate collapsed (prior −39.86
// bits), and nothing warned.
func TestSmallLists(t *testing.T) {
	mk := func(list, id, fam, giv string, y int) reckon.Record {
		return reckon.Record{List: list, RecordID: id, FamilyName: fam, GivenName: giv, BirthDate: reckon.Date{Year: y}}
	}
	recs := []reckon.Record{
		mk("a", "1", "리", "철민", 2001), mk("a", "2", "김", "영호", 2001), mk("a", "3", "박", "명수", 2000),
		mk("a", "4", "최", "성진", 1999), mk("a", "5", "정", "은철", 2002),
		mk("b", "1", "Ri", "Chol-min", 2001), mk("b", "2", "LEE", "CHEOL MIN", 2001), mk("b", "3", "Ким", "Ён Хо", 2001),
		mk("b", "4", "Pak", "Myong Su", 2000), mk("b", "5", "Choe", "Song Jin", 1999), mk("b", "6", "Jong", "Un Chol", 2002),
		mk("b", "7", "Han", "Kwang Il", 1998),
	}
	truth := map[string]string{}
	for i, p := range []string{"1", "2", "3", "4", "5", "1", "1", "2", "3", "4", "5", "6"} {
		truth[RecordKey(recs[i])] = p
	}
	res, err := Link(recs, nil, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := Evaluate(truth, res.Prediction())
	if ev.Pairwise.F1 < 1 {
		t.Errorf("pairwise %+v, want every pair right", ev.Pairwise)
	}
	if p := res.Model.Prior(); p < -8 {
		t.Errorf("prior %.2f bits: the match rate collapsed", p)
	}
	for _, pr := range res.Pairs() {
		same := truth[RecordKey(recs[pr.A])] == truth[RecordKey(recs[pr.B])]
		if same && pr.Probability < 0.8 || !same && pr.Probability > 0.1 {
			t.Errorf("%s ~ %s: probability %.4f", RecordKey(recs[pr.A]), RecordKey(recs[pr.B]), pr.Probability)
		}
	}
}

// TestDecisionConflict: issue 10. Answering "same" for A = B and "not
// same" for C ≠ B parts C from A although A and C match strongly; the
// run must report it, and Apart must name the decision that parts them.
func TestDecisionConflict(t *testing.T) {
	mk := func(list, id, fam, giv, born string) reckon.Record {
		d, _ := reckon.ParseDate(born)
		return reckon.Record{List: list, RecordID: id, FamilyName: fam, GivenName: giv, BirthDate: d}
	}
	recs := []reckon.Record{
		mk("a", "A", "Kim", "Chol Su", "1990-01-01"),
		mk("b", "B", "Kim", "Cholsu", "1990-01-01"),
		mk("c", "C", "김", "철수", "1990-01-01"),
		mk("a", "x1", "Pak", "Myong Il", "1991-02-03"), mk("b", "x2", "Ri", "Song Ho", "1992-04-05"),
		mk("c", "x3", "Choe", "Un Chol", "1993-06-07"), mk("a", "x4", "Jong", "Kwang Nam", "1994-08-09"),
	}
	decisions := []Decision{{A: "a/A", B: "b/B", Same: true}, {A: "c/C", B: "b/B", Same: false}}
	res, err := Link(recs, decisions, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.PersonOf[0] == res.PersonOf[2] {
		t.Fatal("A and C are one person although C is decided apart from B, decided the same as A")
	}
	if len(res.Stats.Conflicts) != 1 {
		t.Fatalf("conflicts %+v, want A ~ C", res.Stats.Conflicts)
	}
	c := res.Stats.Conflicts[0]
	if c.A != "a/A" || c.B != "c/C" || c.Probability < 0.5 || len(c.Apart) != 1 || c.Apart[0] != (Decision{A: "b/B", B: "c/C"}) {
		t.Errorf("conflict %+v, want a/A ~ c/C apart by b/B ≠ c/C", c)
	}
	if len(res.Stats.Warnings) == 0 {
		t.Error("no warning for the conflict")
	}
	if got := res.Apart(0, 2); len(got) != 1 {
		t.Errorf("Apart(A, C) = %v", got)
	}
	if got := res.Apart(3, 4); len(got) != 0 {
		t.Errorf("Apart of two unrelated records = %v, want none", got)
	}
}

// TestSettled: decisions settle the pairs they reach through other
// pairs, so that a review queue does not offer them (an answer against
// them would contradict the decisions and stop the next link).
func TestSettled(t *testing.T) {
	s := NewSettled([]Decision{
		{A: "a/1", B: "b/1", Same: true},
		{A: "b/1", B: "c/1", Same: true},
		{A: "c/1", B: "d/1", Same: false},
		{A: "e/1", B: "f/1", Same: true},
		{A: "e/1", B: "f/1", Same: false}, // the last decision holds
	})
	tests := []struct {
		a, b string
		want bool
	}{
		{"a/1", "b/1", true},
		{"a/1", "c/1", true},  // a = b = c
		{"a/1", "d/1", true},  // a = c and c ≠ d
		{"b/1", "d/1", true},  // b = c and c ≠ d
		{"e/1", "f/1", true},  // decided apart at last
		{"a/1", "e/1", false}, // nothing connects them
		{"d/1", "x/1", false},
	}
	for _, tt := range tests {
		if got := s.Settles(tt.a, tt.b); got != tt.want {
			t.Errorf("Settles(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := s.Settles(tt.b, tt.a); got != tt.want {
			t.Errorf("Settles(%s, %s) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestMistypedSurnameBlocks: a family name one typo from a known surname
// (a doubled or swapped letter) blocks with that surname on the name
// rule, so the pair is compared although no key of the two names meets.
func TestMistypedSurnameBlocks(t *testing.T) {
	mk := func(list, id, fam, giv string) reckon.Record {
		return reckon.Record{List: list, RecordID: id, FamilyName: fam, GivenName: giv}
	}
	recs := []reckon.Record{
		mk("a", "1", "박", "영진"), mk("a", "2", "리", "성영"), mk("a", "3", "김", "영만"),
		mk("b", "1", "Paark", "Yong Jin"), mk("b", "2", "иЛ", "Сон Ён"), mk("b", "3", "Кіім", "Йон Ман"),
	}
	res, err := Link(recs, nil, Config{Blocking: []Rule{{On: []string{"name"}}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	compared := map[[2]string]bool{}
	for _, pr := range res.Pairs() {
		compared[[2]string{RecordKey(recs[pr.A]), RecordKey(recs[pr.B])}] = true
	}
	for i := range 3 {
		a, b := RecordKey(recs[i]), RecordKey(recs[i+3])
		if !compared[[2]string{a, b}] && !compared[[2]string{b, a}] {
			t.Errorf("%s and %s were never compared", a, b)
		}
	}
}

// TestNearNames: given names whose keys are one letter apart (a typo the
// names package does not call Close) are compared at the level near,
// between different and initial; names further apart stay different.
func TestNearNames(t *testing.T) {
	mk := func(list, id, fam, giv string) reckon.Record {
		return reckon.Record{List: list, RecordID: id, FamilyName: fam, GivenName: giv}
	}
	recs := []reckon.Record{
		mk("a", "1", "리", "국혁"), mk("a", "2", "Ri", "Song Il"),
		mk("b", "1", "Рі", "Кук Хьо"), mk("b", "2", "Ri", "Kwang Chol"),
		mk("a", "3", "박", "의준"), mk("b", "3", "Пак", "Ыйун"), // Ыйчжун with чж dropped: keys of three letters
		mk("a", "4", "김", "진문"), mk("b", "4", "Ким", "Чун Мин"), // vowels changed, same first sounds
		mk("b", "5", "Kim", "Song Il"), // other sounds: still different from 진문
		mk("a", "6", "Ko", "Chol Su"), mk("b", "6", "Pak", "Chol Su"),
	}
	res, err := Link(recs, nil, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	levelOf := func(col string, a, b reckon.Record) string {
		for _, f := range res.Model.Explain(a, b).Fields {
			if f.Column == col {
				return f.Level
			}
		}
		return ""
	}
	famLevel := func(a, b reckon.Record) string { return levelOf(ColFamilyName, a, b) }
	level := func(a, b reckon.Record) string { return levelOf(ColGivenName, a, b) }
	if got := famLevel(recs[6], recs[9]); got != "sounds" {
		t.Errorf("김 against Ko: %s, want sounds", got)
	}
	if got := famLevel(recs[9], recs[10]); got != "different" {
		t.Errorf("Ko against Pak: %s, want different", got)
	}
	if got := level(recs[0], recs[2]); got != "near" {
		t.Errorf("국혁 against Кук Хьо: %s, want near", got)
	}
	if got := level(recs[4], recs[5]); got != "near" {
		t.Errorf("의준 against Ыйун: %s, want near", got)
	}
	if got := level(recs[6], recs[7]); got != "sounds" {
		t.Errorf("진문 against Чун Мин: %s, want sounds", got)
	}
	if got := level(recs[6], recs[8]); got != "different" {
		t.Errorf("진문 against Song Il: %s, want different", got)
	}
	if got := level(recs[1], recs[3]); got != "different" {
		t.Errorf("Song Il against Kwang Chol: %s, want different", got)
	}
}

// TestInitialsBlock: the rule family_name + given_name:initials brings a
// name written as initials together with the names whose first two
// syllables start with those sounds, in any script, and no others.
func TestInitialsBlock(t *testing.T) {
	mk := func(list, id, fam, giv string) reckon.Record {
		return reckon.Record{List: list, RecordID: id, FamilyName: fam, GivenName: giv}
	}
	recs := []reckon.Record{
		mk("a", "1", "Kim", "S. H."), mk("a", "2", "Пак", "Ч. И."),
		mk("b", "1", "김", "석훈"), mk("b", "2", "Pak", "Chol Il"), mk("b", "3", "Ким", "Сок Хун"),
		mk("b", "4", "김", "민호"), mk("b", "5", "Pak", "Song Il"),
	}
	res, err := Link(recs, nil, Config{Blocking: []Rule{{On: []string{"family_name", "given_name:initials"}}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]string]bool{}
	for _, pr := range res.Pairs() {
		got[[2]string{RecordKey(recs[pr.A]), RecordKey(recs[pr.B])}] = true
	}
	for _, p := range [][2]string{{"a/1", "b/1"}, {"a/1", "b/3"}, {"a/2", "b/2"}} {
		if !got[p] {
			t.Errorf("%s and %s were not compared", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"a/1", "b/4"}, {"a/2", "b/5"}} {
		if got[p] {
			t.Errorf("%s and %s were compared: their initials differ", p[0], p[1])
		}
	}
}

// TestBrigadeBlock: unit:brigade keys a unit by its brigade alone, so a
// battalion of the brigade meets the brigade, and another brigade does
// not; a unit that names no brigade has no key.
func TestBrigadeBlock(t *testing.T) {
	mk := func(list, id, unit string) reckon.Record {
		return reckon.Record{List: list, RecordID: id, FamilyName: "Kim", GivenName: "Chol", Unit: unit}
	}
	recs := []reckon.Record{
		mk("a", "1", "3rd Bn, 94th Brigade"),
		mk("b", "1", "제94려단"), mk("b", "2", "95th Brigade"), mk("b", "3", "11th Corps"),
	}
	res, err := Link(recs, nil, Config{Blocking: []Rule{{On: []string{"name", "unit:brigade"}}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]string]bool{}
	for _, pr := range res.Pairs() {
		got[[2]string{RecordKey(recs[pr.A]), RecordKey(recs[pr.B])}] = true
	}
	if !got[[2]string{"a/1", "b/1"}] {
		t.Error("a battalion of the 94th and the 94th were not compared")
	}
	for _, k := range []string{"b/2", "b/3"} {
		if got[[2]string{"a/1", k}] {
			t.Errorf("a/1 and %s were compared", k)
		}
	}
	if _, err := Link(recs, nil, Config{Blocking: []Rule{{On: []string{"name", "birth_date:brigade"}}}}, Options{}); err == nil {
		t.Error("brigade on a date column: no error")
	}
}
