-- Claims count their reviews, for optimistic concurrency.
ALTER TABLE claims ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
