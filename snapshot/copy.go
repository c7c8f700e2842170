package snapshot

import (
	"context"
	"io"
)

// Exporter writes a whole workspace as a snapshot; both stores are one.
type Exporter interface {
	Export(ctx context.Context, w io.Writer) error
}

// Importer loads a snapshot into an empty workspace; both stores are one.
type Importer interface {
	Import(ctx context.Context, r io.Reader) error
}

// Copy copies the workspace of src into dst, which must be empty, as
// `reckon migrate` does: the snapshot streams from one to the other
// without being held in memory or on disk. An error of either side is
// returned, and dst is left as it was.
func Copy(ctx context.Context, dst Importer, src Exporter) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := src.Export(ctx, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	err := dst.Import(ctx, pr)
	if err != nil {
		pr.CloseWithError(err) // stops the export if it is still writing
	} else {
		pr.Close()
	}
	if exportErr := <-done; exportErr != nil && err == nil {
		return exportErr
	}
	return err
}
