/**
 * The use cases, as one interface the platform adapters and the scheduler call. Every
 * method speaks platform-neutral types: ChannelRef/UserRef in, ChatMessage/Form out.
 * Adapters translate and render; they never touch the store or core directly.
 *
 * Every method that reads or writes a store returns a Promise.
 *
 * Errors: methods throw DomainError (typed `code`) for anything a user can cause;
 * adapters turn it into a polite localised reply with `errorMessage(error, lang)`.
 */
import type { Answer } from '../core/answer.ts';
import type { DashboardView } from './dashboard-view.ts';
import type { ChatMessage, Form, FormValues } from '../core/message.ts';
import type { ChannelBinding, ChannelRef, Language, Network, Platform, UserRef } from '../core/network.ts';
import type { InstallationUseCases } from './installations.ts';
import type { SetupOutcome } from './setup.ts';
import type { Round } from '../core/round.ts';
import type { RoundResult } from '../core/result.ts';
import type { Level } from '../core/scale.ts';

export interface AnswerReceipt {
  round: Round;
  /** False when this replaced the person's earlier answer. */
  created: boolean;
  answer: Answer;
  /** Responses so far; the only figure shown while a round is open. */
  count: number;
  /** Private confirmation for the voter only, with a withdraw button. */
  confirmation: ChatMessage;
}

export interface UseCases {
  /** The network bound to a channel, if any. */
  networkFor(channel: ChannelRef): Promise<Network | undefined>;
  /** Language to answer in for a channel: the network's, or Dutch before setup. */
  languageFor(channel: ChannelRef): Promise<Language>;

  /** The setup form, prefilled with the current settings (or defaults). */
  setupForm(channel: ChannelRef, actor: UserRef): Promise<Form>;
  /**
   * Creates or edits the network of this channel from submitted form values. The actor
   * becomes a coordinator; on an existing network only coordinators may edit. A first
   * setup needs `formContext`, the context of the form this same person asked for in
   * this channel (DomainError 'setup_not_requested' otherwise), so nobody can take over
   * a setup someone else started. Returns the network and a confirmation showing the
   * next three planned rounds — for the coordinator with the network's join code (a new
   * network's, or none: a code is kept only as a hash), and without it for the channel.
   */
  submitSetup(binding: Omit<ChannelBinding, 'networkId'>, actor: UserRef, values: FormValues, formContext: string): Promise<SetupOutcome>;
  /** Remembers a channel (Teams install) without configuring a network yet. */
  rememberChannel(binding: Omit<ChannelBinding, 'networkId'>): Promise<void>;
  /** Bot removed from a channel: stop scheduling there. */
  forgetChannel(channel: ChannelRef): Promise<void>;

  /** Throws DomainError('not_a_coordinator', { names }) for anyone else. */
  requireCoordinator(channel: ChannelRef, user: UserRef): Promise<Network>;

  /** `/thermometer now`: opens a round at once and posts it to every bound channel. */
  openRoundNow(channel: ChannelRef, actor: UserRef): Promise<Round>;
  /** `/thermometer close`: closes the open round early and posts the results. */
  closeRoundNow(channel: ChannelRef, actor: UserRef): Promise<{ round: Round; result: RoundResult }>;
  /** Scheduler entry points (no actor). Idempotent: a second call does nothing. */
  openScheduledRound(roundId: string): Promise<Round | undefined>;
  closeRound(roundId: string): Promise<{ round: Round; result: RoundResult } | undefined>;

  /**
   * A click on a level button: records or changes the level, keeps other fields.
   * `channel` is where the click came from: it decides whether the round is reachable
   * (a channel bound to its network, or a direct message in the person's own workspace)
   * and is what the answer records as its channel. The same for the three below.
   */
  answerLevel(roundId: string, user: UserRef, level: Level, channel?: ChannelRef): Promise<AnswerReceipt>;
  /** The "more questions" form, prefilled with this person's current answer. */
  answerForm(roundId: string, user: UserRef, channel?: ChannelRef): Promise<Form>;
  /** Submission of the "more questions" form. */
  submitAnswerForm(roundId: string, user: UserRef, values: FormValues, channel?: ChannelRef): Promise<AnswerReceipt>;
  /** Withdraws this person's answer while the round is open. */
  withdraw(roundId: string, user: UserRef, channel?: ChannelRef): Promise<{ count: number; confirmation: ChatMessage }>;

