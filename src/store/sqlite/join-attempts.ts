/**
 * Wrong join codes per subject and hour. A subject is a hash the use cases made (of a
 * person or a workspace), so no platform id is kept; the hour is the only time.
 */
import type Database from 'better-sqlite3';
import type { JoinAttemptRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

export function joinAttemptRepository(db: Database.Database): Sync<JoinAttemptRepository> {
  const add = db.prepare<[string, number]>(
    'INSERT INTO join_failures (subject, hour, failures) VALUES (?, ?, 1) ON CONFLICT (subject, hour) DO UPDATE SET failures = failures + 1',
  );
  const since = db.prepare<[string, number], { n: number | null }>('SELECT sum(failures) AS n FROM join_failures WHERE subject = ? AND hour >= ?');
  const prune = db.prepare<[number]>('DELETE FROM join_failures WHERE hour < ?');
  return {
    recordFailure: db.transaction((subjects: readonly string[], hour: Date) => {
      for (const subject of subjects) add.run(subject, hour.getTime());
    }),
    failures: (subject, from) => since.get(subject, from.getTime())?.n ?? 0,
    pruneBefore: (before) => prune.run(before.getTime()).changes,
  };
}
