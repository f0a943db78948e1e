-- A new product's adoption curve: how many stores and villages have sold it, month by month since
-- its first sale, against the stores that sell its category. Counts only (no value: a single
-- SKU's sales are not a protected cell); a month with fewer adopters than the rule's minimum
-- number of stores is withheld.
CREATE TABLE brand_adoption (
  run_id             VARCHAR NOT NULL,
  category           VARCHAR NOT NULL,
  brand              VARCHAR NOT NULL,
  sku                VARCHAR NOT NULL,
  launch_day         DATE NOT NULL,        -- first sale anywhere in the warehouse
  region_level       VARCHAR NOT NULL,     -- county | province | all
  region_id          VARCHAR NOT NULL,
  month              VARCHAR NOT NULL,     -- YYYY-MM
  months_since_launch INTEGER NOT NULL,    -- 0 = the launch month
  stores_adopted     INTEGER,              -- stores that have sold it by the end of the month
  villages_adopted   INTEGER,
  stores_total       INTEGER,              -- stores that sold the category in the insight window
  penetration        DOUBLE,               -- stores_adopted / stores_total
  suppressed         BOOLEAN NOT NULL,
  reason             VARCHAR
);
