package server

import (
	"context"
	"crypto/tls"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/sqlite"
)

// authFixture is a store with a claim, linked records and one user (with
// a token) per role.
func authFixture(t *testing.T) (*sqlite.Store, map[reckon.Role]string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src := &reckon.Source{Name: "Yonhap", Kind: reckon.KindMedia}
	if err := st.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	text := "Officials said at least 300 soldiers were killed."
	i := strings.Index(text, "at least 300")
	chunks := func(yield func(reckon.Chunk, error) bool) {
		yield(reckon.Chunk{Text: text, Claims: []reckon.Claim{{Measure: reckon.Killed, Qualifier: reckon.AtLeast, Interval: reckon.From(300),
			Span: "at least 300", Start: i, End: i + 12}}}, nil)
	}
	if _, err := st.AddDocument(ctx, &reckon.Document{SourceID: src.ID}, iter.Seq2[reckon.Chunk, error](chunks)); err != nil {
		t.Fatal(err)
	}
	recs := func(yield func(*reckon.Record, error) bool) {
		for _, r := range []*reckon.Record{{RecordID: "a", List: "kcna", Name: "리철수"}, {RecordID: "b", List: "docs", Name: "Ли Чхоль Су"}} {
			if !yield(r, nil) {
				return
			}
		}
	}
	if _, err := st.ImportRecords(ctx, &reckon.Import{Hash: "h"}, iter.Seq2[*reckon.Record, error](recs)); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{1}, {2}}, []reckon.Match{{A: 1, B: 2, Weight: 1, Probability: 0.5}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveEstimate(ctx, &reckon.Estimate{Measure: reckon.Killed, Method: "minimum", Observed: 2, NHat: 2, Lower: 2, Upper: 2, Input: "a,b,count\n0,1,1\n1,0,1\n1,1,0\n"}); err != nil {
		t.Fatal(err)
	}
	tokens := map[reckon.Role]string{}
	for _, role := range reckon.Roles {
		u := &reckon.User{Name: string(role) + "-user", Role: role}
		if err := st.CreateUser(ctx, u, "$argon2id$unused"); err != nil {
			t.Fatal(err)
		}
		secret, hash, _ := auth.NewToken()
		if err := st.CreateToken(ctx, &reckon.Token{UserID: u.ID, Name: "test"}, hash); err != nil {
			t.Fatal(err)
		}
		tokens[role] = secret
	}
	return st, tokens
}

