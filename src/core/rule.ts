/**
 * Intervention rules as data (content/rules.yaml). Each kind has a fixed meaning that
 * the engine in interventions.ts evaluates; parameters and suggested items come from
 * content. A new kind is a code change on purpose: the switch over `kind` is exhaustive.
 * The thresholds are calibrated by simulation (tests/content/calibration.test.ts), not
 * by feel: change one and that test says what it does to every kind of network.
 */
import type { GroupDimension } from './result.ts';
import type { Level } from './scale.ts';

/**
 * What a suggestion says about the atmosphere. A post never says "calm" and "tense" at
 * once: when a `tension` rule fires, `calm` rules are left out.
 */
export type Tone = 'calm' | 'neutral' | 'tension';

interface RuleBase {
  id: string;
  /** Higher first when choosing the top suggestions. */
  priority: number;
  tone: Tone;
  /** Content item ids to suggest. */
  suggest: string[];
  /** Rules this one makes redundant when both fire (the more specific wins). */
  replaces: string[];
  source: string;
}

export type Rule =
  /** The most chosen level is `level` (a strict plurality for level 1, the calm one). */
  | (RuleBase & { kind: 'prevailing-level'; level: Level })
  /**
   * Tension rose: the mean level of the latest round lies `minDelta` or more above that of
   * up to `baseline` earlier shown rounds taken together, and the difference is clear
   * against chance (Welch's t of at least `minT`).
   */
  | (RuleBase & { kind: 'rising-tension'; minDelta: number; minT: number; baseline: number })
  /** The mirror image: tension eased by at least `minDelta`, clearly. */
  | (RuleBase & { kind: 'easing-tension'; minDelta: number; minT: number; baseline: number })
  /**
   * People experience the collaboration differently: at least `minShare` of responses
   * sit at one end and at least `minShare` two levels or more away (1 next to 3+, or
   * 2− next to 4), each side at least `minCount` people. A split with nothing tense
   * before it (the first round, or after a round with a median of at most 1.5 and no
   * split) is a question to look into, not an alarm: it then has `afterCalmPriority` and
   * a neutral tone, below what the calm rounds say.
   */
  | (RuleBase & { kind: 'wide-spread'; minShare: number; minCount: number; afterCalmPriority: number })
  | (RuleBase & { kind: 'weakest-statement'; below: number })
  /** Fewer responses than the mean of the `window` rounds before: `minDropShare` and `minDrop` people fewer. */
  | (RuleBase & { kind: 'participation-drop'; minDropShare: number; minDrop: number; window: number })
  /**
   * The network dip: the highest participation so far lies `minRounds` rounds or more
   * back, every round since had fewer responses than the one before, and the latest has
   * `minDropShare` fewer than that peak.
   */
  | (RuleBase & { kind: 'network-dip'; minRounds: number; minDropShare: number })
  /**
   * Two shown groups of one dimension `minDiff` levels or more apart (their medians), the
   * same group higher in each of the last `rounds` shown rounds: one round of small
   * groups differs by chance too often to be worth a conversation. Domain or tier only:
   * channels are named by each network, so content cannot speak of them.
   */
  | (RuleBase & { kind: 'group-difference'; dimension: Exclude<GroupDimension, 'channel'>; minDiff: number; rounds: number })
  /** `minRounds` shown rounds in a row with level 1 the most chosen and a median of at most `maxMedian`. */
  | (RuleBase & { kind: 'calm-streak'; minRounds: number; maxMedian: number })
  /** The round had too few responses to show results: what can help next time. */
  | (RuleBase & { kind: 'below-threshold' })
  /**
   * Most find an agreement unhelpful: in the latest round "nee" from at least `minShare`
   * of those with an opinion, and from at least `minCount` people (agreement-rules.ts).
   */
  | (RuleBase & { kind: 'agreement-unhelpful'; minShare: number; minCount: number })
  /** An agreement helped in each of the last `rounds` rounds: "ja" or "een beetje" from at least `minShare` of those with an opinion. */
  | (RuleBase & { kind: 'agreement-helped'; rounds: number; minShare: number });

export type RuleKind = Rule['kind'];
