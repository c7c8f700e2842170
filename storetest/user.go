package storetest

import (
	"context"
	"strings"
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
