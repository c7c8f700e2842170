package military

// Agreement says how two units or two ranks agree, from no evidence to the
// same. The order is meaningful only from Different up: Unknown and
// Unconnected are both "no evidence" and a linkage model should treat them
// as a missing comparison.
type Agreement int

// The levels of agreement.
const (
	// Unknown: either side was not recognised (the zero Unit, a rank that
	// did not parse). The caller may fall back to comparing the text.
	Unknown Agreement = iota
	// Different: the two conflict: different numbers at the same echelon
	// (given or known from the hierarchy), different unit numbers, ranks
	// two or more grades apart.
	Different
	// Unconnected: both were recognised but say nothing about each other:
	// formations at echelons that neither the paths nor the hierarchy
	// connect ("2nd Battalion" and "11th Corps"), or a unit number on one
	// side and only formations on the other. Not evidence either way; do
	// not fall back to the text, which would count it as a disagreement.
	Unconnected
	// Related: one formation contains the other, by the paths or by the
	// hierarchy (a brigade and its corps, a battalion and its brigade);
	// ranks one grade apart (a posthumous promotion).
	Related
	// Same: the same formation at the most specific echelon both give (or
	// the same unit number); ranks of the same grade.
	Same
)

var agreementNames = [...]string{"unknown", "different", "unconnected", "related", "same"}

// String returns the lower-case name of the level.
func (a Agreement) String() string {
	if a < 0 || int(a) >= len(agreementNames) {
		return "agreement(?)"
	}
	return agreementNames[a]
}
