package pipeline

import (
	"context"
	"io"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/extract"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/listcsv"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/names"
	"github.com/reckonhq/reckon/outbox"
	"github.com/reckonhq/reckon/places"
	"github.com/reckonhq/reckon/reconcile"
)

// The edges (package server, cmd/reckon) parse input and render output;
// the stages are the pipeline's. These are the names of the stage
// packages that an edge needs to say what it asks for and to show what
// it gets, so that an edge imports the root and this package and no
// stage package: when a stage changes, pipeline is where the edges'
// contract with it is kept.

// ReadOptions say how a record list is read (see [ImportOptions]).
type ReadOptions = listcsv.Options

// CSVError is a problem at a place of a record list: its file, line
// and field.
type CSVError = listcsv.Error

// Preview is the head of a record list as it would be read: its
// dialect, its header and its first rows.
type Preview = listcsv.Preview

// RecordColumns returns the columns of the record CSV, in its order.
func RecordColumns() []string { return append([]string(nil), listcsv.Columns...) }

// KnownColumn says whether name is a column of the record CSV.
func KnownColumn(name string) bool { return listcsv.Known(name) }

// CheckColumns checks a mapping of a file's columns to the record CSV's
// (see [ReadOptions].Columns).
func CheckColumns(m map[string]string) error { return listcsv.CheckColumns(m) }

// ParseColumns reads a column mapping written "from=to,from=to" (the file's name
// of a column to the record CSV's); "" is no mapping.
func ParseColumns(s string) (map[string]string, error) { return listcsv.ParseColumns(s) }

// ParseEncoding reads a list's encoding as a flag gives it; auto or "" is
// detect, returned as "".
func ParseEncoding(s string) (string, error) { return listcsv.ParseEncoding(s) }

// ParseDelimiter reads a list's delimiter as a flag gives it; auto or "" is
// detect, returned as 0.
func ParseDelimiter(s string) (rune, error) { return listcsv.ParseDelimiter(s) }

// PreviewRecords reads the dialect, the header and at most n rows of
// the record list in r (see listcsv.ReadPreview); a head that does not
// read is a [*CSVError].
func PreviewRecords(r io.Reader, file string, opt ReadOptions, n int) (*Preview, error) {
	return listcsv.ReadPreview(r, file, opt, n)
}

// ModelFit is one fitted model of a log-linear or closedp result.
type ModelFit = mse.ModelFit

// Lang is a language of the extractor.
type Lang = extract.Lang

// The languages a document may be read in; LangAuto detects.
const (
	LangAuto      = extract.Auto
	LangEnglish   = extract.English
	LangKorean    = extract.Korean
	LangRussian   = extract.Russian
	LangUkrainian = extract.Ukrainian
)

// ParseLang reads a language's code; "" is LangAuto.
func ParseLang(s string) (Lang, error) { return extract.ParseLang(s) }

// Explanation accounts, field by field, for the match weight of two
// records; FieldExplanation is one field's part.
type (
	Explanation      = linkage.Explanation
	FieldExplanation = linkage.FieldExplanation
)

// ReconcileView puts the claims of a measure beside the documented
// minimum and the estimates; ReconcileClaim and Contradiction are its
// parts.
type (
	ReconcileView  = reconcile.View
	ReconcileClaim = reconcile.Claim
	Contradiction  = reconcile.Contradiction
)

// Assumption returns the sentences saying what method m assumes.
func Assumption(m reckon.Method) string { return reconcile.Assumption(m) }

// Script is the writing system of a name.
type Script = names.Script

// The scripts of names.
const (
	ScriptHangul   = names.Hangul
	ScriptCyrillic = names.Cyrillic
	ScriptLatin    = names.Latin
	ScriptMixed    = names.Mixed
	ScriptOther    = names.Other
)

// DetectScript returns the script a name is written in.
func DetectScript(s string) Script { return names.DetectScript(s) }

// NormalizeName returns s as names are compared: case folded, marks
// and punctuation removed, spaces collapsed.
func NormalizeName(s string) string { return names.Normalize(s) }

// Place is a place name read across scripts (함흥, Хамхын, Hamhung).
type Place = places.Place

// PreparePlace reads a place name for comparison.
func PreparePlace(s string) Place { return places.Prepare(s) }

// PlacesRelated says whether two places are one, or one lies in the
// other.
func PlacesRelated(a, b *Place) bool { return a.Compare(b) >= places.Related }

// LinkModel is a fitted linkage model, as tracing requests are matched
// with it.
type LinkModel = linkage.Model

// OutboxOptions say where the outbox's notices to tracers go.
type OutboxOptions = outbox.Options

// OutboxResult is what one delivery of the outbox did.
type OutboxResult = outbox.Result

// DeliverOutbox sends the outbox's notices that are due (see outbox.Deliver).
func DeliverOutbox(ctx context.Context, s reckon.TraceStore, opt OutboxOptions) (OutboxResult, error) {
	return outbox.Deliver(ctx, s, opt)
}
