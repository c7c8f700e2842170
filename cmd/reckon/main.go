// Command reckon keeps a ledger of casualty figure claims with their
// evidence. Run "reckon --help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/reckonhq/reckon"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses: the contract of DESIGN.md.
const (
	exitOK    = 0
	exitError = 1 // a handled error, one line on stderr
	exitUsage = 2 // bad usage
)

// handledError marks an error that a command returned while doing its
// work, as opposed to cobra's errors about flags and arguments.
type handledError struct{ err error }

func (e handledError) Error() string { return e.err.Error() }
func (e handledError) Unwrap() error { return e.err }

// usageError is bad usage that a command finds itself, such as flags
// that do not go together: it exits 2 like cobra's own usage errors.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef returns a usageError with the message formatted as fmt.Sprintf.
func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// reported marks a failure whose details the command has printed already;
// run prints nothing more for it.
var errReported = errors.New("reported")

// run is the whole program with its inputs and outputs passed in, so that
// tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	root := newRootCmd(env)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var h handledError
	var u usageError
	if errors.As(err, &u) || !errors.As(err, &h) {
		fmt.Fprintf(stderr, "reckon: %s (see --help)\n", strings.TrimSpace(err.Error()))
		return exitUsage
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintf(stderr, "reckon: %s\n", message(h.err))
	}
	return exitError
}

// message is the one line shown for an error: the domain message where
// there is one, else the error text.
func message(err error) string {
	var e *reckon.Error
	if errors.As(err, &e) && err.Error() == e.Message {
		return e.Message
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}
