-- Issue 16: releases, frozen and signed copies of the public view, with
-- their files kept byte for byte.
CREATE TABLE releases (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	created_at    TEXT NOT NULL,
	manifest_hash TEXT NOT NULL,
	public_key    TEXT NOT NULL
);
CREATE TABLE release_files (
	release_id INTEGER NOT NULL REFERENCES releases(id),
	name       TEXT NOT NULL,
	sha256     TEXT NOT NULL,
	size       INTEGER NOT NULL,
	data       BLOB NOT NULL,
	PRIMARY KEY (release_id, name)
);
