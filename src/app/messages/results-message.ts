/**
 * The results post at close: a one-line verdict, the distribution as emoji bars with
 * counts and percentages, the median and its trend, statement averages, group figures,
 * the spread warning, the top three suggestions, the conversation prompt and the
 * comments. Below k it says only that there were too few answers (promise 4): no
 * label, share or figure of any kind can leak from a hidden round.
 */
import type { Prompt } from '../../content/schema.ts';
import { prevailingLevel } from '../../core/aggregate.ts';
import { inert } from '../../core/inert-text.ts';
import type { Attachment, Block, ChatMessage } from '../../core/message.ts';
import { GROUP_DIMENSIONS, type RoundResult, type ShownResult, type Suggestion, type Trend } from '../../core/result.ts';
import { LEVELS, type Level } from '../../core/scale.ts';
import { arrow, directionArrow, keyPart, emojiBar, formatDate, formatDecimal, formatPercent, levelEmoji, levelLabel, levelName, nearestLevel, sanitizeComment, texts, type MessageContext, type Texts } from './format.ts';
import { groupLabel, statementLabel, suggestionText } from './reason.ts';

export const TOP_SUGGESTIONS = 3;

export interface ResultsInput {
  networkName: string;
  roundId: string;
  openedAt: Date | null;
  closedAt: Date;
  result: RoundResult;
  /** Trend over closed rounds up to and including this one. */
  trend: Trend;
  /** Every suggestion for this round, best first. */
  suggestions: Suggestion[];
  prompt: Prompt | undefined;
  /** The trend chart, when one was rendered. */
  chart?: Attachment;
}

/** The title and the one-line "too few answers" text: all a hidden round ever shows. */
export function tooFewText(ctx: MessageContext, n: number, k: number): string {
  return texts(ctx).tx('results.too_few', { n, k });
}

/** "De temperatuur stijgt: 4 van 9 kozen *onenigheid*, vorige keer 1." */
export function verdict(x: Texts, result: ShownResult, trend: Trend): string {
  const previous = trend.previous?.result.shown ? trend.previous.result : undefined;
  let level: Level = prevailingLevel(result.counts);
  if (previous && trend.direction === 'rising') {
    const rose = LEVELS.filter((l) => result.counts[l] > previous.counts[l]);
    level = rose.at(-1) ?? level;
  } else if (previous && trend.direction === 'falling') {
    const rose = LEVELS.filter((l) => result.counts[l] > previous.counts[l]);
    level = rose[0] ?? level;
  }
  const params = {
    count: result.counts[level],
    n: result.n,
    label: levelName(x.content, x.lang, level),
    previousCount: previous?.counts[level] ?? 0,
  };
  if (!previous || trend.direction === 'unknown') return x.tx('results.verdict.first', params);
  return x.tx(`results.verdict.${trend.direction}`, params);
}

export function distributionLines(x: Texts, result: ShownResult): string {
  return LEVELS.map((level) => {
    const emoji = levelEmoji(x.content, level);
    const label = levelLabel(x.content, x.lang, level);
    return x.tx('results.level_line', {
      emoji,
      label,
      bar: emojiBar(result.shares[level], emoji),
      count: result.counts[level],
      percent: formatPercent(result.shares[level]),
    });
  }).join('\n');
}

export function medianText(x: Texts, median: number): string {
  if (Number.isInteger(median)) return x.tx('results.median', { label: levelName(x.content, x.lang, nearestLevel(median)), value: formatDecimal(median, x.lang) });
  return x.tx('results.median_between', {
    low: levelName(x.content, x.lang, nearestLevel(Math.floor(median))),
    high: levelName(x.content, x.lang, nearestLevel(Math.ceil(median))),
    value: formatDecimal(median, x.lang),
  });
}

