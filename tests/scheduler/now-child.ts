/**
 * One bot process typing `/thermometer now`: opens the given database, waits for the
 * agreed instant (so two of these race for real), opens a round and reports what
 * happened and how many messages it posted.
 */
import { createUseCases } from '../../src/app/index.ts';
import { loadContent } from '../../src/content/load.ts';
import { isDomainError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/ports.ts';
import { openStores } from '../../src/store/index.ts';
import { cryptoRandom, systemClock } from '../../src/system.ts';
import { fakeChat } from '../helpers/fake-chat.ts';

const [path, startAt, workspace, channel, user] = process.argv.slice(2) as [string, string, string, string, string];
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const { store, linkage } = openStores(path);
const chat = fakeChat('slack');
const useCases = createUseCases({ store, linkage, chat: new Map([['slack', chat]]), content: loadContent(), clock: systemClock, random: cryptoRandom, log: quiet, publicBaseUrl: 'http://localhost' });

const start = Number(startAt);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now() - 20)));
while (Date.now() < start) {
  // Spin the last milliseconds so both processes start together.
}
let outcome: string;
try {
  await useCases.openRoundNow({ platform: 'slack', workspace, channel }, { platform: 'slack', workspace, user });
  outcome = 'opened';
} catch (error) {
  outcome = isDomainError(error) ? error.code : `crash: ${error instanceof Error ? error.message : String(error)}`;
}
process.stdout.write(`${JSON.stringify({ outcome, posts: chat.posts.length })}\n`);
await store.close();
await linkage.close();
