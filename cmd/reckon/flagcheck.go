package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/extract"
	"github.com/reckonhq/reckon/listcsv"
)

// A flag value is checked when the flags are parsed, before a command
// opens anything, so that a bad value is bad usage (exit status 2) on
// every command alike, never a handled error (1). Two kinds of check:
// by the flag's name, for flags that mean one thing wherever they appear
// (flagChecks), and by the values a command declares for one of its
// flags (setChoices).

// flagChecks check a flag's value by the flag's name. An empty value is
// left to the command: it means "not given".
var flagChecks = map[string]func(string) error{
	"measure":   func(s string) error { _, err := reckon.ParseMeasure(s); return err },
	"status":    func(s string) error { _, err := reckon.ParseClaimStatus(s); return err },
	"qualifier": func(s string) error { _, err := reckon.ParseQualifier(s); return err },
	"extent":    func(s string) error { _, err := reckon.ParseExtent(s); return err },
	"kind":      func(s string) error { _, err := reckon.ParseSourceKind(s); return err },
	"grade":     func(s string) error { _, err := reckon.ParseGrade(s); return err },
	"role":      func(s string) error { _, err := reckon.ParseRole(s); return err },
	"published": func(s string) error { _, err := reckon.ParseDate(s); return err },
	"lang":      func(s string) error { _, err := extract.ParseLang(s); return err },
	"encoding":  func(s string) error { _, err := listcsv.ParseEncoding(s); return err },
	"delimiter": func(s string) error { _, err := listcsv.ParseDelimiter(s); return err },
	"low":       func(s string) error { _, err := parseBound("low", s); return err },
	"high":      func(s string) error { _, err := parseBound("high", s); return err },
}

// Annotations of a flag whose values a command declares.
const (
	choicesKey = "reckon:choices" // the values it accepts
	listKey    = "reckon:list"    // present when it takes comma-separated values
)

// estimateMethods are the methods reckon estimate runs: every method but
// the documented minimum, which it always computes.
var estimateMethods = methodNames(reckon.Methods[1:])

// methodNames are the names of ms, for setChoices.
func methodNames(ms []reckon.Method) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}

// setChoices declares the values flag name of cmd accepts; with list, a
// comma-separated list of them (an empty list included). It also offers
// them to shell completion.
func setChoices(cmd *cobra.Command, name string, list bool, values ...string) {
	f := cmd.Flags()
	if f.Lookup(name) == nil {
		panic("setChoices: no flag --" + name) // a programming error
	}
	f.SetAnnotation(name, choicesKey, values)
	if list {
		f.SetAnnotation(name, listKey, []string{"true"})
	}
	cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// checkFlags checks the value of every flag given to cmd.
func checkFlags(cmd *cobra.Command) error {
	var bad error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if bad == nil {
			bad = checkFlag(f)
		}
	})
	return bad
}

func checkFlag(f *pflag.Flag) error {
	v := f.Value.String()
	if choices, ok := f.Annotations[choicesKey]; ok {
		items := []string{v}
		if _, list := f.Annotations[listKey]; list {
			items = nil
			for _, s := range strings.Split(v, ",") {
				if s = strings.TrimSpace(s); s != "" {
					items = append(items, s)
				}
			}
		}
		for _, s := range items {
			if !slices.Contains(choices, s) {
				return fmt.Errorf("--%s %s: want %s", f.Name, reckon.Quote(s), oneOf(choices, f.Annotations[listKey] != nil))
			}
		}
		return nil
	}
	check := flagChecks[f.Name]
	if check == nil || v == "" || f.Value.Type() != "string" {
		return nil
	}
	if err := check(v); err != nil {
		msg := reckon.ErrorMessage(err)
		if strings.HasPrefix(msg, "--"+f.Name) {
			return fmt.Errorf("%s", msg)
		}
		return fmt.Errorf("--%s: %s", f.Name, msg)
	}
	return nil
}

// oneOf writes the choices as "html, md or json" (", comma-separated"
// for a list).
func oneOf(choices []string, list bool) string {
	s := strings.Join(choices, ", ")
	if i := strings.LastIndex(s, ", "); i >= 0 {
		s = s[:i] + " or " + s[i+2:]
	}
	if list {
		s = "any of " + strings.Join(choices, ", ") + ", comma-separated"
	}
	return s
}
