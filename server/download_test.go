package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/csvout"
	"github.com/reckonhq/reckon/server"
)

// TestDownloadsDefuseFormulas: every CSV the API gives out, found from
// the OpenAPI description so that a new one is checked too, makes inert
// each value a spreadsheet would run as a formula, in every column, and
// leaves plain numbers such as -5 alone (issue 11, item 13).
func TestDownloadsDefuseFormulas(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	src := &reckon.Source{Name: "=src", Kind: reckon.KindNGO, URL: "=HYPERLINK(\"u\")", Note: "@note"}
	if err := st.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	text := "-2+3 soldiers were killed, +1 said the =committee."
	c := claimOf(t, text, "-2+3", reckon.Killed, reckon.Closed(5, 5), reckon.Exact, "=committee")
	c.Subject, c.Date = "@soldiers", "-2025"
	mustAddDocument(t, st, &reckon.Document{SourceID: src.ID, Title: "=title", URL: "+url"}, text, c)
	all, _ := st.Claims(ctx, reckon.ClaimFilter{})
	if _, err := st.ReviewClaim(ctx, all[0].ID, &reckon.Review{Action: reckon.ActionReject, By: "=ana", Why: "\t=why"}, nil); err != nil {
		t.Fatal(err)
	}
	imp := &reckon.Import{SourceID: src.ID, List: "-list", File: "=file.csv", Hash: "h"}
	rec := &reckon.Record{RecordID: "=1", List: "-list", FamilyName: "=fam", GivenName: "+given", Name: "@name", Sex: "-sex",
		BirthDate: reckon.Date{Raw: "=1945-04-93"}, DeathDate: reckon.Date{Raw: "\r=d"}, DeathPlace: "=place", Unit: "-unit",
		Rank: "+rank", HomeTown: "@town", SourceURL: "=url", Attributes: map[string]string{"age": "-5", "note": "=HYPERLINK(\"x\")"}}
	if _, err := st.ImportRecords(ctx, imp, records(rec)); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{1}}, nil); err != nil {
		t.Fatal(err)
	}
	s, _ := newServer(t, st, server.Options{})

	_, body := do(t, s, "GET", "/api/v1/openapi.json", nil)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	var targets []string
	for path, ops := range doc.Paths {
		if _, ok := ops["get"]; !ok || strings.Contains(path, "{") {
			// The {id} CSV is an estimate's input, kept byte for byte
			// as its hash says: capture histories of list names.
			continue
		}
		if strings.HasSuffix(path, ".csv") {
			targets = append(targets, path)
		} else if !strings.HasSuffix(path, ".json") {
			targets = append(targets, path+"?format=csv") // lists that also answer CSV
		}
	}
	checked := 0
	for _, target := range targets {
		res, body := do(t, s, "GET", target, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			continue // not a CSV route
		}
		checked++
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("GET %s: %v\n%s", target, err, body)
		}
		defused := 0
		for _, row := range rows {
			for _, v := range row {
				if csvout.Cell(v) != v {
					t.Errorf("GET %s: cell %q would run as a formula", target, v)
				}
				if strings.HasPrefix(v, "'") {
					defused++
				}
				if v == "'-5" {
					t.Errorf("GET %s: the number -5 was quoted", target)
				}
			}
		}
		if defused == 0 {
			t.Errorf("GET %s: no formula in the fixture reached it:\n%s", target, body)
		}
	}
	if checked < 6 {
		t.Fatalf("only %d CSV routes found in %v", checked, targets)
	}
}
