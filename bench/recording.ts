/**
 * Recording speed: answers per second through the real use case (token HMAC, one
 * transaction per answer in the round's linkage file, synchronous=FULL, live-count
 * refresh through a chat gateway that answers at once) against a raw prepared INSERT
 * loop, one transaction per row, on a database file in the same directory.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createUseCases } from '../src/app/index.ts';
import { loadContent } from '../src/content/load.ts';
import type { ChannelBinding, Platform, UserRef } from '../src/core/network.ts';
import type { ChatGateway, PostedRef } from '../src/core/ports.ts';
import { createLogger } from '../src/log.ts';
import { openStores } from '../src/store/index.ts';
import { cryptoRandom, systemClock } from '../src/system.ts';
import { ms, record, section } from './report.ts';

/** A gateway that accepts everything at once: the bench measures the bot, not a network. */
export function instantGateway(platform: Platform): ChatGateway {
  let n = 0;
  return {
    platform,
    async post(channel: ChannelBinding): Promise<PostedRef> {
      n += 1;
      return { platform, workspace: channel.workspace, channel: channel.channel, messageId: `m${n}`, serviceUrl: channel.serviceUrl };
    },
    async update() {},
    async direct() {},
    async members() {
      return null;
    },
  };
}

export async function benchRecording(dir: string, answers = 5000): Promise<void> {
  section(`Recording (${answers} answers, synchronous=FULL, one file)`);
  const path = join(dir, 'recording.db');
  const stores = openStores(path);
  const { store, linkage } = stores;
  const chat = new Map<Platform, ChatGateway>([['slack', instantGateway('slack')]]);
  const useCases = createUseCases({ store, linkage, chat, content: loadContent(), clock: systemClock, random: cryptoRandom, log: createLogger('error'), publicBaseUrl: 'http://localhost' });
  const binding = { platform: 'slack' as const, workspace: 'T1', channel: 'C1', serviceUrl: '' };
  const actor: UserRef = { platform: 'slack', workspace: 'T1', user: 'UCOORD' };
  await useCases.submitSetup(binding, actor, { name: 'Bench' }, (await useCases.setupForm(binding, actor)).context);
  const round = await useCases.openRoundNow(binding, actor);

  const start = process.hrtime.bigint();
  for (let i = 0; i < answers; i++) {
    await useCases.answerLevel(round.id, { platform: 'slack', workspace: 'T1', user: `U${i}` }, ((i % 4) + 1) as 1 | 2 | 3 | 4);
  }
  const useCaseRate = answers / (ms(start) / 1000);

  // The linkage store alone: one put per answer into one round's file, through the port.
  await linkage.create('bench-linkage-only', new Uint8Array(32).fill(1));
  const linkageStart = process.hrtime.bigint();
  for (let i = 0; i < answers; i++) await linkage.put('bench-linkage-only', `token-${i}`, { kind: 'level', level: ((i % 4) + 1) as 1 | 2 | 3 | 4 });
  const linkageRate = answers / (ms(linkageStart) / 1000);
  await stores.close();

  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, round_id TEXT, level INTEGER, ratings TEXT)');
  const insert = db.prepare('INSERT INTO bench_raw (id, round_id, level, ratings) VALUES (?, ?, ?, ?)');
  const rawStart = process.hrtime.bigint();
  for (let i = 0; i < answers; i++) insert.run(`raw-${i}`, round.id, (i % 4) + 1, '{}');
  const rawRate = answers / (ms(rawStart) / 1000);
  db.close();

  record({ section: 'recording', name: 'raw prepared INSERT (baseline)', value: rawRate, unit: 'rows/s' });
  record({ section: 'recording', name: 'linkage put (one round file)', value: linkageRate, unit: 'answers/s', baseline: { name: 'raw INSERT', value: rawRate } });
  record({
    section: 'recording',
    name: 'answerLevel use case',
    value: useCaseRate,
    unit: 'answers/s',
    baseline: { name: 'raw INSERT', value: rawRate },
    target: '≥ 2,000 answers/s',
  });
}
