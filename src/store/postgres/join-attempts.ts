/**
 * Wrong join codes per subject and hour (see the SQLite twin): a subject is a hash the
 * use cases made, the hour the only time kept.
 */
import type { JoinAttemptRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

export function joinAttemptRepository(sql: Sql): JoinAttemptRepository {
  return {
    async recordFailure(subjects, hour) {
      if (subjects.length === 0) return;
      // One statement for every subject (atomic; a subject named twice counts twice, as on SQLite).
      await sql.run(
        `INSERT INTO join_failures (subject, hour, failures)
         SELECT s, $2::timestamptz, count(*)::int FROM unnest($1::text[]) AS s GROUP BY s
         ON CONFLICT (subject, hour) DO UPDATE SET failures = join_failures.failures + excluded.failures`,
        [subjects, hour],
      );
    },
    failures: async (subject, since) =>
      (await sql.rows<{ n: number | null }>('SELECT sum(failures)::int AS n FROM join_failures WHERE subject = $1 AND hour >= $2', [subject, since]))[0]?.n ?? 0,
    pruneBefore: (before) => sql.run('DELETE FROM join_failures WHERE hour < $1', [before]),
  };
}
