package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/server"
)

// TestEstimatePagesClosedpChao: the pages show closedp's models and
// chao's lower bounds, and the estimates can be filtered by them (issue
// 14).
func TestEstimatePagesClosedpChao(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	input := "a,b,c,count\n0,0,1,60\n0,1,0,55\n0,1,1,20\n1,0,0,70\n1,0,1,25\n1,1,0,30\n1,1,1,40\n"
	tb, err := mse.ReadCSV(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := mse.Closedp(tb, mse.ClosedpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lb, err := mse.LowerBound(tb, mse.LowerBoundOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range []struct {
		method reckon.Method
		result any
		nhat   float64
	}{{"closedp", cp, cp.Models[cp.BestBIC].NHat}, {"chao", lb, lb.Chao}} {
		b, err := json.Marshal(c.result)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(input))
		e := &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: c.method, Observed: tb.N(),
			NHat: c.nhat, Lower: c.nhat - 10, Upper: c.nhat + 10, Lists: tb.Lists, Input: input, InputHash: hex.EncodeToString(sum[:]),
			Settings: "{}", Seed: 1, Version: "test", Result: string(b)}
		if err := f.st.SaveEstimate(ctx, e); err != nil {
			t.Fatal(err)
		}
		ids[string(c.method)] = e.ID
	}
	res, body := do(t, s, "GET", fmt.Sprintf("/estimates/%d", ids["closedp"]), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Mth Poisson2") || !strings.Contains(body, "Mbh") {
		t.Errorf("closedp page: %d, want its models\n%s", res.StatusCode, body)
	}
	res, body = do(t, s, "GET", fmt.Sprintf("/estimates/%d", ids["chao"]), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Chao's lower bound") || !strings.Contains(body, "Sample coverage") || !strings.Contains(body, "bootstrap tables") {
		t.Errorf("chao page: %d, want the bounds\n%s", res.StatusCode, body)
	}
	for _, m := range []string{"closedp", "chao"} {
		if res, _ := do(t, s, "GET", "/api/v1/estimates?method="+m, nil); res.StatusCode != http.StatusOK {
			t.Errorf("filter by %s: %d", m, res.StatusCode)
		}
	}
	if res, body := do(t, s, "GET", "/api/v1/estimates?method=magic", nil); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "closedp, chao or dga") {
		t.Errorf("filter by magic: %d %s", res.StatusCode, body)
	}
}

// TestEstimatePageUnreadableResult (issue 12): a stored result that does
// not read as its method's is said on the page, with the figures, not
// silently left out.
func TestEstimatePageUnreadableResult(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	input := "a,b,count\n0,1,5\n1,0,7\n1,1,3\n"
	sum := sha256.Sum256([]byte(input))
	for _, c := range []struct {
		method reckon.Method
		result string
	}{
		{reckon.MethodStepwise, `{"NHat":"many"}`},
		{reckon.MethodLCMCR, `[1,2]`},
		{reckon.MethodLogLinear, `{"Models":{}}`},
		{reckon.MethodMinimum, `{"link_sensitivity":3}`},
	} {
		e := &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: c.method, Observed: 15,
			NHat: 21, Lower: 18, Upper: 30, Lists: []string{"a", "b"}, Input: input, InputHash: hex.EncodeToString(sum[:]),
			Settings: "{}", Seed: 1, Version: "test", Result: c.result}
		if err := f.st.SaveEstimate(ctx, e); err != nil {
			t.Fatal(err)
		}
		res, body := do(t, s, "GET", fmt.Sprintf("/estimates/%d", e.ID), nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "does not read") || !strings.Contains(body, fmt.Sprintf("estimate %d: result does not read as %s", e.ID, c.method)) {
			t.Errorf("%s with result %s: %d, want the figures and why the result does not read\n%s", c.method, c.result, res.StatusCode, body)
		}
	}
}
