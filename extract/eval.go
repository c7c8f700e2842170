package extract

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// MaxLine caps one line of an evaluation corpus.
const MaxLine = 1 << 20

// Report scores [Extract] on an annotated corpus as the annotation guide's
// §8 does. Rates are 0 when nothing was there to score.
//
// Detection: a gold claim is found when a prediction overlaps its span by
// at least one character; precision is the share of predictions that
// overlap some gold claim. Interval, measure, attribution and date are
// scored on found claims, each against the prediction that overlaps the
// gold span most (ties: the first). Attribution and date are right when
// both are null, or when both are given and the predicted text overlaps
// the gold text in the sentence; a null on one side only is wrong.
type Report struct {
	Version     string `json:"version"`
	Lang        string `json:"lang"` // the language asked for: auto, en, ko, ru or uk
	Records     int    `json:"records"`
	Gold        int    `json:"gold"`        // gold claims
	Predicted   int    `json:"predicted"`   // predicted claims
	Found       int    `json:"found"`       // gold claims overlapped by a prediction
	Overlapping int    `json:"overlapping"` // predictions overlapping a gold claim

	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`

	Interval            Score                     `json:"interval"`
	IntervalByQualifier map[string]Score          `json:"interval_by_qualifier"` // by gold qualifier
	Measure             Score                     `json:"measure"`
	MeasureConfusion    map[string]map[string]int `json:"measure_confusion"` // gold -> predicted -> count
	Attribution         Score                     `json:"attribution"`
	Date                Score                     `json:"date"`

	// SpuriousByType counts predictions that overlap no gold claim, by
	// the type of the distractor they land on ("none" when on none).
	SpuriousByType map[string]int `json:"spurious_by_type"`

	// Items lists every miss, spurious prediction and wrong field.
	Items []Item `json:"items"`
	// Warnings note gold spans that did not match the text at their
	// offsets and were found elsewhere in it.
	Warnings []string `json:"warnings,omitempty"`
}

// Score is a count of correct answers out of a total.
type Score struct {
	Correct int     `json:"correct"`
	Total   int     `json:"total"`
	Rate    float64 `json:"rate"`
}

func (s *Score) add(ok bool) {
	s.Total++
	if ok {
		s.Correct++
	}
	s.Rate = float64(s.Correct) / float64(s.Total)
}

// Item is one error for a developer to look at.
type Item struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // miss, spurious, interval, measure, attribution, date
	Span string `json:"span"`
	Gold string `json:"gold,omitempty"`
	Got  string `json:"got,omitempty"`
	// Why is the prediction's rule trace, when there is a prediction.
	Why  []string `json:"why,omitempty"`
	Text string   `json:"text"`
}

// goldRecord is one line of the corpus (guide §1).
type goldRecord struct {
	ID          string           `json:"id"`
	Text        *string          `json:"text"`
	Claims      []goldClaim      `json:"claims"`
	Distractors []goldDistractor `json:"distractors"`
}

type goldClaim struct {
	Measure     string    `json:"measure"`
	Span        string    `json:"span"`
	Start       int       `json:"start"`
	End         int       `json:"end"`
	Qualifier   string    `json:"qualifier"`
	Low         *int64    `json:"low"`
	High        *int64    `json:"high"`
	Attribution *string   `json:"attribution"`
	Date        *string   `json:"date"`
	Stated      []float64 `json:"stated"`
}

type goldDistractor struct {
	Span  string `json:"span"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
}

// LineError is an error in one line of a corpus.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ErrLineTooLong is the cause of a [LineError] for a line over [MaxLine].
var ErrLineTooLong = errors.New("line longer than 1 MiB")

// Evaluate reads an annotated corpus in the guide's JSON-lines format
// (offsets in Unicode code points) from r, runs [ExtractLang] with [Auto] on every text
// and scores it. A line that is not a record is a *[LineError]; blank lines
// are skipped.
func Evaluate(r io.Reader) (*Report, error) { return EvaluateLang(r, Auto) }

// EvaluateLang is [Evaluate] reading every text as language l ([Auto]
// detects the language of each text).
func EvaluateLang(r io.Reader, l Lang) (*Report, error) {
	if l == "" {
		l = Auto
	}
	rep := &Report{
		Lang:                string(l),
		Version:             Version,
		IntervalByQualifier: map[string]Score{},
		MeasureConfusion:    map[string]map[string]int{},
		SpuriousByType:      map[string]int{},
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if strings.TrimSpace(string(b)) == "" {
			continue
		}
		var rec goldRecord
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, &LineError{line, fmt.Errorf("invalid JSON: %v", err)}
		}
		if rec.Text == nil {
			return nil, &LineError{line, errors.New(`no "text" field`)}
		}
		if err := rep.score(rec, l); err != nil {
			return nil, &LineError{line, err}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{line + 1, ErrLineTooLong}
		}
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	rep.finish()
	return rep, nil
}

