-- Personal data: the fields of a record that only those who may see
-- personal data are shown (comma-separated names), and whole records under
-- embargo. The partial index finds the few embargoed records without
-- costing an import anything for the others.
ALTER TABLE records ADD COLUMN sensitive TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN embargoed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX records_embargoed ON records(id) WHERE embargoed <> 0;
