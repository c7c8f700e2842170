package release

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/csvout"
)

// PersonRow is a person as a release holds it.
type PersonRow struct {
	PersonID int64              `json:"person_id"`
	Name     string             `json:"name"`  // the first name its records give, by record key
	Names    []string           `json:"names"` // every distinct name its records give, in every script
	Lists    []string           `json:"lists"` // sorted
	Records  []reckon.RecordKey `json:"records"`
}

// RecordRow is a record's public fields as a release holds them; values
// of withheld (sensitive) fields are empty and WithheldFields names them.
type RecordRow struct {
	List           string            `json:"list"`
	RecordID       string            `json:"record_id"`
	PersonID       int64             `json:"person_id"` // 0 before any link run
	FamilyName     string            `json:"family_name"`
	GivenName      string            `json:"given_name"`
	Name           string            `json:"name"`
	Sex            string            `json:"sex"`
	BirthDate      string            `json:"birth_date"`
	DeathDate      string            `json:"death_date"`
	DeathPlace     string            `json:"death_place"`
	Unit           string            `json:"unit"`
	Rank           string            `json:"rank"`
	HomeTown       string            `json:"home_town"`
	SourceURL      string            `json:"source_url"`
	Attributes     map[string]string `json:"attributes,omitempty"`
	WithheldFields []string          `json:"withheld_fields,omitempty"`
}

// ClaimRow is a claim as a release holds it.
type ClaimRow struct {
	ClaimID     int64  `json:"claim_id"`
	DocumentID  int64  `json:"document_id"`
	Measure     string `json:"measure"`
	Subject     string `json:"subject"`
	Qualifier   string `json:"qualifier"`
	Low         *int64 `json:"low"`
	High        *int64 `json:"high"`
	Span        string `json:"span"`
	Attribution string `json:"attribution"`
	Date        string `json:"date"`
	On          string `json:"on"`
	Place       string `json:"place"`
	Period      string `json:"period"`
	Status      string `json:"status"`
}

// EstimateRow is an estimate as a release holds it; Upper and the
// linkage bounds are null when there is no finite bound.
type EstimateRow struct {
	EstimateID   int64    `json:"estimate_id"`
	Measure      string   `json:"measure"`
	Population   string   `json:"population"`
	Stratum      string   `json:"stratum"`
	Method       string   `json:"method"`
	Model        string   `json:"model"`
	Observed     int64    `json:"observed"`
	NHat         float64  `json:"n_hat"`
	Lower        float64  `json:"lower"`
	Upper        *float64 `json:"upper"`
	Lists        []string `json:"lists"`
	InputHash    string   `json:"input_hash"` // "" when the public view withholds the input
	LinkRunID    int64    `json:"link_run_id"`
	Version      string   `json:"version"`
	LinkageDraws int      `json:"linkage_draws"`
	LinkageNHat  *float64 `json:"linkage_n_hat"`
	LinkageLower *float64 `json:"linkage_lower"`
	LinkageUpper *float64 `json:"linkage_upper"`
	Warnings     []string `json:"warnings,omitempty"`
}

// finite returns &v, or nil for an infinite or NaN v.
func finite(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func optF(p *float64) string {
	if p == nil {
		return ""
	}
	return ftoa(*p)
}

func optI(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

// jsonText writes v as compact JSON for a CSV or Parquet cell; "" for
// an empty list or map.
func jsonText[T any](v []T) string {
	if len(v) == 0 {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func mapText(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m) // keys sorted
	return string(b)
}

var (
	personHeader = []string{"person_id", "name", "names", "lists", "records"}
	recordHeader = []string{"list", "record_id", "person_id", "family_name", "given_name", "name", "sex",
		"birth_date", "death_date", "death_place", "unit", "rank", "home_town", "source_url", "attributes", "withheld_fields"}
	claimHeader = []string{"claim_id", "document_id", "measure", "subject", "qualifier", "low", "high", "span",
		"attribution", "date", "on", "place", "period", "status"}
	estimateHeader = []string{"estimate_id", "measure", "population", "stratum", "method", "model", "observed",
		"n_hat", "lower", "upper", "lists", "input_hash", "link_run_id", "version",
		"linkage_draws", "linkage_n_hat", "linkage_lower", "linkage_upper", "warnings"}
)

func keysText(ks []reckon.RecordKey) string { return jsonText(ks) }

func (p PersonRow) cells() []string {
	return []string{itoa(p.PersonID), p.Name, jsonText(p.Names), jsonText(p.Lists), keysText(p.Records)}
}

func (r RecordRow) cells() []string {
	return []string{r.List, r.RecordID, itoa(r.PersonID), r.FamilyName, r.GivenName, r.Name, r.Sex,
		r.BirthDate, r.DeathDate, r.DeathPlace, r.Unit, r.Rank, r.HomeTown, r.SourceURL,
		mapText(r.Attributes), strings.Join(r.WithheldFields, ",")}
}

func (c ClaimRow) cells() []string {
	return []string{itoa(c.ClaimID), itoa(c.DocumentID), c.Measure, c.Subject, c.Qualifier, optI(c.Low), optI(c.High),
		c.Span, c.Attribution, c.Date, c.On, c.Place, c.Period, c.Status}
}

func (e EstimateRow) cells() []string {
	return []string{itoa(e.EstimateID), e.Measure, e.Population, e.Stratum, e.Method, e.Model, itoa(e.Observed),
		ftoa(e.NHat), ftoa(e.Lower), optF(e.Upper), jsonText(e.Lists), e.InputHash, itoa(e.LinkRunID), e.Version,
		strconv.Itoa(e.LinkageDraws), optF(e.LinkageNHat), optF(e.LinkageLower), optF(e.LinkageUpper), jsonText(e.Warnings)}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// writeCSV writes a header and rows as CSV, every cell escaped against
// spreadsheet formulas (see csvout).
func writeCSV(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csvout.NewWriter(&buf, csvout.Escape)
	w.Write(header)
	for _, r := range rows {
		w.Write(r)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeJSON writes rows as a JSON array, one compact row a line: sorted
// input gives the same bytes every time, and a diff of two releases reads
// line by line.
func writeJSON[T any](rows []T) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("[")
	for i, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
		buf.Write(b)
	}
	buf.WriteString("\n]\n")
	return buf.Bytes(), nil
}

// intColumns are the columns a Parquet file holds as 64-bit integers;
// the others are strings, as the CSV writes them (lists and attributes
// as JSON text).
var intColumns = map[string]bool{"person_id": true}

// writeParquet writes the CSV's header and rows as a Parquet file.
func writeParquet(header []string, rows [][]string) ([]byte, error) {
	group := parquet.Group{}
	for _, h := range header {
		if intColumns[h] {
			group[h] = parquet.Int(64)
		} else {
			group[h] = parquet.String()
		}
	}
	schema := parquet.NewSchema("row", group)
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[map[string]any](&buf, schema, parquet.CreatedBy("reckon", reckon.Version, ""))
	batch := make([]map[string]any, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := w.Write(batch)
		batch = batch[:0]
		return err
	}
	for _, r := range rows {
		m := make(map[string]any, len(header))
		for i, h := range header {
			m[h] = r[i]
			if intColumns[h] {
				n, err := strconv.ParseInt(r[i], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("parquet: column %s: %w", h, err)
				}
				m[h] = n
			}
		}
		batch = append(batch, m)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return nil, fmt.Errorf("parquet: %w", err)
			}
		}
	}
	if err := flush(); err != nil {
		return nil, fmt.Errorf("parquet: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("parquet: %w", err)
	}
	return buf.Bytes(), nil
}
