/**
 * `npm run migrate-store`: moves networks from the SQLite archive (and the linkage of
 * their open rounds) to PostgreSQL, for going from one bot process to several. Stop the
 * bot first; start it (or its replicas) on DATABASE_URL afterwards.
 *
 *   npm run migrate-store -- --from ./data/thermometer.db --to postgres://user:pw@host/db
 *   npm run migrate-store -- --from … --to … --network <id> [--network <id> …]
 *   npm run migrate-store -- --from … --to … --linkage /run/thermometer-linkage
 *
 * Everything is copied in one transaction; open rounds keep collecting on the new store
 * (their secret, tokens and answers move, then leave the linkage directory). Running it
 * again after a failure finishes what the first run left; a network the target already
 * has is not copied again. The SQLite file keeps its data: remove it once the bot runs
 * well on PostgreSQL.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultLinkagePath } from '../src/store/index.ts';
import { LinkageFiles } from '../src/store/linkage/index.ts';
import { MoveError, moveToPostgres, type MoveReport } from '../src/store/move-to-postgres.ts';
import { openPostgresArchive } from '../src/store/postgres/index.ts';
import { openPostgresLinkage } from '../src/store/postgres-linkage/index.ts';
import { openDatabase } from '../src/store/sqlite/database.ts';

const USAGE = 'usage: npm run migrate-store -- --from <sqlite file> --to <postgres:// URL> [--linkage <dir>] [--network <id> …]';

export function describeMove(report: MoveReport): string {
  const lines = [
    `Networks moved: ${report.copied.length}${report.alreadyThere.length > 0 ? ` (already in PostgreSQL, left as they are: ${report.alreadyThere.length})` : ''}`,
    ...Object.entries(report.rows).map(([table, n]) => `  ${table.padEnd(20)} ${String(n).padStart(8)} rows`),
  ];
  lines.push(
    report.openRounds.length === 0
      ? 'Open rounds: none with linkage to move.'
      : `Open rounds moved with their linkage (and removed from the linkage directory): ${report.openRounds.map((r) => `${r.roundId} (${r.answers} answers)`).join(', ')}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, linkage: { type: 'string' }, network: { type: 'string', multiple: true } } });
  const from = values.from;
  const to = values.to ?? process.env.DATABASE_URL;
  if (!from || !to) throw new MoveError(USAGE);
  if (!existsSync(from)) throw new MoveError(`--from: no SQLite archive at ${from}`);
  if (!/^postgres(ql)?:\/\//.test(to)) throw new MoveError('--to: must be a PostgreSQL connection URL starting with postgres://');
  const linkagePath = values.linkage ?? defaultLinkagePath(from);
  if (!linkagePath) throw new MoveError('--linkage: say where the linkage directory of this archive is');

  const files = new LinkageFiles(linkagePath);
  const source = openDatabase(from, { linkage: () => files });
  const target = await openPostgresArchive(to, { poolSize: 4 });
  try {
    const targetLinkage = await openPostgresLinkage(target.pool, { archiveId: target.archiveId });
    const report = await moveToPostgres({ source, sourceLinkage: files, pool: target.pool, targetLinkage, networks: values.network ?? [] });
    process.stdout.write(`${describeMove(report)}\n`);
  } finally {
    files.close();
    source.close();
    await target.store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`${error instanceof MoveError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
