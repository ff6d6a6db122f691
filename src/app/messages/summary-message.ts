/**
 * The on-demand summary for coordinators: the latest closed round as in its results
 * post (without comments), then the series of the last rounds, one line each with a
 * stacked emoji bar. Hidden rounds appear only as "too few responses (n of k)".
 */
import type { Attachment, Block, ChatMessage } from '../../core/message.ts';
import { inert } from '../../core/inert-text.ts';
import type { ShownResult, Suggestion, Trend, TrendPoint } from '../../core/result.ts';
import { LEVELS } from '../../core/scale.ts';
import { BAR_SLOTS, formatMonth, levelEmoji, levelLabel, nearestLevel, texts, type Texts } from './format.ts';
import type { MessageContext } from './format.ts';
import { distributionTally, medianTrendText, spreadText, suggestionBlocks, tooFewText, verdict } from './results-message.ts';

export interface SummaryInput {
  networkName: string;
  networkId: string;
  trend: Trend;
  suggestions: Suggestion[];
  /** Show the "post to channel" button (the private, ephemeral version). */
  withPostButton: boolean;
  chart?: Attachment;
}

/** Every level's share of BAR_SLOTS slots, in level order: 🟢🟢🟢🟡🟡🟠▫️… */
export function stackedBar(x: Texts, result: ShownResult): string {
  let out = '';
  let used = 0;
  for (const level of LEVELS) {
    const slots = Math.min(BAR_SLOTS - used, Math.round(result.shares[level] * BAR_SLOTS));
    out += levelEmoji(x.content, level).repeat(slots);
    used += slots;
  }
  return out + '▫️'.repeat(BAR_SLOTS - used);
}

export function seriesLine(x: Texts, point: TrendPoint): string {
  const month = formatMonth(point.closedAt, x);
  const r = point.result;
  if (!r.shown) return x.tx('summary.line_hidden', { month, text: tooFewText(x, r.n, r.k) });
  return x.tx('summary.line', { month, bar: stackedBar(x, r), label: levelLabel(x.content, x.lang, nearestLevel(r.median)), n: r.n });
}

export function summaryMessage(ctx: MessageContext, input: SummaryInput): ChatMessage {
  const x = texts(ctx);
  const title = x.tx('summary.title', { name: inert(input.networkName) });
  const latest = input.trend.latest;
  const blocks: Block[] = [{ kind: 'heading', text: title }];
  let headline = x.tx('summary.none');
  if (latest) {
    const r = latest.result;
    blocks.push({ kind: 'context', text: x.tx('summary.latest', { month: formatMonth(latest.closedAt, x) }) });
    if (r.shown) {
      headline = verdict(x, r, input.suggestions);
      blocks.push({ kind: 'paragraph', text: headline }, distributionTally(x, r), { kind: 'paragraph', text: medianTrendText(x, r.median, input.trend) });
      const spread = spreadText(x, input.suggestions);
      if (spread) blocks.push({ kind: 'paragraph', text: spread });
    } else {
      headline = tooFewText(x, r.n, r.k);
      blocks.push({ kind: 'paragraph', text: headline });
    }
  }
  if (input.chart) blocks.push({ kind: 'image', imageId: input.chart.id, alt: input.chart.alt });
  if (input.trend.points.length > 1) {
    const lines = input.trend.points.map((p) => seriesLine(x, p));
    blocks.push({ kind: 'divider' }, { kind: 'subheading', text: x.tx('summary.series', { count: input.trend.points.length }) }, { kind: 'list', items: lines });
  }
  if (latest && input.suggestions.length > 0) blocks.push({ kind: 'divider' }, ...suggestionBlocks(x, input.suggestions, latest.roundId));
  if (input.withPostButton) {
    blocks.push({ kind: 'actions', buttons: [{ actionId: 'post_summary', label: x.tx('summary.post_button'), value: input.networkId, style: 'primary' }] });
  }
  const message: ChatMessage = { text: `${title}\n${headline}`, blocks };
  if (input.chart) message.attachments = [input.chart];
  return message;
}
