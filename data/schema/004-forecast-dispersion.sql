-- The restock math needs each day's demand variance. For a slow mover the stored whole-unit quantiles
-- cannot give it back (q50 = 0 and q90 = 1 read as a normal spread are three times a Poisson
-- variance of 0.2), so the forecast stage also keeps the variance-to-mean ratio of the store series
-- it forecast on its fast path (TSB with a negative binomial). One row per store series of a run; a
-- series forecast by the core has none, and restock then reads the quantiles.
CREATE TABLE forecast_dispersion (
  run_id     VARCHAR NOT NULL,
  node_id    VARCHAR NOT NULL,
  sku        VARCHAR NOT NULL,
  dispersion DOUBLE NOT NULL,
  PRIMARY KEY (run_id, node_id, sku)
);
