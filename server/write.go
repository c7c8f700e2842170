package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/pipeline"
)

// The write API: analysts add sources, documents (their text) and record
// lists (CSV); reviewers start link runs; admins list and add users and
// change them. Every change is made with the acting user in its context
// (see wrap), so that the audit log names who made it, and drops the
// cached views.
//
// Input is checked at the edge, before anything is stored. Identifiers
// (the names of sources, lists, files and users) take letters and marks
// of any script, digits, spaces between words and . _ - ( ) only: no
// quotes, semicolons, angle brackets, slashes or control characters.
// Free text (titles, notes, reasons) may not hold markup (< followed by a
// letter, /, ! or ?) or control characters. URLs must be http or https.
// Stored text is still escaped wherever it is shown.

// Limits on the fields of write requests, in bytes.
const (
	maxNameBytes     = 200 // a source or list name
	maxFileNameBytes = 255
	maxUserNameBytes = 100
	maxTitleBytes    = 500
	maxNoteBytes     = 2000
	maxURLBytes      = 2000
)

// uploadMemory is how much of a multipart upload is kept in memory; the
// rest goes to a temporary file.
const uploadMemory = 8 << 20

// nameRune reports whether c may appear in an identifier: letters of any
// script, digits, spaces and the punctuation of real names ("People's
// Daily", "Al-Jazeera", "AP & Reuters, Kyiv"). Quotes are harmless to the
// stores, which bind every value; what makes an injection (; = < > : and
// the like) is refused.
func nameRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsMark(c) || unicode.IsDigit(c) || c == ' ' || strings.ContainsRune("._-()'’&,", c)
}

// checkName checks an identifier-like field: present, at most max bytes
// of UTF-8, no spaces at either end, and only the characters nameRune
// allows. The error names the field.
func checkName(field, v string, max int) error {
	switch {
	case v == "":
		return reckon.Errorf(reckon.EINVALID, "%s is required", field)
	case len(v) > max:
		return reckon.Errorf(reckon.EINVALID, "%s is longer than %d bytes", field, max)
	case !utf8.ValidString(v):
		return reckon.Errorf(reckon.EINVALID, "%s is not valid UTF-8", field)
	case strings.TrimSpace(v) != v:
		return reckon.Errorf(reckon.EINVALID, "%s may not begin or end with a space", field)
	}
	for _, c := range v {
		if !nameRune(c) {
			return reckon.Errorf(reckon.EINVALID, "%s: the character %q is not allowed (letters, digits, spaces and . _ - ( ) only)", field, c)
		}
	}
	return nil
}

// checkUserName checks a user's name: an identifier without spaces.
func checkUserName(field, v string) error {
	if err := checkName(field, v, maxUserNameBytes); err != nil {
		return err
	}
	if strings.ContainsRune(v, ' ') {
		return reckon.Errorf(reckon.EINVALID, "%s may not contain spaces", field)
	}
	return nil
}

