package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon/demo"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/sqlite"
)

func newDemoCmd(e *env) *cobra.Command {
	var f serveFlags
	var dir string
	var n int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "demo [--addr 127.0.0.1:8080] [--dir DIR]",
		Short: "build a demo workspace and serve it",
		Long: `demo builds a workspace from example articles written for the project and
synthetic multi-script lists of the dead (reckon synth), runs extraction,
linkage and estimation over them, and serves the dashboard. It never waits
for input: open the address it prints.

Without --dir the workspace goes into a new temporary folder, removed when
the demo stops (Ctrl-C included). A --dir that
already holds a demo workspace is served as it is. When the default address
is taken, a free port is used instead.

The lists hold personal data as real ones do: every home town is marked
sensitive and a few records are embargoed. With --read-only the demo is
served as the public sees it, without them.`,
		Example: "  reckon demo\n  reckon demo --dir ./demo-ws --addr 127.0.0.1:9000",
		Args:    cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if dir == "" {
				d, err := os.MkdirTemp("", "reckon-demo-")
				if err != nil {
					return err
				}
				dir = d
				// A temporary workspace goes when the demo ends, also on
				// Ctrl-C (the context is cancelled, serve returns); this
				// runs last, after the store is closed.
				defer func() {
					if err := os.RemoveAll(d); err != nil {
						fmt.Fprintf(e.stderr, "reckon: demo: could not remove %s: %v\n", d, err)
						return
					}
					e.printf("demo: removed the temporary workspace %s (keep one with --dir)\n", d)
				}()
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			s, err := sqlite.Open(ctx, filepath.Join(dir, dbName))
			if err != nil {
				return err
			}
			defer s.Close()
			srcs, err := s.Sources(ctx)
			if err != nil {
				return err
			}
			if len(srcs) == 0 {
				start := time.Now()
				sum, err := demo.Build(ctx, s, demo.Options{N: n, Seed: seed, Progress: func(step string) { e.printf("demo: %s\n", step) }})
				if err != nil {
					return err
				}
				e.printf("demo: built in %s: %d documents with %d claims, %d records linked into %d persons, %d estimates (true number of dead: %d)\n",
					time.Since(start).Round(time.Millisecond), sum.Documents, sum.Claims, sum.Records, sum.Persons, sum.Estimates, sum.TrueN)
			} else {
				e.printf("demo: serving the workspace already in %s\n", dir)
			}
			if !cmd.Flags().Changed("addr") {
				f.addr = freeIfTaken(f.addr)
			}
			// Relinking after a review uses the demo's own random stream,
			// so that a decision changes only what it decides.
			eopt := pipeline.EngineOptions{Rand: func() *rand.Rand { return rand.New(rand.NewPCG(seed, 11)) }}
			return serve(ctx, e, s, f, "demo workspace "+dir, eopt)
		}),
	}
	f.add(cmd)
	cmd.Flags().StringVar(&dir, "dir", "", "workspace `folder` (default: a new temporary folder)")
	cmd.Flags().IntVar(&n, "n", 3000, "true number of dead in the synthetic lists")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed")
	return cmd
}

// freeIfTaken returns addr when it can be listened on, else the same host
// with port 0, which picks a free port.
func freeIfTaken(addr string) string {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		ln.Close()
		return addr
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		return addr
	}
	host, _, _ := net.SplitHostPort(addr)
	return net.JoinHostPort(host, "0")
}
