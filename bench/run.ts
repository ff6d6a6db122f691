/**
 * `npm run bench`: speed and memory, each figure beside a baseline measured in the same
 * run, with the machine's load average when it was taken. Not part of `npm test`.
 * Everything runs on loopback against local fakes. Scenarios run one by one, so each
 * can be rerun alone on a quiet machine:
 *
 *   npm run bench                                   every scenario
 *   npm run bench -- clicks                         clicks on both platforms, 200/500/1,000 per s, 20 s each
 *   npm run bench -- clicks-slack --seconds 5       one platform, shorter
 *   npm run bench -- clicks-teams --rates 1000      one platform, one rate
 *   npm run bench -- knee --knee-seconds 10         step the rate up until errors or p99 > 100 ms (5 s steps by default)
 *   npm run bench -- startup                        the compiled bot's start-up time and idle RSS
 *   npm run bench -- recording compaction summaries scheduler
 *   npm run bench -- postgres --seconds 5           PostgreSQL next to SQLite (needs the PostgreSQL server binaries)
 *
 * The click scenarios run the compiled bot (`npm run build` first after changing src/);
 * BENCH_CPU_PROFILE_DIR=dir makes it write CPU profiles there, to see where a click's time goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPlatformClicks, benchPlatformKnee } from './clicks.ts';
import { benchCompaction } from './compaction.ts';
import { benchPostgres } from './postgres.ts';
import { benchRecording } from './recording.ts';
import { figures, fmt, loadAverage, record, rssMb, section } from './report.ts';
import { benchScheduler } from './scheduler.ts';
import { benchStartup } from './startup.ts';
import { benchSummaries } from './summaries.ts';

const SCENARIOS = ['recording', 'compaction', 'summaries', 'scheduler', 'clicks-slack', 'clicks-teams', 'knee-slack', 'knee-teams', 'startup', 'postgres'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** Names that stand for several scenarios. */
const GROUPS: Record<string, readonly Scenario[]> = { clicks: ['clicks-slack', 'clicks-teams'], knee: ['knee-slack', 'knee-teams'] };

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const seconds = Number(option('--seconds') ?? 20);
const kneeSeconds = Number(option('--knee-seconds') ?? 5);
const rates = option('--rates')
  ?.split(',')
  .map(Number)
  .filter((n) => n > 0);
const named = args.filter((a, i) => !a.startsWith('-') && !(args[i - 1] ?? '').startsWith('--'));
const unknown = named.filter((n) => !(SCENARIOS as readonly string[]).includes(n) && !(n in GROUPS));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario ${unknown.join(', ')}; choose from ${[...SCENARIOS, ...Object.keys(GROUPS)].join(', ')}\n`);
  process.exit(2);
}
const chosen = new Set<Scenario>(named.length === 0 ? SCENARIOS : named.flatMap((n) => GROUPS[n] ?? [n as Scenario]));
const dir = mkdtempSync(join(tmpdir(), 'thermometer-bench-'));

const runs: Record<Scenario, () => Promise<void>> = {
  recording: () => benchRecording(dir),
  compaction: () => benchCompaction(dir),
  summaries: async () => {
    // Loaded here, on first use, as the bot does: the chart libraries are heavy.
    const [{ createChartRenderer }, { loadContent }] = await Promise.all([import('../src/charts/index.ts'), import('../src/content/load.ts')]);
    await benchSummaries(dir, createChartRenderer(loadContent()));
  },
  scheduler: () => benchScheduler(dir),
  'clicks-slack': () => benchPlatformClicks('slack', seconds, rates),
  'clicks-teams': () => benchPlatformClicks('teams', seconds, rates),
  'knee-slack': () => benchPlatformKnee('slack', kneeSeconds),
  'knee-teams': () => benchPlatformKnee('teams', kneeSeconds),
  startup: () => benchStartup(),
  postgres: () => benchPostgres(dir, seconds),
};

try {
  process.stdout.write(`Partnership Thermometer benchmark — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}, load ${loadAverage().toFixed(2)}\n`);
  const idle = rssMb();
  for (const scenario of SCENARIOS) if (chosen.has(scenario)) await runs[scenario]();
  section('Memory (the benchmark process itself)');
  record({ section: 'memory', name: 'bench process RSS after the runs above', value: rssMb(), unit: 'MB', baseline: { name: 'at its start', value: idle } });
  process.stdout.write(`\n${figures.length} figures. As a table:\n\n| figure | value | baseline | ratio | load |\n| --- | --- | --- | --- | --- |\n`);
  for (const f of figures) {
    const base = f.baseline ? `${fmt(f.baseline.value)} ${f.unit} (${f.baseline.name})` : '';
    const ratio = f.baseline ? `${(f.value / f.baseline.value).toFixed(2)}×` : '';
    process.stdout.write(`| ${f.name} | ${fmt(f.value)} ${f.unit} | ${base} | ${ratio} | ${(f.load ?? Number.NaN).toFixed(2)} |\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
