package storerule

import (
	"io"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/snapshot"
)

// Export writes a snapshot of the workspace to w: each table of
// [snapshot.Tables] in turn, its rows written by rows, then the end.
func Export(w io.Writer, rows func(sw *snapshot.Writer, t *snapshot.Table) error) error {
	sw, err := snapshot.NewWriter(w)
	if err != nil {
		return err
	}
	for _, t := range snapshot.Tables {
		if err := sw.Begin(t.Name); err != nil {
			return err
		}
		if err := rows(sw, t); err != nil {
			return err
		}
	}
	return sw.Close()
}

// CheckEmpty returns an ECONFLICT error when a table of a snapshot holds
// rows, for a snapshot goes only into an empty workspace. exists runs a
// query that returns one boolean, written for both stores.
func CheckEmpty(exists func(query string) (bool, error)) error {
	for _, t := range snapshot.Tables {
		full, err := exists(`SELECT EXISTS (SELECT 1 FROM ` + t.Name + `)`)
		if err != nil {
			return err
		}
		if full {
			return reckon.Errorf(reckon.ECONFLICT, "import: the workspace is not empty (it has %s); import into a new one", strings.ReplaceAll(t.Name, "_", " "))
		}
	}
	return nil
}
