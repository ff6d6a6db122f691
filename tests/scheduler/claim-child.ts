/**
 * A scheduler process that dies at the worst moment: it claims the job of opening a
 * round and is killed (SIGKILL) before it posts anything.
 */
import { openStore } from '../../src/store/index.ts';

const [path, job, now] = process.argv.slice(2) as [string, string, string];
const store = openStore(path);
const at = new Date(now);
const claimed = await store.leases.claim(job, 'doomed-process', at, new Date(at.getTime() + 120_000));
process.stdout.write(claimed ? 'claimed\n' : 'busy\n', () => process.kill(process.pid, 'SIGKILL'));
