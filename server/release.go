package server

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
)

// releaseView is a release as the API and the pages show it: with its
// title, counts, citation line and the stable URL of each file.
type releaseView struct {
	*reckon.Release
	Title    string         `json:"title"`
	Counts   map[string]int `json:"counts"`
	Version  string         `json:"reckon_version"`
	Citation string         `json:"citation"`
	URL      string         `json:"url"` // the folder of its files
	Notes    string         `json:"notes,omitempty"`
}

// baseURL is the scheme and host the request reached the server by, for
// the citation lines and the Atom feed, which need absolute URLs. The
// host is one the server answers to (see Options.CheckHost).
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// viewRelease reads a release's manifest (and, with notes, its notes)
// for its view.
func (s *Server) viewRelease(r *http.Request, rel *reckon.Release, notes bool) (*releaseView, error) {
	ctx := r.Context()
	f, err := s.store.ReleaseFile(ctx, rel.Name, reckon.ManifestFile)
	if err != nil {
		return nil, err
	}
	m, probs := release.Verify(map[string][]byte{reckon.ManifestFile: f.Data}, nil)
	if m == nil {
		return nil, fmt.Errorf("release %s: its manifest does not read: %v", rel.Name, probs)
	}
	url := s.baseURL(r) + "/releases/" + rel.Name + "/"
	v := &releaseView{Release: rel, Title: m.Title, Counts: m.Counts, Version: m.ReckonVersion, URL: url,
		Citation: release.Citation(m.Title, rel, url)}
	if notes {
		n, err := s.store.ReleaseFile(ctx, rel.Name, "notes.md")
		if err != nil && reckon.ErrorCode(err) != reckon.ENOTFOUND {
			return nil, err
		}
		if n != nil {
			v.Notes = string(n.Data)
		}
	}
	return v, nil
}

func (s *Server) releaseViews(r *http.Request, notes bool) ([]*releaseView, error) {
	rs, err := s.store.Releases(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]*releaseView, 0, len(rs))
	for _, rel := range rs {
		v, err := s.viewRelease(r, rel, notes)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// apiReleases lists the releases, oldest first.
func (s *Server) apiReleases(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	vs, err := s.releaseViews(r, false)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, list[*releaseView]{Data: vs})
}

// apiRelease shows one release with its notes.
func (s *Server) apiRelease(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	rel, err := s.store.Release(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	v, err := s.viewRelease(r, rel, true)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, v)
}

// releaseTypes are the content types of a release's files, by extension.
var releaseTypes = map[string]string{
	".csv":     "text/csv; charset=utf-8",
	".json":    "application/json",
	".parquet": "application/vnd.apache.parquet",
	".md":      "text/markdown; charset=utf-8",
	".sig":     "text/plain; charset=utf-8",
}

// releaseFile serves one file of a release, byte for byte as stored, at
// its stable URL /releases/NAME/FILE. A release never changes, so its
// files may be kept by any cache for good.
func (s *Server) releaseFile(w http.ResponseWriter, r *http.Request) error {
	name, file := r.PathValue("name"), r.PathValue("file")
	if reckon.CheckReleaseName(name) != nil || reckon.CheckReleaseFileName(file) != nil {
		return reckon.Errorf(reckon.ENOTFOUND, "release %s has no file %s", reckon.Quote(name), reckon.Quote(file))
	}
	f, err := s.store.ReleaseFile(r.Context(), name, file)
	if err != nil {
		return err
	}
	if withholds[f.Name] {
		rel, err := s.store.Release(r.Context(), name)
		if err != nil {
			return err
		}
		n, err := s.releaseHidesNow(r.Context(), rel)
		if err != nil {
			return err
		}
		if n > 0 {
			return &reckon.Error{Code: codeWithdrawn, Message: fmt.Sprintf(
				"release %s's %s is no longer served: it holds %d record(s) of which the public may see less since the release was made (withheld at a family's request, or a field found to be personal); its manifest still names the file's hash, and later releases leave out what is hidden",
				name, f.Name, n)}
		}
	}
	ct := releaseTypes[path.Ext(f.Name)]
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	// The file's own name, so that a folder of downloads verifies
	// (reckon release verify --dir).
	h.Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
	h.Set("Digest", "sha-256="+f.SHA256)
	s.send(w, r, http.StatusOK, ct, f.Data)
	return nil
}

