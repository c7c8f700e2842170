package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// Importing a record list from a page takes two steps: the file is
// uploaded and kept aside (staged), its head shown as it will be read
// (encoding and delimiter, detected or chosen, and the first rows) with
// a column mapping to the record CSV's fields and a box per column for
// sensitive values; then the import runs on the staged file, through the
// API's importList.

// stageTTL is how long a staged upload is kept.
const stageTTL = time.Hour

// previewRows is how many rows a preview shows.
const previewRows = 5

// staging keeps uploaded files between the preview and the import, each
// under a random ID and for the user who uploaded it. Its zero value is
// empty and ready; Close removes every file.
type staging struct {
	mu    sync.Mutex
	files map[string]*staged
}

type staged struct {
	path  string
	name  string // the file's name as uploaded
	owner string
	until time.Time
	size  int64 // bytes
}

// put copies body to a new temporary file kept for owner and returns its
// ID; it first removes the files whose time is over.
func (st *staging) put(body io.Reader, name, owner string, now time.Time) (string, error) {
	st.expire(now)
	f, err := os.CreateTemp("", "reckon-stage-*")
	if err != nil {
		return "", err
	}
	n, err := io.Copy(f, body)
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.keepLocked(&staged{path: f.Name(), name: name, owner: owner, until: now.Add(stageTTL), size: n}), nil
}

// keepLocked keeps f under a new random ID and returns the ID; the
// caller holds st.mu.
func (st *staging) keepLocked(f *staged) string {
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	if st.files == nil {
		st.files = map[string]*staged{}
	}
	st.files[id] = f
	return id
}

// get returns the staged file id of owner.
func (st *staging) get(id, owner string, now time.Time) (*staged, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := st.files[id]
	if !ok || f.owner != owner || now.After(f.until) {
		return nil, reckon.Errorf(reckon.EINVALID, "the uploaded file is no longer kept (after an hour, or a restart of the server): choose it again")
	}
	return f, nil
}

// drop removes the staged file id.
func (st *staging) drop(id string) {
	st.mu.Lock()
	f, ok := st.files[id]
	delete(st.files, id)
	st.mu.Unlock()
	if ok {
		os.Remove(f.path)
	}
}

func (st *staging) expire(now time.Time) {
	st.mu.Lock()
	var old []string
	for id, f := range st.files {
		if now.After(f.until) {
			old = append(old, f.path)
			delete(st.files, id)
		}
	}
	st.mu.Unlock()
	for _, p := range old {
		os.Remove(p)
	}
}

// Close removes every staged file.
func (st *staging) Close() {
	st.mu.Lock()
	files := st.files
	st.files = nil
	st.mu.Unlock()
	for _, f := range files {
		os.Remove(f.path)
	}
}

// importView is the import page: the first form, the preview with the
// column mapping, or the result.
type importView struct {
	Stage     string // the staged file's ID; "" before the upload
	File      string
	List      string
	Source    string
	Encoding  string // as chosen: "" is detected
	Delimiter string // as chosen: "" is detected
	Strict    bool
	Sources   []*reckon.Source
	Preview   *pipeline.Preview
	Columns   []importColumn
	Fields    []string // the record CSV's fields a column may be mapped to
	Error     string
	// Problem is where the file did not read, when it did not.
	Problem *csvProblem
	Result  *importAnswer
}

// importColumn is a column of the file in the preview: its name, the
// field it is mapped to ("" keeps it as an attribute of its name),
// whether its values are sensitive, and its first values.
type importColumn struct {
	Index     int
	Name      string
	To        string
	Sensitive bool
	Known     bool // Name is a field of the record CSV
	Sample    []string
}

// encodings and delimiters are the choices the import form offers.
var (
	importEncodings  = []string{"utf-8", "utf-16", "cp949", "windows-1251", "koi8-r"}
	importDelimiters = []struct{ Value, Label string }{{"comma", "comma ,"}, {"semicolon", "semicolon ;"}, {"tab", "tab"}}
)

func (s *Server) importView(r *http.Request, v *importView) error {
	srcs, err := s.store.Sources(r.Context())
	v.Sources, v.Fields = srcs, pipeline.RecordColumns()
	return err
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	q, err := pageQuery(r, "source")
	if err != nil {
		return err
	}
	v := &importView{Source: q.Get("source")}
	if err := s.importView(r, v); err != nil {
		return err
	}
	return s.render(w, r, "import", page{Title: "Import a list", Nav: "lists", Body: v})
}

