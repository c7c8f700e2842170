-- Sources, documents with their text in chunks, claims and their reviews.
CREATE TABLE sources (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	kind       TEXT NOT NULL,
	grade      TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE TABLE documents (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER NOT NULL REFERENCES sources(id),
	title      TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	published  TEXT NOT NULL DEFAULT '',
	hash       TEXT UNIQUE, -- NULL only inside the transaction that adds it
	size       INTEGER NOT NULL DEFAULT 0,
	claims     INTEGER NOT NULL DEFAULT 0,
	added_at   TEXT NOT NULL
);
CREATE INDEX documents_source ON documents(source_id);

CREATE TABLE document_chunks (
	document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	offset      INTEGER NOT NULL,
	text        TEXT NOT NULL,
	PRIMARY KEY (document_id, offset)
) WITHOUT ROWID;

CREATE TABLE claims (
	id                INTEGER PRIMARY KEY,
	document_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	measure           TEXT NOT NULL,
	subject           TEXT NOT NULL DEFAULT '',
	qualifier         TEXT NOT NULL,
	cue               TEXT NOT NULL DEFAULT '',
	low               INTEGER,
	high              INTEGER,
	stated            TEXT NOT NULL DEFAULT '[]',
	span              TEXT NOT NULL,
	start             INTEGER NOT NULL,
	"end"             INTEGER NOT NULL,
	sentence          TEXT NOT NULL DEFAULT '',
	attribution       TEXT NOT NULL DEFAULT '',
	cites             TEXT NOT NULL DEFAULT '',
	date              TEXT NOT NULL DEFAULT '',
	projected         INTEGER NOT NULL DEFAULT 0,
	why               TEXT NOT NULL DEFAULT '[]',
	extractor_version TEXT NOT NULL DEFAULT '',
	status            TEXT NOT NULL DEFAULT 'extracted',
	reviewed_by       TEXT NOT NULL DEFAULT '',
	reviewed_at       TEXT,
	review_note       TEXT NOT NULL DEFAULT '',
	created_at        TEXT NOT NULL
);
CREATE INDEX claims_document ON claims(document_id);
CREATE INDEX claims_measure ON claims(measure, status);

CREATE TABLE claim_reviews (
	id       INTEGER PRIMARY KEY,
	claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
	action   TEXT NOT NULL,
	by       TEXT NOT NULL,
	at       TEXT NOT NULL,
	why      TEXT NOT NULL DEFAULT '',
	before   TEXT NOT NULL,
	after    TEXT NOT NULL
);
CREATE INDEX claim_reviews_claim ON claim_reviews(claim_id);
