/**
 * `npm run demo` (`-- --lang en` for English): a year of check-ins in a simulated
 * network, through the same use cases the bots call. A throw-away database, a network
 * of twelve members, twelve monthly rounds drifting from friendly towards disagreement
 * (some members skip rounds, one changes their response, one withdraws). Every round's
 * results post is printed as the channel sees it — twelve posts that should read as one
 * consistent story — and at the end the trend and every suggested intervention.
 *
 * The chat platform is a console stand-in that records what would be posted; the clock
 * moves month by month; randomness is seeded, so every run tells the same story.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUseCases } from '../src/app/index.ts';
import { createChartRenderer } from '../src/charts/index.ts';
import { ContentError, loadContent } from '../src/content/load.ts';
import { t } from '../src/content/i18n.ts';
import type { ChatMessage, FormValues } from '../src/core/message.ts';
import { DOMAINS, ORG_LEVELS, type ChannelBinding, type Language, type Platform, type UserRef } from '../src/core/network.ts';
import type { ChatGateway, Clock, Logger, PostedRef } from '../src/core/ports.ts';
import type { Level } from '../src/core/scale.ts';
import { seededRandom } from '../src/seeded-random.ts';
import { openStores } from '../src/store/index.ts';
import { withoutMarkers } from '../src/core/inert-text.ts';

const DAY = 86_400_000;
const ROUNDS = 12;
const MEMBERS = 12;

function parseLang(argv: string[]): Language {
  const at = argv.indexOf('--lang');
  const value = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  if (value === undefined || value === 'nl') return 'nl';
  if (value === 'en') return 'en';
  process.stderr.write(`Unknown language "${value}": use --lang nl or --lang en.\n`);
  process.exit(2);
}

/** Records what the bot would post; the demo prints the interesting parts at the end. */
function consoleGateway(platform: Platform): ChatGateway & { posts: { ref: PostedRef; message: ChatMessage }[] } {
  const posts: { ref: PostedRef; message: ChatMessage }[] = [];
  return {
    platform,
    posts,
    async post(channel: ChannelBinding, message: ChatMessage) {
      const ref: PostedRef = { platform, workspace: channel.workspace, channel: channel.channel, messageId: String(posts.length + 1), serviceUrl: '' };
      posts.push({ ref, message });
      return ref;
    },
    async update(ref: PostedRef, message: ChatMessage) {
      const post = posts.find((p) => p.ref.messageId === ref.messageId);
      if (post) post.message = message;
    },
    async direct() {},
    async members() {
      return null;
    },
  };
}

const quietLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The neutral markup as terminal text: bold in a terminal, plain in a pipe. */
function toText(message: ChatMessage): string {
  const bold = process.stdout.isTTY ? (s: string) => `\x1b[1m${s}\x1b[22m` : (s: string) => s;
  const dim = process.stdout.isTTY ? (s: string) => `\x1b[2m${s}\x1b[22m` : (s: string) => s;
  const inline = (s: string): string =>
    withoutMarkers(s).replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)').replace(/\*([^*\n]+)\*/g, (_, x: string) => bold(x)).replace(/(^|\s)_([^_\n]+)_/g, '$1$2');
  const out: string[] = [];
  for (const block of message.blocks) {
    switch (block.kind) {
      case 'heading':
        out.push('', bold(inline(block.text)), '═'.repeat(Math.min(72, block.text.length)));
        break;
      case 'paragraph':
        out.push(inline(block.text), '');
        break;
      case 'context':
        out.push(dim(inline(block.text)), '');
        break;
      case 'facts':
        out.push(...block.facts.map((f) => `${f.label}: ${inline(f.value)}`), '');
        break;
      case 'divider':
        out.push('─'.repeat(40));
        break;
      case 'image':
        out.push(dim(`[${block.alt}]`), '');
        break;
      case 'actions':
        out.push(block.buttons.map((b) => `[ ${b.label} ]`).join(' '), '');
        break;
    }
  }
  if (message.list) out.push(bold(message.list.heading), ...message.list.items.map(inline), '');
  return out.join('\n');
}

function firstTuesday(year: number, month: number): Date {
  const first = new Date(Date.UTC(year, month, 1, 8, 0, 0));
  const offset = (2 - first.getUTCDay() + 7) % 7;
  return new Date(first.getTime() + offset * DAY);
}

interface Member {
  user: UserRef;
  /** How much warmer than the network this member tends to feel it. */
  bias: number;
  /** Chance of taking part in a round, before the network dip. */
  keen: number;
  domain: string;
  orgLevel: string;
}

