-- Personal data: the fields of a record that only those who may see
-- personal data are shown (comma-separated names), and whole records under
-- embargo. The partial index finds the few embargoed records.
ALTER TABLE records ADD COLUMN sensitive text NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN embargoed boolean NOT NULL DEFAULT false;
CREATE INDEX records_embargoed ON records(id) WHERE embargoed;
