/**
 * Which conversation prompt a results post ends with. When the temperature changed,
 * the monitor questions (seed 002: do we recognise these figures…); otherwise one of
 * the other prompts — a dilemma (seed 001), the process check (seed 003), the questions
 * for executives (seed 001), the challenge exercise (seed 004) — rotated so none repeats
 * until every one has been used.
 */
import type { Trend } from './result.ts';

export interface PromptLike {
  id: string;
  kind: 'dilemma' | 'monitor' | 'check' | 'reflection' | 'exercise';
}

/** `used`: ids of prompts already posted for this network, in any order, repeats allowed. */
export function nextPrompt<P extends PromptLike>(prompts: readonly P[], options: { used: readonly string[]; trend: Pick<Trend, 'direction'> }): P | undefined {
  const changed = options.trend.direction === 'rising' || options.trend.direction === 'falling';
  const monitor = prompts.filter((p) => p.kind === 'monitor');
  const others = prompts.filter((p) => p.kind !== 'monitor');
  return leastUsed(changed && monitor.length > 0 ? monitor : others, options.used);
}

/** The first prompt (in content order) among those used least often: a fair rotation. */
function leastUsed<P extends PromptLike>(candidates: readonly P[], used: readonly string[]): P | undefined {
  const uses = new Map<string, number>();
  for (const id of used) uses.set(id, (uses.get(id) ?? 0) + 1);
  let best: P | undefined;
  for (const p of candidates) if (best === undefined || (uses.get(p.id) ?? 0) < (uses.get(best.id) ?? 0)) best = p;
  return best;
}
