-- The archive as SQLite has it after its migration 4, in one step: networks, channels,
-- coordinators, rounds, the answers of closed rounds, posts, deliveries, prompts,
-- scheduler leases and the archive's own bookkeeping. Numbered like SQLite's
-- migrations, so a table added to both engines gets the same number on both.
--
-- Times are timestamptz; JSON (settings, results, ratings) is text, as in SQLite, so
-- a value moves between the engines unchanged. The answers table has no column that
-- could hold a person or a time (promises 1 and 2): a random id, the round, what was
-- answered. The linkage of open rounds is never here (see src/store/postgres-linkage).

CREATE TABLE networks (
  id text PRIMARY KEY,
  settings text NOT NULL,
  created_at timestamptz NOT NULL,
  schedule_changed_at timestamptz
);

CREATE TABLE channel_bindings (
  platform text NOT NULL CHECK (platform IN ('slack', 'teams')),
  workspace text NOT NULL,
  channel text NOT NULL,
  service_url text NOT NULL DEFAULT '',
  network_id text REFERENCES networks (id) ON DELETE SET NULL,
  PRIMARY KEY (platform, workspace, channel)
);
CREATE INDEX channel_bindings_network ON channel_bindings (network_id);

CREATE TABLE coordinators (
  network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
  platform text NOT NULL,
  workspace text NOT NULL,
  user_id text NOT NULL,
  name text,
  PRIMARY KEY (network_id, platform, workspace, user_id)
);

CREATE TABLE rounds (
  id text PRIMARY KEY,
  network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('scheduled', 'open', 'closed', 'skipped')),
  instrument text NOT NULL,
  k integer NOT NULL CHECK (k >= 3),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  remind_at timestamptz,
  reminded_at timestamptz,
  opened_at timestamptz,
  closed_at timestamptz,
  result text,
  prompt_id text
);
CREATE INDEX rounds_network ON rounds (network_id, status);
CREATE INDEX rounds_due ON rounds (status, opens_at);
-- At most one open round per network.
CREATE UNIQUE INDEX rounds_one_open ON rounds (network_id) WHERE status = 'open';

CREATE TABLE answers (
  id text PRIMARY KEY,
  round_id text NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  level integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  ratings text NOT NULL DEFAULT '{}',
  domain text,
  org_level text,
  comment text CHECK (comment IS NULL OR char_length(comment) <= 1000)
);
CREATE INDEX answers_round ON answers (round_id);

CREATE TABLE round_posts (
  round_id text NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('round', 'results', 'reminder')),
  platform text NOT NULL,
  workspace text NOT NULL,
  channel text NOT NULL,
  service_url text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('pending', 'posted', 'failed')),
  message_id text,
  PRIMARY KEY (round_id, kind, platform, workspace, channel)
);

CREATE TABLE deliveries (
  platform text NOT NULL,
  delivery_id text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (platform, delivery_id)
);
CREATE INDEX deliveries_seen ON deliveries (seen_at);

CREATE TABLE used_prompts (
  network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
  prompt_id text NOT NULL,
  uses integer NOT NULL DEFAULT 1,
  used_at timestamptz NOT NULL,
  PRIMARY KEY (network_id, prompt_id)
);

CREATE TABLE scheduler_leases (
  job text PRIMARY KEY,
  owner text NOT NULL,
  lease_until timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 1
);

CREATE TABLE archive_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
-- The id ties the linkage of open rounds to this archive.
INSERT INTO archive_meta (key, value) VALUES ('archive_id', replace(gen_random_uuid()::text, '-', ''));
