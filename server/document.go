package server

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
)

const (
	// textWindow is how many bytes of a document one page shows.
	textWindow = 64 << 10
	// maxTextRange caps what one API call returns of a document's text.
	maxTextRange = 1 << 20
	// maxDocClaims caps the claims listed and highlighted on a document
	// page.
	maxDocClaims = 5000
)

// documentsView is the paged list of documents.
type documentsView struct {
	Source     *reckon.Source // the filter, nil for all
	SourceID   int64
	Rows       []documentRow
	NextCursor string
	Paged      bool
}

type documentRow struct {
	*reckon.Document
	Source *reckon.Source
}

func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q, err := pageQuery(r, "source", "cursor", "limit")
	if err != nil {
		return err
	}
	f, limit, err := documentFilter(q)
	if err != nil {
		return err
	}
	c, err := s.catalogue(ctx)
	if err != nil {
		return err
	}
	docs, err := s.store.Documents(ctx, f)
	if err != nil {
		return err
	}
	v := documentsView{Paged: f.AfterID != 0, SourceID: f.SourceID}
	docs, v.NextCursor = nextPage(docs, limit, func(d *reckon.Document) int64 { return d.ID })
	if f.SourceID != 0 {
		if v.Source, err = s.store.Source(ctx, f.SourceID); err != nil {
			return err
		}
	}
	for _, d := range docs {
		src, ok := c.source[d.SourceID]
		if !ok {
			if src, err = s.store.Source(ctx, d.SourceID); err != nil {
				return err
			}
		}
		v.Rows = append(v.Rows, documentRow{Document: d, Source: src})
	}
	return s.render(w, r, "documents", page{Title: "Documents", Nav: "documents", Body: v})
}

// documentFilter reads source, cursor and limit; the filter's Limit is
// one more than the page, to learn whether another page follows.
func documentFilter(q map[string][]string) (reckon.DocumentFilter, int, error) {
	var f reckon.DocumentFilter
	var err error
	if f.SourceID, err = idParam(q, "source"); err != nil {
		return f, 0, err
	}
	if f.AfterID, err = cursorParam(q); err != nil {
		return f, 0, err
	}
	limit, err := limitParam(q, defaultLimit, maxLimit)
	if err != nil {
		return f, 0, err
	}
	f.Limit = limit + 1
	return f, limit, nil
}

// documentView is one document: a window of its text with every claim in
// it highlighted and linked, and the list of its claims.
type documentView struct {
	*reckon.Document
	Source     *reckon.Source
	Start, End int64     // the window of text shown
	Prev, Next int64     // starts of the neighbouring windows; -1 when none
	Segments   []segment // the window's text, cut at claim spans
	Claims     []*reckon.Claim
	MoreClaims bool
	// Measures and Qualifiers to choose from in the form that adds a claim.
	Measures   []reckon.Measure
	Qualifiers []reckon.Qualifier
	// Add is the form that adds a claim as it was sent, AddError why it
	// failed; nil and "" before it is sent.
	Add      url.Values
	AddError string
	// Added is "true" just after the document was added from a page,
	// "false" when its text was there already.
	Added string
}

// segment is a piece of text; a piece that is a claim's span carries the
// claim, and Also lists claims whose spans overlap it.
type segment struct {
	Text  string
	Claim *reckon.Claim
	Also  []*reckon.Claim
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q, err := pageQuery(r, "start", "added")
	if err != nil {
		return err
	}
	return s.showDocument(w, r, http.StatusOK, id, q, nil, "")
}

// showDocument renders document id from the byte q's start names, with
// status; add and addErr are the form that adds a claim as sent and why
// it failed, when it did.
func (s *Server) showDocument(w http.ResponseWriter, r *http.Request, status int, id int64, q url.Values, add url.Values, addErr string) error {
	ctx := r.Context()
	d, err := s.store.Document(ctx, id)
	if err != nil {
		return err
	}
	start, err := intParam(q, "start", 0, 0, max(d.Size, 0))
	if err != nil {
		return err
	}
	src, err := s.store.Source(ctx, d.SourceID)
	if err != nil {
		return err
	}
	claims, err := s.store.Claims(ctx, reckon.ClaimFilter{DocumentID: id, Limit: maxDocClaims + 1})
	if err != nil {
		return err
	}
	v := documentView{Document: d, Source: src, Measures: reckon.Measures, Qualifiers: reckon.Qualifiers, Add: add, AddError: addErr, Added: q.Get("added")}
	if len(claims) > maxDocClaims {
		claims, v.MoreClaims = claims[:maxDocClaims], true
	}
	v.Claims = claims

	// A window ends after the last claim that starts in it, so that no
	// highlighted span is cut.
	end := min(start+textWindow, d.Size)
	for _, c := range claims {
		if int64(c.Start) >= start && int64(c.Start) < end && int64(c.End) > end {
			end = min(int64(c.End), start+2*textWindow, d.Size)
		}
	}
	text, err := s.store.DocumentText(ctx, id, start, end)
	if err != nil {
		return err
	}
	// Whole runes only: the next window starts where this one stops.
	lead := len(text) - len(trimStartRune(text))
	text = trimEndRune(text[lead:])
	v.Start = start + int64(lead)
	v.End = v.Start + int64(len(text))
	v.Prev, v.Next = -1, -1
	if v.Start > 0 {
		v.Prev = max(v.Start-textWindow, 0)
	}
	if v.End < d.Size {
		v.Next = v.End
	}
	v.Segments = segments(text, v.Start, claims)
	return s.renderStatus(w, r, status, "document", page{Title: documentTitle(d), Nav: "documents", Body: v})
}

