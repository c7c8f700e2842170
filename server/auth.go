package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
)

// Error codes of authentication and authorization.
const (
	codeUnauthenticated = "unauthenticated"
	codeForbidden       = "forbidden"
	codeTooMany         = "too_many_requests"
)

func init() {
	statusOf[codeUnauthenticated] = http.StatusUnauthorized
	statusOf[codeForbidden] = http.StatusForbidden
	statusOf[codeTooMany] = http.StatusTooManyRequests
}

// sessionCookie names the cookie of a signed-in browser.
const sessionCookie = "reckon_session"

// sessionTTL is how long a sign-in lasts.
const sessionTTL = 12 * time.Hour

// may reports whether role may use a route that needs need: an admin may
// do everything; otherwise the roles must match; "" needs nothing.
func may(role, need reckon.Role) bool {
	return need == "" || role == reckon.RoleAdmin || role == need
}

type userKey struct{}

// seesPersonal says whether a request may see personal data whole: with
// sign-in, a signed-in analyst, reviewer or admin; without, anyone unless
// the server is read-only, the way a workspace is published.
func (s *Server) seesPersonal(r *http.Request) bool {
	if !s.opt.Auth {
		return !s.opt.ReadOnly
	}
	u := authUser(r)
	return u != nil && u.Role != reckon.RoleViewer && slices.Contains(reckon.Roles, u.Role)
}

// personalDenied is the error for a request that may not see the
// personal data a route shows.
func (s *Server) personalDenied(r *http.Request) error {
	if s.opt.Auth && authUser(r) == nil {
		return &reckon.Error{Code: codeUnauthenticated, Message: "this shows personal data: sign in first (or send an API token)"}
	}
	return &reckon.Error{Code: codeForbidden, Message: "this shows personal data, which your role may not see"}
}

// authUser returns the signed-in user of a request, or nil.
func authUser(r *http.Request) *reckon.User {
	u, _ := r.Context().Value(userKey{}).(*reckon.User)
	return u
}

// authenticate finds who makes the request: an API token in
// "Authorization: Bearer …", else a signed session cookie. A token that
// does not check is an error; a bad or expired cookie is ignored.
func (s *Server) authenticate(r *http.Request) (*reckon.User, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || !strings.HasPrefix(secret, auth.TokenPrefix) {
			return nil, &reckon.Error{Code: codeUnauthenticated, Message: "Authorization: want 'Bearer rk_…' with an API token"}
		}
		_, u, err := s.store.TokenUser(r.Context(), auth.TokenHash(secret))
		if reckon.ErrorCode(err) == reckon.ENOTFOUND {
			return nil, &reckon.Error{Code: codeUnauthenticated, Message: "unknown or revoked API token"}
		}
		return u, err
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, nil
	}
	name, gen, ok := s.sessions.verify(c.Value, s.now())
	if !ok {
		return nil, nil
	}
	u, err := s.store.UserByName(r.Context(), name)
	if reckon.ErrorCode(err) == reckon.ENOTFOUND || (err == nil && (u.Disabled || u.SessionGen != gen)) {
		// A session of an earlier generation was ended: by signing out,
		// a change of password or role, or an admin.
		return nil, nil
	}
	return u, err
}

// sessions signs and checks session cookies with a key that lives as
// long as the server (Options.SessionKey, or a random one). A cookie
// names a user, the user's session generation when it was issued
// (reckon.User.SessionGen) and its expiry; it is good until it expires
// or the generation moves on.
type sessions struct{ key []byte }

func newSessions(key []byte) sessions {
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			panic(err) // crypto/rand does not fail on supported systems
		}
	}
	return sessions{key: key}
}

