/**
 * Intervention rules as data (content/rules.yaml). Each kind has a fixed meaning that
 * the engine in interventions.ts evaluates; parameters and suggested items come from
 * content. A new kind is a code change on purpose: the switch over `kind` is exhaustive.
 */
import type { GroupDimension } from './result.ts';
import type { Level } from './scale.ts';

interface RuleBase {
  id: string;
  /** Higher first when choosing the top suggestions. */
  priority: number;
  /** Content item ids to suggest. */
  suggest: string[];
  source: string;
}

export type Rule =
  | (RuleBase & { kind: 'prevailing-level'; level: Level })
  | (RuleBase & { kind: 'median-rise'; minDelta: number })
  | (RuleBase & { kind: 'wide-spread' })
  | (RuleBase & { kind: 'weakest-statement'; below: number })
  | (RuleBase & { kind: 'participation-drop'; minDropShare: number; window: number })
  | (RuleBase & { kind: 'network-dip'; minRounds: number })
  | (RuleBase & { kind: 'group-difference'; dimension: GroupDimension; minDiff: number })
  | (RuleBase & { kind: 'calm-streak'; minRounds: number; maxMedian: number });

export type RuleKind = Rule['kind'];
