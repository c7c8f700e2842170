package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// SaveEstimate implements [reckon.EstimateStore].
func (s *Store) SaveEstimate(ctx context.Context, e *reckon.Estimate) (err error) {
	defer wrap(&err, "save estimate")
	if err := e.Validate(); err != nil {
		return err
	}
	ld, ln, ll, lu, err := storerule.Linkage(e.Linkage)
	if err != nil {
		return err
	}
	if e.InputHash == "" {
		e.InputHash = reckon.InputHash(e.Input)
	}
	var upper any
	if !math.IsInf(e.Upper, 1) {
		upper = e.Upper
	}
	var run any
	if e.LinkRunID != 0 {
		run = e.LinkRunID
	}
	lists, _ := json.Marshal(e.Lists)
	warnings, _ := json.Marshal(e.Warnings)
	if e.Settings == "" {
		e.Settings = "{}"
	}
	now := s.now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO estimates (measure, population, stratum, method, model, observed, n_hat, lower, upper,
		interval, lists, input, input_hash, settings, seed, version, link_run_id, result, warnings, created_at,
		linkage_draws, linkage_n_hat, linkage_lower, linkage_upper)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Measure, e.Population, e.Stratum, e.Method, e.Model, e.Observed, e.NHat, e.Lower, upper,
			e.Interval, string(lists), e.Input, e.InputHash, e.Settings, int64(e.Seed), e.Version, run, e.Result, string(warnings), now,
			ld, ln, ll, lu)
		if err != nil {
			return err
		}
		e.ID, _ = res.LastInsertId()
		e.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, tx, "estimate.save", "estimate", e.ID, nil, map[string]any{
			"measure": e.Measure, "population": e.Population, "stratum": e.Stratum, "method": e.Method, "model": e.Model,
			"n_hat": e.NHat, "lower": e.Lower, "upper": upper, "input_hash": e.InputHash, "seed": e.Seed, "version": e.Version})
	})
}

const estimateColumns = `id, measure, population, stratum, method, model, observed, n_hat, lower, upper, interval, lists, input,
	input_hash, settings, seed, version, COALESCE(link_run_id, 0), result, warnings, created_at,
	linkage_draws, linkage_n_hat, linkage_lower, linkage_upper`

func scanEstimate(row interface{ Scan(...any) error }) (*reckon.Estimate, error) {
	var e reckon.Estimate
	var upper, ln, ll, lu sql.NullFloat64
	var ld int
	var lists, warnings, created string
	var seed int64
	if err := row.Scan(&e.ID, &e.Measure, &e.Population, &e.Stratum, &e.Method, &e.Model, &e.Observed, &e.NHat, &e.Lower, &upper,
		&e.Interval, &lists, &e.Input, &e.InputHash, &e.Settings, &seed, &e.Version, &e.LinkRunID, &e.Result, &warnings, &created,
		&ld, &ln, &ll, &lu); err != nil {
		return nil, err
	}
	if ld > 0 {
		e.Linkage = &reckon.LinkageInterval{Draws: ld, NHat: ln.Float64, Lower: ll.Float64, Upper: math.Inf(1)}
		if lu.Valid {
			e.Linkage.Upper = lu.Float64
		}
	}
	e.Upper = math.Inf(1)
	if upper.Valid {
		e.Upper = upper.Float64
	}
	e.Seed = uint64(seed)
	if err := storerule.DecodeJSON("estimates.lists", lists, &e.Lists); err != nil {
		return nil, err
	}
	if err := storerule.DecodeJSON("estimates.warnings", warnings, &e.Warnings); err != nil {
		return nil, err
	}
	e.CreatedAt = storerule.ParseTime(created)
	return &e, nil
}

// Estimate implements [reckon.EstimateStore].
func (s *Store) Estimate(ctx context.Context, id int64) (_ *reckon.Estimate, err error) {
	defer wrap(&err, "estimate %d", id)
	e, err := scanEstimate(s.queryRow(ctx, `SELECT `+estimateColumns+` FROM estimates WHERE id = ?`, id))
	return e, notFound(err, "estimate", id)
}

// Estimates implements [reckon.EstimateStore].
func (s *Store) Estimates(ctx context.Context, f reckon.EstimateFilter) (_ []*reckon.Estimate, err error) {
	defer wrap(&err, "estimates")
	q := `SELECT ` + estimateColumns + ` FROM estimates WHERE 1 = 1`
	var args []any
	if f.Measure != "" {
		q += ` AND measure = ?`
		args = append(args, f.Measure)
	}
	if f.Population != "" {
		q += ` AND population = ?`
		args = append(args, f.Population)
	}
	if f.Method != "" {
		q += ` AND method = ?`
		args = append(args, f.Method)
	}
	rows, err := s.query(ctx, q+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*reckon.Estimate
	for rows.Next() {
		e, err := scanEstimate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
