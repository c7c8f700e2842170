package linkage

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon"
)

// febrlLike generates a data set in the shape of the FEBRL benchmarks
// (P. Christen, "Probabilistic data generation for deduplication and data
// linkage", 2005): one list of originals and duplicates of some of them,
// each duplicate with a few typos, blanks or swapped digits, and the
// columns given_name, surname, street_number, address_1, suburb,
// postcode, state, date_of_birth (YYYYMMDD) and soc_sec_id as they arrive
// in the record CSV: names in the name columns, the rest as attributes.
func febrlLike(originals, dups int, seed uint64) ([]reckon.Record, map[string]string) {
	rng := rand.New(rand.NewPCG(seed, 7))
	given := []string{"james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
		"mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
		"emily", "chloe", "jack", "joshua", "lachlan", "thomas", "hannah", "olivia", "isabella", "benjamin"}
	surnames := []string{"smith", "jones", "williams", "brown", "wilson", "taylor", "johnson", "white", "martin", "anderson",
		"thompson", "nguyen", "thomas", "walker", "harris", "lee", "ryan", "robinson", "kelly", "king",
		"davis", "wright", "evans", "roberts", "green", "hall", "wood", "jackson", "clarke", "campbell",
		"mitchell", "oconnor", "doherty", "papadopoulos", "rossi", "kowalski", "schmidt", "dubois", "silva", "murphy"}
	streets := []string{"main street", "george street", "high street", "station road", "church street", "park road", "victoria street", "king street"}
	suburbs := []string{"kingston", "richmond", "carlton", "bondi", "manly", "fitzroy", "toorak", "glenelg", "subiaco", "sandy bay"}
	states := []string{"nsw", "vic", "qld", "sa", "wa", "tas", "act"}
	typo := func(s string) string {
		if len(s) < 3 {
			return s
		}
		b := []byte(s)
		k := 1 + rng.IntN(len(b)-1)
		switch rng.IntN(3) {
		case 0:
			b[k] = byte('a' + rng.IntN(26))
		case 1:
			b[k-1], b[k] = b[k], b[k-1]
		default:
			b = append(b[:k], b[k+1:]...)
		}
		return string(b)
	}
	type orig struct{ g, s, num, street, suburb, pc, state, dob, ssid string }
	var recs []reckon.Record
	truth := map[string]string{}
	emit := func(o orig, id string, person int) {
		r := reckon.Record{RecordID: id, List: "febrl", GivenName: o.g, FamilyName: o.s, Attributes: map[string]string{
			"street_number": o.num, "address_1": o.street, "suburb": o.suburb, "postcode": o.pc, "state": o.state,
			"date_of_birth": o.dob, "soc_sec_id": o.ssid}}
		recs = append(recs, r)
		truth[RecordKey(r)] = fmt.Sprint(person)
	}
	origs := make([]orig, originals)
	for i := range origs {
		origs[i] = orig{
			g: given[rng.IntN(len(given))], s: surnames[rng.IntN(len(surnames))],
			num: fmt.Sprint(1 + rng.IntN(200)), street: streets[rng.IntN(len(streets))],
			suburb: suburbs[rng.IntN(len(suburbs))], pc: fmt.Sprint(2000 + rng.IntN(5000)), state: states[rng.IntN(len(states))],
			dob: fmt.Sprintf("%04d%02d%02d", 1930+rng.IntN(70), 1+rng.IntN(12), 1+rng.IntN(28)), ssid: fmt.Sprint(1000000 + rng.IntN(9000000)),
		}
		emit(origs[i], fmt.Sprintf("rec-%d-org", i), i)
	}
	for d := range dups {
		i := rng.IntN(originals)
		o := origs[i]
		for range 1 + rng.IntN(3) {
			switch rng.IntN(8) {
			case 0:
				o.g = typo(o.g)
			case 1:
				o.s = typo(o.s)
			case 2:
				o.dob = o.dob[:4] + o.dob[6:] + o.dob[4:6] // month and day swapped
			case 3:
				o.pc = typo(o.pc)
			case 4:
				o.num = ""
			case 5:
				o.suburb = typo(o.suburb)
			case 6:
				o.ssid = typo(o.ssid)
			default:
				o.street = ""
			}
		}
		emit(o, fmt.Sprintf("rec-%d-dup-%d", i, d), i)
	}
	return recs, truth
}

// TestFEBRLShape checks that the default configuration, made for the
// record CSV of war dead, also dedupes data of another shape: Western
// names, addresses and identifiers in attribute columns.
func TestFEBRLShape(t *testing.T) {
	recs, truth := febrlLike(4000, 1000, 1)
	res, err := Link(recs, nil, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := Evaluate(truth, res.Prediction())
	t.Logf("fields %v", res.Stats.Fields)
	t.Logf("%d candidate pairs, blocking recall %.4f", res.Stats.Blocking.CandidatePairs, blockingRecall(res, truth))
	t.Logf("pairwise %+v; cluster %+v", ev.Pairwise, ev.Cluster)
	if ev.Pairwise.F1 < 0.9 {
		t.Errorf("pairwise F1 %.4f, want at least 0.9", ev.Pairwise.F1)
	}
}
