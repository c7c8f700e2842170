-- Record linkage: runs, persons, their records, scored pairs, decisions.
CREATE TABLE link_runs (
	id              INTEGER PRIMARY KEY,
	at              TEXT NOT NULL,
	records         INTEGER NOT NULL,
	candidate_pairs INTEGER NOT NULL,
	persons         INTEGER NOT NULL,
	config_hash     TEXT NOT NULL DEFAULT '',
	version         TEXT NOT NULL DEFAULT '',
	stats           TEXT NOT NULL DEFAULT ''
);

CREATE TABLE persons (
	id     INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES link_runs(id)
);

CREATE TABLE person_records (
	record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE
);
CREATE INDEX person_records_person ON person_records(person_id);

CREATE TABLE matches (
	a           INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	b           INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	weight      REAL NOT NULL,
	probability REAL NOT NULL,
	PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX matches_probability ON matches(probability);

CREATE TABLE decisions (
	id        INTEGER PRIMARY KEY,
	a_list    TEXT NOT NULL,
	a_record  TEXT NOT NULL,
	b_list    TEXT NOT NULL,
	b_record  TEXT NOT NULL,
	same      INTEGER NOT NULL,
	by        TEXT NOT NULL,
	at        TEXT NOT NULL,
	why       TEXT NOT NULL DEFAULT '',
	undone_at TEXT
);
CREATE INDEX decisions_pair ON decisions(a_list, a_record, b_list, b_record);
