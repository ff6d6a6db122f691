/**
 * What compacting the archive costs (VACUUM and a checked checkpoint, after every erase
 * and retention purge): a 24-month archive of 50 networks, each with 24 closed rounds
 * of 30 answers with comments and their posts, built through the store port. Measured
 * on the full archive, and after erasing one network and purging one month.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '../src/app/tokens.ts';
import { DEFAULT_SETTINGS } from '../src/core/network.ts';
import type { Store } from '../src/core/store-port.ts';
import { openStore } from '../src/store/index.ts';
import { cryptoRandom } from '../src/system.ts';
import { ms, record, section } from './report.ts';

const DAY = 86_400_000;
const COMMENTS = [
  'We spreken af maar komen het niet na; dat knaagt.',
  'Goed overleg deze maand, de gemeente luisterde echt.',
  'Ik mis de schoolbesturen aan tafel bij de uitvoering.',
  'De financiering blijft een bron van spanning tussen partners.',
];

async function build(store: Store, networks: number, months: number, answers: number): Promise<void> {
  const start = Date.UTC(2024, 0, 9, 8);
  for (let n = 0; n < networks; n++) {
    const networkId = `bench-net-${n}`;
    await store.transaction(async (tx) => {
      await tx.networks.create({ id: networkId, settings: { ...DEFAULT_SETTINGS, name: `Netwerk ${n}` }, createdAt: new Date(start) });
      await tx.bindings.upsert({ platform: 'slack', workspace: 'T1', channel: `C${n}`, serviceUrl: '', networkId });
      await tx.coordinators.add(networkId, { platform: 'slack', workspace: 'T1', user: `UC${n}` });
      for (let m = 0; m < months; m++) {
        const opensAt = new Date(start + m * 28 * DAY);
        const closedAt = new Date(opensAt.getTime() + 7 * DAY);
        const id = newId(cryptoRandom);
        await tx.rounds.create({ id, networkId, status: 'scheduled', instrument: 'common-eye', k: 5, opensAt, closesAt: closedAt, remindAt: null, openedAt: null, closedAt: null });
        await tx.rounds.open(id, opensAt);
        const binding = { platform: 'slack' as const, workspace: 'T1', channel: `C${n}`, serviceUrl: '', networkId };
        for (const kind of ['round', 'reminder', 'results'] as const) {
          await tx.posts.intend(id, kind, binding);
          await tx.posts.posted(id, kind, { platform: 'slack', workspace: 'T1', channel: `C${n}`, messageId: `${1700000000 + m}.${n}`, serviceUrl: '' });
        }
        await tx.rounds.finalize(id, {
          closedAt,
          result: { shown: false, n: answers, k: 5 },
          promptId: null,
          answers: Array.from({ length: answers }, (_, a) => ({
            id: newId(cryptoRandom),
            answer: { level: ((a % 4) + 1) as 1 | 2 | 3 | 4, ratings: { ambition: 3, interests: 4, relationship: 2, process: 3, organising: 4 }, comment: `${COMMENTS[a % COMMENTS.length]} (${n}/${m}/${a})` },
          })),
        });
      }
    });
  }
}

const mb = (path: string): number => statSync(path).size / (1024 * 1024);

async function timed(store: Store): Promise<number> {
  const start = process.hrtime.bigint();
  if (!(await store.compact())) throw new Error('compaction checkpoint did not complete');
  return ms(start);
}

export async function benchCompaction(dir: string): Promise<void> {
  section('Compaction (VACUUM + checked checkpoint), 24-month archive: 50 networks × 24 closed rounds × 30 answers with comments');
  const path = join(dir, 'compaction.db');
  const store = openStore(path);
  await build(store, 50, 24, 30);
  await store.checkpoint();
  const full = mb(path);
  record({ section: 'compaction', name: 'archive size before', value: full, unit: 'MB' });
  const first = await timed(store);
  record({ section: 'compaction', name: 'compact the full archive', value: first, unit: 'ms' });
  record({ section: 'compaction', name: 'archive size after', value: mb(path), unit: 'MB', baseline: { name: 'before', value: full } });

  // What an erase or a purge leaves: one network gone, one month of every network gone.
  await store.transaction(async (tx) => {
    await tx.networks.delete('bench-net-0');
    for (let n = 1; n < 50; n++) await tx.rounds.purgeEndedBefore(`bench-net-${n}`, new Date(Date.UTC(2024, 0, 20)));
    await tx.maintenance.oweCompaction();
  });
  await store.checkpoint();
  const before = mb(path);
  const afterDelete = await timed(store);
  record({ section: 'compaction', name: 'compact after an erase and a purge', value: afterDelete, unit: 'ms', baseline: { name: 'full archive', value: first } });
  record({ section: 'compaction', name: 'archive size after that compaction', value: mb(path), unit: 'MB', baseline: { name: 'before it', value: before } });
  await store.close();
}
