/**
 * `npm run bench`: speed and memory, each figure beside a baseline measured in the same
 * run. Not part of `npm test`. Everything runs on loopback against local fakes.
 *
 *   npm run bench                      all sections, 20 s per click rate
 *   npm run bench -- clicks --seconds 5   one section, shorter
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChartRenderer } from '../src/charts/index.ts';
import { loadContent } from '../src/content/load.ts';
import { benchSlackClicks, benchTeamsClicks } from './clicks.ts';
import { benchCompaction } from './compaction.ts';
import { benchRecording } from './recording.ts';
import { figures, record, rssMb, section } from './report.ts';
import { benchScheduler } from './scheduler.ts';
import { benchSummaries } from './summaries.ts';

const args = process.argv.slice(2);
const secondsAt = args.indexOf('--seconds');
const seconds = secondsAt >= 0 ? Number(args[secondsAt + 1]) : 20;
const only = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--seconds');
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
const dir = mkdtempSync(join(tmpdir(), 'thermometer-bench-'));

try {
  process.stdout.write(`Partnership Thermometer benchmark — node ${process.version}, ${new Date().toISOString()}\n`);
  const idle = rssMb();
  if (wanted('recording')) await benchRecording(dir);
  if (wanted('compaction')) await benchCompaction(dir);
  if (wanted('summaries')) await benchSummaries(dir, createChartRenderer(loadContent()));
  if (wanted('scheduler')) await benchScheduler(dir);
  if (wanted('clicks')) {
    await benchSlackClicks(seconds);
    await benchTeamsClicks(seconds);
  }
  section('Memory (this process)');
  record({ section: 'memory', name: 'RSS at start', value: idle, unit: 'MB' });
  record({ section: 'memory', name: 'RSS after the runs above', value: rssMb(), unit: 'MB', baseline: { name: 'at start', value: idle } });
  process.stdout.write(`\n${figures.length} figures.\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
