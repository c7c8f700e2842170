-- An import whose records all name one list is filed under that list, not
-- under the name of its file (issue 11): file the imports made before so.
UPDATE imports i SET list = one.list
FROM (SELECT import_id, MIN(list) AS list FROM records GROUP BY import_id HAVING COUNT(DISTINCT list) = 1) one
WHERE i.id = one.import_id AND i.list <> one.list;
