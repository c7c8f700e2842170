package storerule

import (
	"math"
	"testing"

	"github.com/reckonhq/reckon"
)

func TestLinkage(t *testing.T) {
	d, n, lo, up, err := Linkage(nil)
	if d != 0 || n != nil || lo != nil || up != nil || err != nil {
		t.Errorf("Linkage(nil) = %v %v %v %v %v, want zeros and nulls", d, n, lo, up, err)
	}
	d, n, lo, up, err = Linkage(&reckon.LinkageInterval{Draws: 20, NHat: 3000, Lower: 2800, Upper: math.Inf(1)})
	if err != nil || d != 20 || n != 3000.0 || lo != 2800.0 || up != nil {
		t.Errorf("open upper bound: %v %v %v %v %v, want 20 3000 2800 <nil>", d, n, lo, up, err)
	}
	d, _, _, up, err = Linkage(&reckon.LinkageInterval{Draws: 20, NHat: 3000, Lower: 2800, Upper: 3300})
	if err != nil || d != 20 || up != 3300.0 {
		t.Errorf("closed interval: draws %v upper %v err %v", d, up, err)
	}
	if _, _, _, _, err := Linkage(&reckon.LinkageInterval{Draws: 20, NHat: math.NaN(), Lower: 2800, Upper: 3300}); err == nil {
		t.Error("a NaN estimate was accepted")
	}
}
