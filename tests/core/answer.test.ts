/**
 * What a member's answer may hold, checked before it reaches the store: a level of the
 * thermometer, 1–5 ratings of the round's own statements, a known domain and tier, and a
 * comment only when the network allows comments, as it will be shown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_MAX, validateAnswer, type AnswerRules } from '../../src/core/answer.ts';
import type { ErrorCode } from '../../src/core/errors.ts';
import { DOMAINS, ORG_LEVELS } from '../../src/core/network.ts';
import { isLevel, isRating } from '../../src/core/scale.ts';

const rules: AnswerRules = { statementIds: ['s1', 's2'], commentsEnabled: true };

function codeOf(run: () => unknown): ErrorCode | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: ErrorCode }).code;
  }
  return undefined;
}

describe('the scales', () => {
  it('know exactly the four levels and the five ratings', () => {
    expect([0, 1, 2, 3, 4, 5].filter(isLevel)).toEqual([1, 2, 3, 4]);
    expect(['1', 1.5, null, undefined, Number.NaN].some(isLevel)).toBe(false);
    expect([0, 1, 2, 3, 4, 5, 6].filter(isRating)).toEqual([1, 2, 3, 4, 5]);
    expect(['3', 2.5, null, Number.NaN, Number.POSITIVE_INFINITY].some(isRating)).toBe(false);
  });
});

describe('validateAnswer', () => {
  it('keeps a full, valid answer as given', () => {
    expect(validateAnswer({ level: 3, ratings: { s1: 1, s2: 5 }, domain: 'education', orgLevel: 'board', comment: '  Meer tijd graag  ' }, rules)).toEqual({
      level: 3,
      ratings: { s1: 1, s2: 5 },
      domain: 'education',
      orgLevel: 'board',
      comment: 'Meer tijd graag',
    });
    expect(validateAnswer({ level: 1 }, rules)).toEqual({ level: 1, ratings: {} });
  });

  it('accepts every level, domain and tier there is', () => {
    for (const level of [1, 2, 3, 4]) expect(validateAnswer({ level }, rules).level).toBe(level);
    for (const domain of DOMAINS) expect(validateAnswer({ level: 1, domain }, rules).domain).toBe(domain);
    for (const orgLevel of ORG_LEVELS) expect(validateAnswer({ level: 1, orgLevel }, rules).orgLevel).toBe(orgLevel);
  });

  it('refuses a level, rating, statement, domain or tier that does not exist, naming the statement', () => {
    expect(codeOf(() => validateAnswer({ level: 5 }, rules))).toBe('level_out_of_range');
    expect(codeOf(() => validateAnswer({ level: '2' }, rules))).toBe('level_out_of_range');
    expect(codeOf(() => validateAnswer({ level: 2, ratings: { s1: 6 } }, rules))).toBe('rating_out_of_range');
    expect(codeOf(() => validateAnswer({ level: 2, ratings: { s1: 0 } }, rules))).toBe('rating_out_of_range');
    expect(codeOf(() => validateAnswer({ level: 2, ratings: { s3: 3 } }, rules))).toBe('unknown_statement');
    expect(codeOf(() => validateAnswer({ level: 2, domain: 'police' }, rules))).toBe('unknown_domain');
    expect(codeOf(() => validateAnswer({ level: 2, orgLevel: 'ceo' }, rules))).toBe('unknown_org_level');
    expect(() => validateAnswer({ level: 2, ratings: { s3: 3 } }, rules)).toThrow(expect.objectContaining({ params: { statement: 's3' } }));
    expect(() => validateAnswer({ level: 2, ratings: { s2: 9 } }, rules)).toThrow(expect.objectContaining({ params: { statement: 's2' } }));
  });

  it('treats an empty domain, tier or comment as not given', () => {
    for (const empty of [undefined, null, '']) {
      expect(validateAnswer({ level: 2, domain: empty, orgLevel: empty, comment: empty }, rules)).toEqual({ level: 2, ratings: {} });
    }
    expect(validateAnswer({ level: 2, comment: '   ' }, { ...rules, commentsEnabled: false })).toEqual({ level: 2, ratings: {} });
    expect(validateAnswer({ level: 2, comment: 42 }, rules)).toEqual({ level: 2, ratings: {} });
  });

  it('refuses a comment where comments are off, and one over the limit after trimming', () => {
    expect(codeOf(() => validateAnswer({ level: 2, comment: 'hoi' }, { ...rules, commentsEnabled: false }))).toBe('comments_disabled');
    expect(validateAnswer({ level: 2, comment: ` ${'a'.repeat(COMMENT_MAX)} ` }, rules).comment).toHaveLength(COMMENT_MAX);
    expect(() => validateAnswer({ level: 2, comment: 'a'.repeat(COMMENT_MAX + 1) }, rules)).toThrow(expect.objectContaining({ code: 'comment_too_long', params: { max: COMMENT_MAX } }));
  });

  it('stores a comment as it will be shown, and none when nothing readable is left', () => {
    expect(validateAnswer({ level: 2, comment: 'Vraag <@U123> of mail jan@gemeente.nl' }, rules).comment).toBe('Vraag of mail …');
    expect(validateAnswer({ level: 2, comment: '<!channel>' }, rules)).toEqual({ level: 2, ratings: {} });
  });

  it('never lets anything but the known fields through', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), fc.anything()), (extra) => {
        const answer = validateAnswer({ level: 2, ...extra, ratings: {} }, rules);
        expect(Object.keys(answer).every((key) => ['level', 'ratings', 'domain', 'orgLevel', 'comment'].includes(key))).toBe(true);
      }),
    );
  });
});
