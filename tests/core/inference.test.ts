/**
 * Promise 4 against an attacker who knows everyone's domain, tier and channel: for random small
 * rounds, every arrangement of the answers that gives the same post is enumerated, and
 * every set of fewer than k people the attacker can single out must still be able to
 * have answered anything the overall distribution allows. Two rules the post does not
 * use — the old subtraction rule and complementary suppression with group medians — run
 * through the same attacker, so the test shows it finds what it is meant to find.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/core/aggregate.ts';
import type { Answer } from '../../src/core/answer.ts';
import type { Domain, OrgLevel } from '../../src/core/network.ts';
import { GROUP_DIMENSIONS, type GroupDimension, type GroupFigures, type ShownResult } from '../../src/core/result.ts';
import type { Level } from '../../src/core/scale.ts';
import { median } from '../../src/core/stats.ts';
import { audit, type Person, type Publish } from './inference-audit.ts';

const post = (k: number): Publish => (answers) => JSON.stringify(aggregate(answers, { k, statementIds: [], commentsEnabled: false, shuffle: (xs) => [...xs] }));

/** The post with its group figures replaced by another rule's, everything else as published. */
const postWith = (k: number, groups: (answers: Answer[], k: number) => Record<GroupDimension, GroupFigures>): Publish => (answers) => {
  const result = aggregate(answers, { k, statementIds: [], commentsEnabled: false, shuffle: (xs) => [...xs] });
  return JSON.stringify(result.shown ? { ...result, groups: groups(answers, k) } : result);
};

function groupsOf(answers: Answer[], dimension: GroupDimension): Map<string, Level[]> {
  const byGroup = new Map<string, Level[]>();
  for (const a of answers) {
    const g = a[dimension];
    if (g !== undefined) byGroup.set(g, [...(byGroup.get(g) ?? []), a.level]);
  }
  return byGroup;
}

const perDimension = (figures: (dimension: GroupDimension) => GroupFigures): Record<GroupDimension, GroupFigures> =>
  Object.fromEntries(GROUP_DIMENSIONS.map((d) => [d, figures(d)])) as Record<GroupDimension, GroupFigures>;

/** The rule before: medians of groups from k, and one more group hidden when exactly one is. */
function subtractionRule(answers: Answer[], k: number): Record<GroupDimension, GroupFigures> {
  const per = (dimension: GroupDimension): GroupFigures => {
    const byGroup = groupsOf(answers, dimension);
    if (byGroup.size === 0) return { shown: [], hidden: 0 };
    const notStated = answers.some((a) => a[dimension] === undefined) ? 1 : 0;
    const passing = [...byGroup].filter(([, l]) => l.length >= k).map(([group, l]) => ({ group, n: l.length, median: median(l) }));
    passing.sort((a, b) => a.n - b.n || a.group.localeCompare(b.group));
    if (byGroup.size - passing.length + notStated === 1 && passing.length > 0) passing.shift();
    return { shown: passing.sort((a, b) => a.group.localeCompare(b.group)), hidden: byGroup.size - passing.length };
  };
  return perDimension(per);
}

/** Complementary suppression with medians: what DESIGN promise 4 first described. */
function complementaryWithMedians(answers: Answer[], k: number): Record<GroupDimension, GroupFigures> {
  const per = (dimension: GroupDimension): GroupFigures => {
    const byGroup = groupsOf(answers, dimension);
    if (byGroup.size === 0) return { shown: [], hidden: 0 };
    const passing = [...byGroup].filter(([, l]) => l.length >= k).map(([group, l]) => ({ group, n: l.length, median: median(l) }));
    passing.sort((a, b) => a.n - b.n || a.group.localeCompare(b.group));
    const hidden = answers.length - passing.reduce((s, g) => s + g.n, 0);
    if (hidden > 0 && hidden < k) passing.shift();
    return { shown: passing.sort((a, b) => a.group.localeCompare(b.group)), hidden: byGroup.size - passing.length };
  };
  return perDimension(per);
}

const people = (spec: [Domain | undefined, OrgLevel | undefined, number, string?][]): Person[] =>
  spec.flatMap(([domain, orgLevel, count, channel]) =>
    Array.from({ length: count }, (): Person => ({ ...(domain ? { domain } : {}), ...(orgLevel ? { orgLevel } : {}), ...(channel ? { channel } : {}) })),
  );

