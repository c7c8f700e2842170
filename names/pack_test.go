package names

import (
	"testing"
	"unsafe"
)

// TestPrepareOneBlock checks that Prepare keeps the strings comparing
// reads (the Compact, Latin, Phonetic and Loose forms and the keys of
// both parts) side by side in one allocation, so that comparing a name
// met in no particular order loads one or two cache lines of text, not
// one a string (issue 10: linkage of 1M records in 60 s), and that
// packing keeps every string as it was.
func TestPrepareOneBlock(t *testing.T) {
	for _, n := range []Name{
		{Family: "Ri", Given: "Chol Su"},
		{Family: "리", Given: "철수"},
		{Family: "Ли", Given: "Чхольсу"},
		{Family: "KIM", Given: "Ryong Chol"},
		{Family: "Smith", Given: "John"},
		{Family: "Pak", Given: "M. S."},
		{Family: "Тххе", Given: "Ён Ир"},
		{Family: "Nam", Given: "Myong-hun"},
		{Family: "Хван", Given: "Мёнсу"},
	} {
		p := Prepare(n)
		var strs []string
		for _, q := range []*Part{&p.Family, &p.Given} {
			strs = append(strs, q.Compact, q.Latin, q.Phonetic, q.Loose)
			strs = append(strs, q.Keys...)
		}
		lo, hi, size := uintptr(0), uintptr(0), uintptr(0)
		for _, s := range strs {
			if s == "" {
				continue
			}
			at := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			if size == 0 || at < lo {
				lo = at
			}
			hi = max(hi, at+uintptr(len(s)))
			size += uintptr(len(s))
		}
		if hi-lo != size {
			t.Errorf("Prepare(%+v): %d bytes of compared text span %d bytes, want one block", n, size, hi-lo)
		}
		// Packing changes no string: the parts are as prepared alone.
		f, g := preparePart(n.Family, false, false), preparePart(n.Given, true, false)
		for _, c := range [][2]*Part{{&p.Family, &f}, {&p.Given, &g}} {
			a, b := c[0], c[1]
			if a.Compact != b.Compact || a.Latin != b.Latin || a.Phonetic != b.Phonetic || a.Loose != b.Loose || len(a.Keys) != len(b.Keys) {
				t.Errorf("Prepare(%+v) part %q: packed %+v, alone %+v", n, b.Text, *a, *b)
				continue
			}
			for i := range a.Keys {
				if a.Keys[i] != b.Keys[i] {
					t.Errorf("Prepare(%+v) part %q: key %d packed %q, alone %q", n, b.Text, i, a.Keys[i], b.Keys[i])
				}
			}
		}
	}
}
