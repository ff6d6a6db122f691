/**
 * The playground: a simulated network for a newcomer to try in the browser, in local
 * mode only. It is the real bot on a database of its own — the same store code, the
 * same use cases, the same scheduler tick, the same Teams cards — with a simulated
 * channel (playground-channel.ts), seven simulated members and a simulated clock, so
 * "next month" can run the scheduler forward and trends and suggestions appear.
 *
 * Time starts a minute before the most recent scheduled moment of a monthly network
 * (first Tuesday, 09:00): setup happens then, and the scheduler opens the first round at
 * that moment; each "next month" moves the clock to the next scheduled moment and runs
 * one tick, which closes the round that is due
 * and opens the next. Every run of the bot starts the playground afresh.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { renderForm, renderMessage, readSubmission } from '../../adapters/teams/adaptive-card.ts';
import { createUseCases, type AppUseCases, type ChartRenderer } from '../../app/index.ts';
import { formatDateTime } from '../../app/messages/format.ts';
import type { Content } from '../../content/load.ts';
import { isDomainError } from '../../core/errors.ts';
import type { Attachment, ChatMessage, FormValues } from '../../core/message.ts';
import type { ChannelBinding, Language, UserRef } from '../../core/network.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import { isLevel } from '../../core/scale.ts';
import { nextRuns } from '../../scheduler/index.ts';
import { tick } from '../../scheduler/tick.ts';
import { openStores, type Stores } from '../../store/index.ts';
import { cryptoRandom } from '../../system.ts';
import { webTexts } from '../locale.ts';
import { createPlaygroundChannel, type ChannelPost, type PlaygroundChannel } from './playground-channel.ts';

export const MEMBER_COUNT = 7;
/** The playground's threshold: the lowest a network may choose, so five members show results. */
export const PLAYGROUND_K = 3;
const SCHEDULE = 'monthly';
const TIME_ZONE = 'Europe/Amsterdam';
const DAY_MS = 86_400_000;

export interface PlaygroundCard {
  id: string;
  /** Simulated time, formatted in the playground's language. */
  postedAt: string;
  card: IAdaptiveCard;
}

export interface PlaygroundView {
  /** The simulated date and time. */
  now: string;
  posts: PlaygroundCard[];
  /** Direct messages to the chosen member. */
  inbox: PlaygroundCard[];
  version: number;
}

/** What a member's click or the coordinator's button gives back to that person only. */
export interface PlaygroundReply {
  card?: IAdaptiveCard;
}

export interface Playground {
  readonly lang: Language;
  readonly members: readonly UserRef[];
  view(member: number): Promise<PlaygroundView>;
  /** A click on a card button or a form submit, as `member` (1-based). */
  act(member: number, verb: string, data: Record<string, unknown>): Promise<PlaygroundReply>;
  /** The coordinator closes the open round now. */
  closeRound(): Promise<PlaygroundReply>;
  /** Moves the clock to the next scheduled round and runs the scheduler once. */
  nextMonth(): Promise<PlaygroundReply>;
  close(): Promise<void>;
}

export interface PlaygroundOptions {
  content: Content;
  log: Logger;
  lang: Language;
  /** The playground's own SQLite file; replaced at every start. */
  databasePath: string;
  renderChart?: ChartRenderer;
  /** The real time, from which the simulated clock starts. */
  realNow?: () => Date;
}

/** Settable, standing still between steps, so the page shows one consistent moment. */
function simulatedClock(start: Date): Clock & { set(date: Date): void } {
  let now = start.getTime();
  return { now: () => new Date(now), set: (date) => void (now = date.getTime()) };
}

/** The most recent scheduled moment at or before `now`. */
export function lastScheduledRun(now: Date): Date {
  const runs = nextRuns(SCHEDULE, TIME_ZONE, new Date(now.getTime() - 40 * DAY_MS), 3).filter((d) => d.getTime() <= now.getTime());
  return runs.at(-1) ?? now;
}

/** Every image travels inline: the page is local, and no link must leave the machine. */
const inlineAttachment = (attachment: Attachment): string => `data:${attachment.mimeType};base64,${Buffer.from(attachment.data).toString('base64')}`;

