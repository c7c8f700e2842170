package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/extract"
	"github.com/reckonhq/reckon/pipeline"
)

func newAddCmd(e *env) *cobra.Command {
	var source, published, url, title, langName string
	cmd := &cobra.Command{
		Use:   "add FILE... --source NAME",
		Short: "store texts and extract their figure claims into the ledger",
		Long: `add stores each text file (- for standard input) as a document of the source
and extracts its figure claims, in one transaction per file: an interrupted
add leaves nothing of that file behind. A text is stored once; adding the
same text again changes nothing and says so. Files of any size are read in
chunks, so memory stays bounded. --lang says the language of the texts (en,
ko, ru or uk); auto, the default, detects it once per file, and the
document keeps the language its claims were read in.`,
		Example: `  reckon add article.txt --source "Yonhap" --published 2025-09-02 --url https://example.org/a`,
		Args:    cobra.MinimumNArgs(1),
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			lang, err := extract.ParseLang(langName)
			if err != nil {
				return fmt.Errorf("--lang: %w", err)
			}
			pub, err := reckon.ParseDate(published)
			if err != nil {
				return usagef("--published: %v", err)
			}
			ctx := cmd.Context()
			return e.useStore(cmd, func(s reckon.Store) error {
				src, err := s.SourceByName(ctx, source)
				if err != nil {
					return err
				}
				for _, name := range args {
					r, err := e.openArg(name)
					if err != nil {
						return err
					}
					defer r.Close()
					d := &reckon.Document{SourceID: src.ID, Title: title, URL: url, Published: pub}
					if d.Title == "" && name != "-" {
						d.Title = filepath.Base(name)
					}
					created, err := pipeline.AddText(ctx, s, d, r, lang)
					if err != nil {
						return reckon.Errorf(reckon.ErrorCode(err), "add %s: %s", name, message(err))
					}
					if !created {
						e.printf("%s: already in the workspace as document %d; nothing changed\n", name, d.ID)
						continue
					}
					e.printf("%s: added document %d with %d claims (%d bytes, read as %s)\n", name, d.ID, d.Claims, d.Size, d.Lang)
				}
				return nil
			})
		}),
	}
	f := cmd.Flags()
	f.StringVar(&source, "source", "", "name of the source that published the text (required; see reckon source add)")
	f.StringVar(&published, "published", "", "publication date: YYYY, YYYY-MM or YYYY-MM-DD")
	f.StringVar(&url, "url", "", "where the text was published")
	f.StringVar(&title, "title", "", "title (default: the file name)")
	addLangFlag(cmd, &langName)
	cmd.MarkFlagRequired("source")
	return cmd
}
