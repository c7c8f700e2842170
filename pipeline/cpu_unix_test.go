//go:build unix

package pipeline_test

import "syscall"

// cpuNanos returns the process's user plus system CPU time in
// nanoseconds, so that benchmarks on a shared machine can report CPU time
// beside wall time.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