const shownResult = (answers: Answer[], k: number): ShownResult => {
  const r = aggregate(answers, { k, statementIds: [], commentsEnabled: false, shuffle: (xs) => [...xs] });
  if (!r.shown) throw new Error('expected a shown result');
  return r;
};

describe('the example of two shown groups and two single people (k = 5)', () => {
  // Education [1,1,1,4,4], municipality [1,1,1,4,4], one youth-care and one childcare person at 4.
  const who = people([['education', undefined, 5], ['municipality', undefined, 5], ['youth-care', undefined, 1], ['childcare', undefined, 1]]);
  const levels: Level[] = [1, 1, 1, 4, 4, 1, 1, 1, 4, 4, 4, 4];

  it('gave both single people away under the old rule', () => {
    const result = audit(who, levels, 5, postWith(5, subtractionRule));
    // Each shown group at median 1 holds three 1s; there are six: both singles chose conflict.
    expect(result.leaks).toContainEqual({ members: [10], ruledOut: ['1'] });
    expect(result.leaks).toContainEqual({ members: [11], ruledOut: ['1'] });
    expect(result.leaks).toContainEqual({ members: [10, 11], ruledOut: ['11', '14'] });
  });

  it('gives nothing away now: one group shows its count, the rest is hidden together', () => {
    const result = audit(who, levels, 5, post(5));
    expect(result.leaks).toEqual([]);
    expect(result.sets).toBe(3); // youth care, childcare, and the two together
    expect(result.consistent).toBe(result.assignments); // 924: the post says no more than the totals
    const groups = shownResult(
      who.map((p, i) => ({ ...p, level: levels[i]!, ratings: {} })),
      5,
    ).groups.domain;
    expect(groups).toEqual({ shown: [{ group: 'municipality', n: 5 }], hidden: 3 });
  });
});

describe('group medians', () => {
  it('leak under complementary suppression alone when a level is scarce (k = 5)', () => {
    // Three 1s, seven 4s; education at median 1 must hold all three 1s.
    const who = people([['education', undefined, 5], ['municipality', undefined, 3], ['youth-care', undefined, 2]]);
    const levels: Level[] = [1, 1, 1, 4, 4, 4, 4, 4, 4, 4];
    const naive = audit(who, levels, 5, postWith(5, complementaryWithMedians));
    expect(naive.leaks).toContainEqual({ members: [5, 6, 7], ruledOut: ['111', '114', '144'] });
    expect(naive.leaks).toContainEqual({ members: [8, 9], ruledOut: ['11', '14'] });
    expect(audit(who, levels, 5, post(5)).leaks).toEqual([]);
  });

  it('are shown when every domain × tier combination holds k or more, for every group of both dimensions', () => {
    const who = people([['education', 'board', 3], ['education', 'execution', 3], ['municipality', 'board', 3]]);
    const levels: Level[] = [1, 1, 2, 3, 3, 4, 2, 2, 2];
    const answers = who.map((p, i): Answer => ({ ...p, level: levels[i]!, ratings: {} }));
    const { groups } = shownResult(answers, 3);
    expect(groups.domain.shown).toEqual([{ group: 'education', n: 6, median: 2.5 }, { group: 'municipality', n: 3, median: 2 }]);
    expect(groups.orgLevel.shown).toEqual([{ group: 'board', n: 6, median: 2 }, { group: 'execution', n: 3, median: 3 }]);
    const result = audit(who, levels, 3, post(3));
    // Nobody can be singled out below k, so there is nothing to leak; the medians do narrow the arrangements.
    expect(result.sets).toBe(0);
    expect(result.consistent).toBeLessThan(result.assignments);
  });

  it('are left out when one combination is smaller than k, even though every group passes k', () => {
    const who = people([['education', 'board', 2], ['education', 'execution', 3], ['municipality', 'execution', 3], ['municipality', undefined, 3]]);
    const answers = who.map((p, i): Answer => ({ ...p, level: ((i % 4) + 1) as Level, ratings: {} }));
    const { groups } = shownResult(answers, 3);
    expect(groups.domain.shown).toEqual([{ group: 'education', n: 5 }, { group: 'municipality', n: 6 }]);
    // Board (2) is hidden; with the 3 who gave no tier that is 5 hidden together.
    expect(groups.orgLevel).toEqual({ shown: [{ group: 'execution', n: 6 }], hidden: 1 });
  });
});

