package linkage

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/reckonhq/reckon/synth"
)

func TestScaleDev(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SCALE_N"))
	if n == 0 {
		return
	}
	start := time.Now()
	recs, truth := synthLists(t, synth.Options{N: n}, 7)
	fmt.Println("gen", len(recs), time.Since(start))
	runtime.GC()
	start = time.Now()
	last := ""
	res, err := Link(recs, nil, Config{}, Options{Progress: func(s string, d, tot int) {
		if s != last {
			fmt.Printf("  %-14s at %v\n", s, time.Since(start).Round(time.Millisecond))
			last = s
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("link", time.Since(start))
	fmt.Printf("%+v\n", res.Stats.Blocking)
	ev := Evaluate(truth, res.Prediction())
	fmt.Printf("pairwise %+v cluster %+v\n", ev.Pairwise, ev.Cluster)
	fmt.Println("blocking recall", blockingRecall(res, truth), "lambda", res.Model.Lambda)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("sys MiB", ms.Sys>>20)
}
