/**
 * A bot process that dies at the worst moment of closing or erasing: killed (SIGKILL)
 * right after the archive committed — before the round's linkage is destroyed (close),
 * or before the archive is compacted (erase).
 */
import { createUseCases } from '../../src/app/index.ts';
import { loadContent } from '../../src/content/load.ts';
import type { Platform } from '../../src/core/network.ts';
import { openStores } from '../../src/store/index.ts';
import { cryptoRandom } from '../../src/system.ts';
import { fixedClock } from '../helpers/clock.ts';
import { fakeChat, type FakeChat } from '../helpers/fake-chat.ts';

const [path, mode, target, now] = process.argv.slice(2) as [string, 'close' | 'erase', string, string];
const { store, linkage } = openStores(path);
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};
const useCases = createUseCases({
  store: mode === 'erase' ? { ...store, compact: async () => die() } : store,
  linkage: mode === 'close' ? { ...linkage, destroy: async () => die() } : linkage,
  chat: new Map<Platform, FakeChat>([['slack', fakeChat('slack')]]),
  content: loadContent(),
  clock: fixedClock(now),
  random: cryptoRandom,
  log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  publicBaseUrl: 'http://localhost:3978',
});
if (mode === 'close') await useCases.closeRound(target);
else await useCases.erase({ platform: 'slack', workspace: 'T0TEAM', channel: target }, { platform: 'slack', workspace: 'T0TEAM', user: 'U0COORD' });
process.stdout.write('survived\n');
