// Package auth hashes passwords and makes API token secrets.
//
// Passwords are hashed with argon2id (RFC 9106) into the PHC string
// format, $argon2id$v=19$m=…,t=…,p=…$salt$hash, so that the parameters
// travel with the hash and can be raised later. Token secrets are 32
// random bytes: with that much entropy a plain SHA-256 of the secret is a
// safe thing to store and a fast thing to look up.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/reckonhq/reckon"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultParams are RFC 9106's second recommended option (64 MiB, 3
// passes), with the parallelism of a small server.
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 2}

// MinPassword is the shortest password accepted.
const MinPassword = 12

// HashPassword returns the PHC string of password under p, with a new
// random salt. A password shorter than MinPassword is EINVALID.
func HashPassword(password string, p Params) (string, error) {
	if len([]rune(password)) < MinPassword {
		return "", reckon.Errorf(reckon.EINVALID, "a password needs at least %d characters", MinPassword)
	}
	if len(password) > 1024 {
		return "", reckon.Errorf(reckon.EINVALID, "a password of more than 1024 bytes")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC string hash, in
// time that does not depend on where they differ. A malformed hash never
// matches.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	if p.Memory == 0 || p.Memory > 1<<18 || p.Time == 0 || p.Time > 10 || p.Threads == 0 {
		return false // refuse parameters that would stall the server
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// TokenPrefix starts every token secret, so that a leaked one is easy to
// recognise (for instance by secret scanners).
const TokenPrefix = "rk_"

// NewToken returns a new token secret and the hash to store.
func NewToken() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, TokenHash(secret), nil
}

// TokenHash is the stored form of a token secret.
func TokenHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
