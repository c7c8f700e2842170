package military

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Hierarchy knows which formation a formation belongs to (the 94th Brigade
// to the 11th Corps), beyond what a record writes. Make one with
// [DefaultHierarchy], [NewHierarchy] or [Hierarchy.Extend]; it is not
// changed after that, so one Hierarchy may be shared by goroutines. A nil
// *Hierarchy knows no relations: units are compared by their paths alone.
type Hierarchy struct {
	parent map[Formation]Formation // by Formation.key
	line   map[Formation]int       // the line each relation came from, for errors
}

//go:embed hierarchy.csv
var defaultHierarchy string

// builtin reads the embedded hierarchy on first use, not at start-up,
// which every reckon command would pay for.
var builtin = sync.OnceValue(func() *Hierarchy {
	h, err := NewHierarchy(strings.NewReader(defaultHierarchy))
	if err != nil {
		panic("military: embedded hierarchy.csv: " + err.Error()) // programmer error, tested
	}
	return h
})

// DefaultHierarchy returns reckon's own table of parent formations
// (hierarchy.csv in this package, with its sources).
func DefaultHierarchy() *Hierarchy { return builtin() }

// ErrHierarchy is wrapped by every error of reading a hierarchy.
var ErrHierarchy = errors.New("invalid hierarchy")

// NewHierarchy reads a hierarchy from r: CSV with two fields a line, a
// formation and the formation it belongs to, both as [ParseUnit] reads
// them:
//
//	# comment
//	unit,parent
//	94th Brigade,11th Corps
//	2-й батальон,94-я бригада
//
// The header line "unit,parent" is optional; blank lines and lines starting
// with # are skipped. Each field must be exactly one formation with a
// number or a known name, the parent at a higher echelon than the unit,
// and a formation may have only one parent. Errors name the line and wrap
// [ErrHierarchy].
func NewHierarchy(r io.Reader) (*Hierarchy, error) {
	return (*Hierarchy)(nil).Extend(r)
}

// Extend returns a new Hierarchy with the relations of h and those read
// from r (see [NewHierarchy] for the form). A relation of r that repeats
// one of h is accepted; one that gives a formation a different parent is
// an error. h is not changed.
func (h *Hierarchy) Extend(r io.Reader) (*Hierarchy, error) {
	out := &Hierarchy{parent: map[Formation]Formation{}, line: map[Formation]int{}}
	if h != nil {
		for k, v := range h.parent {
			out.parent[k] = v
			out.line[k] = h.line[k]
		}
	}
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read hierarchy: %w: %v", ErrHierarchy, err)
		}
		line, _ := cr.FieldPos(0)
		if first && len(rec) == 2 && strings.EqualFold(strings.TrimSpace(rec[0]), "unit") && strings.EqualFold(strings.TrimSpace(rec[1]), "parent") {
			first = false
			continue
		}
		first = false
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("read hierarchy line %d: %w: want 2 fields, a unit and its parent, got %d", line, ErrHierarchy, len(rec))
		}
		child, err := oneFormation(rec[0])
		if err != nil {
			return nil, fmt.Errorf("read hierarchy line %d: unit: %w", line, err)
		}
		parent, err := oneFormation(rec[1])
		if err != nil {
			return nil, fmt.Errorf("read hierarchy line %d: parent: %w", line, err)
		}
		if parent.Echelon <= child.Echelon {
			return nil, fmt.Errorf("read hierarchy line %d: %w: parent %s is not above %s", line, ErrHierarchy, parent, child)
		}
		k := child.key()
		if old, ok := out.parent[k]; ok && !old.identifies(parent) {
			return nil, fmt.Errorf("read hierarchy line %d: %w: %s belongs to %s (line %d) and to %s", line, ErrHierarchy, child, old, out.line[k], parent)
		}
		out.parent[k] = parent
		out.line[k] = line
	}
	return out, nil
}

// oneFormation reads one field of a hierarchy: exactly one formation.
func oneFormation(s string) (Formation, error) {
	u := ParseUnit(s)
	switch {
	case u.Number != "":
		return Formation{}, fmt.Errorf("%w: %q: a unit number is not a formation", ErrHierarchy, s)
	case len(u.Path) == 0:
		return Formation{}, fmt.Errorf("%w: %q: no formation with a number or a known name", ErrHierarchy, s)
	case len(u.Path) > 1:
		return Formation{}, fmt.Errorf("%w: %q: %d formations, want one", ErrHierarchy, s, len(u.Path))
	}
	return u.Path[0], nil
}

// Len returns the number of relations h knows.
func (h *Hierarchy) Len() int {
	if h == nil {
		return 0
	}
	return len(h.parent)
}

// Parent returns the formation f belongs to, and false when h does not know.
func (h *Hierarchy) Parent(f Formation) (Formation, bool) {
	if h == nil {
		return Formation{}, false
	}
	p, ok := h.parent[f.key()]
	return p, ok
}

// expand returns the formations of a path by echelon, with the ancestors
// the hierarchy knows added at echelons the path does not give. A
// formation the path gives is never replaced by an inferred one.
func (h *Hierarchy) expand(path []Formation) [Army + 1]Formation {
	var by [Army + 1]Formation
	for _, f := range path {
		if f.Echelon > NoEchelon && f.Echelon <= Army {
			by[f.Echelon] = f
		}
	}
	if h == nil || len(h.parent) == 0 {
		return by
	}
	for _, f := range path {
		for range Army { // parents are strictly higher: at most Army steps
			p, ok := h.parent[f.key()]
			if !ok {
				break
			}
			if by[p.Echelon].Echelon == NoEchelon {
				by[p.Echelon] = p
			}
			f = p
		}
	}
	return by
}

// Compare says how units a and b agree:
//
//	Unknown      either is the zero Unit
//	Same         equal unit numbers; or no conflict and the most specific
//	             formations of both are at one echelon and identical
//	Different    different unit numbers; or, at an echelon both give
//	             (written or inferred from h), different formations
//	Related      no conflict, and some formation of a (written or inferred)
//	             is one of b: a brigade and its corps, a battalion and its
//	             brigade
//	Unconnected  nothing to compare: a unit number against formations, or
//	             formations at echelons nothing connects
//
// Compare is symmetric and Compare(u, u) is Same for any non-zero u. It
// allocates nothing.
func (h *Hierarchy) Compare(a, b Unit) Agreement {
	if a.IsZero() || b.IsZero() {
		return Unknown
	}
	if a.Number != "" && b.Number != "" {
		if a.Number == b.Number {
			return Same
		}
		return Different
	}
	if len(a.Path) == 0 || len(b.Path) == 0 {
		return Unconnected
	}
	ea, eb := h.expand(a.Path), h.expand(b.Path)
	agree := false
	for e := Section; e <= Army; e++ {
		fa, fb := ea[e], eb[e]
		if fa.Echelon == NoEchelon || fb.Echelon == NoEchelon {
			continue
		}
		if !fa.identifies(fb) {
			return Different
		}
		agree = true
	}
	la, lb := a.Path[len(a.Path)-1], b.Path[len(b.Path)-1]
	switch {
	case la.Echelon == lb.Echelon && la.identifies(lb):
		return Same
	case agree:
		return Related
	}
	return Unconnected
}
