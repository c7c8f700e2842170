package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/reckonhq/reckon"
)

func testUsers(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "root")
	ana := &reckon.User{Name: "ana", Role: reckon.RoleAnalyst}
	if err := s.CreateUser(ctx, ana, "$argon2id$hash-a"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateUser(ctx, &reckon.User{Name: "ana", Role: reckon.RoleViewer}, "h"), reckon.ECONFLICT)
	wantCode(t, s.CreateUser(ctx, &reckon.User{Name: "a b", Role: reckon.RoleViewer}, "h"), reckon.EINVALID)
	wantCode(t, s.CreateUser(ctx, &reckon.User{Name: "x", Role: "god"}, "h"), reckon.EINVALID)
	got, err := s.UserByName(ctx, "ana")
	if err != nil || got.ID != ana.ID || got.Role != reckon.RoleAnalyst {
		t.Fatalf("UserByName = %+v, %v", got, err)
	}
	_, err = s.UserByName(ctx, "nobody")
	wantCode(t, err, reckon.ENOTFOUND)
	if h, err := s.PasswordHash(ctx, ana.ID); err != nil || h != "$argon2id$hash-a" {
		t.Fatalf("PasswordHash = %q, %v", h, err)
	}
	ana.Role = reckon.RoleReviewer
	if err := s.UpdateUser(ctx, ana, "$argon2id$hash-b"); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.PasswordHash(ctx, ana.ID); h != "$argon2id$hash-b" {
		t.Fatalf("password not changed: %q", h)
	}
	ana.Disabled = true
	if err := s.UpdateUser(ctx, ana, ""); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.PasswordHash(ctx, ana.ID); h != "$argon2id$hash-b" {
		t.Fatalf("an update without a hash changed the password: %q", h)
	}
	ana.Disabled = false
	s.UpdateUser(ctx, ana, "")

	tok := &reckon.Token{UserID: ana.ID, Name: "nightly export"}
	if err := s.CreateToken(ctx, tok, "secret-hash-1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateToken(ctx, &reckon.Token{UserID: 999, Name: "x"}, "secret-hash-2"), reckon.ENOTFOUND)
	wantCode(t, s.CreateToken(ctx, &reckon.Token{UserID: ana.ID}, "secret-hash-3"), reckon.EINVALID)
	tt, u, err := s.TokenUser(ctx, "secret-hash-1")
	if err != nil || tt.ID != tok.ID || u.Name != "ana" || u.Role != reckon.RoleReviewer || tt.LastUsedAt == nil {
		t.Fatalf("TokenUser = %+v, %+v, %v", tt, u, err)
	}
	_, _, err = s.TokenUser(ctx, "wrong")
	wantCode(t, err, reckon.ENOTFOUND)
	ana.Disabled = true
	s.UpdateUser(ctx, ana, "")
	_, _, err = s.TokenUser(ctx, "secret-hash-1")
	wantCode(t, err, reckon.ENOTFOUND) // a disabled user's tokens do not work
	ana.Disabled = false
	s.UpdateUser(ctx, ana, "")
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.TokenUser(ctx, "secret-hash-1")
	wantCode(t, err, reckon.ENOTFOUND)
	wantCode(t, s.RevokeToken(ctx, tok.ID), reckon.ENOTFOUND)
	ts, err := s.Tokens(ctx, ana.ID)
	if err != nil || len(ts) != 1 || ts[0].RevokedAt == nil {
		t.Fatalf("Tokens = %+v, %v", ts, err)
	}
	users, _ := s.Users(ctx)
	if len(users) != 1 {
		t.Fatalf("Users = %v", users)
	}
	// Every change is audited, and no event holds a password hash.
	evs, _ := s.Events(ctx, reckon.EventFilter{})
	for _, e := range evs {
		if e.Actor != "root" {
			t.Errorf("event %s by %q", e.Action, e.Actor)
		}
		for _, f := range []string{e.Before, e.After} {
			if len(f) > 0 && (contains(f, "hash-a") || contains(f, "hash-b") || contains(f, "secret-hash")) {
				t.Errorf("event %s holds a secret: %s", e.Action, f)
			}
		}
	}
	if c, err := s.VerifyAudit(ctx); err != nil || c.BadID != 0 {
		t.Fatalf("VerifyAudit = %+v, %v", c, err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// testSessionGen: a user's session generation moves when a password,
// role or disabled flag changes and when their sessions are ended, so
// that no session issued before outlives the change (issue 11, item 8).
func testSessionGen(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "root")
	ana := &reckon.User{Name: "ana", Role: reckon.RoleAnalyst}
	if err := s.CreateUser(ctx, ana, "$argon2id$hash-a"); err != nil {
		t.Fatal(err)
	}
	gen := func() int64 {
		t.Helper()
		u, err := s.UserByName(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		us, err := s.Users(ctx)
		if err != nil || len(us) != 1 || us[0].SessionGen != u.SessionGen {
			t.Fatalf("Users = %+v, %v: want the generation of UserByName, %d", us, err, u.SessionGen)
		}
		return u.SessionGen
	}
	g := gen()
	for _, step := range []struct {
		name   string
		change func() error
		moves  bool
	}{
		{"nothing changed", func() error { return s.UpdateUser(ctx, ana, "") }, false},
		{"password changed", func() error { return s.UpdateUser(ctx, ana, "$argon2id$hash-b") }, true},
		{"role changed", func() error { ana.Role = reckon.RoleViewer; return s.UpdateUser(ctx, ana, "") }, true},
		{"disabled", func() error { ana.Disabled = true; return s.UpdateUser(ctx, ana, "") }, true},
		{"enabled", func() error { ana.Disabled = false; return s.UpdateUser(ctx, ana, "") }, true},
		{"sessions ended", func() error { return s.EndSessions(ctx, ana.ID) }, true},
		{"sessions ended again", func() error { return s.EndSessions(ctx, ana.ID) }, true},
	} {
		if err := step.change(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := gen(); (got != g) != step.moves {
			t.Errorf("%s: generation %d -> %d, want moved=%v", step.name, g, got, step.moves)
		} else {
			g = got
		}
	}
	wantCode(t, s.EndSessions(ctx, 999), reckon.ENOTFOUND)
	// Ending sessions is audited, without secrets.
	evs, err := s.Events(ctx, reckon.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ended := 0
	for _, e := range evs {
		if e.Action == "user.end_sessions" {
			ended++
		}
	}
	if ended != 2 {
		t.Errorf("%d user.end_sessions events, want 2", ended)
	}
}

// testLastAdmin: the store refuses to demote or disable the last enabled
// admin (issue 11, item 10).
func testLastAdmin(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "root")
	a := &reckon.User{Name: "ada", Role: reckon.RoleAdmin}
	v := &reckon.User{Name: "vic", Role: reckon.RoleViewer}
	for _, u := range []*reckon.User{a, v} {
		if err := s.CreateUser(ctx, u, "h"); err != nil {
			t.Fatal(err)
		}
	}
	a.Role = reckon.RoleAnalyst
	wantCode(t, s.UpdateUser(ctx, a, ""), reckon.ECONFLICT)
	a.Role, a.Disabled = reckon.RoleAdmin, true
	wantCode(t, s.UpdateUser(ctx, a, ""), reckon.ECONFLICT)
	if u, _ := s.UserByName(ctx, "ada"); u.Role != reckon.RoleAdmin || u.Disabled {
		t.Fatalf("refused change was kept: %+v", u)
	}
	// A disabled admin does not count.
	v.Role, v.Disabled = reckon.RoleAdmin, true
	if err := s.UpdateUser(ctx, v, ""); err != nil {
		t.Fatal(err)
	}
	a.Role, a.Disabled = reckon.RoleViewer, false
	wantCode(t, s.UpdateUser(ctx, a, ""), reckon.ECONFLICT)
	// With a second enabled admin, one may step down; a password change
	// of the last admin is no demotion.
	v.Disabled = false
	if err := s.UpdateUser(ctx, v, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateUser(ctx, a, ""); err != nil {
		t.Fatalf("demoting one of two admins: %v", err)
	}
	if err := s.UpdateUser(ctx, v, "h2"); err != nil {
		t.Fatalf("changing the last admin's password: %v", err)
	}
	// Changing a user who is no admin needs no admin check.
	if err := s.UpdateUser(ctx, a, "h3"); err != nil {
		t.Fatal(err)
	}
}

// testLastAdminRace: admins demoting each other at the same moment leave
// at least one admin; the check and the change are one transaction
// (issue 11, item 10).
func testLastAdminRace(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "root")
	const n = 4
	var survivor *reckon.User
	for round := range 5 {
		admins := make([]*reckon.User, n)
		for i := range admins {
			admins[i] = &reckon.User{Name: fmt.Sprintf("admin-%d-%d", round, i), Role: reckon.RoleAdmin}
			if err := s.CreateUser(ctx, admins[i], "h"); err != nil {
				t.Fatal(err)
			}
		}
		if survivor != nil { // the last round's admin steps down
			survivor.Role = reckon.RoleViewer
			if err := s.UpdateUser(ctx, survivor, ""); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i, u := range admins {
			wg.Go(func() {
				<-start
				if i%2 == 0 {
					u.Role = reckon.RoleViewer
				} else {
					u.Disabled = true
				}
				errs[i] = s.UpdateUser(ctx, u, "")
			})
		}
		close(start)
		wg.Wait()
		refused := 0
		for _, err := range errs {
			switch reckon.ErrorCode(err) {
			case "":
			case reckon.ECONFLICT:
				refused++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		us, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var left []*reckon.User
		for _, u := range us {
			if u.Role == reckon.RoleAdmin && !u.Disabled {
				left = append(left, u)
			}
		}
		if len(left) != 1 || refused != 1 {
			t.Fatalf("round %d: %d enabled admins left and %d demotions refused, want 1 and 1", round, len(left), refused)
		}
		survivor = left[0]
	}
}

// testConfusableUserNames: a new user name that looks like an existing
// one, whatever its case, width or script, is refused (issue 11, item 11).
func testConfusableUserNames(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "root")
	for _, name := range []string{"uadmin", "lena"} {
		if err := s.CreateUser(ctx, &reckon.User{Name: name, Role: reckon.RoleAdmin}, "h"); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{
		"u\u0430dmin",                          // Cyrillic а
		"UADMIN",                               // case
		"\uff55\uff41\uff44\uff4d\uff49\uff4e", // full width
		"u\u03b1dmin",                          // Greek α
		"U\u0410DMIN",                          // Cyrillic А, upper case
		"uadm\u0456n",                          // Cyrillic і
		"uadmIn",                               // I for i
		"uadmın",                               // dotless i
		"uädmin",                               // a mark
	} {
		err := s.CreateUser(ctx, &reckon.User{Name: name, Role: reckon.RoleViewer}, "h")
		if reckon.ErrorCode(err) != reckon.ECONFLICT || !strings.Contains(err.Error(), "uadmin") {
			t.Errorf("CreateUser(%q) = %v, want a conflict naming uadmin", name, err)
		}
	}
	if err := s.CreateUser(ctx, &reckon.User{Name: "Iena", Role: reckon.RoleViewer}, "h"); reckon.ErrorCode(err) != reckon.ECONFLICT {
		t.Errorf("CreateUser(Iena) beside lena = %v, want a conflict", err) // a capital I prints like l
	}
	for _, name := range []string{"uadmin2", "admin", "ана", "리철수"} {
		if err := s.CreateUser(ctx, &reckon.User{Name: name, Role: reckon.RoleViewer}, "h"); err != nil {
			t.Errorf("CreateUser(%q) = %v, want it accepted", name, err)
		}
	}
	us, err := s.Users(ctx)
	if err != nil || len(us) != 6 {
		t.Fatalf("Users = %d, %v, want 6", len(us), err)
	}
}
