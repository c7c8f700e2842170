package reckon_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

func validTrace() *reckon.TraceRequest {
	return &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"김철수"}, BirthDate: reckon.Date{Year: 2003}},
		Contact: reckon.Contact{Email: "mother@example.org", Phone: "+82 10 5555 0100", Address: "Hamhung"}, Consent: true}
}

// TestTraceValidate: what a store refuses of a tracing request, and why
// (issue 16).
func TestTraceValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*reckon.TraceRequest)
		want string // "" for valid
	}{
		{"valid", func(*reckon.TraceRequest) {}, ""},
		{"phone only", func(r *reckon.TraceRequest) { r.Contact.Email = "" }, ""},
		{"family and given names only", func(r *reckon.TraceRequest) {
			r.Sought.Names, r.Sought.FamilyName, r.Sought.GivenName = nil, "Ким", "Чхоль Су"
		}, ""},
		{"no consent", func(r *reckon.TraceRequest) { r.Consent = false }, "consent"},
		{"no name", func(r *reckon.TraceRequest) { r.Sought.Names = []string{"", "  "} }, "name the person"},
		{"no contact", func(r *reckon.TraceRequest) { r.Contact = reckon.Contact{Name: "Pak"} }, "email address or a phone"},
		{"bad email", func(r *reckon.TraceRequest) { r.Contact.Email = "Mother <m@example.org>" }, "not an address"},
		{"control character", func(r *reckon.TraceRequest) { r.Sought.HomeTown = "a\x1bb" }, "control character"},
		{"bad UTF-8", func(r *reckon.TraceRequest) { r.Contact.Name = "\xff" }, "not UTF-8"},
		{"long name", func(r *reckon.TraceRequest) { r.Sought.Names = []string{strings.Repeat("김", 70)} }, "longer than"},
		{"too many names", func(r *reckon.TraceRequest) { r.Sought.Names = make([]string, 11); r.Sought.Names[0] = "x" }, "at most"},
		{"unknown status", func(r *reckon.TraceRequest) { r.Status = "lost" }, "unknown trace status"},
		{"withdrawn without contact", func(r *reckon.TraceRequest) { r.Status, r.Contact = reckon.TraceWithdrawn, reckon.Contact{} }, ""},
	}
	for _, tt := range tests {
		r := validTrace()
		tt.edit(r)
		err := r.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || reckon.ErrorCode(err) != reckon.EINVALID):
			t.Errorf("%s: %v, want invalid %q", tt.name, err, tt.want)
		}
	}
}

// TestTraceViews: what those who may not see contacts and the audit log
// get of a request.
func TestTraceViews(t *testing.T) {
	r := validTrace()
	w := r.Withheld()
	if !w.Contact.IsZero() || !w.ContactWithheld || r.Contact.IsZero() {
		t.Errorf("withheld %+v, original %+v", w, r)
	}
	b, _ := json.Marshal(r.AuditView())
	for _, secret := range []string{"mother@example.org", "5555", "Hamhung", "contact"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the audit view holds %q: %s", secret, b)
		}
	}
	rec := r.Record()
	if rec.List != "trace" || rec.Name != "김철수" || rec.BirthDate.Year != 2003 {
		t.Errorf("record %+v", rec)
	}
}

// FuzzTraceRequest: validation never panics, and a request that
// validates still validates after Normalize, as a store keeps it.
func FuzzTraceRequest(f *testing.F) {
	f.Add("김철수", "mother@example.org", "+82 10", "2003", "note")
	f.Add(" Ким Чхоль Су ", "", "+7 900", "spring 2003", "")
	f.Add("", "x@y", "", "", "\x00")
	f.Fuzz(func(t *testing.T, name, email, phone, born, note string) {
		r := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{name}, BirthDate: reckon.ParseDateLoose(born), Note: note},
			Contact: reckon.Contact{Email: email, Phone: phone}, Consent: true}
		if r.Validate() != nil {
			return
		}
		r.Normalize()
		if err := r.Validate(); err != nil {
			t.Errorf("valid before Normalize, not after: %v", err)
		}
	})
}
