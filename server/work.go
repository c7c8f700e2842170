package server

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// The work pages: every task of an analyst, reviewer or admin as a page
// of plain HTML forms, for those who do not use a terminal. Each form
// posts to a page route with the role the task needs (see workRoutes);
// the API's code does the work (createSource, addDocument, importList,
// startRelinkBy, addUser, setUser), so that a page and the API never
// differ. Forms are protected against cross-site requests by the
// server's cross-origin check (see New); a form that fails is shown
// again with what was typed and the error above it.

//go:embed assets/work.css
var workCSS []byte

//go:embed assets/select.js
var selectJS []byte

// fingerprint returns a short hash of b, for asset URLs that browsers
// may keep forever.
func fingerprint(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

var selectVersion = fingerprint(selectJS)

func init() {
	templateFuncs["selectScript"] = func() string { return selectVersion }
	templateFuncs["langName"] = langName
	templateFuncs["deref"] = func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	}
}

// langName names a language of the extractor for a person.
func langName(l pipeline.Lang) string {
	switch l {
	case pipeline.LangAuto:
		return "detect"
	case pipeline.LangEnglish:
		return "English"
	case pipeline.LangKorean:
		return "Korean (한국어)"
	case pipeline.LangRussian:
		return "Russian (русский)"
	case pipeline.LangUkrainian:
		return "Ukrainian (українська)"
	}
	return string(l)
}

// workRoutes are the routes of the work pages, in the form of
// routeTable's.
func (s *Server) workRoutes() []route {
	get := func(path string, need reckon.Role, h func(http.ResponseWriter, *http.Request) error) route {
		return route{method: "GET", path: path, role: need, h: h}
	}
	post := func(path string, need reckon.Role, h func(http.ResponseWriter, *http.Request) error) route {
		return route{method: "POST", path: path, role: need, write: true, h: h}
	}
	upload := func(rt route) route { rt.upload = true; return rt }
	return []route{
		get("/assets/select.js", "", s.asset("text/javascript; charset=utf-8", selectJS, selectVersion)),
		get("/sources/new", reckon.RoleAnalyst, s.newSourcePage),
		post("/sources", reckon.RoleAnalyst, s.newSourceForm),
		get("/sources/{id}/edit", reckon.RoleAnalyst, s.editSourcePage),
		post("/sources/{id}", reckon.RoleAnalyst, s.editSourceForm),
		get("/documents/new", reckon.RoleAnalyst, s.newDocumentPage),
		upload(post("/documents", reckon.RoleAnalyst, s.newDocumentForm)),
		get("/lists/import", reckon.RoleAnalyst, s.importPage),
		upload(post("/lists/import/preview", reckon.RoleAnalyst, s.importPreview)),
		post("/lists/import", reckon.RoleAnalyst, s.importForm),
		get("/link", "", s.linkPage),
		post("/link", reckon.RoleReviewer, s.linkForm),
		get("/estimates/run", "", s.estimateRunPage),
		post("/estimates/run", reckon.RoleAnalyst, s.estimateRunForm),
		get("/users", reckon.RoleAdmin, s.usersPage),
		post("/users", reckon.RoleAdmin, s.addUserForm),
		post("/users/{name}", reckon.RoleAdmin, s.setUserForm),
		post("/users/{name}/tokens", reckon.RoleAdmin, s.addTokenForm),
		post("/users/{name}/tokens/{id}/revoke", reckon.RoleAdmin, s.revokeTokenForm),
	}
}

// asset serves an embedded file; a request naming its fingerprint may be
// kept for a year.
func (s *Server) asset(contentType string, body []byte, version string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.URL.Query().Get("v") == version {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		s.send(w, r, http.StatusOK, contentType, body)
		return nil
	}
}

// formFailed renders a form page again after err, with the status and
// message the error table gives it; errors that are not the request's
// fault go to the error page.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, name string, p page, setError func(string)) error {
	code, status, msg := s.classify(r, err)
	if status >= 500 || code == codeTooLarge {
		return err
	}
	setError(msg)
	w.Header().Set("Cache-Control", "no-store")
	return s.renderStatus(w, r, status, name, p)
}

