-- Order-channel demand per village and category: goods villagers order through their service centre,
-- delivered from the platform's warehouse (pipelines/forecast-stage/order-channel.ts). Kept apart from
-- `forecasts`, which is shelf demand and what restock orders against. Written under the shelf
-- forecast's run id; a rerun replaces the run's rows whole, so no key (as for `forecasts`, 009).
CREATE TABLE order_forecasts (
  run_id      VARCHAR NOT NULL,
  village_id  VARCHAR NOT NULL,
  category    VARCHAR NOT NULL,
  day         DATE NOT NULL,
  h           INTEGER NOT NULL,
  mean        DOUBLE NOT NULL,          -- units a day
  q50 DOUBLE, q80 DOUBLE, q90 DOUBLE, q95 DOUBLE, q99 DOUBLE,
  model       VARCHAR
);
