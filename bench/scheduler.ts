/**
 * The scheduler under a crowd: 1,000 networks whose rounds are due in the same minute,
 * posting to the fake Slack Web API with its per-channel limit (about one message per
 * second per channel, as Slack documents). Time until all are open, the highest posts
 * per channel per second, and that no round was posted twice. Memory with 1,000 networks.
 */
import { join } from 'node:path';
import { parseConfig } from '../src/config.ts';
import { tick } from '../src/scheduler/tick.ts';
import { startServer } from '../src/server.ts';
import type { Clock } from '../src/core/ports.ts';
import { quietLog } from '../tests/fixtures/slack/slack-bot.ts';
import { startTarget } from './load.ts';
import { ms, record, rssMb, section } from './report.ts';

export async function benchScheduler(dir: string, networks = 1000): Promise<void> {
  section(`Scheduler (${networks} networks due in the same minute, fake Slack with a per-channel limit)`);
  const fake = await startTarget('fake-slack', { RATE_LIMIT: '1' });
  let now = new Date('2026-03-01T12:00:00Z').getTime();
  const clock: Clock = { now: () => new Date(now) };
  const config = parseConfig({ SLACK_SIGNING_SECRET: 'ab'.repeat(16), SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.info.apiUrl, DATABASE_PATH: join(dir, 'scheduler.db'), PORT: '0', LOG_LEVEL: 'error' });
  config.host = '127.0.0.1';
  const server = await startServer(config, { log: quietLog, clock, scheduler: false, slackRetryConfig: { retries: 3, factor: 1, minTimeout: 200, maxTimeout: 1200 } });
  const before = rssMb();
  try {
    for (let i = 0; i < networks; i++) {
      const binding = { platform: 'slack' as const, workspace: 'T0FAKE', channel: `CN${i}`, serviceUrl: '' };
      const actor = { platform: 'slack' as const, workspace: 'T0FAKE', user: `UC${i}` };
      await server.useCases.submitSetup(binding, actor, { name: `Netwerk ${i}` }, (await server.useCases.setupForm(binding, actor)).context);
    }
    const deps = { store: server.deps.store, useCases: server.useCases, clock, log: quietLog, owner: 'bench' };
    await tick(deps); // plans every network's first Tuesday
    now = new Date('2026-03-03T08:00:00Z').getTime();
    const start = process.hrtime.bigint();
    const report = await tick(deps);
    const elapsed = ms(start);
    const { store } = server.deps;
    const openRounds = (await Promise.all((await store.networks.all()).map((n) => store.rounds.openFor(n.id)))).filter((r) => r !== undefined);
    const opened = openRounds.length;
    record({ section: 'scheduler', name: `rounds opened in one tick (of ${networks})`, value: report.opened, unit: 'rounds' });
    record({ section: 'scheduler', name: 'time until all are open', value: elapsed, unit: 'ms', baseline: { name: 'per round', value: elapsed / Math.max(1, opened) } });
    const posted = (await Promise.all(openRounds.map((r) => store.posts.forRound(r.id, 'round')))).flat();
    const perChannel = new Map<string, number>();
    for (const p of posted) if (p.state === 'posted') perChannel.set(p.channel, (perChannel.get(p.channel) ?? 0) + 1);
    record({ section: 'scheduler', name: 'channels posted to more than once', value: [...perChannel.values()].filter((c) => c > 1).length, unit: 'channels', target: '0' });
    record({ section: 'memory', name: `RSS with ${networks} networks (in-process bot)`, value: rssMb(), unit: 'MB', baseline: { name: 'before networks', value: before } });
  } finally {
    await server.close();
    await fake.stop();
  }
}
