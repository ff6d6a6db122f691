/**
 * The store port: what the use cases and the scheduler need from persistence, one
 * repository per aggregate. The SQLite adapter in src/store implements it; nothing in
 * here knows about SQL. All calls are synchronous (the store is an embedded database).
 *
 * Anonymity lives partly in this contract: an answer is reachable from a person only
 * through a participation token while its round is open, and `rounds.finalize` is the
 * one place that destroys that link (promise 1 of DESIGN.md).
 */
import type { Answer } from './answer.ts';
import type { ChannelBinding, ChannelRef, Network, NetworkSettings, Platform, UserRef } from './network.ts';
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

export interface StoredAnswer {
  /** Random, never sequential; replaced by a new random id at close. */
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
  create(network: Network): void;
  get(id: string): Network | undefined;
  updateSettings(id: string, settings: NetworkSettings): void;
  /** Records when the settings last changed: the schedule re-plans from that moment. */
  markScheduleChanged(id: string, at: Date): void;
  all(): Network[];
  /** Deletes the network with its rounds, answers, coordinators and posts. */
  delete(id: string): boolean;
}

export interface BindingRepository {
  /** Creates or updates (service URL, network) the binding of a channel. */
  upsert(binding: BindingRecord): void;
  find(channel: ChannelRef): BindingRecord | undefined;
  forNetwork(networkId: string): ChannelBinding[];
  remove(channel: ChannelRef): void;
  /** Unbinds every channel of a network (they stay remembered). */
  unbindNetwork(networkId: string): void;
}

export interface CoordinatorRepository {
  list(networkId: string): Coordinator[];
  includes(networkId: string, user: UserRef): boolean;
  add(networkId: string, user: Coordinator): void;
  /** Replaces the coordinators of one platform workspace; others stay. */
  replace(networkId: string, platform: Platform, workspace: string, users: Coordinator[]): void;
}

export interface CloseInput {
  closedAt: Date;
  result: RoundResult;
  promptId: string | null;
  /** The round's answers in their new random order, each with a new random id. */
  answers: StoredAnswer[];
}

export interface RoundRepository {
  create(round: Round): void;
  get(id: string): StoredRound | undefined;
  /** The open round of a network, if any (at most one). */
  openFor(networkId: string): StoredRound | undefined;
  /** Scheduled (not yet open) rounds of a network, soonest first. */
  scheduledFor(networkId: string): StoredRound[];
  /** Closed rounds, newest first. */
  closedFor(networkId: string, limit: number): StoredRound[];
  /** scheduled → open, storing the round secret. False when it was not scheduled. */
  open(id: string, openedAt: Date, secret: Uint8Array, closesAt?: Date): boolean;
  secret(id: string): Uint8Array | undefined;
  /**
   * open → closed in one transaction: stores the final result and prompt, destroys the
   * round secret, erases the participation tokens and rewrites the answers with the
   * given ids in the given order. False when the round was not open.
   */
  finalize(id: string, input: CloseInput): boolean;
  skip(id: string): boolean;
  markReminded(id: string, at: Date): void;
  deleteScheduled(networkId: string): number;
  /** When the network's most recent round (of any status) was to open. */
  lastOpensAt(networkId: string): Date | undefined;
  /** Rounds whose time has come, for the scheduler. */
  dueToOpen(now: Date): StoredRound[];
  dueToRemind(now: Date): StoredRound[];
  dueToClose(now: Date): StoredRound[];
  /** Deletes closed and skipped rounds (and their answers) that ended before `before`. */
  purgeEndedBefore(networkId: string, before: Date): number;
}

export interface AnswerRepository {
  /** The answer a participation token points at, while the round is open. */
  byToken(roundId: string, token: string): StoredAnswer | undefined;
  /** Records a new answer and the token that links it, in one transaction. */
  insert(roundId: string, token: string, answer: StoredAnswer): void;
  replace(id: string, answer: Answer): void;
  /** Deletes the answer behind a token. False when there was none. */
  withdraw(roundId: string, token: string): boolean;
  count(roundId: string): number;
  /** Answers in stored order (which carries no meaning). */
  forRound(roundId: string): StoredAnswer[];
  /** Whether a token has answered (DM reminders), while the round is open. */
  hasToken(roundId: string, token: string): boolean;
}

export interface PostRepository {
  get(roundId: string, kind: PostKind, channel: ChannelRef): PostRecord | undefined;
  /** Records the intent to post; returns the existing record when there is one. */
  intend(roundId: string, kind: PostKind, binding: ChannelBinding): PostRecord;
  posted(roundId: string, kind: PostKind, ref: PostedRef): void;
  failed(roundId: string, kind: PostKind, channel: ChannelRef): void;
  forRound(roundId: string, kind: PostKind): PostRecord[];
}

export interface DeliveryRepository {
  /** True the first time (platform, id) is seen. */
  first(platform: Platform, id: string, now: Date): boolean;
  pruneBefore(before: Date): number;
}

export interface PromptRepository {
  /** Ids of the prompts a network has had, once per use. */
  used(networkId: string): string[];
  markUsed(networkId: string, promptId: string, at: Date): void;
}

/**
 * Leases on scheduler jobs ("open:<round id>", …): a job is done by one process at a
 * time, and a process that dies holding one loses it when the lease runs out.
 */
export interface LeaseRepository {
  /** Takes the job when free or expired; false while another owner holds it. */
  claim(job: string, owner: string, now: Date, until: Date): boolean;
  /** Gives a finished job back (or a failed one, to be retried by the next tick). */
  release(job: string, owner: string): void;
  /** How often a job has been claimed since it last succeeded. */
  attempts(job: string): number;
  /** Forgets a job that succeeded. */
  done(job: string, owner: string): void;
}

export interface Store {
  networks: NetworkRepository;
  bindings: BindingRepository;
  coordinators: CoordinatorRepository;
  rounds: RoundRepository;
  answers: AnswerRepository;
  posts: PostRepository;
  deliveries: DeliveryRepository;
  prompts: PromptRepository;
  leases: LeaseRepository;
  /** Runs fn atomically; nested calls join the outer transaction. */
  transaction<T>(fn: () => T): T;
  /** Folds the write-ahead log back into the file and empties it (after close and erase). */
  checkpoint(): void;
  close(): void;
}
