package server_test

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// TestLargeDocument reads a document of several windows, with multi-byte
// characters at every boundary, page by page and through the text API:
// the pieces tile the text exactly, and every claim is highlighted once.
func TestLargeDocument(t *testing.T) {
	st := openStore(t)
	src := mustSource(t, st, "Big", reckon.KindMedia, "C3")
	var b strings.Builder
	var claims []reckon.Claim
	for i := 0; b.Len() < 200_000; i++ {
		fmt.Fprintf(&b, "Paragraph %d: 강원도 리철 Ли Чхоль, ", i)
		if i%50 == 0 {
			fig := fmt.Sprintf("at least %d", 100+i)
			claims = append(claims, reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.AtLeast, Interval: reckon.From(int64(100 + i)),
				Span: fig, Start: b.Len(), End: b.Len() + len(fig)})
			b.WriteString(fig)
		}
		b.WriteString(" were counted.\n")
	}
	text := b.String()
	d := mustAddDocument(t, st, &reckon.Document{SourceID: src.ID, Title: "big"}, text, claims...)
	s, _ := newServer(t, st, server.Options{})

	// Pages: follow "Next part" links; strip the markup of the text.
	textDiv := regexp.MustCompile(`(?s)<div class="doctext"[^>]*>(.*?)</div>`)
	tags := regexp.MustCompile(`<mark[^>]*><a[^>]*>|</a></mark>`)
	next := regexp.MustCompile(`<a rel="next" href="/documents/\d+\?start=(\d+)">`)
	var got strings.Builder
	marks, pages := 0, 0
	for start := "0"; start != ""; pages++ {
		res, body := do(t, s, "GET", fmt.Sprintf("/documents/%d?start=%s", d.ID, start), nil)
		if res.StatusCode != 200 {
			t.Fatalf("page at %s: %d", start, res.StatusCode)
		}
		m := textDiv.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("page at %s has no text", start)
		}
		marks += strings.Count(m[1], "<mark")
		got.WriteString(html.UnescapeString(tags.ReplaceAllString(m[1], "")))
		start = ""
		if n := next.FindStringSubmatch(body); n != nil {
			start = n[1]
		}
		if pages > 10 {
			t.Fatal("too many pages")
		}
	}
	if got.String() != text {
		t.Fatalf("the pages do not tile the text: got %d bytes, want %d", got.Len(), len(text))
	}
	if pages < 3 || marks != len(claims) {
		t.Errorf("%d pages, %d marks; want at least 3 pages and %d marks", pages, marks, len(claims))
	}

	// The text API, asked for ranges that cut characters, answers whole
	// characters and says where they are.
	var api strings.Builder
	for start := 0; start < len(text); {
		_, body := do(t, s, "GET", fmt.Sprintf("/api/v1/documents/%d/text?start=%d&end=%d", d.ID, start, start+7777), nil)
		var dt struct {
			Start, End int
			Text       string
		}
		if err := json.Unmarshal([]byte(body), &dt); err != nil {
			t.Fatal(err)
		}
		if dt.Start != start || dt.End <= dt.Start || text[dt.Start:dt.End] != dt.Text {
			t.Fatalf("text at %d: got [%d, %d)", start, dt.Start, dt.End)
		}
		api.WriteString(dt.Text)
		start = dt.End
	}
	if api.String() != text {
		t.Fatal("the text API does not tile the text")
	}
}
