package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/sqlite"
)

// runOK runs the CLI in-process and returns its stdout, failing t on
// an error.
func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb strings.Builder
	if code := run(context.Background(), args, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("reckon %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// figures are what an estimate states: the model and N-hat with its 95%
// interval.
type figures struct {
	Model              string
	NHat, Lower, Upper float64
}

func fl(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// mseFigures reads the figures of method m from the output of reckon mse
// --format json, the machine contract, as reckon estimate states them.
func mseFigures(t *testing.T, m reckon.Method, out string) figures {
	t.Helper()
	var r mse.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("reckon mse output: %v\n%s", err, out)
	}
	if why, ok := r.Skipped[string(m)]; ok {
		t.Fatalf("reckon mse did not run %s: %s", m, why)
	}
	switch m {
	case reckon.MethodLogLinear:
		b := r.LogLinear.BestBIC
		f := figures{Model: b.Name, NHat: fl(b.NHat), Lower: fl(b.Lower), Upper: fl(b.Upper)}
		if b.UpperGT {
			f.Upper = math.Inf(1)
		}
		return f
	case reckon.MethodStepwise:
		s := r.Stepwise
		return figures{Model: "main effects + " + "[" + strings.Join(s.Terms, " ") + "]", NHat: fl(s.NHat), Lower: fl(s.Lower), Upper: fl(s.Upper)}
	case reckon.MethodLCMCR:
		return figures{Model: "", NHat: r.LCMCR.Median, Lower: r.LCMCR.Lower, Upper: r.LCMCR.Upper}
	case reckon.MethodClosedp:
		b := r.Closedp.BestBIC
		f := figures{Model: b.Name, NHat: fl(b.NHat), Lower: fl(b.Lower), Upper: fl(b.Upper)}
		if b.UpperGT {
			f.Upper = math.Inf(1)
		}
		return f
	case reckon.MethodChao:
		lb := r.Chao.LowerBound
		return figures{NHat: lb.NHat, Lower: lb.Lower, Upper: lb.Upper}
	case reckon.MethodDGA:
		return figures{NHat: r.DGA.Median, Lower: r.DGA.Lower, Upper: r.DGA.Upper}
	}
	t.Fatalf("method %s has no figures in reckon mse's output", m)
	return figures{}
}

// checkRecipes runs every stored estimate of the workspace in dir through
// the command its page and reckon estimate show print, and asks for the
// stored figures exactly.
func checkRecipes(t *testing.T, dir string, want map[reckon.Method]bool) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, dbName))
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Estimates(ctx, reckon.EstimateFilter{})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	seen := map[reckon.Method]bool{}
	strata := 0
	for _, e := range es {
		recipe, err := pipeline.Recipe(e)
		if err != nil {
			t.Errorf("estimate %d (%s): %v", e.ID, e.Method, err)
			continue
		}
		if e.Method == reckon.MethodMinimum || e.SumOfStrata() {
			// A sum over strata is reproduced through its strata's
			// recipes; the documented minimum by its input's rows.
			if recipe != "" {
				t.Errorf("estimate %d (%s, %s): a recipe %q where none is due", e.ID, e.Method, e.Stratum, recipe)
			}
			continue
		}
		seen[e.Method] = true
		if e.Stratum != "" {
			strata++
		}
		input := filepath.Join(tmp, "input.csv")
		if err := os.WriteFile(input, []byte(e.Input), 0o644); err != nil {
			t.Fatal(err)
		}
		args := strings.Fields(recipe)
		if args[0] != "reckon" || args[2] != "input.csv" {
			t.Fatalf("estimate %d: recipe %q does not start reckon mse input.csv", e.ID, recipe)
		}
		args[2] = input
		got := mseFigures(t, e.Method, runOK(t, args[1:]...))
		stored := figures{Model: got.Model, NHat: e.NHat, Lower: e.Lower, Upper: e.Upper}
		if e.Method == reckon.MethodLogLinear || e.Method == reckon.MethodStepwise || e.Method == reckon.MethodClosedp {
			stored.Model = e.Model
		}
		if !sameFigures(got, stored) {
			t.Errorf("estimate %d (%s %s) is stored as %s %v [%v, %v]; its recipe\n\t%s\ngives %s %v [%v, %v]", e.ID, e.Method, e.Stratum,
				stored.Model, stored.NHat, stored.Lower, stored.Upper, recipe, got.Model, got.NHat, got.Lower, got.Upper)
		}
	}
	for m := range want {
		if !seen[m] {
			t.Errorf("no stored %s estimate to reproduce", m)
		}
	}
	t.Logf("%d estimates, %d of strata, reproduced", len(es), strata)
}

func sameFigures(a, b figures) bool {
	eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	return a.Model == b.Model && eq(a.NHat, b.NHat) && eq(a.Lower, b.Lower) && eq(a.Upper, b.Upper)
}

// TestDemoEstimatesReproduce (issue 12): every stored estimate of the
// demo is reproduced exactly by its printed command.
func TestDemoEstimatesReproduce(t *testing.T) {
	checkRecipes(t, mustDemo(t), map[reckon.Method]bool{reckon.MethodLogLinear: true, reckon.MethodStepwise: true, reckon.MethodLCMCR: true, reckon.MethodDGA: true})
}

// TestEstimatesReproduce (issue 12): on a synthetic workspace, every
// estimate reckon estimate stores, of every method, of the whole
// population and of strata, with default and with chosen settings, is
// reproduced exactly by its printed command.
func TestEstimatesReproduce(t *testing.T) {
	if testing.Short() {
		t.Skip("estimates with every method (seconds)")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	runOK(t, "synth", "lists", "--n", "1500", "--lists", "4", "--seed", "5", "--out", filepath.Join(dir, "lists"))
	runOK(t, "init", ws)
	var lists []string
	for _, l := range []string{"captured", "gur", "kcna", "press"} { // truth.csv is the answer, no list
		lists = append(lists, filepath.Join(dir, "lists", l+".csv"))
	}
	runOK(t, append([]string{"--workspace", ws, "import", "records"}, lists...)...)
	runOK(t, "--workspace", ws, "link")
	light := []string{"--burnin", "300", "--samples", "200", "--thin", "5", "--chains", "2"}
	// Every method by stratum, LCMCR and dga with chosen settings.
	runOK(t, append([]string{"--workspace", ws, "estimate", "--draws", "0", "--strata", "death_year",
		"--method", "loglinear,stepwise,lcmcr,closedp,chao,dga", "--seed", "3", "--dga-delta", "0.25"}, light...)...)
	// The whole population with the defaults but LCMCR's length.
	runOK(t, append([]string{"--workspace", ws, "estimate", "--draws", "0",
		"--method", "loglinear,stepwise,lcmcr,closedp,chao,dga"}, light...)...)
	all := map[reckon.Method]bool{}
	for _, m := range reckon.Methods[1:] {
		all[m] = true
	}
	checkRecipes(t, ws, all)
}