func documentTitle(d *reckon.Document) string {
	if d.Title != "" {
		return d.Title
	}
	return "Document " + strconv.FormatInt(d.ID, 10)
}

// segments cuts text, which starts at byte off of its document, into
// plain pieces and claim spans. A claim overlapping an earlier span is
// listed with that span rather than cutting it.
func segments(text string, off int64, claims []*reckon.Claim) []segment {
	in := make([]*reckon.Claim, 0, len(claims))
	for _, c := range claims {
		if int64(c.Start) >= off && int64(c.End) <= off+int64(len(text)) && c.End > c.Start {
			in = append(in, c)
		}
	}
	slices.SortStableFunc(in, func(a, b *reckon.Claim) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	var out []segment
	pos := 0 // into text
	for _, c := range in {
		a, b := int(int64(c.Start)-off), int(int64(c.End)-off)
		if a < pos {
			if len(out) > 0 && out[len(out)-1].Claim != nil {
				out[len(out)-1].Also = append(out[len(out)-1].Also, c)
			}
			continue
		}
		if a > pos {
			out = append(out, segment{Text: valid(text[pos:a])})
		}
		out = append(out, segment{Text: valid(text[a:b]), Claim: c})
		pos = b
	}
	if pos < len(text) {
		out = append(out, segment{Text: valid(text[pos:])})
	}
	return out
}

func valid(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "source", "cursor", "limit", "format")
	if err != nil {
		return err
	}
	format, err := formatParam(q)
	if err != nil {
		return err
	}
	if format == "csv" {
		if q.Has("cursor") || q.Has("limit") {
			return reckon.Errorf(reckon.EINVALID, "a CSV download holds every document that the filters select: drop cursor and limit")
		}
		src, err := idParam(q, "source")
		if err != nil {
			return err
		}
		return download(s, w, r, s.documentTable(src), format)
	}
	f, limit, err := documentFilter(q)
	if err != nil {
		return err
	}
	docs, err := s.store.Documents(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(s, w, r, docs, limit, func(d *reckon.Document) int64 { return d.ID })
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := query(r); err != nil {
		return err
	}
	d, err := s.store.Document(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, d)
}

// documentText is the answer of GET /api/v1/documents/{id}/text.
type documentText struct {
	DocumentID int64  `json:"document_id"`
	Start      int64  `json:"start"`
	End        int64  `json:"end"`
	Size       int64  `json:"size"`
	Text       string `json:"text"`
}

// apiDocumentText answers bytes [start, end) of a document's text,
// narrowed to whole UTF-8 characters and to at most maxTextRange bytes;
// start and end in the answer say what was returned.
func (s *Server) apiDocumentText(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q, err := query(r, "start", "end")
	if err != nil {
		return err
	}
	d, err := s.store.Document(ctx, id)
	if err != nil {
		return err
	}
	start, err := intParam(q, "start", 0, 0, d.Size)
	if err != nil {
		return err
	}
	end, err := intParam(q, "end", min(start+maxTextRange, d.Size), 0, 1<<62)
	if err != nil {
		return err
	}
	if end < start {
		return reckon.Errorf(reckon.EINVALID, "end %d is before start %d", end, start)
	}
	end = min(end, start+maxTextRange, d.Size)
	text, err := s.store.DocumentText(ctx, id, start, end)
	if err != nil {
		return err
	}
	lead := len(text) - len(trimStartRune(text))
	text = trimEndRune(text[lead:])
	start += int64(lead)
	return s.writeJSON(w, r, http.StatusOK, documentText{DocumentID: id, Start: start, End: start + int64(len(text)), Size: d.Size, Text: text})
}

func (s *Server) documentTable(source int64) table[*reckon.Document] {
	return table[*reckon.Document]{
		name:   "documents",
		header: []string{"id", "source_id", "title", "url", "published", "hash", "size", "claims", "added_at"},
		row: func(d *reckon.Document) []string {
			return []string{itoa(d.ID), itoa(d.SourceID), d.Title, d.URL, d.Published.String(), d.Hash, itoa(d.Size),
				strconv.Itoa(d.Claims), d.AddedAt.UTC().Format(timeCSV)}
		},
		id: func(d *reckon.Document) int64 { return d.ID },
		fetch: func(ctx context.Context, after int64, limit int) ([]*reckon.Document, error) {
			return s.store.Documents(ctx, reckon.DocumentFilter{SourceID: source, AfterID: after, Limit: limit})
		},
	}
}

func (s *Server) downloadDocuments(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := query(r, "source")
		if err != nil {
			return err
		}
		src, err := idParam(q, "source")
		if err != nil {
			return err
		}
		return download(s, w, r, s.documentTable(src), format)
	}
}
