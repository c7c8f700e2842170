package server

import "net/http"

// sourceChange is the body of POST /api/v1/sources/{id}: the fields to
// change; an absent one keeps its value. A source's name does not
// change (claims and imports are filed under it).
type sourceChange struct {
	Kind  *string `json:"kind"`
	Grade *string `json:"grade"` // "" ungrades
	URL   *string `json:"url"`
	Note  *string `json:"note"`
}

// apiUpdateSource changes a source's kind, grade, URL or note, as its
// edit page does, and answers the source as it now is.
func (s *Server) apiUpdateSource(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := query(r); err != nil {
		return err
	}
	var c sourceChange
	if err := decodeJSON(r, &c); err != nil {
		return err
	}
	ctx := r.Context()
	src, err := s.store.Source(ctx, id)
	if err != nil {
		return err
	}
	req := sourceRequest{Name: src.Name, Kind: string(src.Kind), Grade: src.Grade.String(), URL: src.URL, Note: src.Note}
	for _, f := range []struct{ to, from *string }{{&req.Kind, c.Kind}, {&req.Grade, c.Grade}, {&req.URL, c.URL}, {&req.Note, c.Note}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if err := s.updateSource(ctx, id, req); err != nil {
		return err
	}
	if src, err = s.store.Source(ctx, id); err != nil {
		return err
	}
	s.log.Info("source changed", "source", id, "grade", src.Grade.String(), "by", s.user(r))
	return s.writeJSON(w, r, http.StatusOK, src)
}
