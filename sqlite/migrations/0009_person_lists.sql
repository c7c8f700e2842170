-- Which lists saw each person, derived from person_records at every link
-- run: it pages the persons of one list in person order without scanning
-- the records (there is no index on records(list), which would cost a
-- large import 15%).
CREATE TABLE person_lists (
	list      TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	PRIMARY KEY (list, person_id)
) WITHOUT ROWID;
INSERT INTO person_lists (list, person_id)
	SELECT DISTINCT r.list, pr.person_id FROM person_records pr JOIN records r ON r.id = pr.record_id;