export function trendText(x: Texts, trend: Trend): string {
  const previous = trend.previous;
  if (!previous) return x.tx('results.trend.first');
  if (!previous.result.shown || trend.medianDelta === null) return x.tx('results.trend.previous_hidden');
  const direction = trend.direction === 'unknown' ? 'steady' : trend.direction;
  return x.tx(`results.trend.${direction}`, {
    arrow: directionArrow(direction),
    previous: formatDecimal(previous.result.median, x.lang),
  });
}

function statementLines(x: Texts, result: ShownResult, trend: Trend): string | undefined {
  if (result.statements.length === 0) return undefined;
  const previous = trend.previous?.result.shown ? trend.previous.result : undefined;
  const lines = result.statements.map((s) => {
    const before = previous?.statements.find((p) => p.id === s.id);
    const change = before ? ` ${arrow(Math.round((s.mean - before.mean) * 10) / 10)}` : '';
    return x.tx('results.statement_line', { label: statementLabel(x, s.id), mean: formatDecimal(s.mean, x.lang), n: s.n }) + change;
  });
  return `*${x.tx('results.statements')}*\n${lines.join('\n')}`;
}

function groupBlocks(x: Texts, result: ShownResult): Block[] {
  const blocks: Block[] = [];
  let countsOnly = false;
  for (const dimension of GROUP_DIMENSIONS) {
    const { shown, hidden } = result.groups[dimension];
    if (shown.length === 0) continue;
    const medians = shown.flatMap((g) => (g.median === undefined ? [] : [{ group: g.group, median: g.median }]));
    // Medians come for every group or for none (see groupFigures in core).
    const withMedians = medians.length === shown.length;
    countsOnly ||= !withMedians;
    const lines = shown.map((g) =>
      g.median === undefined
        ? x.tx('results.group_line_count', { label: groupLabel(x, g.group), n: g.n })
        : x.tx('results.group_line', { label: groupLabel(x, g.group), level: levelName(x.content, x.lang, nearestLevel(g.median)), median: formatDecimal(g.median, x.lang), n: g.n }),
    );
    if (hidden > 0) lines.push(x.tx('results.groups_hidden', { count: hidden }));
    const sorted = [...medians].sort((a, b) => b.median - a.median);
    const high = sorted[0];
    const low = sorted.at(-1);
    if (high && low && high.median - low.median >= 1) {
      lines.push(x.tx('results.groups_differ', { high: groupLabel(x, high.group), low: groupLabel(x, low.group) }));
    }
    const heading = withMedians ? `results.groups.${keyPart(dimension)}` : `results.groups_count.${keyPart(dimension)}`;
    blocks.push({ kind: 'paragraph', text: `*${x.tx(heading)}*\n${lines.join('\n')}` });
  }
  if (countsOnly) blocks.push({ kind: 'context', text: x.tx('results.groups_medians_withheld', { k: result.k }) });
  return blocks;
}

export function spreadText(x: Texts, result: ShownResult): string | undefined {
  if (!result.spread.wide) return undefined;
  return x.tx('results.spread_wide', {
    minLabel: levelName(x.content, x.lang, result.spread.min),
    maxLabel: levelName(x.content, x.lang, result.spread.max),
  });
}

export function suggestionBlocks(x: Texts, suggestions: Suggestion[], roundId: string, limit = TOP_SUGGESTIONS): Block[] {
  if (suggestions.length === 0) return [];
  const blocks: Block[] = [{ kind: 'paragraph', text: `*${x.tx('results.suggestions')}*` }];
  suggestions.slice(0, limit).forEach((s, i) => {
    const { text, source } = suggestionText(x, s);
    blocks.push({ kind: 'paragraph', text: `${i + 1}. ${text}` }, { kind: 'context', text: source });
  });
  blocks.push({ kind: 'actions', buttons: [{ actionId: 'more_interventions', label: x.tx('results.more_interventions'), value: roundId }] });
  return blocks;
}

export function promptBlocks(x: Texts, prompt: Prompt | undefined): Block[] {
  if (!prompt) return [];
  const text = prompt.text[x.lang];
  return [
    { kind: 'paragraph', text: `*${x.tx('results.prompt')}*\n_${text.title}_\n${text.prompt}` },
    { kind: 'context', text: x.tx('common.source', { source: prompt.source }) },
  ];
}