func (ss sessions) sign(payload string) string {
	m := hmac.New(sha256.New, ss.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// issue returns a cookie value naming user, at session generation gen,
// until the expiry.
func (ss sessions) issue(name string, gen int64, until time.Time) string {
	payload := base64.RawURLEncoding.EncodeToString([]byte(name)) + "." + strconv.FormatInt(gen, 10) + "." + strconv.FormatInt(until.Unix(), 10)
	return payload + "." + ss.sign(payload)
}

// verify returns the user and session generation a cookie value names,
// if its signature checks and it has not expired.
func (ss sessions) verify(v string, now time.Time) (name string, gen int64, ok bool) {
	i := strings.LastIndexByte(v, '.')
	if i < 0 || !hmac.Equal([]byte(v[i+1:]), []byte(ss.sign(v[:i]))) {
		return "", 0, false
	}
	parts := strings.Split(v[:i], ".")
	if len(parts) != 3 {
		return "", 0, false
	}
	gen, gerr := strconv.ParseInt(parts[1], 10, 64)
	exp, eerr := strconv.ParseInt(parts[2], 10, 64)
	if gerr != nil || eerr != nil || now.Unix() > exp {
		return "", 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return "", 0, false
	}
	return string(b), gen, true
}

// limiter counts attempts per key (a client address, an account name)
// over a sliding window: at most max in every. It forgets keys that were
// quiet for a window, and keeps at most maxLimiterKeys (see forget), so
// that made-up keys cannot grow it without bound.
type limiter struct {
	mu    sync.Mutex
	seen  map[string][]time.Time
	max   int
	every time.Duration
}

// maxLimiterKeys caps the keys a limiter keeps.
const maxLimiterKeys = 10000

// take counts an attempt for key at now and reports whether it is
// allowed: fewer than max counted in the window before now. A refused
// attempt is not counted. Counting as it allows, take lets no burst of
// concurrent attempts past the limit.
func (l *limiter) take(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]time.Time{}
	}
	recent := l.seen[key][:0]
	for _, t := range l.seen[key] {
		if now.Sub(t) < l.every {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.seen[key] = recent
		return false
	}
	l.seen[key] = append(recent, now)
	if len(l.seen) > maxLimiterKeys {
		l.forget(now)
	}
	return true
}

// give takes back an attempt that take counted at the time at: one
// that succeeded.
func (l *limiter) give(key string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ts := l.seen[key]
	if i := slices.Index(ts, at); i >= 0 {
		ts = slices.Delete(ts, i, i+1)
	}
	if len(ts) == 0 {
		delete(l.seen, key)
	} else {
		l.seen[key] = ts
	}
}

// forget drops the keys quiet for a window and, if that is not enough,
// half of the rest: those with the fewest attempts first, the quietest
// among equals, so that a flood of made-up keys does not unlock the
// keys that reached the limit.
func (l *limiter) forget(now time.Time) {
	for k, ts := range l.seen {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.every {
			delete(l.seen, k)
		}
	}
	if len(l.seen) <= maxLimiterKeys/2 {
		return
	}
	keys := slices.Collect(maps.Keys(l.seen))
	slices.SortFunc(keys, func(a, b string) int {
		ta, tb := l.seen[a], l.seen[b]
		if c := len(ta) - len(tb); c != 0 {
			return c
		}
		return ta[len(ta)-1].Compare(tb[len(tb)-1])
	})
	for _, k := range keys[:len(keys)-maxLimiterKeys/2] {
		delete(l.seen, k)
	}
}

// signinLimits limits failed sign-ins per client address, so that one
// client cannot try many passwords, and per account name, so that many
// clients together cannot try many passwords of one account. A locked
// address or account locks nobody else. Names that belong to nobody are
// counted alike, so that the limit does not tell which names exist.
type signinLimits struct {
	addr    limiter
	account limiter
}

func newSigninLimits() signinLimits {
	return signinLimits{
		addr:    limiter{max: 5, every: time.Minute},
		account: limiter{max: 10, every: 15 * time.Minute},
	}
}

// accountKey is the key of an account name in signinLimits: the name,
// cut to a length no user name exceeds.
func accountKey(name string) string {
	if len(name) > 128 {
		return name[:128]
	}
	return name
}

// clientAddr returns the address of the client of r: the peer, unless
// the peer is one of Options.TrustedProxies; then the rightmost address
// of X-Forwarded-For that is not a trusted proxy, since each proxy
// appends the address it got the request from and everything left of
// what the nearest untrusted hop sent may be forged. An entry that is no
// address ends the walk at the last proxy's address.
func (s *Server) clientAddr(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		host, _, herr := net.SplitHostPort(r.RemoteAddr)
		if herr != nil {
			return r.RemoteAddr
		}
		return host
	}
	client := peer.Addr().Unmap().WithZone("")
	if !s.trustedProxy(client) {
		return client.String()
	}
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		entries := strings.Split(hops[i], ",")
		for j := len(entries) - 1; j >= 0; j-- {
			a, ok := forwardedAddr(strings.TrimSpace(entries[j]))
			if !ok {
				return client.String()
			}
			client = a
			if !s.trustedProxy(a) {
				return a.String()
			}
		}
	}
	return client.String()
}

