package storerule

import (
	"math"

	"github.com/reckonhq/reckon"
)

// Linkage gives the column values of an estimate's linkage interval:
// draws 0 and nulls for none, a null upper bound for +Inf. An interval
// that LinkageInterval.Check refuses is an error.
func Linkage(l *reckon.LinkageInterval) (draws int, nHat, lower, upper any, err error) {
	if l == nil {
		return 0, nil, nil, nil, nil
	}
	if err := l.Check(); err != nil {
		return 0, nil, nil, nil, err
	}
	if !math.IsInf(l.Upper, 1) {
		upper = l.Upper
	}
	return l.Draws, l.NHat, l.Lower, upper, nil
}
