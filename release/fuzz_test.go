package release_test

import (
	"crypto/ed25519"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
)

func FuzzParsePublicKey(f *testing.F) {
	pub := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	for _, s := range []string{release.PublicKeyString(pub), "ed25519:", "ed25519:AAAA", "rsa:AAAA", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := release.ParsePublicKey(s)
		if err != nil {
			if reckon.ErrorCode(err) != reckon.EINVALID {
				t.Fatalf("ParsePublicKey(%q): %v is not invalid", s, err)
			}
			return
		}
		if len(k) != ed25519.PublicKeySize || release.PublicKeyString(k) != s {
			t.Fatalf("ParsePublicKey(%q) = %x, which writes %q", s, k, release.PublicKeyString(k))
		}
	})
}

// FuzzVerify: whatever the manifest and signature hold, Verify does not
// panic, and a release it passes has a manifest.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"format":"reckon-release/1","name":"x","files":[{"name":"a.csv","sha256":"00","size":1}]}`), []byte("AAAA\n"), []byte("a"))
	f.Add([]byte(`{}`), []byte(""), []byte(""))
	f.Add([]byte(`{"format":"reckon-release/1","public_key":"ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`), []byte("=="), []byte{0xff})
	f.Fuzz(func(t *testing.T, manifest, sig, file []byte) {
		m, probs := release.Verify(map[string][]byte{reckon.ManifestFile: manifest, reckon.SignatureFile: sig, "a.csv": file}, nil)
		if len(probs) == 0 && m == nil {
			t.Fatal("no problem and no manifest")
		}
		if len(probs) == 0 {
			t.Fatalf("a forged release verifies: %s", manifest)
		}
	})
}
