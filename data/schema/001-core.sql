-- Core warehouse model. Timestamps are instants (TIMESTAMPTZ, stored as UTC); every input timestamp
-- without an offset means Asia/Shanghai local time (UTC+8, no DST since 1991), so a local calendar
-- day is (ts AT TIME ZONE 'Asia/Shanghai')::DATE.

CREATE TABLE provinces (
  province_id  VARCHAR PRIMARY KEY,
  name_zh      VARCHAR NOT NULL,
  name_pinyin  VARCHAR NOT NULL
);

CREATE TABLE counties (
  county_id    VARCHAR PRIMARY KEY,
  province_id  VARCHAR NOT NULL,
  name_zh      VARCHAR NOT NULL,
  name_pinyin  VARCHAR NOT NULL
);

CREATE TABLE towns (
  town_id      VARCHAR PRIMARY KEY,
  county_id    VARCHAR NOT NULL,
  name_zh      VARCHAR NOT NULL,
  name_pinyin  VARCHAR NOT NULL
);

CREATE TABLE villages (
  village_id   VARCHAR PRIMARY KEY,
  town_id      VARCHAR NOT NULL,
  name_zh      VARCHAR NOT NULL,
  name_pinyin  VARCHAR NOT NULL,
  population   INTEGER
);

-- A shop in a village: a Rural Taobao-style service centre or a mom-and-pop store, with its
-- restocking policy (what the restock suggestions are computed against).
CREATE TABLE stores (
  store_id            VARCHAR PRIMARY KEY,
  village_id          VARCHAR NOT NULL,
  name_zh             VARCHAR NOT NULL,
  name_pinyin         VARCHAR NOT NULL,
  kind                VARCHAR NOT NULL CHECK (kind IN ('service_centre', 'mom_and_pop')),
  lead_time_days      INTEGER NOT NULL CHECK (lead_time_days >= 0),
  review_period_days  INTEGER NOT NULL CHECK (review_period_days >= 1),
  service_level       DOUBLE  NOT NULL CHECK (service_level > 0 AND service_level < 1),
  min_order_units     INTEGER NOT NULL DEFAULT 1 CHECK (min_order_units >= 0),
  cash_budget         DECIMAL(14, 2),
  opened_on           DATE
);

CREATE TABLE products (
  sku              VARCHAR PRIMARY KEY,
  name_zh          VARCHAR NOT NULL,
  name_en          VARCHAR NOT NULL,
  category         VARCHAR NOT NULL,
  subcategory      VARCHAR NOT NULL,
  brand            VARCHAR NOT NULL,
  unit             VARCHAR NOT NULL,
  pack_size        INTEGER NOT NULL CHECK (pack_size >= 1),
  list_price       DECIMAL(12, 2) NOT NULL CHECK (list_price >= 0),
  unit_cost        DECIMAL(12, 2),
  shelf_life_days  INTEGER,
  is_produce       BOOLEAN NOT NULL DEFAULT false
);

-- Farmers and co-ops who sell local produce outward.
CREATE TABLE sellers (
  seller_id   VARCHAR PRIMARY KEY,
  village_id  VARCHAR NOT NULL,
  name_zh     VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL CHECK (kind IN ('farmer', 'coop'))
);

-- Every file ever offered to ingestion, keyed by content. The row commits in the same transaction
-- as the file's data, so "recorded here" and "its rows are in" are the same fact.
CREATE SEQUENCE ingest_file_seq START 1;
CREATE TABLE ingest_files (
  file_id        BIGINT PRIMARY KEY DEFAULT nextval('ingest_file_seq'),
  sha256         VARCHAR NOT NULL,
  name           VARCHAR NOT NULL,
  path           VARCHAR NOT NULL,
  size_bytes     BIGINT NOT NULL,
  kind           VARCHAR NOT NULL,
  format         VARCHAR NOT NULL,
  mapping        VARCHAR,
  rows_read      BIGINT NOT NULL,
  rows_loaded    BIGINT NOT NULL,
  rows_rejected  BIGINT NOT NULL,
  rows_inserted  BIGINT NOT NULL,
  rows_updated   BIGINT NOT NULL,
  rows_duplicate BIGINT NOT NULL,
  outcome        VARCHAR NOT NULL CHECK (outcome IN ('loaded', 'loaded_with_rejects', 'rejected')),
  started_at     TIMESTAMPTZ NOT NULL,
  finished_at    TIMESTAMPTZ NOT NULL,
  -- The same bytes may legitimately feed two kinds (one export mapped to products and to orders).
  UNIQUE (sha256, kind)
);

CREATE TABLE ingest_rejects (
  file_id      BIGINT NOT NULL,
  line_no      BIGINT NOT NULL,
  reason_code  VARCHAR NOT NULL,
  reason       VARCHAR NOT NULL,
  column_name  VARCHAR,
  raw          VARCHAR
);

-- Fact tables carry no PRIMARY KEY: DuckDB's ART index made bulk inserts about 3x slower here, so
-- ingestion enforces key uniqueness itself (anti-join on the key; tested).

-- Orders placed through a service centre for a villager (channel 'assisted') or by the villager
-- (channel 'self'). One row per (order_id, line_no) whatever number of files carried it; a later
-- status (cancelled, returned) replaces an earlier one.
CREATE TABLE order_lines (
  order_id     VARCHAR NOT NULL,
  line_no      INTEGER NOT NULL,
  placed_at    TIMESTAMPTZ NOT NULL,
  store_id     VARCHAR NOT NULL,
  customer_id  VARCHAR,            -- pseudonymous; never published
  channel      VARCHAR NOT NULL,
  sku          VARCHAR NOT NULL,
  quantity     DOUBLE NOT NULL,
  unit_price   DECIMAL(12, 2) NOT NULL,
  status       VARCHAR NOT NULL,
  status_at    TIMESTAMPTZ NOT NULL,
  file_id      BIGINT NOT NULL
);

-- A store's own till (shelf sales). Returns are negative quantities flagged is_return.
CREATE TABLE till_lines (
  store_id    VARCHAR NOT NULL,
  receipt_id  VARCHAR NOT NULL,
  line_no     INTEGER NOT NULL,
  sold_at     TIMESTAMPTZ NOT NULL,
  sku         VARCHAR NOT NULL,
  quantity    DOUBLE NOT NULL,
  unit_price  DECIMAL(12, 2) NOT NULL,
  is_return   BOOLEAN NOT NULL,
  file_id     BIGINT NOT NULL
);

-- End-of-day stock counts. A day with on_hand = 0 at close and no sales is a censored day.
CREATE TABLE inventory_snapshots (
  store_id  VARCHAR NOT NULL,
  sku       VARCHAR NOT NULL,
  as_of     TIMESTAMPTZ NOT NULL,
  on_hand   DOUBLE NOT NULL,
  on_order  DOUBLE NOT NULL,
  file_id   BIGINT NOT NULL
);

-- Produce sold outward by farmers and co-ops, with the price they got.
CREATE TABLE produce_sales (
  sale_id     VARCHAR NOT NULL,
  sold_at     TIMESTAMPTZ NOT NULL,
  seller_id   VARCHAR NOT NULL,
  sku         VARCHAR NOT NULL,
  quantity    DOUBLE NOT NULL,
  unit_price  DECIMAL(12, 2) NOT NULL,
  file_id     BIGINT NOT NULL
);
