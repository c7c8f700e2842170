package main

import (
	"fmt"
	"os"

	"github.com/BurntSushi/toml"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/listcsv"
)

// linkConfig is the file that reckon link --config reads: the settings of
// linkage.Config, and a [columns] table that renames the columns of the
// CSV files read (listcsv.Options.Columns), such as
//
//	[columns]
//	rec_id = "record_id"
//	surname = "family_name"
//	date_of_birth = "birth_date"
//
// so that files with other headers, FEBRL's for one, can be linked as
// they are. Linking a workspace ignores [columns]: its records were
// renamed when imported (reckon import records --columns).
type linkConfig struct {
	linkage.Config
	Columns map[string]string `toml:"columns"`
}

// readLinkConfig reads the linkage settings file at path; an unknown
// setting is an error. It returns the text too, which a workspace's link
// run records.
func readLinkConfig(path string) (linkConfig, string, error) {
	var c linkConfig
	if path == "" {
		return c, "", nil // the default configuration
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return c, "", err
	}
	md, err := toml.Decode(string(b), &c)
	if err != nil {
		return c, "", reckon.Errorf(reckon.EINVALID, "%s: %v", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return c, "", reckon.Errorf(reckon.EINVALID, "%s: unknown setting %s", path, und[0])
	}
	if err := listcsv.CheckColumns(c.Columns); err != nil {
		return c, "", reckon.Errorf(reckon.EINVALID, "%s: [columns]: %v", path, err)
	}
	return c, string(b), nil
}

// warnDirty prints the one line that says which values of a file were
// kept as written, if any were.
func (e *env) warnDirty(w *listcsv.Warnings) {
	if s := w.String(); s != "" {
		fmt.Fprintf(e.stderr, "reckon: warning: %s\n", s)
	}
}
