-- Produce sellers' seasonal calendar and listing advice, and brand insights after disclosure
-- control. Every table is keyed by the forecast run that made it and replaced whole per run.
-- Brand tables hold only what may be published: a withheld cell keeps its dimensions, its
-- suppressed flag and reason, and NULL in every measure.

CREATE TABLE produce_seasons (
  run_id        VARCHAR NOT NULL,
  sku           VARCHAR NOT NULL,
  level         VARCHAR NOT NULL,   -- village | county | province
  node_id       VARCHAR NOT NULL,
  alignment     VARCHAR NOT NULL,   -- solar | lunar (weeks from Spring Festival)
  years         DOUBLE NOT NULL,    -- years of history the shape is fitted on
  borrowed_from VARCHAR,            -- parent region or category whose shape it leans on
  annual_kg     DOUBLE NOT NULL,    -- the latest 52 weeks
  yoy_growth    DOUBLE,             -- latest 52 weeks over the 52 before
  peak_from     DATE, peak_to DATE, -- next occurrence of the peak window
  season_from   DATE, season_to DATE,
  PRIMARY KEY (run_id, sku, level, node_id)
);

CREATE TABLE produce_calendar (
  run_id        VARCHAR NOT NULL,
  sku           VARCHAR NOT NULL,
  level         VARCHAR NOT NULL,
  node_id       VARCHAR NOT NULL,
  week_start    DATE NOT NULL,      -- the next 52 weeks from the day after the as-of day
  position      INTEGER NOT NULL,   -- 0..51 on the item's calendar
  share         DOUBLE NOT NULL,    -- of a year's kg
  share_sd      DOUBLE NOT NULL,
  expected_kg   DOUBLE NOT NULL,
  kg_lo         DOUBLE NOT NULL,    -- 80 % range
  kg_hi         DOUBLE NOT NULL,
  price_index   DOUBLE,
  expected_price DOUBLE,            -- yuan per kg
  in_peak       BOOLEAN NOT NULL,
  in_season     BOOLEAN NOT NULL,
  PRIMARY KEY (run_id, sku, level, node_id, week_start)
);

CREATE TABLE listing_advice (
  run_id          VARCHAR NOT NULL,
  seller_id       VARCHAR NOT NULL,
  weeks           INTEGER NOT NULL,
  rank            INTEGER NOT NULL,
  sku             VARCHAR NOT NULL,
  market_kg       DOUBLE NOT NULL,  -- the seller's county over the window
  expected_kg     DOUBLE NOT NULL,  -- the seller's share: market / (competitors + 1)
  kg_lo           DOUBLE NOT NULL,
  kg_hi           DOUBLE NOT NULL,
  expected_price  DOUBLE,
  expected_revenue DOUBLE,
  competitors     INTEGER NOT NULL, -- other sellers in the county who sold it in the last 52 weeks
  momentum        DOUBLE NOT NULL,  -- -1 going out of season .. +1 coming in
  top_regions     VARCHAR,
  reason_zh       VARCHAR NOT NULL,
  reason_en       VARCHAR NOT NULL,
  PRIMARY KEY (run_id, seller_id, weeks, rank)
);

CREATE TABLE brand_cells (
  run_id        VARCHAR NOT NULL,
  category      VARCHAR NOT NULL,   -- 'ALL' on the all-categories margin
  brand         VARCHAR NOT NULL,   -- 'ALL' on a category's margin
  region_level  VARCHAR NOT NULL,   -- county | province | all
  region_id     VARCHAR NOT NULL,
  period_level  VARCHAR NOT NULL,   -- month | total
  period        VARCHAR NOT NULL,   -- YYYY-MM, ALL (latest 12 months), ALL_PREV (the 12 before)
  value_yuan    DECIMAL(16, 2),
  units         DOUBLE,
  value_share   DOUBLE,             -- of the parent (brand of its category, category of all)
  unit_share    DOUBLE,
  growth        DOUBLE,             -- against the same month (or 12 months) a year before
  season_index  DOUBLE,             -- month value over the 12-month mean
  stores_buying INTEGER,
  stores_total  INTEGER,
  villages_buying INTEGER,
  villages_total  INTEGER,
  order_customers INTEGER,
  repeat_rate   DOUBLE,             -- order-channel customers who bought in 2+ orders
  suppressed    BOOLEAN NOT NULL,
  reason        VARCHAR
);

CREATE TABLE brand_price_bands (
  run_id        VARCHAR NOT NULL,
  category      VARCHAR NOT NULL,
  brand         VARCHAR NOT NULL,
  region_level  VARCHAR NOT NULL,
  region_id     VARCHAR NOT NULL,
  band          VARCHAR NOT NULL,   -- 1-low .. 4-premium, ALL
  value_yuan    DECIMAL(16, 2),
  units         DOUBLE,
  band_share    DOUBLE,             -- of the product's value over all bands
  suppressed    BOOLEAN NOT NULL,
  reason        VARCHAR
);

CREATE TABLE brand_events (
  run_id        VARCHAR NOT NULL,
  category      VARCHAR NOT NULL,
  brand         VARCHAR NOT NULL,
  region_level  VARCHAR NOT NULL,
  region_id     VARCHAR NOT NULL,
  event         VARCHAR NOT NULL,
  window_from   DATE NOT NULL, window_to DATE NOT NULL,
  base_from     DATE NOT NULL, base_to DATE NOT NULL,
  value_yuan    DECIMAL(16, 2),     -- in the event window
  units         DOUBLE,
  base_value_yuan DECIMAL(16, 2),   -- in the four weeks before it
  base_units    DOUBLE,
  lift          DOUBLE,             -- value a day in the window over value a day before it
  suppressed    BOOLEAN NOT NULL,   -- the window cell
  reason        VARCHAR,
  base_suppressed BOOLEAN NOT NULL, -- the baseline cell, protected on its own
  base_reason   VARCHAR
);

-- What else is in the baskets (orders, till receipts) that hold a brand or a category.
CREATE TABLE brand_basket (
  run_id        VARCHAR NOT NULL,
  category      VARCHAR NOT NULL,   -- the product whose baskets these are
  brand         VARCHAR NOT NULL,   -- 'ALL' for a category's baskets
  region_level  VARCHAR NOT NULL,
  region_id     VARCHAR NOT NULL,
  co_category   VARCHAR NOT NULL,   -- another category in those baskets; ALL = all of them
  value_yuan    DECIMAL(16, 2),     -- of co_category lines in those baskets
  units         DOUBLE,
  affinity      DOUBLE,             -- share of the baskets' other-category value that is co_category
  lift          DOUBLE,             -- affinity over co_category's share of every basket
  suppressed    BOOLEAN NOT NULL,
  reason        VARCHAR
);

CREATE TABLE disclosure_report (
  run_id        VARCHAR NOT NULL,
  table_name    VARCHAR NOT NULL,
  strategy      VARCHAR NOT NULL,   -- cost (published) | smallest (baseline, for comparison)
  cells         INTEGER NOT NULL,
  primary_cells INTEGER NOT NULL,
  complementary_cells INTEGER NOT NULL,
  value_suppressed_share DOUBLE NOT NULL,
  cells_suppressed_share DOUBLE NOT NULL,
  lp_checks     INTEGER NOT NULL,
  seconds       DOUBLE NOT NULL
);
