package server_test

import (
	"os"
	"testing"

	"github.com/reckonhq/reckon/auth"
)

// TestMain lowers argon2id's cost for the tests: every new password and
// every sign-in hashes with auth.DefaultParams (64 MiB, 3 passes), which
// was most of the server tests' time (issue 12). A hash records its
// parameters, so checking one is unaffected; auth's own tests check the
// real cost.
func TestMain(m *testing.M) {
	auth.DefaultParams = auth.Params{Memory: 64, Time: 1, Threads: 1}
	os.Exit(m.Run())
}