describe('the channel dimension', () => {
  it('hides a channel below k, and one more so that what is hidden together is k or more (k = 3)', () => {
    // Two Slack workspaces and a Teams tenant: 4, 3 and 2 people; the Teams pair chose conflict.
    const who = people([[undefined, undefined, 4, 'slack-a'], [undefined, undefined, 3, 'slack-b'], [undefined, undefined, 2, 'teams']]);
    const levels: Level[] = [1, 1, 2, 2, 1, 2, 2, 4, 4];
    const answers = who.map((p, i): Answer => ({ ...p, level: levels[i]!, ratings: {} }));
    expect(shownResult(answers, 3).groups.channel).toEqual({ shown: [{ group: 'slack-a', n: 4 }], hidden: 2 });
    const result = audit(who, levels, 3, post(3));
    expect(result.sets).toBeGreaterThan(0);
    expect(result.leaks).toEqual([]);
    // The old rule (medians from k, one more group hidden) says something about the Teams pair.
    const naive = audit(who, levels, 3, postWith(3, subtractionRule));
    expect(naive.leaks).toContainEqual({ members: [7, 8], ruledOut: ['11'] });
  });

  it('shows channel medians only when every domain × channel combination reaches k', () => {
    const even = people([['education', undefined, 3, 'slack-a'], ['municipality', undefined, 3, 'slack-a'], ['education', undefined, 3, 'teams']]);
    const levels: Level[] = [1, 1, 2, 2, 3, 3, 3, 4, 4];
    const withMedians = shownResult(even.map((p, i): Answer => ({ ...p, level: levels[i]!, ratings: {} })), 3);
    expect(withMedians.groups.channel?.shown).toEqual([{ group: 'slack-a', n: 6, median: 2 }, { group: 'teams', n: 3, median: 4 }]);
    expect(audit(even, levels, 3, post(3)).sets).toBe(0);
    // One person of the municipality answers in Teams: that cell holds 1, so no group shows a median.
    const uneven = people([['education', undefined, 3, 'slack-a'], ['municipality', undefined, 3, 'slack-a'], ['education', undefined, 2, 'teams'], ['municipality', undefined, 1, 'teams']]);
    const countsOnly = shownResult(uneven.map((p, i): Answer => ({ ...p, level: levels[i]!, ratings: {} })), 3);
    expect(countsOnly.groups.channel?.shown).toEqual([{ group: 'slack-a', n: 6 }, { group: 'teams', n: 3 }]);
    expect(countsOnly.groups.domain.shown.every((g) => g.median === undefined)).toBe(true);
    expect(audit(uneven, levels, 3, post(3)).leaks).toEqual([]);
  });
});

