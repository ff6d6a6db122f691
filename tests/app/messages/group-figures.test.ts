/** Group figures in the results post: medians only when aggregation allows them, counts otherwise, and why. */
import { describe, expect, it } from 'vitest';
import { resultsMessage } from '../../../src/app/messages/index.ts';
import { aggregate } from '../../../src/core/aggregate.ts';
import type { Answer } from '../../../src/core/answer.ts';
import type { ShownResult, Trend } from '../../../src/core/result.ts';
import type { Level } from '../../../src/core/scale.ts';
import { messageText } from '../../helpers/fake-chat.ts';
import { testContent } from '../../helpers/app.ts';

const people = (count: number, level: Level, extra: Partial<Answer>): Answer[] => Array.from({ length: count }, () => ({ level, ratings: {}, ...extra }));

function post(answers: Answer[], lang: 'nl' | 'en' = 'nl'): string {
  const result = aggregate(answers, { k: 5, statementIds: [], commentsEnabled: false, shuffle: (xs) => [...xs] }) as ShownResult;
  const point = { roundId: 'r1', closedAt: new Date('2026-03-10T08:00:00Z'), result };
  const trend: Trend = { points: [point], latest: point, previous: null, medianDelta: null, direction: 'unknown' };
  const ctx = { content: testContent(), lang, timeZone: 'Europe/Amsterdam' };
  return messageText(resultsMessage(ctx, { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: point.closedAt, result, trend, suggestions: [], prompt: undefined }));
}

describe('group figures in the results post', () => {
  it('shows counts only, and says why, when a combination of domain and tier is below k', () => {
    // Two education board members are a combination of fewer than 5.
    const answers = [
      ...people(2, 4, { domain: 'education', orgLevel: 'board' }),
      ...people(5, 1, { domain: 'education', orgLevel: 'execution' }),
      ...people(5, 3, { domain: 'municipality', orgLevel: 'execution' }),
      ...people(2, 2, { domain: 'childcare', orgLevel: 'execution' }),
    ];
    const nl = post(answers);
    expect(nl).toContain('Per domein (aantal reacties)');
    expect(nl).toContain('• Onderwijs: 7');
    // Childcare (2) is hidden, and municipality with it, so 7 people stay hidden together.
    expect(nl).not.toMatch(/Gemeente|Kinderopvang/);
    expect(nl).toContain('2 groepen zijn te klein');
    expect(nl).toContain('minstens 5 reacties');
    expect(nl).not.toContain('Per domein (middenwaarde)');
    const en = post(answers, 'en');
    expect(en).toContain('By domain (number of responses)');
    expect(en).toContain('• Education: 7');
    expect(en).toContain('at least 5 responses');
  });

  it('shows medians when every combination holds k or more', () => {
    const answers = [...people(5, 1, { domain: 'education', orgLevel: 'execution' }), ...people(5, 3, { domain: 'municipality', orgLevel: 'execution' })];
    const nl = post(answers);
    const label = (l: Level) => testContent().levels[l].text.nl.label;
    expect(nl).toContain('Per domein (middenwaarde)');
    expect(nl.toLowerCase()).toContain(`• onderwijs: ${label(1).toLowerCase()} (5)`);
    expect(nl.toLowerCase()).toContain(`• gemeente: ${label(3).toLowerCase()} (5)`);
    expect(nl).not.toContain('minstens 5 reacties');
    expect(nl).not.toContain('aantal reacties');
  });
});
