package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/sqlite"
)

// TestWithdrawErasesFile: after a withdrawal, the requester's contact is
// in none of the workspace's files, not in the database's free space
// nor in its write-ahead log, even while the store stays open.
func TestWithdrawErasesFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "reckon.db")
	s, err := sqlite.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const email, phone = "erase.me.please@example.org", "+82-10-9999-4321"
	r := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"김철수"}}, Contact: reckon.Contact{Email: email, Phone: phone}, Consent: true}
	if err := s.CreateTraceRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	scan := func() []string {
		t.Helper()
		var found []string
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{email, phone} {
				if bytes.Contains(b, []byte(secret)) {
					found = append(found, e.Name()+": "+secret)
				}
			}
		}
		return found
	}
	if len(scan()) == 0 {
		t.Fatal("the contact is in no file before the withdrawal: the test would prove nothing")
	}
	if err := s.WithdrawTraceRequest(ctx, r.ID, "asked by phone"); err != nil {
		t.Fatal(err)
	}
	if found := scan(); len(found) > 0 {
		t.Errorf("after the withdrawal the workspace's files hold %v", found)
	}
}
