package pipeline

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
)

func TestMoveWarning(t *testing.T) {
	dr := &linkageDraws{k: 4, unreviewed: 37}
	for _, tc := range []struct {
		name   string
		method reckon.Method
		nhat   float64
		c      mse.Combined
		points []float64
		want   string // "" for no warning
	}{
		{"within 5%", reckon.MethodLogLinear, 1000, mse.Combined{NHat: 1010}, []float64{970, 1000, 1040, 1020}, ""},
		{"a draw 10% above", reckon.MethodLogLinear, 1000, mse.Combined{NHat: 1030}, []float64{990, 1000, 1100, 1020}, "moves by up to 10% over 4 linkage draws (estimates 990 to 1100, against 1000); 37 undecided pairs"},
		{"minimum", reckon.MethodMinimum, 1000, mse.Combined{NHat: 1000}, []float64{930, 1000, 1000, 1000}, "distinct persons 930 to 1000"},
		// LCMCR: the pooled median only, as single draws are noisy.
		{"lcmcr draws noisy, pool close", reckon.MethodLCMCR, 1000, mse.Combined{NHat: 1020}, []float64{900, 1100}, ""},
		{"lcmcr pool far", reckon.MethodLCMCR, 1000, mse.Combined{NHat: 1080}, []float64{1080}, "up to 8%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := moveWarning(&reckon.Estimate{Method: tc.method, NHat: tc.nhat}, tc.c, tc.points, dr)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
