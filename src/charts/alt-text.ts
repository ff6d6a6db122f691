/**
 * The chart's alt text: one paragraph that stands alone for screen readers. It names
 * only what the chart shows; a round below k is "too few answers", never a figure.
 */
import type { ChartInput } from './spec.ts';
import { MAX_ROUNDS } from './spec.ts';

export function altText(input: ChartInput): string {
  const points = input.points.slice(-MAX_ROUNDS);
  const { t } = input;
  const parts = [t('charts.alt.intro', { rounds: points.length })];
  const latest = points.at(-1);
  if (latest?.result.shown) {
    const r = latest.result;
    const shares = input.levels.map((l) => t('charts.alt.share', { label: l.label, count: r.counts[l.level] })).join(', ');
    parts.push(t('charts.alt.latest', { label: latest.label, n: r.n, shares }));
  } else if (latest) {
    parts.push(t('charts.alt.latest_hidden', { label: latest.label }));
  }
  const hidden = points.filter((p) => !p.result.shown).map((p) => p.label);
  if (hidden.length > 0) parts.push(t('charts.alt.hidden', { labels: hidden.join(', ') }));
  const shown = points.filter((p) => p.result.shown);
  const first = shown[0]?.result;
  const last = shown.at(-1)?.result;
  if (first?.shown && last?.shown && shown.length >= 2) {
    const key = last.median > first.median ? 'charts.alt.rising' : last.median < first.median ? 'charts.alt.falling' : 'charts.alt.steady';
    parts.push(t(key, { from: first.median, to: last.median }));
  }
  return parts.join(' ');
}
