package listcsv

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// maxErr bounds the length of an error message about input of any size:
// a few short quotations of at most reckon.MaxQuote runes each.
const maxErr = 600

// TestReadLongInput: errors quote at most a short prefix of what they
// are about, and a row or header longer than MaxRowBytes is refused
// without being read whole (issue 11, item 15).
func TestReadLongInput(t *testing.T) {
	long := strings.Repeat("ж", 200_000) // 400 KB
	tests := []struct {
		name, data, want string
		opt              Options
	}{
		{"header without record_id", "name," + long + "\n", `no record_id column (columns: "name,жжж`, Options{}},
		{"long column read twice", "record_id," + long + "," + long + "\n", `field "жжж`, Options{}},
		{"long column renamed onto another", "record_id,a" + long + ",b\n", `read as b, like column "aжжж`, Options{Columns: map[string]string{"a" + long: "b"}}},
		{"long sensitive column missing", "record_id,x\n", `sensitive column "жжж`, Options{Sensitive: []string{long}}},
		{"long strict date", "record_id,birth_date\na," + strings.Repeat("9", 60_000) + "\n", `date "999`, Options{Strict: true, List: "l"}},
		{"long repeated id", "record_id\n" + strings.Repeat("x", 60_000) + "\n" + strings.Repeat("x", 60_000) + "\n", `"xxx`, Options{List: "l"}},
		{"long sensitive cell", "record_id,sensitive\na," + strings.Repeat("y", 60_000) + "\n", `names "yyy`, Options{List: "l"}},
		{"long embargoed cell", "record_id,embargoed\na," + strings.Repeat("y", 60_000) + "\n", `"yyy`, Options{List: "l"}},
		{"header past MaxRowBytes", "record_id," + strings.Repeat("n", MaxRowBytes) + "\n", "line 1: the header is longer than 1 MiB", Options{}},
		{"row past MaxRowBytes", "record_id,a,b,c\n1,2,3,4\n5," + strings.Repeat("n", 60_000) + strings.Repeat(","+strings.Repeat("n", 60_000), 2) + strings.Repeat("m", MaxRowBytes) + "\n", "line 3: a row longer than 1 MiB", Options{List: "l"}},
		{"row past MaxRowBytes over lines", "record_id,a\n1,\"" + strings.Repeat("n\n", MaxRowBytes) + "\"\n", "line 2: a row longer than 1 MiB", Options{List: "l"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			for _, e := range ReadWith(strings.NewReader(tc.data), "big.csv", tc.opt) {
				if e != nil {
					err = e
					break
				}
			}
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if len(msg) > maxErr {
				t.Errorf("error of %d bytes: %.300s…", len(msg), msg)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %.300q, want %q in it", msg, tc.want)
			}
			var le *Error
			if !errors.As(err, &le) || len(le.Field) > maxErr {
				t.Errorf("error %T with field of %d bytes", err, len(le.Field))
			}
		})
	}
}

// endless is a header line that never ends.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.read == 0 && len(p) > 10 {
		n := copy(p, "record_id,")
		e.read += int64(n)
		return n, nil
	}
	for i := range p {
		p[i] = 'x'
	}
	e.read += int64(len(p))
	if e.read > 200<<20 {
		return len(p), io.EOF
	}
	return len(p), nil
}

// TestReadEndlessHeader: a header of 100 MB and more is refused after
// about MaxRowBytes, not read whole into memory.
func TestReadEndlessHeader(t *testing.T) {
	src := &endless{}
	var err error
	for _, e := range ReadWith(src, "endless.csv", Options{List: "l"}) {
		err = e
		break
	}
	if err == nil || !strings.Contains(err.Error(), "longer than 1 MiB") || len(err.Error()) > maxErr {
		t.Fatalf("error %.300v", err)
	}
	if src.read > 2*MaxRowBytes {
		t.Errorf("read %d bytes of the header before refusing it, want about %d", src.read, MaxRowBytes)
	}
}
