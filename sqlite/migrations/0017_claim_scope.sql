-- Issue 13: a claim's scope (where, when, which part it counts), its date
-- resolved to the calendar, and what an analyst can correct or add: an
-- attribution to a source of the ledger, a note, claims an analyst added,
-- the extractor's values of corrected fields, and restatements merged
-- into the claim they restate.
ALTER TABLE claims ADD COLUMN scope_place TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN scope_period TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN scope_extent TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN scope_part TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN on_date TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN attribution_source_id INTEGER REFERENCES sources(id);
ALTER TABLE claims ADD COLUMN origin TEXT NOT NULL DEFAULT 'extractor';
ALTER TABLE claims ADD COLUMN original TEXT NOT NULL DEFAULT '{}';
ALTER TABLE claims ADD COLUMN merged_into INTEGER REFERENCES claims(id) ON DELETE SET NULL;
