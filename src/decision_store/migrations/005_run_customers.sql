-- The customers each rescreening run screened, with the fingerprint of their data: a run's delta
-- serves only those the last finished run screened with the data they have now; the others (new,
-- changed, left out of a run) are screened against the full lists.
CREATE TABLE run_customers (
  customer_id TEXT PRIMARY KEY,
  customer_fp TEXT NOT NULL,
  run_id BIGINT NOT NULL
);
CREATE INDEX run_customers_run ON run_customers (run_id);
