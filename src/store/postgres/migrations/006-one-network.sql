-- One network across channels and organisations, as SQLite's migration 6: channel keys,
-- labels and languages, the channel an answer came from, join codes, wrong-code counts,
-- platform installations. (There is no file 005: SQLite's number 5 was never released,
-- and the runner only applies versions above the database's own, so the gap is harmless.)

-- A random key per channel (what an answer records, never a platform id), the label
-- results show for it (typed by a coordinator) and its own language (null: the network's).
-- New channels get their key from the bot (bindings.ts); channels already here get one now.
ALTER TABLE channel_bindings ADD COLUMN channel_key text;
ALTER TABLE channel_bindings ADD COLUMN label text CHECK (label IS NULL OR char_length(label) <= 80);
ALTER TABLE channel_bindings ADD COLUMN language text CHECK (language IS NULL OR language IN ('nl', 'en'));
UPDATE channel_bindings SET channel_key = left(md5(gen_random_uuid()::text), 18);
CREATE UNIQUE INDEX channel_bindings_key ON channel_bindings (channel_key);

ALTER TABLE answers ADD COLUMN channel_key text;

-- A join code is a credential: only its slow hash is kept.
CREATE TABLE join_codes (
  network_id text PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
  code_hash text NOT NULL UNIQUE
);

-- Wrong join codes per hashed person or workspace and per hour, never the moment.
CREATE TABLE join_failures (
  subject text NOT NULL,
  hour timestamptz NOT NULL,
  failures integer NOT NULL,
  PRIMARY KEY (subject, hour)
);

-- Sealed by the bot before they reach the database (src/app/secret-box.ts).
CREATE TABLE installations (
  platform text NOT NULL CHECK (platform IN ('slack', 'teams')),
  install_key text NOT NULL,
  sealed text NOT NULL,
  PRIMARY KEY (platform, install_key)
);
