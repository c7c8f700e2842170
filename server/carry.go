package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
)

// Carrying a file through sign-in. A document or record list sent from
// a page by a browser that is not (or no longer) signed in would be lost
// at the sign-in form, since a browser cannot be made to choose a file
// again. Instead the file is staged (see staging) for at most carryTTL,
// owned by a random secret that only the sending browser holds, in the
// cookie carryCookie (HttpOnly, SameSite=Strict, sent only to /login).
// The sign-in form carries the staged file's ID with the other fields of
// the form; a sign-in that presents the cookie binds the file to the user
// who signed in (still for carryTTL), and the page after it sends the
// form again with the file. A sign-in without the cookie binds nothing:
// an ID slipped into someone else's sign-in form (a link, a forged form)
// is useless, since the staged file is only handed to its owner. What
// browsers not signed in may leave on the server is capped per file,
// in number and in bytes; a file over the caps is not kept, and the
// sign-in form says so.

const (
	carryCookie   = "reckon_carry"
	carryTTL      = 15 * time.Minute
	carryMaxBytes = 32 << 20  // one file
	carryMaxFiles = 16        // kept at once for browsers not signed in
	carryBudget   = 128 << 20 // bytes kept at once for them
	carryPrefix   = "carry:"  // of the owner of a file not yet signed for
	// carryField is the form field that names a staged file: the import
	// preview's own, and the document form's.
	carryField = "stage"
)

// carryRoutes are the page forms whose file may be carried.
var carryRoutes = []string{"/documents", "/lists/import/preview"}

var (
	errCarryTooLarge = fmt.Errorf("it is larger than %d MiB, the most kept for a browser not signed in", carryMaxBytes>>20)
	errCarryFull     = errors.New("the server keeps too many files for browsers not signed in just now")
)

// carryOwner is the staging owner of the files of a browser's secret.
func carryOwner(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return carryPrefix + hex.EncodeToString(sum[:])
}

// putCarry stages body as the file name of owner for carryTTL, within
// the caps of files kept for browsers not signed in.
func (st *staging) putCarry(body io.Reader, name, owner string, now time.Time) (string, error) {
	st.expire(now)
	if n, _ := st.carried(); n >= carryMaxFiles {
		return "", errCarryFull
	}
	f, err := os.CreateTemp("", "reckon-carry-*")
	if err != nil {
		return "", err
	}
	n, err := io.Copy(f, io.LimitReader(body, carryMaxBytes+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > carryMaxBytes {
		err = errCarryTooLarge
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if files, bytes := st.carriedLocked(); files >= carryMaxFiles || bytes+n > carryBudget {
		os.Remove(f.Name())
		return "", errCarryFull
	}
	return st.keepLocked(&staged{path: f.Name(), name: name, owner: owner, until: now.Add(carryTTL), size: n}), nil
}

// carried counts the files kept for browsers not signed in, and their
// bytes.
func (st *staging) carried() (files int, bytes int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.carriedLocked()
}

// carriedLocked is carried for a caller that holds st.mu.
func (st *staging) carriedLocked() (files int, bytes int64) {
	for _, x := range st.files {
		if strings.HasPrefix(x.owner, carryPrefix) {
			files, bytes = files+1, bytes+x.size
		}
	}
	return files, bytes
}

// rebind gives the staged file id of owner from to owner to, for
// carryTTL from now, and returns its name; "" when there is no such
// file, or its time is over.
func (st *staging) rebind(id, from, to string, now time.Time) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := st.files[id]
	if !ok || f.owner != from || now.After(f.until) {
		return ""
	}
	f.owner, f.until = to, now.Add(carryTTL)
	return f.name
}

// carryFile stages the file of a page form sent without a session, for
// the draft d of that form (see readDraft): it adds the staged file's ID
// to d and sets the cookie that owns it, or says in d why it was not
// kept. files are the form's file parts.
func (s *Server) carryFile(w http.ResponseWriter, r *http.Request, d *draft, files map[string][]*multipart.FileHeader) {
	var fh *multipart.FileHeader
	for k, fhs := range files {
		for _, x := range fhs {
			if x.Size == 0 {
				continue
			}
			if fh != nil || k != "file" || !slices.Contains(carryRoutes, d.Action) {
				d.FileLost = "the form's files cannot be kept across signing in: choose them again after it"
				return
			}
			fh = x
		}
	}
	if fh == nil {
		return
	}
	d.File = fh.Filename
	if fh.Size > carryMaxBytes {
		d.FileLost = "the file " + reckon.Quote(fh.Filename) + " was not kept: " + errCarryTooLarge.Error() + "; choose it again after signing in"
		return
	}
	f, err := fh.Open()
	if err != nil {
		d.FileLost = "the file " + reckon.Quote(fh.Filename) + " could not be read: choose it again after signing in"
		return
	}
	defer f.Close()
	b := make([]byte, 32)
	rand.Read(b)
	secret := hex.EncodeToString(b)
	id, err := s.stage.putCarry(f, fh.Filename, carryOwner(secret), s.now())
	if err != nil {
		if !errors.Is(err, errCarryFull) && !errors.Is(err, errCarryTooLarge) {
			s.log.Error("carry a file through sign-in", "err", err)
		}
		d.FileLost = "the file " + reckon.Quote(fh.Filename) + " was not kept (" + reckon.ErrorMessage(err) + "): choose it again after signing in"
		return
	}
	d.Fields = slices.DeleteFunc(d.Fields, func(f draftField) bool { return f.Name == carryField })
	d.Fields = append(d.Fields, draftField{Name: carryField, Value: id})
	http.SetCookie(w, &http.Cookie{Name: carryCookie, Value: secret, Path: "/login", MaxAge: int(carryTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
}

// carryThrough binds the file carried by draft d, if its sender's cookie
// is presented, to user, who has just signed in; it clears the cookie.
func (s *Server) carryThrough(w http.ResponseWriter, r *http.Request, d *draft, user string) {
	if d != nil {
		d.File = "" // named again below if it is bound
	}
	c, err := r.Cookie(carryCookie)
	if err != nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: carryCookie, Value: "", Path: "/login", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
	if d == nil {
		return
	}
	for _, f := range d.Fields {
		if f.Name == carryField {
			if name := s.stage.rebind(f.Value, carryOwner(c.Value), user, s.now()); name != "" {
				d.File = name
			}
		}
	}
}