// byteOffsets maps code-point offsets of text to byte offsets: off[i] is
// the byte offset of the i-th code point; off[len] is len(text).
func byteOffsets(text string) []int {
	off := make([]int, 0, utf8.RuneCountInString(text)+1)
	for i := range text {
		off = append(off, i)
	}
	return append(off, len(text))
}

// locate returns the byte bounds of a gold span given in code points,
// falling back to searching the text when the offsets do not match.
func (rep *Report) locate(id, text string, off []int, span string, start, end int) (int, int, error) {
	if start >= 0 && end >= start && end < len(off) {
		bs, be := off[start], off[end]
		if text[bs:be] == span {
			return bs, be, nil
		}
	}
	if span == "" {
		return 0, 0, fmt.Errorf("record %s: empty span at [%d, %d)", reckon.Excerpt(id), start, end)
	}
	i := strings.Index(text, span)
	if i < 0 {
		return 0, 0, fmt.Errorf("record %s: span %s is not in the text", reckon.Excerpt(id), reckon.Quote(span))
	}
	rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: span %s is not at [%d, %d); found at byte %d", reckon.Excerpt(id), reckon.Quote(span), start, end, i))
	return i, i + len(span), nil
}

type bspan struct{ s, e int }

func overlap(a, b bspan) int { return min(a.e, b.e) - max(a.s, b.s) }

