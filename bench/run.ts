/**
 * `npm run bench`: speed and memory, each figure beside a baseline measured in the
 * same run. Not part of `npm test`. Everything runs on loopback against local fakes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRecording } from './recording.ts';
import { figures, record, rssMb, section } from './report.ts';
import { benchSummaries } from './summaries.ts';

const dir = mkdtempSync(join(tmpdir(), 'thermometer-bench-'));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);

try {
  process.stdout.write(`Partnership Thermometer benchmark — node ${process.version}, ${new Date().toISOString()}\n`);
  const idle = rssMb();
  if (wanted('recording')) await benchRecording(dir);
  if (wanted('summaries')) await benchSummaries(dir);
  section('Memory');
  record({ section: 'memory', name: 'RSS at start', value: idle, unit: 'MB' });
  record({ section: 'memory', name: 'RSS after the runs above', value: rssMb(), unit: 'MB', baseline: { name: 'at start', value: idle } });
  process.stdout.write(`\n${figures.length} figures.\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