/** Slack caps a text block near 3000 characters; comments are split over blocks below that. */
export const BLOCK_TEXT_MAX = 2800;

function commentBlock(x: Texts, comments: string[]): Block[] {
  const shown = comments.map(sanitizeComment).filter((c) => c !== '').map((c) => `“${inert(c)}”`);
  if (shown.length === 0) return [];
  const blocks: Block[] = [];
  let text = `*${x.tx('results.comments')}*`;
  for (const comment of shown) {
    if (text.length + 1 + comment.length > BLOCK_TEXT_MAX) {
      blocks.push({ kind: 'paragraph', text });
      text = comment;
    } else {
      text += `\n${comment}`;
    }
  }
  blocks.push({ kind: 'paragraph', text });
  return blocks;
}

export function resultsMessage(ctx: MessageContext, input: ResultsInput): ChatMessage {
  const x = texts(ctx);
  const { result } = input;
  const title = x.tx('results.title', { name: inert(input.networkName) });
  const when = x.tx('results.when', { date: formatDate(input.closedAt, ctx) });
  if (!result.shown) {
    const tooFew = tooFewText(ctx, result.n, result.k);
    return { text: `${title}\n${tooFew}`, blocks: [{ kind: 'heading', text: title }, { kind: 'paragraph', text: tooFew }] };
  }
  const headline = verdict(x, result, input.trend);
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'paragraph', text: headline },
    { kind: 'context', text: `${when} · ${x.tx('results.n', { n: result.n })}` },
    { kind: 'paragraph', text: distributionLines(x, result) },
    { kind: 'paragraph', text: `${medianText(x, result.median)}\n${trendText(x, input.trend)}` },
  ];
  const attachments: Attachment[] = [];
  if (input.chart) {
    attachments.push(input.chart);
    blocks.push({ kind: 'image', imageId: input.chart.id, alt: input.chart.alt });
  }
  const spread = spreadText(x, result);
  if (spread) blocks.push({ kind: 'paragraph', text: spread });
  const statements = statementLines(x, result, input.trend);
  if (statements) blocks.push({ kind: 'paragraph', text: statements });
  blocks.push(...groupBlocks(x, result));
  const suggestions = suggestionBlocks(x, input.suggestions, input.roundId);
  if (suggestions.length > 0) blocks.push({ kind: 'divider' }, ...suggestions);
  const prompt = promptBlocks(x, input.prompt);
  if (prompt.length > 0) blocks.push({ kind: 'divider' }, ...prompt);
  blocks.push(...commentBlock(x, result.comments));
  const message: ChatMessage = { text: `${title}\n${headline}`, blocks };
  if (attachments.length > 0) message.attachments = attachments;
  return message;
}

/** The "more suggestions" reply: every suggestion for the round, with how to do it. */
export function interventionsMessage(ctx: MessageContext, input: { networkName: string; suggestions: Suggestion[]; result: RoundResult }): ChatMessage {
  const x = texts(ctx);
  const title = x.tx('interventions.title', { name: inert(input.networkName) });
  if (!input.result.shown) {
    const tooFew = tooFewText(ctx, input.result.n, input.result.k);
    return { text: tooFew, blocks: [{ kind: 'heading', text: title }, { kind: 'paragraph', text: tooFew }] };
  }
  if (input.suggestions.length === 0) {
    const none = x.tx('interventions.none');
    return { text: none, blocks: [{ kind: 'heading', text: title }, { kind: 'paragraph', text: none }] };
  }
  const blocks: Block[] = [{ kind: 'heading', text: title }];
  input.suggestions.forEach((s, i) => {
    const { text, source } = suggestionText(x, s, true);
    blocks.push({ kind: 'paragraph', text: `${i + 1}. ${text}` }, { kind: 'context', text: source });
  });
  return { text: title, blocks };
}