// textOverlap reports whether substrings a and b of text overlap at some
// pair of their occurrences.
func textOverlap(text, a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	occ := func(s string) []bspan {
		var r []bspan
		for i := 0; i <= len(text)-len(s); {
			j := strings.Index(text[i:], s)
			if j < 0 {
				break
			}
			r = append(r, bspan{i + j, i + j + len(s)})
			i += j + 1
		}
		return r
	}
	for _, x := range occ(a) {
		for _, y := range occ(b) {
			if overlap(x, y) > 0 {
				return true
			}
		}
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}

func strOrNull(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

func ivString(lo, hi *int64) string { return reckon.Interval{Low: lo, High: hi}.String() }

func (rep *Report) score(rec goldRecord, l Lang) error {
	text := *rec.Text
	rep.Records++
	off := byteOffsets(text)
	gold := make([]bspan, len(rec.Claims))
	for i, g := range rec.Claims {
		s, e, err := rep.locate(rec.ID, text, off, g.Span, g.Start, g.End)
		if err != nil {
			return err
		}
		gold[i] = bspan{s, e}
	}
	dis := make([]bspan, len(rec.Distractors))
	for i, d := range rec.Distractors {
		s, e, err := rep.locate(rec.ID, text, off, d.Span, d.Start, d.End)
		if err != nil {
			return err
		}
		dis[i] = bspan{s, e}
	}
	preds := ExtractLang(text, l)
	rep.Gold += len(gold)
	rep.Predicted += len(preds)
	item := func(kind, span, g, got string, why []string) {
		rep.Items = append(rep.Items, Item{ID: rec.ID, Kind: kind, Span: span, Gold: g, Got: got, Why: why, Text: text})
	}
	for _, c := range preds {
		ps := bspan{c.Start, c.End}
		hit := false
		for _, g := range gold {
			if overlap(ps, g) > 0 {
				hit = true
				break
			}
		}
		if hit {
			rep.Overlapping++
			continue
		}
		typ := "none"
		for i, d := range dis {
			if overlap(ps, d) > 0 {
				typ = rec.Distractors[i].Type
				break
			}
		}
		rep.SpuriousByType[typ]++
		item("spurious", c.Span, "", string(c.Measure)+" "+c.Interval.String()+" (on "+typ+")", c.Why)
	}
	for i, g := range rec.Claims {
		best, bestOv := -1, 0
		for j, c := range preds {
			if ov := overlap(bspan{c.Start, c.End}, gold[i]); ov > bestOv {
				best, bestOv = j, ov
			}
		}
		if best < 0 {
			item("miss", g.Span, g.Measure+" "+g.Qualifier+" "+ivString(g.Low, g.High), "", nil)
			continue
		}
		rep.Found++
		c := preds[best]
		okIv := c.Interval.Equal(reckon.Interval{Low: g.Low, High: g.High})
		rep.Interval.add(okIv)
		q := rep.IntervalByQualifier[g.Qualifier]
		q.add(okIv)
		rep.IntervalByQualifier[g.Qualifier] = q
		if !okIv {
			item("interval", g.Span, g.Qualifier+" "+ivString(g.Low, g.High), string(c.Qualifier)+" "+c.Interval.String()+" ("+c.Span+")", c.Why)
		}
		okM := string(c.Measure) == g.Measure
		rep.Measure.add(okM)
		if rep.MeasureConfusion[g.Measure] == nil {
			rep.MeasureConfusion[g.Measure] = map[string]int{}
		}
		rep.MeasureConfusion[g.Measure][string(c.Measure)]++
		if !okM {
			item("measure", g.Span, g.Measure, string(c.Measure), c.Why)
		}
		okA := nullOrOverlap(text, g.Attribution, c.Attribution)
		rep.Attribution.add(okA)
		if !okA {
			item("attribution", g.Span, strOrNull(g.Attribution), orNull(c.Attribution), c.Why)
		}
		okD := nullOrOverlap(text, g.Date, c.Date)
		rep.Date.add(okD)
		if !okD {
			item("date", g.Span, strOrNull(g.Date), orNull(c.Date), c.Why)
		}
	}
	return nil
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

// nullOrOverlap scores an attribution or a date: right when both are null,
// or both are given and overlap in the text.
func nullOrOverlap(text string, gold *string, got string) bool {
	if gold == nil || *gold == "" {
		return got == ""
	}
	return got != "" && textOverlap(text, *gold, got)
}

func (rep *Report) finish() {
	if rep.Predicted > 0 {
		rep.Precision = float64(rep.Overlapping) / float64(rep.Predicted)
	}
	if rep.Gold > 0 {
		rep.Recall = float64(rep.Found) / float64(rep.Gold)
	}
	if rep.Precision+rep.Recall > 0 {
		rep.F1 = 2 * rep.Precision * rep.Recall / (rep.Precision + rep.Recall)
	}
}

// WriteText writes a readable summary of the report, then every item.
func (rep *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	pct := func(s Score) string {
		if s.Total == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.3f (%d/%d)", s.Rate, s.Correct, s.Total)
	}
	fmt.Fprintf(bw, "extractor %s on %d records: %d gold claims, %d predicted\n", rep.Version, rep.Records, rep.Gold, rep.Predicted)
	fmt.Fprintf(bw, "detection  precision %.3f (%d/%d)  recall %.3f (%d/%d)  F1 %.3f\n",
		rep.Precision, rep.Overlapping, rep.Predicted, rep.Recall, rep.Found, rep.Gold, rep.F1)
	fmt.Fprintf(bw, "interval   %s\n", pct(rep.Interval))
	for _, q := range sortedKeys(rep.IntervalByQualifier) {
		fmt.Fprintf(bw, "  %-10s %s\n", q, pct(rep.IntervalByQualifier[q]))
	}
	fmt.Fprintf(bw, "measure    %s\n", pct(rep.Measure))
	for _, g := range sortedKeys(rep.MeasureConfusion) {
		row := rep.MeasureConfusion[g]
		var parts []string
		for _, p := range sortedKeys(row) {
			parts = append(parts, fmt.Sprintf("%s %d", p, row[p]))
		}
		fmt.Fprintf(bw, "  %-11s -> %s\n", g, strings.Join(parts, ", "))
	}
	fmt.Fprintf(bw, "attribution %s\n", pct(rep.Attribution))
	fmt.Fprintf(bw, "date       %s\n", pct(rep.Date))
	if len(rep.SpuriousByType) > 0 {
		var parts []string
		for _, t := range sortedKeys(rep.SpuriousByType) {
			parts = append(parts, fmt.Sprintf("%s %d", t, rep.SpuriousByType[t]))
		}
		fmt.Fprintf(bw, "spurious   %s\n", strings.Join(parts, ", "))
	}
	for _, wn := range rep.Warnings {
		fmt.Fprintf(bw, "warning: %s\n", wn)
	}
	if len(rep.Items) > 0 {
		fmt.Fprintf(bw, "\n%d items:\n", len(rep.Items))
	}
	for _, it := range rep.Items {
		fmt.Fprintf(bw, "%s %-11s %q", it.ID, it.Kind, it.Span)
		if it.Gold != "" {
			fmt.Fprintf(bw, " gold: %s", it.Gold)
		}
		if it.Got != "" {
			fmt.Fprintf(bw, " got: %s", it.Got)
		}
		fmt.Fprintf(bw, "\n    %s\n", it.Text)
		if len(it.Why) > 0 {
			fmt.Fprintf(bw, "    why: %s\n", strings.Join(it.Why, "; "))
		}
	}
	return bw.Flush()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
