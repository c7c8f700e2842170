package release

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/reckonhq/reckon"
)

// KeyFile is the name of the release key in a workspace folder.
const KeyFile = "release.key"

// LoadKey reads the ed25519 release key of the PEM file at path. When
// there is no file and create is true, it makes a new key and writes it
// there with mode 0600 (created is then true); the write fails rather
// than overwrite a file that appeared meanwhile.
func LoadKey(path string, create bool) (key ed25519.PrivateKey, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, false, fmt.Errorf("make release key: %w", err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, false, fmt.Errorf("make release key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("write release key: %w", err)
		}
		if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
			f.Close()
			return nil, false, fmt.Errorf("write release key %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return nil, false, fmt.Errorf("write release key %s: %w", path, err)
		}
		return key, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read release key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, false, reckon.Errorf(reckon.EINVALID, "release key %s: not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, false, reckon.Errorf(reckon.EINVALID, "release key %s: %v", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, false, reckon.Errorf(reckon.EINVALID, "release key %s: not an ed25519 key", path)
	}
	return key, false, nil
}

// PublicKeyString writes a public key as manifests and stores hold it:
// "ed25519:" and the key in standard base64.
func PublicKeyString(pub ed25519.PublicKey) string {
	return "ed25519:" + base64.StdEncoding.EncodeToString(pub)
}

// ParsePublicKey reads what PublicKeyString writes.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b64, ok := strings.CutPrefix(s, "ed25519:")
	if !ok {
		return nil, reckon.Errorf(reckon.EINVALID, "public key %s: want ed25519:BASE64", reckon.Quote(s))
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, reckon.Errorf(reckon.EINVALID, "public key %s: not an ed25519 key in base64", reckon.Quote(s))
	}
	return ed25519.PublicKey(b), nil
}

// LoadPublicKey reads the ed25519 public key of a PEM file holding the
// release key or only its public half ("PUBLIC KEY", PKIX).
func LoadPublicKey(path string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read trusted key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk != nil && blk.Type == "PUBLIC KEY" {
		k, err := x509.ParsePKIXPublicKey(blk.Bytes)
		if pub, ok := k.(ed25519.PublicKey); err == nil && ok {
			return pub, nil
		}
		return nil, reckon.Errorf(reckon.EINVALID, "trusted key %s: not an ed25519 public key", path)
	}
	k, _, err := LoadKey(path, false)
	if err != nil {
		return nil, err
	}
	return k.Public().(ed25519.PublicKey), nil
}
