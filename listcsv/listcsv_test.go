package listcsv

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

func readAll(data, list string) ([]*reckon.Record, error) {
	var out []*reckon.Record
	for r, err := range Read(strings.NewReader(data), "f.csv", list) {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func TestRead(t *testing.T) {
	const head = "record_id,list,family_name,given_name,name,birth_date,unit,kin_contact\n"
	tests := []struct {
		name    string
		data    string
		list    string
		n       int
		wantErr string // substring; "" means no error
	}{
		{"good", head + "a1,kcna,김,철수,김철수,1999-03,11th Corps,+7 000\n", "", 1, ""},
		{"crlf", strings.ReplaceAll(head+"a1,kcna,,,,1999,,\n", "\n", "\r\n"), "", 1, ""},
		{"bom", "\ufeff" + head + "a1,kcna,,,,,,\n", "", 1, ""},
		{"list from file", "record_id,name\nx,Ri Chol\n", "fromfile", 1, ""},
		{"quoted", "record_id,name\n\"a,1\",\"Kim \"\"Big\"\" Chol\"\n", "l", 1, ""},
		{"empty", "", "l", 0, "f.csv line 1: empty file"},
		{"no record_id", "id,name\n1,x\n", "l", 0, "line 1: no record_id column"},
		{"dup column", "record_id,name,name\n", "l", 0, "line 1 field name: column appears twice"},
		{"field count", head + "a1,kcna,,,\n", "", 0, "f.csv line 2: wrong number of fields"},
		{"bad date kept", head + "a1,kcna,,,,1999-02-30,,\n", "", 1, ""}, // issue 10: kept as written
		{"ambiguous date kept", head + "a1,kcna,,,,03/04/1999,,\n", "", 1, ""},
		{"spaced header", "record_id , name\nx,y\n", "l", 1, ""},
		{"spaced dup column", "name, record_id, name \n", "l", 0, "line 1 field name: column appears twice"},
		{"invalid utf8", head + "a1,kcna,\xc0\xaf,,,,,\n", "", 0, "line 2 field family_name: invalid UTF-8"},
		{"latin1", "record_id,name\na,Jos\xe9\n", "l", 0, "line 2 field name: invalid UTF-8"},
		{"utf16 header only", "\xff\xfer\x00e\x00", "l", 0, "no record_id column"},
		{"empty id", head + ",kcna,,,,,,\n", "", 0, "line 2 field record_id: empty"},
		{"no list", "record_id,name\nx,y\n", "", 0, "line 2 field list: empty"},
		{"dup id", head + "a1,kcna,,,,,,\na1,kcna,,,,,,\n", "", 0, "line 3 field record_id: \"a1\" repeats line 2"},
		{"bare quote", "record_id,name\na,x\"y\n", "l", 0, "line 2"},
		{"multiline field", "record_id,name\na,\"two\nlines\"\nb,x\nb,y\n", "l", 0, "line 5 field record_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := readAll(tt.data, tt.list)
			if tt.wantErr == "" {
				if err != nil || len(recs) != tt.n {
					t.Fatalf("got %d records, %v; want %d", len(recs), err, tt.n)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *listcsv.Error", err)
			}
		})
	}
}

func TestReadFields(t *testing.T) {
	recs, err := readAll("record_id,list,family_name,given_name,name,sex,birth_date,death_date,death_place,unit,rank,home_town,source_url,kin\n"+
		"r1, kcna ,리,철수,리철수,M,1999,2024-12-17,Курская область,94th,sergeant,Hamhung,https://x,\"mother, +7\"\n", "")
	if err != nil {
		t.Fatal(err)
	}
	r := recs[0]
	want := reckon.Record{RecordID: "r1", List: "kcna", FamilyName: "리", GivenName: "철수", Name: "리철수", Sex: "M",
		BirthDate: reckon.Date{Year: 1999}, DeathDate: reckon.Date{Year: 2024, Month: 12, Day: 17}, DeathPlace: "Курская область",
		Unit: "94th", Rank: "sergeant", HomeTown: "Hamhung", SourceURL: "https://x", Attributes: map[string]string{"kin": "mother, +7"}}
	if r.RecordID != want.RecordID || r.List != want.List || r.Name != want.Name || r.BirthDate != want.BirthDate ||
		r.DeathDate != want.DeathDate || r.DeathPlace != want.DeathPlace || r.Attributes["kin"] != "mother, +7" || r.Rank != want.Rank {
		t.Fatalf("got %+v\nwant %+v", r, want)
	}
}

// TestReadDirty: a value that does not parse inside a good row is kept as
// written and counted, or refused when the read is strict (issue 10).
func TestReadDirty(t *testing.T) {
	const data = "record_id,name,birth_date,death_date\n" +
		"1,Ri Chol,1945-04-93,2025-01\n" + // line 2: no 93rd day
		"2,Kim Chol,19450403,spring 1951\n" + // line 3: YYYYMMDD reads; words do not
		"3,Pak,\" 1999-13 \",\n" // line 4
	var w Warnings
	var recs []*reckon.Record
	for r, err := range ReadWith(strings.NewReader(data), "a.csv", Options{List: "a", Warnings: &w}) {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	want := []struct{ birth, death reckon.Date }{
		{reckon.Date{Raw: "1945-04-93"}, reckon.Date{Year: 2025, Month: 1}},
		{reckon.Date{Year: 1945, Month: 4, Day: 3}, reckon.Date{Raw: "spring 1951"}},
		{reckon.Date{Raw: "1999-13"}, reckon.Date{}},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i, r := range recs {
		if r.BirthDate != want[i].birth || r.DeathDate != want[i].death {
			t.Errorf("record %s: born %+v died %+v, want %+v %+v", r.RecordID, r.BirthDate, r.DeathDate, want[i].birth, want[i].death)
		}
	}
	wantFields := []FieldDirt{
		{Field: "birth_date", Kind: "date", Count: 2, First: Dirty{File: "a.csv", Line: 2, Field: "birth_date", Value: "1945-04-93"}},
		{Field: "death_date", Kind: "date", Count: 1, First: Dirty{File: "a.csv", Line: 3, Field: "death_date", Value: "spring 1951"}},
	}
	if !slices.Equal(w.Fields, wantFields) || w.Count() != 3 {
		t.Fatalf("warnings %+v", w.Fields)
	}
	const msg = `2 dates in birth_date did not parse (first: a.csv line 2 "1945-04-93"); ` +
		`1 date in death_date did not parse (first: a.csv line 3 "spring 1951"); kept as written`
	if w.String() != msg {
		t.Fatalf("summary\n%s\nwant\n%s", w.String(), msg)
	}
	if (&Warnings{}).String() != "" {
		t.Fatal("no warnings should say nothing")
	}

	// Strict: the first dirty value ends the read, with file, line and field.
	n := 0
	var err error
	for r, e := range ReadWith(strings.NewReader(data), "a.csv", Options{List: "a", Strict: true, Warnings: &Warnings{}}) {
		if e != nil {
			err = e
			break
		}
		n += len(r.RecordID)
	}
	var le *Error
	if !errors.As(err, &le) || le.Line != 2 || le.Field != "birth_date" || n != 0 ||
		!strings.HasPrefix(err.Error(), `a.csv line 2 field birth_date: date "1945-04-93" does not parse`) {
		t.Fatalf("strict: %d records before %v", n, err)
	}

	// A long value is cut in the summary, which stays one line.
	var long Warnings
	for _, e := range ReadWith(strings.NewReader("record_id,birth_date\n1,\""+strings.Repeat("x", 90)+"\n\"\n"), "b.csv", Options{List: "b", Warnings: &long}) {
		if e != nil {
			t.Fatal(e)
		}
	}
	if s := long.String(); strings.Contains(s, "\n") || !strings.Contains(s, strings.Repeat("x", reckon.MaxQuote)+`"…`) {
		t.Fatalf("long value: %s", s)
	}
}

// TestReadColumns: a file with its own column names, such as FEBRL's, is
// read through a mapping; headers may carry spaces.
func TestReadColumns(t *testing.T) {
	febrl := map[string]string{"rec_id": "record_id", "surname": "family_name", "date_of_birth": "birth_date"}
	tests := []struct {
		name    string
		data    string
		columns map[string]string
		wantErr string
	}{
		{name: "febrl", data: "rec_id, given_name, surname, date_of_birth, postcode\nrec-1-org, kate, smith, 19450403, 2612\n", columns: febrl},
		{name: "unused names ignored", data: "record_id,given_name,family_name,birth_date,postcode\nrec-1-org,kate,smith,1945-04-03,2612\n", columns: febrl},
		{name: "clash with a column of the file", data: "rec_id,record_id\n1,2\n", columns: febrl,
			wantErr: "a.csv line 1 field record_id: read as record_id, like column rec_id"},
		{name: "two renamed to one", data: "a,b\n1,2\n", columns: map[string]string{"a": "record_id", "b": "record_id"},
			wantErr: "a.csv: column mapping: a and b both renamed to record_id"},
		{name: "no record_id after mapping", data: "id,surname\n1,x\n", columns: febrl,
			wantErr: "a.csv line 1: no record_id column (columns: id,surname)"},
		{name: "errors name the file's column", data: "rec_id,surname\n1,\"\xff\"\n", columns: febrl,
			wantErr: "a.csv line 2 field surname: invalid UTF-8: the file is not UTF-8; convert it, or name its encoding (cp949, windows-1251, koi8-r …)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var recs []*reckon.Record
			var err error
			for r, e := range ReadWith(strings.NewReader(tt.data), "a.csv", Options{List: "a", Columns: tt.columns}) {
				if e != nil {
					err = e
					break
				}
				recs = append(recs, r)
			}
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(recs) != 1 {
				t.Fatalf("%d records, %v", len(recs), err)
			}
			r := recs[0]
			if r.RecordID != "rec-1-org" || r.FamilyName != "smith" || r.GivenName != "kate" ||
				r.BirthDate != (reckon.Date{Year: 1945, Month: 4, Day: 3}) || r.Attributes["postcode"] != "2612" || len(r.Attributes) != 1 {
				t.Fatalf("got %+v", r)
			}
		})
	}
}

func TestParseColumns(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string
		err      string
	}{
		{"empty", "", map[string]string{}, ""},
		{"two", " rec_id = record_id ,surname=family_name,", map[string]string{"rec_id": "record_id", "surname": "family_name"}, ""},
		{"no equals", "rec_id", nil, `column mapping "rec_id": want FROM=TO`},
		{"empty target", "rec_id=", nil, `column mapping "rec_id"="": empty column name`},
		{"two to one", "a=record_id,b=record_id", nil, "column mapping: a and b both renamed to record_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseColumns(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !maps.Equal(got, tt.want) {
				t.Fatalf("ParseColumns(%q) = %v, %v", tt.in, got, err)
			}
		})
	}
}

