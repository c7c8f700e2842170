package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/extract"
)

func newExtractCmd(e *env) *cobra.Command {
	var format, eval, langName string
	var jsonl bool
	cmd := &cobra.Command{
		Use:   "extract [FILE...] | --jsonl | --eval CORPUS",
		Short: "find figure claims in text, without a workspace",
		Long: `extract reads text files (standard input when none is given, or for -) and
prints the figure claims it finds: the measure counted, the interval for the
true count, the qualifier, the exact span, who the text attributes it to and
the date it speaks of. Nothing is stored.

With --jsonl it reads JSON lines {"id": …, "text": …} on standard input and
writes one JSON line per claim carrying that id, with the fields id, measure,
subject, low, high (null for no bound), qualifier, span, start, end (byte
offsets into the UTF-8 text), attribution, date and projected. Invalid input
lines are reported on standard error with their line number and skipped; the
exit status is then 1.

With --eval it scores the extractor on an annotated corpus in the format of
the claims annotation guide: detection precision, recall and F1, interval
accuracy overall and per qualifier, measure accuracy, attribution and date
overlap, and spurious predictions by distractor type.

--lang chooses the language the text is read in: en, ko, ru or uk, or auto
(the default) to detect it from the script and common words, once per file
(or per --jsonl line, or per corpus record).`,
		Example: `  reckon extract article.txt
  echo '{"id":1,"text":"At least 300 soldiers were killed."}' | reckon extract --jsonl
  reckon extract --eval extract/testdata/eval.jsonl
  reckon extract --lang ko --eval extract/testdata/ko/dev.jsonl`,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			lang, err := extract.ParseLang(langName)
			if err != nil {
				return fmt.Errorf("--lang: %w", err)
			}
			switch {
			case eval != "":
				if jsonl || len(args) > 0 {
					return usagef("--eval takes no files and no --jsonl")
				}
				return runEval(e, eval, format, lang)
			case jsonl:
				if len(args) > 0 {
					return usagef("--jsonl reads standard input only; it takes no files")
				}
				return runJSONL(e, lang)
			}
			if len(args) == 0 {
				args = []string{"-"}
			}
			return runExtractFiles(e, args, format, lang)
		}),
	}
	fl := cmd.Flags()
	fl.BoolVar(&jsonl, "jsonl", false, "read JSON lines {\"id\", \"text\"} on stdin, write one JSON line per claim")
	fl.StringVar(&eval, "eval", "", "score the extractor on an annotated `corpus` (JSON lines)")
	addLangFlag(cmd, &langName)
	addFormatFlag(cmd, &format, "table", "table", "json")
	return cmd
}

// addLangFlag adds --lang, the language text is read in, to cmd.
func addLangFlag(cmd *cobra.Command, name *string) {
	cmd.Flags().StringVar(name, "lang", "auto", "language of the text: auto, en, ko, ru or uk")
	cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"auto", "en", "ko", "ru", "uk"}, cobra.ShellCompDirectiveNoFileComp))
}

func runExtractFiles(e *env, names []string, format string, lang extract.Lang) error {
	if format != "table" && format != "json" {
		return reckon.Errorf(reckon.EINVALID, "unknown format %q (want table or json)", format)
	}
	type fileClaim struct {
		File string `json:"file"`
		reckon.Claim
	}
	var all []fileClaim
	t := &table{header: []string{"file", "measure", "qualifier", "low", "high", "span", "attribution", "date"}}
	for _, name := range names {
		r, err := e.openArg(name)
		if err != nil {
			return err
		}
		defer r.Close()
		for c, err := range extract.Chunks(r, 0, lang) {
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			for _, cl := range c.Claims {
				all = append(all, fileClaim{name, cl})
				t.add(name, cl.Measure, cl.Qualifier, cl.Low, cl.High, cl.Span, cl.Attribution, cl.Date)
			}
		}
	}
	if format == "json" {
		return write(e.stdout, "json", nil, all)
	}
	if len(all) == 0 {
		e.printf("no figure claims found\n")
		return nil
	}
	return t.writeText(e.stdout)
}

// jsonlClaim is one output line of extract --jsonl: the machine contract.
type jsonlClaim struct {
	ID          json.RawMessage `json:"id"`
	Measure     reckon.Measure  `json:"measure"`
	Subject     string          `json:"subject"`
	Low         *int64          `json:"low"`
	High        *int64          `json:"high"`
	Qualifier   string          `json:"qualifier"`
	Span        string          `json:"span"`
	Start       int             `json:"start"`
	End         int             `json:"end"`
	Attribution *string         `json:"attribution"`
	Date        *string         `json:"date"`
	Projected   bool            `json:"projected"`
}

// maxJSONLine caps one input line of --jsonl.
const maxJSONLine = 64 << 20

func runJSONL(e *env, lang extract.Lang) error {
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 0, 1<<20), maxJSONLine)
	out := bufio.NewWriterSize(e.stdout, 1<<16)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	bad := 0
	nullable := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var in struct {
			ID   json.RawMessage `json:"id"`
			Text *string         `json:"text"`
		}
		err := json.Unmarshal(b, &in)
		if err == nil && in.Text == nil {
			err = fmt.Errorf("no \"text\" field")
		}
		if err == nil && in.ID == nil {
			err = fmt.Errorf("no \"id\" field")
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "reckon: stdin line %d: invalid input: %v\n", line, err)
			bad++
			continue
		}
		for _, c := range extract.ExtractLang(*in.Text, lang) {
			if err := enc.Encode(jsonlClaim{
				ID: in.ID, Measure: c.Measure, Subject: c.Subject, Low: c.Low, High: c.High, Qualifier: string(c.Qualifier),
				Span: c.Span, Start: c.Start, End: c.End, Attribution: nullable(c.Attribution), Date: nullable(c.Date), Projected: c.Projected,
			}); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading stdin: %w", err)
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		fmt.Fprintf(e.stderr, "reckon: %d invalid input line(s) skipped\n", bad)
		return errReported
	}
	return nil
}

func runEval(e *env, file, format string, lang extract.Lang) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := extract.EvaluateLang(f, lang)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	switch format {
	case "json":
		return write(e.stdout, "json", nil, rep)
	case "table":
		return rep.WriteText(e.stdout)
	}
	return reckon.Errorf(reckon.EINVALID, "unknown format %q (want table or json)", format)
}
