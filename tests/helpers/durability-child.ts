/**
 * Child process for the durability test: records answers into an open round as fast
 * as it can and prints each answer's id once its transaction has committed. The parent
 * kills it with SIGKILL somewhere in the middle.
 */
import { newId, participationToken } from '../../src/app/tokens.ts';
import { openStore } from '../../src/store/index.ts';
import { seededRandom } from './random.ts';

const [path, roundId, seedText] = process.argv.slice(2);
if (!path || !roundId) throw new Error('usage: durability-child <db path> <round id> <seed>');
const store = openStore(path);
const random = seededRandom(Number(seedText ?? 1));
const secret = store.rounds.secret(roundId);
if (!secret) throw new Error('round is not open');

for (let i = 0; ; i += 1) {
  const id = newId(random);
  const token = participationToken(secret, { platform: 'slack', workspace: 'T1', user: `U${i}` });
  store.answers.insert(roundId, token, { id, answer: { level: ((i % 4) + 1) as 1 | 2 | 3 | 4, ratings: { ambition: 3 }, comment: `answer ${i}` } });
  process.stdout.write(`${id}\n`);
}
