package release_test

import (
	"context"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
)

func TestParseCursor(t *testing.T) {
	tests := []struct {
		in     string
		want   release.Cursor
		cursor bool
		bad    bool
	}{
		{"2026.1", release.Cursor{}, false, false},
		{"2026.1~2026.2~0", release.Cursor{From: "2026.1", To: "2026.2"}, true, false},
		{"a~b~500", release.Cursor{From: "a", To: "b", Offset: 500}, true, false},
		{"a~b", release.Cursor{}, true, true},
		{"a~b~-1", release.Cursor{}, true, true},
		{"a~b~01", release.Cursor{}, true, true},
		{"a~b~x", release.Cursor{}, true, true},
		{".a~b~1", release.Cursor{}, true, true},
		{"a~b~1~2", release.Cursor{}, true, true},
		{"~~", release.Cursor{}, true, true},
	}
	for _, tt := range tests {
		c, ok, err := release.ParseCursor(tt.in)
		if ok != tt.cursor || (err != nil) != tt.bad || (!tt.bad && c != tt.want) {
			t.Errorf("ParseCursor(%q) = %+v, %v, %v", tt.in, c, ok, err)
		}
		if ok && err == nil && c.String() != tt.in {
			t.Errorf("ParseCursor(%q).String() = %q", tt.in, c.String())
		}
	}
}

func FuzzParseCursor(f *testing.F) {
	for _, s := range []string{"2026.1", "2026.1~2026.2~0", "a~b~500", "a~b~-1", "~~", "a~b~1~2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok, err := release.ParseCursor(s)
		if err != nil && reckon.ErrorCode(err) != reckon.EINVALID {
			t.Fatalf("ParseCursor(%q): error %v is not invalid", s, err)
		}
		if ok && err == nil {
			if c.String() != s || c.Offset < 0 {
				t.Fatalf("ParseCursor(%q) = %+v, which writes %q", s, c, c.String())
			}
		}
	})
}

// TestFeedPages reads the feed page by page, from a release name and
// then from each next cursor, and gets the whole feed in order.
func TestFeedPages(t *testing.T) {
	ctx := context.Background()
	s := fixture(t)
	ra, fa := build(t, s, "2026.1")
	if err := s.CreateRelease(ctx, ra, fa); err != nil {
		t.Fatal(err)
	}
	evolve(t, s)
	rb, fb := build(t, s, "2026.2")
	if err := s.CreateRelease(ctx, rb, fb); err != nil {
		t.Fatal(err)
	}
	a, _ := release.ReadTables(ctx, s, "2026.1")
	b, _ := release.ReadTables(ctx, s, "2026.2")
	all, _ := release.Changes(a, b)
	var got []release.Change
	since, pages := "2026.1", 0
	var cache release.FeedCache
	counted := &countingStore{ReleaseStore: s}
	for {
		p, err := release.Feed(ctx, counted, since, 3, &cache)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if p.From != "2026.1" || p.To != "2026.2" || len(p.Changes) > 3 {
			t.Fatalf("page %d: %+v", pages, p)
		}
		got = append(got, p.Changes...)
		if p.Next == "" {
			break
		}
		since = p.Next
	}
	if len(got) != len(all) || pages != (len(all)+2)/3 {
		t.Fatalf("%d changes in %d pages, want %d", len(got), pages, len(all))
	}
	for i := range all {
		if string(all[i].Key) != string(got[i].Key) || all[i].Kind != got[i].Kind {
			t.Fatalf("change %d: %+v, want %+v", i, got[i], all[i])
		}
	}
	// The pages after the first come from the cache: each release's
	// tables are read once.
	if counted.files != 10 {
		t.Errorf("%d release files read over %d pages, want 10 (5 of each release, once)", counted.files, pages)
	}
	if p, err := release.Feed(ctx, s, "2026.2", 0, nil); err != nil || len(p.Changes) != 0 || p.Next != "" {
		t.Fatalf("since the latest: %+v, %v", p, err)
	}
	for since, code := range map[string]string{"2025.9": reckon.ENOTFOUND, "a b": reckon.EINVALID, "2026.1~2026.2~999": reckon.EINVALID, "2026.1~2027.1~0": reckon.ENOTFOUND} {
		if _, err := release.Feed(ctx, s, since, 0, &cache); reckon.ErrorCode(err) != code {
			t.Errorf("since %q: %v, want %s", since, err, code)
		}
	}
}

// countingStore counts the release files read.
type countingStore struct {
	reckon.ReleaseStore
	files int
}

func (c *countingStore) ReleaseFile(ctx context.Context, release, file string) (*reckon.ReleaseFile, error) {
	c.files++
	return c.ReleaseStore.ReleaseFile(ctx, release, file)
}
