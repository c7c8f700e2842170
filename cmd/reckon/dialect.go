package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/listcsv"
)

// dialectFlags are the --encoding and --delimiter flags of the commands
// that read record CSV files.
type dialectFlags struct {
	encoding, delimiter string
}

func (f *dialectFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.encoding, "encoding", "auto", "the files' `encoding`: auto, utf-8, utf-16, cp949 (euc-kr), windows-1251 or koi8-r")
	cmd.Flags().StringVar(&f.delimiter, "delimiter", "auto", "the field `delimiter`: auto, comma, semicolon, tab or one character")
}

// apply sets the encoding and delimiter of o, or says which flag is bad.
func (f *dialectFlags) apply(o *listcsv.Options) error {
	enc, err := listcsv.ParseEncoding(f.encoding)
	if err != nil {
		return reckon.Errorf(reckon.EINVALID, "--encoding: %v", reckon.ErrorMessage(err))
	}
	d, err := listcsv.ParseDelimiter(f.delimiter)
	if err != nil {
		return reckon.Errorf(reckon.EINVALID, "--delimiter: %v", reckon.ErrorMessage(err))
	}
	o.Encoding, o.Delimiter = enc, d
	return nil
}

// reportDialect says on stderr how a file that is not UTF-8 with commas
// was read, so that a wrong guess is seen at once.
func (e *env) reportDialect(name string, d listcsv.Dialect) {
	if d.Encoding != "" && !d.Plain() {
		fmt.Fprintf(e.stderr, "reckon: %s: read as %s\n", name, d)
	}
}
