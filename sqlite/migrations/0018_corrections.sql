-- Issue 16: reports from readers of the public roll, kept in an internal
-- queue until an analyst resolves them. reporter and contact are personal
-- data of the strictest kind.
CREATE TABLE corrections (
	id          INTEGER PRIMARY KEY,
	list        TEXT NOT NULL,
	record_id   TEXT NOT NULL,
	person_id   INTEGER NOT NULL DEFAULT 0,
	kind        TEXT NOT NULL,
	field       TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	reporter    TEXT NOT NULL DEFAULT '',
	contact     TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'open',
	note        TEXT NOT NULL DEFAULT '',
	resolved_by TEXT NOT NULL DEFAULT '',
	resolved_at TEXT,
	created_at  TEXT NOT NULL
);
CREATE INDEX corrections_status ON corrections (status, id);
