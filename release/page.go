package release

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/reckonhq/reckon"
)

// Cursor is a position in the change feed between two releases: the
// next change to give is the one at Offset of [Changes] from From to To.
// It is written FROM~TO~OFFSET ("2026.1~2026.2~500"); "~" is in no
// release's name.
type Cursor struct {
	From, To string
	Offset   int
}

func (c Cursor) String() string { return c.From + "~" + c.To + "~" + strconv.Itoa(c.Offset) }

// ParseCursor reads what Cursor.String writes. A text without "~" is no
// cursor (ok false): it names a release.
func ParseCursor(s string) (c Cursor, ok bool, err error) {
	if !strings.Contains(s, "~") {
		return Cursor{}, false, nil
	}
	bad := reckon.Errorf(reckon.EINVALID, "cursor %s: want FROM~TO~OFFSET as the feed's next gives it, or a release name", reckon.Quote(s))
	parts := strings.Split(s, "~")
	if len(parts) != 3 || reckon.CheckReleaseName(parts[0]) != nil || reckon.CheckReleaseName(parts[1]) != nil {
		return Cursor{}, true, bad
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 0 || parts[2] != strconv.Itoa(n) {
		return Cursor{}, true, bad
	}
	return Cursor{From: parts[0], To: parts[1], Offset: n}, true, nil
}

// Page is one page of the change feed.
type Page struct {
	From    string   `json:"from"` // the release the changes start from
	To      string   `json:"to"`   // the release they lead to
	Changes []Change `json:"changes"`
	// Next is the cursor of the next page, "" on the last: then ask
	// again later with since=To for what later releases change.
	Next string `json:"next,omitempty"`
}

// MaxPage caps the changes of one page.
const MaxPage = 1000

// FeedCache keeps the changes between pairs of releases that [Feed]
// computed, so that paging through a feed reads the two releases once:
// releases never change, so neither do their changes. It holds the
// latest few pairs. The zero FeedCache is ready to use and safe for
// concurrent use; a nil *FeedCache keeps nothing.
type FeedCache struct {
	mu    sync.Mutex
	pairs []cachedPair // most recently used last
}

type cachedPair struct {
	from, to string
	changes  []Change
}

// feedCachePairs is how many pairs of releases a FeedCache holds.
const feedCachePairs = 4

func (c *FeedCache) get(from, to string) []Change {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.pairs {
		if p.from == from && p.to == to {
			c.pairs = append(append(c.pairs[:i:i], c.pairs[i+1:]...), p)
			return p.changes
		}
	}
	return nil
}

func (c *FeedCache) put(from, to string, changes []Change) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pairs) == feedCachePairs {
		c.pairs = c.pairs[1:]
	}
	c.pairs = append(c.pairs, cachedPair{from, to, changes})
}

// Feed returns a page of at most limit changes (MaxPage when limit is
// not in 1..MaxPage) after since: a release's name, for the changes
// from it to the latest release, or a cursor a page gave as Next. A
// since that is the latest release gives no change. cache, when not
// nil, keeps the changes between calls.
func Feed(ctx context.Context, s reckon.ReleaseStore, since string, limit int, cache *FeedCache) (*Page, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	c, isCursor, err := ParseCursor(since)
	if err != nil {
		return nil, err
	}
	if !isCursor {
		if err := reckon.CheckReleaseName(since); err != nil {
			return nil, reckon.Errorf(reckon.EINVALID, "since %s: want a release name or the cursor a page gave as next", reckon.Quote(since))
		}
		rels, err := s.Releases(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := s.Release(ctx, since); err != nil {
			return nil, err
		}
		c = Cursor{From: since, To: rels[len(rels)-1].Name}
	}
	page := &Page{From: c.From, To: c.To, Changes: []Change{}}
	if c.From == c.To {
		return page, nil
	}
	all := cache.get(c.From, c.To)
	if all == nil {
		a, err := ReadTables(ctx, s, c.From)
		if err != nil {
			return nil, err
		}
		b, err := ReadTables(ctx, s, c.To)
		if err != nil {
			return nil, err
		}
		if all, err = Changes(a, b); err != nil {
			return nil, err
		}
		if all == nil {
			all = []Change{}
		}
		cache.put(c.From, c.To, all)
	}
	if c.Offset > len(all) {
		return nil, reckon.Errorf(reckon.EINVALID, "cursor %s: past the end of the feed (%d changes)", reckon.Quote(c.String()), len(all))
	}
	end := min(c.Offset+limit, len(all))
	page.Changes = all[c.Offset:end]
	if end < len(all) {
		page.Next = Cursor{From: c.From, To: c.To, Offset: end}.String()
	}
	return page, nil
}