func TestWriteRead(t *testing.T) {
	in := []*reckon.Record{
		{RecordID: "1", List: "a", Name: "Ли Чхоль Су", BirthDate: reckon.Date{Year: 2001, Month: 5}, Attributes: map[string]string{"note": "x,\"y\""}},
		{RecordID: "2", List: "a", FamilyName: "Kim", GivenName: "Chol-su", DeathDate: reckon.Date{Raw: "1945-04-93"}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, in, "note"); err != nil {
		t.Fatal(err)
	}
	out, err := readAll(buf.String(), "")
	if err != nil || len(out) != 2 || out[0].Name != in[0].Name || out[0].BirthDate != in[0].BirthDate ||
		out[0].Attributes["note"] != `x,"y"` || out[1].GivenName != "Chol-su" || out[1].DeathDate != in[1].DeathDate {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
}

func TestReadPrivacy(t *testing.T) {
	const head = "record_id,family_name,home_town,relative_phone,sensitive,embargoed\n"
	tests := []struct {
		name      string
		data      string
		sensitive []string // Options.Sensitive
		want      [][]string
		embargoed []bool
		err       string // a substring of the error
	}{
		{name: "none", data: head + "1,Kim,Kaesong,,,\n", want: [][]string{nil}, embargoed: []bool{false}},
		{name: "per row", data: head + "1,Kim,Kaesong,+850,home_town;relative_phone,no\n2,Ri,,,,yes\n",
			want: [][]string{{"home_town", "relative_phone"}, nil}, embargoed: []bool{false, true}},
		{name: "comma separated, known field not in the file", data: head + "1,Kim,Kaesong,,\"home_town, birth_date\",0\n",
			want: [][]string{{"home_town", "birth_date"}}, embargoed: []bool{false}},
		{name: "whole column, only where there is a value", data: head + "1,Kim,,+850,,\n2,Ri,,,,\n", sensitive: []string{"relative_phone"},
			want: [][]string{{"relative_phone"}, nil}, embargoed: []bool{false, false}},
		{name: "whole column and per row, once each", data: head + "1,Kim,Kaesong,+850,relative_phone;home_town,TRUE\n", sensitive: []string{"relative_phone"},
			want: [][]string{{"relative_phone", "home_town"}}, embargoed: []bool{true}},
		{name: "unknown name in a cell", data: head + "1,Kim,,,passport,\n", err: "f.csv line 2 field sensitive: names \"passport\""},
		{name: "record id cannot be sensitive", data: head + "1,Kim,,,record_id,\n", err: "line 2 field sensitive: record_id identifies the record"},
		{name: "bad embargo", data: head + "1,Kim,,,,maybe\n", err: "line 2 field embargoed: \"maybe\": want true or false"},
		{name: "option names a missing column", data: head + "1,Kim,,,,\n", sensitive: []string{"address"}, err: "line 1: sensitive column \"address\" is not in the file"},
		{name: "option names list", data: "record_id,list\n1,a\n", sensitive: []string{"list"}, err: "line 1 field list: list identifies the record"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []*reckon.Record
			var err error
			for r, e := range ReadWith(strings.NewReader(tc.data), "f.csv", Options{List: "l", Sensitive: tc.sensitive}) {
				if e != nil {
					err = e
					break
				}
				got = append(got, r)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || len(got) != len(tc.want) {
				t.Fatalf("%d records, %v; want %d", len(got), err, len(tc.want))
			}
			for i, r := range got {
				if !slices.Equal(r.Sensitive, tc.want[i]) || r.Embargoed != tc.embargoed[i] {
					t.Errorf("record %d: sensitive %q embargoed %v, want %q %v", i, r.Sensitive, r.Embargoed, tc.want[i], tc.embargoed[i])
				}
				if _, ok := r.Attributes["sensitive"]; ok {
					t.Errorf("record %d keeps the sensitive column as an attribute", i)
				}
			}
		})
	}
}

func TestWriteReadPrivacy(t *testing.T) {
	in := []*reckon.Record{
		{RecordID: "1", List: "a", HomeTown: "Kaesong", Sensitive: []string{"home_town"}},
		{RecordID: "2", List: "a", Embargoed: true},
		{RecordID: "3", List: "a"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := readAll(buf.String(), "")
	if err != nil || len(out) != 3 || !slices.Equal(out[0].Sensitive, []string{"home_town"}) || !out[1].Embargoed ||
		out[2].Embargoed || out[2].Sensitive != nil {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
}

func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.csv")
	for _, s := range seeds {
		b, _ := os.ReadFile(s)
		f.Add(b)
	}
	f.Add([]byte("record_id,list,name,birth_date\na,b,c,1999-01\n"))
	f.Add([]byte("\ufeffrecord_id\r\n\"x\r\ny\"\r\n"))
	f.Add([]byte("record_id,home_town,sensitive,embargoed\n1,K,home_town;birth_date,yes\n"))
	f.Add([]byte("record_id,birth_date,death_date\n1,1945-04-93,19450403\n2,03.04.1945,spring\n"))
	f.Add([]byte("rec_id, given_name, surname, date_of_birth\nrec-1-org, kate, smith, 19450493\n"))
	columns := map[string]string{"rec_id": "record_id", "surname": "family_name", "date_of_birth": "birth_date"}
	f.Fuzz(func(t *testing.T, data []byte) {
		var w Warnings
		var recs []*reckon.Record
		var readErr error
		for r, err := range ReadWith(bytes.NewReader(data), "fuzz.csv", Options{List: "l", Columns: columns, Warnings: &w}) {
			if err != nil {
				var le *Error
				if !errors.As(err, &le) {
					t.Fatalf("error %T is not a *listcsv.Error: %v", err, err)
				}
				if r != nil {
					t.Fatal("a record with an error")
				}
				if len(err.Error()) > 2000 {
					t.Fatalf("error of %d bytes on %d bytes of input", len(err.Error()), len(data))
				}
				readErr = err
				break
			}
			if r.RecordID == "" || r.List == "" {
				t.Fatalf("record without id or list: %+v", r)
			}
			if err := r.CheckSensitive(); err != nil {
				t.Fatalf("a record the stores refuse: %v", err)
			}
			for _, d := range []reckon.Date{r.BirthDate, r.DeathDate} {
				if reckon.ParseDateLoose(d.String()) != d {
					t.Fatalf("date %+v does not round-trip", d)
				}
			}
			recs = append(recs, r)
		}
		// Every date kept as written is counted, and nothing else.
		raw := 0
		for _, r := range recs {
			for _, d := range []reckon.Date{r.BirthDate, r.DeathDate} {
				if d.Raw != "" {
					raw++
				}
			}
		}
		if readErr == nil && raw != w.Count() {
			t.Fatalf("%d dates kept as written, %d counted", raw, w.Count())
		}
		if s := w.String(); strings.Contains(s, "\n") || (s == "") != (w.Count() == 0) {
			t.Fatalf("summary %q for %d values", s, w.Count())
		}
		// A strict read of the same bytes gives the same records up to its
		// first dirty value, then an error at that value.
		n := 0
		var strictErr error
		for r, err := range ReadWith(bytes.NewReader(data), "fuzz.csv", Options{List: "l", Columns: columns, Strict: true}) {
			if err != nil {
				strictErr = err
				break
			}
			if n >= len(recs) || r.RecordID != recs[n].RecordID {
				t.Fatalf("strict read gives record %d %q, lenient %d records", n, r.RecordID, len(recs))
			}
			n++
		}
		if w.Count() == 0 && (strictErr == nil) != (readErr == nil) {
			t.Fatalf("no dirty values, but strict %v and lenient %v", strictErr, readErr)
		}
		if w.Count() > 0 && strictErr == nil {
			t.Fatalf("%d dirty values, but the strict read succeeded", w.Count())
		}
	})
}
