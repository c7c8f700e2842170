-- Estimates with the exact input they were computed from.
CREATE TABLE estimates (
	id          INTEGER PRIMARY KEY,
	measure     TEXT NOT NULL,
	population  TEXT NOT NULL DEFAULT '',
	stratum     TEXT NOT NULL DEFAULT '',
	method      TEXT NOT NULL,
	model       TEXT NOT NULL DEFAULT '',
	observed    INTEGER NOT NULL,
	n_hat       REAL NOT NULL,
	lower       REAL NOT NULL,
	upper       REAL, -- NULL: no finite upper bound
	interval    TEXT NOT NULL DEFAULT '',
	lists       TEXT NOT NULL DEFAULT '[]',
	input       TEXT NOT NULL,
	input_hash  TEXT NOT NULL,
	settings    TEXT NOT NULL DEFAULT '{}',
	seed        INTEGER NOT NULL DEFAULT 0,
	version     TEXT NOT NULL DEFAULT '',
	link_run_id INTEGER,
	result      TEXT NOT NULL DEFAULT '',
	warnings    TEXT NOT NULL DEFAULT '[]',
	created_at  TEXT NOT NULL
);
CREATE INDEX estimates_measure ON estimates(measure, population);
