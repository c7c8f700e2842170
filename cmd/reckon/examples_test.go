package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// example is one line of a command's Example, continuation lines joined.
type example struct {
	cmd  string // the command path whose help shows it
	line string
}

// helpExamples collects every example of every command's --help.
func helpExamples() []example {
	var out []example
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		lines := strings.Split(strings.ReplaceAll(c.Example, "\\\n", " "), "\n")
		for _, l := range lines {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				out = append(out, example{c.CommandPath(), l})
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCmd(&env{getenv: os.Getenv}))
	return out
}

// The order in which the examples run: a session that builds its own
// workspace, each command after those whose output it needs.
var exampleOrder = []string{
	"reckon init", "reckon source add", "reckon add", "reckon claims list", "reckon claims edit", "reckon claims add",
	"reckon claims merge", "reckon extract", "reckon synth lists", "reckon import records", "reckon records protect",
	"reckon link", "reckon link explain", "reckon link eval",
	"reckon trace add", "reckon trace list", "reckon trace match", "reckon trace show", "reckon trace reject",
	"reckon trace confirm", "reckon trace close", "reckon trace reopen", "reckon trace withdraw", "reckon trace deliver",
	"reckon corrections add", "reckon corrections list", "reckon corrections show", "reckon corrections resolve", "reckon estimate", "reckon report",
	"reckon release create", "reckon release export", "reckon release key", "reckon release verify", "reckon release diff", "reckon mse",
	"reckon synth scenario", "reckon synth coverage", "reckon synth review-sim", "reckon synth scenarios",
	"reckon user add", "reckon token create", "reckon backup", "reckon migrate", "reckon serve", "reckon demo",
}

// notRun are the examples that are only checked to parse, and why. With
// RECKON_TEST_ALL_EXAMPLES=1 the slow ones run too, each for up to
// slowTimeout (give go test a -timeout to match); servers, PostgreSQL and
// the experiments never do.
var notRun = map[string]string{
	"reckon serve":            "serves until stopped",
	"reckon demo":             "serves until stopped",
	"reckon migrate":          "needs a PostgreSQL server at the address it names",
	"reckon estimate":         "slow: 20 or 50 linkage draws, each linked and estimated (minutes)",
	"reckon mse":              "slow: every method with its bootstraps (a minute)",
	"reckon synth coverage":   "an experiment of many runs, minutes to hours; its parts are tested in package synth",
	"reckon synth review-sim": "an experiment of many runs, minutes to hours; its parts are tested in package synth",
	"reckon synth scenarios":  "an experiment of many runs, minutes to hours; its parts are tested in package synth",
}

// How long one example may take, and one of the slow ones.
const (
	exampleTimeout = 2 * time.Minute
	slowTimeout    = 15 * time.Minute
)

// whyNotRun says why ex is not run, or "" to run it.
func whyNotRun(ex example) string {
	if strings.Contains(ex.line, "postgres://") {
		return "needs a PostgreSQL server at the address it names"
	}
	why := notRun[ex.cmd]
	if strings.HasPrefix(why, "slow") && os.Getenv("RECKON_TEST_ALL_EXAMPLES") == "1" {
		return ""
	}
	return why
}

