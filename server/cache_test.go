package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// TestFreshness checks what the caches promise: a change made by another
// process shows after at most ResponseTTL (answers) or CacheTTL (the
// overview), and a change made through the server shows at once.
func TestFreshness(t *testing.T) {
	f := newFixture(t)
	var mu sync.Mutex
	now := epoch.Add(time.Hour)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s, _ := newServer(t, f.st, server.Options{Now: clock, ResponseTTL: time.Second, CacheTTL: 2 * time.Second})
	ctx := context.Background()
	id := f.claims[2].ID // Thousands missing [2000, 9999], extracted
	claimURL, listURL := "/api/v1/claims/3", "/api/v1/claims?status=extracted"
	if id != 3 {
		t.Fatalf("fixture claim %d, want 3", id)
	}
	has := func(path, want string) bool {
		t.Helper()
		res, body := do(t, s, "GET", path, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return strings.Contains(body, want)
	}
	if !has(claimURL, `"status":"extracted"`) || !has(listURL, `"claim_id":3,`) || !has("/", "12 to 2,000–9,999 (Thousands)") {
		t.Fatal("fixture state")
	}

	// Another process rejects the claim.
	if _, err := f.st.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionReject, By: "cli", Why: "dup"}, nil); err != nil {
		t.Fatal(err)
	}
	if !has(claimURL, `"status":"extracted"`) || !has(listURL, `"claim_id":3,`) {
		t.Error("an answer was not kept for ResponseTTL")
	}
	advance(1500 * time.Millisecond)
	if !has(claimURL, `"status":"rejected"`) || has(listURL, `"claim_id":3,`) {
		t.Error("an answer older than ResponseTTL was served")
	}
	if !has("/", "12 to 2,000–9,999 (Thousands)") {
		t.Error("the overview was not kept for CacheTTL")
	}
	advance(time.Second)
	if !has("/", `<span class="range">12</span>`) { // the rejected claim gave 2,000–9,999
		t.Error("an overview older than CacheTTL was served")
	}

	// A review through the server shows at once, everywhere.
	res, _ := do(t, s, "POST", "/api/v1/claims/3/review", strings.NewReader(`{"action":"confirm"}`), "Content-Type", "application/json")
	if res.StatusCode != http.StatusOK {
		t.Fatal(res.Status)
	}
	if !has(claimURL, `"status":"confirmed"`) || !has("/", "12 to 2,000–9,999 (Thousands)") || !has("/claims/3", "<strong>tester</strong> confirmed") {
		t.Error("a review through the server did not show at once")
	}

	// Without caches, every answer is fresh.
	s, _ = newServer(t, f.st, server.Options{Now: clock, ResponseTTL: -1, CacheTTL: -1})
	has(claimURL, `"status":"confirmed"`)
	if _, err := f.st.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionReject, By: "cli", Why: "dup"}, nil); err != nil {
		t.Fatal(err)
	}
	if !has(claimURL, `"status":"rejected"`) || !has("/", `<span class="range">12</span>`) {
		t.Error("with caching off, a stale answer was served")
	}
}

// TestConcurrent reads every kind of page and answer from many
// goroutines while reviews are written, for the race detector; every
// answer is complete.
func TestConcurrent(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{ResponseTTL: time.Millisecond, CacheTTL: time.Millisecond, Now: time.Now})
	paths := []string{"/", "/claims", "/claims/1", "/documents/1", "/sources", "/sources/1", "/records", "/api/v1/claims", "/api/v1/claims/3", "/api/v1/records?limit=2"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				p := paths[(g+i)%len(paths)]
				res, body := do(t, s, "GET", p, nil)
				if res.StatusCode != http.StatusOK || !(strings.HasSuffix(body, "</html>\n") || strings.HasSuffix(body, "}\n")) {
					t.Errorf("GET %s: %d, %d bytes", p, res.StatusCode, len(body))
					return
				}
			}
		}()
	}
	for i := range 20 {
		action := `{"action":"confirm"}`
		if i%2 == 1 {
			action = `{"action":"reject","why":"test"}`
		}
		if res, body := do(t, s, "POST", "/api/v1/claims/3/review", strings.NewReader(action), "Content-Type", "application/json"); res.StatusCode != http.StatusOK {
			t.Fatalf("review %d: %d %s", i, res.StatusCode, body)
		}
	}
	wg.Wait()
	revs, _ := f.st.Reviews(context.Background(), 3)
	if len(revs) != 20 {
		t.Errorf("%d reviews stored, want 20", len(revs))
	}
}