// checkFileName checks the name of an uploaded file: a base name only.
func checkFileName(field, v string) error {
	switch {
	case strings.ContainsAny(v, `/\`):
		return reckon.Errorf(reckon.EINVALID, "%s: a base name only, without path separators", field)
	case strings.Contains(v, ".."):
		return reckon.Errorf(reckon.EINVALID, "%s may not contain ..", field)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return reckon.Errorf(reckon.EINVALID, "%s may not contain control characters", field)
	case strings.HasPrefix(v, "."):
		return reckon.Errorf(reckon.EINVALID, "%s may not begin with a dot", field)
	}
	return checkName(field, v, maxFileNameBytes)
}

// checkText checks a free-text field: at most max bytes of UTF-8, no
// control characters (but tab and line breaks when multiline) and no
// markup: < followed by a letter, /, ! or ?.
func checkText(field, v string, max int, multiline bool) error {
	switch {
	case len(v) > max:
		return reckon.Errorf(reckon.EINVALID, "%s is longer than %d bytes", field, max)
	case !utf8.ValidString(v):
		return reckon.Errorf(reckon.EINVALID, "%s is not valid UTF-8", field)
	}
	for i, c := range v {
		if unicode.IsControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r')) {
			return reckon.Errorf(reckon.EINVALID, "%s may not contain control characters", field)
		}
		if c == '<' && i+1 < len(v) {
			next, _ := utf8.DecodeRuneInString(v[i+1:])
			if unicode.IsLetter(next) || next == '/' || next == '!' || next == '?' {
				return reckon.Errorf(reckon.EINVALID, "%s may not contain markup (< followed by a letter, /, ! or ?)", field)
			}
		}
	}
	return nil
}

// checkURL checks an optional URL field: an absolute http or https URL.
func checkURL(field, v string) error {
	if v == "" {
		return nil
	}
	if len(v) > maxURLBytes {
		return reckon.Errorf(reckon.EINVALID, "%s is longer than %d bytes", field, maxURLBytes)
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.IndexFunc(v, func(c rune) bool { return c <= ' ' || c == 0x7f }) >= 0 {
		return reckon.Errorf(reckon.EINVALID, "%s: want an absolute http or https URL", field)
	}
	return nil
}

// A fieldRule checks named fields of a request to a route whose handler
// does not check them itself; see checkFields.
type fieldRule struct {
	names []string
	check func(field, v string) error
}

// freeText checks fields as free text of up to maxNoteBytes.
func freeText(names ...string) fieldRule {
	return fieldRule{names: names, check: func(f, v string) error { return checkText(f, v, maxNoteBytes, true) }}
}

// checkFields applies the text policy to the fields of a form or of a
// JSON object before h sees the request. Bodies that are neither, or
// malformed, are left to h.
func (s *Server) checkFields(h func(http.ResponseWriter, *http.Request) error, rules ...fieldRule) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch mt {
		case "application/x-www-form-urlencoded":
			if err := r.ParseForm(); err != nil {
				return formError(err)
			}
			for _, rule := range rules {
				for _, name := range rule.names {
					for _, v := range r.PostForm[name] {
						if err := rule.check(name, v); err != nil {
							return err
						}
					}
				}
			}
		case "application/json":
			body, err := io.ReadAll(r.Body)
			if err != nil {
				return err // a *http.MaxBytesError answers 413
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			var obj map[string]json.RawMessage
			if json.Unmarshal(body, &obj) != nil {
				break
			}
			for _, rule := range rules {
				for _, name := range rule.names {
					var v string
					if raw, ok := obj[name]; ok && json.Unmarshal(raw, &v) == nil {
						if err := rule.check(name, v); err != nil {
							return err
						}
					}
				}
			}
		}
		return h(w, r)
	}
}

// sourceParam finds the source a parameter names, by ID or by name.
func (s *Server) sourceParam(ctx context.Context, v string) (*reckon.Source, error) {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		src, err := s.store.Source(ctx, id)
		if reckon.ErrorCode(err) != reckon.ENOTFOUND {
			return src, err
		}
	}
	if err := checkName("source", v, maxNameBytes); err != nil {
		return nil, err
	}
	src, err := s.store.SourceByName(ctx, v)
	if reckon.ErrorCode(err) == reckon.ENOTFOUND {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "source %s not found (give its name or id; add it with POST /api/v1/sources)", reckon.Quote(v))
	}
	return src, err
}

// sourceRequest is the body of POST /api/v1/sources.
type sourceRequest struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Grade string `json:"grade"`
	URL   string `json:"url"`
	Note  string `json:"note"`
}

func (s *Server) apiCreateSource(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	var req sourceRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	src, err := s.createSource(r.Context(), req)
	if err != nil {
		return err
	}
	s.log.Info("source added", "source", src.ID, "by", s.user(r))
	return s.writeJSON(w, r, http.StatusCreated, src)
}

// createSource checks and adds a source; the API and the page share it.
func (s *Server) createSource(ctx context.Context, req sourceRequest) (*reckon.Source, error) {
	if err := checkName("name", req.Name, maxNameBytes); err != nil {
		return nil, err
	}
	if req.Kind == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "kind is required (one of %v)", reckon.SourceKinds)
	}
	kind, err := reckon.ParseSourceKind(req.Kind)
	if err != nil {
		return nil, err
	}
	grade, err := reckon.ParseGrade(req.Grade)
	if err != nil {
		return nil, err
	}
	if err := checkURL("url", req.URL); err != nil {
		return nil, err
	}
	if err := checkText("note", req.Note, maxNoteBytes, true); err != nil {
		return nil, err
	}
	src := &reckon.Source{Name: req.Name, Kind: kind, Grade: grade, URL: req.URL, Note: req.Note}
	if err := src.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.CreateSource(ctx, src); err != nil {
		return nil, err
	}
	s.invalidateCatalog()
	return src, nil
}

// upload is the content and parameters of an upload: a raw body of one
// media type with its parameters in the query, or a multipart form with
// the content in the part named "file" and the parameters in the query
// or the form.
type upload struct {
	params url.Values
	body   io.Reader
	file   multipart.File
	form   *multipart.Form
}

// Close removes what reading the upload left on disk.
func (u *upload) Close() {
	if u.file != nil {
		u.file.Close()
	}
	if u.form != nil {
		u.form.RemoveAll()
	}
}

// openUpload reads the parameters of an upload whose raw body has the
// media type want. The file name of a multipart part fills the filename
// parameter when that is absent.
func openUpload(r *http.Request, want string, allowed ...string) (*upload, error) {
	q, err := query(r, allowed...)
	if err != nil {
		return nil, err
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case ct != "" && err == nil && mt == want:
		return &upload{params: q, body: uploadReader{r.Body}}, nil
	case ct != "" && err == nil && mt == "multipart/form-data":
	default:
		return nil, &reckon.Error{Code: codeUnsupportedType, Message: "content type " + strconv.Quote(ct) + ": want " + want + " or multipart/form-data"}
	}
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || errors.As(err, new(*reckon.Error)) {
			return nil, err // too large or too slow
		}
		return nil, reckon.Errorf(reckon.EINVALID, "malformed multipart body")
	}
	up := &upload{params: q, form: r.MultipartForm}
	for k, vs := range up.form.Value {
		if !slices.Contains(allowed, k) {
			up.Close()
			return nil, reckon.Errorf(reckon.EINVALID, "unknown form field %s (want one of %s, and the part file)", reckon.Quote(k), strings.Join(allowed, ", "))
		}
		if len(vs) > 1 || q.Has(k) {
			up.Close()
			return nil, reckon.Errorf(reckon.EINVALID, "parameter %s given more than once", reckon.Quote(k))
		}
		up.params.Set(k, vs[0])
	}
	for k, fhs := range up.form.File {
		if k != "file" || len(fhs) != 1 {
			up.Close()
			return nil, reckon.Errorf(reckon.EINVALID, "a multipart upload takes one file, in the part named file")
		}
	}
	fhs := up.form.File["file"]
	if len(fhs) == 0 {
		up.Close()
		return nil, reckon.Errorf(reckon.EINVALID, "a multipart upload takes one file, in the part named file")
	}
	// The raw name, not the base name mime/multipart makes of it, so
	// that a path is refused rather than quietly cut.
	if !up.params.Has("filename") {
		if _, ps, err := mime.ParseMediaType(fhs[0].Header.Get("Content-Disposition")); err == nil && ps["filename"] != "" {
			up.params.Set("filename", ps["filename"])
		}
	}
	f, err := fhs[0].Open()
	if err != nil {
		up.Close()
		return nil, err
	}
	up.file, up.body = f, f
	return up, nil
}

// uploadReader reads a request body, reporting a client that stops
// sending as invalid input rather than as an internal error.
type uploadReader struct{ r io.Reader }

func (u uploadReader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	var tooBig *http.MaxBytesError
	if err != nil && err != io.EOF && !errors.As(err, &tooBig) && !errors.As(err, new(*reckon.Error)) {
		err = reckon.Errorf(reckon.EINVALID, "the upload was cut short: %v", err)
	}
	return n, err
}

// documentAnswer answers POST /api/v1/documents.
type documentAnswer struct {
	Document *reckon.Document `json:"document"`
	Claims   int              `json:"claims"`  // claims found in the text
	Created  bool             `json:"created"` // false: the text was there already
	Note     string           `json:"note,omitempty"`
}

func (s *Server) apiAddDocument(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	up, err := openUpload(r, "text/plain", "source", "title", "filename", "published", "url", "lang")
	if err != nil {
		return err
	}
	defer up.Close()
	a, err := s.addDocument(ctx, up.params, up.body)
	if err != nil {
		return err
	}
	if !a.Created {
		return s.writeJSON(w, r, http.StatusOK, a)
	}
	s.log.Info("document added", "document", a.Document.ID, "claims", a.Claims, "bytes", a.Document.Size, "by", s.user(r))
	return s.writeJSON(w, r, http.StatusCreated, a)
}

// addDocument adds a document's text read from body, with the
// parameters of POST /api/v1/documents (source, title, filename,
// published, url, lang), and extracts its claims; the answer says
// whether the text was new. The API and the page share it.
func (s *Server) addDocument(ctx context.Context, p url.Values, body io.Reader) (*documentAnswer, error) {
	if !p.Has("source") {
		return nil, reckon.Errorf(reckon.EINVALID, "source is required: the name or id of the source that published the text")
	}
	filename := p.Get("filename")
	if p.Has("filename") {
		if err := checkFileName("filename", filename); err != nil {
			return nil, err
		}
	}
	title := p.Get("title")
	if err := checkText("title", title, maxTitleBytes, false); err != nil {
		return nil, err
	}
	pub, err := reckon.ParseDate(p.Get("published"))
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "published: %v", reckon.ErrorMessage(err))
	}
	if err := checkURL("url", p.Get("url")); err != nil {
		return nil, err
	}
	lang, err := pipeline.ParseLang(p.Get("lang"))
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "lang: %v", reckon.ErrorMessage(err))
	}
	src, err := s.sourceParam(ctx, p.Get("source"))
	if err != nil {
		return nil, err
	}
	d := &reckon.Document{SourceID: src.ID, Title: title, URL: p.Get("url"), Published: pub}
	if d.Title == "" {
		d.Title = filename
	}
	created, err := pipeline.AddText(ctx, s.store, d, body, lang)
	if err != nil {
		return nil, err
	}
	a := &documentAnswer{Document: d, Claims: d.Claims, Created: created}
	if !created {
		a.Note = "the text is in the workspace already, as document " + strconv.FormatInt(d.ID, 10) + "; nothing changed"
		return a, nil
	}
	s.invalidateCatalog()
	return a, nil
}

// importAnswer answers POST /api/v1/imports.
type importAnswer struct {
	Import  *reckon.Import `json:"import"`
	Created bool           `json:"created"` // false: the same file was imported before
	Note    string         `json:"note,omitempty"`
	// KeptAsWritten counts, per column, the values that did not parse
	// and were kept as written (issue 10).
	KeptAsWritten []keptAsWritten `json:"kept_as_written,omitempty"`
	// Encoding and Delimiter say how the file was read (issue 15):
	// detected unless the request named them.
	Encoding  string `json:"encoding,omitempty"`
	Delimiter string `json:"delimiter,omitempty"`
	kept      int    // values kept as written, for the log
}

// keptAsWritten is one column's values kept as written, with the first.
type keptAsWritten struct {
	Field string `json:"field"` // the file's name of the column
	Kind  string `json:"kind"`  // what the values should have been: date
	Count int    `json:"count"`
	Line  int    `json:"line"`  // of the first
	Value string `json:"value"` // the first, as written (its first 80 characters and "…" when longer)
}

// csvProblem is the error answer to a record CSV that does not read: the
// place of the first problem besides the message.
type csvProblem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
}

func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	up, err := openUpload(r, "text/csv", "list", "source", "filename", "sensitive", "columns", "strict")
	if err != nil {
		return err
	}
	defer up.Close()
	p := up.params
	list, filename := p.Get("list"), p.Get("filename")
	if list == "" && filename == "" {
		return reckon.Errorf(reckon.EINVALID, "list or filename is required: the list of rows without one is the list, else the file name without its extension")
	}
	if p.Has("filename") {
		if err := checkFileName("filename", filename); err != nil {
			return err
		}
	}
	if list == "" {
		list = strings.TrimSuffix(filename, path.Ext(filename))
	}
	if err := checkName("list", list, maxNameBytes); err != nil {
		return err
	}
	if filename == "" {
		filename = list + ".csv"
	}
	var sensitive []string
	if p.Has("sensitive") {
		for col := range strings.SplitSeq(p.Get("sensitive"), ",") {
			col = strings.TrimSpace(col)
			if err := checkName("sensitive", col, maxNameBytes); err != nil {
				return err
			}
			sensitive = append(sensitive, col)
		}
	}
	columns, err := pipeline.ParseColumns(p.Get("columns"))
	if err != nil {
		return reckon.Errorf(reckon.EINVALID, "columns: %v", err)
	}
	strict := false
	switch p.Get("strict") {
	case "", "false":
	case "true":
		strict = true
	default:
		return reckon.Errorf(reckon.EINVALID, "strict %s: want true or false", reckon.Quote(p.Get("strict")))
	}
	enc, err := pipeline.ParseEncoding(p.Get("encoding"))
	if err != nil {
		return reckon.Errorf(reckon.EINVALID, "encoding: %v", reckon.ErrorMessage(err))
	}
	delim, err := pipeline.ParseDelimiter(p.Get("delimiter"))
	if err != nil {
		return reckon.Errorf(reckon.EINVALID, "delimiter: %v", reckon.ErrorMessage(err))
	}
	var srcID int64
	if p.Has("source") {
		src, err := s.sourceParam(ctx, p.Get("source"))
		if err != nil {
			return err
		}
		srcID = src.ID
	}
	read := pipeline.ReadOptions{List: list, Sensitive: sensitive, Columns: columns, Strict: strict, Encoding: enc, Delimiter: delim}
	a, err := s.importList(ctx, &reckon.Import{SourceID: srcID, List: list, File: filename}, up.body, read)
	var bad *pipeline.CSVError
	if errors.As(err, &bad) && !errors.As(err, new(*fs.PathError)) {
		// The body was read whole before: the problem is the CSV's.
		w.Header().Set("Cache-Control", "no-store")
		return s.writeJSON(w, r, http.StatusBadRequest, map[string]csvProblem{"error": {Code: reckon.EINVALID, Message: capMessage(bad.Error()),
			File: bad.File, Line: bad.Line, Field: bad.Field}})
	}
	if err != nil {
		return err
	}
	if !a.Created {
		return s.writeJSON(w, r, http.StatusOK, a)
	}
	s.log.Info("records imported", "import", a.Import.ID, "list", a.Import.List, "records", a.Import.Records, "kept_as_written", a.kept, "by", s.user(r))
	return s.writeJSON(w, r, http.StatusCreated, a)
}

// importList imports the record CSV read from body as imp (its source,
// list and file name set; its hash is set here) with the reading
// options read (their Warnings and Dialect are set here). A CSV that
// does not read is a *pipeline.CSVError. The API and the page share it.
func (s *Server) importList(ctx context.Context, imp *reckon.Import, body io.Reader, read pipeline.ReadOptions) (*importAnswer, error) {
	topt, tmodel := s.importTrace()
	res, err := pipeline.ImportRecords(ctx, s.store, body, pipeline.ImportOptions{File: imp.File, List: imp.List, SourceID: imp.SourceID, Read: read,
		Trace: topt, TraceModel: tmodel})
	if err != nil {
		return nil, err
	}
	if res.TraceError != nil {
		s.log.Error("match tracing requests after an import", "err", res.TraceError)
	}
	imp, dirty := res.Import, res.KeptAsWritten
	a := &importAnswer{Import: imp, Created: res.Created, Encoding: res.Dialect.Encoding, Delimiter: string(res.Dialect.Delimiter)}
	if !res.Created {
		a.Note = "already imported, as import " + strconv.FormatInt(imp.ID, 10) + " of " + strconv.Itoa(imp.Records) + " records; nothing changed"
		return a, nil
	}
	for _, f := range dirty.Fields {
		a.KeptAsWritten = append(a.KeptAsWritten, keptAsWritten{Field: f.Field, Kind: f.Kind, Count: f.Count, Line: f.First.Line, Value: reckon.Excerpt(f.First.Value)})
	}
	a.kept = dirty.Count()
	s.invalidate()
	return a, nil
}

func (s *Server) apiLinkStatus(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, s.publicStatus(r.Context()))
}

// apiLink starts a link run in the background, with the decisions in
// force, and answers at once with the status; GET /api/v1/link follows
// it. A run asked for while one is going follows it.
func (s *Server) apiLink(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	if err := emptyJSON(r); err != nil {
		return err
	}
	if s.engine == nil {
		return errNoEngine("linking")
	}
	_, job := s.startRelinkJob(s.user(r))
	if job == 0 && s.relinkClosed() {
		return errClosed
	}
	s.log.Info("link run started", "job", job, "by", s.user(r))
	if job != 0 {
		w.Header().Set("Location", "/api/v1/jobs/"+strconv.FormatInt(job, 10))
	}
	return s.writeJSON(w, r, http.StatusAccepted, s.publicStatus(r.Context()))
}

// emptyJSON accepts an empty body or an empty JSON object.
func emptyJSON(r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return decodeJSON(r, &struct{}{})
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	us, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	if us == nil {
		us = []*reckon.User{}
	}
	return s.writeJSON(w, r, http.StatusOK, list[*reckon.User]{Data: us})
}

// userAnswer answers a change to a user.
type userAnswer struct {
	User *reckon.User `json:"user"`
	// Password is a password made for a new user that was given none;
	// it is shown this once.
	Password string `json:"password,omitempty"`
}

func (s *Server) apiAddUser(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	var req struct {
		Name     string `json:"name"`
		Role     string `json:"role"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	a, err := s.addUser(r.Context(), req.Name, req.Role, req.Password)
	if err != nil {
		return err
	}
	s.log.Info("user added", "user", a.User.Name, "role", a.User.Role, "by", s.user(r))
	return s.writeJSON(w, r, http.StatusCreated, a)
}

// addUser checks and adds a user; with no password it makes one, which
// the answer carries this once. The API and the page share it.
func (s *Server) addUser(ctx context.Context, name, role, password string) (*userAnswer, error) {
	if err := checkUserName("name", name); err != nil {
		return nil, err
	}
	if role == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "role is required: viewer, analyst, reviewer, tracer or admin")
	}
	rl, err := reckon.ParseRole(role)
	if err != nil {
		return nil, err
	}
	a := &userAnswer{}
	pw := password
	if pw == "" {
		b := make([]byte, 18)
		rand.Read(b)
		pw = base64.RawURLEncoding.EncodeToString(b)
		a.Password = pw
	}
	u := &reckon.User{Name: name, Role: rl}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(pw, auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateUser(ctx, u, hash); err != nil {
		return nil, err
	}
	s.invalidate()
	a.User = u
	return a, nil
}

// apiSetUser changes a user's role, password or whether the user may
// sign in. The last enabled admin stays one: the store checks it in the
// transaction of the change (reckon.UserStore.UpdateUser).
func (s *Server) apiSetUser(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	var req userChange
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	u, err := s.setUser(r.Context(), r.PathValue("name"), req)
	if err != nil {
		return err
	}
	s.log.Info("user changed", "user", u.Name, "role", u.Role, "disabled", u.Disabled, "by", s.user(r))
	return s.writeJSON(w, r, http.StatusOK, userAnswer{User: u})
}

// userChange is what a change to a user sets; nil fields stay.
type userChange struct {
	Role     *string `json:"role"`
	Disabled *bool   `json:"disabled"`
	Password *string `json:"password"`
}

// setUser changes the user named name; the API and the page share it.
func (s *Server) setUser(ctx context.Context, name string, req userChange) (*reckon.User, error) {
	if err := checkUserName("name", name); err != nil {
		return nil, err
	}
	if req.Role == nil && req.Disabled == nil && req.Password == nil {
		return nil, reckon.Errorf(reckon.EINVALID, "give role, disabled or password to change")
	}
	u, err := s.store.UserByName(ctx, name)
	if err != nil {
		return nil, err
	}
	if req.Role != nil {
		if u.Role, err = reckon.ParseRole(*req.Role); err != nil {
			return nil, err
		}
	}
	if req.Disabled != nil {
		u.Disabled = *req.Disabled
	}
	hash := ""
	if req.Password != nil {
		if hash, err = auth.HashPassword(*req.Password, auth.DefaultParams); err != nil {
			return nil, err
		}
	}
	if err := s.store.UpdateUser(ctx, u, hash); err != nil {
		return nil, err
	}
	s.invalidate()
	return u, nil
}
