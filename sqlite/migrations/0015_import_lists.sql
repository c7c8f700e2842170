-- An import whose records all name one list is filed under that list, not
-- under the name of its file (issue 11): file the imports made before so.
-- list_ranges has one row per list and import.
UPDATE imports SET list = (SELECT lr.list FROM list_ranges lr WHERE lr.import_id = imports.id)
WHERE id IN (SELECT import_id FROM list_ranges GROUP BY import_id HAVING COUNT(*) = 1);

-- How many records of each list an import holds, for the imports whose
-- records name several lists (reckon.Import.Lists). Derived, like the
-- ranges.
ALTER TABLE list_ranges ADD COLUMN records INTEGER NOT NULL DEFAULT 0;
UPDATE list_ranges SET records = (SELECT COUNT(*) FROM records r
	WHERE r.id BETWEEN list_ranges.min_id AND list_ranges.max_id AND r.import_id = list_ranges.import_id AND r.list = list_ranges.list);
