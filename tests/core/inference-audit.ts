/**
 * A brute-force attacker for group figures. The attacker knows every respondent's
 * domain, tier and channel (often their organisation) and reads one results post. For a small round it lists every way the
 * round's answers could have been spread over its people, keeps those that would have
 * produced exactly the same post, and then asks, for every set of fewer than k people
 * the attacker can point at (any combination of domain × tier × channel groups: hidden groups,
 * remainders, intersections across dimensions), whether that set could still have
 * answered anything the overall distribution allows. Anything less is a leak.
 */
import type { Answer } from '../../src/core/answer.ts';
import type { Domain, OrgLevel } from '../../src/core/network.ts';
import { GROUP_DIMENSIONS } from '../../src/core/result.ts';
import { LEVELS, type Level } from '../../src/core/scale.ts';

export interface Person {
  domain?: Domain;
  orgLevel?: OrgLevel;
  /** The key of the channel the person answered in. */
  channel?: string;
}

/** Everything a post publishes about a round, as one comparable string. */
export type Publish = (answers: Answer[]) => string;

export interface Leak {
  /** Indexes of the people in the set. */
  members: number[];
  /** Answer combinations (sorted levels) the distribution allows but the post rules out. */
  ruledOut: string[];
}

export interface Audit {
  /** Arrangements of the round's answers over its people that were tried. */
  assignments: number;
  /** Of those, how many give exactly the same post. */
  consistent: number;
  /** Sets of fewer than k people the attacker can single out. */
  sets: number;
  leaks: Leak[];
}

export function answersOf(people: readonly Person[], levels: readonly Level[]): Answer[] {
  return people.map((p, i) => ({
    level: levels[i] as Level,
    ratings: {},
    ...(p.domain ? { domain: p.domain } : {}),
    ...(p.orgLevel ? { orgLevel: p.orgLevel } : {}),
    ...(p.channel ? { channel: p.channel } : {}),
  }));
}

/** Every distinct arrangement of a multiset of levels (given as counts per level) over n places. */
export function arrangements(counts: Record<Level, number>): Level[][] {
  const n = LEVELS.reduce((sum, l) => sum + counts[l], 0);
  const left = { ...counts };
  const out: Level[][] = [];
  const current: Level[] = [];
  const walk = (): void => {
    if (current.length === n) {
      out.push([...current]);
      return;
    }
    for (const level of LEVELS) {
      if (left[level] === 0) continue;
      left[level] -= 1;
      current.push(level);
      walk();
      current.pop();
      left[level] += 1;
    }
  };
  walk();
  return out;
}

export function countsOf(levels: readonly Level[]): Record<Level, number> {
  const counts = { 1: 0, 2: 0, 3: 0, 4: 0 } as Record<Level, number>;
  for (const l of levels) counts[l] += 1;
  return counts;
}

/** Every union of combinations of groups over all dimensions ("not stated" included) with 1 to k − 1 people. */
export function singledOutSets(people: readonly Person[], k: number): number[][] {
  const cells = new Map<string, number[]>();
  people.forEach((p, i) => {
    const key = JSON.stringify(GROUP_DIMENSIONS.map((d) => p[d] ?? null));
    cells.set(key, [...(cells.get(key) ?? []), i]);
  });
  const list = [...cells.values()];
  const sets: number[][] = [];
  for (let mask = 1; mask < 1 << list.length; mask++) {
    const members = list.flatMap((cell, i) => (mask & (1 << i) ? cell : []));
    if (members.length < k) sets.push(members.sort((a, b) => a - b));
  }
  return sets;
}

/** The answer combinations of `size` people that the overall counts alone allow. */
export function allowedCombinations(counts: Record<Level, number>, size: number): Set<string> {
  const out = new Set<string>();
  const walk = (from: number, picked: Level[]): void => {
    if (picked.length === size) {
      out.add(picked.join(''));
      return;
    }
    for (let i = from; i < LEVELS.length; i++) {
      const level = LEVELS[i] as Level;
      if (picked.filter((l) => l === level).length < counts[level]) walk(i, [...picked, level]);
    }
  };
  walk(0, []);
  return out;
}

export function audit(people: readonly Person[], levels: readonly Level[], k: number, publish: Publish): Audit {
  const post = publish(answersOf(people, levels));
  const counts = countsOf(levels);
  const all = arrangements(counts);
  const consistent = all.filter((arrangement) => publish(answersOf(people, arrangement)) === post);
  const sets = singledOutSets(people, k);
  const leaks: Leak[] = [];
  for (const members of sets) {
    const possible = new Set(consistent.map((a) => members.map((i) => a[i] as Level).sort((x, y) => x - y).join('')));
    const ruledOut = [...allowedCombinations(counts, members.length)].filter((c) => !possible.has(c));
    if (ruledOut.length > 0) leaks.push({ members, ruledOut });
  }
  return { assignments: all.length, consistent: consistent.length, sets: sets.length, leaks };
}
