package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/reckonhq/reckon"
)

// Codes of errors that only the server makes; the store's codes are
// reckon's (invalid, not_found, conflict, internal).
const (
	codeTooLarge         = "too_large"
	codeMethodNotAllowed = "method_not_allowed"
	codeReadOnly         = "read_only"
	codeUnsupportedType  = "unsupported_media_type"
	codeWithdrawn        = "withdrawn" // a release's file no longer served: it holds a record now withheld
)

// statusOf is the one table from error codes to HTTP statuses. A code
// missing from it is answered as internal.
var statusOf = map[string]int{
	reckon.EINVALID:      http.StatusBadRequest,
	reckon.ENOTFOUND:     http.StatusNotFound,
	reckon.ECONFLICT:     http.StatusConflict,
	reckon.EINTERNAL:     http.StatusInternalServerError,
	codeTooLarge:         http.StatusRequestEntityTooLarge,
	codeMethodNotAllowed: http.StatusMethodNotAllowed,
	codeReadOnly:         http.StatusForbidden,
	codeUnsupportedType:  http.StatusUnsupportedMediaType,
	codeWithdrawn:        http.StatusGone,
}

// classify returns the code, HTTP status and user-safe message of err,
// logging the detail of internal errors, which is never shown. A
// deadline or a body over the cap get their own codes.
func (s *Server) classify(r *http.Request, err error) (code string, status int, msg string) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return codeTooLarge, http.StatusRequestEntityTooLarge, "request body is larger than " + byteSize(tooBig.Limit)
	case r.Context().Err() != nil && reckon.ErrorCode(err) == reckon.EINTERNAL:
		s.log.Warn("request cancelled or timed out", "method", r.Method, "path", r.URL.Path, "err", err)
		return reckon.EINTERNAL, http.StatusServiceUnavailable, "the request took too long or was cancelled"
	}
	code = reckon.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		code, status = reckon.EINTERNAL, http.StatusInternalServerError
	}
	if code == reckon.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		return code, status, "internal error"
	}
	return code, status, capMessage(reckon.ErrorMessage(err))
}

// maxMessage bounds the message of an error answer, in runes: messages
// quote input with reckon.Quote, and this is the net under any that
// does not.
const maxMessage = 500

// capMessage cuts msg to maxMessage runes, marking the cut with "…".
func capMessage(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	n := 0
	for i := range msg {
		if n == maxMessage {
			return msg[:i] + "…"
		}
		n++
	}
	return msg
}

// apiError writes err as {"error":{"code":…,"message":…}}.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code, status, msg := s.classify(r, err)
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	s.send(w, r, status, "application/json", append(body, '\n'))
}

// pageError writes err as an HTML page.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code, status, msg := s.classify(r, err)
	w.Header().Set("Cache-Control", "no-store")
	s.renderStatus(w, r, status, "error", page{
		Title: http.StatusText(status),
		Body:  errorView{Status: status, Code: code, Message: msg},
	})
}

type errorView struct {
	Status  int
	Code    string
	Message string
}

// apiFallback answers API paths that no route matches: 405 with Allow
// when the path exists for another method, 404 otherwise.
func (s *Server) apiFallback(w http.ResponseWriter, r *http.Request) {
	s.apiError(w, r, s.unrouted(w, r))
}

// pageFallback does the same for pages.
func (s *Server) pageFallback(w http.ResponseWriter, r *http.Request) {
	s.pageError(w, r, s.unrouted(w, r))
}

func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pat := s.mux.Handler(probe); pat != "" && pat != "/" && pat != "/api/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		for _, m := range allow {
			w.Header().Add("Allow", m)
			if m == http.MethodGet {
				w.Header().Add("Allow", http.MethodHead)
			}
		}
		return &reckon.Error{Code: codeMethodNotAllowed, Message: "method " + r.Method + " is not allowed here"}
	}
	return reckon.Errorf(reckon.ENOTFOUND, "no page at %s", reckon.Excerpt(r.URL.Path))
}
