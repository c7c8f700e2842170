-- Claims count their reviews, for optimistic concurrency.
ALTER TABLE claims ADD COLUMN version bigint NOT NULL DEFAULT 0;
