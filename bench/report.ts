/**
 * Printing benchmark figures: every figure beside its baseline, measured in the same
 * run, and their ratio, and the machine's load average when it was taken (the bench
 * often shares its cores: a figure under load is a floor, not the bot's speed). Also
 * percentiles and a tiny timing helper.
 */
import { readFileSync } from 'node:fs';

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  target?: string;
  /** The 1-minute load average when the figure was recorded. */
  load?: number;
}

export const figures: Figure[] = [];

/** The machine's 1-minute load average (Linux), NaN elsewhere. */
export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

export function record(figure: Figure): void {
  figure.load ??= loadAverage();
  figures.push(figure);
  const ratio = figure.baseline ? `  ratio ${(figure.value / figure.baseline.value).toFixed(2)}× vs ${figure.baseline.name} (${fmt(figure.baseline.value)} ${figure.unit})` : '';
  const target = figure.target ? `  [target ${figure.target}]` : '';
  process.stdout.write(`  ${figure.name.padEnd(46)} ${fmt(figure.value).padStart(10)} ${figure.unit}${ratio}${target}  (load ${figure.load.toFixed(2)})\n`);
}

export function section(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function rssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}
