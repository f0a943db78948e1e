-- Demand, forecasts and suggestions: what the pipelines compute from the ingested facts.

-- Daily demand per store and SKU, the bottom of every hierarchy. Only days with activity or a
-- censored stock-out are stored; series builders zero-fill between a pair's first activity and the
-- as-of day (a village x SKU x day table would be 219M rows at 1,000 villages).
CREATE TABLE demand_daily (
  store_id        VARCHAR NOT NULL,
  sku             VARCHAR NOT NULL,
  day             DATE NOT NULL,          -- Asia/Shanghai calendar day
  shelf_units     DOUBLE NOT NULL,        -- till sales net of till returns, floored at 0
  order_units     DOUBLE NOT NULL,        -- order lines placed that day that were neither cancelled nor returned
  returned_units  DOUBLE NOT NULL,        -- till returns + returned order lines (by day placed/sold)
  censored        BOOLEAN NOT NULL,       -- shelf ran out that day or was empty: true demand >= shelf_units
  on_hand         DOUBLE,                 -- end-of-day stock where a snapshot says
  PRIMARY KEY (store_id, sku, day)
);

-- How far each derived table has read the ingested files (file_id is monotonic), so new files
-- recompute only the (store, day) cells they touch.
CREATE TABLE pipeline_watermarks (
  name        VARCHAR PRIMARY KEY,
  file_id     BIGINT NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE forecast_runs (
  run_id       VARCHAR PRIMARY KEY,     -- e.g. 20261101T020000-1a2b
  as_of        DATE NOT NULL,           -- last day of history used
  horizon      INTEGER NOT NULL,
  started_at   TIMESTAMPTZ NOT NULL,
  finished_at  TIMESTAMPTZ,
  status       VARCHAR NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  params       VARCHAR                  -- JSON of the run's options
);

-- Forecasts at every level of the geography for one SKU: level store | village | town | county |
-- province. Coherent: a parent's mean is the sum of its children's (reconciled).
CREATE TABLE forecasts (
  run_id   VARCHAR NOT NULL,
  level    VARCHAR NOT NULL,
  node_id  VARCHAR NOT NULL,
  sku      VARCHAR NOT NULL,
  day      DATE NOT NULL,
  h        INTEGER NOT NULL,
  mean     DOUBLE NOT NULL,
  q50      DOUBLE, q80 DOUBLE, q90 DOUBLE, q95 DOUBLE, q99 DOUBLE,
  model    VARCHAR,
  PRIMARY KEY (run_id, level, node_id, sku, day)
);

CREATE TABLE restock_suggestions (
  run_id                    VARCHAR NOT NULL,
  store_id                  VARCHAR NOT NULL,
  sku                       VARCHAR NOT NULL,
  as_of                     DATE NOT NULL,
  on_hand                   DOUBLE NOT NULL,
  on_order                  DOUBLE NOT NULL,
  order_up_to               DOUBLE NOT NULL,
  quantity                  DOUBLE NOT NULL,
  days_of_cover             DOUBLE,
  stockout_probability      DOUBLE,
  expected_fill_rate        DOUBLE,
  cash_needed               DOUBLE NOT NULL,
  margin_protected          DOUBLE,
  budget_rank               INTEGER,
  within_budget             BOOLEAN,
  driver                    VARCHAR,
  reason_zh                 VARCHAR NOT NULL,
  reason_en                 VARCHAR NOT NULL,
  PRIMARY KEY (run_id, store_id, sku)
);