async function main(): Promise<void> {
  const lang = parseLang(process.argv.slice(2));
  const content = loadContent();
  const tx = (key: string, params?: Record<string, string | number>) => t(content, lang, `app.${key}`, params);
  const dir = mkdtempSync(join(tmpdir(), 'thermometer-demo-'));
  const stores = openStores(join(dir, 'demo.db'));
  const { store, linkage } = stores;
  try {
    const random = seededRandom(2026);
    const rnd = seededRandom(7);
    let now = firstTuesday(2025, 0);
    const clock: Clock = { now: () => new Date(now) };
    const slack = consoleGateway('slack');
    const useCases = createUseCases({ store, linkage, chat: new Map([['slack', slack]]), content, clock, random, log: quietLog, publicBaseUrl: 'http://localhost:3978', renderChart: createChartRenderer(content) });

    const channel = { platform: 'slack' as const, workspace: 'TDEMO', channel: 'CDEMO', serviceUrl: '' };
    const members: Member[] = Array.from({ length: MEMBERS }, (_, i) => ({
      user: { platform: 'slack', workspace: 'TDEMO', user: `UDEMO${String(i + 1).padStart(2, '0')}` },
      bias: rnd.float() * 1.2 - 0.5,
      keen: 0.75 + rnd.float() * 0.25,
      domain: DOMAINS[i % (DOMAINS.length - 1)] ?? 'other',
      orgLevel: ORG_LEVELS[i % ORG_LEVELS.length] ?? 'execution',
    }));
    const coordinator = members[0]!.user;
    const instrument = content.instruments.has('common-eye') ? 'common-eye' : 'thermometer';
    const statements = content.instruments.get(instrument)?.statements ?? [];
    const name = lang === 'nl' ? 'Samen Sterk Oost' : 'Stronger Together East';
    const setup: FormValues = {
      name,
      language: lang,
      instrument,
      schedule: 'monthly',
      timeZone: 'Europe/Amsterdam',
      openDays: 7,
      k: 5,
      commentsEnabled: true,
      groupQuestions: 'both',
      dmReminders: false,
      coordinators: [coordinator.user],
    };
    await useCases.submitSetup(channel, coordinator, setup, (await useCases.setupForm(channel, coordinator)).context);
    process.stdout.write(toText({ text: '', blocks: [{ kind: 'paragraph', text: tx('demo.intro', { name, members: MEMBERS }) }] }));

    const comments = (phase: 'early' | 'late') =>
      Object.keys(content.locales[lang]).filter((k) => k.startsWith(`app.demo.comment.${phase}.`)).map((k) => content.locales[lang][k] ?? '');
    const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(x)));

    let lastRoundId = '';
    process.stdout.write(`\n\n${'#'.repeat(2)} ${tx('demo.section.results')}\n`);
    for (let m = 0; m < ROUNDS; m += 1) {
      now = firstTuesday(2025, m);
      const drift = m / (ROUNDS - 1);
      const round = await useCases.openRoundNow(channel, coordinator);
      lastRoundId = round.id;
      // After an energetic start fewer people take part (the network dip).
      const dip = m < 3 ? 0 : 0.12 + 0.15 * drift;
      for (const [i, member] of members.entries()) {
        if (rnd.float() > member.keen - dip) continue;
        now = new Date(round.opensAt.getTime() + (1 + rnd.float() * 5) * DAY);
        const feel = 1.2 + 1.6 * drift + member.bias * (0.5 + drift) + (rnd.float() - 0.5) * 0.8;
        const level = clamp(feel, 1, 4) as Level;
        // Someone first clicks a cooler level, then changes their mind.
        if (i === 3 && m % 2 === 0) await useCases.answerLevel(round.id, member.user, clamp(level - 1, 1, 4) as Level);
        const values: FormValues = { level: String(level), domain: member.domain, orgLevel: member.orgLevel };
        statements.forEach((s, si) => {
          const weak = si === 1 ? 0.8 : 0;
          values[`s.${s.id}`] = String(clamp(5.2 - (level - 1) * 0.9 - weak * drift + (rnd.float() - 0.5) * 1.2, 1, 5));
        });
        if (rnd.float() < 0.3) {
          const pool = comments(drift < 0.5 ? 'early' : 'late');
          values.comment = pool[Math.floor(rnd.float() * pool.length)];
        }
        await useCases.submitAnswerForm(round.id, member.user, values);
        // And one person withdraws now and then.
        if (i === 5 && m % 3 === 1) await useCases.withdraw(round.id, member.user);
      }
      now = new Date(round.closesAt.getTime());
      const { result } = await useCases.closeRoundNow(channel, coordinator);
      const month = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(round.opensAt);
      process.stdout.write(`\n\n${'#'.repeat(3)} ${tx('demo.progress', { round: m + 1, month, count: tx(result.n === 1 ? 'round.count.one' : 'round.count.other', { n: result.n }) })}\n`);
      const posted = slack.posts.at(-1);
      if (posted) process.stdout.write(toText(posted.message));
    }

    const lastResults = [...slack.posts].reverse().find((p) => p.message.blocks.some((b) => b.kind === 'actions' && b.buttons.some((x) => x.actionId === 'more_interventions')))
      ?? slack.posts.at(-1);
    const section = (key: string) => `\n\n${'#'.repeat(3)} ${tx(key)}\n`;
    const chart = lastResults?.message.attachments?.find((a) => a.mimeType === 'image/png');
    if (chart) {
      // The README shows this chart; the demo is seeded, so it only changes with the code.
      const file = new URL(`../docs/example-chart${lang === 'en' ? '-en' : ''}.png`, import.meta.url);
      mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
      writeFileSync(file, chart.data);
      process.stdout.write(`${tx('demo.chart_written', { path: `docs/example-chart${lang === 'en' ? '-en' : ''}.png` })}
`);
    }
    process.stdout.write(section('demo.section.trend'));
    process.stdout.write(toText(await useCases.summary(channel, coordinator)));
    process.stdout.write(section('demo.section.interventions'));
    process.stdout.write(toText(await useCases.moreInterventions(lastRoundId, coordinator)));
    process.stdout.write(`\n${tx('demo.done')}\n`);
  } finally {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
