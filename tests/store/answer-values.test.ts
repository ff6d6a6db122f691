/**
 * How a closed answer's agreement ratings are written to the archive: JSON when it rated
 * at least one agreement, NULL otherwise — so "rated none" is one value, never also "{}".
 */
import { expect, it } from 'vitest';
import { agreementRatingsValue } from '../../src/store/sqlite/answers.ts';

it('writes agreement ratings as JSON only when there is at least one', () => {
  expect(agreementRatingsValue({ level: 2, ratings: {} })).toBeNull();
  expect(agreementRatingsValue({ level: 2, ratings: {}, agreementRatings: {} })).toBeNull();
  expect(agreementRatingsValue({ level: 2, ratings: {}, agreementRatings: { a1: 'yes' } })).toBe('{"a1":"yes"}');
});
