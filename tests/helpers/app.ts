/**
 * The real use cases on a real SQLite file and linkage directory, with a fake chat gateway per platform, a
 * fixed clock and seeded randomness: what the use-case tests and the demo-like flows
 * drive. `coordinator` has run setup in `channel`; `voters(n)` are other members.
 */
import { createUseCases, type AppDeps } from '../../src/app/index.ts';
import type { AppUseCases } from '../../src/app/use-cases.ts';
import { loadContent, type Content } from '../../src/content/load.ts';
import { participationToken } from '../../src/app/tokens.ts';
import type { Answer } from '../../src/core/answer.ts';
import type { FormValues } from '../../src/core/message.ts';
import type { ChannelBinding, Platform, UserRef } from '../../src/core/network.ts';
import type { Logger } from '../../src/core/ports.ts';
import type { LinkageStore } from '../../src/core/linkage-port.ts';
import type { Store } from '../../src/core/store-port.ts';
import { fixedClock, type TestClock } from './clock.ts';
import { fakeChat, type FakeChat } from './fake-chat.ts';
import { seededRandom } from './random.ts';
import { tempDb, type TempDb } from './temp-db.ts';

let cachedContent: Content | undefined;
export function testContent(): Content {
  cachedContent ??= loadContent();
  return cachedContent;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

export interface TestApp {
  useCases: AppUseCases;
  deps: AppDeps;
  store: Store;
  linkage: LinkageStore;
  db: TempDb;
  clock: TestClock;
  slack: FakeChat;
  teams: FakeChat;
  logs: LogLine[];
  channel: Omit<ChannelBinding, 'networkId'>;
  coordinator: UserRef;
  /** n members of the channel's workspace who are not coordinators. */
  voters(n: number, prefix?: string): UserRef[];
  setup(values?: FormValues): Promise<void>;
  /** Waits until background work (the live count update after an answer) has run. */
  settle(): Promise<void>;
  /** A person's answer in an open round, found the way the bot finds it: through their token. */
  answerOf(roundId: string, user: UserRef): Promise<Answer | undefined>;
  cleanup(): Promise<void>;
}

export function setupValues(overrides: FormValues = {}): FormValues {
  return {
    name: 'Kindcentrum Oost',
    language: 'nl',
    instrument: 'thermometer',
    schedule: 'monthly',
    timeZone: 'Europe/Amsterdam',
    openDays: 7,
    k: 5,
    commentsEnabled: true,
    groupQuestions: 'none',
    dmReminders: false,
    coordinators: [],
    ...overrides,
  };
}

export function createTestApp(options: { seed?: number; platform?: Platform; deps?: Partial<AppDeps> } = {}): TestApp {
  const db = tempDb();
  const { store, linkage } = db.openBoth();
  const clock = fixedClock('2026-03-03T08:00:00Z');
  const slack = fakeChat('slack');
  const teams = fakeChat('teams');
  const logs: LogLine[] = [];
  const log: Logger = {
    debug: (msg, fields = {}) => void logs.push({ level: 'debug', msg, fields }),
    info: (msg, fields = {}) => void logs.push({ level: 'info', msg, fields }),
    warn: (msg, fields = {}) => void logs.push({ level: 'warn', msg, fields }),
    error: (msg, fields = {}) => void logs.push({ level: 'error', msg, fields }),
  };
  const platform = options.platform ?? 'slack';
  const deps: AppDeps = {
    store,
    linkage,
    chat: new Map<Platform, FakeChat>([['slack', slack], ['teams', teams]]),
    content: testContent(),
    clock,
    random: seededRandom(options.seed ?? 42),
    log,
    publicBaseUrl: 'http://localhost:3978',
    ...options.deps,
  };
  const useCases = createUseCases(deps);
  const workspace = platform === 'slack' ? 'T0TEAM' : 'tenant-0000';
  const channel = { platform, workspace, channel: platform === 'slack' ? 'C0NETWORK' : '19:network@thread.tacv2', serviceUrl: platform === 'teams' ? 'https://smba.example/emea/' : '' };
  const coordinator: UserRef = { platform, workspace, user: platform === 'slack' ? 'U0COORD' : 'aad-coordinator' };
  return {
    useCases,
    deps,
    store,
    linkage,
    db,
    clock,
    slack,
    teams,
    logs,
    channel,
    coordinator,
    voters: (n, prefix = 'U0VOTER') => Array.from({ length: n }, (_, i) => ({ platform, workspace, user: `${prefix}${String(i + 1).padStart(3, '0')}` })),
    async setup(values) {
      await useCases.submitSetup(channel, coordinator, setupValues(values), (await useCases.setupForm(channel, coordinator)).context);
    },
    async settle() {
      for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
    },
    async answerOf(roundId, user) {
      const secret = await linkage.secret(roundId);
      return secret ? linkage.get(roundId, participationToken(secret, user)) : undefined;
    },
    cleanup: () => db.cleanup(),
  };
}
