package pipeline

import (
	"context"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// ResolveCorrection applies an analyst's decision r on the report id of
// the public roll's correction queue, for the server and the command
// line alike. Withholding embargoes every record of the person the
// report names (as linked now) through ProtectRecord, each with its audit
// event, keeping the records' sensitive fields, and then closes the
// report with a note that lists the embargoed records; a failure in
// between leaves the report open, and withholding again embargoes what
// is left. A report resolved already is ECONFLICT, an invalid r EINVALID.
// It returns the report as it now is and the keys of the records
// withheld (none unless r withholds).
func ResolveCorrection(ctx context.Context, s reckon.Store, id int64, r reckon.Resolution) (*reckon.Correction, []string, error) {
	r.Note = strings.TrimSpace(r.Note)
	if err := r.Validate(); err != nil {
		return nil, nil, err
	}
	c, err := s.Correction(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if c.Status != reckon.CorrectionOpen {
		return nil, nil, reckon.Errorf(reckon.ECONFLICT, "report %d was %s already", id, c.Status)
	}
	var keys []string
	if r.Status == reckon.CorrectionWithheld {
		if keys, err = withholdPerson(ctx, s, c.Record); err != nil {
			return nil, nil, err
		}
		note := "records embargoed: " + strings.Join(keys, ", ")
		if r.Note != "" {
			note = r.Note + "\n" + note
		}
		r.Note = storerule.Clip(note, reckon.MaxCorrectionNote)
	}
	out, err := s.ResolveCorrection(ctx, id, &r)
	if err != nil {
		return nil, nil, err
	}
	return out, keys, nil
}

// withholdPerson embargoes the record of key k and every other record of
// its person, keeping their sensitive fields, and returns their keys.
func withholdPerson(ctx context.Context, s reckon.Store, k reckon.RecordKey) ([]string, error) {
	recs, err := s.Records(ctx, reckon.RecordFilter{List: k.List, RecordID: k.RecordID})
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "record %s of the report is no longer in the workspace", reckon.Quote(k.String()))
	}
	all := recs
	p, err := s.PersonOfRecord(ctx, recs[0].ID)
	switch {
	case err == nil:
		all = p.Records
	case reckon.ErrorCode(err) != reckon.ENOTFOUND:
		return nil, err
	}
	var keys []string
	for _, rec := range all {
		keys = append(keys, rec.Key().String())
		if rec.Embargoed {
			continue
		}
		if err := s.ProtectRecord(ctx, rec.Key(), rec.Sensitive, true); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
