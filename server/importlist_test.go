package server_test

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon/server"
)

// TestImportOwnList: a CSV whose rows name their list is filed under
// that list, not the file's name, so that the lists page counts its
// records beside their persons (issue 11, item 16).
func TestImportOwnList(t *testing.T) {
	st := openStore(t)
	s, _ := newServer(t, st, server.Options{})
	csv := "record_id,list,family_name\nf1,families,Kim\nf2,families,Ri\nf3,families,Pak\n"
	res, body := do(t, s, "POST", "/api/v1/imports?filename=fam.csv", strings.NewReader(csv), "Content-Type", "text/csv")
	if res.StatusCode != 201 || !strings.Contains(body, `"list":"families"`) {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	if _, body := do(t, s, "GET", "/api/v1/imports", nil); !strings.Contains(body, `"list":"families"`) || strings.Contains(body, `"list":"fam"`) {
		t.Errorf("imports: %s", body)
	}
	_, body = do(t, s, "GET", "/api/v1/lists", nil)
	if strings.Contains(body, `"list":"fam"`) || !strings.Contains(body, `"list":"families","records":3`) {
		t.Errorf("lists: %s", body)
	}

	// A file of two lists counts each list's records under that list.
	csv = "record_id,list,family_name\nf4,families,Kim\nk1,kcna,Ri\nk2,kcna,Pak\n"
	res, body = do(t, s, "POST", "/api/v1/imports?filename=mixed.csv", strings.NewReader(csv), "Content-Type", "text/csv")
	if res.StatusCode != 201 || !strings.Contains(body, `"lists":{"families":1,"kcna":2}`) {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	_, body = do(t, s, "GET", "/api/v1/lists", nil)
	if strings.Contains(body, `"list":"mixed"`) || !strings.Contains(body, `"list":"families","records":4`) || !strings.Contains(body, `"list":"kcna","records":2`) {
		t.Errorf("lists: %s", body)
	}
}
