package reckon

import (
	"fmt"
	"time"
)

// SourceKind says what kind of publisher a source is.
type SourceKind string

// The kinds of source.
const (
	KindStateMedia   SourceKind = "state_media"
	KindMedia        SourceKind = "media"
	KindIntelligence SourceKind = "intelligence"
	KindGovernment   SourceKind = "government"
	KindNGO          SourceKind = "ngo"
	KindAnalyst      SourceKind = "analyst"
	KindDocument     SourceKind = "document" // a document cache, captured papers
	KindOther        SourceKind = "other"
)

// SourceKinds lists every valid SourceKind.
var SourceKinds = []SourceKind{KindStateMedia, KindMedia, KindIntelligence, KindGovernment, KindNGO, KindAnalyst, KindDocument, KindOther}

// ParseSourceKind returns the kind named s, or an EINVALID error.
func ParseSourceKind(s string) (SourceKind, error) {
	for _, k := range SourceKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "unknown source kind %s (want one of %v)", Quote(s), SourceKinds)
}

// Grade is an Admiralty (NATO) grade: the reliability of the source, A
// (completely reliable) to F (cannot be judged), and the credibility of
// the information, 1 (confirmed) to 6 (cannot be judged). The zero Grade
// is ungraded and prints as "".
type Grade struct {
	Reliability byte // 'A'..'F', or 0 when ungraded
	Credibility byte // '1'..'6', or 0 when ungraded
}

// ParseGrade parses a grade such as "B2". The empty string is the zero
// Grade. Lower-case letters are accepted.
func ParseGrade(s string) (Grade, error) {
	if s == "" {
		return Grade{}, nil
	}
	if len(s) != 2 {
		return Grade{}, Errorf(EINVALID, "grade %s: want a letter A-F and a digit 1-6, such as B2", Quote(s))
	}
	r, c := s[0], s[1]
	if r >= 'a' && r <= 'f' {
		r -= 'a' - 'A'
	}
	if r < 'A' || r > 'F' || c < '1' || c > '6' {
		return Grade{}, Errorf(EINVALID, "grade %s: want a letter A-F and a digit 1-6, such as B2", Quote(s))
	}
	return Grade{Reliability: r, Credibility: c}, nil
}

// String returns the grade as two characters, or "" when ungraded.
func (g Grade) String() string {
	if g.Reliability == 0 {
		return ""
	}
	return string([]byte{g.Reliability, g.Credibility})
}

// MarshalText implements encoding.TextMarshaler.
func (g Grade) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (g *Grade) UnmarshalText(b []byte) error {
	v, err := ParseGrade(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// Source is who publishes claims or records: a newspaper, an agency, a
// ministry, an NGO. Names are unique within a workspace.
type Source struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Kind      SourceKind `json:"kind"`
	Grade     Grade      `json:"grade"`
	URL       string     `json:"url,omitempty"`
	Note      string     `json:"note,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// Validate reports the first invalid field of s as an EINVALID error.
func (s *Source) Validate() error {
	if s.Name == "" {
		return Errorf(EINVALID, "source name is required")
	}
	if len(s.Name) > 200 {
		return Errorf(EINVALID, "source name is longer than 200 bytes")
	}
	if _, err := ParseSourceKind(string(s.Kind)); err != nil {
		return err
	}
	if s.Grade.Reliability != 0 {
		if _, err := ParseGrade(s.Grade.String()); err != nil {
			return err
		}
	}
	return nil
}

func (s *Source) String() string { return fmt.Sprintf("%s (%s %s)", s.Name, s.Kind, s.Grade) }
