package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/reckonhq/reckon/csvout"
)

// Header is the header of the record CSV files WriteDir writes, the record
// CSV of DESIGN.md.
var Header = []string{"record_id", "list", "family_name", "given_name", "name", "sex", "birth_date", "death_date", "death_place", "unit", "rank", "home_town", "source_url"}

// WriteDir writes the data set into dir, which must exist: one record CSV
// per list (LIST.csv, UTF-8, with Header), truth.csv (record_id,person_id)
// and population.txt (the true N). Each file is written to a temporary
// file in dir and renamed into place, so that a crash leaves either the
// old file or the new one, never half of one.
func (d *Data) WriteDir(dir string) error {
	for j, name := range d.ListNames {
		rows := [][]string{Header}
		for _, r := range d.Lists[j] {
			rows = append(rows, []string{
				r.RecordID, r.List, r.FamilyName, r.GivenName, r.Name, r.Sex,
				r.BirthDate.String(), r.DeathDate.String(), r.DeathPlace, r.Unit, r.Rank, r.HomeTown, r.SourceURL,
			})
		}
		if err := writeCSV(filepath.Join(dir, name+".csv"), rows); err != nil {
			return err
		}
	}
	truth := [][]string{{"record_id", "person_id"}}
	for j := range d.Lists {
		for _, r := range d.Lists[j] {
			truth = append(truth, []string{r.RecordID, strconv.Itoa(d.Truth[r.RecordID])})
		}
	}
	if err := writeCSV(filepath.Join(dir, "truth.csv"), truth); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "population.txt"), func(f *os.File) error {
		_, err := fmt.Fprintf(f, "%d\n", d.N)
		return err
	})
}

func writeCSV(path string, rows [][]string) error {
	return writeFile(path, func(f *os.File) error {
		// Raw: the files are read back by import and link, exactly.
		return csvout.NewWriter(f, csvout.Raw).WriteAll(rows)
	})
}

// writeFile writes path atomically: into a temporary file beside it,
// synced, then renamed.
func writeFile(path string, write func(*os.File) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	return nil
}