  /** Coordinators: the latest closed round and the trend (last 12 rounds by default). */
  summary(channel: ChannelRef, actor: UserRef, options?: { rounds?: number }): Promise<ChatMessage>;
  /** Posts the summary to the channel (the "post to channel" button). */
  postSummary(channel: ChannelRef, actor: UserRef): Promise<void>;
  /** Coordinators: per-round aggregates as CSV. */
  exportCsv(channel: ChannelRef, actor: UserRef): Promise<{ filename: string; csv: string }>;
  /** The "more suggestions" button on a results post: every suggestion for that round, for the clicker. */
  moreInterventions(roundId: string, actor: UserRef, channel?: ChannelRef): Promise<ChatMessage>;
  /** Anyone: the interventions for a level (all levels without one). */
  /** `lang`: the person's language, used before the channel has a network (after setup the network's). */
  tips(channel: ChannelRef, level?: Level, lang?: Language): Promise<ChatMessage>;
  help(channel: ChannelRef, lang?: Language): Promise<ChatMessage>;
  privacy(channel: ChannelRef, lang?: Language): Promise<ChatMessage>;
  /**
   * Coordinators: a private message with a signed link to the network's dashboard,
   * valid for seven days; erasing the network revokes it.
   */
  dashboardLink(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /** Anyone: the next three rounds with their open, close and reminder times, in the network's time zone. */
  schedule(channel: ChannelRef): Promise<ChatMessage>;
  /** Coordinators: the erase confirmation form, then the erase itself. */
  eraseForm(channel: ChannelRef, actor: UserRef): Promise<Form>;
  /** Erases the network from the archive, destroys its open round's linkage, and compacts the archive. */
  erase(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;

  /**
   * `join <code> [label]`: binds this channel (any workspace or tenant, either platform) to
   * the network the code belongs to, with a label for results (typed, or "Kanaal n"), and
   * makes the actor a coordinator there. An open round is posted here at once. Refuses a
   * bound channel (DomainError 'channel_already_bound'), a wrong code without saying why
   * ('join_code_invalid', counted), and anyone after too many wrong codes within the hour
   * ('join_rate_limited'). The reply is for the channel: it holds no code.
   */
  join(binding: Omit<ChannelBinding, 'networkId'>, actor: UserRef, code: string, label?: string): Promise<ChatMessage>;
  /** Coordinators: unbinds this channel from its network; never the network's last channel ('last_channel'). */
  leave(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /** Coordinators: a new join code (the old one stops working), for the coordinator only. */
  rotateJoinCode(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /** Coordinators: the network's channels; with a change, first renames this channel or sets its language. */
  channels(channel: ChannelRef, actor: UserRef, change?: { label?: string; language?: Language }): Promise<ChatMessage>;
  /** The app was uninstalled from a workspace: its channels stop taking part. Returns how many. */
  forgetWorkspace(platform: Platform, workspace: string): Promise<number>;

  /**
   * True the first time a delivery id (Slack event, command, click or submission; Teams
   * activity id) is seen, false for a retry or replay of it. Durable, so a restart does
   * not process a retry twice; kept only as a hash with the hour (deliveries.ts).
   */
  firstDelivery(platform: Platform, deliveryId: string): Promise<boolean>;

  /** Deletes rounds and answers past each network's retention period, then compacts the archive. */
  purgeExpired(): Promise<number>;
  /** A polite localised message for an error a user caused (DomainError), or a generic one. */
  errorMessage(error: unknown, lang: Language): ChatMessage;
}

/**
 * What only the scheduler calls, besides openScheduledRound and closeRound. Apart from
 * UseCases so the chat adapters (and their fakes) need not know about it.
 */
export interface SchedulerUseCases {
  /**
   * Plans a round of a network to open at `opensAt` (closing after the network's open
   * days, with its reminder). Planning the same moment twice returns the planned round.
   * Undefined when the network no longer exists.
   */
  scheduleRound(networkId: string, opensAt: Date): Promise<Round | undefined>;
  /** Posts the channel reminder of an open round once (and DMs when enabled); false when not due. */
  remindRound(roundId: string): Promise<boolean>;
  /**
   * An open round whose every channel is gone (archived, deleted, bot removed) is closed
   * quietly and its coordinators are told in a direct message. False when it has a channel.
   */
  closeIfChannelsGone(roundId: string): Promise<boolean>;
  /**
   * Sends posts that were intended but not sent (a crash, a platform not mounted yet):
   * round messages of open rounds and results of the latest closed round. Never posts
   * twice. Returns how many went out. Call at start and on every tick.
   */
  resumePending(): Promise<number>;
  /**
   * Start-up and every tick: finishes the archive's owed compaction or checkpoint and
   * destroys linkage of rounds that are closed, skipped or gone. Returns the open rounds
   * whose close stopped half-way (sealed linkage): close each under its close lease.
   */
  recover(): Promise<string[]>;
}

/** What only the web pages call (src/web). */
export interface WebUseCases {
  /**
   * The dashboard a signed link's token grants, in `lang` (default: the network's).
   * Undefined for a malformed, tampered or expired token, or an erased network.
   */
  dashboard(token: string, options?: { lang?: Language }): Promise<DashboardView | undefined>;
  /** The anonymity promises with the default settings, for the public privacy page. */
  privacyNotice(lang: Language): Promise<ChatMessage>;
}

export type { InstallationUseCases } from './installations.ts';

/** Everything createUseCases returns. */
export type AppUseCases = UseCases & SchedulerUseCases & WebUseCases & InstallationUseCases;
