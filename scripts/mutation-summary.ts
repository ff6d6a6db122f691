/**
 * The short text summary `npm run mutate` ends with: per mutated file how many mutants
 * the tests killed and how many survived, the score without the mutants marked
 * equivalent (Stryker's "Ignored", each with its reason next to the code), and one line
 * per survivor. Reads the JSON report Stryker writes (mutation-testing-report-schema);
 * the HTML report next to it shows the same survivors in their source.
 *
 * Exits non-zero when a file scores below MIN_SCORE, so the run says plainly when a test
 * is missing.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const REPORT = 'reports/mutation/mutation.json';
const MIN_SCORE = 90;

const position = z.object({ line: z.number(), column: z.number() });
const mutant = z.object({
  mutatorName: z.string(),
  replacement: z.string().optional(),
  status: z.enum(['Killed', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Timeout', 'Ignored', 'Pending']),
  statusReason: z.string().optional(),
  location: z.object({ start: position, end: position }),
});
const report = z.object({ files: z.record(z.string(), z.object({ source: z.string(), mutants: z.array(mutant) })) });
type Mutant = z.infer<typeof mutant>;

/** The source text a mutant replaced, on one line and cut short. */
function original(source: string, m: Mutant): string {
  const lines = source.split('\n');
  const { start, end } = m.location;
  const text =
    start.line === end.line
      ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
      : [(lines[start.line - 1] ?? '').slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join(' ');
  return short(text);
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

function main(): void {
  const { files } = report.parse(JSON.parse(readFileSync(REPORT, 'utf8')));
  const rows: string[][] = [['file', 'killed', 'timeout', 'survived', 'no cover', 'equivalent', 'score']];
  const survivors: string[] = [];
  let low = 0;
  const totals = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 };
  for (const [path, file] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const count = (status: Mutant['status']) => file.mutants.filter((m) => m.status === status).length;
    const killed = count('Killed');
    const timeout = count('Timeout');
    const survived = count('Survived');
    const noCoverage = count('NoCoverage');
    const ignored = count('Ignored');
    const valid = killed + timeout + survived + noCoverage;
    if (valid === 0 && ignored === 0) continue;
    const score = valid === 0 ? 100 : ((killed + timeout) / valid) * 100;
    if (score < MIN_SCORE) low += 1;
    rows.push([path, String(killed), String(timeout), String(survived), String(noCoverage), String(ignored), `${score.toFixed(1)}%`]);
    Object.assign(totals, { killed: totals.killed + killed, timeout: totals.timeout + timeout, survived: totals.survived + survived, noCoverage: totals.noCoverage + noCoverage, ignored: totals.ignored + ignored });
    for (const m of file.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const where = `${path}:${m.location.start.line}:${m.location.start.column}`;
      survivors.push(`${where} ${m.status === 'NoCoverage' ? '(no coverage) ' : ''}${m.mutatorName}: ${original(file.source, m)} -> ${short(m.replacement ?? '')}`);
    }
  }
  const valid = totals.killed + totals.timeout + totals.survived + totals.noCoverage;
  rows.push(['all', String(totals.killed), String(totals.timeout), String(totals.survived), String(totals.noCoverage), String(totals.ignored), `${(((totals.killed + totals.timeout) / Math.max(valid, 1)) * 100).toFixed(1)}%`]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\nMutation score per file (equivalent mutants excluded; at least ${MIN_SCORE}% wanted):\n`);
  for (const r of rows) console.log(line(r));
  console.log(survivors.length === 0 ? '\nNo surviving mutants.' : `\nSurviving mutants (${survivors.length}):\n${survivors.join('\n')}`);
  console.log(`\nFull report: reports/mutation/index.html`);
  if (low > 0) process.exitCode = 1;
}

main();
