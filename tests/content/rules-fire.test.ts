/**
 * Every real rule from content, through the core engine, for synthetic histories: each
 * fires exactly when its condition holds, and its reason renders in both languages
 * with every placeholder filled.
 */
import { describe, expect, it } from 'vitest';
import { t } from '../../src/content/i18n.ts';
import { loadContent } from '../../src/content/load.ts';
import { aggregate } from '../../src/core/aggregate.ts';
import type { Answer } from '../../src/core/answer.ts';
import { evaluateRules } from '../../src/core/interventions.ts';
import type { RoundResult, Suggestion, TrendPoint } from '../../src/core/result.ts';
import type { Level } from '../../src/core/scale.ts';

const content = loadContent();
const statementIds = [...content.instruments.values()].flatMap((i) => i.statements.map((s) => s.id));
const statementTips = Object.fromEntries([...content.instruments.values()].flatMap((i) => i.statements.map((s) => [s.id, s.tips])));

function round(levels: Level[], extra: Partial<Answer>[] = []): RoundResult {
  return aggregate(levels.map((level, i) => ({ level, ratings: {}, ...extra[i] })), { k: 5, statementIds, commentsEnabled: false, shuffle: (x) => [...x] });
}
const fired = (...results: RoundResult[]): Suggestion[] =>
  evaluateRules(content.rules, { history: results.map((result, i): TrendPoint => ({ roundId: `r${i}`, closedAt: new Date(Date.UTC(2026, i, 1)), result })), statementTips });
const ids = (s: Suggestion[]) => s.map((x) => x.ruleId);
const calm = round([1, 1, 1, 1, 2]);
const n = (count: number, level: Level = 2) => round(Array.from({ length: count }, () => level));

/** The label params renderers add, in one language. */
function labelled(s: Suggestion, lang: 'nl' | 'en'): Record<string, string | number> {
  const p: Record<string, string | number> = { ...s.reason.params };
  for (const key of ['level', 'minLevel', 'maxLevel']) if (typeof p[key] === 'number') p[`${key}Label`] = content.levels[p[key] as Level].text[lang].label;
  if (typeof p.statement === 'string') {
    const st = [...content.instruments.values()].flatMap((i) => i.statements).find((x) => x.id === p.statement);
    p.statementLabel = st?.text[lang].label ?? '';
  }
  if (typeof p.dimension === 'string') p.dimensionLabel = p.dimension;
  const groups = [...content.domains, ...content.orgLevels];
  for (const key of ['highGroup', 'lowGroup']) p[`${key}Label`] = groups.find((g) => g.id === p[key])?.text[lang].label ?? '';
  return p;
}

describe('real rules', () => {
  it('fire the prevailing level, and only that one', () => {
    expect(ids(fired(calm))).toContain('prevailing-1');
    expect(ids(fired(round([3, 3, 3, 2, 2])))).toEqual(expect.arrayContaining(['prevailing-3']));
    expect(ids(fired(round([3, 3, 3, 2, 2])))).not.toContain('prevailing-2');
    expect(ids(fired(round([4, 4, 4, 3, 3])))).toContain('prevailing-4');
  });

  it('fire a rise of the median from half a level, not below', () => {
    expect(ids(fired(round([1, 1, 2, 2, 2]), round([2, 2, 3, 3, 3])))).toContain('median-rise');
    expect(ids(fired(round([2, 2, 2, 2, 2]), round([2, 2, 2, 2, 2])))).not.toContain('median-rise');
  });

  it('warn of a wide spread only when answers are two levels apart', () => {
    expect(ids(fired(round([1, 1, 3, 2, 2])))).toContain('wide-spread');
    expect(ids(fired(round([1, 1, 2, 2, 2])))).not.toContain('wide-spread');
  });

  it('suggest the tips of the weakest statement below 3.0', () => {
    const low = fired(round([1, 1, 1, 1, 1], Array.from({ length: 5 }, () => ({ ratings: { 'ce-interests': 2, 'ce-ambition': 4 } }))));
    const weak = low.find((s) => s.ruleId === 'weakest-statement');
    expect(weak?.items).toContain('tip-ce-interests');
    expect(ids(fired(round([1, 1, 1, 1, 1], Array.from({ length: 5 }, () => ({ ratings: { 'ce-interests': 3 } })))))).not.toContain('weakest-statement');
  });

  it('notice a 30% drop in participation and the network dip', () => {
    expect(ids(fired(n(10), n(10), n(10), n(7)))).toContain('participation-drop');
    expect(ids(fired(n(10), n(10), n(10), n(8)))).not.toContain('participation-drop');
    expect(ids(fired(n(14), n(12), n(11), n(10)))).toContain('network-dip');
    expect(ids(fired(n(10), n(11), n(12), n(13)))).not.toContain('network-dip');
  });

  it('compare domains and levels', () => {
    const levels: Level[] = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3];
    const byDomain = levels.map((_, i): Partial<Answer> => ({ domain: i < 5 ? 'education' : 'youth-care', orgLevel: 'execution' }));
    const s = fired(round(levels, byDomain));
    expect(ids(s)).toContain('domain-difference');
    expect(ids(s)).not.toContain('level-difference');
  });

  it('encourage after three calm rounds in a row', () => {
    expect(ids(fired(calm, calm, calm))).toContain('calm-streak');
    expect(ids(fired(round([3, 3, 3, 3, 3]), calm, calm))).not.toContain('calm-streak');
  });

  it('render every reason in both languages with all placeholders filled', () => {
    const levels: Level[] = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3];
    const extra = levels.map((_, i): Partial<Answer> => ({ domain: i < 5 ? 'education' : 'youth-care', orgLevel: i < 5 ? 'board' : 'execution', ratings: { 'wp-learning': 2 } }));
    const all = [
      ...fired(calm, calm, calm),
      ...fired(n(14), n(12), n(11), round(levels, extra)),
      ...fired(round([1, 1, 2, 2, 2]), round([2, 3, 3, 3, 4])),
      ...fired(n(10), n(10), n(10), n(6)),
    ];
    const kinds = new Set(all.map((s) => s.reason.key));
    expect(kinds.size).toBeGreaterThanOrEqual(8);
    for (const s of all) {
      for (const lang of ['nl', 'en'] as const) {
        const text = t(content, lang, s.reason.key, labelled(s, lang));
        expect(text).not.toBe(s.reason.key);
        expect(text).not.toMatch(/\{\w+\}/);
      }
      for (const item of s.items) expect(content.items.has(item)).toBe(true);
    }
  });
});
