-- The store's first schema. Portable SQL: SQLite and PostgreSQL run this file unchanged.
-- Ids are assigned by the store inside the transaction that holds the chain lock.

-- The audit trail: append-only. hash = SHA-256 over (seq, prev_hash, recorded_at, caller, kind, content).
CREATE TABLE audit_records (
  seq BIGINT PRIMARY KEY,
  recorded_at TEXT NOT NULL,
  caller TEXT NOT NULL,
  kind TEXT NOT NULL,
  request_key TEXT UNIQUE,
  content TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

-- One row: the chain's last record. Updating it serialises appenders in both databases.
CREATE TABLE chain_head (
  id BIGINT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE alerts (
  id BIGINT PRIMARY KEY,
  record_seq BIGINT NOT NULL,
  run_id BIGINT NOT NULL DEFAULT 0,
  customer_id TEXT NOT NULL,
  customer_fp TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  entity_fp TEXT NOT NULL,
  caption TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  hit_json TEXT NOT NULL
);
-- A rescreening run raises at most one alert per customer and entity, even when resumed.
CREATE UNIQUE INDEX alerts_run_unique ON alerts (run_id, customer_id, entity_id) WHERE run_id <> 0;
CREATE INDEX alerts_status ON alerts (status);
CREATE INDEX alerts_entity ON alerts (entity_id);

CREATE TABLE decisions (
  alert_id BIGINT NOT NULL,
  step BIGINT NOT NULL,
  decision TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  comment TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  record_seq BIGINT NOT NULL,
  PRIMARY KEY (alert_id, step)
);

-- Cleared false positives: customer + entity, with the fingerprints they were cleared at.
CREATE TABLE suppressions (
  customer_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  customer_fp TEXT NOT NULL,
  entity_fp TEXT NOT NULL,
  alert_id BIGINT NOT NULL,
  reviewer TEXT NOT NULL,
  cleared_at TEXT NOT NULL,
  PRIMARY KEY (customer_id, entity_id)
);

-- Customers as last screened, for rescreening from the store.
CREATE TABLE customers (
  customer_id TEXT PRIMARY KEY,
  customer_fp TEXT NOT NULL,
  input_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE rescreen_runs (
  id BIGINT PRIMARY KEY,
  run_key TEXT NOT NULL,
  status TEXT NOT NULL,
  checkpoint BIGINT NOT NULL,
  total BIGINT NOT NULL,
  lists_json TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT
);

-- The entity fingerprints of the last finished run: the baseline of the next run's delta.
CREATE TABLE run_entities (
  entity_id TEXT PRIMARY KEY,
  entity_fp TEXT NOT NULL
);
