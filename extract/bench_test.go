package extract

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// newsText returns about n bytes of news-like text, made from templates
// written for this benchmark, with a fixed seed. About half its sentences
// hold figures, as in war and disaster reporting.
func newsText(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	places := []string{"the northern province", "the port city", "the capital", "the border region", "the coastal district", "the mountain villages"}
	sources := []string{"the health ministry", "local officials", "the UN humanitarian office", "a military spokesman", "the Red Cross", "police", "state media", "the regional governor"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	quals := []string{"at least", "more than", "nearly", "about", "some", "up to", "over", "an estimated", ""}
	measures := []string{"people were killed", "people were injured", "residents remain missing", "families have fled their homes", "troops were deployed", "houses were destroyed", "soldiers were captured"}
	fillers := []string{
		"Rescue work continued through the night as heavy rain hampered efforts to reach the worst-hit areas.",
		"Residents described scenes of devastation, with roads blocked by debris and power lines down.",
		"The government has declared a state of emergency and appealed for international assistance.",
		"Aid agencies warned that clean water and medical supplies were running short.",
		"The fighting has displaced families who had already fled earlier offensives, witnesses said.",
		"Talks between the two sides are expected to resume next week in a neutral country.",
		"Footage shared online showed collapsed buildings and rescuers digging with their bare hands.",
		"Officials in the capital said the situation remained critical but stable after a night of shelling.",
		"The president visited the affected area and promised that every damaged home would be rebuilt.",
		"Mr. Haddad, a teacher, said his family had sheltered in a school gym since the floods began.",
		"Doctors at the main hospital, which lost power on Sunday, were working by the light of their phones.",
		"It was not immediately possible to verify the claims, and the army did not respond to a request for comment.",
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(7) {
		case 0, 1, 2, 6:
			b.WriteString(fillers[r.IntN(len(fillers))])
		case 3:
			src := sources[r.IntN(len(sources))]
			fmt.Fprintf(&b, "%s%s said on %s that %s %s %s in %s.", strings.ToUpper(src[:1]), src[1:],
				days[r.IntN(7)], quals[r.IntN(len(quals))], commas(r.IntN(20000)+2), measures[r.IntN(len(measures))], places[r.IntN(len(places))])
		case 4:
			fmt.Fprintf(&b, "The death toll rose to %s on %s, with dozens more still unaccounted for, according to %s.", commas(r.IntN(5000)+10), days[r.IntN(7)], sources[r.IntN(len(sources))])
		case 5:
			fmt.Fprintf(&b, "Between %d and %d people were evacuated from %s, while %d schools and %d clinics were damaged over three days.", r.IntN(500)+100, r.IntN(500)+700, places[r.IntN(len(places))], r.IntN(40)+2, r.IntN(9)+2)
		}
		b.WriteString(" ")
		if r.IntN(5) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.String()[:n]
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// BenchmarkExtract measures Extract on news-like text of several sizes;
// the bar is 20 MB/s per core.
func BenchmarkExtract(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
		text := newsText(size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				Extract(text)
			}
		})
	}
}
