package main

import (
	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
)

func newSourceCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "source",
		Short: "add and list the sources that publish claims and lists",
	}
	cmd.AddCommand(newSourceAddCmd(e), newSourceListCmd(e))
	return cmd
}

func newSourceAddCmd(e *env) *cobra.Command {
	var src reckon.Source
	var kind, grade string
	cmd := &cobra.Command{
		Use:   "add --name NAME --kind KIND [--grade B2]",
		Short: "add a source",
		Long: `add registers who publishes claims or lists. KIND is one of state_media,
media, intelligence, government, ngo, analyst, document or other. The grade
is the Admiralty code: the source's reliability A (completely reliable) to F
(cannot be judged), then the information's credibility 1 (confirmed) to 6
(cannot be judged).`,
		Example: `  reckon source add --name "Yonhap" --kind media --grade B2
  reckon source add --name "KCNA" --kind state_media --grade E5
  reckon source add --name "National Intelligence Service" --kind intelligence --grade B2`,
		Args: cobra.NoArgs,
		RunE: handled(func(cmd *cobra.Command, args []string) error {
			var err error
			if src.Kind, err = reckon.ParseSourceKind(kind); err != nil {
				return err
			}
			if src.Grade, err = reckon.ParseGrade(grade); err != nil {
				return err
			}
			return e.useStore(cmd, func(s reckon.Store) error {
				if err := s.CreateSource(cmd.Context(), &src); err != nil {
					return err
				}
				e.printf("added source %d: %s\n", src.ID, src.Name)
				return nil
			})
		}),
	}
	f := cmd.Flags()
	f.StringVar(&src.Name, "name", "", "the source's name, unique in the workspace (required)")
	f.StringVar(&kind, "kind", "", "state_media, media, intelligence, government, ngo, analyst, document or other (required)")
	f.StringVar(&grade, "grade", "", "Admiralty grade such as B2 (default: ungraded)")
	f.StringVar(&src.URL, "url", "", "the source's home page")
	f.StringVar(&src.Note, "note", "", "a note about the source")
	cmd.MarkFlagRequired("name")
	cmd.MarkFlagRequired("kind")
	cmd.RegisterFlagCompletionFunc("kind", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ks []string
		for _, k := range reckon.SourceKinds {
			ks = append(ks, string(k))
		}
		return ks, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func newSourceListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "list the sources",
		Args:  cobra.NoArgs,
		RunE: e.withStore(func(cmd *cobra.Command, s reckon.Store, args []string) error {
			srcs, err := s.Sources(cmd.Context())
			if err != nil {
				return err
			}
			t := &table{header: []string{"id", "name", "kind", "grade", "url"}}
			for _, src := range srcs {
				t.add(src.ID, src.Name, src.Kind, src.Grade, src.URL)
			}
			return write(e.stdout, format, t, srcs)
		}),
	}
	addFormatFlag(cmd, &format, "table")
	return cmd
}