describe('random small rounds', () => {
  const DOMAINS3: Domain[] = ['education', 'municipality', 'youth-care'];
  const TIERS2: OrgLevel[] = ['board', 'execution'];
  /** Channel keys; undefined is an answer from a direct message. */
  const CHANNELS = ['c-slack-a', 'c-slack-b', 'c-teams'];
  const levelArb = fc.constantFrom<Level>(1, 2, 3, 4);
  // Anyone anywhere: few domains, tiers and channels, often unstated, sometimes no tier
  // asked or one channel only, so that hidden groups, remainders and small intersections
  // of all three dimensions turn up.
  const scattered = fc.record({
    k: fc.integer({ min: 3, max: 5 }),
    tierAsked: fc.boolean(),
    people: fc.array(
      fc.record({
        domain: fc.constantFrom<Domain | undefined>(undefined, ...DOMAINS3, 'education', 'municipality'),
        orgLevel: fc.constantFrom<OrgLevel | undefined>(undefined, ...TIERS2, 'execution'),
        channel: fc.constantFrom<string | undefined>(undefined, ...CHANNELS, 'c-slack-a', 'c-slack-a'),
        level: levelArb,
      }),
      { minLength: 3, maxLength: 8 },
    ),
  });
  // People in a few blocks of one domain × tier × channel combination each, around k in
  // size: the rounds where group medians can appear (every block reaches k) or just miss out.
  const blocky = fc.integer({ min: 3, max: 5 }).chain((k) =>
    fc
      .uniqueArray(
        fc.record({
          domain: fc.constantFrom<Domain | undefined>(undefined, ...DOMAINS3),
          orgLevel: fc.constantFrom<OrgLevel | undefined>(undefined, ...TIERS2),
          channel: fc.constantFrom<string | undefined>(...CHANNELS),
        }),
        { minLength: 1, maxLength: 3, selector: (b) => `${b.domain}|${b.orgLevel}|${b.channel}` },
      )
      .chain((blocks) =>
        fc.tuple(
          ...blocks.map((b) =>
            fc.array(fc.record({ domain: fc.constant(b.domain), orgLevel: fc.constant(b.orgLevel), channel: fc.constant(b.channel), level: levelArb }), { minLength: k - 1, maxLength: k + 1 }),
          ),
        ),
      )
      .map((parts) => ({ k, tierAsked: true, people: parts.flat().slice(0, 8) })),
  );
  const round = fc.oneof(scattered, blocky).map(({ k, tierAsked, people: raw }) => ({
    k,
    who: raw.map((p): Person => ({ ...(p.domain ? { domain: p.domain } : {}), ...(tierAsked && p.orgLevel ? { orgLevel: p.orgLevel } : {}), ...(p.channel ? { channel: p.channel } : {}) })),
    levels: raw.map((p) => p.level),
  }));
  const RUNS = 200;
  const SEED = 20260311;

  it('never narrow what a set of fewer than k people answered beyond the overall distribution', () => {
    const seen = { rounds: 0, assignments: 0, sets: 0, withMedians: 0, withHidden: 0, withHiddenChannel: 0, withChannelMedians: 0 };
    fc.assert(
      fc.property(round, ({ k, who, levels }) => {
        const result = audit(who, levels, k, post(k));
        expect(result.leaks).toEqual([]);
        const answers = who.map((p, i): Answer => ({ ...p, level: levels[i]!, ratings: {} }));
        const r = aggregate(answers, { k, statementIds: [], commentsEnabled: false, shuffle: (xs) => [...xs] });
        const medians = r.shown && GROUP_DIMENSIONS.some((d) => r.groups[d]?.shown.some((g) => g.median !== undefined));
        // Without group medians the post (totals, median, mean, spread, group counts) is
        // the same for every arrangement of the answers: it says nothing beyond the totals.
        if (!medians) expect(result.consistent).toBe(result.assignments);
        seen.rounds += 1;
        seen.assignments += result.assignments;
        seen.sets += result.sets;
        if (medians) seen.withMedians += 1;
        if (r.shown && GROUP_DIMENSIONS.some((d) => (r.groups[d]?.hidden ?? 0) > 0)) seen.withHidden += 1;
        if (r.shown && (r.groups.channel?.hidden ?? 0) > 0) seen.withHiddenChannel += 1;
        if (r.shown && r.groups.channel?.shown.some((g) => g.median !== undefined)) seen.withChannelMedians += 1;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    if (process.env.INFERENCE_STATS) console.info(JSON.stringify(seen));
    // The generator reaches the cases that matter.
    expect(seen.withMedians).toBeGreaterThan(RUNS / 20);
    expect(seen.withHidden).toBeGreaterThan(RUNS / 10);
    // …for the channel dimension too: channels hidden below k, and channel medians.
    expect(seen.withHiddenChannel).toBeGreaterThan(RUNS / 20);
    expect(seen.withChannelMedians).toBeGreaterThan(RUNS / 40);
    expect(seen.sets).toBeGreaterThan(RUNS);
  });

  it('catch the rules the post does not use (the same attacker, the same rounds)', () => {
    const rounds = fc.sample(round, { numRuns: RUNS, seed: SEED });
    const firstLeak = (rule: (answers: Answer[], k: number) => Record<GroupDimension, GroupFigures>): number =>
      rounds.findIndex(({ k, who, levels }) => audit(who, levels, k, postWith(k, rule)).leaks.length > 0);
    if (process.env.INFERENCE_STATS) {
      const leaky = (rule: (answers: Answer[], k: number) => Record<GroupDimension, GroupFigures>) => rounds.filter(({ k, who, levels }) => audit(who, levels, k, postWith(k, rule)).leaks.length > 0).length;
      console.info(JSON.stringify({ rounds: rounds.length, subtractionRule: leaky(subtractionRule), complementaryWithMedians: leaky(complementaryWithMedians) }));
    }
    expect(firstLeak(subtractionRule)).toBeGreaterThanOrEqual(0);
    expect(firstLeak(complementaryWithMedians)).toBeGreaterThanOrEqual(0);
  });
});

describe('what complementary suppression guarantees', () => {
  const answer = fc.record({
    level: fc.constantFrom<Level>(1, 2, 3, 4),
    domain: fc.option(fc.constantFrom<Domain>('education', 'municipality', 'youth-care', 'childcare'), { nil: undefined }),
    orgLevel: fc.option(fc.constantFrom<OrgLevel>('board', 'management', 'execution'), { nil: undefined }),
    channel: fc.option(fc.constantFrom('c-1', 'c-2', 'c-3'), { nil: undefined, freq: 8 }),
  });

  it('per dimension: shown groups have k or more, and what is hidden together is nobody or k or more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.array(answer, { minLength: 3, maxLength: 80 }), (k, raw) => {
        const answers = raw.map((r): Answer => ({ level: r.level, ratings: {}, ...(r.domain ? { domain: r.domain } : {}), ...(r.orgLevel ? { orgLevel: r.orgLevel } : {}), ...(r.channel ? { channel: r.channel } : {}) }));
        const result = aggregate(answers, { k, statementIds: [], commentsEnabled: false, shuffle: (xs) => [...xs] });
        if (!result.shown) return;
        for (const dimension of GROUP_DIMENSIONS) {
          const figures = result.groups[dimension];
          expect(figures).toBeDefined();
          const { shown, hidden } = figures!;
          for (const g of shown) expect(g.n).toBeGreaterThanOrEqual(k);
          const stated = new Set(answers.flatMap((a) => (a[dimension] ? [a[dimension]] : [])));
          expect(hidden).toBe(stated.size - shown.length);
          if (shown.length === 0) continue;
          const hiddenPeople = answers.length - shown.reduce((s, g) => s + g.n, 0);
          expect(hiddenPeople === 0 || hiddenPeople >= k).toBe(true);
        }
        // Medians only when no domain × tier × channel combination holds fewer than k.
        const cells = new Map<string, number>();
        for (const a of answers) cells.set(`${a.domain}|${a.orgLevel}|${a.channel}`, (cells.get(`${a.domain}|${a.orgLevel}|${a.channel}`) ?? 0) + 1);
        const anyMedian = GROUP_DIMENSIONS.some((d) => result.groups[d]?.shown.some((g) => g.median !== undefined));
        if (anyMedian) expect(Math.min(...cells.values())).toBeGreaterThanOrEqual(k);
        if (Math.min(...cells.values()) >= k) {
          for (const d of GROUP_DIMENSIONS) for (const g of result.groups[d]?.shown ?? []) expect(g.median).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('statements and comments are tied to nobody: moving ratings and comments between people changes nothing in the post', () => {
    const full = fc.record({
      level: fc.constantFrom<Level>(1, 2, 3, 4),
      domain: fc.option(fc.constantFrom<Domain>('education', 'municipality'), { nil: undefined }),
      rating: fc.option(fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5), { nil: undefined }),
      comment: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.array(full, { minLength: 3, maxLength: 30 }), fc.infiniteStream(fc.nat()), (k, raw, picks) => {
        const make = (extras: typeof raw) =>
          raw.map((r, i): Answer => {
            const e = extras[i]!;
            return { level: r.level, ratings: e.rating ? { s1: e.rating } : {}, ...(r.domain ? { domain: r.domain } : {}), ...(e.comment ? { comment: e.comment } : {}) };
          });
        // A random permutation of who gave which rating and comment.
        const order = raw.map((_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = picks.next().value % (i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const moved = order.map((i) => raw[i]!);
        const options = { k, statementIds: ['s1'], commentsEnabled: true, shuffle: <T>(xs: readonly T[]) => [...xs].sort() };
        expect(aggregate(make(moved), options)).toEqual(aggregate(make(raw), options));
      }),
      { numRuns: 200 },
    );
  });
});
