/**
 * The store port (the archive): what the use cases and the scheduler keep for good, one
 * repository per aggregate. The SQLite adapter in src/store/sqlite implements it;
 * nothing in here knows about SQL. Every call returns a Promise, so an engine that
 * talks over a network (PostgreSQL) fits the same port; SQLite answers at once.
 *
 * Anonymity lives partly in this contract: the archive is what an operator backs up, so
 * it never holds a round secret, a participation token or an answer of an open round.
 * Those live in the linkage store (linkage-port.ts) until the round closes; the archive
 * receives a closed round's answers only, shuffled and under new random ids, through
 * `rounds.finalize` (promise 1 of DESIGN.md).
 */
import type { Answer } from './answer.ts';
import type { ChannelBinding, ChannelRef, Language, Network, NetworkSettings, Platform, UserRef } from './network.ts';
import type { PostedRef } from './ports.ts';
import type { RoundResult } from './result.ts';
import type { Round } from './round.ts';

/** A channel the bot knows, bound to a network or only remembered (Teams install). */
export interface BindingRecord extends Omit<ChannelBinding, 'networkId'> {
  networkId: string | null;
}

/** A coordinator; `name` is a display name when the platform gave one. */
export interface Coordinator extends UserRef {
  name?: string;
}

/** A round as stored, with what only a closed round has. */
export interface StoredRound extends Round {
  /** The final aggregate, stored at close. */
  result: RoundResult | null;
  /** Conversation prompt chosen at close. */
  promptId: string | null;
  /** When the channel reminder went out; null before. */
  remindedAt: Date | null;
}

/** An answer of a closed round, as the archive keeps it. */
export interface StoredAnswer {
  /** Random, never sequential; given at close, unrelated to anything before it. */
  id: string;
  answer: Answer;
}

export type PostKind = 'round' | 'results' | 'reminder';

/**
 * A message the bot means to post or has posted for a round. `messageId` is null while
 * the post is only intended, so a retry after a crash knows what is still missing.
 */
export interface PostRecord {
  roundId: string;
  kind: PostKind;
  platform: Platform;
  workspace: string;
  channel: string;
  serviceUrl: string;
  state: 'pending' | 'posted' | 'failed';
  messageId: string | null;
}

export interface NetworkRepository {
  create(network: Network): Promise<void>;
  get(id: string): Promise<Network | undefined>;
  updateSettings(id: string, settings: NetworkSettings): Promise<void>;
  /** Records when the settings last changed: the schedule re-plans from that moment. */
  markScheduleChanged(id: string, at: Date): Promise<void>;
  all(): Promise<Network[]>;
  /** Deletes the network with its rounds, answers, coordinators and posts. */
  delete(id: string): Promise<boolean>;
}

export interface BindingRepository {
  /**
   * Creates or updates (service URL, network, label when given) the binding of a channel.
   * A channel gets its random `key` when it is first stored (the one given, or a new
   * one) and keeps it: the key never changes.
   */
  upsert(binding: BindingRecord): Promise<void>;
  find(channel: ChannelRef): Promise<BindingRecord | undefined>;
  forNetwork(networkId: string): Promise<ChannelBinding[]>;
  remove(channel: ChannelRef): Promise<void>;
  /** Unbinds every channel of a network (they stay remembered). */
  unbindNetwork(networkId: string): Promise<void>;
  /** Unbinds one channel (it stays remembered) and forgets its label and language. */
  unbind(channel: ChannelRef): Promise<void>;
  /** Sets a channel's label and language; a field left out stays, null clears it. */
  describe(channel: ChannelRef, details: { label?: string | null; language?: Language | null }): Promise<void>;
  /** Unbinds every channel of a platform workspace (the app was uninstalled there); returns how many. */
  unbindWorkspace(platform: Platform, workspace: string): Promise<number>;
}

/**
 * Join codes: one per network, kept only as a slow hash (a code is a credential), so the
 * archive can say which network a typed code belongs to but never show a code again.
 */
export interface JoinCodeRepository {
  /** Sets (or replaces: the old code stops working) the network's code hash. */
  set(networkId: string, codeHash: string): Promise<void>;
  /** The network whose code has this hash. */
  networkFor(codeHash: string): Promise<string | undefined>;
  has(networkId: string): Promise<boolean>;
}

/**
 * Wrong join codes, counted per subject (a hash naming a person or a workspace, never a
 * platform id) and per hour (never the moment), to slow down guessing.
 */
export interface JoinAttemptRepository {
  /** Counts one more wrong code for each subject in the hour starting at `hour`. */
  recordFailure(subjects: readonly string[], hour: Date): Promise<void>;
  /** Wrong codes of a subject in the hours from `since` on. */
  failures(subject: string, since: Date): Promise<number>;
  pruneBefore(before: Date): Promise<number>;
}

/**
 * A platform installation (Slack OAuth): the installation as the platform adapter keeps
 * it, `sealed` by the use cases (encrypted when the bot has a secrets key), under a key
 * the adapter chooses (e.g. `team:T123`).
 */
export interface InstallationRecord {
  platform: Platform;
  key: string;
  sealed: string;
}

export interface InstallationRepository {
  /** Creates or replaces. */
  save(record: InstallationRecord): Promise<void>;
  find(platform: Platform, key: string): Promise<InstallationRecord | undefined>;
  /** False when there was none. */
  remove(platform: Platform, key: string): Promise<boolean>;
}

export interface CoordinatorRepository {
  list(networkId: string): Promise<Coordinator[]>;
  includes(networkId: string, user: UserRef): Promise<boolean>;
  add(networkId: string, user: Coordinator): Promise<void>;
  /** Replaces the coordinators of one platform workspace; others stay. */
  replace(networkId: string, platform: Platform, workspace: string, users: Coordinator[]): Promise<void>;
}