// forwardedAddr parses an entry of X-Forwarded-For: an address, perhaps
// with a port.
func forwardedAddr(v string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(v); err == nil {
		return a.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

// trustedProxy says whether a is one of Options.TrustedProxies.
func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.opt.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// loginPage shows the sign-in form.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "login", page{Title: "Sign in", Body: loginView{Next: safeNext(r.URL.Query().Get("next"))}})
}

type loginView struct {
	Next, Name, Error string
	// Draft is a form sent before signing in, sent again after it.
	Draft *draft
}

// safeNext returns next when it is a path on this server, however a
// browser reads it, and "/" otherwise (see sameOriginPath).
func safeNext(next string) string {
	if sameOriginPath(next) {
		return next
	}
	return "/"
}

// maxNext caps the length of a redirect target.
const maxNext = 2048

// sameOriginPath reports whether s is a path on this server, with an
// optional query and fragment, that no reading of it turns into another
// origin. A browser parsing a URL (the URL Standard's basic URL parser)
// first strips leading and trailing C0 controls and spaces and removes
// every tab and newline, so "/\t/evil.example" is "//evil.example"; it
// reads a backslash as a slash in http(s) URLs, so "/\evil.example" is
// too. Rather than strip them the way browsers do, sameOriginPath refuses
// every control and invisible character and every backslash, so the
// string it accepts is the one a browser reads. It refuses "//" and dot
// segments, which a redirect could collapse into "//". And it checks
// each percent-decoding of s as well (up to three), so that an encoded
// variant ("/%2F/evil.example", "/%252F…") is refused even if some later
// step decodes it.
func sameOriginPath(s string) bool {
	if len(s) > maxNext {
		return false
	}
	for range 3 {
		if !plainPath(s) {
			return false
		}
		d, err := url.PathUnescape(s)
		if err != nil {
			return false
		}
		if d == s {
			return true
		}
		s = d
	}
	return false // still encoded after three decodings: no path of ours
}

// plainPath checks one reading of a redirect target (see sameOriginPath).
func plainPath(s string) bool {
	if !utf8.ValidString(s) || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return false
	}
	for _, c := range s {
		if c == '\\' || (c != ' ' && !unicode.IsGraphic(c)) || unicode.In(c, unicode.Cf, unicode.Zl, unicode.Zp) {
			return false
		}
	}
	p, _, _ := strings.Cut(s, "?")
	p, _, _ = strings.Cut(p, "#")
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" && strings.HasPrefix(u.Path, "/")
}

