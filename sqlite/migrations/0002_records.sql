-- Imports of record lists and their records.
CREATE TABLE imports (
	id          INTEGER PRIMARY KEY,
	source_id   INTEGER REFERENCES sources(id),
	list        TEXT NOT NULL DEFAULT '',
	file        TEXT NOT NULL DEFAULT '',
	hash        TEXT NOT NULL UNIQUE,
	records     INTEGER NOT NULL DEFAULT 0,
	imported_at TEXT NOT NULL
);

CREATE TABLE records (
	id          INTEGER PRIMARY KEY,
	import_id   INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
	list        TEXT NOT NULL,
	record_id   TEXT NOT NULL,
	family_name TEXT NOT NULL DEFAULT '',
	given_name  TEXT NOT NULL DEFAULT '',
	name        TEXT NOT NULL DEFAULT '',
	sex         TEXT NOT NULL DEFAULT '',
	birth_date  TEXT NOT NULL DEFAULT '',
	death_date  TEXT NOT NULL DEFAULT '',
	death_place TEXT NOT NULL DEFAULT '',
	unit        TEXT NOT NULL DEFAULT '',
	rank        TEXT NOT NULL DEFAULT '',
	home_town   TEXT NOT NULL DEFAULT '',
	source_url  TEXT NOT NULL DEFAULT '',
	attributes  TEXT NOT NULL DEFAULT '',
	UNIQUE (list, record_id)
);
