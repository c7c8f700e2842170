-- The language a document's claims were read in (ISO 639-1: en, ko, ru,
-- uk); '' for documents added before languages were kept.
ALTER TABLE documents ADD COLUMN lang text NOT NULL DEFAULT '';