// TestAuthorizationMatrix tries every route as every role and as nobody,
// with Auth on, and checks who gets past authorization: reading is
// public; each change needs its role; an admin may do everything.
func TestAuthorizationMatrix(t *testing.T) {
	st, tokens := authFixture(t)
	s := New(st, Options{Auth: true})
	identities := append([]reckon.Role{""}, reckon.Roles...)
	for _, rt := range s.routes {
		if rt.path == "/login" {
			continue // its 401 answers a wrong password, not a missing role (TestLogin)
		}
		path := strings.NewReplacer("{$}", "", "{id}", "1", "{name}", "admin-user", "{list}", "kcna", "{record}", "a").Replace(rt.path)
		for _, who := range identities {
			var body string
			if rt.method == http.MethodPost {
				body = `{}`
			}
			req := httptest.NewRequest(rt.method, path, strings.NewReader(body))
			if rt.api {
				req.Header.Set("Content-Type", "application/json")
			} else if rt.method == http.MethodPost {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if who != "" {
				req.Header.Set("Authorization", "Bearer "+tokens[who])
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			// A page sends a browser that is not signed in to sign in.
			toLogin := !rt.api && w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/login")
			denied := w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden || toLogin
			want := rt.role != "" && !may(who, rt.role)
			if who == "" && rt.role != "" {
				want = true
			}
			if rt.personal && (who == "" || who == reckon.RoleViewer) {
				want = true // the review queue shows personal data whole
			}
			if denied != want {
				t.Errorf("%s %s as %q: status %d, want denied=%v (route needs %q)", rt.method, path, who, w.Code, want, rt.role)
			}
			if want && who == "" && (rt.role != "" || rt.personal) && w.Code != http.StatusUnauthorized && !toLogin {
				t.Errorf("%s %s anonymously: status %d, want 401", rt.method, path, w.Code)
			}
		}
	}
	// A bad token is refused outright, even for reading.
	req := httptest.NewRequest("GET", "/api/v1/claims", nil)
	req.Header.Set("Authorization", "Bearer rk_forged")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != http.StatusUnauthorized {
		t.Errorf("forged token: status %d", w.Code)
	}
}

// TestLogin signs in with a password, uses the session, is rate-limited
// and signs out.
func TestLogin(t *testing.T) {
	st, _ := authFixture(t)
	ctx := context.Background()
	hash, err := auth.HashPassword("a long enough passphrase", auth.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	u := &reckon.User{Name: "ana", Role: reckon.RoleAnalyst}
	if err := st.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	s := New(st, Options{Auth: true})
	post := func(path, form string, cookie *http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", path, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = "192.0.2.1:1234"
		if cookie != nil {
			req.AddCookie(cookie)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w
	}
	// Not signed in, a form post gets the sign-in form, which carries
	// what was sent (issue 15).
	if w := post("/claims/1/review", "action=confirm", nil); !askedToSignIn(w, "/claims/1/review") {
		t.Fatalf("review while signed out: %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := post("/login", "name=ana&password=wrong", nil); w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "Wrong name or password") {
		t.Fatalf("wrong password: %d", w.Code)
	}
	w := post("/login", "name=ana&password=a+long+enough+passphrase&next=/claims/1", nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/claims/1" {
		t.Fatalf("sign in: %d %s", w.Code, w.Header().Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over plain HTTP", cookie)
	}
	if w.Header().Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS over plain HTTP")
	}
	if w := post("/claims/1/review", "action=confirm", cookie); w.Code != http.StatusSeeOther || strings.HasPrefix(w.Header().Get("Location"), "/login") {
		t.Fatalf("review signed in: %d %s", w.Code, w.Header().Get("Location"))
	}
	c, _ := st.Claim(ctx, 1)
	if c.ReviewedBy != "ana" {
		t.Errorf("review recorded as %q, want the signed-in user", c.ReviewedBy)
	}
	// A forged cookie is no session.
	forged := &http.Cookie{Name: sessionCookie, Value: cookie.Value[:len(cookie.Value)-2] + "xx"}
	if w := post("/claims/1/review", "action=confirm", forged); !askedToSignIn(w, "/claims/1/review") {
		t.Fatalf("forged cookie: %d", w.Code)
	}
	// Five failed attempts a minute per address, then 429; a sign-in
	// that succeeds does not count.
	for range 4 {
		post("/login", "name=ana&password=wrong", nil)
	}
	if w := post("/login", "name=ana&password=a+long+enough+passphrase", nil); w.Code != http.StatusTooManyRequests {
		t.Fatalf("attempt after five failures in a minute: %d, want 429", w.Code)
	}
	if w := post("/logout", "", cookie); w.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", w.Code)
	}
}

// TestSecureCookies: behind a proxy that terminates TLS (or over TLS),
// the session cookie is Secure and browsers are told to keep to HTTPS.
func TestSecureCookies(t *testing.T) {
	st, _ := authFixture(t)
	ctx := context.Background()
	hash, err := auth.HashPassword("a long enough passphrase", auth.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(ctx, &reckon.User{Name: "ana", Role: reckon.RoleAnalyst}, hash); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		opt    Options
		tls    bool
		secure bool
	}{
		{"plain", Options{Auth: true}, false, false},
		{"behind a TLS proxy", Options{Auth: true, BehindTLS: true}, false, true},
		{"TLS", Options{Auth: true}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(st, tc.opt)
			req := httptest.NewRequest("POST", "/login", strings.NewReader("name=ana&password=a+long+enough+passphrase"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.tls {
				req.TLS = &tls.ConnectionState{}
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			cookies := w.Result().Cookies()
			if w.Code != http.StatusSeeOther || len(cookies) != 1 {
				t.Fatalf("sign in: %d, cookies %v", w.Code, cookies)
			}
			if cookies[0].Secure != tc.secure {
				t.Errorf("cookie Secure = %v, want %v", cookies[0].Secure, tc.secure)
			}
			if hsts := w.Header().Get("Strict-Transport-Security") != ""; hsts != tc.secure {
				t.Errorf("HSTS = %v, want %v", hsts, tc.secure)
			}
		})
	}
}

// TestSessionsEnd: a session cookie stops working when the password, role
// or disabled flag of its user changes, when its user signs out, and when
// an admin ends the user's sessions; signing in again works (issue 11,
// item 8).
func TestSessionsEnd(t *testing.T) {
	st, tokens := authFixture(t)
	ctx := context.Background()
	hash, err := auth.HashPassword("a long enough passphrase", auth.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	ana := &reckon.User{Name: "ana", Role: reckon.RoleAnalyst}
	if err := st.CreateUser(ctx, ana, hash); err != nil {
		t.Fatal(err)
	}
	asAdmin := func(s *Server, body string) {
		t.Helper()
		req := httptest.NewRequest("POST", "/api/v1/users/ana", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[reckon.RoleAdmin])
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("POST /api/v1/users/ana %s: %d %s", body, w.Code, w.Body)
		}
	}
	restore := func() {
		t.Helper()
		u, err := st.UserByName(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		u.Role, u.Disabled = reckon.RoleAnalyst, false
		if err := st.UpdateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		end  func(s *Server, cookie *http.Cookie)
	}{
		{"sign out", func(s *Server, cookie *http.Cookie) {
			w := postForm(s, "/logout", "", cookie)
			if w.Code != http.StatusSeeOther {
				t.Fatalf("sign out: %d", w.Code)
			}
			evs, err := st.Events(ctx, reckon.EventFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if e := evs[len(evs)-1]; e.Action != "user.end_sessions" || e.Actor != "ana" {
				t.Errorf("last event %s by %q, want user.end_sessions by ana", e.Action, e.Actor)
			}
		}},
		{"password changed by an admin", func(s *Server, _ *http.Cookie) {
			asAdmin(s, `{"password": "another long passphrase"}`)
		}},
		{"role changed by an admin", func(s *Server, _ *http.Cookie) { asAdmin(s, `{"role": "viewer"}`) }},
		{"disabled and enabled again", func(s *Server, _ *http.Cookie) {
			asAdmin(s, `{"disabled": true}`)
			asAdmin(s, `{"disabled": false}`)
		}},
		{"password changed on the command line", func(_ *Server, _ *http.Cookie) {
			u, _ := st.UserByName(ctx, "ana")
			h2, _ := auth.HashPassword("another long passphrase", auth.Params{Memory: 64, Time: 1, Threads: 1})
			if err := st.UpdateUser(ctx, u, h2); err != nil {
				t.Fatal(err)
			}
		}},
		{"sessions ended by an admin", func(_ *Server, _ *http.Cookie) {
			if err := st.EndSessions(ctx, ana.ID); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			restore()
			s := New(st, Options{Auth: true})
			cookie := signIn(t, s, "ana", "a long enough passphrase")
			if got := sessionUser(t, s, cookie); got != "ana" {
				t.Fatalf("fresh session is of %q, want ana", got)
			}
			tc.end(s, cookie)
			if got := sessionUser(t, s, cookie); got != "" {
				t.Errorf("after %s the old cookie still signs in %q", tc.name, got)
			}
			// A write with the old cookie goes to the sign-in page.
			if w := postForm(s, "/claims/1/review", "action=confirm", cookie); !askedToSignIn(w, "/claims/1/review") {
				t.Errorf("review with the old cookie: %d %s", w.Code, w.Header().Get("Location"))
			}
			restore()
			if got := sessionUser(t, s, signIn(t, s, "ana", "a long enough passphrase")); got != "ana" {
				t.Errorf("signing in again: session of %q", got)
			}
		})
	}
}

// postForm posts a form to s from one client address.
func postForm(s *Server, path, form string, cookie *http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "192.0.2.1:1234"
	if cookie != nil {
		req.AddCookie(cookie)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

// signIn signs in to s and returns the session cookie.
func signIn(t *testing.T, s *Server, name, password string) *http.Cookie {
	t.Helper()
	w := postForm(s, "/login", url.Values{"name": {name}, "password": {password}}.Encode(), nil)
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			return c
		}
	}
	t.Fatalf("sign in as %s: %d, no session cookie", name, w.Code)
	return nil
}

// sessionUser returns the name of the user a session cookie signs in,
// or "".
func sessionUser(t *testing.T, s *Server, cookie *http.Cookie) string {
	t.Helper()
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(cookie)
	u, err := s.authenticate(req)
	if err != nil {
		t.Fatal(err)
	}
	if u == nil {
		return ""
	}
	return u.Name
}

// TestSafeNext: a redirect target after sign-in stays on this server
// however a browser reads it. A browser parsing a URL (the URL Standard)
// first strips leading and trailing C0 controls and spaces and removes
// every tab and newline, and reads a backslash as a slash in http(s)
// URLs; "//host" and "/\host" then name another host (issue 11, item 7).
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct {
		name, next string
		ok         bool
	}{
		{"root", "/", true},
		{"a page", "/claims/1", true},
		{"a fragment", "/claims/1#history", true},
		{"a query", "/persons?q=Kim+Il&list=kcna", true},
		{"an encoded query", "/persons?q=%EB%A6%AC%EC%B2%A0%EC%88%98", true},
		{"Hangul", "/persons?q=리철수", true},
		{"a space inside", "/persons?q=Kim Il", true},

		{"empty", "", false},
		{"relative", "claims/1", false},
		{"scheme-relative", "//evil.example/x", false},
		{"absolute", "https://evil.example/x", false},
		{"scheme without slashes", "http:evil.example", false},
		{"javascript", "javascript:alert(1)", false},
		{"data", "data:text/html,<script>alert(1)</script>", false},
		{"tab between slashes (the issue)", "/\t/evil.example/x", false},
		{"newline between slashes", "/\n/evil.example/x", false},
		{"carriage return between slashes", "/\r/evil.example/x", false},
		{"leading tab", "\t//evil.example/x", false},
		{"leading space", " //evil.example/x", false},
		{"leading NUL", "\x00//evil.example/x", false},
		{"leading C0 control", "\x1f//evil.example/x", false},
		{"trailing control", "/claims/1\x00", false},
		{"DEL", "/\x7f/evil.example", false},
		{"slash backslash", "/\\evil.example/x", false},
		{"backslash slash", "\\/evil.example/x", false},
		{"two backslashes", "\\\\evil.example/x", false},
		{"backslash inside", "/a\\b", false},
		{"tab then backslash", "/\t\\evil.example", false},
		{"encoded tab (the issue, undecoded)", "/%09/evil.example/x", false},
		{"encoded slash", "/%2F/evil.example/x", false},
		{"encoded slash, lower case", "/%2f/evil.example/x", false},
		{"encoded backslash", "/%5Cevil.example/x", false},
		{"double-encoded slash", "/%252F/evil.example/x", false},
		{"encoded scheme-relative", "%2F%2Fevil.example", false},
		{"dot segments", "/..//evil.example", false},
		{"dot segment", "/./claims", false},
		{"encoded dot segments", "/%2e%2e//evil.example", false},
		{"bad escape", "/claims/%zz", false},
		{"zero-width space", "/\u200b/evil.example", false},
		{"line separator", "/\u2028/evil.example", false},
		{"invalid UTF-8", "/\xff/evil.example", false},
		{"too long", "/" + strings.Repeat("a", 4096), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := safeNext(tc.next)
			want := "/"
			if tc.ok {
				want = tc.next
			}
			if got != want {
				t.Errorf("safeNext(%.80q) = %.80q, want %q", tc.next, got, want)
			}
			if !staysOn(got, "reckon.local") {
				t.Errorf("safeNext(%.80q) = %.80q leaves the server", tc.next, got)
			}
		})
	}
}

// browserClean does to s what a browser does before it parses a URL:
// strip leading and trailing C0 controls and spaces, remove tabs and
// newlines, and read backslashes as slashes (URL Standard, basic URL
// parser, for the special schemes http and https).
func browserClean(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	return strings.ReplaceAll(s, `\`, "/")
}

// staysOn reports whether target, resolved against http://host/ as a
// browser would, and also once decoded, names a page of host.
func staysOn(target, host string) bool {
	base := &url.URL{Scheme: "http", Host: host, Path: "/"}
	for _, v := range []string{target, must(url.PathUnescape(target))} {
		u, err := base.Parse(browserClean(v))
		if err != nil || u.Scheme != "http" || u.Host != host || u.User != nil {
			return false
		}
	}
	return true
}

func must(s string, err error) string {
	if err != nil {
		return "/"
	}
	return s
}

// FuzzSafeNext: whatever safeNext returns is "/" or its input, and
// stays on the server when a browser resolves it, decoded or not.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/claims/1#history", "/\t/evil.example/x", "//evil.example", "/\\evil.example",
		"\\\\evil.example", "https://evil.example", "/%2F/evil.example", "/%252F%252Fevil.example", " /x", "/..//evil.example",
		"/persons?q=리철수", "javascript:alert(1)", "\x00/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: want the input or /", next, got)
		}
		if !staysOn(got, "reckon.local") {
			t.Fatalf("safeNext(%q) = %q leaves the server", next, got)
		}
	})
}

// TestClientAddr: the client of a request is its peer, unless the peer
// is a trusted proxy; then it is the rightmost address in
// X-Forwarded-For that is not a trusted proxy (issue 11, item 9).
func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"no proxy", nil, "192.0.2.1:1234", nil, "192.0.2.1"},
		{"header without a trusted proxy", nil, "10.0.0.1:1234", []string{"203.0.113.9"}, "10.0.0.1"},
		{"header from a peer that is no proxy", proxies, "192.0.2.1:1234", []string{"203.0.113.9"}, "192.0.2.1"},
		{"one proxy", proxies, "10.0.0.1:1234", []string{"203.0.113.9"}, "203.0.113.9"},
		{"a forged entry left of the client", proxies, "10.0.0.1:1234", []string{"198.51.100.7, 203.0.113.9"}, "203.0.113.9"},
		{"two proxies", proxies, "10.0.0.1:1234", []string{"198.51.100.7, 203.0.113.9, 10.0.0.5"}, "203.0.113.9"},
		{"two header lines", proxies, "10.0.0.1:1234", []string{"198.51.100.7", "203.0.113.9, 10.0.0.5"}, "203.0.113.9"},
		{"no header", proxies, "10.0.0.1:1234", nil, "10.0.0.1"},
		{"only proxies", proxies, "10.0.0.1:1234", []string{"10.0.0.7, 10.0.0.5"}, "10.0.0.7"},
		{"garbage from the client", proxies, "10.0.0.1:1234", []string{"unknown"}, "10.0.0.1"},
		{"garbage left of the client", proxies, "10.0.0.1:1234", []string{"unknown, 203.0.113.9"}, "203.0.113.9"},
		{"an entry with a port", proxies, "10.0.0.1:1234", []string{"203.0.113.9:5555"}, "203.0.113.9"},
		{"IPv6", proxies, "[2001:db8:1::2]:443", []string{"2001:db8:2::9"}, "2001:db8:2::9"},
		{"IPv6 with a port", proxies, "[2001:db8:1::2]:443", []string{"[2001:db8:2::9]:443"}, "2001:db8:2::9"},
		{"IPv4 in IPv6", proxies, "[::ffff:10.0.0.1]:80", []string{"203.0.113.9"}, "203.0.113.9"},
		{"spaces", proxies, "10.0.0.1:1234", []string{" 203.0.113.9 ,10.0.0.5 "}, "203.0.113.9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Server{opt: Options{TrustedProxies: tc.trusted}}
			req := httptest.NewRequest("POST", "/login", nil)
			req.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if got := s.clientAddr(req); got != tc.want {
				t.Errorf("clientAddr = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSignInLimits: behind a trusted proxy each client has its own
// limit; failed sign-ins are limited per account too, so that spraying
// one account from many addresses stops, and a locked account does not
// lock out the others (issue 11, item 9).
func TestSignInLimits(t *testing.T) {
	st, _ := authFixture(t)
	ctx := context.Background()
	hash, err := auth.HashPassword("a long enough passphrase", auth.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ana", "ben"} {
		if err := st.CreateUser(ctx, &reckon.User{Name: name, Role: reckon.RoleAnalyst}, hash); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	s := New(st, Options{Auth: true, BehindTLS: true, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32")},
		Now: func() time.Time { return now }})
	try := func(peer, client, name, password string) int {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"name": {name}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = peer
		if client != "" {
			req.Header.Set("X-Forwarded-For", client)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w.Code
	}
	const good = "a long enough passphrase"
	// One client through the proxy fails five times and is stopped;
	// another client through the same proxy signs in.
	for i := range 5 {
		if code := try("10.0.0.1:1", "203.0.113.1", "ana", "wrong"); code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, code)
		}
	}
	if code := try("10.0.0.1:1", "203.0.113.1", "ben", good); code != http.StatusTooManyRequests {
		t.Errorf("sixth attempt of one client: %d, want 429", code)
	}
	if code := try("10.0.0.1:2", "203.0.113.2", "ben", good); code != http.StatusSeeOther {
		t.Errorf("another client behind the same proxy: %d, want 303", code)
	}
	// The header of a peer that is no trusted proxy does not choose the
	// limit it falls under.
	for i := range 5 {
		try("192.0.2.50:1", fmt.Sprintf("198.51.100.%d", i), "nobody", "wrong")
	}
	if code := try("192.0.2.50:1", "198.51.100.99", "ben", good); code != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For escaped the limit: %d, want 429", code)
	}
	// Spraying one account from many addresses: after ten failures in
	// a quarter of an hour the account is locked, even with the right
	// password; other accounts are not, nor are the addresses.
	for i := range 5 { // ana failed five times above
		if code := try(fmt.Sprintf("192.0.2.%d:1", 100+i), "", "ana", "wrong"); code != http.StatusUnauthorized {
			t.Fatalf("spray %d: %d", i, code)
		}
	}
	if code := try("192.0.2.200:1", "", "ana", good); code != http.StatusTooManyRequests {
		t.Errorf("ana after ten failures from many addresses: %d, want 429", code)
	}
	if code := try("192.0.2.100:1", "", "ben", good); code != http.StatusSeeOther {
		t.Errorf("ben from an address that sprayed ana once: %d, want 303", code)
	}
	// An unknown name is limited alike, so the limit does not tell
	// which names exist.
	for i := range 10 {
		try(fmt.Sprintf("192.0.2.%d:1", 10+i), "", "nobody-at-all", "wrong")
	}
	if code := try("192.0.2.30:1", "", "nobody-at-all", "wrong"); code != http.StatusTooManyRequests {
		t.Errorf("unknown name after ten failures: %d, want 429", code)
	}
	// Successful sign-ins do not count.
	for i := range 12 {
		if code := try("192.0.2.40:1", "", "ben", good); code != http.StatusSeeOther {
			t.Fatalf("sign-in %d of ben: %d", i+1, code)
		}
	}
	// After a quarter of an hour the account may be tried again.
	now = now.Add(15*time.Minute + time.Second)
	if code := try("192.0.2.200:1", "", "ana", good); code != http.StatusSeeOther {
		t.Errorf("ana a quarter of an hour later: %d, want 303", code)
	}
}

// TestAddUserLookAlike: the API refuses a user name that passes for an
// existing one (issue 11, item 11; the rule is the store's, see
// storetest).
func TestAddUserLookAlike(t *testing.T) {
	st, tokens := authFixture(t)
	s := New(st, Options{Auth: true})
	add := func(name string) int {
		req := httptest.NewRequest("POST", "/api/v1/users", strings.NewReader(`{"name": "`+name+`", "role": "viewer", "password": "a long enough passphrase"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[reckon.RoleAdmin])
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w.Code
	}
	if code := add("uadmin"); code != http.StatusCreated {
		t.Fatalf("add uadmin: %d", code)
	}
	for _, name := range []string{"u\u0430dmin", "UADMIN", "\uff55\uff41\uff44\uff4d\uff49\uff4e", "ADMIN-USER"} {
		if code := add(name); code != http.StatusConflict {
			t.Errorf("add %q: %d, want 409", name, code)
		}
	}
}

// FuzzClientAddr: the client address is the peer's, or an entry of
// X-Forwarded-For when the peer is a trusted proxy; it is a trusted proxy
// only when every hop the walk saw was one.
func FuzzClientAddr(f *testing.F) {
	for _, s := range [][2]string{{"10.0.0.1:1", "203.0.113.9"}, {"10.0.0.1:1", "198.51.100.7, 203.0.113.9, 10.0.0.5"},
		{"192.0.2.1:1", "203.0.113.9"}, {"[::ffff:10.0.0.1]:80", "[2001:db8::1]:443, unknown"}, {"bogus", ",,,"}} {
		f.Add(s[0], s[1])
	}
	trusted := netip.MustParsePrefix("10.0.0.0/8")
	s := &Server{opt: Options{TrustedProxies: []netip.Prefix{trusted}}}
	f.Fuzz(func(t *testing.T, peer, xff string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = peer
		req.Header.Set("X-Forwarded-For", xff)
		got := s.clientAddr(req)
		ap, err := netip.ParseAddrPort(peer)
		if err != nil {
			return // not an address a listener gives
		}
		p := ap.Addr().Unmap().WithZone("")
		if !trusted.Contains(p) {
			if got != p.String() {
				t.Fatalf("untrusted peer %q with %q: client %q", peer, xff, got)
			}
			return
		}
		var hops []netip.Addr // right to left, up to the first non-address
		entries := strings.Split(xff, ",")
		for j := len(entries) - 1; j >= 0; j-- {
			a, ok := forwardedAddr(strings.TrimSpace(entries[j]))
			if !ok {
				break
			}
			hops = append(hops, a)
		}
		if got == p.String() {
			if len(hops) > 0 && !trusted.Contains(hops[0]) {
				t.Fatalf("peer %q with %q: client %q, but the header names an untrusted hop", peer, xff, got)
			}
			return
		}
		a, err := netip.ParseAddr(got)
		if err != nil || !slices.Contains(hops, a) {
			t.Fatalf("peer %q with %q: client %q is not a hop of the header", peer, xff, got)
		}
		if trusted.Contains(a) && slices.ContainsFunc(hops, func(h netip.Addr) bool { return !trusted.Contains(h) }) {
			t.Fatalf("peer %q with %q: client %q is a proxy though an untrusted hop is named", peer, xff, got)
		}
	})
}

// TestLimiter: max attempts per window, a given-back attempt is free
// again, the window slides, and a flood of new keys neither grows the
// limiter without bound nor unlocks a key at its limit.
func TestLimiter(t *testing.T) {
	l := &limiter{max: 3, every: time.Minute}
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for i := range 3 {
		if !l.take("a", t0.Add(time.Duration(i)*time.Second)) {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if l.take("a", t0.Add(3*time.Second)) {
		t.Fatal("fourth attempt in a minute allowed")
	}
	l.give("a", t0.Add(2*time.Second))
	if !l.take("a", t0.Add(4*time.Second)) {
		t.Fatal("attempt after one was given back refused")
	}
	if l.take("a", t0.Add(59*time.Second)) {
		t.Fatal("attempt inside the window allowed")
	}
	if !l.take("a", t0.Add(61*time.Second)) {
		t.Fatal("attempt after the first left the window refused")
	}
	for i := range 3 {
		l.take("locked", t0.Add(61*time.Second+time.Duration(i)*time.Millisecond))
	}
	for i := range 3 * maxLimiterKeys {
		l.take(fmt.Sprint("flood-", i), t0.Add(62*time.Second))
	}
	if n := len(l.seen); n > maxLimiterKeys {
		t.Errorf("%d keys kept, want at most %d", n, maxLimiterKeys)
	}
	if l.take("locked", t0.Add(62*time.Second)) {
		t.Error("a flood of new keys unlocked a key at its limit")
	}
}

// askedToSignIn says whether w answers a form sent to action without a
// session with the sign-in form that carries it.
func askedToSignIn(w *httptest.ResponseRecorder, action string) bool {
	body := w.Body.String()
	return w.Code == http.StatusUnauthorized && strings.Contains(body, `<form method="post" action="/login">`) &&
		strings.Contains(body, `name="draft_action" value="`+action+`"`)
}