// sourceForm is the form of a new source, as typed.
type sourceForm struct {
	sourceRequest
	Kinds  []reckon.SourceKind
	Grades []string
	Error  string
}

// gradeChoices are the Admiralty grades a form offers, A1 to F6.
func gradeChoices() []string {
	var gs []string
	for r := 'A'; r <= 'F'; r++ {
		for c := '1'; c <= '6'; c++ {
			gs = append(gs, string([]rune{r, c}))
		}
	}
	return gs
}

func (s *Server) newSourcePage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	v := &sourceForm{Kinds: reckon.SourceKinds, Grades: gradeChoices()}
	return s.render(w, r, "sourcenew", page{Title: "Add a source", Nav: "sources", Body: v})
}

func (s *Server) newSourceForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	f := r.PostForm
	v := &sourceForm{Kinds: reckon.SourceKinds, Grades: gradeChoices(), sourceRequest: sourceRequest{
		Name: strings.TrimSpace(f.Get("name")), Kind: f.Get("kind"), Grade: f.Get("grade"), URL: strings.TrimSpace(f.Get("url")), Note: strings.TrimSpace(f.Get("note"))}}
	src, err := s.createSource(r.Context(), v.sourceRequest)
	if err != nil {
		return s.formFailed(w, r, err, "sourcenew", page{Title: "Add a source", Nav: "sources", Body: v}, func(m string) { v.Error = m })
	}
	s.log.Info("source added", "source", src.ID, "by", s.user(r))
	http.Redirect(w, r, "/sources/"+strconv.FormatInt(src.ID, 10), http.StatusSeeOther)
	return nil
}

// sourceEdit is the form that grades a source again, as typed.
type sourceEdit struct {
	sourceForm
	ID int64
}

func (s *Server) editSourcePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := pageQuery(r); err != nil {
		return err
	}
	src, err := s.store.Source(r.Context(), id)
	if err != nil {
		return err
	}
	v := &sourceEdit{ID: id, sourceForm: sourceForm{Kinds: reckon.SourceKinds, Grades: gradeChoices(),
		sourceRequest: sourceRequest{Name: src.Name, Kind: string(src.Kind), Grade: src.Grade.String(), URL: src.URL, Note: src.Note}}}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "sourceedit", page{Title: "Edit " + src.Name, Nav: "sources", Body: v})
}

