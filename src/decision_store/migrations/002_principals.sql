-- Principals: the named identities that decide alerts and administer the store, with their roles
-- (docs/SECURITY.md). Every change is a "principal" audit record; `audit verify` checks this table
-- against them. name_key is the name case-folded (PrincipalKey): names are unique by it.
CREATE TABLE principals (
  name_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);
