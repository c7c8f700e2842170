package listcsv

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/reckonhq/reckon"
)

func encode(t *testing.T, e encoding.Encoding, s string) string {
	t.Helper()
	b, err := e.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Issue 15: lists arrive semicolon-separated and in CP949/EUC-KR,
// Windows-1251, KOI8-R or UTF-16; they are read, and the dialect said.
func TestDialects(t *testing.T) {
	ko := "record_id;list;family_name;given_name;home_town\nk1;kcna;김;철민;함흥\nk2;kcna;리;영수;평양\nk3;kcna;박;명수;청진\n"
	ru := "record_id\tlist\tfamily_name\tgiven_name\tdeath_place\nr1\tgur\tКим\tЧоль Мин\tКурская область\nr2\tgur\tПак\tМён Су\tСуджа\n"
	en := "record_id,list,name\na,x,Kim Chol\nb,x,\"Ri, Yong\"\n"
	for _, tc := range []struct {
		name, data, enc string
		delim           rune
		want            Dialect
		first           string // the first record's family or full name
	}{
		{"utf-8 commas", en, "", 0, Dialect{Encoding: UTF8, Delimiter: ',', EncodingDetected: true, DelimiterDetected: true}, "Kim Chol"},
		{"cp949 semicolons", encode(t, korean.EUCKR, ko), "", 0, Dialect{Encoding: CP949, Delimiter: ';', EncodingDetected: true, DelimiterDetected: true}, "김"},
		{"windows-1251 tabs", encode(t, charmap.Windows1251, ru), "", 0, Dialect{Encoding: Windows1251, Delimiter: '\t', EncodingDetected: true, DelimiterDetected: true}, "Ким"},
		{"koi8-r tabs", encode(t, charmap.KOI8R, ru), "", 0, Dialect{Encoding: KOI8R, Delimiter: '\t', EncodingDetected: true, DelimiterDetected: true}, "Ким"},
		{"utf-16 with bom", encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), ru), "", 0, Dialect{Encoding: UTF16LE, Delimiter: '\t', EncodingDetected: true, DelimiterDetected: true}, "Ким"},
		{"utf-8 bom semicolons", "\ufeff" + ko, "", 0, Dialect{Encoding: UTF8, Delimiter: ';', EncodingDetected: true, DelimiterDetected: true}, "김"},
		{"chosen", encode(t, charmap.Windows1251, ru), "cp1251", '\t', Dialect{Encoding: Windows1251, Delimiter: '\t'}, "Ким"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d Dialect
			var recs []*reckon.Record
			for r, err := range ReadWith(strings.NewReader(tc.data), "f.csv", Options{Encoding: tc.enc, Delimiter: tc.delim, Dialect: &d}) {
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, r)
			}
			if d != tc.want {
				t.Errorf("dialect %+v (%s), want %+v", d, d, tc.want)
			}
			if len(recs) < 2 {
				t.Fatalf("%d records", len(recs))
			}
			if got := recs[0].FamilyName + recs[0].Name; got != tc.first {
				t.Errorf("first record's name %q, want %q", got, tc.first)
			}
		})
	}
}

// A legacy encoding is guessed only with evidence: Latin-1 José is not
// read as Windows-1251 Josй, and a stray byte stays a UTF-8 error.
func TestDetectIsCautious(t *testing.T) {
	for _, data := range []string{
		"record_id,list,name\na,x,Jos\xe9 Mar\xeda\nb,x,Fran\xe7ois\n",
		"record_id,list,name\na,x,\xc0\xaf\n",
	} {
		var d Dialect
		_, err := readAllWith(data, Options{Dialect: &d})
		var le *Error
		if !errors.As(err, &le) || !strings.Contains(err.Error(), "invalid UTF-8") {
			t.Errorf("%q: error %v, want invalid UTF-8", data, err)
		}
		if d.Encoding != UTF8 || !d.EncodingUnknown || !strings.Contains(d.String(), "--encoding") {
			t.Errorf("%q: read as %s (%s), want UTF-8 said to be unknown", data, d.Encoding, d)
		}
	}
}

func TestParseEncodingAndDelimiter(t *testing.T) {
	for in, want := range map[string]string{"": "", "AUTO": "", "euc-kr": CP949, "EUC_KR": CP949, "cp1251": Windows1251, "KOI8-R": KOI8R, "utf-16": UTF16LE, "utf8": UTF8} {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseEncoding("latin-9"); err == nil {
		t.Error("ParseEncoding(latin-9) succeeded")
	}
	for in, want := range map[string]rune{"": 0, "semicolon": ';', ";": ';', "tab": '\t', "\\t": '\t', "|": '|', "comma": ','} {
		if got, err := ParseDelimiter(in); err != nil || got != want {
			t.Errorf("ParseDelimiter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"x", "\"", ";;", "\n"} {
		if _, err := ParseDelimiter(bad); err == nil {
			t.Errorf("ParseDelimiter(%q) succeeded", bad)
		}
	}
}

func readAllWith(data string, o Options) ([]*reckon.Record, error) {
	var out []*reckon.Record
	o.List = "l"
	for r, err := range ReadWith(strings.NewReader(data), "f.csv", o) {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// FuzzDetect: detection never panics, and valid UTF-8 is always UTF-8.
func FuzzDetect(f *testing.F) {
	f.Add([]byte("record_id;name\n1;김철민\n"))
	f.Add([]byte("\xb1\xe8\xc3\xb6\xb9\xce;\xb8\xae"))
	f.Add([]byte("\xca\xe8\xec\t\xcf\xe0\xea"))
	f.Fuzz(func(t *testing.T, b []byte) {
		enc, unknown := detectEncoding(b)
		if unknown && (enc != UTF8 || utf8.Valid(b)) {
			t.Fatalf("%q: unknown with %s", b, enc)
		}
		if len(b) < sniffBytes-4 && enc != UTF8 && strings.ToValidUTF8(string(b), "") == string(b) {
			t.Fatalf("valid UTF-8 %q detected as %s", b, enc)
		}
		_ = sniffDelimiter(b)
	})
}
