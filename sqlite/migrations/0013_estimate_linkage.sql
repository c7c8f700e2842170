-- The estimate over draws of the linkage: how many draws gave an estimate
-- (0: none computed, the other columns NULL), its point and 95% interval
-- over linkage and sampling; linkage_upper NULL with draws > 0 means no
-- finite upper bound.
ALTER TABLE estimates ADD COLUMN linkage_draws INTEGER NOT NULL DEFAULT 0;
ALTER TABLE estimates ADD COLUMN linkage_n_hat REAL;
ALTER TABLE estimates ADD COLUMN linkage_lower REAL;
ALTER TABLE estimates ADD COLUMN linkage_upper REAL;
