package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
)

// withStore returns the RunE of a command that works on the workspace's
// store: it opens the store (see env.openStore), runs run with it and
// closes it, returning run's error, else Close's. Errors are handled
// errors, as with handled.
func (e *env) withStore(run func(cmd *cobra.Command, s reckon.Store, args []string) error) func(*cobra.Command, []string) error {
	return handled(func(cmd *cobra.Command, args []string) error {
		return e.useStore(cmd, func(s reckon.Store) error { return run(cmd, s, args) })
	})
}

// withStoreID is withStore for a command whose one argument is the ID of
// a what (claim, estimate, person …): the ID is read before the store is
// opened, so that a bad one is said whatever the workspace.
func (e *env) withStoreID(what string, run func(cmd *cobra.Command, s reckon.Store, id int64) error) func(*cobra.Command, []string) error {
	return handled(func(cmd *cobra.Command, args []string) error {
		id, err := parseID(what, args[0])
		if err != nil {
			return err
		}
		return e.useStore(cmd, func(s reckon.Store) error { return run(cmd, s, id) })
	})
}

// useStore opens the workspace's store, runs f with it and closes it,
// returning f's error, else Close's.
func (e *env) useStore(cmd *cobra.Command, f func(s reckon.Store) error) (err error) {
	s, err := e.openStore(cmd.Context())
	if err != nil {
		return err
	}
	defer func() {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}()
	return f(s)
}

// openArg opens the file a command's argument names, or standard input
// for "-"; the caller closes what it returns (closing standard input
// does nothing).
func (e *env) openArg(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return os.Open(name)
}
