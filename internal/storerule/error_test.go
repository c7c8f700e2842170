package storerule

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/reckonhq/reckon"
)

func TestWrap(t *testing.T) {
	bad := errors.New("disk I/O error")
	inner := error(bad)
	Wrap("sqlite", &inner, "claim %d", 7)
	var input error
	for _, err := range Input(func(yield func(int, error) bool) { yield(0, io.ErrUnexpectedEOF) }) {
		input = err
	}
	tests := []struct {
		name   string
		err    error
		format string
		args   []any
		want   string
	}{
		{"none", nil, "save estimate", nil, ""},
		{"database", bad, "save estimate", nil, "sqlite: save estimate: disk I/O error"},
		{"with an id", bad, "estimate %d", []any{7}, "sqlite: estimate 7: disk I/O error"},
		{"a method in another", inner, "review claim %d", []any{7}, "sqlite: review claim 7: claim 7: disk I/O error"},
		{"domain", reckon.Errorf(reckon.EINVALID, "estimate with NaN"), "save estimate", nil, "estimate with NaN"},
		{"domain inside", &OpError{"x", "y", reckon.Errorf(reckon.ENOTFOUND, "gone")}, "claim", nil, "x: y: gone"},
		{"the caller's input", input, "import records", nil, "unexpected EOF"},
	}
	for _, tt := range tests {
		err := tt.err
		Wrap("sqlite", &err, tt.format, tt.args...)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	// The cause stays reachable.
	err := error(context.Canceled)
	Wrap("postgres", &err, "claims")
	if !errors.Is(err, context.Canceled) || reckon.ErrorCode(err) != reckon.EINTERNAL {
		t.Errorf("wrapped %v: Is(Canceled) %v, code %s", err, errors.Is(err, context.Canceled), reckon.ErrorCode(err))
	}
}
