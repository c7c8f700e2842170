package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
)

// Paging of list endpoints: limit defaults to defaultLimit and is capped
// at maxLimit.
const (
	defaultLimit = 50
	maxLimit     = 1000
)

// list is the body of every paged API answer.
type list[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// writeJSON answers v as JSON with a strong ETag. encoding/json escapes
// <, > and & in strings, so that no JSON answer can be read as markup.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	s.send(w, r, status, "application/json", buf.Bytes())
	return nil
}

// query reads the query parameters of r, refusing any that are not in
// allowed or that repeat, so that a misspelt filter is an error rather
// than silently ignored.
func query(r *http.Request, allowed ...string) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, reckon.Errorf(reckon.EINVALID, "malformed query string")
	}
	for k, vs := range q {
		if !slices.Contains(allowed, k) {
			return nil, reckon.Errorf(reckon.EINVALID, "unknown query parameter %s (want one of %s)", reckon.Quote(k), strings.Join(allowed, ", "))
		}
		if len(vs) > 1 {
			return nil, reckon.Errorf(reckon.EINVALID, "query parameter %s given %d times", reckon.Quote(k), len(vs))
		}
	}
	return q, nil
}

// pageQuery reads the query parameters of a page leniently: links into
// pages get decorated (utm_source=…), so unknown parameters are ignored
// and a repeated one counts once. The values of known ones are still
// checked by their parsers.
func pageQuery(r *http.Request, allowed ...string) (url.Values, error) {
	q, _ := url.ParseQuery(r.URL.RawQuery)
	out := url.Values{}
	for _, k := range allowed {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out, nil
}

// pathID parses the {id} wildcard of r as a positive integer.
func pathID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, reckon.Errorf(reckon.EINVALID, "id %s: want a positive integer", reckon.Quote(v))
	}
	return id, nil
}

// intParam parses an optional integer parameter in [lo, hi].
func intParam(q url.Values, name string, def, lo, hi int64) (int64, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, reckon.Errorf(reckon.EINVALID, "%s %s: want an integer from %d to %d", name, reckon.Quote(v), lo, hi)
	}
	return n, nil
}

// idParam parses an optional positive id parameter such as source=3.
func idParam(q url.Values, name string) (int64, error) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, reckon.Errorf(reckon.EINVALID, "%s %s: want a positive integer id", name, reckon.Quote(v))
	}
	return n, nil
}

// limitParam parses limit: a positive integer, defaultLimit when absent,
// capped at max.
func limitParam(q url.Values, def, max int) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, reckon.Errorf(reckon.EINVALID, "limit %s: want a positive integer (at most %d is used)", reckon.Quote(v), max)
	}
	return min(n, max), nil
}

// A cursor is opaque to clients: the base64 of the last ID of a page.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("i" + strconv.FormatInt(id, 10)))
}

func cursorParam(q url.Values) (int64, error) {
	v := q.Get("cursor")
	if v == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err == nil && len(b) > 1 && b[0] == 'i' {
		if id, err := strconv.ParseInt(string(b[1:]), 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, reckon.Errorf(reckon.EINVALID, "cursor %s is not one this server gave out", reckon.Quote(v))
}

// nextPage cuts items fetched with limit+1 to limit and returns the cursor of
// the next page, "" when there is none.
func nextPage[T any](items []T, limit int, id func(T) int64) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, encodeCursor(id(items[len(items)-1]))
}

// writePage answers one page of an API list: items up to limit (read as
// limit+1 to know whether a next page exists), the cursor of the next
// page, and [] rather than null when there are none.
func writePage[T any](s *Server, w http.ResponseWriter, r *http.Request, items []T, limit int, id func(T) int64) error {
	out := list[T]{}
	out.Data, out.NextCursor = nextPage(items, limit, id)
	if out.Data == nil {
		out.Data = []T{}
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// formatParam reads format (json or csv; json when absent).
func formatParam(q url.Values) (string, error) {
	switch f := q.Get("format"); f {
	case "", "json":
		return "json", nil
	case "csv":
		return "csv", nil
	default:
		return "", reckon.Errorf(reckon.EINVALID, "format %s: want json or csv", reckon.Quote(f))
	}
}

// decodeJSON reads r's body as one JSON value into v: the body must be
// JSON, at most the server's cap, with no unknown fields and nothing
// after the value.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return &reckon.Error{Code: codeUnsupportedType, Message: fmt.Sprintf("content type %s: want application/json", reckon.Quote(ct))}
		}
	} else {
		return &reckon.Error{Code: codeUnsupportedType, Message: "a JSON body with Content-Type application/json is required"}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err // a *http.MaxBytesError answers 413
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badJSON(err)
	}
	if dec.More() {
		return reckon.Errorf(reckon.EINVALID, "malformed JSON: more than one value in the body")
	}
	if _, err := dec.Token(); err != io.EOF {
		return reckon.Errorf(reckon.EINVALID, "malformed JSON: data after the value")
	}
	return nil
}

// badJSON turns a decoding error into an EINVALID error with its offset.
func badJSON(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var domain *reckon.Error
	switch {
	case errors.As(err, &domain):
		return err
	case errors.As(err, &syn):
		return reckon.Errorf(reckon.EINVALID, "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		return reckon.Errorf(reckon.EINVALID, "malformed JSON: field %s: want %s, got %s", reckon.Quote(typ.Field), typ.Type, reckon.Excerpt(typ.Value))
	case errors.Is(err, io.EOF):
		return reckon.Errorf(reckon.EINVALID, "malformed JSON: empty body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return reckon.Errorf(reckon.EINVALID, "malformed JSON: unexpected end of body")
	}
	// Unknown fields and the like: the message names the field and
	// nothing of the server.
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		if name, err := strconv.Unquote(f); err == nil {
			msg = "unknown field " + reckon.Quote(name)
		}
	}
	return reckon.Errorf(reckon.EINVALID, "malformed JSON: %s", reckon.Excerpt(msg))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// openAPI serves the embedded OpenAPI 3 description.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.send(w, r, http.StatusOK, "application/json", openAPIDoc)
	return nil
}
