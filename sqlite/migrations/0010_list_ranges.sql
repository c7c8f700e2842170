-- Where each list's records lie by id, per import: a list's records are
-- paged by scanning ids from the first of its ranges after the cursor,
-- without an index on records(list), which would cost a large import 15%.
-- Derived at each import (and on snapshot import).
CREATE TABLE list_ranges (
	list      TEXT NOT NULL,
	import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
	min_id    INTEGER NOT NULL,
	max_id    INTEGER NOT NULL,
	PRIMARY KEY (list, min_id)
) WITHOUT ROWID;
INSERT INTO list_ranges (list, import_id, min_id, max_id)
	SELECT list, import_id, MIN(id), MAX(id) FROM records GROUP BY list, import_id;