export interface CloseInput {
  closedAt: Date;
  result: RoundResult;
  promptId: string | null;
  /** The round's answers in their new random order, each with a new random id. */
  answers: StoredAnswer[];
}

export interface RoundRepository {
  create(round: Round): Promise<void>;
  get(id: string): Promise<StoredRound | undefined>;
  /** The open round of a network, if any (at most one). */
  openFor(networkId: string): Promise<StoredRound | undefined>;
  /** Scheduled (not yet open) rounds of a network, soonest first. */
  scheduledFor(networkId: string): Promise<StoredRound[]>;
  /** Closed rounds, newest first. */
  closedFor(networkId: string, limit: number): Promise<StoredRound[]>;
  /** scheduled → open. False when it was not scheduled (opened elsewhere, skipped, gone). */
  open(id: string, openedAt: Date, closesAt?: Date): Promise<boolean>;
  /**
   * open → closed: stores the final result and prompt and the round's answers, already
   * shuffled and under new random ids. False (and nothing written) when the round was
   * not open. Run it in the close transaction with the prompt and the results post
   * intents.
   */
  finalize(id: string, input: CloseInput): Promise<boolean>;
  skip(id: string): Promise<boolean>;
  markReminded(id: string, at: Date): Promise<void>;
  deleteScheduled(networkId: string): Promise<number>;
  /** When the network's most recent round (of any status) was to open. */
  lastOpensAt(networkId: string): Promise<Date | undefined>;
  /** Rounds whose time has come, for the scheduler. */
  dueToOpen(now: Date): Promise<StoredRound[]>;
  dueToRemind(now: Date): Promise<StoredRound[]>;
  dueToClose(now: Date): Promise<StoredRound[]>;
  /** Deletes closed and skipped rounds (and their answers) that ended before `before`. */
  purgeEndedBefore(networkId: string, before: Date): Promise<number>;
}

/** The answers of closed rounds; open rounds' answers live in the linkage store. */
export interface AnswerRepository {
  count(roundId: string): Promise<number>;
  /** Answers in stored order (which carries no meaning). */
  forRound(roundId: string): Promise<StoredAnswer[]>;
}

export interface PostRepository {
  get(roundId: string, kind: PostKind, channel: ChannelRef): Promise<PostRecord | undefined>;
  /** Records the intent to post; returns the existing record when there is one. */
  intend(roundId: string, kind: PostKind, binding: ChannelBinding): Promise<PostRecord>;
  posted(roundId: string, kind: PostKind, ref: PostedRef): Promise<void>;
  failed(roundId: string, kind: PostKind, channel: ChannelRef): Promise<void>;
  forRound(roundId: string, kind: PostKind): Promise<PostRecord[]>;
}

export interface DeliveryRepository {
  /** True the first time (platform, id) is seen. */
  first(platform: Platform, id: string, now: Date): Promise<boolean>;
  pruneBefore(before: Date): Promise<number>;
}

export interface PromptRepository {
  /** Ids of the prompts a network has had, once per use. */
  used(networkId: string): Promise<string[]>;
  markUsed(networkId: string, promptId: string, at: Date): Promise<void>;
}

/**
 * Leases on scheduler jobs ("open:<round id>", …): a job is done by one process at a
 * time, and a process that dies holding one loses it when the lease runs out.
 */
export interface LeaseRepository {
  /** Takes the job when free or expired; false while another owner holds it. */
  claim(job: string, owner: string, now: Date, until: Date): Promise<boolean>;
  /** Gives a finished job back (or a failed one, to be retried by the next tick). */
  release(job: string, owner: string): Promise<void>;
  /** How often a job has been claimed since it last succeeded. */
  attempts(job: string): Promise<number>;
  /** Forgets a job that succeeded. */
  done(job: string, owner: string): Promise<void>;
}

/**
 * Work the archive owes itself, recorded in the transaction that makes it necessary, so
 * a crash before it is done does not lose it.
 */
export interface MaintenanceRepository {
  /** A compaction is owed (after an erase or a purge deleted what people wrote). */
  oweCompaction(): Promise<void>;
  compactionOwed(): Promise<boolean>;
}

/** The repositories, as the store offers them and as a transaction handle binds them. */
export interface Repositories {
  networks: NetworkRepository;
  bindings: BindingRepository;
  coordinators: CoordinatorRepository;
  rounds: RoundRepository;
  answers: AnswerRepository;
  posts: PostRepository;
  deliveries: DeliveryRepository;
  prompts: PromptRepository;
  leases: LeaseRepository;
  maintenance: MaintenanceRepository;
  joinCodes: JoinCodeRepository;
  joinAttempts: JoinAttemptRepository;
  installations: InstallationRepository;
}

export interface Store extends Repositories {
  /**
   * Runs fn atomically with the repositories bound to one transaction (`tx`). Inside fn
   * use `tx` only: a call on the store itself waits until the transaction has ended, so
   * it would never return. Keep fn to store calls; nothing slow (no chat, no linkage)
   * should hold the archive's write lock. Rejects (and rolls back) when fn does.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Folds the write-ahead log back into the file and empties it. True when that
   * completed; false when a reader (a backup tool, another process) kept it from
   * completing, so the caller retries later.
   */
  checkpoint(): Promise<boolean>;
  /**
   * Rewrites the archive so no freed page or gap inside a page keeps the bytes of
   * deleted rows (SQLite: VACUUM), clears an owed compaction, then checkpoints. True
   * when the checkpoint completed too.
   */
  compact(): Promise<boolean>;
  close(): Promise<void>;
}
