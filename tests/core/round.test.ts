/** When a round takes answers: only while open, and only before its closing instant. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { acceptsAnswers, assertAcceptsAnswers, type Round, type RoundStatus } from '../../src/core/round.ts';

const closesAt = new Date('2026-03-10T08:00:00Z');
const round = (status: RoundStatus): Round => ({
  id: 'r1',
  networkId: 'n1',
  status,
  instrument: 'thermometer',
  k: 5,
  opensAt: new Date('2026-03-03T08:00:00Z'),
  closesAt,
  remindAt: null,
  openedAt: status === 'scheduled' ? null : new Date('2026-03-03T08:00:00Z'),
  closedAt: null,
});
const ms = (offset: number) => new Date(closesAt.getTime() + offset);

describe('acceptsAnswers', () => {
  it('takes an answer up to the last millisecond before the close, not at the closing instant', () => {
    expect(acceptsAnswers(round('open'), ms(-1))).toBe(true);
    expect(acceptsAnswers(round('open'), ms(0))).toBe(false);
    expect(acceptsAnswers(round('open'), ms(1))).toBe(false);
    expect(() => assertAcceptsAnswers(round('open'), ms(-1))).not.toThrow();
    expect(() => assertAcceptsAnswers(round('open'), ms(0))).toThrow(expect.objectContaining({ code: 'round_not_open' }));
  });

  it('takes none while a round is planned, closed or skipped, whatever the time', () => {
    for (const status of ['scheduled', 'closed', 'skipped'] as const) {
      expect(acceptsAnswers(round(status), ms(-86_400_000))).toBe(false);
      expect(() => assertAcceptsAnswers(round(status), ms(-1))).toThrow(DomainError);
    }
  });
});
