package auth

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// fast keeps the tests quick; the format and the check are the same.
var fast = Params{Memory: 64, Time: 1, Threads: 1}

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	h2, _ := HashPassword("correct horse battery", fast)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tt := range []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{strings.Replace(h, "t=1", "t=2", 1), "correct horse battery", false},
		{"$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", "x", false},
		{"$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", "x", false}, // absurd cost refused
		{"garbage", "x", false},
		{"", "", false},
	} {
		if got := CheckPassword(tt.hash, tt.pw); got != tt.want {
			t.Errorf("CheckPassword(%q, %q) = %v", tt.hash, tt.pw, got)
		}
	}
	if _, err := HashPassword("short", fast); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("short password: %v", err)
	}
}

func TestToken(t *testing.T) {
	s1, h1, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	s2, _, _ := NewToken()
	if s1 == s2 || !strings.HasPrefix(s1, TokenPrefix) || len(s1) < 40 || TokenHash(s1) != h1 || len(h1) != 64 {
		t.Fatalf("tokens %q %q, hash %q", s1, s2, h1)
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("correct horse battery", fast)
	f.Add(h, "correct horse battery")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		CheckPassword(hash, pw) // must not panic or stall
	})
}