/** A fresh archive and its own linkage directory beside it (`<file>-linkage`). */
function openFreshStores(path: string): Stores {
  mkdirSync(dirname(path), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const linkagePath = `${path}-linkage`;
  rmSync(linkagePath, { recursive: true, force: true });
  return openStores(path, { linkagePath });
}

export async function createPlayground(options: PlaygroundOptions): Promise<Playground> {
  const { content, log, lang } = options;
  const t = webTexts(content, lang);
  const firstRun = lastScheduledRun((options.realNow ?? (() => new Date()))());
  // Set up a minute before the first run: a network's first round is the first run after setup.
  const clock = simulatedClock(new Date(firstRun.getTime() - 60_000));
  const members: UserRef[] = Array.from({ length: MEMBER_COUNT }, (_, i) => ({ platform: 'teams', workspace: 'playground', user: `member-${i + 1}` }));
  const coordinator = members[0] as UserRef;
  const binding: Omit<ChannelBinding, 'networkId'> = { platform: 'teams', workspace: 'playground', channel: `playground-${lang}`, serviceUrl: '' };
  const channel: PlaygroundChannel = createPlaygroundChannel({ members, now: () => clock.now() });
  const stores = openFreshStores(options.databasePath);
  const { store } = stores;
  const useCases: AppUseCases = createUseCases({
    store,
    linkage: stores.linkage,
    chat: new Map([['teams', channel]]),
    content,
    clock,
    random: cryptoRandom,
    log,
    publicBaseUrl: '',
    plannedRuns: nextRuns,
    ...(options.renderChart ? { renderChart: options.renderChart } : {}),
  });

  const values: FormValues = {
    name: t('playground.network_name'),
    language: lang,
    instrument: 'common-eye',
    schedule: SCHEDULE,
    timeZone: TIME_ZONE,
    openDays: 7,
    k: PLAYGROUND_K,
    commentsEnabled: true,
    groupQuestions: 'both',
    dmReminders: false,
    coordinators: [],
  };
  const { channelConfirmation } = await useCases.submitSetup(binding, coordinator, values, (await useCases.setupForm(binding, coordinator)).context);
  // The setup confirmation is the first thing in the channel, as in Teams (there without the join code).
  await channel.post({ ...binding, networkId: '' }, channelConfirmation);
  const runTick = async (): Promise<void> => {
    await tick({ store, useCases, clock, log, owner: 'playground' });
  };
  await runTick();
  clock.set(firstRun);
  await runTick();

  // One step at a time: a click never interleaves with "next month" or a close.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  // The live count is updated in the background after an answer (as for the bots);
  // a page asking right after its click should see it.
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  const card = (post: ChannelPost): PlaygroundCard => ({
    id: post.id,
    postedAt: formatDateTime(post.postedAt, { content, lang, timeZone: TIME_ZONE }),
    card: renderMessage(post.message, { attachmentUrl: inlineAttachment }),
  });
  const personal = (message: ChatMessage): PlaygroundReply => ({ card: renderMessage(message, { attachmentUrl: inlineAttachment }) });
  const member = (n: number): UserRef => {
    const m = members[n - 1];
    if (!m) throw new RangeError('no such member');
    return m;
  };
  const failed = (error: unknown, what: string): PlaygroundReply => {
    if (!isDomainError(error)) log.error('playground step failed', { what, error: error instanceof Error ? error : String(error) });
    return personal(useCases.errorMessage(error, lang));
  };
  const notice = (key: string): PlaygroundReply => {
    const text = t(key);
    return personal({ text, blocks: [{ kind: 'paragraph', text }] });
  };

  const handle = async (user: UserRef, verb: string, data: Record<string, unknown>): Promise<PlaygroundReply> => {
    const value = typeof data.value === 'string' ? data.value.slice(0, 200) : '';
    switch (verb) {
      case 'answer': {
        const [roundId = '', levelText = ''] = value.split(':');
        const level = Number(levelText);
        if (!isLevel(level)) return notice('playground.unknown_action');
        return personal((await useCases.answerLevel(roundId, user, level)).confirmation);
      }
      case 'more_questions':
        return { card: renderForm(await useCases.answerForm(value, user)) };
      case 'withdraw':
        return personal((await useCases.withdraw(value, user)).confirmation);
      case 'more_interventions':
        return personal(await useCases.moreInterventions(value, user));
      case 'submit': {
        const submission = readSubmission(data);
        if (submission?.form !== 'answer') return notice('playground.unknown_action');
        return personal((await useCases.submitAnswerForm(submission.context, user, submission.values)).confirmation);
      }
      default:
        // Sharing a summary or erasing are for the real channel, not the playground.
        return notice('playground.unknown_action');
    }
  };

  return {
    lang,
    members,
    view: (n) =>
      serial(async () => {
        const user = member(n);
        return {
          now: formatDateTime(clock.now(), { content, lang, timeZone: TIME_ZONE }),
          posts: channel.posts().map(card),
          inbox: channel.inbox(user).map(card),
          version: channel.version(),
        };
      }),
    act: (n, verb, data) =>
      serial(async () => {
        try {
          const reply = await handle(member(n), verb, data);
          await settle();
          return reply;
        } catch (error) {
          return failed(error, verb);
        }
      }),
    closeRound: () =>
      serial(async () => {
        try {
          await useCases.closeRoundNow(binding, coordinator);
          return notice('playground.closed');
        } catch (error) {
          return failed(error, 'close');
        }
      }),
    nextMonth: () =>
      serial(async () => {
        const next = nextRuns(SCHEDULE, TIME_ZONE, clock.now(), 1)[0];
        if (!next) return notice('playground.unknown_action');
        clock.set(next);
        await runTick();
        return notice('playground.next_month_done');
      }),
    close: () =>
      serial(async () => {
        await stores.close();
      }),
  };
}

export interface Playgrounds {
  /** The playground of a language (its network speaks that language), started on first use. */
  get(lang: Language): Promise<Playground>;
  /** Throws the language's playground away and starts a new one. */
  reset(lang: Language): Promise<Playground>;
  closeAll(): Promise<void>;
}

/** One playground per language, each on its own file `playground-<lang>.db` in `dataDir`. */
export function createPlaygrounds(options: Omit<PlaygroundOptions, 'lang' | 'databasePath'> & { dataDir: string }): Playgrounds {
  const running = new Map<Language, Promise<Playground>>();
  const start = (lang: Language): Promise<Playground> => {
    const playground = createPlayground({ ...options, lang, databasePath: join(options.dataDir, `playground-${lang}.db`) });
    running.set(lang, playground);
    // A failed start is not cached: the next visit tries again.
    playground.catch(() => running.delete(lang));
    return playground;
  };
  return {
    get: (lang) => running.get(lang) ?? start(lang),
    async reset(lang) {
      const old = running.get(lang);
      running.delete(lang);
      if (old) await old.then((p) => p.close(), () => undefined);
      return start(lang);
    },
    async closeAll() {
      const all = [...running.values()];
      running.clear();
      for (const playground of all) await playground.then((p) => p.close(), () => undefined);
    },
  };
}
