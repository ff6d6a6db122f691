/**
 * What the use cases are built from. `chat` is filled as the platform adapters mount,
 * so gateways are looked up at call time, never captured at construction.
 */
import type { Content } from '../content/load.ts';
import type { Platform } from '../core/network.ts';
import type { ChatGateway, Clock, Logger, Random } from '../core/ports.ts';
import type { LinkageStore } from '../core/linkage-port.ts';
import type { Store } from '../core/store-port.ts';
import type { Attachment } from '../core/message.ts';
import type { Language } from '../core/network.ts';
import type { TrendPoint } from '../core/result.ts';

export type ChatRouter = Map<Platform, ChatGateway>;

/** The next `n` times a schedule (preset or cron, read in `timeZone`) fires after `from`. */
export type PlannedRuns = (schedule: string, timeZone: string, from: Date, n: number) => Date[];

/** Renders the trend chart for a results post or summary; undefined when it cannot. */
export type ChartRenderer = (input: { points: TrendPoint[]; lang: Language; instrument: string }) => Promise<Attachment | undefined>;

export interface AppDeps {
  /** The archive: everything kept for good, never what links an answer to a person. */
  store: Store;
  /** Secrets, tokens and answers of open rounds, destroyed at close. */
  linkage: LinkageStore;
  chat: ChatRouter;
  content: Content;
  clock: Clock;
  random: Random;
  log: Logger;
  publicBaseUrl: string;
  /** From src/scheduler; the setup confirmation lists planned rounds when given. */
  plannedRuns?: PlannedRuns;
  /** From src/charts; results and summaries attach the chart when given. */
  renderChart?: ChartRenderer;
  /** Signs and checks dashboard links (src/web/link-key.ts); dashboard links need it. */
  dashboardKey?: Uint8Array;
  /**
   * Keys the hashes that name a person or a workspace in the archive (wrong join codes),
   * so nobody can recompute them from a platform id; never stored. Without it: plain SHA-256.
   */
  subjectKey?: Uint8Array;
  /**
   * Seals platform installations (Slack OAuth tokens) before they are stored: AES-256-GCM
   * under a key derived from SECRETS_KEY. Without it they are stored as they are.
   */
  installationKey?: Uint8Array;
}
