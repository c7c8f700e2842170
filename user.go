package reckon

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

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
	RoleTracer   Role = "tracer"
)

// Roles lists every valid Role.
var Roles = []Role{RoleViewer, RoleAnalyst, RoleReviewer, RoleTracer, RoleAdmin}

// ParseRole returns the role named s, or an EINVALID error.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown role %s (want viewer, analyst, reviewer, tracer or admin)", Quote(s))
}

// User is a person who signs in to a shared server. Names are unique,
// and no two look alike (see ConfusableUserNames).
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// SessionGen counts how often the user's sessions were ended: by a
	// change of password, role or disabled flag, by signing out, or by an
	// admin. A session carries the generation it was issued at and stops
	// working once this moves on. Stores set it; it is never shown.
	SessionGen int64 `json:"-"`
}

// Validate reports the first invalid field of u as an EINVALID error.
func (u *User) Validate() error {
	if u.Name == "" || len(u.Name) > 100 {
		return Errorf(EINVALID, "user name must be 1 to 100 bytes")
	}
	if !utf8.ValidString(u.Name) {
		return Errorf(EINVALID, "user name %s: not UTF-8", Quote(u.Name))
	}
	for _, c := range u.Name {
		// Spaces, format characters (zero-width joiners, direction
		// marks) and other invisible characters would let two names
		// that print alike differ.
		if c <= ' ' || c == '/' || c == ':' || unicode.IsSpace(c) || !unicode.IsGraphic(c) || unicode.In(c, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point) {
			return Errorf(EINVALID, "user name %s: no spaces, slashes, colons, control or invisible characters", Quote(u.Name))
		}
	}
	_, err := ParseRole(string(u.Role))
	return err
}

// RemovesAdmin reports whether changing a user from before to after takes
// away an enabled admin: a store refuses such a change when no other
// enabled admin remains.
func RemovesAdmin(before, after *User) bool {
	return before.Role == RoleAdmin && !before.Disabled && (after.Role != RoleAdmin || after.Disabled)
}

// CheckNewUserName says whether a new user name may stand beside an
// existing one, have: an error of code conflict when it is the same name
// or looks like it (ConfusableUserNames). Both stores call it on every
// existing name inside the transaction that creates the user.
func CheckNewUserName(have, name string) error {
	if have == name {
		return Errorf(ECONFLICT, "user %s exists already", Quote(name))
	}
	if ConfusableUserNames(have, name) {
		return Errorf(ECONFLICT, "user name %s looks like the existing user %s: choose a name that cannot pass for another", Quote(name), Quote(have))
	}
	return nil
}

// ConfusableUserNames reports whether two user names would pass for each
// other in a list of users, an audit log or a sign-in form: "uadmin"
// beside "UADMIN", "ｕａｄｍｉｎ" (full width), "uаdmin" (a Cyrillic а),
// "uadmın" (a dotless i) or "uädmin". Stores refuse a new name that is
// confusable with an existing one.
//
// It follows the idea of the skeleton of Unicode Technical Standard #39
// (Unicode Security Mechanisms, section 4, Confusable Detection): two
// strings are confusable when they map to the same skeleton. Here a name
// has two skeletons and two names are confusable when either pair is
// equal:
//
//   - folded: compatibility normalisation (NFKC, so full-width and other
//     compatibility forms become their plain letters), case folding,
//     marks and invisible characters dropped, then each lower-case
//     letter of Cyrillic, Greek or Latin that prints like a Latin letter
//     replaced by that letter ([lookAlike]);
//   - shaped: the same, but the letters are replaced before case
//     folding, so that capitals that print alike (Cyrillic В and Latin
//     B, Latin I and l) meet even when their lower-case forms differ.
//
// Finally "rn", "vv" and "cl" become "m", "w" and "d". The table of
// look-alikes is ours, written for Latin, Cyrillic and Greek, and
// smaller than the standard's data: names in other scripts are compared
// after normalisation and case folding only.
func ConfusableUserNames(a, b string) bool {
	if a == b {
		return true
	}
	fa, sa := userNameSkeletons(a)
	fb, sb := userNameSkeletons(b)
	return fa == fb || sa == sb
}

// userNameSkeletons returns the folded and the shaped skeleton of name
// (see ConfusableUserNames).
func userNameSkeletons(name string) (folded, shaped string) {
	fold := cases.Fold() // a Caser keeps state: one per call
	plain := norm.NFKC.String(name)
	folded = skeletonLetters(fold.String(plain), nil)
	shaped = skeletonLetters(fold.String(skeletonLetters(plain, capitalLookAlike)), nil)
	return folded, shaped
}

// skeletonLetters decomposes s (NFD), drops its marks and invisible
// characters, and replaces each letter found in extra, then in
// lookAlike, by the Latin letter it prints like.
func skeletonLetters(s string, extra map[rune]rune) string {
	var b strings.Builder
	for _, c := range norm.NFD.String(s) {
		if unicode.In(c, unicode.Mn, unicode.Me, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point) {
			continue
		}
		if l, ok := extra[c]; ok {
			c = l
		} else if l, ok := lookAlike[c]; ok {
			c = l
		}
		b.WriteRune(c)
	}
	return lookAlikePairs.Replace(b.String())
}

// lookAlike maps lower-case letters (and digits and signs) that print
// like a lower-case Latin letter in common fonts to that letter. Letters
// with a stroke, which do not decompose, are here too.
var lookAlike = map[rune]rune{
	// Cyrillic
	'а': 'a', 'е': 'e', 'г': 'r', 'һ': 'h', 'і': 'i', 'ј': 'j', 'к': 'k',
	'ӏ': 'l', 'о': 'o', 'р': 'p', 'ԛ': 'q', 'с': 'c', 'ѕ': 's', 'у': 'y',
	'ү': 'y', 'ԝ': 'w', 'х': 'x', 'ԁ': 'd', 'ɡ': 'g',
	// Greek
	'α': 'a', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v',
	'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w', 'ϲ': 'c',
	'ϳ': 'j',
	// Latin, digits and signs
	'ı': 'i', 'ɩ': 'i', 'ɑ': 'a', 'ł': 'l', 'đ': 'd', 'ħ': 'h', 'ø': 'o',
	'ŧ': 't', 'ƀ': 'b', '0': 'o', '1': 'l', '|': 'l',
}

// capitalLookAlike maps capitals that print like a Latin capital (or,
// for I, like a lower-case l) to it; used before case folding.
var capitalLookAlike = map[rune]rune{
	// Cyrillic
	'А': 'A', 'В': 'B', 'Е': 'E', 'Һ': 'H', 'І': 'l', 'Ӏ': 'l', 'Ј': 'J',
	'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'Ԛ': 'Q', 'С': 'C',
	'Ѕ': 'S', 'Т': 'T', 'У': 'Y', 'Ү': 'Y', 'Ԝ': 'W', 'Х': 'X',
	// Greek
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'l', 'Κ': 'K',
	'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	// Latin
	'I': 'l',
}

// lookAlikePairs replaces pairs of Latin letters that print like one.
var lookAlikePairs = strings.NewReplacer("rn", "m", "vv", "w", "cl", "d")

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