// withholds are the files of a release that a record put under embargo
// after the release withdraws from download: those that hold records'
// values or keys, or an estimate's input hash (which confirms a guess of
// counts that an embargoed record is in).
var withholds = map[string]bool{
	"persons.csv": true, "persons.json": true, "persons.parquet": true,
	"records.csv": true, "records.json": true, "records.parquet": true,
	"estimates.csv": true, "estimates.json": true,
}

// releaseKeys keeps, for each release, its records' keys (as
// RecordKey.String writes them) with the fields it withheld of each,
// read once: a release never changes.
type releaseKeys struct {
	mu   sync.Mutex
	keys map[string]map[string][]string // by release
}

// releaseHidesNow counts the records of a release that the public view
// now hides more of than the release did: put under embargo, or with a
// field made sensitive since (a contact found in a column, a family's
// request). It reads the embargoed records and the protection changes
// since the release with the full view; only a count leaves it.
func (s *Server) releaseHidesNow(ctx context.Context, rel *reckon.Release) (int, error) {
	full := reckon.WithPersonalData(ctx)
	emb, err := s.store.Records(full, reckon.RecordFilter{Embargoed: true})
	if err != nil {
		return 0, err
	}
	// The protection changes after the release's own event in the log
	// (by order in the log, not by clock).
	rels, err := s.store.Events(full, reckon.EventFilter{Entity: "release"})
	if err != nil {
		return 0, err
	}
	var after int64
	for _, e := range rels {
		if e.EntityID == strconv.FormatInt(rel.ID, 10) {
			after = e.ID
		}
	}
	evs, err := s.store.Events(full, reckon.EventFilter{Entity: "record", AfterID: after})
	if err != nil {
		return 0, err
	}
	if len(emb) == 0 && len(evs) == 0 {
		return 0, nil
	}
	keys, err := s.releaseRecordKeys(ctx, rel.Name)
	if err != nil {
		return 0, err
	}
	hidden := map[string]bool{}
	for _, r := range emb {
		if _, ok := keys[r.Key().String()]; ok {
			hidden[r.Key().String()] = true
		}
	}
	// The latest protection of each record changed since, oldest first.
	now := map[string][]string{}
	for _, e := range evs {
		var after struct {
			Key       string `json:"key"`
			Sensitive string `json:"sensitive"`
		}
		if json.Unmarshal([]byte(e.After), &after) != nil || after.Key == "" {
			continue
		}
		now[after.Key] = nil
		if after.Sensitive != "" {
			now[after.Key] = strings.Split(after.Sensitive, ",")
		}
	}
	for k, fields := range now {
		was, ok := keys[k]
		if !ok {
			continue
		}
		for _, f := range fields {
			if !slices.Contains(was, f) {
				hidden[k] = true
			}
		}
	}
	return len(hidden), nil
}

// releaseRecordKeys returns the records of a release by key, with the
// fields it withheld of each.
func (s *Server) releaseRecordKeys(ctx context.Context, name string) (map[string][]string, error) {
	s.relKeys.mu.Lock()
	keys := s.relKeys.keys[name]
	s.relKeys.mu.Unlock()
	if keys != nil {
		return keys, nil
	}
	f, err := s.store.ReleaseFile(ctx, name, "records.json")
	if err != nil {
		return nil, err
	}
	var rows []release.RecordRow
	if err := json.Unmarshal(f.Data, &rows); err != nil {
		return nil, fmt.Errorf("release %s records.json: %w", name, err)
	}
	keys = make(map[string][]string, len(rows))
	for _, r := range rows {
		keys[reckon.RecordKey{List: r.List, RecordID: r.RecordID}.String()] = r.WithheldFields
	}
	s.relKeys.mu.Lock()
	defer s.relKeys.mu.Unlock()
	if s.relKeys.keys == nil {
		s.relKeys.keys = map[string]map[string][]string{}
	}
	s.relKeys.keys[name] = keys
	return keys, nil
}