// login checks a name and password, with failures limited per client
// address and per account name (signinLimits), and sets the session
// cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	v := loginView{Next: safeNext(r.PostForm.Get("next")), Name: r.PostForm.Get("name"), Draft: draftOf(r.PostForm)}
	now, addr, account := s.now(), s.clientAddr(r), accountKey(v.Name)
	if !s.logins.addr.take(addr, now) {
		return &reckon.Error{Code: codeTooMany, Message: "too many failed sign-ins from your address: wait a minute"}
	}
	if !s.logins.account.take(account, now) {
		s.log.Warn("sign-in refused: too many failures for the name", "name", account, "from", addr)
		return &reckon.Error{Code: codeTooMany, Message: "too many failed sign-ins with this name: wait a quarter of an hour, or ask an admin"}
	}
	u, err := s.store.UserByName(r.Context(), v.Name)
	ok := false
	if err == nil && !u.Disabled {
		hash, herr := s.store.PasswordHash(r.Context(), u.ID)
		ok = herr == nil && auth.CheckPassword(hash, r.PostForm.Get("password"))
	} else if err != nil && reckon.ErrorCode(err) != reckon.ENOTFOUND {
		return err
	} else {
		// The same work for an unknown name, so timing does not tell.
		auth.CheckPassword(dummyHash(), r.PostForm.Get("password"))
	}
	if !ok {
		s.log.Info("sign-in failed", "name", account, "from", addr)
		v.Error = "Wrong name or password."
		w.Header().Set("Cache-Control", "no-store")
		return s.renderStatus(w, r, http.StatusUnauthorized, "login", page{Title: "Sign in", Body: v})
	}
	// A sign-in that succeeds is no failure.
	s.logins.addr.give(addr, now)
	s.logins.account.give(account, now)
	until := s.now().Add(sessionTTL)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.sessions.issue(u.Name, u.SessionGen, until), Path: "/", Expires: until,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	s.log.Info("signed in", "user", u.Name)
	s.carryThrough(w, r, v.Draft, u.Name)
	if v.Draft != nil { // a form typed before: offer to send it now
		w.Header().Set("Cache-Control", "no-store")
		r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
		return s.render(w, r, "resume", page{Title: "Signed in", Body: resumeView{Draft: v.Draft, Next: v.Next}})
	}
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
	return nil
}

// secure says whether a request came over TLS: directly, or through a
// proxy that terminates it (Options.BehindTLS).
func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.opt.BehindTLS }

// dummyHash is checked against for unknown names; made on first use.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("not a password of anyone", auth.DefaultParams)
	return h
})

// logout ends the sessions of the signed-in user (every browser of
// theirs, since a session is its user's generation) and clears the
// cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if u := authUser(r); u != nil && r.Header.Get("Authorization") == "" {
		// Not a write route (anyone may sign out): name the actor here.
		if err := s.store.EndSessions(reckon.WithActor(r.Context(), u.Name), u.ID); err != nil {
			return err
		}
		s.log.Info("signed out", "user", u.Name)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// signInFirst sends a browser that is not signed in to the sign-in page,
// and answers anything else with err.
func (s *Server) signInFirst(w http.ResponseWriter, r *http.Request, err error) bool {
	if reckon.ErrorCode(err) != codeUnauthenticated || r.Header.Get("Authorization") != "" {
		return false
	}
	s.askSignIn(w, r)
	return true
}

// authorize attaches the request's user and checks the route's role.
func (s *Server) authorize(r *http.Request, need reckon.Role) (*http.Request, error) {
	if !s.opt.Auth {
		return r, nil
	}
	u, err := s.authenticate(r)
	if err != nil {
		return r, err
	}
	if u != nil {
		r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
	}
	switch {
	case need == "":
		return r, nil
	case u == nil:
		return r, &reckon.Error{Code: codeUnauthenticated, Message: "sign in first (or send an API token) to do this"}
	case !may(u.Role, need):
		return r, &reckon.Error{Code: codeForbidden, Message: "your role (" + string(u.Role) + ") may not do this; it needs " + string(need)}
	}
	return r, nil
}
