package extract

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// cyrNewsText returns about n bytes of Russian or Ukrainian news-like
// text made from templates written for this benchmark, with a fixed seed:
// about half its sentences hold figures, with the digit groups, number
// words, sources, dates and distractors of war reporting.
func cyrNewsText(l Lang, n int) string {
	r := rand.New(rand.NewPCG(3, 4))
	type tmpl struct{ fillers, sources, quals, measures, days []string }
	t := tmpl{
		fillers: []string{
			"Спасатели продолжают разбирать завалы, работы осложняет непогода.",
			"Жители рассказали о разрушенных домах и перебоях со светом.",
			"Власти объявили режим чрезвычайной ситуации и попросили о помощи.",
			"В 2022 году бойцы 94-я отдельная бригада держали оборону под городом.",
			"Переговоры сторон могут возобновиться на следующей неделе, сообщили дипломаты.",
			"Ему было 45 лет, он служил почти 4 года.",
		},
		sources:  []string{"по данным ООН", "как сообщил губернатор", "по информации Минобороны", "заявил представитель штаба"},
		quals:    []string{"около", "более", "не менее", "почти", "до", "свыше", ""},
		measures: []string{"человек погибли", "человек получили ранения", "военных пропали без вести", "военных взяты в плен", "жителей эвакуированы", "домов разрушены"},
		days:     []string{"в понедельник", "во вторник", "накануне", "за сутки", "по состоянию на 2 марта"},
	}
	if l == Ukrainian {
		t = tmpl{
			fillers: []string{
				"Рятувальники продовжують розбирати завали, роботи ускладнює негода.",
				"Мешканці розповіли про зруйновані будинки та перебої зі світлом.",
				"Влада оголосила надзвичайну ситуацію і звернулася по допомогу.",
				"У 2022 році бійці 72-ї бригади тримали оборону під містом.",
				"Переговори сторін можуть відновитися наступного тижня, повідомили дипломати.",
				"Йому було 45 років, він служив майже 4 роки.",
			},
			sources:  []string{"за даними ООН", "як повідомив голова ОВА", "за інформацією Генштабу", "заявив речник штабу"},
			quals:    []string{"близько", "понад", "щонайменше", "майже", "до", "більш ніж", ""},
			measures: []string{"людей загинули", "людей дістали поранень", "військових зникли безвісти", "військових потрапили в полон", "мешканців евакуйовано", "будинків зруйновано"},
			days:     []string{"у понеділок", "у вівторок", "напередодні", "за минулу добу", "станом на 2 березня"},
		}
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(8) {
		case 0, 1, 2, 3:
			b.WriteString(t.fillers[r.IntN(len(t.fillers))])
		case 4, 5:
			fmt.Fprintf(&b, "%s, %s %s %s %s.", strings.ToUpper(t.sources[r.IntN(len(t.sources))][:2])+t.sources[r.IntN(len(t.sources))][2:],
				t.days[r.IntN(len(t.days))], t.quals[r.IntN(len(t.quals))], cyrSpaced(r.IntN(200000)+2), t.measures[r.IntN(len(t.measures))])
		case 6:
			if l == Ukrainian {
				fmt.Fprintf(&b, "особового складу — близько %s (+%d) осіб, танків — %d (+%d) од.", cyrSpaced(r.IntN(900000)+100000), r.IntN(2000), r.IntN(12000), r.IntN(20))
			} else {
				fmt.Fprintf(&b, "Потери составили от %d до %d тысяч человек, около двухсот тел найдены.", r.IntN(50)+10, r.IntN(50)+70)
			}
		case 7:
			fmt.Fprintf(&b, "Ущерб оценили в %d тыс. долларов, это %d%% бюджета.", r.IntN(900)+10, r.IntN(90)+1)
		}
		b.WriteString(" ")
		if r.IntN(6) == 0 {
			b.WriteString("\n\n")
		}
	}
	s := b.String()[:n]
	for len(s) > 0 && !strings.HasSuffix(s, " ") && s[len(s)-1]&0xC0 == 0x80 {
		s = s[:len(s)-1]
	}
	return s
}

// cyrSpaced writes n with digit groups split by spaces: "123 456".
func cyrSpaced(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// BenchmarkExtractRussian and BenchmarkExtractUkrainian measure the
// Cyrillic extractor at several sizes; the bar is 20 MB/s per core.
func BenchmarkExtractRussian(b *testing.B)   { benchCyrillic(b, Russian) }
func BenchmarkExtractUkrainian(b *testing.B) { benchCyrillic(b, Ukrainian) }

func benchCyrillic(b *testing.B, l Lang) {
	for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
		text := cyrNewsText(l, size)
		if len(ExtractLang(text, l)) == 0 {
			b.Fatal("no claims in the benchmark text")
		}
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				ExtractLang(text, l)
			}
		})
	}
}