// releasesPage lists the releases with their citation lines and files.
func (s *Server) releasesPage(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.releaseViews(r, false)
	if err != nil {
		return err
	}
	return s.render(w, r, "releases", page{Title: "Releases", Nav: "releases", Body: vs})
}

// apiChanges is the change feed: what changed from a release (since=NAME)
// or a cursor a page gave (since=CURSOR) to the latest release. It reads
// only releases, which hold only the public view.
func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "since", "limit")
	if err != nil {
		return err
	}
	since := q.Get("since")
	if since == "" {
		return reckon.Errorf(reckon.EINVALID, "since is required: a release's name (see /api/v1/releases) or the cursor a page gave as next")
	}
	limit := release.MaxPage
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > release.MaxPage {
			return reckon.Errorf(reckon.EINVALID, "limit %s: want a number from 1 to %d", reckon.Quote(v), release.MaxPage)
		}
		limit = n
	}
	p, err := release.Feed(r.Context(), s.store, since, limit, &s.feeds)
	if err != nil {
		return err
	}
	// The values in the feed are those of the release it leads to: when
	// the public may now see less of its records, the feed is withdrawn
	// as that release's files are, until a new release is made.
	if len(p.Changes) > 0 {
		to, err := s.store.Release(r.Context(), p.To)
		if err != nil {
			return err
		}
		n, err := s.releaseHidesNow(r.Context(), to)
		if err != nil {
			return err
		}
		if n > 0 {
			return &reckon.Error{Code: codeWithdrawn, Message: fmt.Sprintf(
				"the changes up to release %s are no longer served: %d of its records are hidden more since it was made; they will be served again up to the next release", p.To, n)}
		}
	}
	return s.writeJSON(w, r, http.StatusOK, p)
}

// The Atom feed of releases (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Summary string     `xml:"summary"`
	Content atomText   `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// releasesAtom is the Atom feed of releases, newest first. Entries are
// identified by their manifest's hash, which names their content.
func (s *Server) releasesAtom(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.releaseViews(r, true)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	f := atomFeed{Title: "reckon releases", ID: base + "/releases.atom", Author: atomPerson{Name: "reckon"},
		Links:   []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/releases.atom"}, {Rel: "alternate", Type: "text/html", Href: base + "/releases"}},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
	for i := len(vs) - 1; i >= 0; i-- {
		v := vs[i]
		if i == len(vs)-1 {
			f.Updated = v.CreatedAt.UTC().Format(time.RFC3339)
		}
		title := "Release " + v.Name
		if v.Title != "" {
			title += ": " + v.Title
		}
		f.Entries = append(f.Entries, atomEntry{
			Title: title, ID: "urn:sha256:" + v.ManifestHash, Updated: v.CreatedAt.UTC().Format(time.RFC3339),
			Links: []atomLink{{Rel: "alternate", Type: "application/json", Href: base + "/api/v1/releases/" + v.Name},
				{Rel: "related", Type: "application/json", Href: v.URL + reckon.ManifestFile}},
			Summary: fmt.Sprintf("%s Persons %d, records %d, claims %d, estimates %d.", v.Citation,
				v.Counts["persons"], v.Counts["records"], v.Counts["claims"], v.Counts["estimates"]),
			Content: atomText{Type: "text", Text: v.Notes},
		})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("encode the feed of releases: %w", err)
	}
	buf.WriteString("\n")
	s.send(w, r, http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
	return nil
}
