package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/listcsv"
)

// ImportOptions configure [ImportRecords]. The zero value needs File or
// List set.
type ImportOptions struct {
	// File names the file in messages (a path is fine); its base name is
	// stored with the import.
	File string
	// List is the list of the rows that name none; "" means File's base
	// name without its extension.
	List string
	// SourceID is the source that keeps the list; 0 for none.
	SourceID int64
	// Read configures the reading of the CSV (columns, sensitive fields,
	// strictness, encoding and delimiter); its List, Warnings and
	// Dialect are set by ImportRecords.
	Read listcsv.Options
	// Trace, when set, matches the open tracing requests again after an
	// import that stored records ([Rematch]) with the model TraceModel
	// returns (nil: the model [FitTraceModel] fits with the default
	// configuration), and ImportResult.TraceCandidates counts the new
	// candidates. Nil: requests are matched at the next link.
	Trace      *TraceOptions
	TraceModel func(ctx context.Context) (*linkage.Model, *TraceIndex, error)
}

// ImportResult says what [ImportRecords] did.
type ImportResult struct {
	// Import is the stored import: when Created is false, the one that
	// imported the same content before.
	Import  *reckon.Import
	Created bool // false: the same content was imported before, and nothing changed
	// List is the list of the rows that named none.
	List string
	// KeptAsWritten are the values that did not parse and were kept as
	// written (see listcsv.Options.Strict); empty when Created is false.
	KeptAsWritten listcsv.Warnings
	// Dialect is how the file was read: detected unless Read named it.
	Dialect listcsv.Dialect
	// TraceCandidates counts the candidates that matching the open
	// tracing requests again added (see ImportOptions.Trace).
	TraceCandidates int
	// TraceError is why matching them failed; the import stands.
	TraceError error
}

// ImportRecords imports the record CSV read from r into s in one
// transaction (see [reckon.RecordStore.ImportRecords]): its rows by
// [listcsv.ReadWith], under the hex SHA-256 of its content, so that
// importing the same content again changes nothing and says so (Created
// false). r is read twice: from its start again when it is an
// io.ReadSeeker, else from a copy in a temporary file, removed before
// ImportRecords returns. A CSV that does not read is a *listcsv.Error
// with the file, line and field. On an error once the reading began, the
// result is not nil and says how the file was read (Dialect), which may
// explain the error; nothing was imported.
func ImportRecords(ctx context.Context, s reckon.Store, r io.Reader, opt ImportOptions) (*ImportResult, error) {
	if opt.File == "" && opt.List == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "import: a file name or a list is needed: the list of rows without one is the list, else the file name without its extension")
	}
	list := opt.List
	if list == "" {
		base := filepath.Base(opt.File)
		list = strings.TrimSuffix(base, filepath.Ext(base))
	}
	file := list + ".csv"
	if opt.File != "" {
		file = filepath.Base(opt.File)
	}
	name := opt.File
	if name == "" {
		name = file
	}
	body, hash, err := spool(r)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	defer body.Close()
	res := &ImportResult{Import: &reckon.Import{SourceID: opt.SourceID, List: list, File: file, Hash: hash}, List: list}
	read := opt.Read
	read.List, read.Warnings, read.Dialect = list, &res.KeptAsWritten, &res.Dialect
	res.Created, err = s.ImportRecords(ctx, res.Import, listcsv.ReadWith(body, name, read))
	if err != nil {
		return res, err
	}
	if !res.Created {
		res.KeptAsWritten = listcsv.Warnings{}
		return res, nil
	}
	if opt.Trace != nil {
		model := opt.TraceModel
		if model == nil {
			model = func(ctx context.Context) (*linkage.Model, *TraceIndex, error) {
				return FitTraceModel(ctx, s, linkage.Config{}, linkage.Options{})
			}
		}
		if res.TraceCandidates, err = Rematch(ctx, s, model, *opt.Trace); err != nil {
			res.TraceError = fmt.Errorf("import %s: the records are imported, but %w", name, err)
		}
	}
	return res, nil
}

// spool returns the content of r to read again from its start and the
// hex SHA-256 of it: an io.ReadSeeker is read twice; anything else is
// copied to a temporary file, removed on Close.
func spool(r io.Reader) (io.ReadCloser, string, error) {
	h := sha256.New()
	if rs, ok := r.(io.ReadSeeker); ok {
		if _, err := io.Copy(h, rs); err != nil {
			return nil, "", err
		}
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return nil, "", err
		}
		return io.NopCloser(rs), hex.EncodeToString(h.Sum(nil)), nil
	}
	f, err := os.CreateTemp("", "reckon-upload-*")
	if err != nil {
		return nil, "", err
	}
	tmp := &tempFile{f}
	if _, err := io.Copy(io.MultiWriter(f, h), r); err != nil {
		tmp.Close()
		return nil, "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		tmp.Close()
		return nil, "", err
	}
	return tmp, hex.EncodeToString(h.Sum(nil)), nil
}

// tempFile is a file removed when closed.
type tempFile struct{ *os.File }

func (t *tempFile) Close() error {
	err := t.File.Close()
	os.Remove(t.Name())
	return err
}
