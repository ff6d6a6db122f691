/**
 * The schema as an ordered list of migrations. Each runs once, in a transaction, and
 * `PRAGMA user_version` records how many have run, so opening a database twice never
 * reapplies one. Never edit a released migration: add the next one.
 *
 * The answers table has no column that could hold a person or a time (promises 1 and
 * 2): only a random id, the round, and what was answered. It is a WITHOUT ROWID table
 * keyed on that random id, so not even SQLite's hidden rowid keeps the order answers
 * came in.
 *
 * A migration may have a `prepare` step that runs first, outside its transaction, for
 * work beyond this file (moving the linkage of open rounds out, migration 3). It must
 * be safe to run again: a crash between it and the migration repeats both.
 */
import type Database from 'better-sqlite3';
import type { LinkageFiles } from '../linkage/files.ts';
import { moveLinkageOut } from './move-linkage.ts';

export interface MigrationContext {
  /** The linkage directory, opened only when a prepare step needs it. */
  linkage?: () => LinkageFiles;
}

export interface Migration {
  version: number;
  description: string;
  sql: string;
  prepare?: (db: Database.Database, context: MigrationContext) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'networks, channels, coordinators, rounds, tokens, answers, posts, deliveries, prompts',
    sql: `
      CREATE TABLE networks (
        id TEXT PRIMARY KEY,
        settings TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE channel_bindings (
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'teams')),
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        service_url TEXT NOT NULL DEFAULT '',
        network_id TEXT REFERENCES networks (id) ON DELETE SET NULL,
        PRIMARY KEY (platform, workspace, channel)
      ) WITHOUT ROWID;
      CREATE INDEX channel_bindings_network ON channel_bindings (network_id);

      CREATE TABLE coordinators (
        network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        user_id TEXT NOT NULL,
        name TEXT,
        PRIMARY KEY (network_id, platform, workspace, user_id)
      ) WITHOUT ROWID;

      CREATE TABLE rounds (
        id TEXT PRIMARY KEY,
        network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'open', 'closed', 'skipped')),
        instrument TEXT NOT NULL,
        k INTEGER NOT NULL CHECK (k >= 3),
        opens_at INTEGER NOT NULL,
        closes_at INTEGER NOT NULL,
        remind_at INTEGER,
        reminded_at INTEGER,
        opened_at INTEGER,
        closed_at INTEGER,
        result TEXT,
        prompt_id TEXT
      );
      CREATE INDEX rounds_network ON rounds (network_id, status);
      CREATE INDEX rounds_due ON rounds (status, opens_at);
      -- At most one open round per network.
      CREATE UNIQUE INDEX rounds_one_open ON rounds (network_id) WHERE status = 'open';

      CREATE TABLE round_secrets (
        round_id TEXT PRIMARY KEY REFERENCES rounds (id) ON DELETE CASCADE,
        secret BLOB NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
        ratings TEXT NOT NULL DEFAULT '{}',
        domain TEXT,
        org_level TEXT,
        comment TEXT CHECK (comment IS NULL OR length(comment) <= 1000)
      ) WITHOUT ROWID;
      CREATE INDEX answers_round ON answers (round_id);

      CREATE TABLE participation_tokens (
        round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        token TEXT NOT NULL,
        answer_id TEXT NOT NULL UNIQUE REFERENCES answers (id) ON DELETE CASCADE,
        PRIMARY KEY (round_id, token)
      ) WITHOUT ROWID;

      CREATE TABLE round_posts (
        round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('round', 'results', 'reminder')),
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        service_url TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'failed')),
        message_id TEXT,
        PRIMARY KEY (round_id, kind, platform, workspace, channel)
      ) WITHOUT ROWID;

      CREATE TABLE deliveries (
        platform TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (platform, delivery_id)
      ) WITHOUT ROWID;
      CREATE INDEX deliveries_seen ON deliveries (seen_at);

      CREATE TABLE used_prompts (
        network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        prompt_id TEXT NOT NULL,
        uses INTEGER NOT NULL DEFAULT 1,
        used_at INTEGER NOT NULL,
        PRIMARY KEY (network_id, prompt_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'scheduler leases: who does which due job, until when',
    sql: `
      CREATE TABLE scheduler_leases (
        job TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        lease_until INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'linkage out of the archive: open rounds keep secrets, tokens and answers in the linkage store',
    // Copies every open round's secret, tokens and answers into its linkage file first.
    prepare: moveLinkageOut,
    sql: `
      CREATE TABLE archive_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      -- The id ties a linkage directory to this archive.
      INSERT INTO archive_meta (key, value) VALUES ('archive_id', lower(hex(randomblob(16))));
      -- A file that ever held rounds may keep old secrets, tokens and answers in freed
      -- pages and page gaps: the next start compacts it.
      INSERT INTO archive_meta (key, value) SELECT 'compact_owed', '1' WHERE EXISTS (SELECT 1 FROM rounds);

      DELETE FROM answers WHERE round_id IN (SELECT id FROM rounds WHERE status <> 'closed');
      DROP TABLE participation_tokens;
      DROP TABLE round_secrets;
    `,
  },
  {
    version: 4,
    description: 'networks remember when their schedule last changed (null: at creation)',
    sql: `
      ALTER TABLE networks ADD COLUMN schedule_changed_at INTEGER;
    `,
  },
  {
    version: 6,
    description: 'one network across channels and organisations: channel keys, labels and languages, the channel an answer came from, join codes, wrong-code counts, platform installations',
    sql: `
      -- A random key per channel (what an answer records, never a platform id), the label
      -- results show for it (typed by a coordinator) and its own language (null: the network's).
      ALTER TABLE channel_bindings ADD COLUMN channel_key TEXT;
      ALTER TABLE channel_bindings ADD COLUMN label TEXT CHECK (label IS NULL OR length(label) <= 80);
      ALTER TABLE channel_bindings ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('nl', 'en'));
      UPDATE channel_bindings SET channel_key = lower(hex(randomblob(9)));
      CREATE UNIQUE INDEX channel_bindings_key ON channel_bindings (channel_key);

      ALTER TABLE answers ADD COLUMN channel_key TEXT;

      -- A join code is a credential: only its slow hash is kept.
      CREATE TABLE join_codes (
        network_id TEXT PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL UNIQUE
      ) WITHOUT ROWID;

      -- Wrong join codes per hashed person or workspace and per hour, never the moment.
      CREATE TABLE join_failures (
        subject TEXT NOT NULL,
        hour INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        PRIMARY KEY (subject, hour)
      ) WITHOUT ROWID;

      CREATE TABLE installations (
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'teams')),
        install_key TEXT NOT NULL,
        sealed TEXT NOT NULL,
        PRIMARY KEY (platform, install_key)
      ) WITHOUT ROWID;
    `,
  },
];

/** Applies the migrations the database has not seen yet; returns how many ran. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS, context: MigrationContext = {}): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`The database is at schema version ${current}, newer than this program knows (${latest}). Run a newer version.`);
  }
  let applied = 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    migration.prepare?.(db, context);
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied += 1;
  }
  return applied;
}
