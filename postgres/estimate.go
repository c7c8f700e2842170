package postgres

import (
	"context"
	"encoding/json"
	"math"

	"github.com/jackc/pgx/v5"
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
	var upper *float64
	if !math.IsInf(e.Upper, 1) {
		upper = &e.Upper
	}
	var run *int64
	if e.LinkRunID != 0 {
		run = &e.LinkRunID
	}
	lists, _ := json.Marshal(e.Lists)
	warnings, _ := json.Marshal(e.Warnings)
	if e.Settings == "" {
		e.Settings = "{}"
	}
	now := s.now()
	err = s.inTx(ctx, func(c pgx.Tx) error {
		if err := c.QueryRow(ctx, `INSERT INTO estimates (measure, population, stratum, method, model, observed, n_hat, lower, upper,
		"interval", lists, input, input_hash, settings, seed, version, link_run_id, result, warnings, created_at,
		linkage_draws, linkage_n_hat, linkage_lower, linkage_upper)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id`,
			string(e.Measure), e.Population, e.Stratum, string(e.Method), e.Model, e.Observed, e.NHat, e.Lower, upper,
			e.Interval, string(lists), e.Input, e.InputHash, e.Settings, int64(e.Seed), e.Version, run, e.Result, string(warnings), now,
			ld, ln, ll, lu).Scan(&e.ID); err != nil {
			return err
		}
		e.CreatedAt = storerule.ParseTime(now)
		return s.record(ctx, c, "estimate.save", "estimate", e.ID, nil, map[string]any{
			"measure": e.Measure, "population": e.Population, "stratum": e.Stratum, "method": e.Method, "model": e.Model,
			"n_hat": e.NHat, "lower": e.Lower, "upper": upper, "input_hash": e.InputHash, "seed": e.Seed, "version": e.Version})
	})
	if err != nil {
		return err
	}
	e.CreatedAt = storerule.ParseTime(now)
	return nil
}

const estimateColumns = `id, measure, population, stratum, method, model, observed, n_hat, lower, upper, "interval", lists, input,
	input_hash, settings, seed, version, COALESCE(link_run_id, 0), result, warnings, created_at,
	linkage_draws, linkage_n_hat, linkage_lower, linkage_upper`

func scanEstimate(row scanner) (*reckon.Estimate, error) {
	var e reckon.Estimate
	var upper, ln, ll, lu *float64
	var ld int
	var measure, method, lists, warnings, created string
	var seed int64
	if err := row.Scan(&e.ID, &measure, &e.Population, &e.Stratum, &method, &e.Model, &e.Observed, &e.NHat, &e.Lower, &upper,
		&e.Interval, &lists, &e.Input, &e.InputHash, &e.Settings, &seed, &e.Version, &e.LinkRunID, &e.Result, &warnings, &created,
		&ld, &ln, &ll, &lu); err != nil {
		return nil, err
	}
	if ld > 0 && ln != nil && ll != nil {
		e.Linkage = &reckon.LinkageInterval{Draws: ld, NHat: *ln, Lower: *ll, Upper: math.Inf(1)}
		if lu != nil {
			e.Linkage.Upper = *lu
		}
	}
	e.Measure = reckon.Measure(measure)
	e.Method = reckon.Method(method)
	e.Upper = math.Inf(1)
	if upper != nil {
		e.Upper = *upper
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
	var e *reckon.Estimate
	err = s.withConn(ctx, func(c *pgx.Conn) (err error) {
		e, err = scanEstimate(c.QueryRow(ctx, `SELECT `+estimateColumns+` FROM estimates WHERE id = $1`, id))
		return err
	})
	return e, notFound(err, "estimate", id)
}

// Estimates implements [reckon.EstimateStore].
func (s *Store) Estimates(ctx context.Context, f reckon.EstimateFilter) (_ []*reckon.Estimate, err error) {
	defer wrap(&err, "estimates")
	q := `SELECT ` + estimateColumns + ` FROM estimates WHERE true`
	var args params
	if f.Measure != "" {
		q += ` AND measure = ` + args.add(string(f.Measure))
	}
	if f.Population != "" {
		q += ` AND population = ` + args.add(f.Population)
	}
	if f.Method != "" {
		q += ` AND method = ` + args.add(string(f.Method))
	}
	return collect(ctx, s, scanEstimate, q+` ORDER BY id DESC`, args...)
}
