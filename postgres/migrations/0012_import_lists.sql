-- An import whose records all name one list is filed under that list, not
-- under the name of its file (issue 11): file the imports made before so.
UPDATE imports i SET list = one.list
FROM (SELECT import_id, MIN(list) AS list FROM records GROUP BY import_id HAVING COUNT(DISTINCT list) = 1) one
WHERE i.id = one.import_id AND i.list <> one.list;

-- How many records of each list an import holds, for the imports whose
-- records name several lists (reckon.Import.Lists); derived from records,
-- kept at each import and rebuilt when a snapshot is imported.
CREATE TABLE import_lists (
	import_id bigint NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
	list      text   NOT NULL,
	records   bigint NOT NULL,
	PRIMARY KEY (import_id, list)
);
INSERT INTO import_lists (import_id, list, records)
	SELECT import_id, list, COUNT(*) FROM records
	WHERE import_id IN (SELECT import_id FROM records GROUP BY import_id HAVING COUNT(DISTINCT list) > 1)
	GROUP BY import_id, list;
