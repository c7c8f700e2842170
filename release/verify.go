package release

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/reckonhq/reckon"
)

// Problem is one way a release's files fail to check.
type Problem struct {
	File string `json:"file"`
	What string `json:"what"` // edited, added, removed, signature, manifest, key
	Note string `json:"note"`
}

func (p Problem) String() string { return p.File + ": " + p.What + ": " + p.Note }

// Verify checks a release's files, by name: manifest.json must be
// signed by manifest.sig with the key it names and, when trusted is not
// nil, with that key; every file the manifest names must be there with
// its size and SHA-256 (else "removed" or "edited"), and there must be
// no other file (else "added"). It returns the manifest, when it reads,
// and the problems found, by file name; none means the release checks.
func Verify(files map[string][]byte, trusted ed25519.PublicKey) (*Manifest, []Problem) {
	var probs []Problem
	bad := func(file, what, format string, args ...any) {
		probs = append(probs, Problem{File: file, What: what, Note: fmt.Sprintf(format, args...)})
	}
	mb, ok := files[reckon.ManifestFile]
	if !ok {
		bad(reckon.ManifestFile, "removed", "the manifest is missing: nothing can be checked")
		return nil, probs
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(mb))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil || m.Format != Format {
		bad(reckon.ManifestFile, "manifest", "not a manifest of format %s (%v)", Format, err)
		return nil, probs
	}
	pub, err := ParsePublicKey(m.PublicKey)
	switch {
	case err != nil:
		bad(reckon.ManifestFile, "key", "%s", reckon.ErrorMessage(err))
	case trusted != nil && !pub.Equal(trusted):
		bad(reckon.ManifestFile, "key", "signed with %s, not the trusted key %s", m.PublicKey, PublicKeyString(trusted))
	}
	if sb, ok := files[reckon.SignatureFile]; !ok {
		bad(reckon.SignatureFile, "removed", "the signature is missing")
	} else if sig, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(sb))); err != nil || pub == nil || !ed25519.Verify(pub, mb, sig) {
		bad(reckon.SignatureFile, "signature", "the signature does not match manifest.json: the manifest was edited or signed with another key")
	}
	named := map[string]bool{reckon.ManifestFile: true, reckon.SignatureFile: true}
	for _, f := range m.Files {
		named[f.Name] = true
		b, ok := files[f.Name]
		switch {
		case !ok:
			bad(f.Name, "removed", "named by the manifest, not among the files")
		case int64(len(b)) != f.Size || reckon.FileHash(b) != f.SHA256:
			bad(f.Name, "edited", "%d bytes of SHA-256 %s, the manifest says %d bytes of %s", len(b), reckon.FileHash(b), f.Size, f.SHA256)
		}
	}
	for name := range files {
		if !named[name] {
			bad(name, "added", "not named by the manifest")
		}
	}
	slices.SortFunc(probs, func(a, b Problem) int {
		if a.File != b.File {
			if a.File < b.File {
				return -1
			}
			return 1
		}
		return 0
	})
	return &m, probs
}

// Citation is the line to cite a release by: its title, name and date,
// where to fetch it (url, when not "") and the hash of its manifest,
// which names every byte of it.
func Citation(title string, r *reckon.Release, url string) string {
	if title == "" {
		title = "reckon workspace"
	}
	s := fmt.Sprintf("%s, release %s (%s)", title, r.Name, r.CreatedAt.UTC().Format("2006-01-02"))
	if url != "" {
		s += ", " + url
	}
	return s + ", manifest SHA-256 " + r.ManifestHash + "."
}