// importFailed shows the import page again with err.
func (s *Server) importFailed(w http.ResponseWriter, r *http.Request, v *importView, err error) error {
	if verr := s.importView(r, v); verr != nil {
		return verr
	}
	var bad *pipeline.CSVError
	if errors.As(err, &bad) && !errors.As(err, new(*fs.PathError)) {
		v.Problem = &csvProblem{Message: capMessage(bad.Error()), File: bad.File, Line: bad.Line, Field: bad.Field}
		err = reckon.Errorf(reckon.EINVALID, "%s", capMessage(bad.Error()))
	}
	return s.formFailed(w, r, err, "import", page{Title: "Import a list", Nav: "lists", Body: v}, func(m string) { v.Error = m })
}

// importPreview stages an uploaded file (or takes the one staged
// before, with another encoding or delimiter) and shows its head with
// the column mapping.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || errors.As(err, new(*reckon.Error)) {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return formError(err)
		}
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	v := &importView{List: strings.TrimSpace(r.FormValue("list")), Source: r.FormValue("source"), Stage: r.FormValue("stage"),
		Encoding: r.FormValue("encoding"), Delimiter: r.FormValue("delimiter"), Strict: r.FormValue("strict") == "true"}
	now, owner := s.now(), s.user(r)
	file, fh, ferr := r.FormFile("file")
	switch {
	case ferr == nil:
		defer file.Close()
		if err := checkFileName("file name", fh.Filename); err != nil {
			return s.importFailed(w, r, v, err)
		}
		if v.Stage != "" {
			s.stage.drop(v.Stage)
		}
		id, err := s.stage.put(uploadReader{file}, fh.Filename, owner, now)
		if err != nil {
			return err
		}
		v.Stage = id
	case v.Stage == "":
		return s.importFailed(w, r, v, reckon.Errorf(reckon.EINVALID, "no file: choose the list's CSV file"))
	}
	st, err := s.stage.get(v.Stage, owner, now)
	if err != nil {
		v.Stage = ""
		return s.importFailed(w, r, v, err)
	}
	v.File = st.name
	if v.List == "" {
		v.List = strings.TrimSuffix(st.name, path.Ext(st.name))
	}
	read, err := v.readOptions()
	if err != nil {
		return s.importFailed(w, r, v, err)
	}
	f, err := os.Open(st.path)
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := pipeline.PreviewRecords(f, st.name, read, previewRows)
	if err != nil {
		return s.importFailed(w, r, v, err)
	}
	v.setPreview(p, r.PostForm)
	if err := s.importView(r, v); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "import", page{Title: "Import a list", Nav: "lists", Body: v})
}

// HasRecordID says whether a column of the preview is mapped to
// record_id, which every import needs.
func (v *importView) HasRecordID() bool {
	for _, c := range v.Columns {
		if c.To == "record_id" {
			return true
		}
	}
	return false
}

// readOptions reads the chosen encoding and delimiter.
func (v *importView) readOptions() (pipeline.ReadOptions, error) {
	enc, err := pipeline.ParseEncoding(v.Encoding)
	if err != nil {
		return pipeline.ReadOptions{}, reckon.Errorf(reckon.EINVALID, "encoding: %v", reckon.ErrorMessage(err))
	}
	delim, err := pipeline.ParseDelimiter(v.Delimiter)
	if err != nil {
		return pipeline.ReadOptions{}, reckon.Errorf(reckon.EINVALID, "delimiter: %v", reckon.ErrorMessage(err))
	}
	return pipeline.ReadOptions{Encoding: enc, Delimiter: delim}, nil
}

// setPreview fills the columns of the preview p, keeping the mapping and
// the sensitive boxes of form (a preview shown again) for columns of the
// same name.
func (v *importView) setPreview(p *pipeline.Preview, form map[string][]string) {
	v.Preview = p
	v.Columns = nil
	sensitive := map[string]bool{}
	for _, n := range form["sensitive"] {
		sensitive[n] = true
	}
	for i, name := range p.Header {
		c := importColumn{Index: i, Name: name, Known: pipeline.KnownColumn(name)}
		if to, ok := form["map."+name]; ok && len(to) > 0 {
			c.To = to[0]
		} else if c.Known {
			c.To = name
		}
		c.Sensitive = sensitive[name]
		for _, row := range p.Rows {
			c.Sample = append(c.Sample, row[i])
		}
		v.Columns = append(v.Columns, c)
	}
}

