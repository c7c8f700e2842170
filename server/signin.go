package server

import (
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
)

// permissions say what a request may change, so that pages show only the
// forms their reader may use: with sign-in, by the signed-in user's role
// (see may); without, everything unless the server is read-only.
type permissions struct {
	Analyst  bool // sources, documents, claims, record lists, estimates
	Reviewer bool // link decisions and link runs
	Admin    bool // users and their tokens
	Tracer   bool // tracing requests and their candidates
}

// Any says whether the request may change anything.
func (p permissions) Any() bool { return p.Analyst || p.Reviewer || p.Admin || p.Tracer }

// permissions returns what r may change.
func (s *Server) permissions(r *http.Request) permissions {
	return permissions{Analyst: s.can(r, reckon.RoleAnalyst), Reviewer: s.can(r, reckon.RoleReviewer), Admin: s.can(r, reckon.RoleAdmin),
		Tracer: s.can(r, reckon.RoleTracer)}
}

// can says whether r may use a route that needs role need, as wrap
// would decide after authorize.
func (s *Server) can(r *http.Request, need reckon.Role) bool {
	if s.opt.ReadOnly {
		return false
	}
	if !s.opt.Auth {
		return true
	}
	u := authUser(r)
	return u != nil && !u.Disabled && may(u.Role, need)
}

// herePath is where a sign-in from r's page returns: the page itself for
// a GET, the page the form was on (its Referer) for a POST.
func herePath(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return safeNext(r.URL.RequestURI())
	}
	if u, err := url.Parse(r.Referer()); err == nil && r.Referer() != "" {
		return safeNext(u.RequestURI())
	}
	return "/"
}

// draftPrefix marks, in the sign-in form, the fields of a form that was
// sent before signing in (see carryDraft).
const draftPrefix = "draft."

// maxDraftFields caps the fields a draft carries.
const maxDraftFields = 64

// draft is a form sent by someone not (or no longer) signed in: its
// target and fields, carried through the sign-in form so that nothing
// typed is lost.
type draft struct {
	Action string
	Fields []draftField
	// File is the name of the file the form sent, kept through the
	// sign-in (see carryFile) unless FileLost says why not.
	File, FileLost string
}

type draftField struct{ Name, Value string }

// Shown says whether a field is worth showing to whoever sends the draft
// again: typed text, not the hidden bookkeeping of a form.
func (f draftField) Shown() bool {
	return f.Value != "" && !slices.Contains([]string{"version", "action", "i", "a", "b", "after", "next", carryField}, f.Name)
}

// readDraft reads the form of a page POST that needs a sign-in, to a
// page of this server: a URL-encoded form, or a multipart one, whose
// file is kept through the sign-in where it may be (see carryFile).
func (s *Server) readDraft(w http.ResponseWriter, r *http.Request) *draft {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodPost || !sameOriginPath(r.URL.Path) {
		return nil
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(uploadMemory); err != nil {
			return nil
		}
		defer r.MultipartForm.RemoveAll()
	default:
		return nil
	}
	d := &draft{Action: r.URL.Path}
	for _, k := range slices.Sorted(maps.Keys(r.PostForm)) {
		for _, v := range r.PostForm[k] {
			if len(d.Fields) < maxDraftFields {
				d.Fields = append(d.Fields, draftField{Name: k, Value: v})
			}
		}
	}
	if r.MultipartForm != nil {
		s.carryFile(w, r, d, r.MultipartForm.File)
	}
	return d
}

// draftOf reads a draft carried through the sign-in form: its target in
// draft_action and its fields prefixed with draftPrefix.
func draftOf(form url.Values) *draft {
	action := form.Get("draft_action")
	if action == "" || !sameOriginPath(action) || strings.ContainsAny(action, "?#") {
		return nil
	}
	d := &draft{Action: action, File: form.Get("draft_file")}
	for _, k := range slices.Sorted(maps.Keys(form)) {
		name, ok := strings.CutPrefix(k, draftPrefix)
		if !ok || name == "" {
			continue
		}
		for _, v := range form[k] {
			if len(d.Fields) < maxDraftFields {
				d.Fields = append(d.Fields, draftField{Name: name, Value: v})
			}
		}
	}
	return d
}

// askSignIn answers a page request that needs a sign-in: a GET goes to
// the sign-in page, which returns to it; a form sent without a session
// gets the sign-in form at once, carrying what was typed, so that after
// signing in it can be sent again (see resumeView).
func (s *Server) askSignIn(w http.ResponseWriter, r *http.Request) {
	d := s.readDraft(w, r)
	if d == nil {
		next := herePath(r)
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	v := loginView{Next: herePath(r), Draft: d, Error: "Sign in to send this form; what you typed is kept."}
	if d.File != "" && d.FileLost == "" {
		v.Error = "Sign in to send this form; what you typed, and the file you chose, are kept."
	}
	s.renderStatus(w, r, http.StatusUnauthorized, "login", page{Title: "Sign in", Body: v})
}

// resumeView is the page after a sign-in that carried a draft: the
// fields typed before, to send again with one button.
type resumeView struct {
	Draft *draft
	Next  string
}
