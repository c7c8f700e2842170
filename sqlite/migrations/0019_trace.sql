-- Issue 16: families' tracing requests, the candidates matching proposes
-- for each, and the outbox that tells tracers of new candidates. The
-- requester's contact is kept apart (contact, JSON) so that a withdrawal
-- can erase it; the audit log never holds it.
CREATE TABLE trace_requests (
	id         INTEGER PRIMARY KEY,
	status     TEXT NOT NULL CHECK (status IN ('open', 'candidates', 'confirmed', 'closed', 'withdrawn')),
	sought     TEXT NOT NULL,
	contact    TEXT NOT NULL DEFAULT '',
	consent    INTEGER NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	-- hex SHA-256 of the requester's withdrawal code, '' for none
	withdraw_hash TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trace_requests_status ON trace_requests (status, id);
CREATE TABLE trace_candidates (
	request_id  INTEGER NOT NULL REFERENCES trace_requests(id),
	record_id   INTEGER NOT NULL,
	person_id   INTEGER NOT NULL DEFAULT 0,
	probability REAL NOT NULL,
	weight      REAL NOT NULL,
	explanation TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
	decided_by  TEXT NOT NULL DEFAULT '',
	decided_at  TEXT,
	reason      TEXT NOT NULL DEFAULT '',
	found_at    TEXT NOT NULL,
	PRIMARY KEY (request_id, record_id)
);
CREATE INDEX trace_candidates_status ON trace_candidates (status, request_id);
CREATE TABLE trace_notices (
	id         INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES trace_requests(id),
	channel    TEXT NOT NULL,
	recipient  TEXT NOT NULL,
	subject    TEXT NOT NULL,
	body       TEXT NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    TEXT NOT NULL,
	sent_at    TEXT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX trace_notices_pending ON trace_notices (sent_at, next_at);
