package reckon

import (
	"strings"
	"testing"
)

// TestCorrectionValidate: a report names a record, a kind and what is
// wrong; the field it names, if any, is a record's field, so that every
// edge (the roll's form, the API, the command line) and every store
// refuse the same reports.
func TestCorrectionValidate(t *testing.T) {
	ok := Correction{Record: RecordKey{List: "kcna", RecordID: "1"}, Kind: CorrectionFix, Text: "born 2001"}
	for _, tc := range []struct {
		name string
		edit func(c *Correction)
		want string // "" valid, else a piece of the message
	}{
		{"valid", func(*Correction) {}, ""},
		{"a record field", func(c *Correction) { c.Field = "birth_date" }, ""},
		{"not a record field", func(c *Correction) { c.Field = "shoe_size" }, `field "shoe_size": want one of family_name`},
		{"no record", func(c *Correction) { c.Record = RecordKey{} }, "record is required"},
		{"no text", func(c *Correction) { c.Text = " " }, "text is empty"},
		{"control character", func(c *Correction) { c.Reporter = "a\x01" }, "reporter"},
	} {
		c := ok
		tc.edit(&c)
		err := c.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want invalid with %q", tc.name, err, tc.want)
		}
	}
}
