-- Per customer, a bound on every score under the threshold it had against the lists when last
-- screened (rescreen.cc, NearestScore): a list update moves the scores against unchanged records by at
-- most the run's weight drift, so a customer whose bound could reach the threshold is screened
-- against the full lists. run_id: the run that wrote it; only the last finished run's are read,
-- and a customer without one (a store from before this table) is screened in full.
CREATE TABLE customer_nearest (
  customer_id TEXT PRIMARY KEY,
  nearest DOUBLE PRECISION NOT NULL,
  run_id BIGINT NOT NULL
);
CREATE INDEX customer_nearest_run ON customer_nearest (run_id);
