package reckon_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// Issue 12: one list of methods, parsed once; an unknown name is one
// clear error that lists the methods.
func TestParseMethod(t *testing.T) {
	for _, m := range reckon.Methods {
		got, err := reckon.ParseMethod(string(m))
		if err != nil || got != m {
			t.Errorf("ParseMethod(%q) = %q, %v", m, got, err)
		}
	}
	for _, bad := range []string{"", "all", "LCMCR", " lcmcr", "chao1", "magic"} {
		_, err := reckon.ParseMethod(bad)
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("ParseMethod(%q): %v, want an error of code invalid", bad, err)
			continue
		}
		if want := "minimum, loglinear, stepwise, lcmcr, closedp, chao or dga"; !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMethod(%q): %q does not list the methods (%s)", bad, err, want)
		}
	}
}

func TestParseMethods(t *testing.T) {
	tests := []struct {
		name, in string
		want     []reckon.Method
		err      bool
	}{
		{"empty", "", nil, false},
		{"blank", "  ", nil, false},
		{"one", "lcmcr", []reckon.Method{reckon.MethodLCMCR}, false},
		{"several with spaces", "loglinear, dga,chao", []reckon.Method{reckon.MethodLogLinear, reckon.MethodDGA, reckon.MethodChao}, false},
		{"unknown", "loglinear,magic", nil, true},
		{"the minimum is always computed", "minimum", nil, true},
		{"twice", "dga,dga", nil, true},
		{"empty item", "dga,", nil, true},
	}
	for _, tt := range tests {
		got, err := reckon.ParseMethods(tt.in)
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("%s: ParseMethods(%q) = %v, %v; want %v, error %v", tt.name, tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("%s: error %v is not of code invalid", tt.name, err)
		}
	}
}

func TestMethodKinds(t *testing.T) {
	for _, m := range reckon.Methods {
		if m.MSE() == (m == reckon.MethodMinimum) {
			t.Errorf("%s.MSE() = %v", m, m.MSE())
		}
		if want := m == reckon.MethodMinimum || m == reckon.MethodChao; m.Floor() != want {
			t.Errorf("%s.Floor() = %v", m, m.Floor())
		}
	}
	if reckon.Method("magic").MSE() {
		t.Error("an unknown method is not one of MSE")
	}
}

func FuzzParseMethods(f *testing.F) {
	for _, s := range []string{"", "loglinear,stepwise", "dga, chao", "minimum", "a,,b", "lcmcr,lcmcr"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms, err := reckon.ParseMethods(s)
		if err != nil {
			if ms != nil || reckon.ErrorCode(err) != reckon.EINVALID {
				t.Fatalf("ParseMethods(%q) = %v, %v", s, ms, err)
			}
			return
		}
		seen := map[reckon.Method]bool{}
		for _, m := range ms {
			if !m.MSE() || seen[m] {
				t.Fatalf("ParseMethods(%q) = %v: %q unknown, the minimum or repeated", s, ms, m)
			}
			seen[m] = true
		}
	})
}
