-- The analyst workbench (docs/SECURITY.md, "Workbench sign-in"): a principal's password (an
-- Argon2id hash in its PHC string form; NULL: the principal cannot sign in), who works an alert,
-- and the notes on an alert that are not decisions (assignments, escalations), each also an
-- audit record.
ALTER TABLE principals ADD COLUMN password_hash TEXT;
ALTER TABLE alerts ADD COLUMN assignee TEXT;
CREATE TABLE alert_events (
  record_seq BIGINT PRIMARY KEY,
  alert_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  principal TEXT NOT NULL,
  detail TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX alert_events_alert ON alert_events (alert_id);
-- The queue's orders and filters (decision_store/worklist.cc): each ends in id so that a page is
-- read from the index alone (alerts.id is not SQLite's rowid), sorted or filtered without the rows.
CREATE INDEX alerts_status_id ON alerts (status, id);
CREATE INDEX alerts_status_score ON alerts (status, score, id);
CREATE INDEX alerts_status_created ON alerts (status, created_at, id);
CREATE INDEX alerts_status_entity ON alerts (status, entity_id, score, id);
CREATE INDEX alerts_customer ON alerts (customer_id);
CREATE INDEX alerts_assignee ON alerts (assignee);
