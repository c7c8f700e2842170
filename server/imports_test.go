package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/server"
)

// TestImportHashPrivate: the SHA-256 of an imported file, which covers
// its sensitive columns and embargoed rows and can be matched by trying
// guesses on a small file, never reaches those who may not see the
// file's values (anonymous readers, viewers, a read-only server), on any
// route; analysts and up see it, and importing the same file again is
// still refused as a repeat (issue 11, item 4).
func TestImportHashPrivate(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
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
	file := "record_id,family_name,given_name,relative_phone\nf1,Kim,Chol,+850 2 1234\n"
	sum := sha256.Sum256([]byte(file))
	hash := hex.EncodeToString(sum[:])
	s := server.New(st, server.Options{Auth: true})
	post := func(role reckon.Role) (int, string) {
		req := httptest.NewRequest("POST", "/api/v1/imports?list=families&sensitive=relative_phone", strings.NewReader(file))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+tokens[role])
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w.Code, w.Body.String()
	}
	if code, body := post(reckon.RoleAnalyst); code != http.StatusCreated || !strings.Contains(body, hash) {
		t.Fatalf("import as analyst: %d %s", code, body)
	}
	// Idempotence still works for analysts: the same file is a repeat.
	if code, body := post(reckon.RoleAnalyst); code != http.StatusOK || !strings.Contains(body, "already imported") {
		t.Fatalf("the same file again: %d %s", code, body)
	}

	// Every documented GET without a path parameter, its CSV form, and
	// the pages that list imports.
	_, body := do(t, s, "GET", "/api/v1/openapi.json", nil)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", "/records", "/lists", "/persons", "/sources"}
	for p, ops := range doc.Paths {
		if _, ok := ops["get"]; ok && !strings.Contains(p, "{") {
			paths = append(paths, p, p+"?format=csv")
		}
	}
	readOnly := server.New(st, server.Options{ReadOnly: true})
	for _, p := range paths {
		for _, rd := range []struct {
			name  string
			h     http.Handler
			token string
		}{{"anonymous", s, ""}, {"viewer", s, tokens[reckon.RoleViewer]}, {"read-only server", readOnly, ""}} {
			code, body := getAs(t, rd.h, p, rd.token)
			if strings.Contains(body, hash) {
				t.Errorf("GET %s as %s (%d): the file's hash is shown", p, rd.name, code)
			}
		}
	}
	for _, p := range []string{"/api/v1/imports", "/api/v1/imports.csv", "/api/v1/imports.json"} {
		for _, role := range []reckon.Role{reckon.RoleAnalyst, reckon.RoleReviewer, reckon.RoleAdmin} {
			if code, body := getAs(t, s, p, tokens[role]); code != 200 || !strings.Contains(body, hash) {
				t.Errorf("GET %s as %s: %d, the hash is missing:\n%s", p, role, code, body)
			}
		}
		// The public answer still lists the import, without a hash.
		if code, body := getAs(t, s, p, ""); code != 200 || !strings.Contains(body, "families") || strings.Contains(body, `"hash"`) {
			t.Errorf("GET %s as anonymous: %d\n%s", p, code, body)
		}
	}
}
