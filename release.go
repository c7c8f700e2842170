package reckon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Release is a frozen, signed copy of the public view of a workspace
// (what an anonymous reader sees through [Redact]): its persons,
// records, claims and estimates as files, with a manifest that counts
// them and names the hash of every file, signed with the workspace's
// release key (package release builds and checks them). A release never
// changes once stored; its files are kept byte for byte, so that a
// figure cited from release "2026.1" can be fetched and checked years
// later.
type Release struct {
	ID   int64  `json:"id"`
	Name string `json:"name"` // see [CheckReleaseName]
	// CreatedAt is the manifest's created_at: when the view was frozen.
	CreatedAt time.Time `json:"created_at"`
	// ManifestHash is the hex SHA-256 of the release's manifest.json: the
	// one value that names the release's whole content.
	ManifestHash string `json:"manifest_hash"`
	// PublicKey is the key that signed the manifest, as the manifest
	// gives it ("ed25519:" and the key in standard base64).
	PublicKey string `json:"public_key"`
	// Files describes every file of the release, by name.
	Files []ReleaseFile `json:"files"`
}

// ReleaseFile is one file of a release. Data is set only when a file is
// read whole ([ReleaseStore.ReleaseFile]) or stored.
type ReleaseFile struct {
	Name   string `json:"name"`   // see [CheckReleaseFileName]
	SHA256 string `json:"sha256"` // hex SHA-256 of Data, as stored
	Size   int64  `json:"size"`
	Data   []byte `json:"-"`
}

// The files every release holds besides its tables.
const (
	ManifestFile  = "manifest.json"
	SignatureFile = "manifest.sig"
)

// FileHash returns the hex SHA-256 of b, as [ReleaseFile.SHA256] holds it.
func FileHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ReleaseStore keeps releases and their files.
type ReleaseStore interface {
	// CreateRelease stores r with files, in one transaction with its
	// audit event: an error leaves nothing behind. r.Name must pass
	// [CheckReleaseName] and be new (ECONFLICT when taken); files must
	// have distinct names passing [CheckReleaseFileName] and include
	// [ManifestFile] and [SignatureFile] (EINVALID otherwise). The store
	// computes each file's SHA256 and Size from its Data, sets r.ID,
	// r.ManifestHash and r.Files (sorted by name, without data); r's
	// CreatedAt and PublicKey are kept as given.
	CreateRelease(ctx context.Context, r *Release, files []ReleaseFile) error
	// Release returns the release of that name with its files (without
	// data), or ENOTFOUND.
	Release(ctx context.Context, name string) (*Release, error)
	// Releases returns every release with its files (without data),
	// oldest first.
	Releases(ctx context.Context) ([]*Release, error)
	// ReleaseFile returns one file of a release with its data exactly as
	// stored, or ENOTFOUND for an unknown release or file.
	ReleaseFile(ctx context.Context, release, file string) (*ReleaseFile, error)
}

// CheckReleaseName checks a release's name: 1 to 64 letters, digits,
// dots, hyphens and underscores, starting with a letter or a digit, so
// that it is safe in a URL path and a file name ("2026.1",
// "2026-03-rc1").
func CheckReleaseName(name string) error {
	if !safeName(name, 64, true) {
		return Errorf(EINVALID, "release name %s: want 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit (such as 2026.1)", Quote(name))
	}
	return nil
}

// CheckReleaseFileName checks the name of a file of a release: 1 to 64
// lower-case letters, digits, dots, hyphens and underscores, starting
// with a letter or a digit.
func CheckReleaseFileName(name string) error {
	if !safeName(name, 64, false) {
		return Errorf(EINVALID, "release file name %s: want 1 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit", Quote(name))
	}
	return nil
}

func safeName(s string, max int, upper bool) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || upper && c >= 'A' && c <= 'Z'
		if !alnum && (i == 0 || c != '.' && c != '-' && c != '_') {
			return false
		}
	}
	return true
}