// shellWords splits a shell command line into pipeline segments of
// words: quotes are removed, and the operators &&, ||, |, ; end a
// segment; a redirection (>, >>, <) and its target are dropped.
func shellWords(line string) [][]string {
	var segs [][]string
	var words []string
	var w strings.Builder
	inWord, skipNext := false, false
	flush := func() {
		if inWord {
			if skipNext {
				skipNext = false
			} else {
				words = append(words, w.String())
			}
		}
		w.Reset()
		inWord = false
	}
	end := func() {
		flush()
		if len(words) > 0 {
			segs = append(segs, words)
		}
		words = nil
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				j = len(line) - i - 1
			}
			w.WriteString(line[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == ' ':
			flush()
		case c == '&' || c == '|' || c == ';':
			end()
			if i+1 < len(line) && line[i+1] == c {
				i++
			}
		case c == '>' || c == '<':
			flush()
			if i+1 < len(line) && line[i+1] == '>' {
				i++
			}
			skipNext = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	end()
	return segs
}

func TestShellWords(t *testing.T) {
	got := fmt.Sprint(shellWords(`printf '%s\n' "$PW" | reckon user add ben --role reviewer && reckon link a.csv > p.csv; echo "a b"`))
	want := `[[printf %s\n $PW] [reckon user add ben --role reviewer] [reckon link a.csv] [echo a b]]`
	if got != want {
		t.Errorf("shellWords = %s, want %s", got, want)
	}
}

// parseExample checks that every reckon command of an example line names
// a command, with flags that parse and values those flags accept, and
// the arguments the command takes.
func parseExample(line string) error {
	n := 0
	for _, words := range shellWords(line) {
		if words[0] != "reckon" {
			continue
		}
		n++
		root := newRootCmd(&env{getenv: os.Getenv})
		cmd, rest, err := root.Find(words[1:])
		if err != nil {
			return err
		}
		if cmd == root && len(words) > 1 {
			return fmt.Errorf("no command %q", words[1])
		}
		if err := cmd.ParseFlags(rest); err != nil {
			return err
		}
		if err := checkFlags(cmd); err != nil {
			return err
		}
		if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
			return fmt.Errorf("%s: %w", cmd.CommandPath(), err)
		}
	}
	if n == 0 {
		return fmt.Errorf("no reckon command in it")
	}
	return nil
}

// TestHelpExamples: every example in every --help parses as written, and
// runs as written, in order, in a fresh folder that holds what a user
// would bring (an article, two lists of their own) and the repository's
// corpora (issue 15: reckon extract testdata/article.txt named a file
// that does not exist; the --eval corpus was not shipped).
func TestHelpExamples(t *testing.T) {
	exs := helpExamples()
	if len(exs) < 40 {
		t.Fatalf("only %d examples found", len(exs))
	}
	rank := map[string]int{}
	for i, c := range exampleOrder {
		rank[c] = i + 1
	}
	for _, ex := range exs {
		if rank[ex.cmd] == 0 {
			t.Errorf("%s has examples but no place in exampleOrder: add it", ex.cmd)
		}
		if err := parseExample(ex.line); err != nil {
			t.Errorf("%s example %q does not parse: %v", ex.cmd, ex.line, err)
		}
	}
	if t.Failed() {
		return
	}
	if testing.Short() {
		t.Skip("-short: the examples parse; not running them")
	}
	if _, err := exec.LookPath("reckon"); err != nil {
		t.Fatalf("reckon is not on the PATH (TestMain puts this test binary there): %v", err)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the examples as a shell would")
	}
	dir := exampleFolder(t)
	byRank := map[int][]example{}
	for _, ex := range exs {
		byRank[rank[ex.cmd]] = append(byRank[rank[ex.cmd]], ex)
	}
	env := append(os.Environ(), "RECKON_WORKSPACE="+filepath.Join(dir, "kursk"), "RECKON_USER=tester", "PW=correct horse battery staple", "HOME="+dir)
	for r := 1; r <= len(exampleOrder); r++ {
		for _, ex := range byRank[r] {
			if why := whyNotRun(ex); why != "" {
				t.Logf("not run (%s): %s", why, ex.line)
				continue
			}
			timeout := exampleTimeout
			if strings.HasPrefix(notRun[ex.cmd], "slow") {
				timeout = slowTimeout
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			c := exec.CommandContext(ctx, "sh", "-c", ex.line)
			c.Dir, c.Env = dir, env
			killGroup(c)                  // a timeout stops the shell and every command it started
			c.WaitDelay = 5 * time.Second // a killed shell's children hold its output open
			start := time.Now()
			out, err := c.CombinedOutput()
			cancel()
			t.Logf("%.1fs: %s", time.Since(start).Seconds(), ex.line)
			if err != nil {
				t.Errorf("example of %s failed: %s\n%v\n%s", ex.cmd, ex.line, err, out)
			}
		}
	}
}

// exampleFolder makes the folder the examples run in: what a user would
// bring, and the repository's corpora that examples name.
func exampleFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"extract", "mse", "examples"} {
		if err := os.Symlink(filepath.Join(repo, d), filepath.Join(dir, d)); err != nil {
			t.Fatal(err)
		}
	}
	article, err := os.ReadFile(filepath.Join(repo, "extract", "testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"article.txt": string(article),
		"families.csv": "record_id,name,death_date,relative_name,relative_phone,address\n" +
			"f7,김철민,2025-01-03,김영희,+82 10 0000 0000,Seoul\n" +
			"f9,리철수,2025-02-11,리순자,+82 10 0000 0001,Busan\n",
		"febrl.csv": "rec_id,given_name,surname,date_of_birth,address_1\n" +
			"rec-1-org,michaela,neumann,19151111,8 stanley street\n" +
			"rec-1-dup-0,michaela,neuman,19151111,8 stanley st\n",
		"link.toml": "# the default linkage settings, written out so that they can be changed\n",
		"notes.md":  "# Kursk casualties, first release\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
