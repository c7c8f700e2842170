-- An import whose records all name one list is filed under that list, not
-- under the name of its file (issue 11): file the imports made before so.
-- list_ranges has one row per list and import.
UPDATE imports SET list = (SELECT lr.list FROM list_ranges lr WHERE lr.import_id = imports.id)
WHERE id IN (SELECT import_id FROM list_ranges GROUP BY import_id HAVING COUNT(*) = 1);
