/**
 * Answer clicks under load: signed Slack `block_actions` and Teams `adaptiveCard/action`
 * invokes from many distinct people at 50, 200 and 500 clicks/s, against the whole bot
 * and against a bare app on the same receiver whose handler only acknowledges. Checks
 * afterwards that every acknowledged answer is in the database.
 */
import { openStores } from '../src/store/index.ts';
import { cardAction, person, scene } from '../tests/fixtures/teams/activities.ts';
import { blockActions, payloadForm, sendSlack } from '../tests/fixtures/slack/requests.ts';
import { SIGNING_SECRET } from '../tests/fixtures/slack/slack-bot.ts';
import { runLoad, startTarget, type LoadResult, type Target } from './load.ts';
import { record, section } from './report.ts';

const RATES = [50, 200, 500];

function report(platform: string, rate: number, bot: LoadResult, bare: LoadResult, recorded: number): void {
  const name = (what: string) => `${platform} ${rate}/s ${what}`;
  record({ section: 'clicks', name: name('ack p50'), value: bot.p50, unit: 'ms', baseline: { name: 'bare', value: bare.p50 } });
  record({ section: 'clicks', name: name('ack p95'), value: bot.p95, unit: 'ms', baseline: { name: 'bare', value: bare.p95 } });
  record({
    section: 'clicks',
    name: name('ack p99'),
    value: bot.p99,
    unit: 'ms',
    baseline: { name: 'bare', value: bare.p99 },
    ...(rate === 200 ? { target: '≤ 1.3× bare and < 100 ms' } : {}),
  });
  record({ section: 'clicks', name: name('errors (bot / bare)'), value: bot.errors, unit: `/ ${bare.errors}`, target: '0' });
  record({ section: 'clicks', name: name('answers recorded / acknowledged'), value: recorded, unit: `/ ${bot.ok}` });
}

interface ClickBench {
  platform: 'slack' | 'teams';
  title: string;
  /** The remote stand-in and how the bot finds it. */
  fake: { kind: string; env: (info: Record<string, string>) => Record<string, string> };
  bot: string;
  bare: string;
  /** One click by the i-th person at this rate; resolves to the HTTP status. */
  click: (target: Target, fake: Target, roundId: string, rate: number, i: number) => Promise<Response>;
}

async function benchClicks(bench: ClickBench, seconds: number): Promise<void> {
  section(bench.title.replace('{seconds}', String(seconds)));
  const fake = await startTarget(bench.fake.kind);
  const bare = await startTarget(bench.bare);
  try {
    for (const rate of RATES) {
      const bot = await startTarget(bench.bot, bench.fake.env(fake.info));
      const roundId = bot.info.roundId ?? '';
      const load = (target: Target) => (i: number) =>
        bench.click(target, fake, roundId, rate, i).then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        });
      const baseline = await runLoad(rate, seconds, load(bare));
      const measured = await runLoad(rate, seconds, load(bot));
      await new Promise((r) => setTimeout(r, 500));
      const stores = openStores(bot.info.dbPath ?? '');
      const recorded = await stores.linkage.count(roundId);
      await stores.close();
      report(bench.platform, rate, measured, baseline, recorded);
      if (rate === RATES.at(-1)) record({ section: 'memory', name: `${bench.platform} bot RSS after the ${rate}/s run`, value: bot.rssMb(), unit: 'MB' });
      await bot.stop();
    }
  } finally {
    await bare.stop();
    await fake.stop();
  }
}

export function benchSlackClicks(seconds: number): Promise<void> {
  return benchClicks(
    {
      platform: 'slack',
      title: 'Slack answer clicks ({seconds} s per rate, distinct people, signed block_actions)',
      fake: { kind: 'fake-slack', env: (info) => ({ SLACK_API_URL: info.apiUrl ?? '' }) },
      bot: 'slack-bot',
      bare: 'slack-bare',
      click: (target, fake, roundId, rate, i) =>
        sendSlack(
          target.info.url ?? '',
          SIGNING_SECRET,
          payloadForm(blockActions({ user: `UL${rate}x${i}`, actionId: `answer#${i % 4}`, value: `${roundId}:${(i % 4) + 1}`, responseUrl: `${fake.info.url ?? ''}/respond/${i}` })),
        ),
    },
    seconds,
  );
}

export function benchTeamsClicks(seconds: number): Promise<void> {
  return benchClicks(
    {
      platform: 'teams',
      title: 'Teams answer clicks ({seconds} s per rate, distinct people, adaptiveCard/action invokes)',
      fake: { kind: 'fake-connector', env: (info) => ({ CONNECTOR_URL: info.serviceUrl ?? '' }) },
      bot: 'teams-bot',
      bare: 'teams-bare',
      click: (target, fake, roundId, rate, i) =>
        fetch(`${target.info.url ?? ''}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(cardAction(scene({ serviceUrl: fake.info.serviceUrl ?? '' }), person(rate * 100_000 + i), 'answer', { value: `${roundId}:${(i % 4) + 1}` })),
        }),
    },
    seconds,
  );
}
