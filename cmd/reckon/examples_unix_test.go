//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// killGroup runs c in a process group of its own and makes its
// cancellation kill the whole group, so that no command of an example
// outlives it.
func killGroup(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Cancel = func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
}
