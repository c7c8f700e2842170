package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// startupBudget is what the package initialisers of reckon's own packages
// may allocate in all, in bytes. Every command pays for them before it
// starts, `reckon mse` and `reckon version` as much as `reckon serve`; so
// tables that only some commands use are built on first use
// (sync.OnceValue), not at start-up. Issue 14: the extract, names, report
// and military packages built about 1.1 MB of tables at start-up (extract
// 574 KB, names 322 KB, report's template 116 KB), several milliseconds of
// CPU on every run; now about 0.34 MB.
const startupBudget = 512 << 10

// TestStartupAllocations runs this test binary's initialisers alone
// (GODEBUG=inittrace=1 prints each package's) and checks that reckon's own
// packages stay within startupBudget.
func TestStartupAllocations(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s -test.run=^$: %v\n%s", os.Args[0], err, stderr.String())
	}
	type pkgInit struct {
		name  string
		bytes int
	}
	var inits []pkgInit
	total := 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init github.com/reckonhq/reckon/names @12 ms, 3.0 ms clock, 321712 bytes, 11561 allocs
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] != "init" || !strings.HasPrefix(f[1], "github.com/reckonhq/reckon") || f[8] != "bytes," {
			continue
		}
		b, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", sc.Text(), err)
		}
		inits = append(inits, pkgInit{f[1], b})
		total += b
	}
	if len(inits) == 0 {
		t.Fatalf("no inittrace lines for reckon's packages in:\n%s", stderr.String())
	}
	t.Logf("reckon's package initialisers allocate %d bytes (budget %d)", total, startupBudget)
	if total > startupBudget {
		slices.SortFunc(inits, func(a, b pkgInit) int { return b.bytes - a.bytes })
		var top []string
		for _, p := range inits[:min(5, len(inits))] {
			top = append(top, fmt.Sprintf("%s %d", p.name, p.bytes))
		}
		t.Errorf("reckon's package initialisers allocate %d bytes, budget %d: build tables on first use (largest: %s)",
			total, startupBudget, strings.Join(top, ", "))
	}
}
