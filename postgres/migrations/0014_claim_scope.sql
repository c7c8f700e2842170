-- Issue 13: a claim's scope (where, when, which part it counts), its date
-- resolved to the calendar, and what an analyst can correct or add: an
-- attribution to a source of the ledger, a note, claims an analyst added,
-- the extractor's values of corrected fields, and restatements merged
-- into the claim they restate.
ALTER TABLE claims ADD COLUMN scope_place text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN scope_period text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN scope_extent text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN scope_part text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN on_date text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN note text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN attribution_source_id bigint REFERENCES sources(id);
ALTER TABLE claims ADD COLUMN origin text NOT NULL DEFAULT 'extractor';
ALTER TABLE claims ADD COLUMN original text NOT NULL DEFAULT '{}';
ALTER TABLE claims ADD COLUMN merged_into bigint REFERENCES claims(id) ON DELETE SET NULL;
