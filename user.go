package reckon

import "time"

// Role says what a user may do. Each role may do what the ones before it
// may, except that analysts and reviewers have separate powers:
//
//   - viewer: read what is public (personal data redacted)
//   - analyst: add and review sources, documents, claims and records
//   - reviewer: decide whether records are the same person
//   - admin: everything, including users and settings
type Role string

// The roles.
const (
	RoleViewer   Role = "viewer"
	RoleAnalyst  Role = "analyst"
	RoleReviewer Role = "reviewer"
	RoleAdmin    Role = "admin"
)

// Roles lists every valid Role.
var Roles = []Role{RoleViewer, RoleAnalyst, RoleReviewer, RoleAdmin}

// ParseRole returns the role named s, or an EINVALID error.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown role %s (want viewer, analyst, reviewer or admin)", Quote(s))
}

// User is a person who signs in to a shared server. Names are unique.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate reports the first invalid field of u as an EINVALID error.
func (u *User) Validate() error {
	if u.Name == "" || len(u.Name) > 100 {
		return Errorf(EINVALID, "user name must be 1 to 100 bytes")
	}
	for _, c := range u.Name {
		if c <= ' ' || c == '/' || c == ':' {
			return Errorf(EINVALID, "user name %s: no spaces, slashes, colons or control characters", Quote(u.Name))
		}
	}
	_, err := ParseRole(string(u.Role))
	return err
}

// Token is an API token of a user, for scripts. Only a hash of its secret
// is stored; the secret is shown once, when the token is made.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}
