-- A store's demand day is its own local day: a UK shop's evening sale belongs to that evening, not
-- to the next Shanghai day. NULL means Asia/Shanghai, the zone every store had before. No DEFAULT:
-- DuckDB could not replay an ALTER ... ADD COLUMN ... DEFAULT from its WAL after a kill.
ALTER TABLE stores ADD COLUMN timezone VARCHAR;

-- Till exports that know the shopper (loyalty card, household) keep it, so brand insights count
-- people rather than receipts, and a till line can name its buyer like an order line does.
ALTER TABLE till_lines ADD COLUMN customer_id VARCHAR;

-- The zones demand_daily was last computed in (stores with a zone of their own). A store whose zone
-- changed since has every day recomputed by the next refresh, not only the days new files touch.
CREATE TABLE demand_store_zones (
  store_id VARCHAR PRIMARY KEY,
  tz       VARCHAR NOT NULL
);