// editSourceForm sets a source's kind, grade, address and note.
func (s *Server) editSourceForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	ctx := r.Context()
	src, err := s.store.Source(ctx, id)
	if err != nil {
		return err
	}
	f := r.PostForm
	v := &sourceEdit{ID: id, sourceForm: sourceForm{Kinds: reckon.SourceKinds, Grades: gradeChoices(), sourceRequest: sourceRequest{
		Name: src.Name, Kind: f.Get("kind"), Grade: f.Get("grade"), URL: strings.TrimSpace(f.Get("url")), Note: strings.TrimSpace(f.Get("note"))}}}
	if err := s.updateSource(ctx, id, v.sourceRequest); err != nil {
		return s.formFailed(w, r, err, "sourceedit", page{Title: "Edit " + src.Name, Nav: "sources", Body: v}, func(m string) { v.Error = m })
	}
	s.log.Info("source changed", "source", id, "grade", v.Grade, "by", s.user(r))
	http.Redirect(w, r, "/sources/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// updateSource checks and sets the kind, grade, URL and note of source
// id (its name stays).
func (s *Server) updateSource(ctx context.Context, id int64, req sourceRequest) error {
	kind, err := reckon.ParseSourceKind(req.Kind)
	if err != nil {
		return err
	}
	grade, err := reckon.ParseGrade(req.Grade)
	if err != nil {
		return err
	}
	if err := checkURL("url", req.URL); err != nil {
		return err
	}
	if err := checkText("note", req.Note, maxNoteBytes, true); err != nil {
		return err
	}
	if err := s.store.UpdateSource(ctx, &reckon.Source{ID: id, Kind: kind, Grade: grade, URL: req.URL, Note: req.Note}); err != nil {
		return err
	}
	s.invalidateCatalog()
	return nil
}

// documentForm is the form of a new document, as typed.
type documentForm struct {
	Source, Title, Published, URL, Lang, Text string
	Sources                                   []*reckon.Source
	Langs                                     []pipeline.Lang
	Error                                     string
	// HadFile says that a file was chosen: a browser cannot be made to
	// choose it again, so the page asks for it.
	HadFile bool
	// Stage is the ID of a file kept through signing in (see carryFile),
	// Kept its name: the form sends it again until it is used.
	Stage, Kept string
}

func (s *Server) documentForm(r *http.Request, v *documentForm) error {
	srcs, err := s.store.Sources(r.Context())
	v.Sources, v.Langs = srcs, []pipeline.Lang{pipeline.LangAuto, pipeline.LangEnglish, pipeline.LangKorean, pipeline.LangRussian, pipeline.LangUkrainian}
	return err
}

func (s *Server) newDocumentPage(w http.ResponseWriter, r *http.Request) error {
	q, err := pageQuery(r, "source")
	if err != nil {
		return err
	}
	v := &documentForm{Source: q.Get("source")}
	if err := s.documentForm(r, v); err != nil {
		return err
	}
	return s.render(w, r, "documentnew", page{Title: "Add a document", Nav: "documents", Body: v})
}

// newDocumentForm adds a document from the page's form: a file or pasted
// text, with its source, title, language and date of publication.
func (s *Server) newDocumentForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || errors.As(err, new(*reckon.Error)) {
			return err
		}
		if err := r.ParseForm(); err != nil { // a form without a file
			return formError(err)
		}
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	get := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	v := &documentForm{Source: get("source"), Title: get("title"), Published: get("published"), URL: get("url"), Lang: get("lang"), Text: r.FormValue("text")}
	fail := func(err error) error {
		if ferr := s.documentForm(r, v); ferr != nil {
			return ferr
		}
		return s.formFailed(w, r, err, "documentnew", page{Title: "Add a document", Nav: "documents", Body: v}, func(m string) { v.Error = m })
	}
	p := url.Values{"source": {v.Source}, "title": {v.Title}, "published": {v.Published}, "url": {v.URL}, "lang": {v.Lang}}
	var body *strings.Reader
	var a *documentAnswer
	var err error
	file, fh, ferr := r.FormFile("file")
	switch {
	case ferr == nil && fh.Size > 0:
		defer file.Close()
		v.HadFile = true
		if strings.TrimSpace(v.Text) != "" {
			return fail(reckon.Errorf(reckon.EINVALID, "give the text as a file or pasted in the box, not both"))
		}
		p.Set("filename", fh.Filename)
		a, err = s.addDocument(r.Context(), p, uploadReader{file})
	case r.FormValue(carryField) != "":
		// A file kept through signing in (see carryFile).
		id := r.FormValue(carryField)
		st, serr := s.stage.get(id, s.user(r), s.now())
		if serr != nil {
			return fail(serr)
		}
		v.HadFile, v.Stage, v.Kept = true, id, st.name
		if strings.TrimSpace(v.Text) != "" {
			return fail(reckon.Errorf(reckon.EINVALID, "give the text as a file or pasted in the box, not both"))
		}
		f, oerr := os.Open(st.path)
		if oerr != nil {
			return oerr
		}
		defer f.Close()
		p.Set("filename", st.name)
		if a, err = s.addDocument(r.Context(), p, f); err == nil {
			s.stage.drop(id)
		}
	case strings.TrimSpace(v.Text) == "":
		return fail(reckon.Errorf(reckon.EINVALID, "no text: choose a file or paste the text in the box"))
	default:
		body = strings.NewReader(strings.ReplaceAll(v.Text, "\r\n", "\n"))
		a, err = s.addDocument(r.Context(), p, body)
	}
	if err != nil {
		return fail(err)
	}
	if a.Created {
		s.log.Info("document added", "document", a.Document.ID, "claims", a.Claims, "bytes", a.Document.Size, "by", s.user(r))
	}
	http.Redirect(w, r, "/documents/"+strconv.FormatInt(a.Document.ID, 10)+"?added="+strconv.FormatBool(a.Created), http.StatusSeeOther)
	return nil
}
