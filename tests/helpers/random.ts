/** A seeded Random for tests; the same generator the demo uses. */
export { seededRandom } from '../../src/seeded-random.ts';
