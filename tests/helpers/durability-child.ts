/**
 * Child process for the durability test: records answers into an open round's linkage
 * as fast as it can and prints each token once its put has resolved (is durable). The
 * parent kills it with SIGKILL somewhere in the middle.
 */
import { participationToken } from '../../src/app/tokens.ts';
import { openLinkageStore } from '../../src/store/linkage/index.ts';

const [dir, roundId] = process.argv.slice(2);
if (!dir || !roundId) throw new Error('usage: durability-child <linkage dir> <round id>');
const linkage = openLinkageStore(dir);
const secret = await linkage.secret(roundId);
if (!secret) throw new Error('round is not open');

for (let i = 0; ; i += 1) {
  const token = participationToken(secret, { platform: 'slack', workspace: 'T1', user: `U${i}` });
  await linkage.put(roundId, token, { kind: 'form', answer: { level: ((i % 4) + 1) as 1 | 2 | 3 | 4, ratings: { ambition: 3 }, comment: `answer ${i}` } });
  process.stdout.write(`${token}\n`);
}
