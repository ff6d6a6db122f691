/**
 * Answer clicks under load: signed Slack `block_actions` and Teams `adaptiveCard/action`
 * invokes from many distinct people at 50, 200 and 500 clicks/s, against the whole bot
 * and against a bare app on the same receiver whose handler only acknowledges. Checks
 * afterwards that every acknowledged answer is in the database.
 */
import { openStore } from '../src/store/index.ts';
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

export async function benchSlackClicks(seconds: number): Promise<void> {
  section(`Slack answer clicks (${seconds} s per rate, distinct people, signed block_actions)`);
  const fake = await startTarget('fake-slack');
  const bare = await startTarget('slack-bare');
  try {
    for (const rate of RATES) {
      const bot = await startTarget('slack-bot', { SLACK_API_URL: fake.info.apiUrl ?? '' });
      const roundId = bot.info.roundId ?? '';
      const click = (target: Target) => (i: number) =>
        sendSlack(
          target.info.url ?? '',
          SIGNING_SECRET,
          payloadForm(blockActions({ user: `UL${rate}x${i}`, actionId: `answer#${i % 4}`, value: `${roundId}:${(i % 4) + 1}`, responseUrl: `${fake.info.url ?? ''}/respond/${i}` })),
        ).then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        });
      const baseline = await runLoad(rate, seconds, click(bare));
      const measured = await runLoad(rate, seconds, click(bot));
      await new Promise((r) => setTimeout(r, 500));
      const store = openStore(bot.info.dbPath ?? '');
      const recorded = store.answers.count(roundId);
      store.close();
      report('slack', rate, measured, baseline, recorded);
      if (rate === RATES.at(-1)) record({ section: 'memory', name: 'slack bot RSS after the 500/s run', value: bot.rssMb(), unit: 'MB' });
      await bot.stop();
    }
  } finally {
    await bare.stop();
    await fake.stop();
  }
}

export async function benchTeamsClicks(seconds: number): Promise<void> {
  section(`Teams answer clicks (${seconds} s per rate, distinct people, adaptiveCard/action invokes)`);
  const connector = await startTarget('fake-connector');
  const bare = await startTarget('teams-bare');
  try {
    for (const rate of RATES) {
      const bot = await startTarget('teams-bot', { CONNECTOR_URL: connector.info.serviceUrl ?? '' });
      const roundId = bot.info.roundId ?? '';
      const s = scene({ serviceUrl: connector.info.serviceUrl ?? '' });
      const click = (target: Target) => (i: number) =>
        fetch(`${target.info.url ?? ''}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(cardAction(s, person(rate * 100_000 + i), 'answer', { value: `${roundId}:${(i % 4) + 1}` })),
        }).then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        });
      const baseline = await runLoad(rate, seconds, click(bare));
      const measured = await runLoad(rate, seconds, click(bot));
      await new Promise((r) => setTimeout(r, 500));
      const store = openStore(bot.info.dbPath ?? '');
      const recorded = store.answers.count(roundId);
      store.close();
      report('teams', rate, measured, baseline, recorded);
      await bot.stop();
    }
  } finally {
    await bare.stop();
    await connector.stop();
  }
}
