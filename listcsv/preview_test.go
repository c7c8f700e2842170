package listcsv_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/reckonhq/reckon/listcsv"
	"golang.org/x/text/encoding/korean"
)

func TestReadPreview(t *testing.T) {
	cp949, err := korean.EUCKR.NewEncoder().String("record_id;name;unit\nk1;김철민;1 Div\nk2;리영호;2 Div\nk3;박정수;3 Div\nk4;최은희;4 Div\nk5;정한길;5 Div\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		in        string
		opt       listcsv.Options
		n         int
		header    []string
		rows      int
		more      bool
		encoding  string
		delimiter rune
		first     []string
		err       string
	}{
		{name: "comma utf-8", in: "record_id,name\na,Kim\nb,Ri\n", n: 5, header: []string{"record_id", "name"}, rows: 2, encoding: "utf-8", delimiter: ',', first: []string{"a", "Kim"}},
		{name: "more rows than asked", in: "record_id,name\na,x\nb,y\nc,z\n", n: 2, header: []string{"record_id", "name"}, rows: 2, more: true, encoding: "utf-8", delimiter: ','},
		{name: "semicolon cp949 detected", in: cp949, n: 2, header: []string{"record_id", "name", "unit"}, rows: 2, more: true, encoding: "cp949", delimiter: ';', first: []string{"k1", "김철민", "1 Div"}},
		{name: "chosen tab", in: "record_id\tname\na\tb\n", opt: listcsv.Options{Delimiter: '\t'}, n: 5, header: []string{"record_id", "name"}, rows: 1, encoding: "utf-8", delimiter: '\t'},
		{name: "short row padded", in: "record_id,name,unit\na,b\n", n: 5, header: []string{"record_id", "name", "unit"}, rows: 1, encoding: "utf-8", delimiter: ',', first: []string{"a", "b", ""}},
		{name: "trimmed header", in: " record_id , name\na,b\n", n: 5, header: []string{"record_id", "name"}, rows: 1, encoding: "utf-8", delimiter: ','},
		{name: "empty", in: "", n: 5, err: "line 1: empty file"},
		{name: "bad quote", in: "record_id,name\na,\"b\n", n: 5, err: "x.csv line"},
		{name: "bad encoding name", in: "a\n", opt: listcsv.Options{Encoding: "ebcdic"}, n: 5, err: "ebcdic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := listcsv.ReadPreview(strings.NewReader(tc.in), "x.csv", tc.opt, tc.n)
			if tc.err != "" {
				var le *listcsv.Error
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.As(err, &le) {
					t.Fatalf("err %v, want a *listcsv.Error with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Header, tc.header) || len(p.Rows) != tc.rows || p.More != tc.more {
				t.Errorf("header %q rows %d more %v, want %q %d %v", p.Header, len(p.Rows), p.More, tc.header, tc.rows, tc.more)
			}
			if p.Dialect.Encoding != tc.encoding || p.Dialect.Delimiter != tc.delimiter {
				t.Errorf("dialect %v, want %s %q", p.Dialect, tc.encoding, tc.delimiter)
			}
			if tc.first != nil && !slices.Equal(p.Rows[0], tc.first) {
				t.Errorf("first row %q, want %q", p.Rows[0], tc.first)
			}
		})
	}
}

func FuzzReadPreview(f *testing.F) {
	f.Add([]byte("record_id,name\na,b\n"), 3)
	f.Add([]byte("record_id;name\n\"a;b\";c\n"), 1)
	f.Add([]byte{0xff, 0xfe, 'a', 0, '\n', 0}, 2)
	f.Fuzz(func(t *testing.T, in []byte, n int) {
		if n < 0 || n > 100 {
			return
		}
		p, err := listcsv.ReadPreview(bytes.NewReader(in), "f.csv", listcsv.Options{}, n)
		if err != nil {
			var le *listcsv.Error
			if !errors.As(err, &le) {
				t.Fatalf("error %v is no *listcsv.Error", err)
			}
			return
		}
		if len(p.Rows) > n {
			t.Fatalf("%d rows, asked for %d", len(p.Rows), n)
		}
		for _, row := range p.Rows {
			if len(row) != len(p.Header) {
				t.Fatalf("row of %d fields, header of %d", len(row), len(p.Header))
			}
		}
	})
}
