package extract

import (
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
)

// ResolveDate turns the time expression of a claim (Claim.Date) into a
// calendar date, reading relative expressions against published, the
// publication date of the document (zero when unknown):
//
//   - calendar dates: "3 March 2025", "March 3, 2025", "2025-03-03",
//     "03.03.2025", "March 2025"; a day and month with no year ("as of
//     August 30") take the year of publication, or the year before when
//     that would be after publication;
//   - "today", "tonight", "yesterday", "the previous day", "the day
//     before";
//   - weekdays: "Monday", "on Monday", "late Monday" are the last such day
//     on or before publication, "last Monday" the one before it;
//   - "this month", "last month", "this year", "last year", "earlier this
//     month" at the precision they name.
//
// Leading "as of", "as at", "on", "by", "earlier", "late", "early" are
// skipped. Anything else, or a relative expression without a publication
// date precise enough, is the zero Date.
func ResolveDate(expr string, published reckon.Date) reckon.Date {
	words := strings.FieldsFunc(strings.ToLower(expr), func(r rune) bool {
		return r == ' ' || r == ',' || r == '\n' || r == '\t' || r == '\u00a0'
	})
	for len(words) > 0 {
		switch words[0] {
		case "as", "of", "at", "on", "by", "earlier", "late", "early", "the", "until", "through":
			if words[0] == "the" && len(words) > 1 && (words[1] == "previous" || words[1] == "day") {
				break
			}
			words = words[1:]
			continue
		}
		break
	}
	if len(words) == 0 {
		return reckon.Date{}
	}
	if d, ok := calendarDate(words, published); ok {
		return d
	}
	pub, day := published, published.Precision() == reckon.DayKnown
	t := time.Date(pub.Year, time.Month(pub.Month), pub.Day, 0, 0, 0, 0, time.UTC)
	onDay := func(t time.Time) reckon.Date { return reckon.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()} }
	j := strings.Join(words, " ")
	switch j {
	case "today", "tonight", "overnight", "this morning", "this afternoon", "this evening":
		if day {
			return pub
		}
	case "yesterday", "the previous day", "the day before", "previous day":
		if day {
			return onDay(t.AddDate(0, 0, -1))
		}
	case "this month", "earlier this month":
		if pub.Precision() >= reckon.MonthOnly {
			return reckon.Date{Year: pub.Year, Month: pub.Month}
		}
	case "last month":
		if pub.Precision() >= reckon.MonthOnly {
			m := time.Date(pub.Year, time.Month(pub.Month), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
			return reckon.Date{Year: m.Year(), Month: int(m.Month())}
		}
	case "this year", "earlier this year":
		if pub.Year != 0 {
			return reckon.Date{Year: pub.Year}
		}
	case "last year":
		if pub.Year != 0 {
			return reckon.Date{Year: pub.Year - 1}
		}
	}
	if !day {
		return reckon.Date{}
	}
	last := false
	if words[0] == "last" && len(words) > 1 {
		last, words = true, words[1:]
	}
	if wd, ok := weekdays[strings.TrimSuffix(words[0], "'s")]; ok && len(words) <= 2 {
		back := (int(t.Weekday()) - int(wd) + 7) % 7
		if last && back == 0 {
			back = 7
		}
		return onDay(t.AddDate(0, 0, -back))
	}
	return reckon.Date{}
}

var weekdays = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}

var months = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3,
	"apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

// calendarDate reads a written calendar date from words.
func calendarDate(words []string, published reckon.Date) (reckon.Date, bool) {
	if len(words) == 1 {
		w := words[0]
		if d, err := reckon.ParseDate(w); err == nil && d.Year != 0 {
			return d, true
		}
		if p := strings.Split(w, "."); len(p) == 3 && len(p[2]) == 4 {
			if d, err := reckon.ParseDate(p[2] + "-" + pad2(p[1]) + "-" + pad2(p[0])); err == nil {
				return d, true
			}
		}
		if y, err := strconv.Atoi(w); err == nil && len(w) == 4 && y >= 1800 && y <= 2200 {
			return reckon.Date{Year: y}, true
		}
	}
	var day, month, year int
	for _, w := range words {
		if len(w) > 2 && w[0] >= '0' && w[0] <= '9' {
			switch w[len(w)-2:] {
			case "st", "nd", "rd", "th": // "3rd"
				w = w[:len(w)-2]
			}
		}
		if m, ok := months[strings.TrimSuffix(w, ".")]; ok && month == 0 {
			month = m
			continue
		}
		n, err := strconv.Atoi(w)
		switch {
		case err != nil:
			return reckon.Date{}, false
		case len(w) == 4 && year == 0:
			year = n
		case n >= 1 && n <= 31 && day == 0:
			day = n
		default:
			return reckon.Date{}, false
		}
	}
	if month == 0 {
		return reckon.Date{}, false
	}
	if year == 0 {
		if published.Year == 0 {
			return reckon.Date{}, false
		}
		year = published.Year
		if published.Month != 0 && (month > published.Month || month == published.Month && published.Day != 0 && day > published.Day) {
			year-- // "as of December 30" in a text of January
		}
	}
	s := strconv.Itoa(year) + "-" + pad2(strconv.Itoa(month))
	if day != 0 {
		s += "-" + pad2(strconv.Itoa(day))
	}
	d, err := reckon.ParseDate(s)
	return d, err == nil
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// ResolveDates sets Claim.On of each claim of cs from its Date, read
// against published (see [ResolveDate]).
func ResolveDates(cs []reckon.Claim, published reckon.Date) {
	for i := range cs {
		if cs[i].Date != "" {
			cs[i].On = ResolveDate(cs[i].Date, published)
		}
	}
}

// Dated passes on the chunks of chunks with the dates of their claims
// resolved against published (see [ResolveDates]).
func Dated(chunks iter.Seq2[reckon.Chunk, error], published reckon.Date) iter.Seq2[reckon.Chunk, error] {
	return func(yield func(reckon.Chunk, error) bool) {
		for c, err := range chunks {
			if err == nil {
				ResolveDates(c.Claims, published)
			}
			if !yield(c, err) {
				return
			}
		}
	}
}
