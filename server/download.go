package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/reckonhq/reckon/csvout"
)

// downloadBatch is how many rows a download fetches from the store at a
// time: a download of any size streams in bounded memory.
const downloadBatch = 1000

// timeCSV is how downloads write times.
const timeCSV = time.RFC3339

// table describes how a kind of row is downloaded whole, as CSV or JSON.
type table[T any] struct {
	name   string   // file name without extension
	header []string // CSV columns
	row    func(T) []string
	rows   func(T) [][]string // instead of row: several CSV rows per item
	id     func(T) int64
	// fetch returns up to limit rows after the given ID, in ID order.
	fetch func(ctx context.Context, after int64, limit int) ([]T, error)
}

// download streams every row of t as format ("csv" or "json"). The first
// batch is read before anything is written, so that a bad filter or a
// failing store still gets a proper error answer; an error after that
// can only cut the stream short, and is logged.
func download[T any](s *Server, w http.ResponseWriter, r *http.Request, t table[T], format string) error {
	ctx := r.Context()
	batch, err := t.fetch(ctx, 0, downloadBatch)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Content-Disposition", `attachment; filename="`+t.name+`.`+format+`"`)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}

	var cw *csvout.Writer
	var enc *json.Encoder
	if format == "csv" {
		cw = csvout.NewWriter(w, csvout.Escape) // every cell: see csvout
		cw.Write(t.header)
	} else {
		w.Write([]byte("[\n"))
		enc = json.NewEncoder(w)
	}
	first := true
	for len(batch) > 0 {
		for _, v := range batch {
			if cw != nil && t.rows != nil {
				for _, row := range t.rows(v) {
					cw.Write(row)
				}
				continue
			}
			if cw != nil {
				cw.Write(t.row(v))
				continue
			}
			if !first {
				w.Write([]byte(","))
			}
			first = false
			if err := enc.Encode(v); err != nil {
				s.log.Error("download", "table", t.name, "err", err)
				return nil
			}
		}
		if cw != nil {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return nil // the client went away
			}
		}
		if len(batch) < downloadBatch {
			break
		}
		batch, err = t.fetch(ctx, t.id(batch[len(batch)-1]), downloadBatch)
		if err != nil {
			s.log.Error("download cut short", "table", t.name, "err", err)
			return nil
		}
	}
	if enc != nil {
		w.Write([]byte("]\n"))
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func optInt(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}