// importForm imports the staged file with the mapping of the preview.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	f := r.PostForm
	v := &importView{Stage: f.Get("stage"), List: strings.TrimSpace(f.Get("list")), Source: f.Get("source"),
		Encoding: f.Get("encoding"), Delimiter: f.Get("delimiter"), Strict: f.Get("strict") == "true"}
	now, owner := s.now(), s.user(r)
	st, err := s.stage.get(v.Stage, owner, now)
	if err != nil {
		v.Stage = ""
		return s.importFailed(w, r, v, err)
	}
	v.File = st.name
	read, err := v.readOptions()
	if err == nil {
		read, err = importMapping(f, read)
	}
	if err == nil {
		err = checkName("list", v.List, maxNameBytes)
	}
	var srcID int64
	if err == nil && v.Source != "" {
		var src *reckon.Source
		if src, err = s.sourceParam(r.Context(), v.Source); err == nil {
			srcID = src.ID
		}
	}
	if err != nil {
		return s.importAgain(w, r, v, st, err)
	}
	file, err := os.Open(st.path)
	if err != nil {
		return err
	}
	defer file.Close()
	read.List, read.Strict = v.List, v.Strict
	a, err := s.importList(r.Context(), &reckon.Import{SourceID: srcID, List: v.List, File: st.name}, file, read)
	if err != nil {
		return s.importAgain(w, r, v, st, err)
	}
	s.stage.drop(v.Stage)
	v.Stage, v.Result = "", a
	if a.Created {
		s.log.Info("records imported", "import", a.Import.ID, "list", a.Import.List, "records", a.Import.Records, "kept_as_written", a.kept, "by", s.user(r))
	}
	if err := s.importView(r, v); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "import", page{Title: "List imported", Nav: "lists", Body: v})
}

// importAgain shows the preview again, with the mapping as sent and err.
func (s *Server) importAgain(w http.ResponseWriter, r *http.Request, v *importView, st *staged, err error) error {
	if read, rerr := v.readOptions(); rerr == nil {
		if f, oerr := os.Open(st.path); oerr == nil {
			p, perr := pipeline.PreviewRecords(f, st.name, read, previewRows)
			f.Close()
			if perr == nil {
				v.setPreview(p, r.PostForm)
			}
		}
	}
	return s.importFailed(w, r, v, err)
}

// importMapping reads the column mapping ("map.COLUMN" = field, "" to
// keep the column as an attribute of its name) and the sensitive
// columns ("sensitive" = COLUMN, named as in the file) of the import
// form into read.
func importMapping(f map[string][]string, read pipeline.ReadOptions) (pipeline.ReadOptions, error) {
	cols := map[string]string{}
	for k, vs := range f {
		from, ok := strings.CutPrefix(k, "map.")
		if !ok || len(vs) == 0 || vs[0] == "" || vs[0] == from {
			continue
		}
		if !pipeline.KnownColumn(vs[0]) {
			return read, reckon.Errorf(reckon.EINVALID, "column %s: %s is no field of a record", reckon.Quote(from), reckon.Quote(vs[0]))
		}
		cols[from] = vs[0]
	}
	if err := pipeline.CheckColumns(cols); err != nil {
		return read, reckon.Errorf(reckon.EINVALID, "%v: choose each field for one column only", err)
	}
	if len(cols) > 0 {
		read.Columns = cols
	}
	for _, col := range f["sensitive"] {
		if err := checkName("sensitive", col, maxNameBytes); err != nil {
			return read, err
		}
		name := col
		if to, ok := cols[col]; ok {
			name = to // sensitive columns are named as the record CSV names them
		}
		read.Sensitive = append(read.Sensitive, name)
	}
	return read, nil
}

// delimiterName names a delimiter, a rune or a string of one, as the
// form's choices do.
func delimiterName(v any) string {
	var d rune
	switch x := v.(type) {
	case rune:
		d = x
	case string:
		d, _ = utf8.DecodeRuneInString(x)
	}
	switch d {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return strconv.QuoteRune(d)
}

func init() {
	templateFuncs["delimiterName"] = delimiterName
	templateFuncs["importEncodings"] = func() []string { return importEncodings }
	templateFuncs["importDelimiters"] = func() []struct{ Value, Label string } { return importDelimiters }
}
